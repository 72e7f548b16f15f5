"""What a run did, for the final line, `--report FILE` and the state database."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from translate.errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE

OUTCOMES = ("translated", "unchanged", "skipped", "failed")


@dataclass
class RunReport:
    translated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    models_loaded: list[str] = field(default_factory=list)
    backends: dict[str, str] = field(default_factory=dict)
    executor: str = "local"              # where the model work ran: local | ray
    seconds: float = 0.0
    sentences_translated: int = 0
    sentences_reused: int = 0
    run_id: int | None = None
    started: str | None = None           # ISO 8601 UTC
    finished: str | None = None
    fatal: str | None = None             # a run-wide error: the run was aborted
    interrupted: int | None = None       # the signal that stopped the run
    pending: int | None = 0              # articles left for the next run (fatal, signal);
                                         # None: stopped before they were counted
    flagged: list[str] = field(default_factory=list)           # translated with quality flags
    flag_counts: dict[str, int] = field(default_factory=dict)  # flag -> articles carrying it
    nodes: dict[str, int] | None = None  # --executor ray: node id -> articles it did the model work of
    # Each state folder of the run and its run id there (not in the JSON: the review page).
    state_runs: dict[str, int] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {k: len(getattr(self, k)) for k in OUTCOMES}

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 128 + self.interrupted
        if self.fatal:
            return EXIT_USAGE
        return EXIT_FAILED if self.failed else EXIT_OK

    def fail(self, key: str, message: str) -> None:
        self.failed.append(key)
        self.errors[key] = message

    def flag(self, key: str, flags: list[str]) -> None:
        """A translated article carries these quality flags."""
        if not flags:
            return
        self.flagged.append(key)
        for name in flags:
            self.flag_counts[name] = self.flag_counts.get(name, 0) + 1

    def summary_line(self) -> str:
        """The run's last line: what happened to every article, and how long it took."""
        counts = ", ".join(f"{name} {count}" for name, count in self.counts().items())
        line = f"{counts}, flagged {len(self.flagged)} in {self.seconds:.1f} s"
        if self.fatal and self.pending is None:
            return f"aborted (run-wide error above) before the articles were counted: {line}"
        if self.fatal:
            return f"aborted (run-wide error above; {self.pending} article(s) left pending): {line}"
        if self.interrupted and self.pending is None:
            return f"interrupted before the inputs were listed: {line}"
        if self.interrupted:
            return (f"interrupted: {line}; {self.pending} article(s) left for the next run")
        return line

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "translated": self.translated, "unchanged": self.unchanged,
            "skipped": self.skipped, "failed": self.failed, "errors": self.errors,
            "models_loaded": self.models_loaded, "backends": self.backends,
            "executor": self.executor, "seconds": round(self.seconds, 3),
            "sentences_translated": self.sentences_translated,
            "sentences_reused": self.sentences_reused,
            "flagged": self.flagged, "flag_counts": self.flag_counts,
            "exit_code": self.exit_code, "run_id": self.run_id,
            "started": self.started, "finished": self.finished,
        }
        if self.fatal:
            data["fatal"] = self.fatal
        if self.nodes is not None:
            data["nodes"] = self.nodes
        if self.interrupted:
            data["interrupted"] = self.interrupted
        if self.fatal or self.interrupted:
            data["pending"] = self.pending   # None: stopped before they were counted
        return data
