"""Backups and restores of the database, safe while users go on working.

A plain copy of the live SQLite file misses every save still in its write-ahead log, and
can catch a page half-written. SQLite's online backup API reads one consistent snapshot
through an ordinary connection, the log included, while writers carry on: every save that
was acknowledged before the backup began is in it. PostgreSQL is backed up with its own
``pg_dump`` (custom format), run here when it is installed; it is restored with
``pg_restore`` by hand (see the README), because that needs the owner and a database of
its own choosing.

A restore checks the file first (a SQLite file, sofs's tables, a schema revision this
version knows), migrates a copy of it up when it is older, checks that copy's audit chain,
records the restore as the restored trail's newest line, keeps the database it replaces
aside, and only then writes it into place. It refuses to
replace a database that is open elsewhere (a running app) unless asked to.

Reports hold paths, sizes, revisions and audit line ids and hashes: never case data.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, make_url
from sqlalchemy.orm import Session

from sofs_core.clock import utcnow
from sofs_core.codes import AuditAction
from sofs_core.errors import SofsError
from storage.audit import append, verify
from storage.db import SCHEMA_HEAD, alembic_config, make_engine, migrate

# Tables every sofs database has had since its first revision.
_SOFS_TABLES = frozenset({"alembic_version", "users", "families", "cases", "audit_events"})
# How long a restore waits for the app's writers when it writes into a database in use.
_BUSY_SECONDS = 30.0


class BackupRefused(SofsError):
    """A backup or restore that did not happen; ``params`` say why (paths, revisions)."""

    message_key = "backup.refused"


@dataclass(frozen=True)
class BackupReport:
    path: Path
    size_bytes: int
    schema_revision: str | None
    audit_lines: int | None  # the newest audit line's id (None for a pg_dump archive)
    audit_head_hash: str | None


@dataclass(frozen=True)
class RestoreReport:
    target: Path
    from_revision: str
    schema_revision: str
    audit_lines: int
    audit_head_hash: str
    replaced_kept_at: Path | None


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL, or None for another database (or an in-memory one)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database \
            or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def backup_name(now: datetime | None = None, *, suffix: str = ".sqlite3") -> str:
    """``sofs-YYYYMMDD-HHMMSSZ`` (UTC): sorts by time, and one a second at most."""
    return f"sofs-{(now or utcnow()).strftime('%Y%m%d-%H%M%SZ')}{suffix}"


def backup(url: str, dest: Path) -> BackupReport:
    """Back up the database at ``url`` to ``dest`` (a new file, or a folder for a dated one).

    SQLite: the online backup API, then a quick check of the copy. PostgreSQL: ``pg_dump
    --format=custom`` when it is on the PATH. The file is written beside its final name
    and renamed when complete, readable by its owner only.
    """
    source = sqlite_path(url)
    if source is None and make_url(url).get_backend_name() == "postgresql":
        return _pg_dump(url, _destination(dest, ".dump"))
    if source is None:
        raise BackupRefused("backup.not_a_file_database")
    if not source.is_file():
        raise BackupRefused("backup.no_database", path=str(source))
    final = _destination(dest, ".sqlite3")
    with _partial(final) as partial, \
            closing(sqlite3.connect(source, timeout=_BUSY_SECONDS)) as live, \
            closing(sqlite3.connect(partial)) as copy:
        # One step (pages=-1) reads one snapshot: WAL readers never block the writers.
        live.backup(copy)
        # A file of its own: no write-ahead log to carry along.
        copy.execute("PRAGMA journal_mode=DELETE")
        if copy.execute("PRAGMA quick_check").fetchone() != ("ok",):
            raise BackupRefused("backup.copy_damaged", path=str(final))
    revision, head_id, head_hash = _describe(final)
    return BackupReport(final, final.stat().st_size, revision, head_id, head_hash)


def database_in_use(path: Path) -> bool:
    """True when another connection has the SQLite database open (a running app).

    sofs keeps its databases in WAL mode, and leaving WAL mode needs the only connection;
    whether that is possible shows whether anyone else is there. The mode is put back.
    """
    if not path.is_file():
        return False
    with closing(sqlite3.connect(path, timeout=0)) as probe:
        if probe.execute("PRAGMA journal_mode").fetchone() != ("wal",):
            return False
        try:
            probe.execute("PRAGMA journal_mode=DELETE").fetchone()
        except sqlite3.OperationalError:
            return True
        probe.execute("PRAGMA journal_mode=WAL").fetchone()
        return False


def known_revisions() -> list[str]:
    """The schema revisions this version of sofs knows, oldest first."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config())
    return [script.revision for script in reversed(list(scripts.walk_revisions()))]


