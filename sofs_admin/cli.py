"""`sofs` command line: what `make run`, `make demo` and an administrator need."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from sofs_core.codes import Role
from sofs_core.settings import Settings, load_settings
from storage.db import is_empty, make_engine, migrate, session_factory, transaction

if TYPE_CHECKING:
    from storage.backup import BackupRefused


def _engine() -> Engine:
    return make_engine(load_settings().effective_database_url)


def migrate_as_owner(settings: Settings) -> str | None:
    """Migrate with the owner's URL; on PostgreSQL with a separate app role, grant that role
    what it needs (the audit trail: read and append only). Returns the role granted."""
    from storage.roles import grant_app_role, login_role

    owner_url = settings.effective_migration_database_url
    owner = make_engine(owner_url)
    try:
        migrate(owner)
        app_role = login_role(settings.effective_database_url)
        if (owner.dialect.name != "postgresql" or app_role is None
                or app_role == login_role(owner_url)):
            return None
        grant_app_role(owner, app_role)
        return app_role
    finally:
        owner.dispose()


def cmd_migrate(_args: argparse.Namespace) -> int:
    granted = migrate_as_owner(load_settings())
    print("Database is up to date.")
    if granted:
        print(f"Role {granted} may read and append the audit trail, not change it.")
    return 0


_PROBLEMS = {
    "altered": "its fields no longer match its hash (the line was changed)",
    "unsealed": "it has no hash (written around the app)",
    "broken_link": "it does not chain from the line before it (lines removed or inserted)",
    "end_missing": "it is missing: the trail ends before its newest line (lines removed)",
    "not_chained": "it comes after the newest line the chain knows of (inserted)",
    "head_missing": "the record of the newest line is gone",
}


def cmd_verify_audit(_args: argparse.Namespace) -> int:
    """Check the audit trail's hash chain. Prints counts, ids and hashes: never case data."""
    from storage.audit import verify

    engine = _engine()
    try:
        with engine.connect() as connection:
            report = verify(connection)
    finally:
        engine.dispose()
    if report.problem is None:
        print(f"Audit trail intact: {report.lines} line(s); newest line {report.head_id}, "
              f"hash {report.head_hash}.")
        return 0
    where = f"line {report.broken_at}" if report.broken_at is not None else "the trail"
    print(f"Audit trail BROKEN at {where}: {_PROBLEMS[report.problem.value]}.",
          file=sys.stderr)
    return 1


def prepare(*, demo_if_empty: bool) -> str | None:
    """Migrate; with demo_if_empty, load the demo into a new *embedded* database.

    Returns a line to tell the person starting the app, if there is something to tell.
    """
    settings = load_settings()
    migrate_as_owner(settings)
    engine = make_engine(settings.effective_database_url)
    try:
        if not demo_if_empty:
            return None
        if not settings.is_embedded_database:
            return "Not loading demo data: SOFS_DATABASE_URL is set (use `make demo`)."
        if not is_empty(engine):
            return None
        # Imported here: starting on an existing database should not pay for it.
        from sofs_admin.demo import load_demo

        with transaction(session_factory(engine)) as session:
            load_demo(session)
        return "Demo data loaded: log in as begeleider / demo."
    finally:
        engine.dispose()


def cmd_prepare(args: argparse.Namespace) -> int:
    from sofs_admin.startup import prepare_or_exit

    message = prepare_or_exit(demo_if_empty=args.demo_if_empty)
    if message:
        print(message)
    return 0


def cmd_demo(_args: argparse.Namespace) -> int:
    from sofs_admin.demo import load_demo

    engine = _engine()
    migrate(engine)
    if not is_empty(engine):
        print("The database is not empty: demo data is only loaded into an empty database.")
        return 1
    with transaction(session_factory(engine)) as session:
        load_demo(session)
    print("Demo data loaded: log in as begeleider, consulent or admin with password demo.")
    return 0


def cmd_demo_year(args: argparse.Namespace) -> int:
    from sofs_admin.demo_year import load_demo_year
    from storage.db import DEMO_MARKER
    from storage.models import AppMeta

    engine = _engine()
    migrate(engine)
    with transaction(session_factory(engine)) as session:
        if session.get(AppMeta, DEMO_MARKER) is None:
            print("Load the demo first (sofs demo): the demo year joins its team.")
            return 1
        made = load_demo_year(session, year=args.year)
    print(f"Demo year {args.year}: {made} cases added. Log in as teamleider or directie "
          "(password demo) and open Jaarcijfers.")
    return 0


