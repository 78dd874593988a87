"""Test gates: hold matching requests server-side until the test lets them go.

GUI and client tests need exact interleavings ("the save is in flight while the user edits")
without sleeping or injected latency. A gate holds every request whose method and path match,
after its body is read and before anything else happens to it (latency, faults, routing)::

    with server.gate("PATCH", r"/items/") as gate:
        start_the_save()                     # the request arrives and waits
        assert gate.arrived(1, timeout=10)   # ... held now
        edit_something_else()
        gate.release_one()                   # the oldest held request goes on
    # leaving the block releases everything and removes the gate

``release()`` opens the gate for good (held and later requests pass); ``release_one()`` lets
one request through: the oldest held one, or the next to arrive when none is held.
"""

from __future__ import annotations

import re
import threading
from collections import deque
from types import TracebackType


class Gate:
    def __init__(self, method: str, path_regex: str, registry: Gates) -> None:
        self.method = method.upper()
        self.pattern = re.compile(path_regex)
        self._registry = registry
        self._cond = threading.Condition()
        self._held: deque[threading.Event] = deque()
        self._permits = 0
        self._open = False
        self.total_arrived = 0

    def matches(self, method: str, path: str) -> bool:
        return method.upper() == self.method and self.pattern.search(path) is not None

    def hold(self) -> None:
        """Called by the server for a matching request: blocks until released."""
        with self._cond:
            self.total_arrived += 1
            if self._open:
                return
            if self._permits:
                self._permits -= 1
                return
            ticket = threading.Event()
            self._held.append(ticket)
            self._cond.notify_all()
        ticket.wait()

    @property
    def held(self) -> int:
        with self._cond:
            return len(self._held)

    def arrived(self, n: int = 1, timeout: float = 10.0) -> bool:
        """Wait until at least ``n`` requests are held; False if that did not happen in time."""
        with self._cond:
            return self._cond.wait_for(lambda: len(self._held) >= n, timeout)

    def release_one(self) -> None:
        with self._cond:
            if self._held:
                self._held.popleft().set()
            else:
                self._permits += 1

    def release(self) -> None:
        """Let every held request go on, and every later one pass."""
        with self._cond:
            self._open = True
            while self._held:
                self._held.popleft().set()

    def close(self) -> None:
        """Release everything and stop matching."""
        self.release()
        self._registry.remove(self)

    def __enter__(self) -> Gate:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class Gates:
    """The server's active gates (a request passes each matching one in turn)."""

    def __init__(self) -> None:
        self._gates: list[Gate] = []
        self._lock = threading.Lock()

    def add(self, method: str, path_regex: str) -> Gate:
        gate = Gate(method, path_regex, self)
        with self._lock:
            self._gates.append(gate)
        return gate

    def remove(self, gate: Gate) -> None:
        with self._lock:
            if gate in self._gates:
                self._gates.remove(gate)

    def wait_at(self, method: str, path: str) -> bool:
        """Hold at every matching gate; True if any gate matched."""
        with self._lock:
            matching = [g for g in self._gates if g.matches(method, path)]
        for gate in matching:
            gate.hold()
        return bool(matching)

    def release_all(self) -> None:
        with self._lock:
            gates = list(self._gates)
        for gate in gates:
            gate.release()
