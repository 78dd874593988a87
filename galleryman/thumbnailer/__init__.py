"""The thumbnail process: downloads and decodes the window's thumbnails in a process of its own.

The window sends it requests and gets back pixels ready for a pixmap (`protocol`). What it
does for one request, disk cache then server then Pillow, is `fetch`; `cli` is its main loop
(`galleryman thumbnails ...`). Nothing here imports Qt.

Why a process: a thread of the window that decodes holds Python's GIL, and on a busy machine
it is preempted while holding it; the GUI thread then waits for a lock whose holder waits for
a processor (scrolling stalls of 150-345 ms with six busy programs; README, Scale).
"""
