"""Database faults the user meets as a message, not as a crash: the database cannot be
reached (stopped, frozen, locked too long) or has no room left to write.

``storage.db.transaction`` turns the driver's errors into these at the boundary, keeping
the driver's error as the cause for the log. Programming errors (a wrong query, a missing
table) stay what they are: they are bugs, not faults to wait out.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import exc

from sofs_core.errors import SofsError

# SQLite result codes that mean "the file cannot be used just now", not "your SQL is wrong".
_SQLITE_UNAVAILABLE = frozenset({
    sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PROTOCOL, sqlite3.SQLITE_NOTADB,
})
# PostgreSQL SQLSTATE classes and codes of the same kind: connection exceptions (08),
# insufficient resources (53: disk full, out of memory, too many connections), the server
# shutting down or starting (57P01..57P03), a statement or lock wait over its timeout.
_PG_UNAVAILABLE_CLASSES = ("08", "53")
_PG_UNAVAILABLE = frozenset({"57P01", "57P02", "57P03", "57014", "55P03"})
_PG_DISK_FULL = "53100"


class StorageUnavailable(SofsError):
    """The database cannot be reached or does not answer in time; nothing was saved."""

    message_key = "fault.database_unreachable"


class StorageFull(StorageUnavailable):
    """The database has no room to write: nothing is saved, and nothing is read either,
    since every read of case data is recorded in the audit trail first."""

    message_key = "fault.storage_full"


def storage_fault(error: BaseException) -> StorageUnavailable | None:
    """The fault ``error`` stands for, or None when it is not a database fault."""
    if isinstance(error, exc.TimeoutError):  # no pooled connection came free in time
        return StorageUnavailable()
    if not isinstance(error, exc.DBAPIError):
        return None
    cause = error.orig
    if isinstance(cause, sqlite3.Error):
        code = getattr(cause, "sqlite_errorcode", None)
        if code is not None and code & 0xFF == sqlite3.SQLITE_FULL:
            return StorageFull()
        if code is not None and code & 0xFF in _SQLITE_UNAVAILABLE:
            return StorageUnavailable()
        return None
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate == _PG_DISK_FULL:
        return StorageFull()
    if sqlstate is not None:
        unavailable = sqlstate in _PG_UNAVAILABLE or sqlstate.startswith(
            _PG_UNAVAILABLE_CLASSES)
        return StorageUnavailable() if unavailable else None
    # No SQLSTATE: the driver lost or never had a connection (refused, timed out, reset).
    if error.connection_invalidated or isinstance(error, exc.OperationalError | exc.InterfaceError):
        return StorageUnavailable()
    return None
