"""The soak's operations: a seeded random mix of what a user does in the window, each one
valid in the intended state (tests/soak_model.py) when it is chosen.

Every name is new (galleries, titles, alt texts, files), so each operation's effect can be
recognised on the site and in the app's outbox. Uploads are real photos made with Pillow
(JPEG and PNG), one file per upload. Most operations stay in the gallery the last one used,
as a user works, so the window is not switching galleries all the time.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from tests.soak_model import GalleryState, Model

Op = dict[str, Any]
MAX_GALLERIES = 6
MIN_GALLERIES = 2
TAGS = ("sea", "sky", "rock", "dawn", "dusk", "boat", "pier", "gull")
WEIGHTS = {
    "create_gallery": 4,
    "clone_gallery": 2,
    "rename_gallery": 4,
    "delete_gallery": 2,
    "upload": 22,
    "edit": 24,
    "move": 12,
    "bulk": 6,
    "delete_items": 6,
    "undo": 10,
}
STAY = 0.75  # how often an operation stays in the gallery the last one used


class OpGenerator:
    def __init__(self, seed: int, files_dir: Path) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self.files_dir = files_dir
        files_dir.mkdir(parents=True, exist_ok=True)
        self._numbers = itertools.count(1)
        self._current: str | None = None

    def next(self, model: Model) -> Op:
        """An operation valid in `model` now."""
        kinds = list(WEIGHTS)
        while True:
            kind = self.rng.choices(kinds, [WEIGHTS[k] for k in kinds])[0]
            if len(model.galleries) < MIN_GALLERIES:
                kind = "create_gallery"
            op = self._make(kind, model)
            if op is not None:
                self._follow(op)
                return op

    # ------------------------------------------------------------------ each kind

    def _make(self, kind: str, model: Model) -> Op | None:
        maker: Callable[[Model], Op | None] = getattr(self, f"_{kind}")
        return maker(model)

    def _create_gallery(self, model: Model) -> Op | None:
        if len(model.galleries) >= MAX_GALLERIES:
            return None
        return {"op": "create_gallery", "name": self._name("Album")}

    def _clone_gallery(self, model: Model) -> Op | None:
        source = self._gallery(model, lambda g: len(g.items) >= 1)
        if source is None or len(model.galleries) >= MAX_GALLERIES:
            return None
        return {"op": "clone_gallery", "gallery": source.name, "name": self._name("Album")}

    def _rename_gallery(self, model: Model) -> Op | None:
        gallery = self._gallery(model, lambda g: True)
        if gallery is None:
            return None
        return {"op": "rename_gallery", "gallery": gallery.name, "name": self._name("Album")}

    def _delete_gallery(self, model: Model) -> Op | None:
        if len(model.galleries) <= MIN_GALLERIES + 1:
            return None
        gallery = self.rng.choice(model.galleries)
        return {"op": "delete_gallery", "gallery": gallery.name}

    def _upload(self, model: Model) -> Op | None:
        gallery = self._gallery(model, lambda g: True)
        if gallery is None:
            return None
        files = [str(self._photo()) for _ in range(self.rng.choice((1, 1, 1, 2, 3)))]
        names = gallery.names()
        before = self.rng.choice(names) if names and self.rng.random() < 0.25 else None
        return {"op": "upload", "gallery": gallery.name, "files": files, "before": before}

    def _edit(self, model: Model) -> Op | None:
        gallery = self._gallery(model, lambda g: len(g.items) >= 1)
        if gallery is None:
            return None
        item = gallery.items[self.rng.choice(gallery.names())]
        field = self.rng.choice(("title", "title", "alt", "tags"))
        value: Any
        if field == "title":
            value = self._name("Title")
        elif field == "alt":
            value = self._name("Alt")
        else:
            value = self._tags(exclude=item.tags)
        return {"op": "edit", "gallery": gallery.name, "item": item.name, "field": field,
                "value": value}  # fmt: skip

    def _move(self, model: Model) -> Op | None:
        gallery = self._gallery(model, lambda g: len(g.items) >= 3)
        if gallery is None:
            return None
        names = gallery.names()
        moved = self.rng.sample(names, self.rng.choice((1, 1, 2)))
        rest = [n for n in names if n not in moved]
        to = self.rng.choice(("top", "bottom", "before", "before"))
        op: Op = {"op": "move", "gallery": gallery.name, "items": moved, "to": to}
        if to == "before":
            op["before"] = self.rng.choice(rest)
        block = [n for n in names if n in moved]
        if to == "top":
            meant = block + rest
        elif to == "bottom":
            meant = rest + block
        else:
            at = rest.index(op["before"])
            meant = [*rest[:at], *block, *rest[at:]]
        return op if meant != names else None  # a move that moves nothing is no gesture

    def _bulk(self, model: Model) -> Op | None:
        gallery = self._gallery(model, lambda g: len(g.items) >= 2)
        if gallery is None:
            return None
        names = gallery.names()
        chosen = self.rng.sample(names, min(len(names), self.rng.choice((2, 2, 3, 4))))
        if self.rng.random() < 0.5:
            return {"op": "bulk", "gallery": gallery.name, "items": chosen, "field": "alt",
                    "value": self._name("Alt")}  # fmt: skip
        mode = self.rng.choice(("add", "replace"))
        return {"op": "bulk", "gallery": gallery.name, "items": chosen, "field": "tags",
                "value": self._tags(exclude=()), "mode": mode}  # fmt: skip

    def _delete_items(self, model: Model) -> Op | None:
        gallery = self._gallery(model, lambda g: len(g.items) >= 2)
        if gallery is None:
            return None
        chosen = self.rng.sample(gallery.names(), self.rng.choice((1, 1, 2)))
        return {"op": "delete_items", "gallery": gallery.name, "items": chosen}

    def _undo(self, model: Model) -> Op | None:
        return {"op": "undo"} if model.undo else None

    # ------------------------------------------------------------------ helpers

    def _follow(self, op: Op) -> None:
        """The gallery the window shows after `op` (where the next one most likely acts)."""
        if op["op"] in ("create_gallery", "clone_gallery", "rename_gallery"):
            self._current = op["name"]
        elif op["op"] == "delete_gallery":
            self._current = None
        elif "gallery" in op:
            self._current = op["gallery"]

    def _gallery(self, model: Model, fits: Callable[[GalleryState], bool]) -> GalleryState | None:
        current = next((g for g in model.galleries if g.name == self._current), None)
        if current is not None and fits(current) and self.rng.random() < STAY:
            return current
        fitting = [g for g in model.galleries if fits(g)]
        return self.rng.choice(fitting) if fitting else None

    def _name(self, prefix: str) -> str:
        return f"{prefix} {self.seed}-{next(self._numbers)}"

    def _tags(self, exclude: tuple[str, ...]) -> list[str]:
        while True:
            tags = self.rng.sample(TAGS, self.rng.choice((1, 2, 3)))
            if tuple(tags) != tuple(exclude):
                return tags

    def _photo(self) -> Path:
        """A new real photo (JPEG or PNG) with a name of its own."""
        number = next(self._numbers)
        fmt, ext = ("PNG", "png") if self.rng.random() < 0.3 else ("JPEG", "jpg")
        size = (self.rng.randint(48, 160), self.rng.randint(36, 120))
        colour = tuple(self.rng.randrange(256) for _ in range(3))
        image = Image.new("RGB", size, colour)
        draw = ImageDraw.Draw(image)
        for _ in range(3):
            x, y = self.rng.randrange(size[0]), self.rng.randrange(size[1])
            shade = tuple(self.rng.randrange(256) for _ in range(3))
            draw.rectangle((x, y, x + size[0] // 3, y + size[1] // 3), fill=shade)
        path = self.files_dir / f"photo-{self.seed}-{number:05d}.{ext}"
        image.save(path, fmt)
        return path
