"""Creating without duplicates: a create is never sent again blindly.

A POST that creates an item or a gallery carries an explicit sortOrder, unique in its gallery
(or site), so the client can recognise its own creation. After an ambiguous failure (a
dropped connection, a 5xx, a 200 whose body is unreadable: the create may well have happened)
the client looks for it (`find`, reading both ends of the listing first) before sending it
again. A 400 "another ... already has sortOrder X" is an answer too: if the holder of X is
ours (same media and title), an earlier attempt landed and it is returned; if it is not ours
and the client had chosen X itself, it chooses again once (its idea of the largest sortOrder
was stale).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from galleryman.wix.errors import (
    MalformedResponseError,
    UncertainCreateError,
    ValidationError,
    WixError,
)
from galleryman.wix.models import Item
from galleryman.wix.observer import BackoffWait
from galleryman.wix.transport import JsonObject, Safety, Transport, UncertainOutcome, retry_reason

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass
class Create(Generic[T]):
    path: str  # the full path, prefix included
    body: JsonObject  # sent as is; `body[key]["sortOrder"]` is set
    key: str  # "item" or "gallery"
    find: Callable[[float], T | None]  # ours with this sortOrder, if it exists
    parse: Callable[[JsonObject], T]  # the answer; MalformedResponseError if unreadable
    rechoose: Callable[[], float] | None  # a new sortOrder, when the client chose this one


def create_once(transport: Transport, create: Create[T]) -> T:
    """POST the create, looking before any second attempt (see the module docstring)."""
    retry = transport.retry
    rechoose = create.rechoose
    attempt = 0
    with transport.budget():
        while True:
            attempt += 1
            order = float(create.body[create.key]["sortOrder"])
            try:
                data = transport.call("POST", create.path, body=create.body, safety=Safety.CREATE)
            except UncertainOutcome as uncertain:
                error = uncertain.error
            except ValidationError as refused:
                if not _duplicate_order(refused):
                    raise
                existing = _look(create, order, refused, attempt, refused=True)
                if existing is not None:
                    log.info("the create at %s had landed earlier; not sent again", create.path)
                    return existing
                if rechoose is None:
                    raise
                create.body[create.key]["sortOrder"], rechoose = rechoose(), None
                continue
            else:
                try:
                    return create.parse(data)
                except MalformedResponseError as unreadable:
                    error = unreadable  # a 200 that may well have created it
            log.info("create at %s had an ambiguous failure (%s); checking", create.path, error)
            existing = _look(create, order, error, attempt)
            if existing is not None:
                log.info("the create at %s had taken effect; not sent again", create.path)
                return existing
            pause = retry.delay(attempt, None)
            if attempt >= retry.max_attempts or pause >= transport.remaining():
                error.attempts = attempt
                raise error
            transport.pause(BackoffWait(attempt + 1, pause, retry_reason(error)), visible=False)


def same_content(found: Item, wanted: Item) -> bool:
    """Whether an item found at our sortOrder is the one we tried to create."""
    return (
        found.media_type == wanted.media_type
        and found.media_id == wanted.media_id
        and (found.title or None) == (wanted.title or None)
    )


def _look(
    create: Create[T], order: float, error: WixError, attempt: int, *, refused: bool = False
) -> T | None:
    try:
        return create.find(order)
    except WixError as check_error:
        if refused:  # this attempt was refused for sure: the failed look changes nothing
            raise error from check_error
        raise UncertainCreateError(
            message=f"{error.user_message} (and the check failed: {check_error.user_message})",
            status=error.status,
            method="POST",
            path=create.path,
            attempts=attempt,
        ) from check_error


def _duplicate_order(error: ValidationError) -> bool:
    return any(v.field.endswith("sortOrder") for v in error.field_violations)
