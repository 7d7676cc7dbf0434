"""The catalogue is complete in both languages and organisations can change its terms."""

from __future__ import annotations

import ast
import os
import re
import string
from enum import StrEnum
from pathlib import Path

import pytest

from i18n import LOCALES, load_catalogue
from sofs_core import codes as enums

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["sofs_app", "sofs_core", "sofs_admin", "mapping", "genograms", "storage", "auth",
            "i18n", "plans", "printing", "privacy", "registration"]
KEY_SHAPE = re.compile(r"^[a-z_]+(\.[a-zA-Z0-9_\-]+)+$")
CATALOGUE = load_catalogue(None)
SECTIONS = {key.split(".")[0] for key in CATALOGUE.keys("nl-BE")}


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_dutch_and_english_have_the_same_keys() -> None:
    assert CATALOGUE.keys("nl-BE") == CATALOGUE.keys("en")


@pytest.mark.parametrize("key", sorted(CATALOGUE.keys("nl-BE")))
def test_translations_use_the_same_placeholders(key: str) -> None:
    nl, en = (CATALOGUE.text(locale, key) for locale in ("nl-BE", "en"))
    assert _placeholders(nl) == _placeholders(en)
    assert nl.strip() and en.strip()


def _source_files() -> list[Path]:
    return [p for package in PACKAGES for p in (ROOT / package).rglob("*.py")
            if "migrations" not in p.parts]


def _literal_keys_and_fields() -> tuple[set[str], set[str], set[str]]:
    """Key-shaped literals, FieldError field names and labeller(...) prefixes in the code."""
    keys: set[str] = set()
    fields: set[str] = set()
    prefixes: set[str] = set()
    for path in _source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # The fixed parts of f-strings ("describe.child_" in f"describe.child_{kind}") are
        # key prefixes; test_every_composed_key_exists checks the keys they make.
        fixed_parts = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)
                       for part in node.values}
        for node in ast.walk(tree):
            if id(node) in fixed_parts:
                continue
            # storage/ names tables and columns ("meetings.id"), never catalogue keys.
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and "storage" not in path.relative_to(ROOT).parts
                    and KEY_SHAPE.match(node.value) and node.value.split(".")[0] in SECTIONS):
                keys.add(node.value)
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.args and isinstance(node.args[0], ast.Constant)):
                if node.func.id == "FieldError":
                    fields.add(str(node.args[0].value))
                elif node.func.id == "labeller":
                    prefixes.add(str(node.args[0].value))
                elif node.func.id == "t":  # t("section.key"): whatever the section
                    keys.add(str(node.args[0].value))
    return keys - prefixes, fields, prefixes


def test_every_key_named_in_the_code_exists_in_every_language() -> None:
    keys, fields, prefixes = _literal_keys_and_fields()
    assert len(keys) > 50, "the scan found too few keys to be looking in the right place"
    wanted = keys | {f"field.{name}" for name in fields}
    for locale in LOCALES:
        assert sorted(wanted - CATALOGUE.keys(locale)) == []
        for prefix in prefixes:
            assert any(k.startswith(f"{prefix}.") for k in CATALOGUE.keys(locale)), prefix


