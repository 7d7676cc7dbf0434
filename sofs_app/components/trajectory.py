"""The trajectory on the case overview: the road to closure drawn as a line (SVG in
``st.html``, every user word escaped), what comes next, the one-page print, and for the
case's counsellor the forms to plan steps and say when the help can end."""

from __future__ import annotations

from functools import partial
from html import escape

import streamlit as st
from sqlalchemy.orm import Session

from auth import Actor
from auth.access import Rights
from i18n import Words
from plans.trajectory import (
    Point,
    StepInput,
    TrajectoryView,
    add_trajectory_step,
    print_trajectory,
    remove_trajectory_step,
    save_trajectory,
    update_trajectory_step,
)
from plans.trajectory_document import point_words, status_words, trajectory_document
from sofs_app.components.adding import adding_form, is_submitted, refused, submit_button
from sofs_app.components.downloads import Render, checked_download
from sofs_app.components.saving import save
from sofs_app.components.text import fmt_date_short, show_caption
from sofs_app.context import labeller, t
from sofs_core.clock import today
from sofs_core.codes import StepKind

GAP = 150  # pixels between two dots
DONE, NEXT, LATER = "#2f7d4f", "#c05621", "#9aa5b1"


def _words(key: str, **params: object) -> str:
    return t(key, **params)


def road_svg(view: TrajectoryView, words: Words) -> str:
    """The line with a dot per point; all text escaped (it may be the family's words)."""
    width = max(1, len(view.points)) * GAP
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
             f'height="150" viewBox="0 0 {width} 150" style="font-family:sans-serif">',
             f'<title>{escape(words("trajectory.heading"))}</title>',
             f'<line x1="{GAP // 2}" y1="40" x2="{width - GAP // 2}" y2="40" '
             f'stroke="{LATER}" stroke-width="4"/>']
    for n, point in enumerate(view.points):
        x = n * GAP + GAP // 2
        is_next = n == view.next_index
        color = NEXT if is_next else DONE if point.done else LATER
        fill = color if point.done else "#ffffff"
        label, own = point_words(words, point)
        parts.append(f'<circle cx="{x}" cy="40" r="{11 if is_next else 8}" fill="{fill}" '
                     f'stroke="{color}" stroke-width="3"/>')
        parts.append(f'<text x="{x}" y="20" text-anchor="middle" font-size="13" '
                     f'font-weight="bold">{escape(fmt_date_short(point.on))}</text>')
        lines = [label, *(_cut(own, 22) if own else []),
                 status_words(words, point, is_next)]
        for row, line in enumerate(lines[:5]):
            weight = ' font-weight="bold"' if row == 0 else ""
            fill_text = f' fill="{NEXT}"' if is_next and row == len(lines[:5]) - 1 else ""
            parts.append(f'<text x="{x}" y="{70 + 16 * row}" text-anchor="middle" '
                         f'font-size="12"{weight}{fill_text}>{escape(line)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _cut(text: str, room: int) -> list[str]:
    """A step's words on at most two short lines under its dot (the print has them whole)."""
    words_, lines, line = text.split(), [], ""
    for word in words_:
        if line and len(line) + 1 + len(word) > room:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return [*lines[:1], lines[1][: room - 1] + "…"] if len(lines) > 2 else lines


def _document(case_id: int, session: Session, actor: Actor, words: Words) -> Render:
    family, view = print_trajectory(session=session, actor=actor, case_id=case_id, on=today())
    return partial(trajectory_document, family, view, words, today())


def trajectory_section(*, actor: Actor, case_id: int, view: TrajectoryView,
                       can: Rights) -> None:
    st.header(t("trajectory.heading"))
    show_caption(t("trajectory.intro"))
    st.html(f'<div style="overflow-x:auto">{road_svg(view, _words)}</div>')
    following = view.next
    if following is not None:
        label, own = point_words(_words, following)
        show_caption(t("trajectory.next_is", date=fmt_date_short(following.on), what=label)
                     + (f": {own}" if own else ""))
    if view.closure_words:
        st.markdown(f"**{t('trajectory.doc_closure')}**")
        st.text(view.closure_words)
    checked_download(st.container(), t("trajectory.print"), make=partial(_document, case_id),
                     case_id=case_id, subject="print/trajectory", file_name="traject.pdf",
                     mime="application/pdf", key="print_trajectory",
                     icon=":material/print:")
    if can.edit and st.toggle(t("trajectory.edit"), key="overview_panel:trajectory"):
        with st.container(border=True):
            _forms(actor, case_id, view)


def _forms(actor: Actor, case_id: int, view: TrajectoryView) -> None:
    with st.form("trajectory_settings"):
        weeks = st.number_input(t("trajectory.works_weeks"), min_value=0, max_value=104,
                                value=view.works_weeks or 0, step=1, key="trajectory:weeks")
        closure = st.text_area(t("trajectory.closure_words"), value=view.closure_words,
                               key="trajectory:closure")
        sent = st.form_submit_button(t("common.save"), type="primary")
    if sent:
        save(lambda s: save_trajectory(
            session=s, actor=actor, case_id=case_id, expected_version=view.version,
            works_weeks=int(weeks) or None, closure_words=closure, on=today()),
            "trajectory.saved")
    key = "trajectory_step"
    st.subheader(t("trajectory.add_trajectory_step"))
    with adding_form(key):
        on = st.date_input(t("trajectory.step_date"), value=None, format="DD/MM/YYYY",
                           key=f"{key}:on")
        kind = st.selectbox(t("trajectory.step_kind"), list(StepKind),
                            format_func=labeller("stepkind"), key=f"{key}:kind")
        text = st.text_input(t("trajectory.step_text"), key=f"{key}:text")
        submit_button(key, t("trajectory.add_step_submit"))
    if is_submitted(key):
        if on is None:
            refused(key, t("trajectory.error.no_date"))
        else:
            save(lambda s: add_trajectory_step(session=s, actor=actor, case_id=case_id,
                                    data=StepInput(on, kind or StepKind.OTHER, text)),
                 "trajectory.step_added", adding=key)
    steps = [p for p in view.points if p.step_id is not None]
    if steps:
        st.subheader(t("trajectory.steps"))
    for point in steps:
        _step_row(actor, point)


def _step_row(actor: Actor, point: Point) -> None:
    if point.step_id is None or point.step_version is None:
        return
    step_id, version = point.step_id, point.step_version
    left, middle, right = st.columns([5, 2, 1])
    label, own = point_words(_words, point)
    left.text(f"{fmt_date_short(point.on)} · {label}: {own}")
    done = middle.checkbox(t("trajectory.step_done"), value=point.done,
                           key=f"trajectory_done:{step_id}:{version}")
    if done != point.done and point.step_kind is not None:
        save(lambda s: update_trajectory_step(session=s, actor=actor, step_id=step_id,
                                   expected_version=version,
                                   data=StepInput(point.on, point.step_kind or StepKind.OTHER,
                                                  point.text, done)),
             "trajectory.step_saved")
    if right.button(t("trajectory.remove_trajectory_step"), key=f"trajectory_remove:{step_id}",
                    icon=":material/delete:"):
        save(lambda s: remove_trajectory_step(session=s, actor=actor, step_id=step_id,
                                   expected_version=version), "trajectory.step_removed")
