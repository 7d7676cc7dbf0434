"""`sofs` command line: what `make run`, `make demo` and an administrator need."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from sqlalchemy import Engine

from sofs_core.settings import load_settings
from storage.db import is_empty, make_engine, migrate, session_factory, transaction
from storage.enums import Role


def _engine() -> Engine:
    return make_engine(load_settings().effective_database_url)


def cmd_migrate(_args: argparse.Namespace) -> int:
    migrate(_engine())
    print("Database is up to date.")
    return 0


def prepare(*, demo_if_empty: bool) -> str | None:
    """Migrate; with demo_if_empty, load the demo into a new *embedded* database.

    Returns a line to tell the person starting the app, if there is something to tell.
    """
    settings = load_settings()
    engine = make_engine(settings.effective_database_url)
    try:
        migrate(engine)
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
    message = prepare(demo_if_empty=args.demo_if_empty)
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


def cmd_create_user(args: argparse.Namespace) -> int:
    from auth import UserCreate, create_user
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
    except ValidationFailed as failed:
        for error in failed.errors:
            print(f"{error.field}: {error.message_key} {dict(error.params)}", file=sys.stderr)
        return 1
    print(f"Account {args.username} created.")
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
    user = commands.add_parser("create-user", help="create an account (password asked)")
    user.add_argument("username")
    user.add_argument("display_name")
    user.add_argument("--role", choices=[r.value for r in Role], default=Role.COUNSELLOR.value)
    user.set_defaults(func=cmd_create_user)
    destroy = commands.add_parser(
        "destroy-expired", help="destroy closed cases past their destruction date")
    destroy.add_argument("--dry-run", action="store_true", help="only list them")
    destroy.add_argument("--on", help="as of this day (YYYY-MM-DD), default today")
    destroy.set_defaults(func=cmd_destroy_expired)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
