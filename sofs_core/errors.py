"""One exception tree for the domain. Errors carry a catalogue key and data, never text.

The front end turns them into words in the user's language in one place. Messages never
hold case data (names, texts), so they are safe to log.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


class SofsError(Exception):
    """Base of every error the domain raises on purpose."""

    message_key = "error.generic"

    def __init__(self, message_key: str | None = None, **params: object) -> None:
        self.message_key = message_key or type(self).message_key
        self.params: Mapping[str, object] = params
        super().__init__(self.message_key)


@dataclass(frozen=True)
class FieldError:
    """One problem with one input field: which field, and the catalogue key saying why."""

    field: str
    message_key: str
    params: Mapping[str, object] = dataclasses.field(default_factory=dict)


class ValidationFailed(SofsError):
    message_key = "error.validation"

    def __init__(self, errors: Sequence[FieldError]) -> None:
        super().__init__()
        self.errors = tuple(errors)


class NotFound(SofsError):
    message_key = "error.not_found"


class PermissionDenied(SofsError):
    """Not allowed. ``event`` holds what the audit trail records of the refusal (ids and
    codes only), written by the transaction that rolls the action back."""

    message_key = "error.permission_denied"
    event: Mapping[str, object] | None = None


class Conflict(SofsError):
    """Someone else saved first; ``current`` is their version to show beside ours, when it
    could still be read (None when the clash was only noticed at the write itself)."""

    message_key = "error.conflict"

    def __init__(self, current: object | None) -> None:
        super().__init__()
        self.current = current
