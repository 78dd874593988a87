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
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Self


class ModelError(ValueError):
    """A value cannot be read into, or written from, a model."""


class _Bad(Exception):
    """Raised by a codec for a raw value it cannot read; the field then keeps the raw value."""


_MISSING: Any = object()


def copy_json(value: Any) -> Any:
    """Deep copy of JSON-like data (dicts keep their key order)."""
    if isinstance(value, dict):
        return {k: copy_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [copy_json(v) for v in value]
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

    def snapshot(self, value: Any) -> Any:
        return value

    def same(self, current: Any, snap: Any) -> bool:
        return type(current) is type(snap) and current == snap

    def keep(self, raw: Any, current: Any) -> Any:
        """The value to write for an unchanged field that was read from `raw`."""
        return copy_json(raw)


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
    if isinstance(raw, bool):
        raise _Bad
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        if math.isfinite(raw):
            return raw
        raise _Bad
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

    def snapshot(self, value: Any) -> Any:
        return copy_json(value)


class StrListCodec(Codec):
    def parse(self, raw: Any) -> Any:
        if isinstance(raw, list) and all(isinstance(v, str) for v in raw):
            return list(raw)
        raise _Bad

    def dump(self, value: Any) -> Any:
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise ModelError(f"expected a list of strings, got {value!r}")
        return list(value)

    def snapshot(self, value: Any) -> Any:
        return list(value)

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

    def snapshot(self, value: Any) -> Any:
        return tuple(value)

    def same(self, current: Any, snap: Any) -> bool:
        return (
            isinstance(current, list)
            and len(current) == len(snap)
            and all(a is b for a, b in zip(current, snap, strict=True))
        )

    def keep(self, raw: Any, current: Any) -> Any:
        if not isinstance(raw, list):
            return copy_json(raw)
        parsed = iter(current)
        return [next(parsed).to_json() if isinstance(v, dict) else copy_json(v) for v in raw]


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

    @property
    def keys(self) -> tuple[str, ...]:
        return (self.path[0], *self.aliases) if len(self.path) == 1 else ()

    def source_key(self, raw: Mapping[str, Any]) -> str | None:
        present = [k for k in self.keys if k in raw]
        return next((k for k in present if raw[k] is not None), present[0] if present else None)

    def read(self, raw: Mapping[str, Any]) -> tuple[Any, bool]:
        """(typed value, whether it was read from a proper value rather than a fallback)."""
        if len(self.path) == 1:
            key = self.source_key(raw)
            value = _MISSING if key is None else raw[key]
        else:
            value = get_path(raw, self.path)
        if value is _MISSING or value is None:
            return self.fallback(), False
        try:
            return self.codec.parse(value), True
        except _Bad:
            return self.fallback(), False

    def write(
        self, out: dict[str, Any], raw: Mapping[str, Any], current: Any, snap: Any, forced: bool
    ) -> None:
        """Update `out` (a copy of `raw`). A field is rewritten when its value differs from the
        snapshot, or when `forced` (assigned by the caller although the JSON held no proper
        value: absent, null or garbage; so that assigning None removes a null or odd value)."""
        unchanged = self.codec.same(current, snap) and not forced
        if len(self.path) > 1:  # nested path: `out` already holds a deep copy of the parents
            if not unchanged:
                if current is None:
                    del_path(out, self.path)
                else:
                    set_path(out, self.path, self.dump(current))
            return
        if unchanged:
            source = self.source_key(raw)
            for key in self.keys:
                if key in raw:
                    keep = key == source
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
        if not isinstance(value, dict) or key not in value:
            return _MISSING
        value = value[key]
    return value


def set_path(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        child = data.get(key)
        if not isinstance(child, dict):
            child = data[key] = {}
        data = child
    data[path[-1]] = value


def del_path(data: dict[str, Any], path: tuple[str, ...]) -> None:
    parent = get_path(data, path[:-1])
    if isinstance(parent, dict):
        parent.pop(path[-1], None)


# ---------------------------------------------------------------------------------------- models


@dataclass
class JsonModel:
    """Base of every model. `_raw` and `_snap` are private; they are init fields only so that
    `dataclasses.replace` carries them over (a replaced object still round-trips)."""

    _raw: dict[str, Any] | None = field(default=None, kw_only=True, repr=False, compare=False)
    _snap: dict[str, Any] | None = field(default=None, kw_only=True, repr=False, compare=False)

    json_fields: ClassVar[tuple[JsonField, ...]] = ()

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        """Parse a JSON object (never mutated; the model keeps its own copy)."""
        if not isinstance(data, Mapping):
            raise ModelError(f"{cls.__name__}: expected a JSON object, got {type(data).__name__}")
        return cls.parse_owned(copy_json(dict(data)))

    @classmethod
    def parse_owned(cls, data: dict[str, Any]) -> Self:
        """Parse a dict the caller hands over (it must never be mutated afterwards)."""
        read = {f.name: f.read(data) for f in cls.json_fields}
        values = {name: value for name, (value, _) in read.items()}
        snap = {
            f.name: (f.codec.snapshot(values[f.name]), read[f.name][1]) for f in cls.json_fields
        }
        return cls(**values, _raw=data, _snap=snap)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_touched", set())

    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)
        touched = self.__dict__.get("_touched")
        if touched is not None:
            touched.add(name)

    def to_json(self) -> dict[str, Any]:
        """The JSON object: what was parsed, with changed fields rewritten; or canonical JSON."""
        raw, snap = self._raw, self._snap
        if raw is None or snap is None:
            out: dict[str, Any] = {}
            for f in self.json_fields:
                value = getattr(self, f.name)
                if value is None or (f.omit_empty and not value):
                    continue
                set_path(out, f.path, f.dump(value))
            return out
        claimed = {key for f in self.json_fields for key in f.keys}
        out = {k: (v if k in claimed else copy_json(v)) for k, v in raw.items()}
        touched = self.__dict__.get("_touched", ())
        for f in self.json_fields:
            value, proper = snap[f.name]
            forced = f.name in touched and not proper
            f.write(out, raw, getattr(self, f.name), value, forced)
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
