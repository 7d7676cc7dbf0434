"""Translation catalogue: every user-facing word, nl-BE first, English complete.

The built-in catalogue lives in ``i18n/catalogue/<locale>.toml``. An organisation changes its
terms without touching code by putting a file of the same name in the catalogue override
folder (setting ``SOFS_CATALOGUE_DIR``, default ``<data dir>/catalogue``); its keys replace
the built-in ones, the rest stay.
"""

from i18n.catalogue import DEFAULT_LOCALE, LOCALES, Catalogue, Words, load_catalogue

__all__ = ["DEFAULT_LOCALE", "LOCALES", "Catalogue", "Words", "load_catalogue"]
