"""The run state of an output folder: an SQLite database with numbered migrations.

`StateStore` answers what the pipeline asks (runs, articles, the sentence memory);
`database` opens, migrates and recovers the file; `rebuild` restores it from the records
on disk; `lock` keeps one run per folder.
"""

from translate.errors import StateError
from translate.files import STATE_DIR_NAME
from translate.run.state.database import DB_NAME, utc_now
from translate.run.state.migrations import SCHEMA_VERSION
from translate.run.state.store import (
    ArticleState, FlaggedArticle, RunInfo, StateStore, normalise_sentence,
)

__all__ = [
    "DB_NAME", "SCHEMA_VERSION", "STATE_DIR_NAME", "ArticleState", "FlaggedArticle", "RunInfo",
    "StateError", "StateStore", "normalise_sentence", "utc_now",
]
