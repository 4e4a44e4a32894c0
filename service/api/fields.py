"""`resolved_field`: `@strawberry.field(description=...)` with the resolver's types kept for mypy --strict.

(`strawberry.field(description=...)` used as a decorator is typed `Any`, which strict mypy refuses as an
untyped decorator; called with the resolver, as here, it is typed.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import strawberry

T = TypeVar("T")


def resolved_field(description: str) -> Callable[[Callable[..., T]], T]:
    """Declare a GraphQL field resolved by the decorated method, with a description shown in GraphiQL."""

    def declare(resolver: Callable[..., T]) -> T:
        declared: Any = strawberry.field(resolver, description=description)
        return declared  # type: ignore[no-any-return]

    return declare


def subscription_field(description: str) -> Callable[[Callable[..., T]], T]:
    """`@strawberry.subscription(description=...)`, typed like `resolved_field`."""

    def declare(resolver: Callable[..., T]) -> T:
        declared: Any = strawberry.subscription(resolver, description=description)
        return declared  # type: ignore[no-any-return]

    return declare
