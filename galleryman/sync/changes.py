"""What one outbox row is: a user's change, its kind, its state, and what it depends on.

Kinds and what their columns hold (`targets` are ids; a thing not created yet has a local id,
`local-<hex>`, rewritten to the server's id in every later row once it exists):

==================  ==========================================================================
create_gallery      targets [new gallery]; fields {name, sortOrder}
clone_gallery       gallery = the source; targets [new gallery]; fields {name, sortOrder}
update_gallery      targets [gallery]; fields a PATCH ({name}, {sortOrder}); replaces its revert
delete_gallery      targets [gallery]; replaces the gallery's JSON
update_item         targets [item]; fields a PATCH of the item (None at any depth clears);
                    replaces the PATCH that puts back what it replaced
delete_items        targets [items] (one bulk call); replaces {item id: item JSON} (for undo)
create_item         targets [new item]; fields the item's JSON, with its explicit sortOrder
upload              targets [new item]; fields extra item fields (title...); resume has the
                    local path, file name, sortOrder, and the Media Manager file id once known
==================  ==========================================================================

States: queued -> sending -> done, or back to queued (network: resent later, with backoff),
needs_check (a create that may have happened: looked up before any resend), failed (with a
sentence and whether a retry can work), conflict (changed on the site too: the user decides).
held: the user reviews before sending. A change undone or discarded before it was sent is
deleted, never sent; undoing one that went out without an answer (queued again) sends its
inverse, as it may be on the site (`Change.maybe_applied`).
"""

from __future__ import annotations

import enum
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

JsonObject = dict[str, Any]
LOCAL_PREFIX = "local-"


class Kind(enum.StrEnum):
    CREATE_GALLERY = "create_gallery"
    CLONE_GALLERY = "clone_gallery"
    UPDATE_GALLERY = "update_gallery"
    DELETE_GALLERY = "delete_gallery"
    UPDATE_ITEM = "update_item"
    DELETE_ITEMS = "delete_items"
    CREATE_ITEM = "create_item"
    UPLOAD = "upload"

    @property
    def creates(self) -> bool:
        """Whether sending it twice would make two things (so an unsure send is looked up)."""
        return self in _CREATES

    @property
    def on_gallery(self) -> bool:
        return self in _GALLERY_KINDS


_CREATES = frozenset({Kind.CREATE_GALLERY, Kind.CLONE_GALLERY, Kind.CREATE_ITEM, Kind.UPLOAD})
_GALLERY_KINDS = frozenset(
    {Kind.CREATE_GALLERY, Kind.CLONE_GALLERY, Kind.UPDATE_GALLERY, Kind.DELETE_GALLERY}
)


