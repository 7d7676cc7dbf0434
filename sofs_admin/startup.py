"""Why the app cannot start, in a sentence for the person starting it (not a traceback).

`make run` and `sofs prepare` migrate the database first: a data folder that cannot be
written (read-only disk, wrong owner), a database server that does not answer or a full
disk end there, and are told in the default language of the installation.
"""

from __future__ import annotations

import sys

from sqlalchemy import exc

from i18n import load_catalogue
from sofs_core.settings import Settings, load_settings
from storage.faults import StorageFull, StorageUnavailable, storage_fault


def start_problem(error: BaseException, settings: Settings) -> str | None:
    """The sentence for ``error`` met while preparing to start, or None if it is a bug."""
    fault: BaseException | None = error
    if isinstance(error, exc.SQLAlchemyError):
        fault = storage_fault(error)
    if isinstance(fault, StorageFull):
        key = "fault.start_storage_full"
    elif settings.is_embedded_database and isinstance(fault, OSError | StorageUnavailable):
        key = "fault.start_folder_unwritable"
    elif isinstance(fault, StorageUnavailable):
        key = "fault.start_database_unreachable"
    else:
        return None
    catalogue = load_catalogue(settings.effective_catalogue_dir)
    return catalogue.text(settings.default_locale, key, path=str(settings.data_dir))


def prepare_or_exit(*, demo_if_empty: bool) -> str | None:
    """``prepare``, or exit with status 1 and the reason on standard error."""
    from sofs_admin.cli import prepare

    try:
        return prepare(demo_if_empty=demo_if_empty)
    except (OSError, exc.SQLAlchemyError, StorageUnavailable) as error:
        problem = start_problem(error, load_settings())
        if problem is None:
            raise
        print(problem, file=sys.stderr, flush=True)
        raise SystemExit(1) from None
