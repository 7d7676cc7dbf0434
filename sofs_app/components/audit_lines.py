"""Lines of the audit trail in the reader's words: who by display name, what in the
catalogue's words (never the code name of a service), when in Brussels time."""

from __future__ import annotations

import pyarrow as pa
import streamlit as st

from auth.audit import AuditLine, Part, part_of
from sofs_app.components.text import show_caption
from sofs_app.context import label, run_context, t
from sofs_core.clock import local_zone
from sofs_core.codes import AuditAction

TIME_FORMAT = "%d/%m/%Y %H:%M:%S"


def part_words(part: Part) -> str:
    """The part's own words, else its area's, with the number or the reason of a refusal."""
    catalogue = run_context().catalogue
    words = t(part.key) if catalogue.has("nl-BE", part.key) else (
        t(part.area_key) if catalogue.has("nl-BE", part.area_key) else t("audit_part.other.area"))
    if part.reason_key and catalogue.has("nl-BE", part.reason_key):
        words = t("audit.part_reason", part=words, reason=t(part.reason_key))
    if part.number.isdigit():
        words = t("audit.part_number", part=words, number=part.number)
    return words


def audit_table(lines: list[AuditLine], *, with_case: bool = True) -> None:
    """The lines as a table (an Arrow table: no pandas frame built on every rerun)."""
    if not lines:
        st.info(t("audit.empty"), icon=":material/info:")
        return
    zone = local_zone()
    actions = {action: label(action) for action in AuditAction}
    words: dict[str, str] = {}
    columns = {
        t("audit.at"): [line.at.astimezone(zone).strftime(TIME_FORMAT) for line in lines],
        t("audit.who"): [line.who for line in lines],
    }
    if with_case:
        columns[t("audit.case")] = [str(line.case_id) if line.case_id is not None else ""
                                    for line in lines]
    columns[t("audit.action")] = [actions[line.action] for line in lines]
    columns[t("audit.subject")] = [
        words.setdefault(line.subject, part_words(part_of(line.subject))) for line in lines]
    st.dataframe(pa.table(columns), hide_index=True, width="stretch")
    show_caption(t("audit.time_note"))
