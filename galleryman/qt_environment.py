"""Qt settings that must be made before the QApplication exists.

Qt's raster engine hands every fill of 96 or more spans (the Fusion style's scroll bars and
toolbars, gradients, scaled pixmaps) and every conversion or smooth scaling of an image over
128k pixels to a pool of threads, and the GUI thread sleeps until they are done. While other
programs keep the processors busy, those threads wait for one, and the window cannot paint
meanwhile: in bench/bench_gui.py (six busy programs, each in a session of its own), scrolling
stalled up to 138 ms, 43-56 ms of it asleep waiting for the pool. Painting on the GUI thread
alone costs it a little CPU and takes the wait away. Qt reads the variable once, at the first
such fill.
"""

from __future__ import annotations

import os


def prepare_qt_environment() -> None:
    """Keep Qt's painting on the calling thread, unless the user's environment says otherwise
    (any value of QT_NO_GUI_THREADPOOL turns the pool off; unset, ours does)."""
    os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
