"""Text that one of the databases cannot store is refused before it reaches either.

PostgreSQL refuses the NUL character in text ("cannot contain NUL (0x00) bytes") where
SQLite stores it. A name or note holding one (pasted from another program, or typed on
purpose) would otherwise save on a laptop and fail as a database error in an organisation.
So every flush checks the text it is about to write, and refuses it on both databases as a
validation error naming the field: nothing is written and the form keeps its input.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, sessionmaker

from sofs_core.errors import FieldError, ValidationFailed

UNSTORABLE = "\x00"

# Columns whose form field has another name (the catalogue's ``field.<name>``).
FIELD_OF_COLUMN = {
    ("families", "name"): "family_name",
    ("families", "search_text"): "family_name",
    ("teams", "name"): "team_name",
    ("households", "name"): "household_name",
    ("meeting_participants", "name"): "participants",
}


def unstorable_fields(session: Session) -> list[FieldError]:
    """One error per field of the pending rows whose text the databases cannot store."""
    errors: list[FieldError] = []
    for row in [*session.new, *session.dirty]:
        state = inspect(row)
        table = state.mapper.local_table.name
        for column in state.mapper.column_attrs:
            # Only values in memory: reading an expired one would query (and autoflush).
            value = state.dict.get(column.key)
            if isinstance(value, str) and UNSTORABLE in value:
                field = FIELD_OF_COLUMN.get((table, column.key), column.key)
                error = FieldError(field, "error.unstorable_character")
                if error not in errors:
                    errors.append(error)
    return errors


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    errors = unstorable_fields(session)
    if errors:
        raise ValidationFailed(errors)


def guard_text(factory: sessionmaker[Session]) -> sessionmaker[Session]:
    """Check every flush of the factory's sessions (see the module's note)."""
    event.listen(factory, "before_flush", _before_flush)
    return factory
