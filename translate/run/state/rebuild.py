"""Rebuild a state database from the JSON records written next to the outputs.

The database is a cache of what the records hold; when it had to be moved aside, this
puts back every translated article and its sentences, so the next run still finds them
unchanged.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable

from translate.run.record import memory_pairs
from translate.run.state.store import StateStore, normalise_sentence

log = logging.getLogger("translate")

# Commit every this many records, so a kill mid-rebuild keeps what was done without one
# huge transaction.
REBUILD_BATCH = 200


def rebuild(store: StateStore, records: Iterable[dict]) -> int:
    """Restore article rows and the sentence memory from `records`; returns how many
    articles were restored. A record that lacks a field is skipped with a warning rather
    than stopping the rebuild."""
    run_id = store.start_run("rebuild")
    started = time.monotonic()
    restored = skipped = 0
    batch: list[tuple[tuple[str, str, str, float], list[tuple]]] = []

    def flush() -> None:
        if not batch:
            return
        with store.db.transaction() as conn:
            store.put_translated(conn, run_id, [article for article, _ in batch])
            for _, sentence_rows in batch:
                store.insert_sentences(conn, sentence_rows)
        batch.clear()

    for record in records:
        try:
            article = (str(record["source"]), str(record["sha256"]),
                       str(record["fingerprint"]), float(record.get("seconds") or 0.0))
            memory_key = str(record["translation_fingerprint"])
            sentence_rows = [(memory_key, key, t.text, t.score, t.capped)
                             for nl, t in memory_pairs(record) if (key := normalise_sentence(nl))]
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            skipped += 1
            where = record.get("source", "?") if isinstance(record, dict) else "?"
            log.warning("rebuild: skipping record for %s: missing or bad field (%s: %s)",
                        where, type(exc).__name__, exc)
            continue
        batch.append((article, sentence_rows))
        restored += 1
        if len(batch) >= REBUILD_BATCH:
            flush()
    flush()

    counts = {"restored": restored}
    if skipped:
        counts["skipped"] = skipped
    store.finish_run(run_id, counts, 0, time.monotonic() - started)
    return restored
