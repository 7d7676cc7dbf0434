"""The committed Streamlit configuration keeps its privacy and safety settings."""

from __future__ import annotations

import tomllib
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml"


def test_privacy_settings_are_in_place() -> None:
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["showErrorDetails"] == "none"
    assert config["client"]["disableDataExport"] is True
    assert config["runner"]["enforceSerializableSessionState"] is True
    assert config["server"]["address"] == "localhost"
