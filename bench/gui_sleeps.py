"""Where the GUI thread slept, and who woke it: read a Linux `perf` trace of the scheduler.

A stall that bench_gui.py splits as "asleep (blocked)" is time the GUI thread was off its
processor without being preempted: waiting for a lock, for Python's interpreter lock, or for
other threads to finish something it handed them. The scheduler knows which: this prints each
sleep of one thread over a threshold, the kernel stack it slept in (a futex, poll...) and the
thread that woke it, with that thread's stack. It found Qt's pool of painting threads
(galleryman/qt_environment.py): the GUI thread asleep on a futex, woken by "Thread (pooled)".

    perf record -k CLOCK_MONOTONIC -e sched:sched_switch,sched:sched_wakeup -g -a \\
        -o gui.data -- python bench/bench_gui.py --busy 6 --apart
    perf script -i gui.data -F comm,tid,cpu,time,event,trace,ip,sym > gui.txt
    python bench/gui_sleeps.py gui.txt --tid PID [--min-ms 15] [--from T --to T]

PID is the benchmark's process id, which bench_gui.py prints first (its GUI thread's id is
the same). `--from`/`--to` take the trace's clock (CLOCK_MONOTONIC seconds, as
`time.monotonic()` gives). Needs root or kernel.perf_event_paranoid <= 1.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

HEADER = re.compile(r"^\s*(\S.*?)\s+(\d+)\s+\[(\d+)\]\s+([\d.]+):\s+sched:(\w+):\s*(.*)$")


@dataclass
class Event:
    comm: str
    tid: int
    seconds: float
    name: str
    fields: str
    stack: list[str] = field(default_factory=list)

    def number(self, key: str) -> int:
        found = re.search(rf"\b{key}=(\d+)", self.fields)
        return int(found.group(1)) if found else -1


@dataclass
class Sleep:
    off: Event  # the switch away from the thread
    woken: Event | None  # its wakeup (None: it was preempted, not asleep)
    on: Event  # the switch back to it

    @property
    def asleep_ms(self) -> float:
        return 0.0 if self.woken is None else (self.woken.seconds - self.off.seconds) * 1000

    @property
    def waiting_ms(self) -> float:
        """Runnable but without a processor."""
        since = self.off if self.woken is None else self.woken
        return (self.on.seconds - since.seconds) * 1000


def read_events(path: str) -> Iterator[Event]:
    event: Event | None = None
    with open(path, errors="replace") as lines:
        for line in lines:
            if header := HEADER.match(line):
                if event is not None:
                    yield event
                comm, tid, _cpu, seconds, name, fields = header.groups()
                event = Event(comm, int(tid), float(seconds), name, fields)
            elif line.strip() and event is not None:
                parts = line.split(None, 1)  # address, then symbol+offset (library)
                event.stack.append(parts[-1].split("+")[0].strip())
    if event is not None:
        yield event


def sleeps_of(events: Iterator[Event], tid: int) -> Iterator[Sleep]:
    off: Event | None = None
    woken: Event | None = None
    preempted = False
    for event in events:
        if event.name == "sched_switch":
            if event.number("prev_pid") == tid:
                off, woken = event, None
                preempted = re.search(r"prev_state=R", event.fields) is not None
            elif event.number("next_pid") == tid and off is not None:
                yield Sleep(off, woken, event)
                off = None
        elif event.name == "sched_wakeup" and event.number("pid") == tid:
            asleep_unwoken = off is not None and woken is None and not preempted
            woken = event if asleep_unwoken else woken


def chain(stack: list[str], frames: int) -> str:
    return " <- ".join(stack[:frames]) or "(no stack: record with -g)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trace", help="the output of `perf script` (see above)")
    parser.add_argument("--tid", type=int, required=True, help="the GUI thread's id")
    parser.add_argument("--min-ms", type=float, default=15.0, help="shortest sleep shown")
    parser.add_argument("--from", dest="start", type=float, default=0.0)
    parser.add_argument("--to", dest="end", type=float, default=float("inf"))
    args = parser.parse_args()
    for sleep in sleeps_of(read_events(args.trace), args.tid):
        if sleep.on.seconds < args.start or sleep.off.seconds > args.end:
            continue
        if sleep.asleep_ms < args.min_ms:
            continue
        print(
            f"{sleep.off.seconds:.3f}: asleep {sleep.asleep_ms:.1f} ms, "
            f"then waited {sleep.waiting_ms:.1f} ms for a processor"
        )
        print(f"  slept in  {chain(sleep.off.stack, 12)}")
        if sleep.woken is not None:
            waker = sleep.woken
            print(f"  woken by  {waker.comm} (thread {waker.tid}): {chain(waker.stack, 10)}")


if __name__ == "__main__":
    main()
