"""What waits for a consultant: plans sent to her for approval and comments she has not
answered yet; on her first page (the case list) and as a count in the sidebar."""

from __future__ import annotations

import pyarrow as pa
import streamlit as st

from auth import Actor
from plans.review import Waiting, consultant_inbox
from sofs_app.components.case_state import MEETINGS_PAGE, PLAN_PAGE, open_case_at
from sofs_app.components.text import fmt_date_short
from sofs_app.context import db, t
from sofs_core.codes import Role

TABLE = "inbox_table"
SHOWN = "inbox_shown"


def _waiting(actor: Actor) -> list[Waiting]:
    with db() as session:
        return consultant_inbox(session=session, actor=actor)


def inbox_count(actor: Actor) -> None:
    """The number of things waiting, in the sidebar, for a consultant only."""
    if actor.role is not Role.CONSULTANT:
        return
    count = sum((1 if w.plan_id else 0) + w.unanswered for w in _waiting(actor))
    st.sidebar.badge(t("inbox.badge", count=count), icon=":material/inbox:",
                     color="orange" if count else "gray")


def _what(item: Waiting) -> str:
    parts = []
    if item.plan_number is not None:
        parts.append(t("inbox.plan", number=item.plan_number,
                       date=fmt_date_short(item.submitted_on)))
    if item.unanswered:
        parts.append(t("inbox.comments", count=item.unanswered))
    return "; ".join(parts)


def inbox_section(actor: Actor) -> None:
    """The consultant's list of what waits, one row per case; a click on a row opens the
    plan (or the meetings, when only comments on a map wait)."""
    # A row clicked in the last run: resolved by the case shown then, as on the case list.
    picked = st.session_state.get(TABLE, {}).get("selection", {})
    clicked = [*picked.get("rows", []), *(cell[0] for cell in picked.get("cells", []))]
    shown: list[tuple[int, str]] = st.session_state.get(SHOWN, [])
    if clicked and 0 <= clicked[0] < len(shown):
        open_case_at(*shown[clicked[0]])
    st.subheader(t("inbox.title"))
    items = _waiting(actor)
    st.session_state[SHOWN] = [
        (w.case_id, PLAN_PAGE if w.plan_id or w.comment_on_plan else MEETINGS_PAGE)
        for w in items]
    if not items:
        st.success(t("inbox.nothing"), icon=":material/done_all:")
        return
    st.dataframe(pa.table({
        t("case_list.col.number"): [w.case_id for w in items],
        t("case_list.col.family"): [w.family_name for w in items],
        t("inbox.col.what"): [_what(w) for w in items],
    }), hide_index=True, on_select="rerun", selection_mode=["single-row", "single-cell"],
        key=TABLE, width="stretch",
        column_config={t("case_list.col.number"): st.column_config.NumberColumn(
            format="%d", width="small")})
    st.caption(t("inbox.open_hint"))
