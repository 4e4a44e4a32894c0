"""Relay-style connections: `edges { cursor node }`, `nodes`, `pageInfo` and `totalCount`, bounded `first`.

The cursor is an opaque offset into the ordered list the root field computed (base64 "sgb:<offset>").
`first` defaults to DEFAULT_FIRST and may not exceed MAX_FIRST; a bad `first` or cursor is BAD_USER_INPUT.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from typing import Annotated, Generic, TypeVar

import strawberry

from service.api.errors import user_input_error
from service.api.fields import resolved_field

DEFAULT_FIRST = 100
MAX_FIRST = 500
_PREFIX = "sgb:"

T = TypeVar("T")
V = TypeVar("V")

FirstArgument = Annotated[
    int | None,
    strawberry.argument(description=f"How many to return: 0 to {MAX_FIRST} (default {DEFAULT_FIRST})."),
]
AfterArgument = Annotated[
    str | None,
    strawberry.argument(description="Return those after this cursor (an `endCursor` or edge `cursor`)."),
]


@strawberry.type(description="Where a page stands in the whole list.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type(description="One item of a page, with the cursor to continue after it.")
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type(description="A page of a list: `nodes` (or `edges`), `pageInfo` and the `totalCount`.")
class Connection(Generic[T]):
    total_count: int = strawberry.field(description="How many there are in all pages together.")
    page_info: PageInfo
    edges: list[Edge[T]]

    @resolved_field("The items of this page (the edges' nodes).")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


def encode_cursor(offset: int) -> str:
    return base64.b64encode(f"{_PREFIX}{offset}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    """The offset a cursor stands for; BAD_USER_INPUT for anything this API did not hand out."""
    try:
        text = base64.b64decode(cursor.encode(), validate=True).decode()
        if text.startswith(_PREFIX) and (offset := int(text[len(_PREFIX) :])) >= 0:
            return offset
    except (binascii.Error, UnicodeError, ValueError):
        pass
    raise user_input_error(f"`after` is not a cursor this API handed out: {cursor!r}")


def check_first(first: int | None) -> int:
    if first is None:
        return DEFAULT_FIRST
    if not 0 <= first <= MAX_FIRST:
        raise user_input_error(f"`first` must be between 0 and {MAX_FIRST} (got {first}); page with `after`")
    return first


def paginate(
    items: Sequence[V], first: int | None, after: str | None, node: Callable[[V], T]
) -> Connection[T]:
    """A page of `items` (already filtered and ordered), each made into a node only if on the page."""
    count = check_first(first)
    start = decode_cursor(after) + 1 if after is not None else 0
    page = items[start : start + count]
    edges = [Edge(cursor=encode_cursor(start + i), node=node(item)) for i, item in enumerate(page)]
    info = PageInfo(
        has_next_page=start + len(page) < len(items),
        has_previous_page=start > 0,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return Connection(total_count=len(items), page_info=info, edges=edges)
