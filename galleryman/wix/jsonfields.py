"""Round-trip machinery behind the Wix models (standard library only).

A model is a dataclass whose JSON fields are described by `JsonField`s. `from_json` keeps a
private copy of the dict it was parsed from (`_raw`) and a snapshot of every typed value it
parsed (`_snap`). `to_json` starts again from the raw dict and rewrites only the fields whose
typed value changed since parsing, in canonical form; a field set to None is removed (also when
the JSON held null or an unreadable value there: assignments are tracked for that). Anything
the server sent that the model does not understand (unknown keys, odd representations such as a
string `sortOrder`, explicit nulls, values of the wrong type) therefore comes back unchanged.
Objects built in code have no raw dict and write canonical JSON: camelCase keys, None omitted.

Nested models are compared by identity: replacing `item.image` rewrites `image`, while editing
`item.image.focal_point` in place is picked up by `item.image.to_json()`.

For speed (a listing parses thousands of items) each class unpacks its fields once, parsing
fills the instance `__dict__` directly, and `to_json` of a model with no change anywhere below
it is a plain copy of the raw dict.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar, Self


class ModelError(ValueError):
    """A value cannot be read into, or written from, a model."""


class _Bad(Exception):
    """Raised by a codec for a raw value it cannot read; the field then keeps the raw value."""


def _read(raw: Any, parse: Callable[[Any], Any], fallback: Callable[[], Any]) -> tuple[Any, Any]:
    """A field's value from its raw JSON, and the raw value (None when absent or unreadable:
    then the value is the field's fallback)."""
    if raw is not None:
        try:
            return parse(raw), raw
        except _Bad:
            pass
    return fallback(), None


_SCALARS = frozenset((str, int, float, bool, type(None)))
_NONE_TOUCHED: frozenset[str] = frozenset()  # `_touched`: the fields assigned since parsing


