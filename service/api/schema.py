"""The schema: the root `Query`, the guards against abusive queries, and error labelling and masking."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import suppress

import strawberry
from graphql import GraphQLError
from strawberry import Schema
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.types import ExecutionContext

from service.api.audit import AuditQuery, Subscription
from service.api.direct_fields import resolve_directly
from service.api.errors import LabelErrors, MaskUnexpectedErrors, log_errors
from service.api.lookups import LookupQuery
from service.api.mutation import Mutation
from service.api.resolvers import CoreQuery
from service.api.types import Unit

MAX_DEPTH = 12  # organization > roots > children > ... : deep enough for the real hierarchy and its sources
MAX_TOKENS = 2000  # the standard introspection query is under 200
MAX_ALIASES = 30


class SgbSchema(Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log expected errors in one line, and tracebacks only for bugs (strawberry logs every one)."""
        log_errors(errors)


# Extensions are passed as classes or factories: strawberry makes fresh instances per operation.
# The depth and alias limits are validation rules made once, here: QueryDepthLimiter and MaxAliasesLimiter
# make a new rule class per instance, i.e. per operation, and the rules are part of ValidationCache's key,
# so with fresh ones it never hit and every request was validated again (over half of a `unit` request).


class ParseOnce(ParserCache):
    """ParserCache, except that a query that does not parse is left to strawberry's own parse: in this
    hook its syntax error would escape the phase that labels it GRAPHQL_PARSE_FAILED."""

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        with suppress(GraphQLError):  # strawberry parses it again, and labels the error
            context.graphql_document = self.cached_parse_document(context.query, **context.parse_options)
        yield


@strawberry.type(description="The UN Secretariat's organisation as of any date, from its documents.")
class Query(CoreQuery, LookupQuery, AuditQuery):
    pass


_DEPTH_RULES = QueryDepthLimiter(max_depth=MAX_DEPTH).validation_rules
_ALIAS_RULES = MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules


def strawberry_schema() -> SgbSchema:
    """The schema as strawberry builds it, every field resolved through strawberry."""
    return SgbSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=[
            LabelErrors,
            MaskUnexpectedErrors,
            lambda: AddValidationRules(_DEPTH_RULES),
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            lambda: AddValidationRules(_ALIAS_RULES),
            ParseOnce,
            ValidationCache,
        ],
    )


schema = strawberry_schema()
resolve_directly(schema, Unit, ("name", "parent", "children", "valid_from_precision"))  # asked of every unit
