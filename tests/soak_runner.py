"""The soak: a seeded mix of operations through the real app in a child process, against the
sandbox in a process of its own (with injected faults of every kind), the app killed with
SIGKILL at chosen moments and started again on the same folder; then the app is let drain
its outbox and the site is compared with the intended state.

Used by bench/soak.py (1,000 operations, 3 kills, figures printed) and tests/test_soak.py
(100 operations, 1 kill, asserted).

An operation the kill cut (sent, never acknowledged) is decided from what the app holds
after the kill: its outbox is read (the same SQLite file, before the app starts again). The
gesture was made if it wrote rows after the last acknowledged one (AUTOINCREMENT: seqs are
never used again), or, for an undo, if rows of the step it undoes were taken out. Each kill
says what it found.
"""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from galleryman.sync import Outbox, SiteDb
from tests.app_process import AppProcess, configure_site
from tests.soak_compare import Verdict, compare
from tests.soak_model import Model
from tests.soak_ops import OpGenerator
from tests.soak_outbox import Row, max_seq, outbox_summary, rows_since, seqs_present
from tests.soak_site import SiteProcess, read_site

SITE_KEY = "wix-soak"
# At least 10% of requests fail, in every way the sandbox knows.
FAULTS = (
    "500=0.015,500-after=0.015,503=0.01,429=0.01,429-no-retry-after=0.005,drop-before=0.015,"
    "drop-after=0.015,html-502=0.01,malformed-json=0.01"
)
ANSWER_S = 300.0  # the longest one operation may take (it may wait for a gallery to open)
KILL_MODES = ("after-ack", "in-op")


@dataclass
class SoakConfig:
    workdir: Path
    ops: int = 1000
    kills: int = 3
    seed: int = 1
    faults: str = FAULTS
    latency_scale: float = 0.02
    rate_limit: bool = True  # the 200-a-minute budget, at the site and in the app
    max_waiting: int = 25  # an operation waits until at most this many changes wait
    kill_modes: tuple[str, ...] = KILL_MODES
    progress: Callable[[str], None] = lambda _line: None


@dataclass
class Kill:
    after_op: int
    mode: str
    waiting: int  # changes in the outbox, not yet on the site, when it died
    sending: int  # of which being sent at that moment
    cut: str  # what happened to an operation the kill cut, or ""

    def __str__(self) -> str:
        text = f"after op {self.after_op} ({self.mode}): {self.waiting} changes waiting"
        text += f", {self.sending} being sent"
        return f"{text}; {self.cut}" if self.cut else text


@dataclass
class SoakResult:
    config: SoakConfig
    made: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    kills: list[Kill] = field(default_factory=list)
    verdict: Verdict = field(default_factory=Verdict)
    findings: list[str] = field(default_factory=list)  # positions not as meant, at the gesture
    divergences: list[str] = field(default_factory=list)  # the window showed another order
    problems: list[str] = field(default_factory=list)  # what the window reported
    errors: list[str] = field(default_factory=list)  # unexpected exceptions in the app
    outbox: dict[str, Any] = field(default_factory=dict)  # the app's outbox at the end
    site: dict[str, Any] = field(default_factory=dict)  # requests and faults, by kind
    seconds: float = 0.0
    drain_seconds: float = 0.0
    starts: int = 0