def copy_json(value: Any) -> Any:
    """Deep copy of JSON-like data (dicts keep their key order)."""
    if isinstance(value, dict):  # no call for the (exact type) scalars inside
        return {k: v if type(v) in _SCALARS else copy_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [v if type(v) in _SCALARS else copy_json(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return copy.deepcopy(value)


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


# ---------------------------------------------------------------------------------------- codecs


class Codec:
    """Reads one raw JSON value into a typed value and writes it back."""

    def parse(self, raw: Any) -> Any:
        raise NotImplementedError

    def dump(self, value: Any) -> Any:
        return value

    def snapshot(self, value: Any, raw: Any) -> Any:
        """What to compare `value` with later (a copy if it can be edited in place); `raw`: the
        owned JSON value it was parsed from, None for a fallback."""
        return value

    def same(self, current: Any, snap: Any) -> bool:
        return type(current) is type(snap) and current == snap

    def keep(self, raw: Any, current: Any) -> Any:
        """The value to write for an unchanged field that was read from `raw`."""
        return copy_json(raw)

    def pristine(self, current: Any) -> bool:
        """Whether `keep(raw, current)` of an unchanged field is a plain copy of `raw`."""
        return True


class StrCodec(Codec):
    def parse(self, raw: Any) -> Any:
        if isinstance(raw, str):
            return raw
        raise _Bad

    def dump(self, value: Any) -> Any:
        if not isinstance(value, str):
            raise ModelError(f"expected a string, got {value!r}")
        return value


def _number(raw: Any) -> float | int:
    """A finite number from a JSON number or a numeric string."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if isinstance(raw, float) and math.isfinite(raw):
        return raw
    if isinstance(raw, str):
        text = raw.strip()
        try:
            return int(text)
        except ValueError:
            pass
        try:
            number = float(text)
        except (ValueError, OverflowError):
            raise _Bad from None
        if math.isfinite(number):
            return number
    raise _Bad


class FloatCodec(Codec):
    def parse(self, raw: Any) -> Any:
        try:
            return float(_number(raw))
        except OverflowError:  # an int beyond the float range
            raise _Bad from None

    def dump(self, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if not isinstance(value, float) or not math.isfinite(value):
            raise ModelError(f"expected a finite number, got {value!r}")
        return value


class IntCodec(Codec):
    """An integer; accepts integral floats (`4298.0`) and numeric strings (`"20000"`)."""

    def parse(self, raw: Any) -> Any:
        number = _number(raw)
        if isinstance(number, float):
            if not number.is_integer():
                raise _Bad
            return int(number)
        return number

    def dump(self, value: Any) -> Any:
        if not isinstance(value, int) or isinstance(value, bool):
            raise ModelError(f"expected an integer, got {value!r}")
        return value


class IntAsStrCodec(IntCodec):
    """An int64 that protobuf JSON writes as a string (`"sizeInBytes": "5918720"`)."""

    def dump(self, value: Any) -> Any:
        return str(super().dump(value))


class DictCodec(Codec):
    """A free-form JSON object (`exif`, `css`, `unsharpMasking`)."""

    def parse(self, raw: Any) -> Any:
        if isinstance(raw, dict):
            return copy_json(raw)
        raise _Bad

    def dump(self, value: Any) -> Any:
        if not isinstance(value, dict):
            raise ModelError(f"expected a dict, got {value!r}")
        return copy_json(value)

    def snapshot(self, value: Any, raw: Any) -> Any:
        return copy_json(value) if raw is None else raw  # `raw` equals the copy parsed


class StrListCodec(Codec):
    def parse(self, raw: Any) -> Any:
        if isinstance(raw, list) and all(isinstance(v, str) for v in raw):
            return list(raw)
        raise _Bad

    def dump(self, value: Any) -> Any:
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise ModelError(f"expected a list of strings, got {value!r}")
        return list(value)

    def snapshot(self, value: Any, raw: Any) -> Any:
        return list(value) if raw is None else raw

    def same(self, current: Any, snap: Any) -> bool:
        return isinstance(current, list) and current == snap


class ModelCodec(Codec):
    """A nested model; unchanged while the attribute still holds the object parsed."""

    def __init__(self, cls: type[JsonModel]) -> None:
        self.cls = cls

    def parse(self, raw: Any) -> Any:
        if isinstance(raw, dict):
            return self.cls.parse_owned(raw)
        raise _Bad

    def dump(self, value: Any) -> Any:
        if not isinstance(value, self.cls):
            raise ModelError(f"expected {self.cls.__name__}, got {value!r}")
        return value.to_json()

    def same(self, current: Any, snap: Any) -> bool:
        return current is snap

    def keep(self, raw: Any, current: Any) -> Any:
        return copy_json(raw) if current is None else current.to_json()

    def pristine(self, current: Any) -> bool:
        return current is None or current._pristine()


class ModelListCodec(Codec):
    """A list of nested models. Elements that are not objects are skipped when reading and
    written back in place while the list itself is unchanged (same objects, same order)."""

    def __init__(self, cls: type[JsonModel]) -> None:
        self.cls = cls

    def parse(self, raw: Any) -> Any:
        if isinstance(raw, list):
            return [self.cls.parse_owned(v) for v in raw if isinstance(v, dict)]
        raise _Bad

    def dump(self, value: Any) -> Any:
        if not isinstance(value, list | tuple):
            raise ModelError(f"expected a list of {self.cls.__name__}, got {value!r}")
        out = []
        for i, element in enumerate(value):
            if not isinstance(element, self.cls):
                raise ModelError(f"[{i}]: expected {self.cls.__name__}, got {element!r}")
            out.append(element.to_json())
        return out

    def snapshot(self, value: Any, raw: Any) -> Any:
        return tuple(value)

    def same(self, current: Any, snap: Any) -> bool:  # the same objects, in the same order
        return isinstance(current, list) and [*map(id, current)] == [*map(id, snap)]

    def keep(self, raw: Any, current: Any) -> Any:
        if not isinstance(raw, list):
            return copy_json(raw)
        parsed = iter(current)
        return [next(parsed).to_json() if isinstance(v, dict) else copy_json(v) for v in raw]

    def pristine(self, current: Any) -> bool:
        return all(element._pristine() for element in current)


STR = StrCodec()
FLOAT = FloatCodec()
INT = IntCodec()
INT_AS_STR = IntAsStrCodec()
DICT = DictCodec()
STR_LIST = StrListCodec()


# ---------------------------------------------------------------------------------------- fields


@dataclass(frozen=True)
class JsonField:
    """How attribute `name` maps to JSON: `path` (a key, or keys into nested objects), extra
    `aliases` read when the key is absent (removed when the field is rewritten), and `fallback`,
    the typed value used when the JSON value is absent, null or unreadable."""

    name: str
    codec: Codec
    path: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    fallback: Callable[[], Any] = lambda: None
    omit_empty: bool = False

    @cached_property
    def keys(self) -> tuple[str, ...]:
        """The top-level keys the field owns (none for a nested path)."""
        return (self.path[0], *self.aliases) if len(self.path) == 1 else ()

    def lookup(self, raw: Mapping[str, Any]) -> Any:
        """The JSON value the field reads (the first non-null of its keys); None when absent."""
        if not self.keys:
            return get_path(raw, self.path)
        for key in self.keys:
            if (value := raw.get(key)) is not None:
                return value
        return None

    def readable(self, raw: Mapping[str, Any]) -> bool:
        """Whether the JSON holds a proper value for the field (not absent, null or garbage)."""
        if (value := self.lookup(raw)) is None:
            return False
        try:
            self.codec.parse(value)
        except _Bad:
            return False
        return True

    def write(
        self, out: dict[str, Any], raw: Mapping[str, Any], current: Any, unchanged: bool
    ) -> None:
        """Update `out`, a copy of `raw` whose keys of this field still hold the raw values."""
        if len(self.path) > 1:  # nested path: `out` already holds a deep copy of the parents
            if unchanged:
                return
            if current is not None:
                set_path(out, self.path, self.dump(current))
            elif isinstance(parent := get_path(out, self.path[:-1]), dict):
                parent.pop(self.path[-1], None)
            return
        if unchanged:  # write back what was read: the first non-null key, others as they were
            present = [key for key in self.keys if key in raw]
            non_null = [key for key in present if raw[key] is not None]
            for key in present:
                keep = key == (non_null or present)[0]
                out[key] = self.codec.keep(raw[key], current) if keep else copy_json(raw[key])
            return
        for key in self.aliases:
            out.pop(key, None)
        if current is None:
            out.pop(self.path[0], None)
        else:
            out[self.path[0]] = self.dump(current)

    def dump(self, value: Any) -> Any:
        try:
            return self.codec.dump(value)
        except ModelError as exc:
            raise ModelError(f"{self.name}: {exc}") from None


def jf(
    name: str,
    codec: Codec,
    key: str | None = None,
    *,
    path: tuple[str, ...] | None = None,
    aliases: tuple[str, ...] = (),
    fallback: Callable[[], Any] = lambda: None,
    omit_empty: bool = False,
) -> JsonField:
    """A `JsonField` whose key defaults to the camelCase of `name`."""
    return JsonField(name, codec, path or (key or camel(name),), aliases, fallback, omit_empty)


def get_path(data: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = data
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def set_path(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        child = data.get(key)
        if not isinstance(child, dict):
            child = data[key] = {}
        data = child
    data[path[-1]] = value


# ---------------------------------------------------------------------------------------- models


@dataclass
class JsonModel:
    """Base of every model. `_raw` and `_snap` are private; they are init fields only so that
    `dataclasses.replace` carries them over (a replaced object still round-trips). Models must
    not define `__post_init__`: parsing does not call `__init__`."""

    _raw: dict[str, Any] | None = field(default=None, kw_only=True, repr=False, compare=False)
    _snap: dict[str, Any] | None = field(default=None, kw_only=True, repr=False, compare=False)

    json_fields: ClassVar[tuple[JsonField, ...]] = ()
    # per field, what `parse_owned` and `_dirty` need, unpacked when the class is created
    _readers: ClassVar[tuple[tuple[Any, ...], ...]] = ()
    _checks: ClassVar[tuple[tuple[Any, ...], ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        readers, checks = [], []
        for f in cls.json_fields:
            codec, kind = f.codec, type(f.codec)
            only_key = f.keys[0] if len(f.keys) == 1 else None  # else aliases or a nested path
            snapshot = codec.snapshot if kind.snapshot is not Codec.snapshot else None
            readers.append((f.name, only_key, f, codec.parse, f.fallback, snapshot))
            nested = codec.pristine if kind.pristine is not Codec.pristine else None
            checks.append((f.name, f, codec.same, nested))
        cls._readers, cls._checks = tuple(readers), tuple(checks)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        """Parse a JSON object (never mutated; the model keeps its own copy)."""
        if not isinstance(data, Mapping):
            raise ModelError(f"{cls.__name__}: expected a JSON object, got {type(data).__name__}")
        return cls.parse_owned(copy_json(data if type(data) is dict else dict(data)))

    @classmethod
    def parse_owned(cls, data: dict[str, Any]) -> Self:
        """Parse a dict the caller hands over (it must never be mutated afterwards)."""
        self = object.__new__(cls)
        state = self.__dict__  # filled directly: no `__init__`, no assignment tracking
        snap: dict[str, Any] = {}
        for name, key, spec, parse, fallback, snapshot in cls._readers:
            raw = data.get(key) if key is not None else spec.lookup(data)
            # `_read`, inlined: a listing runs this for every field of thousands of items
            if raw is None:
                value = fallback()
            else:
                try:
                    value = parse(raw)
                except _Bad:
                    value, raw = fallback(), None
            state[name] = value
            snap[name] = value if snapshot is None else snapshot(value, raw)
        state["_raw"] = data
        state["_snap"] = snap
        state["_touched"] = _NONE_TOUCHED
        return self

    @classmethod
    def read_fields(cls, data: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
        """These fields (attribute names) exactly as `from_json` parses them, without parsing
        or copying the rest: what the grid keeps of an item needs five of its fields."""
        wanted = set(names)
        values = {}
        for name, key, spec, parse, fallback, _snapshot in cls._readers:
            if name in wanted:
                raw = data.get(key) if key is not None else spec.lookup(data)
                values[name] = _read(raw, parse, fallback)[0]
        return values

    def __post_init__(self) -> None:
        object.__setattr__(self, "_touched", _NONE_TOUCHED)

    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)
        state = self.__dict__
        touched = state.get("_touched")
        if touched is not None:  # None while `__init__` runs
            state["_touched"] = touched | {name}

    def _dirty(self) -> list[tuple[JsonField, Any, bool]]:
        """(field, value, unchanged) of the fields `to_json` must write over the raw dict: changed
        since parsing, assigned over a null, absent or unreadable JSON value (so that assigning
        None removes it), or holding nested models with changes."""
        raw, snap = self._raw, self._snap
        assert raw is not None and snap is not None  # a parsed model
        dirty = []
        touched = self.__dict__.get("_touched")
        for name, spec, same, nested in self._checks:
            current, parsed = getattr(self, name), snap[name]  # the very value parsed: unchanged
            unchanged = current is parsed or same(current, parsed)
            if unchanged and touched and name in touched:
                unchanged = spec.readable(raw)
            if not unchanged or (nested is not None and not nested(current)):
                dirty.append((spec, current, unchanged))
        return dirty

    def _pristine(self) -> bool:
        """Whether `to_json()` is exactly the dict parsed: nothing changed here or below."""
        return self._raw is not None and self._snap is not None and not self._dirty()

    def parsed_json(self) -> dict[str, Any]:
        """`to_json()` of a model nothing has changed since it was parsed (a listing's item,
        read at once), neither checked nor copied: the very dict parsed, which the caller
        must not mutate. A listing's worker spent nearly a tenth of its time on that check
        and copy: Python the window's thread waits behind (the interpreter lock)."""
        if self._raw is None or self.__dict__.get("_touched"):
            return self.to_json()  # built in code, or assigned to since parsing
        return self._raw

    def to_json(self) -> dict[str, Any]:
        """The JSON object: what was parsed, with changed fields rewritten; or canonical JSON."""
        raw, snap = self._raw, self._snap
        if raw is None or snap is None:
            out: dict[str, Any] = {}
            for f in self.json_fields:
                value = getattr(self, f.name)
                if value is not None and not (f.omit_empty and not value):
                    set_path(out, f.path, f.dump(value))
            return out
        dirty = self._dirty()
        if not dirty:
            return copy_json(raw)
        rewritten = {key for spec, _, _ in dirty for key in spec.keys}
        out = {k: v if k in rewritten else copy_json(v) for k, v in raw.items()}
        for spec, current, unchanged in dirty:
            spec.write(out, raw, current, unchanged)
        return out

    def patch_json(self, fields: Iterable[str]) -> dict[str, Any]:
        """The JSON of just these top-level fields (attribute names or JSON keys); a field that
        is unset comes out as null, so that a PATCH clears it."""
        if isinstance(fields, str):
            fields = [fields]
        by_name = {f.name: f for f in self.json_fields if len(f.path) == 1}
        by_key = {f.path[0]: f for f in by_name.values()}
        full = self.to_json()
        out: dict[str, Any] = {}
        for name in fields:
            spec = by_name.get(name) or by_key.get(name)
            if spec is None:
                known = ", ".join(by_name)
                raise ModelError(f"{type(self).__name__} has no field {name!r} (known: {known})")
            out[spec.path[0]] = full.get(spec.path[0])
        return out

    def copy(self) -> Self:
        """A deep copy (edits to it never reach this object); it round-trips like this one."""
        return copy.deepcopy(self)