def cmd_create_user(args: argparse.Namespace) -> int:
    from auth import UserCreate, create_user
    from auth.confirmation import confirm_from_server
    from sofs_core.errors import ValidationFailed

    password = os.environ.get("SOFS_NEW_PASSWORD") or getpass.getpass("Password: ")
    engine = _engine()
    migrate(engine)
    try:
        with transaction(session_factory(engine)) as session:
            create_user(
                session=session,
                user_create=UserCreate(args.username, args.display_name, password,
                                       Role(args.role)),
            )
            # Made on the server by someone who typed the password there: confirmed (the
            # bootstrap route of auth.confirmation), unlike the administrator's accounts.
            confirm_from_server(session=session, username=args.username)
    except ValidationFailed as failed:
        for error in failed.errors:
            print(f"{error.field}: {error.message_key} {dict(error.params)}", file=sys.stderr)
        return 1
    print(f"Account {args.username} created.")
    return 0


def cmd_confirm_account(args: argparse.Namespace) -> int:
    """Confirm an account from the server: the first team lead of a team, or a team whose
    team leads are all waiting for confirmation themselves (auth.confirmation)."""
    from auth.confirmation import confirm_from_server
    from sofs_core.errors import NotFound

    engine = _engine()
    migrate(engine)
    try:
        with transaction(session_factory(engine)) as session:
            confirm_from_server(session=session, username=args.username)
    except NotFound:
        print(f"No account {args.username}.", file=sys.stderr)
        return 1
    print(f"Account {args.username} confirmed: it has the case access of its role and team.")
    return 0


def cmd_destroy_expired(args: argparse.Namespace) -> int:
    """List (``--dry-run``) or destroy closed cases past their destruction date. Prints case
    numbers and dates only: never a name."""
    from datetime import date

    from privacy.retention import destroy_expired
    from sofs_core.clock import today

    on = date.fromisoformat(args.on) if args.on else today()
    engine = _engine()
    migrate(engine)
    with transaction(session_factory(engine)) as session:
        report = destroy_expired(session, on, dry_run=args.dry_run)
    verb = "would be destroyed" if args.dry_run else "destroyed"
    for item in report.expired:
        print(f"case {item.case_id}: destruction date {item.destroy_on.isoformat()}, {verb}")
    print(f"{len(report.expired)} case(s) {verb} (as of {on.isoformat()}).")
    if report.undated:
        numbers = ", ".join(str(n) for n in report.undated)
        print(f"Closed without a destruction date (no birth known), check by hand: {numbers}")
    return 0


_BACKUP_REFUSALS = {
    "backup.not_a_file_database": "this database is neither a SQLite file nor PostgreSQL",
    "backup.no_database": "there is no database at {path}",
    "backup.exists": "{path} exists already: a backup never overwrites one",
    "backup.no_folder": "the folder {path} does not exist",
    "backup.copy_damaged": "the copy at {path} failed its check; nothing was written",
    "backup.no_pg_dump": ("pg_dump is not installed here: install the PostgreSQL client "
                          "(apt-get install postgresql-client) or run pg_dump as the README "
                          "shows"),
    "backup.pg_dump_failed": "pg_dump failed: {detail}",
    "backup.no_file": "there is no file {path}",
    "backup.damaged": "{path} is damaged (SQLite's check fails)",
    "backup.not_sofs": "{path} is not a sofs database",
    "backup.unknown_revision": ("{path} has schema revision {revision}, which this version "
                                "does not know (its newest is {head}): restore it with the "
                                "sofs version that made it"),
    "backup.restore_not_sqlite": ("sofs restore restores the embedded SQLite database; "
                                  "restore PostgreSQL with pg_restore as the README shows"),
    "backup.in_use": ("{path} is open in a running app: stop the app first, or add "
                      "--while-running to replace it all the same"),
    "backup.audit_broken": ("the audit trail in {path} is broken at line {line} ({problem}); "
                            "nothing was replaced (--allow-broken-audit-trail restores it "
                            "all the same)"),
}