def test_every_composed_key_exists() -> None:
    """Keys built from a coded value in the genogram, network and describe code."""
    from genograms.picture import LEGEND_ORDER
    from genograms.relations import Relative

    composed = [f"genogram.legend_{k.replace('-', '_')}" for k in LEGEND_ORDER]
    composed += [f"describe.{side}_{k.value}" for side in ("parent", "child")
                 for k in enums.ParentKind]
    composed += [f"describe.couple_{k.value}" for k in enums.CoupleStatus]
    composed += [f"ecogram.role_{k.value}" for k in enums.NetworkRoleKind]
    composed += [f"ecogram.legend_{k}" for k in ("tie_strong", "tie_weak", "tie_stressful",
                                                  "arrow", "highlight")]
    composed += [f"genogram_page.of_{k.value}" for k in Relative]
    composed += [f"relative.{k.value}" for k in Relative]
    links = ("parent", "couple", "twin", "household", "emotional")
    composed += [f"genogram_page.{side}_{k}" for side in ("first", "second") for k in links]
    composed += [f"genogram_link.{k}" for k in links]
    composed += [f"network_page.for_{k}" for k in ("jim", "trusted_person")]
    composed += [f"plan_page.rules_{k.value}" for k in enums.RuleKind]
    composed += [f"doc.rules_{k.value}" for k in enums.RuleKind]
    composed += [f"doc.{k}_title" for k in ("family_plan", "cards", "child", "report")]
    composed += [f"doc.rule_{k}" for k in ("who", "when", "how_we_know", "if_not_kept")]
    composed += [f"doc.version_{k}" for k in ("number", "status", "agreed", "approved",
                                               "review")]
    from plans.compare import PLAN_FIELDS, RULE_FIELDS
    from sofs_app.components.plan_forms import CHANGED

    composed += [CHANGED.get(k, f"field.{k}") for k in (*RULE_FIELDS, *PLAN_FIELDS)]
    for locale in LOCALES:
        assert [k for k in composed if not CATALOGUE.has(locale, k)] == []


def test_sentence_frames_exist_for_every_framed_part_of_the_map() -> None:
    from sofs_app.components.entry_form import FRAMED

    for locale in LOCALES:
        for category in FRAMED:
            assert CATALOGUE.has(locale, f"map.frame.{category.value}")


@pytest.mark.parametrize("enum", [v for v in vars(enums).values()
                                  if isinstance(v, type) and issubclass(v, StrEnum)
                                  and v not in (StrEnum, enums.Hulpvorm)])
def test_every_coded_value_has_a_label(enum: type[StrEnum]) -> None:
    # (The care forms' names are in their own file: tests/registration/test_care_forms.py.)
    for locale in LOCALES:
        for member in enum:
            assert CATALOGUE.has(locale, f"{enum.__name__.lower()}.{member.value}"), member


def test_organisation_override_replaces_only_its_terms(tmp_path: Path) -> None:
    (tmp_path / "nl-BE.toml").write_text('[field]\nhulpvorm = "Module"\n', encoding="utf-8")
    catalogue = load_catalogue(tmp_path)
    assert catalogue.text("nl-BE", "field.hulpvorm") == "Module"
    assert catalogue.text("nl-BE", "field.status") == "Status"
    assert catalogue.text("en", "field.hulpvorm") == "Form of help"


def test_override_is_picked_up_when_the_file_changes(tmp_path: Path) -> None:
    override = tmp_path / "nl-BE.toml"
    override.write_text('[field]\nhulpvorm = "Module"\n', encoding="utf-8")
    assert load_catalogue(tmp_path).text("nl-BE", "field.hulpvorm") == "Module"
    override.write_text('[field]\nhulpvorm = "Zorgvorm"\n', encoding="utf-8")
    os.utime(override, (1, 1))  # a different mtime even within the same second
    assert load_catalogue(tmp_path).text("nl-BE", "field.hulpvorm") == "Zorgvorm"


def test_missing_english_key_falls_back_to_dutch() -> None:
    from i18n import Catalogue

    catalogue = Catalogue({"nl-BE": {"a.b": "Hallo {name}"}, "en": {}})
    assert catalogue.text("en", "a.b", name="Elif") == "Hallo Elif"
    assert catalogue.text("en", "x.y") == "x.y"


def test_override_put_in_place_with_its_old_time_is_picked_up(tmp_path: Path) -> None:
    """Deployment tools copy a file in with the source's time (rsync -t): same name, same
    time, same size, but a new file."""
    override = tmp_path / "nl-BE.toml"
    override.write_text('[field]\nhulpvorm = "Module"\n', encoding="utf-8")
    assert load_catalogue(tmp_path).text("nl-BE", "field.hulpvorm") == "Module"
    old_time = override.stat().st_mtime_ns
    replacement = tmp_path / "nl-BE.toml.new"
    replacement.write_text('[field]\nhulpvorm = "Aanbod"\n', encoding="utf-8")
    os.utime(replacement, ns=(old_time, old_time))
    os.replace(replacement, override)
    assert load_catalogue(tmp_path).text("nl-BE", "field.hulpvorm") == "Aanbod"
