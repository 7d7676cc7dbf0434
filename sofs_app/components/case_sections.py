"""The case overview's sections for review and privacy: sharing with the consultant,
assigning counsellors (team lead), the case's audit history, and the family's data."""

from __future__ import annotations

from functools import partial

import streamlit as st
from sqlalchemy.orm import Session
from streamlit.delta_generator import DeltaGenerator

from auth import Actor, list_counsellors
from auth.access import Rights
from auth.audit import case_history
from i18n import Words
from mapping.cases import CaseDetail, assign_counsellors
from mapping.consultation import consultants, share_case, shared_with, unshare_case
from privacy.export import family_export, to_json, to_pdf
from sofs_app.components.audit_lines import audit_table
from sofs_app.components.downloads import Render, checked_download
from sofs_app.components.panels import work_panel
from sofs_app.components.saving import save
from sofs_app.components.text import show_caption
from sofs_app.context import db, t
from sofs_core.clock import today


def review_and_privacy(*, actor: Actor, case: CaseDetail, rights: Rights) -> None:
    """Each section reads the database only while its panel is open: the overview's other
    reruns (adding a family member) do not pay for them."""
    if rights.edit or rights.review:
        _sharing(actor=actor, case=case, rights=rights)
    if rights.assign:
        _assigning(actor=actor, case=case)
    if rights.audit and (panel := _opened(t("case_overview.audit"), ":material/history:",
                                          "panel_audit")):
        with db() as session:
            lines = case_history(session=session, actor=actor, case_id=case.id)
        with panel:
            show_caption(t("case_overview.audit_note"))
            audit_table(lines, with_case=False)
    if rights.export:
        _export(case=case)


def _opened(label: str, icon: str, key: str) -> DeltaGenerator | None:
    """An expander, or None while it is closed (its content is then not worked out)."""
    panel = work_panel(label, icon=icon, key=key)
    return panel if panel.open else None


def _sharing(*, actor: Actor, case: CaseDetail, rights: Rights) -> None:
    panel = _opened(t("case_overview.sharing"), ":material/share:", "panel_sharing")
    if panel is None:
        return
    with db() as session:
        shared = shared_with(session=session, actor=actor, case_id=case.id)
        options = consultants(session=session, actor=actor, case_id=case.id) if rights.edit \
            else []
    with panel:
        if shared:
            show_caption(t("case_overview.shared_with",
                           names=", ".join(c.display_name for c in shared)))
        else:
            show_caption(t("case_overview.not_shared"))
        if not rights.edit:
            return
        names = {c.id: c.display_name for c in options}
        c1, c2 = st.columns([3, 1])
        chosen = c1.selectbox(t("field.consultant_id"), list(names),
                              format_func=names.__getitem__, index=None,
                              placeholder=t("common.choose"), key="share_choice")
        if c2.button(t("case_overview.share"), icon=":material/share:") and chosen is not None:
            save(lambda s: share_case(session=s, actor=actor, case_id=case.id,
                                      consultant_id=chosen), "case_overview.shared",
                 forget="share_choice")
        if shared:
            # Names only as options of a choice (plain text), never in a button's label
            # (markdown).
            current = {c.id: c.display_name for c in shared}
            c3, c4 = st.columns([3, 1])
            gone = c3.selectbox(t("case_overview.unshare_who"), list(current),
                                format_func=current.__getitem__, index=None,
                                placeholder=t("common.choose"), key="unshare_choice")
            if c4.button(t("case_overview.unshare"), icon=":material/link_off:") \
                    and gone is not None:
                save(partial(_unshare, actor=actor, case_id=case.id, consultant_id=gone),
                     "case_overview.unshared", forget="unshare_choice")


def _unshare(session: Session, *, actor: Actor, case_id: int, consultant_id: int) -> None:
    unshare_case(session=session, actor=actor, case_id=case_id, consultant_id=consultant_id)


def _assigning(*, actor: Actor, case: CaseDetail) -> None:
    panel = _opened(t("case_overview.assign"), ":material/assignment_ind:", "panel_assign")
    if panel is None:
        return
    with db() as session:
        options = list_counsellors(session=session, also=case.counsellor_ids)
    names = {o.id: o.display_name for o in options}
    with panel, st.form(f"assign_{case.id}_{case.version}", enter_to_submit=False):
        chosen = st.multiselect(t("field.counsellor_ids") + " *", list(names),
                                default=list(case.counsellor_ids),
                                format_func=names.__getitem__, placeholder=t("common.choose"))
        if st.form_submit_button(t("common.save"), type="primary"):
            save(lambda s: assign_counsellors(session=s, actor=actor, case_id=case.id,
                                              expected_version=case.version,
                                              counsellor_ids=tuple(chosen)),
                 "case_overview.assigned")


def _exported(case_id: int, kind: str, for_minor: bool, session: Session, actor: Actor,
              words: Words) -> Render:
    """Gathered at the moment of download (recorded as an export), made after the commit."""
    data = family_export(session=session, actor=actor, case_id=case_id, for_minor=for_minor)
    if kind == "json":
        return partial(to_json, data)
    return partial(to_pdf, data, words, printed_on=today())


def _export(*, case: CaseDetail) -> None:
    with work_panel(t("case_overview.export"), icon=":material/download:", key="panel_export"):
        show_caption(t("case_overview.export_help"))
        for_minor = st.toggle(t("case_overview.export_minor"), key="export_minor",
                              help=t("case_overview.export_minor_help"))
        suffix = "-jongere" if for_minor else ""
        c1, c2 = st.columns(2)
        for host, kind, label, icon, mime in (
                (c1, "pdf", "case_overview.export_pdf", ":material/picture_as_pdf:",
                 "application/pdf"),
                (c2, "json", "case_overview.export_json", ":material/data_object:",
                 "application/json")):
            checked_download(
                host, t(label), make=partial(_exported, case.id, kind, for_minor),
                case_id=case.id, subject="privacy/export_minor" if for_minor
                else "privacy/export", file_name=f"dossier-{case.id}{suffix}.{kind}",
                mime=mime, key=f"export_{kind}", icon=icon)
