"""The hottest fields of the schema resolved by graphql-core directly, not through strawberry's resolver.

An organisation answer resolves `name` and `parent` of every unit in force (2,318 on a date at S10), and a
tree resolves `children` of each. Through strawberry each call costs an `Info`, the conversion of the
field's arguments (`name`'s `lang`, even from its default) and the chain its field extensions would run
in: on a slow machine session, 36 µs a `name`, half the GraphQL work of a cold `organization` answer.
These fields' resolvers are plain methods of the object they resolve on, and graphql-core already coerces
their arguments to what strawberry would pass them (an enum's member, or null), so the method itself
becomes graphql-core's resolver. A field whose resolver needs more than that is refused when the schema
is built.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeGuard

from graphql import GraphQLObjectType
from strawberry import Schema
from strawberry.schema.name_converter import NameConverter
from strawberry.types.base import StrawberryOptional, get_object_definition
from strawberry.types.enum import StrawberryEnumDefinition
from strawberry.types.field import StrawberryField


class NotDirectlyResolvableError(TypeError):
    """The field's resolver needs strawberry's own path (an Info, conversion of its arguments...)."""


def resolve_directly(schema: Schema, strawberry_type: type, field_names: Iterable[str]) -> None:
    """Have graphql-core call these fields' resolver methods itself (by their Python names)."""
    definition = get_object_definition(strawberry_type, strict=True)
    graphql_type = schema._schema.type_map[definition.name]  # strawberry's graphql-core schema
    assert isinstance(graphql_type, GraphQLObjectType)
    names = schema.config.name_converter
    fields = {field.python_name: field for field in definition.fields}
    for name in field_names:
        field = fields[name]
        graphql_type.fields[names.from_field(field)].resolve = _direct(field, names)


def _direct(field: StrawberryField, names: NameConverter) -> Callable[..., Any]:
    method = _plain_method(field, names)

    def resolve(source: Any, info: Any, **arguments: Any) -> Any:
        return method(source, **arguments)

    return resolve


def _plain_method(field: StrawberryField, names: NameConverter) -> Callable[..., Any]:
    """The resolver method, if graphql-core can call it as strawberry would."""
    resolver = field.base_resolver
    method = resolver.wrapped_func if resolver is not None else None
    problem = None
    if resolver is None:
        problem = "has no resolver"
    elif resolver.is_async or resolver.self_parameter is None or not _function(method):
        problem = "is not a synchronous method"
    elif resolver.info_parameter or resolver.root_parameter or resolver.parent_parameter:
        problem = "asks for the info, root or parent"
    elif field.permission_classes or field.extensions or field.directives:
        problem = "has permissions, extensions or directives"
    elif any(not _enum(a.type) or names.from_argument(a) != a.python_name for a in field.arguments):
        problem = "takes an argument other than an enum named as in Python"
    if problem is not None or not _function(method):
        raise NotDirectlyResolvableError(f"field {field.python_name!r} {problem}: strawberry must resolve it")
    return method


def _function(method: object) -> TypeGuard[Callable[..., Any]]:
    return callable(method) and not isinstance(method, staticmethod | classmethod)


def _enum(argument_type: object) -> bool:
    """An enum (or an optional one): graphql-core gives its member, as strawberry would."""
    if isinstance(argument_type, StrawberryOptional):
        argument_type = argument_type.of_type
    return isinstance(argument_type, StrawberryEnumDefinition)
