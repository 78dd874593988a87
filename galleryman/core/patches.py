"""PATCH bodies that say exactly what changes, and their inverses.

The item and gallery PATCHes send nested objects (`image`, `link`, `tags`...) complete, so a
key absent from the body could mean "unchanged" to a server that merges or "removed" to one
that replaces. Wix documents neither, so a key that must go away is never left out: it is sent
as `None`, which the client turns into whatever clears a field on the site (see
`WixClient.update_item`). A field that had no value before an edit therefore undoes to `None`
(absent), not to "no key", which a merging server reads as "keep the edited value".
"""

from __future__ import annotations

import copy
from typing import Any

Fields = dict[str, Any]


def mark_removed(before: Any, after: Any) -> Any:
    """`after`, with `None` for each object key that `before` has and `after` lacks (at any
    depth), so a PATCH of `after` over `before` removes it whatever the server's merge rule."""
    if not isinstance(before, dict) or not isinstance(after, dict):
        return copy.deepcopy(after)
    result = {key: mark_removed(before.get(key), value) for key, value in after.items()}
    for key in before:
        if key not in after:
            result[key] = None
    return result


def revert_fields(current: dict[str, Any], fields: Fields) -> Fields:
    """The PATCH that puts back `current` (an object's JSON before `fields` is applied) for
    every key `fields` changes: a value it had, or `None` where it had none."""
    return {
        key: None if current.get(key) is None else mark_removed(value, current[key])
        for key, value in fields.items()
    }


def without_none(value: Any) -> Any:
    """A PATCH value as the object will hold it: keys set to `None` are gone."""
    if isinstance(value, dict):
        return {k: without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_none(v) for v in value]
    return value


def apply_patch(current: dict[str, Any], fields: Fields) -> dict[str, Any]:
    """The object's JSON once the server has applied `fields` (top-level keys replaced, `None`
    removes), which is what a window shows while the PATCH is on its way."""
    result = copy.deepcopy(current)
    for key, value in fields.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = without_none(value)
    return result
