"""Which variables of a query its answer depends on only through the change point they fall in.

An as-of answer is the same on every day between two change points, except where a field echoes the date
itself. So an `asOf` variable may be replaced by its change point in a response cache's key when:

- every use of the variable is the `asOf` of a root field that answers from the organisation state
  (`AS_OF_ROOTS`), not some other argument (e.g. `status(asOf:)` of an issuance);
- no selected field reads the exact date (`EXACT_DATE_FIELDS`, e.g. `Organization.asOf`);
- the query asks about the present record only (no `asKnownAt`: change points differ per recorded time).

The analysis is made on the parsed document alone, once per (query, operation name).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from graphql import (
    FieldNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    TypeInfo,
    TypeInfoVisitor,
    VariableDefinitionNode,
    VariableNode,
    Visitor,
    parse,
    visit,
)
from graphql.language.visitor import SKIP

# (type, field) of the root fields whose whole answer is a function of the change point of their `asOf`
AS_OF_ROOTS = frozenset({("Query", "organization"), ("Query", "unit")})
AS_OF_ARGUMENT = "asOf"
KNOWN_AT_ARGUMENT = "asKnownAt"
# the fields under those roots that read the exact date, not its change point
EXACT_DATE_FIELDS = frozenset({("Organization", "asOf"), ("Organization", "inForce")})


@dataclass(frozen=True, slots=True)
class OperationShape:
    """What a response cache needs to know of one operation."""

    is_query: bool
    change_point_variables: frozenset[str]  # answer depends on these only through their change point


class _VariableUses(Visitor):
    def __init__(self, type_info: TypeInfo) -> None:
        super().__init__()
        self.type_info = type_info
        self.uses: dict[str, int] = {}
        self.as_of_uses: dict[str, int] = {}
        self.reads_exact_date = False
        self.asks_known_at = False

    def enter_variable_definition(self, node: VariableDefinitionNode, *_: Any) -> object:
        return SKIP  # `$d: Date!` declares the variable; it is not a use

    def enter_variable(self, node: VariableNode, *_: Any) -> None:
        name = node.name.value
        self.uses[name] = self.uses.get(name, 0) + 1

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        parent = self.type_info.get_parent_type()
        coordinate = (parent.name if parent else "", node.name.value)
        self.reads_exact_date |= coordinate in EXACT_DATE_FIELDS
        for argument in node.arguments or ():
            self.asks_known_at |= argument.name.value == KNOWN_AT_ARGUMENT
            if (
                coordinate in AS_OF_ROOTS
                and argument.name.value == AS_OF_ARGUMENT
                and isinstance(argument.value, VariableNode)
            ):
                name = argument.value.name.value
                self.as_of_uses[name] = self.as_of_uses.get(name, 0) + 1

    def change_point_variables(self) -> frozenset[str]:
        if self.reads_exact_date or self.asks_known_at:
            return frozenset()
        return frozenset(name for name, count in self.as_of_uses.items() if self.uses.get(name) == count)


def analyse(schema: GraphQLSchema, query: str, operation_name: str | None) -> OperationShape | None:
    """The operation's shape; None when the document does not parse or names no single operation (the
    GraphQL endpoint reports those itself)."""
    return _analyse(schema, query, operation_name)


@lru_cache(maxsize=512)
def _analyse(schema: GraphQLSchema, query: str, operation_name: str | None) -> OperationShape | None:
    try:
        document = parse(query)
    except GraphQLError:
        return None
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = [o for o in operations if operation_name is None or (o.name and o.name.value == operation_name)]
    if len(chosen) != 1:
        return None
    type_info = TypeInfo(schema)
    uses = _VariableUses(type_info)
    visit(document, TypeInfoVisitor(type_info, uses))
    return OperationShape(chosen[0].operation is OperationType.QUERY, uses.change_point_variables())