class Soak:
    def __init__(self, config: SoakConfig) -> None:
        self.config = config
        self.result = SoakResult(config)
        self.model = Model()
        self.uploaded: set[str] = set()
        self._rng = random.Random(config.seed * 7919)
        self._last_seq = 0
        self._journal = (config.workdir / "journal.jsonl").open("a", encoding="utf-8")
        self._started = time.monotonic()

    def note(self, **entry: Any) -> None:
        """One line of the run's journal (workdir/journal.jsonl): each operation, its answer
        and each kill, for reading back what happened."""
        entry["t"] = round(time.monotonic() - self._started, 3)
        self._journal.write(json.dumps(entry) + "\n")
        self._journal.flush()

    def run(self) -> SoakResult:
        config, result = self.config, self.result
        started = time.monotonic()
        site = SiteProcess(config.workdir / "site", self._site_options())
        app_dir = config.workdir / "app"
        app_dir.mkdir(parents=True, exist_ok=True)
        configure_site(app_dir, SITE_KEY, site.base_url, site.site_id)
        app = AppProcess(app_dir, SITE_KEY, site.api_key, rate_limit=config.rate_limit)
        try:
            self._last_seq = int(app.start()["max_seq"])
            self._operate(app)
            drain_started = time.monotonic()
            drained = app.request({"op": "drain"}, timeout=3600)
            result.drain_seconds = time.monotonic() - drain_started
            self._news(drained)
            app.quit()
            result.starts = app.starts
            result.outbox = outbox_summary(app.db_path)
            result.site = site.stop()
        finally:
            app.close()
            site.close()
            self._journal.close()
        result.verdict = compare(self.model, read_site(site.data_dir), self.uploaded)
        result.findings = list(self.model.findings)
        result.seconds = time.monotonic() - started
        return result

    def _site_options(self) -> list[str]:
        config = self.config
        options = ["--profile", "wix", "--latency-scale", str(config.latency_scale)]
        options += ["--faults", f"{config.faults},seed={config.seed}", "--seed", str(config.seed)]
        return options if config.rate_limit else [*options, "--rate-limit", "0"]

    def _kill_plan(self) -> dict[int, str]:
        config = self.config
        lo, hi = max(1, config.ops // 10), max(2, config.ops * 9 // 10)
        points = sorted(self._rng.sample(range(lo, hi), min(config.kills, hi - lo)))
        modes = config.kill_modes
        return {p: modes[n % len(modes)] for n, p in enumerate(points)}

    # ------------------------------------------------------------------ the operations

    def _operate(self, app: AppProcess) -> None:
        config = self.config
        generator = OpGenerator(config.seed, config.workdir / "files")
        plan = self._kill_plan()
        due: str | None = None  # a kill planned at an earlier op, waiting for changes in flight
        for index in range(config.ops):
            op = generator.next(self.model)
            due = plan.get(index, due)
            number = app.send({**op, "max_waiting": config.max_waiting})
            if due == "in-op":
                self._kill_in_op(app, index, op, number)
                due = None
                continue
            ack = app.answer(number, ANSWER_S)
            self._record(index, op, ack)
            if due == "after-ack" and ack.get("waiting", 0) > 0:
                self._kill(app, index, due, "")
                due = None
            if index % 50 == 49:
                made = sum(self.result.made.values())
                config.progress(f"  op {index + 1}/{config.ops}: {made} made")

    def _record(self, index: int, op: dict[str, Any], ack: dict[str, Any]) -> None:
        result = self.result
        self.note(index=index, op=op, ack=ack)
        self._news(ack)
        self._last_seq = int(ack.get("max_seq", self._last_seq))
        placed = ack.get("placed", [])  # the sender's moves of creates, before the gesture
        self.model.follow_creates({int(seq): float(order) for seq, order in placed})
        if not ack.get("made"):
            result.skipped[f"{op['op']}: {ack.get('why')}"] += 1
            return
        rows = [Row.from_json(r) for r in ack.get("rows", [])]
        self.model.apply(index, op, rows)
        result.made[op["op"]] += 1
        if op["op"] == "upload":
            self.uploaded.update(Path(f).name for f in op["files"])
        self._compare_window(index, op, ack)

    def _compare_window(self, index: int, op: dict[str, Any], ack: dict[str, Any]) -> None:
        """What the grid shows right after an item gesture, against the intended order."""
        if "undo" in ack and ack["undo"] != len(self.model.undo):
            self.result.divergences.append(
                f"op {index}: the Undo menu has {ack['undo']} steps, "
                f"the driver {len(self.model.undo)}"
            )
        if op["op"] not in ("upload", "edit", "move", "bulk", "delete_items"):
            return
        meant = self.model.gallery(op["gallery"]).names()
        shown = ack.get("shown") or []
        if set(shown) == set(meant) and shown != meant:  # (a clone not listed shows less)
            self.result.divergences.append(
                f"op {index} ({op['op']}): the grid shows {ack.get('shown')}, meant {meant}"
            )

    def _news(self, message: dict[str, Any]) -> None:
        self.result.problems += message.get("problems", [])
        self.result.errors += message.get("errors", [])

    # ------------------------------------------------------------------ kills

    def _kill_in_op(self, app: AppProcess, index: int, op: dict[str, Any], number: int) -> None:
        """Kill while the app makes the operation; decide from its outbox whether it did."""
        if app.wait_started(number, ANSWER_S) is not None:
            time.sleep(self._rng.uniform(0.0, 0.02))  # anywhere in the gesture, or just after
        left = app.kill()
        ack = next((m for m in left if m.get("id") == number and not m.get("started")), None)
        if ack is not None:
            self._record(index, op, ack)
            self._restarted(app, index, "in-op", "the operation was answered before the kill")
            return
        db = SiteDb(app.db_path)
        try:
            rows = rows_since(db, self._last_seq)
            made = bool(rows)
            if op["op"] == "undo" and self.model.undo:
                seqs = list(self.model.undo[-1].seqs)
                made = made or seqs_present(db, seqs) != sorted(seqs)
            self._last_seq = max_seq(db)
        finally:
            db.close()
        what = f"op {index} ({op['op']}) cut by the kill: "
        if rows:
            what += f"made (the outbox has rows written after the last answer: {len(rows)})"
        elif made:
            what += "made (the outbox no longer has the rows of the step it undoes)"
        else:
            what += "not made (nothing of it in the outbox)"
        ack = {"made": made, "why": "cut by the kill", "rows": [r.to_json() for r in rows]}
        self._record(index, op, ack)
        self._restarted(app, index, "in-op", what)

    def _kill(self, app: AppProcess, index: int, mode: str, cut: str) -> None:
        app.kill()
        self._restarted(app, index, mode, cut)

    def _restarted(self, app: AppProcess, index: int, mode: str, cut: str) -> None:
        db = SiteDb(app.db_path)
        try:
            counts = Outbox(db).counts()
            sending = db.conn.execute(
                "SELECT COUNT(*) FROM changes WHERE state = 'sending'"
            ).fetchone()[0]
        finally:
            db.close()
        self.result.kills.append(Kill(index, mode, counts.waiting, int(sending), cut))
        self.note(kill=str(self.result.kills[-1]))
        self.config.progress(f"  kill: {self.result.kills[-1]}")
        self.model.clear_undo()
        self._last_seq = int(app.start()["max_seq"])


def run_soak(config: SoakConfig) -> SoakResult:
    return Soak(config).run()
