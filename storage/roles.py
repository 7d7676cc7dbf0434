"""PostgreSQL: the app's own role, which may read and append the audit trail and nothing more.

The owner of the tables (who runs the migrations) can disable triggers and TRUNCATE; the
app connects as another role so that neither it nor anyone who takes it over can.
"""

from __future__ import annotations

from sqlalchemy import Engine, make_url, text

# What the app role may do with the audit trail; everything else it may read and write.
AUDIT_TABLE = "audit_events"


def login_role(url: str) -> str | None:
    """The user name in a database URL (None for SQLite or a URL without one)."""
    return make_url(url).username


def grant_app_role(owner: Engine, role: str) -> None:
    """As the owner: let ``role`` use every table of the schema, but only SELECT and INSERT
    on the audit trail, and leave the migrations' bookkeeping alone. Idempotent; run after
    every migration, as ``sofs migrate`` does, so new tables are covered."""
    if owner.dialect.name != "postgresql":
        raise ValueError("separate database roles exist on PostgreSQL only")
    who = owner.dialect.identifier_preparer.quote(role)
    with owner.begin() as connection:
        schema = owner.dialect.identifier_preparer.quote(
            str(connection.execute(text("SELECT current_schema()")).scalar_one()))
        for statement in (
            f"GRANT USAGE ON SCHEMA {schema} TO {who}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {who}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {who}",
            f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {AUDIT_TABLE} FROM {who}",
            f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON alembic_version FROM {who}",
        ):
            connection.execute(text(statement))