def _refused(refusal: BackupRefused) -> int:
    reason = _BACKUP_REFUSALS[refusal.message_key].format(**refusal.params)
    print(f"Refused: {reason}.", file=sys.stderr)
    return 1


def cmd_backup(args: argparse.Namespace) -> int:
    """Back up the database while the app runs. Prints the file, its size, schema revision
    and the audit trail's newest line and hash: never case data."""
    from pathlib import Path

    from storage.backup import BackupRefused, backup

    settings = load_settings()
    try:
        # The owner's URL where there is one: pg_dump reads every table and grant as it.
        report = backup(settings.effective_migration_database_url, Path(args.dest))
    except BackupRefused as refusal:
        return _refused(refusal)
    print(f"Backup written: {report.path} ({report.size_bytes} bytes).")
    if report.schema_revision is not None:
        print(f"Schema revision {report.schema_revision}; audit trail up to line "
              f"{report.audit_lines}, hash {report.audit_head_hash}.")
    print("It holds special-category data: encrypt it and keep it as long as the dossiers.")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Put a backup in place of the embedded database, keeping the replaced one aside."""
    from pathlib import Path

    from storage.backup import BackupRefused, restore

    settings = load_settings()
    try:
        report = restore(Path(args.src), settings.effective_database_url,
                         while_in_use=args.while_running,
                         allow_broken_audit=args.allow_broken_audit_trail)
    except BackupRefused as refusal:
        return _refused(refusal)
    if report.replaced_kept_at is not None:
        print(f"The database it replaced is kept at {report.replaced_kept_at}.")
    migrated = (f", migrated up from {report.from_revision}"
                if report.from_revision != report.schema_revision else "")
    print(f"Restored into {report.target}: schema revision {report.schema_revision}{migrated}; "
          f"audit trail up to line {report.audit_lines}, hash {report.audit_head_hash}.")
    if args.while_running:
        print("Restart the app now, so that no session goes on from before the restore.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sofs", description=__doc__)
    commands = parser.add_subparsers(required=True)
    commands.add_parser("migrate", help="bring the database schema up to date").set_defaults(
        func=cmd_migrate
    )
    prepare = commands.add_parser("prepare", help="migrate, optionally load the demo")
    prepare.add_argument("--demo-if-empty", action="store_true")
    prepare.set_defaults(func=cmd_prepare)
    commands.add_parser("demo", help="load the demo data into an empty database").set_defaults(
        func=cmd_demo
    )
    year = commands.add_parser("demo-year", help="add a year of demo cases for the figures")
    year.add_argument("--year", type=int, default=2025)
    year.set_defaults(func=cmd_demo_year)
    user = commands.add_parser("create-user", help="create an account (password asked)")
    user.add_argument("username")
    user.add_argument("display_name")
    user.add_argument("--role", choices=[r.value for r in Role], default=Role.COUNSELLOR.value)
    user.set_defaults(func=cmd_create_user)
    confirm = commands.add_parser(
        "confirm-account", help="confirm an account's case access (when no team lead can)")
    confirm.add_argument("username")
    confirm.set_defaults(func=cmd_confirm_account)
    commands.add_parser(
        "verify-audit", help="check the audit trail's hash chain (exit 1 when broken)"
    ).set_defaults(func=cmd_verify_audit)
    destroy = commands.add_parser(
        "destroy-expired", help="destroy closed cases past their destruction date")
    destroy.add_argument("--dry-run", action="store_true", help="only list them")
    destroy.add_argument("--on", help="as of this day (YYYY-MM-DD), default today")
    destroy.set_defaults(func=cmd_destroy_expired)
    save = commands.add_parser(
        "backup", help="back up the database while the app runs (SQLite backup API, pg_dump)")
    save.add_argument("dest", help="a new file, or a folder for sofs-<date>-<time>.sqlite3")
    save.set_defaults(func=cmd_backup)
    back = commands.add_parser(
        "restore", help="put a SQLite backup in place of the database (the old one kept aside)")
    back.add_argument("src", help="a backup made by `sofs backup`")
    back.add_argument("--while-running", action="store_true",
                      help="replace the database even though an app has it open")
    back.add_argument("--allow-broken-audit-trail", action="store_true",
                      help="restore a backup whose audit chain does not verify")
    back.set_defaults(func=cmd_restore)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
