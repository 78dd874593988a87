"""Keep Python's cyclic garbage collector from stalling the window.

A full collection walks every object the collector tracks. With a 10,000-item gallery in
memory that walk takes 50–80 ms, and it runs on whichever thread happens to allocate — often
the API worker, which then holds the GIL that the GUI thread needs to paint. Measured in
bench/bench_gui.py, these walks were the window's longest stalls while a big gallery loaded.

After a batch of long-lived objects arrives (a page of items), `settle()` moves everything
tracked so far out of the collector's reach (`gc.freeze`), so later collections only walk what
is new. Frozen objects are still freed by reference counting when dropped; the models hold no
reference cycles (tests/test_gc_tuning.py checks), so nothing of theirs leaks. What does hold
cycles (a closed site's session, its signal connections) is freed by `release()` when a site
closes: everything frozen goes back to the collector, and one full collection runs.
"""

from __future__ import annotations

import gc

_owed = False  # a site closed since the last freeze: collect its garbage before freezing


def settle() -> None:
    global _owed
    if _owed:
        # What a closed site left may only now be garbage (its last queued events have run):
        # freezing it would keep it for good.
        gc.collect()
        _owed = False
    gc.freeze()


def release() -> None:
    """Let the collector see (and free) everything frozen so far; call when a site closes."""
    global _owed
    gc.unfreeze()
    gc.collect()
    _owed = True
