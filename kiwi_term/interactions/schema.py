"""The interaction database: where it lives, its tables, and opening it.

One SQLite file per user (`data_dir()/interactions.sqlite`), every row tagged with the project
folder it happened in. WAL mode lets the terminal write while `kiwi log stats` reads.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from kiwi_term.config import data_dir

DATABASE_NAME = "interactions.sqlite"
SCHEMA_VERSION = 1

# Ids of `shown`, `executions` and `turns` are assigned by the writing process (the caller gets
# them before the row is written), so they have no AUTOINCREMENT; `actions` and `feedback` rows
# are never referred to and let SQLite choose.
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS shown (
    id INTEGER PRIMARY KEY,
    ts REAL NOT NULL,
    project TEXT NOT NULL,
    text TEXT NOT NULL,
    history_digest TEXT NOT NULL,
    history TEXT NOT NULL,
    predictions TEXT NOT NULL,
    top_confidence REAL,
    latency_ms REAL,
    cache_state TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS actions (
    id INTEGER PRIMARY KEY,
    ts REAL NOT NULL,
    project TEXT NOT NULL,
    prediction_id INTEGER,
    action TEXT NOT NULL,
    rank INTEGER,
    call TEXT
);
CREATE TABLE IF NOT EXISTS executions (
    id INTEGER PRIMARY KEY,
    ts REAL NOT NULL,
    project TEXT NOT NULL,
    prediction_id INTEGER,
    turn_id INTEGER,
    call TEXT NOT NULL,
    chosen_by TEXT NOT NULL,
    duration_ms REAL,
    status TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS turns (
    id INTEGER PRIMARY KEY,
    ts REAL NOT NULL,
    project TEXT NOT NULL,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    latency_ms REAL,
    tokens TEXT,
    cached INTEGER NOT NULL,
    prompt TEXT,
    text TEXT NOT NULL,
    calls TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY,
    ts REAL NOT NULL,
    project TEXT NOT NULL,
    target_id INTEGER,
    good INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS shown_project ON shown (project, ts);
CREATE INDEX IF NOT EXISTS actions_prediction ON actions (prediction_id);
CREATE INDEX IF NOT EXISTS executions_prediction ON executions (prediction_id);
CREATE INDEX IF NOT EXISTS feedback_target ON feedback (target_id);
"""

TABLES = ("shown", "actions", "executions", "turns", "feedback")
"""Tables holding records, in the order `purge` reports them."""


def database_path() -> Path:
    """The user's interaction database (it may not exist yet)."""
    return data_dir() / DATABASE_NAME


def history_digest(history: Sequence[str]) -> str:
    """sha256 of the earlier turns joined by a record separator (which no typed text holds)."""
    return hashlib.sha256("\x1e".join(history).encode("utf-8")).hexdigest()


def connect(path: Path, create: bool = True) -> sqlite3.Connection | None:
    """Open the database in WAL mode with its tables; create the file only when `create`.

    Each statement commits on its own (autocommit), so a killed process loses at most the
    statement it was executing. `synchronous=NORMAL` is durable against a crash of the app (the
    WAL is in the OS's hands once a commit returns); only a power cut may undo the last commits,
    which costs log rows, never the database.

    Returns:
        The connection, or None when `create` is false and the file does not exist.

    Raises:
        sqlite3.Error, OSError: the file cannot be created or is not a database.
    """
    if not create and not path.is_file():
        return None
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None, timeout=5.0, check_same_thread=False)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA busy_timeout=5000")
        # Readers run it too: harmless when the tables exist, and a reader that opens the file
        # between its creation and the writer's first statement still finds them.
        conn.executescript(SCHEMA)
        conn.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)",
            (str(SCHEMA_VERSION),),
        )
    except sqlite3.Error:
        conn.close()
        raise
    return conn
