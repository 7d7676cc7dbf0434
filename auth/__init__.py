"""Local accounts: argon2 password hashes, login with growing delays, the acting user."""

from auth.service import (
    Actor,
    UserCreate,
    active_actor,
    authenticate,
    create_user,
    hash_password,
    list_consultants,
    list_counsellors,
    set_locale,
)
from auth.throttle import ThrottlePolicy

__all__ = [
    "Actor",
    "ThrottlePolicy",
    "UserCreate",
    "active_actor",
    "authenticate",
    "create_user",
    "hash_password",
    "list_consultants",
    "list_counsellors",
    "set_locale",
]
