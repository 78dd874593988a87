"""gc_tuning.settle() freezes what is loaded, which is only safe because the models hold no
reference cycles: dropped items must be freed by reference counting alone."""

from __future__ import annotations

import gc
import json
from pathlib import Path

from galleryman import gc_tuning
from galleryman.wix.models import Gallery, Item

FIXTURES = Path(__file__).parent / "fixtures" / "wix-examples"


def test_dropped_models_leave_no_cycles_for_the_collector() -> None:
    gallery = json.loads((FIXTURES / "get_gallery.response.json").read_text())["gallery"]
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        parsed = [Gallery.from_json(gallery) for _ in range(200)]
        edited = [Item.from_json(i) for i in gallery["items"] for _ in range(100)]
        for item in edited:
            item.title = "changed"
            item.to_json()
        del parsed, edited
        assert gc.collect() == 0  # everything went with its last reference
    finally:
        if was_enabled:
            gc.enable()


def test_settle_moves_loaded_objects_out_of_the_collectors_walk() -> None:
    items = [Item.text_item(f"<p>{n}</p>", title=str(n)) for n in range(1000)]
    before = gc.get_freeze_count()
    gc_tuning.settle()
    try:
        assert gc.get_freeze_count() >= before + 1000
    finally:
        gc.unfreeze()
    assert items[-1].title == "999"
