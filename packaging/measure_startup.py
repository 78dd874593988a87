"""Time galleryman from launch to its main window shown on an X display (Xvfb).

    python3 packaging/measure_startup.py [--runs N] COMMAND...
    python3 packaging/measure_startup.py /usr/bin/galleryman
    python3 packaging/measure_startup.py .venv/bin/galleryman

Starts its own Xvfb, then runs `COMMAND --basedir DIR` N times with QT_QPA_PLATFORM=xcb and
watches the X server (Xlib through ctypes, polled every 5 ms) for a viewable top-level window
named "galleryman". Two series:

- first start: a new DIR each time, so the local sandbox is created and seeded with the demo
  galleries before the window appears (what a new user sees);
- next start: one DIR that already has its sandbox (what every later start costs).

Each run is ended by signalling its process group (the app and its sandbox child). As root it
first drops the page cache (when the kernel allows it) so that the first run is really cold.
No flag of the app is involved: this is the app exactly as a user starts it.
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TITLE = b"galleryman"
TIMEOUT_S = 60.0
POLL_S = 0.005


class _XWindowAttributes(ctypes.Structure):
    _fields_ = [
        ("x", ctypes.c_int),
        ("y", ctypes.c_int),
        ("width", ctypes.c_int),
        ("height", ctypes.c_int),
        ("border_width", ctypes.c_int),
        ("depth", ctypes.c_int),
        ("visual", ctypes.c_void_p),
        ("root", ctypes.c_ulong),
        ("class_", ctypes.c_int),
        ("bit_gravity", ctypes.c_int),
        ("win_gravity", ctypes.c_int),
        ("backing_store", ctypes.c_int),
        ("backing_planes", ctypes.c_ulong),
        ("backing_pixel", ctypes.c_ulong),
        ("save_under", ctypes.c_int),
        ("colormap", ctypes.c_ulong),
        ("map_installed", ctypes.c_int),
        ("map_state", ctypes.c_int),
        ("all_event_masks", ctypes.c_long),
        ("your_event_mask", ctypes.c_long),
        ("do_not_propagate_mask", ctypes.c_long),
        ("override_redirect", ctypes.c_int),
        ("screen", ctypes.c_void_p),
    ]


IS_VIEWABLE = 2


class XServer:
    """An Xvfb of our own, and a connection to it that can look for the app's window."""

    def __init__(self) -> None:
        read_fd, write_fd = os.pipe()
        self.process = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1600x1000x24"]
            + ["-nolisten", "tcp"],
            pass_fds=(write_fd,),
            stderr=subprocess.DEVNULL,
        )
        os.close(write_fd)
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise SystemExit("measure_startup: Xvfb did not start")
        self.display = f":{number}"
        name = ctypes.util.find_library("X11")
        if name is None:
            raise SystemExit("measure_startup: libX11 is needed")
        x11 = ctypes.CDLL(name)
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x11.XDefaultRootWindow.restype = ctypes.c_ulong
        x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x11.XQueryTree.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.POINTER(ctypes.c_ulong),
            ctypes.POINTER(ctypes.c_ulong),
            ctypes.POINTER(ctypes.POINTER(ctypes.c_ulong)),
            ctypes.POINTER(ctypes.c_uint),
        ]
        x11.XFetchName.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.POINTER(ctypes.c_char_p),
        ]
        x11.XGetWindowAttributes.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.POINTER(_XWindowAttributes),
        ]
        x11.XFree.argtypes = [ctypes.c_void_p]
        x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        self.x11 = x11
        self.conn = x11.XOpenDisplay(self.display.encode())
        if not self.conn:
            raise SystemExit(f"measure_startup: cannot open display {self.display}")
        self.root = x11.XDefaultRootWindow(self.conn)

    def app_window_shown(self) -> bool:
        x11 = self.x11
        x11.XSync(self.conn, 0)
        root_return, parent = ctypes.c_ulong(), ctypes.c_ulong()
        children = ctypes.POINTER(ctypes.c_ulong)()
        count = ctypes.c_uint()
        if not x11.XQueryTree(
            self.conn,
            self.root,
            ctypes.byref(root_return),
            ctypes.byref(parent),
            ctypes.byref(children),
            ctypes.byref(count),
        ):
            return False
        try:
            for index in range(count.value):
                window = children[index]
                name = ctypes.c_char_p()
                if not x11.XFetchName(self.conn, window, ctypes.byref(name)):
                    continue
                title = name.value or b""
                x11.XFree(name)
                if not title.startswith(TITLE):
                    continue
                attributes = _XWindowAttributes()
                x11.XGetWindowAttributes(self.conn, window, ctypes.byref(attributes))
                if attributes.map_state == IS_VIEWABLE:
                    return True
        finally:
            if children:
                x11.XFree(children)
        return False

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def drop_page_cache() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError:
        return False
    return True


def time_to_window(server: XServer, command: list[str], basedir: Path) -> float:
    env = {**os.environ, "DISPLAY": server.display, "QT_QPA_PLATFORM": "xcb"}
    started = time.perf_counter()
    process = subprocess.Popen(
        [*command, "--basedir", str(basedir)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the app and its sandbox child
    )
    try:
        while not server.app_window_shown():
            if process.poll() is not None:
                raise SystemExit(f"measure_startup: {command[0]} exited with {process.returncode}")
            if time.perf_counter() - started > TIMEOUT_S:
                raise SystemExit(f"measure_startup: no window within {TIMEOUT_S:.0f} s")
            time.sleep(POLL_S)  # a measurement poll, not a synchronisation in a test
        return time.perf_counter() - started
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("command", nargs="+")
    args = parser.parse_args(argv)
    server = XServer()
    try:
        with tempfile.TemporaryDirectory(prefix="galleryman-startup-") as tmp:
            cold = drop_page_cache()
            first = []
            for run in range(args.runs):
                first.append(time_to_window(server, args.command, Path(tmp) / f"new-{run}"))
            seeded = Path(tmp) / "new-0"
            later = [time_to_window(server, args.command, seeded) for _ in range(args.runs)]
    finally:
        server.close()
    command = " ".join(args.command)
    print(f"{command}: window shown after (seconds, {args.runs} runs each)")
    note = "page cache dropped first" if cold else "page cache could not be dropped"
    print(f"  very first run ({note}): {first[0]:.2f}")
    print(f"  first start (new basedir, demo seeded): median {statistics.median(first):.2f}")
    print(f"  next start (existing basedir):          median {statistics.median(later):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