def check_backup(path: Path) -> str:
    """The schema revision of a sofs SQLite backup; refuses any other file."""
    if not path.is_file():
        raise BackupRefused("backup.no_file", path=str(path))
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as db:
            if db.execute("PRAGMA quick_check").fetchone() != ("ok",):
                raise BackupRefused("backup.damaged", path=str(path))
            tables = {row[0] for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not tables >= _SOFS_TABLES:
                raise BackupRefused("backup.not_sofs", path=str(path))
            revisions = [row[0] for row in db.execute("SELECT version_num FROM alembic_version")]
    except sqlite3.DatabaseError as error:  # not SQLite at all, or unreadable
        raise BackupRefused("backup.not_sofs", path=str(path)) from error
    if len(revisions) != 1 or revisions[0] not in known_revisions():
        raise BackupRefused("backup.unknown_revision", path=str(path),
                            revision=", ".join(revisions), head=SCHEMA_HEAD)
    return str(revisions[0])


def restore(src: Path, url: str, *, while_in_use: bool = False,
            allow_broken_audit: bool = False) -> RestoreReport:
    """Put the SQLite backup ``src`` in place of the database at ``url``.

    Checked and migrated on a copy first; the database it replaces is kept beside it as
    ``<name>.replaced-<time>.sqlite3``. Writing goes through the backup API into the
    database itself, so even with ``while_in_use`` an open app sees the whole restored
    database or the old one, never a mix (it should be restarted all the same).
    """
    target = sqlite_path(url)
    if target is None:
        raise BackupRefused("backup.restore_not_sqlite")
    from_revision = check_backup(src)
    if not while_in_use and database_in_use(target):
        raise BackupRefused("backup.in_use", path=str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(f".{target.name}.restoring")
    try:
        _copy_sqlite(src, staged)
        engine = make_engine(f"sqlite:///{staged}")
        try:
            migrate(engine)
            with engine.connect() as connection:
                chain = verify(connection)
            if not chain.intact and not allow_broken_audit:
                raise BackupRefused("backup.audit_broken", path=str(src),
                                    line=chain.broken_at, problem=str(chain.problem))
            _record_restore(engine, from_revision)
        finally:
            engine.dispose()
        kept = None
        if target.is_file():
            kept = target.with_name(f"{target.stem}.replaced-"
                                    f"{utcnow().strftime('%Y%m%d-%H%M%S%fZ')}{target.suffix}")
            _copy_sqlite(target, kept)
        _copy_sqlite(staged, target, into_live=True)
    finally:
        for leftover in (staged, Path(f"{staged}-wal"), Path(f"{staged}-shm")):
            leftover.unlink(missing_ok=True)
    revision, head_id, head_hash = _describe(target)
    return RestoreReport(target, from_revision, revision or "", head_id or 0,
                         head_hash or "", kept)


def _record_restore(engine: Engine, from_revision: str) -> None:
    """The restored trail says so: one line, in the copy before it goes into place, so
    whoever reads the trail sees where its lines after the backup went."""
    with Session(engine) as session, session.begin():
        append(session, AuditAction.CHANGE, f"server/restore:{from_revision}",
               actor_name="(server)")


def _copy_sqlite(source: Path, dest: Path, *, into_live: bool = False) -> None:
    """Copy one SQLite database to another with the backup API (a consistent snapshot).

    ``into_live`` writes into an existing database in place, under its locks, keeping its
    WAL mode; otherwise ``dest`` is a new file of its own, readable by its owner only.
    """
    if not into_live:
        dest.unlink(missing_ok=True)
    if not dest.exists():
        dest.touch(mode=0o600)
    with closing(sqlite3.connect(source, timeout=_BUSY_SECONDS)) as origin, \
            closing(sqlite3.connect(dest, timeout=_BUSY_SECONDS)) as copy:
        origin.backup(copy)
        copy.execute("PRAGMA journal_mode=WAL" if into_live else "PRAGMA journal_mode=DELETE")


def _describe(path: Path) -> tuple[str | None, int | None, str | None]:
    """Schema revision and the audit chain's head (newest line id and hash) of a database."""
    # Read-write: a read-only connection could not tidy a WAL database's side files away.
    with closing(sqlite3.connect(path, timeout=_BUSY_SECONDS)) as db:
        revision = db.execute("SELECT version_num FROM alembic_version").fetchone()
        head = db.execute("SELECT last_id, last_hash FROM audit_chain_head").fetchone()
    return (revision[0] if revision else None,
            int(head[0]) if head else 0, str(head[1]) if head else None)


def _destination(dest: Path, suffix: str) -> Path:
    final = dest / backup_name(suffix=suffix) if dest.is_dir() else dest
    if final.exists():
        raise BackupRefused("backup.exists", path=str(final))
    if not final.parent.is_dir():
        raise BackupRefused("backup.no_folder", path=str(final.parent))
    return final


@contextmanager
def _partial(final: Path) -> Iterator[Path]:
    """A file beside ``final`` that becomes it only when the block completes."""
    partial = final.with_name(f".{final.name}.partial")
    partial.unlink(missing_ok=True)
    partial.touch(mode=0o600)
    try:
        yield partial
        os.replace(partial, final)
    finally:
        partial.unlink(missing_ok=True)


def _pg_dump(url: str, final: Path) -> BackupReport:
    """``pg_dump --format=custom`` of the database at ``url``; the password goes through
    the environment, not the command line (where other users of the server could read
    it)."""
    program = shutil.which("pg_dump")
    if program is None:
        raise BackupRefused("backup.no_pg_dump")
    parsed = make_url(url)
    env = {**os.environ, "PGPASSWORD": parsed.password or "", "PGCONNECT_TIMEOUT": "10"}
    command = [program, "--format=custom", "--no-password"]
    for flag, value in (("--host", parsed.host), ("--port", parsed.port),
                        ("--username", parsed.username), ("--dbname", parsed.database)):
        if value is not None:
            command.append(f"{flag}={value}")
    with _partial(final) as partial:
        command.append(f"--file={partial}")
        # The program found on the PATH, with arguments from the settings' URL (no shell).
        done = subprocess.run(command, env=env, capture_output=True, text=True,  # noqa: S603
                              check=False)
        if done.returncode != 0:
            # pg_dump's own words: connection and version problems, never row data.
            raise BackupRefused("backup.pg_dump_failed", detail=done.stderr.strip()[-500:])
    return BackupReport(final, final.stat().st_size, None, None, None)
