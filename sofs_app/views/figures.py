"""The annual figures (team lead: the team's cases; management: the whole organisation,
case numbers without names): choose a year or a period, read every figure of the annual
report per care form, check each down to its cases, download a spreadsheet or a PDF."""

from datetime import date
from functools import partial

import streamlit as st
from sqlalchemy.orm import Session

from auth import Actor
from i18n import Words
from registration.care_forms import CareFormsInvalid
from registration.documents import figures_pdf
from registration.figures import AnnualFigures, Period, annual_figures, family_names
from registration.wording import Line, form_lines, form_title, missing_lines
from registration.workbook import figures_workbook
from sofs_app.components.downloads import Render, checked_download
from sofs_app.components.errors import show_error
from sofs_app.components.figures_chart import referrer_chart
from sofs_app.components.form_dates import DATE_FORMAT
from sofs_app.context import db, t
from sofs_app.gate import require_actor
from sofs_core.clock import today
from sofs_core.codes import Role
from sofs_core.errors import PermissionDenied

actor = require_actor()
st.title(t("figures_page.title"))
st.caption(t("figures_page.intro"))

this_year = today().year
c1, c2 = st.columns([1, 2])
year = c1.selectbox(t("figures_page.year"), list(range(this_year, this_year - 11, -1)),
                    index=1 if today().month < 4 else 0)
period = Period.year(year or this_year)
if c2.toggle(t("figures_page.custom"), key="figures_custom"):
    d1, d2 = c2.columns(2)
    first = d1.date_input(t("figures_page.first"), value=period.first, format=DATE_FORMAT)
    last = d2.date_input(t("figures_page.last"), value=period.last, format=DATE_FORMAT)
    if not isinstance(first, date) or not isinstance(last, date) or last < first:
        st.error(t("figures_page.bad_period"), icon=":material/error:")
        st.stop()
    period = Period(first, last)

try:
    with db() as session:
        figures: AnnualFigures = annual_figures(session=session, actor=actor, period=period)
except (PermissionDenied, CareFormsInvalid) as refused:
    show_error(refused)
    st.stop()

st.caption(t("figures_page.scope_all") if actor.role is Role.MANAGEMENT
           else t("figures_page.scope_team"))
with st.expander(t("figures_page.rules_title"), icon=":material/rule:"):
    st.markdown(t("figures_page.rules"))


def _make_xlsx(chosen: Period, session: Session, who: Actor, words: Words) -> Render:
    data = figures_workbook(session=session, actor=who, period=chosen, words=words)
    return lambda: data


def _make_pdf(chosen: Period, session: Session, who: Actor, words: Words) -> Render:
    return figures_pdf(session=session, actor=who, period=chosen, words=words,
                       printed_on=today())


name = f"{period.first.isoformat()}_{period.last.isoformat()}"
b1, b2 = st.columns(2)
checked_download(b1, t("figures_page.download_xlsx"), make=partial(_make_xlsx, period),
                 case_id=None, subject="figures/xlsx", file_name=f"jaarcijfers_{name}.xlsx",
                 mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 key="figures_xlsx", icon=":material/table_view:", primary=True)
checked_download(b2, t("figures_page.download_pdf"), make=partial(_make_pdf, period),
                 case_id=None, subject="figures/pdf", file_name=f"jaarcijfers_{name}.pdf",
                 mime="application/pdf", key="figures_pdf", icon=":material/picture_as_pdf:")

st.header(t("figures_page.missing_title"))
missing = missing_lines(figures, t)
if not missing:
    st.caption(t("figures_page.missing_none"))
for line in missing:
    st.warning(f"{line.text}: {', '.join(str(c) for c in line.cases)}",
               icon=":material/warning:")

if not figures.total.counted:
    st.info(t("figures_page.none"), icon=":material/info:")
    st.stop()

everything: list[Line] = []
forms = [figures.total, *figures.forms]
tabs = st.tabs([form_title(f, t) for f in forms])
for tab, form in zip(tabs, forms, strict=True):
    lines = form_lines(form, t)
    heading = form_title(form, t)
    everything += [Line(f"{heading} · {line.text}", line.cases) for line in lines]
    with tab:
        for line in lines:
            st.write(line.text)

st.subheader(t("figures_page.chart_referrers"))
referrer_chart(figures)

st.header(t("figures_page.cases_behind"))
checkable = [line for line in everything if line.cases]
texts = [line.text for line in checkable]
picked = st.selectbox(t("figures_page.choose_figure"), range(len(checkable)),
                      format_func=texts.__getitem__, index=None,
                      placeholder=t("common.choose"))
if picked is not None:
    cases = checkable[picked].cases
    table: dict[str, list[object]] = {t("figures_page.case_number"): list(cases)}
    if actor.role is Role.TEAM_LEAD:
        with db() as session:
            names = family_names(session=session, actor=actor, case_ids=cases)
        table[t("figures_page.family")] = [names.get(c, "") for c in cases]
    st.dataframe(table, hide_index=True, width="stretch")
