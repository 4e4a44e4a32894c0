"""The schema: the root `Query`, the guards against abusive queries, and error labelling and masking."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry import Schema
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter, ValidationCache
from strawberry.types import ExecutionContext

from service.api.audit import AuditQuery, Subscription
from service.api.errors import LabelErrors, MaskUnexpectedErrors, log_errors
from service.api.lookups import LookupQuery
from service.api.mutation import Mutation
from service.api.resolvers import CoreQuery

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
# ParserCache is left out on purpose: it parses inside its own hook, where a syntax error escapes the
# phase that labels it GRAPHQL_PARSE_FAILED.


@strawberry.type(description="The UN Secretariat's organisation as of any date, from its documents.")
class Query(CoreQuery, LookupQuery, AuditQuery):
    pass


schema = SgbSchema(
    query=Query,
    mutation=Mutation,
    subscription=Subscription,
    extensions=[
        LabelErrors,
        MaskUnexpectedErrors,
        lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        ValidationCache,
    ],
)
