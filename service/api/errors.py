"""Errors a person can act on, each labelled with `extensions.code`; anything unexpected is masked.

Codes (the Apollo conventions, understood by schemathesis and most clients):
- GRAPHQL_PARSE_FAILED: the query is not GraphQL (or has too many tokens);
- GRAPHQL_VALIDATION_FAILED: it asks for something the schema has not, or is too deep / has too many aliases;
- BAD_USER_INPUT: an argument or variable is wrong (a bad date, an unknown id, `from` after `to`, ...);
- INTERNAL_SERVER_ERROR: a bug; the message is masked and the traceback goes to the log only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator

from graphql import GraphQLError
from strawberry.extensions import MaskErrors, SchemaExtension

BAD_USER_INPUT = "BAD_USER_INPUT"
GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"

logger = logging.getLogger("sgb.api")


def user_input_error(message: str) -> GraphQLError:
    """An error to raise from a resolver when an argument is wrong."""
    return GraphQLError(message, extensions={"code": BAD_USER_INPUT})


def error_code(error: GraphQLError) -> str | None:
    code = (error.extensions or {}).get("code")
    return code if isinstance(code, str) else None


def is_expected(error: GraphQLError) -> bool:
    """An error about the request rather than a bug.

    That is: labelled, or found by graphql-core before any field ran (no `path`; a refused variable, say)
    and not caused by a plain exception (which, with no path, would be a crash outside the resolvers).
    """
    if error_code(error) is not None:
        return True
    cause = error.original_error
    return error.path is None and (cause is None or isinstance(cause, GraphQLError))


def _label(errors: Iterable[GraphQLError] | None, code_for: Callable[[GraphQLError], str | None]) -> None:
    for error in errors or ():
        code = code_for(error) if error_code(error) is None else None
        if code is not None:
            error.extensions = {**(error.extensions or {}), "code": code}


def _parse_code(error: GraphQLError) -> str:
    return GRAPHQL_PARSE_FAILED


# How graphql-core and strawberry's scalars word a literal argument they refuse ("2021-13-01" for a Date).
_BAD_LITERAL_MESSAGES = ("Value cannot represent", "Expected value of type")


def _validation_code(error: GraphQLError) -> str:
    # A literal a scalar refused is bad input, not a malformed query.
    if error.original_error is not None or error.message.startswith(_BAD_LITERAL_MESSAGES):
        return BAD_USER_INPUT
    return GRAPHQL_VALIDATION_FAILED


def _execution_code(error: GraphQLError) -> str | None:
    # No path: graphql-core refused the variables before running any field.
    return BAD_USER_INPUT if error.path is None else None


class LabelErrors(SchemaExtension):
    """Give every error about the request an `extensions.code`, by the phase that found it."""

    def on_parse(self) -> Iterator[None]:
        yield
        _label(self.execution_context.pre_execution_errors, _parse_code)

    def on_validate(self) -> Iterator[None]:
        yield
        _label(self.execution_context.pre_execution_errors, _validation_code)

    def on_execute(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        _label(getattr(result, "errors", None), _execution_code)


class MaskUnexpectedErrors(MaskErrors):
    """Hide the message of any error that is not expected (see `is_expected`): it would leak internals."""

    def __init__(self) -> None:
        super().__init__(
            should_mask_error=lambda error: not is_expected(error),
            error_message="Unexpected error. It has been logged.",
        )

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        masked.extensions = {"code": INTERNAL_SERVER_ERROR}
        return masked


def log_errors(errors: Iterable[GraphQLError]) -> None:
    """Expected errors in one line at INFO; a bug with its traceback at ERROR."""
    for error in errors:
        if is_expected(error):
            logger.info("GraphQL request refused: %s", error.message)
        else:
            logger.error("GraphQL error at %s: %s", error.path, error.message, exc_info=error.original_error)
