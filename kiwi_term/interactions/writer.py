"""The interaction log's background writer and its row ids.

One thread owns the SQLite connection (sqlite3 connections are not to be shared across threads)
and commits each record as soon as it arrives, in its own transaction.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
import time
from typing import Any

from kiwi_term.interactions.schema import connect

log = logging.getLogger("kiwi_term.interactions.log")

STOP = object()
"""Queued to end the writer thread."""
_CLIENT_ID_TABLES = frozenset({"shown", "executions", "turns"})
_REFERENCES = ("prediction_id", "turn_id", "target_id")


class RowIds:
    """Row ids unique across processes sharing one database, without asking the database.

    An id is the current time in microseconds, bumped to stay increasing within the process. Two
    processes writing in the same microsecond collide on insert; the writer then lets SQLite pick
    a new id and remaps later references to it (see `Writer._insert`).
    """

    def __init__(self) -> None:
        self._last = 0
        self._lock = threading.Lock()

    def next(self) -> int:
        """A new id, greater than every id this process issued before."""
        with self._lock:
            self._last = max(self._last + 1, time.time_ns() // 1000)
            return self._last


class Writer:
    """The background thread's work: open the database, then insert records as they come."""

    def __init__(self, owner: Any, records: queue.Queue[Any]) -> None:
        """
        Args:
            owner: the `InteractionLog`; its `dropped` and `last_error` are updated. A strong
                reference on purpose: a log the app forgot to close must still drain its queue.
            records: the queue of (table, row), `threading.Event` (set when reached) and `STOP`.
        """
        self.path = owner.path
        self.owner = owner
        self.queue = records
        self.remap: dict[int, int] = {}

    def run(self) -> None:
        """Open the database, then write queued records until `STOP`."""
        conn = None
        try:
            conn = connect(self.path)
        except (sqlite3.Error, OSError) as exc:
            self._fail(f"cannot open {self.path}: {exc}")
        try:
            while True:
                item = self.queue.get()
                if item is STOP:
                    return
                if isinstance(item, threading.Event):
                    item.set()
                    continue
                if conn is None:
                    self.owner.dropped += 1
                    continue
                table, row = item
                try:
                    self._insert(conn, table, row)
                except sqlite3.Error as exc:
                    self.owner.dropped += 1
                    self._fail(f"cannot write to {self.path}: {exc}")
        finally:
            if conn is not None:
                conn.close()

    def _insert(self, conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> None:
        for key in _REFERENCES:
            if row.get(key) in self.remap:
                row[key] = self.remap[row[key]]
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
        try:
            conn.execute(sql, tuple(row.values()))
        except sqlite3.IntegrityError:
            if table not in _CLIENT_ID_TABLES or "id" not in row:
                raise
            # Another process took this id in the same microsecond: let SQLite choose one and
            # point this process's later references at it.
            old = row.pop("id")
            cursor = conn.execute(
                f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
                tuple(row.values()),
            )
            if cursor.lastrowid is not None:
                self.remap[old] = cursor.lastrowid

    def _fail(self, message: str) -> None:
        if self.owner.last_error != message:
            log.warning("interaction log: %s", message)
        self.owner.last_error = message
