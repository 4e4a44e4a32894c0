"""Whole answers of read-only GraphQL requests, kept as the bytes sent.

Most of an `organization` answer's time is graphql-core walking some ten thousand fields, the same walk for
every date between two change points. So a successful answer is kept under a key of:

- the query text, the operation name and the variables, where an `asOf` variable the answer depends on only
  through its change point (`service.api.date_dependence`) is replaced by that change point;
- the projector position, read on every request: a newly projected event moves it, so a kept answer can
  never be served once something has been recorded after it. It is read once, and pinned for the rest of
  the request, so the answer kept under it is computed at it.

Answers with errors, mutations, subscriptions and GET requests are never kept. The cache is bounded by the
bytes it holds and drops the least recently used answer first.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

import orjson
from graphql import GraphQLSchema
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.api.date_dependence import analyse
from service.api.read_side import ReadSide

DEFAULT_MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class KeptAnswer:
    headers: list[tuple[bytes, bytes]]  # as the endpoint sent them: the same answer, byte for byte
    body: bytes


class AnswerKey(NamedTuple):
    query: str
    operation: str | None
    variables: tuple[tuple[str, Any], ...]  # sorted; a date read only through its change point, as one
    position: int


class ResponseCache:
    """Answers by key, the least recently used dropped first once over `max_bytes`.

    Used from the event loop only."""

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self.hits = self.misses = 0
        self._answers: OrderedDict[Hashable, KeptAnswer] = OrderedDict()

    def get(self, key: Hashable) -> KeptAnswer | None:
        answer = self._answers.get(key)
        if answer is None:
            self.misses += 1
            return None
        self.hits += 1
        self._answers.move_to_end(key)
        return answer

    def put(self, key: Hashable, answer: KeptAnswer) -> None:
        if len(answer.body) > self.max_bytes or key in self._answers:
            return
        self._answers[key] = answer
        self.size += len(answer.body)
        while self.size > self.max_bytes:
            _, dropped = self._answers.popitem(last=False)
            self.size -= len(dropped.body)


def request_key(schema: GraphQLSchema, read_model: ReadSide, body: bytes) -> AnswerKey | None:
    """The cache key of a POSTed GraphQL request, or None if its answer is not to be kept. Blocking: it reads
    the projector position (and the change points, where a date is replaced by one)."""
    try:
        request = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(request, dict):
        return None
    query, name, variables = request.get("query"), request.get("operationName"), request.get("variables")
    variables = {} if variables is None else variables
    if not isinstance(query, str) or not isinstance(name, str | None) or not isinstance(variables, dict):
        return None
    shape = analyse(schema, query, name)
    if shape is None or not shape.is_query:
        return None
    position = read_model.position()
    with read_model.pinned_at(position):
        points = read_model.change_points() if shape.change_point_variables & variables.keys() else []
    values: list[tuple[str, Any]] = []
    for variable, value in sorted(variables.items()):
        if variable in shape.change_point_variables and isinstance(value, str):
            try:
                values.append(
                    (variable, ("change point", bisect.bisect_right(points, date.fromisoformat(value))))
                )
            except ValueError:
                return None  # not a date: the endpoint answers with an error, which is not kept
        else:
            # As text: the bytes orjson returns keep a 4 KiB buffer however short, for as long as the key.
            values.append((variable, orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()))
    return AnswerKey(query, name, tuple(values), position)


class CachedGraphQL:
    """An ASGI wrapper of the GraphQL endpoint that answers repeated read-only POSTs from `ResponseCache`."""

    def __init__(self, endpoint: ASGIApp, schema: GraphQLSchema, read_model: ReadSide, cache: ResponseCache):
        self.endpoint = endpoint
        self.schema = schema
        self.read_model = read_model
        self.cache = cache

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.endpoint(scope, receive, send)
            return
        body = await _read_body(receive)
        key = await run_in_threadpool(request_key, self.schema, self.read_model, body)
        if key is None:
            messages = await _run(self.endpoint, scope, body)
        elif (kept := self.cache.get(key)) is not None:
            await send({"type": "http.response.start", "status": 200, "headers": kept.headers})
            await send({"type": "http.response.body", "body": kept.body})
            return
        else:
            with self.read_model.pinned_at(key.position):
                messages = await _run(self.endpoint, scope, body)
            if (answer := _successful_answer(messages)) is not None:
                self.cache.put(key, answer)
        for message in messages:
            await send(message)


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _run(endpoint: ASGIApp, scope: Scope, body: bytes) -> list[Message]:
    """Run the endpoint on a body already read; the messages it sends, held back."""
    delivered = False
    messages: list[Message] = []

    async def receive() -> Message:
        nonlocal delivered
        if delivered:
            return {"type": "http.disconnect"}
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Message) -> None:
        messages.append(message)

    await endpoint(scope, receive, send)
    return messages


def _successful_answer(messages: list[Message]) -> KeptAnswer | None:
    """A 200 JSON answer without errors, or None."""
    start = next((m for m in messages if m["type"] == "http.response.start"), None)
    if start is None or start["status"] != 200:
        return None
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    try:
        answer = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(answer, dict) or "errors" in answer or "data" not in answer:
        return None
    return KeptAnswer(list(start.get("headers", [])), body)