class State(enum.StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    NEEDS_CHECK = "needs_check"
    FAILED = "failed"
    CONFLICT = "conflict"
    HELD = "held"
    DONE = "done"


# Still to go to the site (what "12 changes waiting" counts).
WAITING = frozenset({State.QUEUED, State.SENDING, State.NEEDS_CHECK, State.CONFLICT, State.HELD})
# States of a change not on the site, unless it was tried before (see `maybe_applied`).
NOT_APPLIED = frozenset({State.QUEUED, State.HELD, State.CONFLICT, State.FAILED})


class Problem(enum.StrEnum):
    """Why a change failed (the `problem` column)."""

    GONE = "gone"  # its item or gallery was deleted on the site
    INVALID = "invalid"  # Wix refused the data (its sentence is the error)
    FILE = "file"  # the local file cannot be uploaded
    NOT_CLEARED = "not_cleared"  # a field meant to be cleared stayed set
    PARTIAL = "partial"  # a bulk delete left some items in place
    NEVER_CREATED = "never_created"  # it changes something whose creation failed
    OTHER = "other"


def new_local_id() -> str:
    return LOCAL_PREFIX + uuid.uuid4().hex


def is_local(object_id: str) -> bool:
    return object_id.startswith(LOCAL_PREFIX)


@dataclass(frozen=True)
class Change:
    """One outbox row, as read."""

    seq: int
    group: str
    kind: Kind
    gallery_id: str
    target_ids: tuple[str, ...]
    fields: JsonObject
    replaces: JsonObject
    state: State
    attempts: int = 0
    next_try: float | None = None
    last_error: str | None = None
    problem: Problem | None = None
    retryable: bool = False
    created: float = 0.0
    resume: JsonObject = field(default_factory=dict)
    conflict: JsonObject | None = None
    names: JsonObject = field(default_factory=dict)

    COLUMNS = (
        "seq, grp, kind, gallery_id, target_ids, fields, replaces, state, attempts, next_try, "
        "last_error, problem, retryable, created, resume, conflict, names"
    )

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> Change:
        (seq, grp, kind, gallery_id, targets, fields, replaces, state, attempts, next_try,
         last_error, problem, retryable, created, resume, conflict, names) = row  # fmt: skip
        return cls(
            seq=int(seq),
            group=str(grp),
            kind=Kind(kind),
            gallery_id=str(gallery_id),
            target_ids=tuple(json.loads(targets)),
            fields=json.loads(fields),
            replaces=json.loads(replaces),
            state=State(state),
            attempts=int(attempts),
            next_try=next_try,
            last_error=last_error,
            problem=Problem(problem) if problem else None,
            retryable=bool(retryable),
            created=float(created),
            resume=json.loads(resume),
            conflict=json.loads(conflict) if conflict else None,
            names=json.loads(names),
        )

    @property
    def target(self) -> str:
        return self.target_ids[0]

    @property
    def maybe_applied(self) -> bool:
        """Whether the site may have it, so taking it back needs its inverse. Being sent,
        sent, or a create that may have happened (needs_check); and an update or delete that
        went out before without an answer saying it was not applied (a 5xx after the write,
        a dropped answer, a kill): it waits queued to be sent again, which is safe, but it
        may be on the site already. A create is queued again only when it certainly did not
        happen."""
        if self.state not in NOT_APPLIED:
            return True
        return self.state is State.QUEUED and self.attempts > 0 and not self.kind.creates

    @property
    def holds(self) -> frozenset[str]:
        """What later changes must not overtake while this one waits (see `waits_for`)."""
        if not self.kind.on_gallery:
            return frozenset({*(f"i:{t}" for t in self.target_ids), f"items:{self.gallery_id}"})
        if self.kind is Kind.UPDATE_GALLERY:
            return frozenset({"site"})
        return frozenset({"site", f"g:{self.gallery_id}", *(f"g:{t}" for t in self.target_ids)})

    @property
    def waits_for(self) -> frozenset[str]:
        """What it must not overtake. An item change: an earlier change to the same item, and
        the creation (or deletion) of its gallery. A gallery change: any earlier gallery change
        (the site's gallery order); creating, cloning or deleting a gallery also every earlier
        change inside it (a clone copies the items as edited). Two items of one gallery do not
        wait for each other (new sortOrders never collide with current ones, `core.ordering`),
        nor does renaming or moving a gallery wait for its items' edits."""
        if not self.kind.on_gallery:
            return frozenset({*(f"i:{t}" for t in self.target_ids), f"g:{self.gallery_id}"})
        if self.kind is Kind.UPDATE_GALLERY:
            return frozenset({"site", f"g:{self.gallery_id}"})
        galleries = (self.gallery_id, *self.target_ids)
        return self.holds | {f"items:{g}" for g in galleries}


@dataclass(frozen=True)
class NewChange:
    """A change to add to the outbox (see the table above for what each field holds)."""

    kind: Kind
    gallery_id: str
    target_ids: tuple[str, ...]
    fields: JsonObject = field(default_factory=dict)
    replaces: JsonObject = field(default_factory=dict)
    resume: JsonObject = field(default_factory=dict)
    names: JsonObject = field(default_factory=dict)
    group: str = ""
