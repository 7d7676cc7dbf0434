"""`make run`: prepare the database, then serve the app, in one process.

One interpreter instead of two (`sofs prepare` and then `streamlit run`), and the modules
the first page needs are imported before the first visitor arrives, so the login page
appears sooner after `make run`.
"""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path

from sofs_admin.startup import prepare_or_exit

# The pages plus the login cookie's route (sofs_app.asgi, sofs_app.login_cookie).
ENTRY = Path(__file__).resolve().parent / "asgi.py"
# What the first rerun (the login page) would otherwise import while the visitor waits.
FIRST_PAGE_MODULES = (
    "sofs_app.context",
    "sofs_app.gate",
    "sofs_app.components.text",
    "sofs_app.components.errors",
    "auth",
    "babel.dates",
)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m sofs_app.serve", description=__doc__)
    parser.add_argument("--port", type=int, default=None, help="defaults to the config's 8501")
    parser.add_argument("--demo-if-empty", action="store_true",
                        help="load the demo into a new embedded database")
    args = parser.parse_args(argv)
    message = prepare_or_exit(demo_if_empty=args.demo_if_empty)
    if message:
        print(message, flush=True)
    for module in FIRST_PAGE_MODULES:
        importlib.import_module(module)

    from streamlit.web import cli as streamlit_cli

    options = ["--server.port", str(args.port)] if args.port else []
    streamlit_cli.main(["run", str(ENTRY), *options], prog_name="streamlit")


if __name__ == "__main__":
    main()
