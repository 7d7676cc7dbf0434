"""Local accounts: argon2 password hashes, login with lockout, the acting user."""

from auth.service import (
    Actor,
    LockoutPolicy,
    UserCreate,
    active_actor,
    authenticate,
    create_user,
    hash_password,
    list_counsellors,
    set_locale,
)

__all__ = [
    "Actor",
    "LockoutPolicy",
    "UserCreate",
    "active_actor",
    "authenticate",
    "create_user",
    "hash_password",
    "list_counsellors",
    "set_locale",
]
