"""Forms of the safety plan page: rules, the plan's dates and child's version, agreement,
comparison and the printed documents (the review is in ``review``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import partial

import streamlit as st
from sqlalchemy.orm import Session
from streamlit.delta_generator import DeltaGenerator

from auth import Actor
from genograms.picture import Options
from i18n import Catalogue, Words
from plans.compare import compare_plans
from plans.contacts import Organisation, load_organisation, my_phone, set_my_phone
from plans.documents import child_version, consultant_report, family_plan, network_cards
from plans.network_cards import CardSize
from plans.printouts import child_of, gather_plan, gather_report
from plans.readiness import Missing
from plans.versions import (
    ChildPage,
    PlanDetails,
    PlanSummary,
    PlanView,
    RuleInput,
    RuleView,
    add_rule,
    mark_agreed,
    move_rule,
    open_draft,
    remove_rule,
    update_child_page,
    update_details,
    update_rule,
)
from sofs_app.components.adding import (
    adding_form,
    is_submitted,
    outside_value,
    submit_button,
)
from sofs_app.components.confirm import ask, asked_for, confirm_step
from sofs_app.components.downloads import Render, checked_download
from sofs_app.components.pictures import drawing_options
from sofs_app.components.saving import save
from sofs_app.components.text import (
    fields_html,
    fmt_date_short,
    heading_html,
    show_caption,
    show_fields,
)
from sofs_app.context import db, labeller, run_context, t
from sofs_core.clock import today
from sofs_core.codes import RuleKind

# The family plan's labels; Arabic, Turkish and Polish await a native speaker's review.
DOCUMENT_LANGUAGES = {"nl-BE": "Nederlands", "en": "English", "fr": "Français",
                      "ar": "العربية", "tr": "Türkçe", "pl": "Polski"}
# The words for what changed in a rule, where they are not the field's own label.
CHANGED = {"kind": "plan_page.kind_short", "members": "field.member_ids"}


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else f"{text[:limit - 1]}…"


def _rule_fields(key: str, initial: RuleView | None, dangers: dict[str, str],
                 people: dict[int, str], *, kind: RuleKind | None = None) -> RuleInput:
    """The rule's fields, in the order a typist fills them with Tab: the words, the danger
    statements and helpers (typed and taken with Enter), who and when, then what can wait.
    With ``kind`` given, its choice is drawn by the caller (outside the form)."""
    if kind is None:
        kinds = list(RuleKind)
        kind = RuleKind(str(st.radio(t("plan_page.kind"), kinds,
                                     format_func=labeller("rulekind"),
                                     index=kinds.index(initial.kind) if initial else 0,
                                     horizontal=True, key=f"{key}:kind")))
    what = st.text_area(t("field.what") + " *", value=initial.what if initial else "",
                        help=t("plan_page.what_help"), key=f"{key}:what")
    chosen_dangers = st.multiselect(
        t("field.danger_lineages"), list(dangers), format_func=dangers.__getitem__,
        default=[d for d in (initial.danger_lineages if initial else ()) if d in dangers],
        placeholder=t("common.choose"), key=f"{key}:dangers")
    chosen_people = st.multiselect(
        t("field.member_ids"), list(people), format_func=people.__getitem__,
        default=[m.person_id for m in (initial.members if initial else ())
                 if m.person_id in people],
        placeholder=t("common.choose"), key=f"{key}:people")
    c1, c2 = st.columns(2)
    who = c1.text_input(t("field.who"), value=initial.who if initial else "", key=f"{key}:who")
    when = c2.text_input(t("field.when"), value=initial.when if initial else "",
                         key=f"{key}:when")
    know = c1.text_area(t("field.how_we_know"), value=initial.how_we_know if initial else "",
                        key=f"{key}:know")
    not_kept = c2.text_area(t("field.if_not_kept"), value=initial.if_not_kept if initial else "",
                            key=f"{key}:notkept")
    translation = st.text_area(t("field.translation"),
                               value=initial.translation if initial else "",
                               help=t("plan_page.translation_help"), key=f"{key}:translation")
    return RuleInput(kind, what, who, when, know, not_kept,
                     tuple(chosen_dangers), tuple(chosen_people), translation)


NEW_RULE_KIND = "plan_rule_new_kind"


def add_rule_form(*, actor: Actor, plan: PlanView, dangers: dict[str, str],
                  people: dict[int, str]) -> None:
    """One agreement after another with the keyboard (see `adding`): the kind is chosen
    outside the form, so it stays chosen from one agreement to the next; Ctrl+Enter in a
    text box or Enter in a one-line field adds; what is left empty is filled in later
    (`rule_editor`)."""
    key = "plan_rule_new"
    kinds = list(RuleKind)
    st.radio(t("plan_page.kind"), kinds, format_func=labeller("rulekind"), horizontal=True,
             key=NEW_RULE_KIND)
    show_caption(t("plan_page.add_keys"))
    with adding_form(key, enter_to_submit=True):
        data = _rule_fields(key, None, dangers, people, kind=RuleKind.IMMEDIATE)
        submit_button(key, t("plan_page.add_submit"), outside=(NEW_RULE_KIND,))
    if is_submitted(key):
        # The kind chosen when it was sent: another may be chosen since, for the next one.
        data = replace(data, kind=RuleKind(str(outside_value(key, NEW_RULE_KIND))))
        save(lambda s: add_rule(session=s, actor=actor, plan_id=plan.id, data=data),
             "plan_page.rule_added", adding=key)


def _move(actor: Actor, rule: RuleView, steps: int) -> None:
    save(lambda s: move_rule(session=s, actor=actor, rule_id=rule.id,
                             expected_version=rule.version, steps=steps), "plan_page.moved")


def _remove(actor: Actor, rule: RuleView) -> None:
    save(lambda s: remove_rule(session=s, actor=actor, rule_id=rule.id,
                               expected_version=rule.version), "plan_page.rule_removed")


# A card's frame, as a bordered container draws it (one element for all the cards of a
# kind: a container per rule was a large part of a plan page's rerun, issue 19).
_CARD = ('<div style="border:1px solid rgba(128,128,128,0.35);border-radius:0.5rem;'
         'padding:0.25rem 1rem 0.25rem;margin:0 0 0.75rem 0">')


def rule_card_html(*, rule: RuleView, number: int, dangers: dict[str, str]) -> str:
    """One rule as the family will read it (changing it is `rule_editor`'s: one form for
    the rule being changed, not one per rule, keeps a plan of 30 rules quick to rerun)."""
    facts = [(t(f"field.{name}"), getattr(rule, name))
             for name in ("who", "when", "how_we_know", "if_not_kept")
             if getattr(rule, name).strip()]
    if rule.members:
        facts.append((t("field.member_ids"), ", ".join(m.name for m in rule.members)))
    served = [dangers[d] for d in rule.danger_lineages if d in dangers]
    if served:
        facts.append((t("field.danger_lineages"), "; ".join(served)))
    if rule.translation.strip():
        facts.append((t("field.translation"), rule.translation))
    # The heading and its facts in one piece of (escaped) HTML.
    return _CARD + heading_html(f"{number}. {rule.what}", level=3) + fields_html(facts) + "</div>"


def rule_cards(rules: list[tuple[int, RuleView]], *, dangers: dict[str, str]) -> None:
    """Numbered rules, each in its frame, drawn as one element."""
    if rules:
        st.html("".join(rule_card_html(rule=rule, number=number, dangers=dangers)
                        for number, rule in rules))


RULE_CHOICE = "plan_rule_choice"


def rule_editor(*, actor: Actor, plan: PlanView, numbered: list[tuple[int, RuleView]],
                dangers: dict[str, str], people: dict[int, str]) -> None:
    """Move, remove or change one rule of a draft, chosen from the list by its number."""
    rules = {rule.id: (number, rule) for number, rule in numbered}
    choices = {rule_id: _short(f"{number}. {rule.what}")
               for rule_id, (number, rule) in rules.items()}
    chosen = st.selectbox(t("plan_rule_edit.pick"), list(choices),
                          format_func=choices.__getitem__, index=None,
                          placeholder=t("common.choose"), key=f"{RULE_CHOICE}{plan.id}")
    if chosen is None or chosen not in rules:
        return
    rule = rules[chosen][1]
    up, down, remove, _ = st.columns([1, 1, 1, 3])
    if up.button(t("plan_page.up"), icon=":material/arrow_upward:", key=f"up{rule.id}"):
        _move(actor, rule, -1)
    if down.button(t("plan_page.down"), icon=":material/arrow_downward:",
                   key=f"down{rule.id}"):
        _move(actor, rule, 1)
    if remove.button(t("plan_page.remove"), icon=":material/delete:", key=f"rm{rule.id}"):
        _remove(actor, rule)
    key = f"plan_rule_{rule.id}_{rule.version}"
    with st.form(key, enter_to_submit=False):
        data = _rule_fields(key, rule, dangers, people)
        submitted = st.form_submit_button(t("common.save"), type="primary")
    if submitted:
        save(lambda s: update_rule(session=s, actor=actor, rule_id=rule.id,
                                   expected_version=rule.version, data=data),
             "plan_page.rule_saved")


def details_form(*, actor: Actor, plan: PlanView) -> None:
    """The review date and the child's version (words and pictures)."""
    with st.form(f"plan_details_{plan.id}_{plan.version}", enter_to_submit=False):
        review_on = st.date_input(t("field.review_on"), value=plan.review_on,
                                  min_value=date(2000, 1, 1), format="DD/MM/YYYY",
                                  key=f"review{plan.id}")
        st.caption(t("plan_page.child_help"))
        worries = st.text_area(t("field.child_worries"), value=plan.child_worries,
                               key=f"worries{plan.id}")
        next_ = st.text_area(t("field.child_next"), value=plan.child_next, key=f"next{plan.id}")
        thing = st.text_input(t("field.safety_object"), value=plan.safety_object,
                              key=f"object{plan.id}")
        submitted = st.form_submit_button(t("plan_page.details_submit"), type="primary")
    if submitted:
        data = PlanDetails(review_on if isinstance(review_on, date) else None, worries, next_,
                           thing)
        save(lambda s: update_details(session=s, actor=actor, plan_id=plan.id,
                                      expected_version=plan.version, data=data),
             "plan_page.details_saved")


def agree_form(*, actor: Actor, plan: PlanView) -> None:
    with st.form(f"plan_agree_{plan.id}_{plan.version}", enter_to_submit=False):
        st.caption(t("plan_page.agree_help"))
        c1, c2 = st.columns([3, 1])
        who = c1.text_input(t("field.agreed_by") + " *", key=f"agreed_by{plan.id}")
        on = c2.date_input(t("field.agreed_on"), value=today(), format="DD/MM/YYYY",
                           key=f"agreed_on{plan.id}")
        submitted = st.form_submit_button(t("plan_page.agree_submit"), type="primary",
                                          icon=":material/handshake:")
    # Agreeing freezes the version for good: ask first, saying what is recorded.
    key = f"agree{plan.id}"
    if submitted:
        ask(key, who=who, on=on if isinstance(on, date) else today())
    if (asked := asked_for(key)) is not None:
        confirm_step(
            key=key, title=t("plan_page.agree_confirm_title", number=plan.number),
            text=t("plan_page.agree_confirm_text", number=plan.number),
            recorded=[(t("field.agreed_by"), asked["who"]),
                      (t("field.agreed_on"), fmt_date_short(asked["on"])),
                      (t("confirm.recorded_by"), actor.display_name)],
            yes=t("plan_page.agree_confirm_yes"),
            action=lambda s: mark_agreed(session=s, actor=actor, plan_id=plan.id,
                                         expected_version=plan.version,
                                         agreed_by=asked["who"], agreed_on=asked["on"]),
            message="plan_page.agreed")


def new_version_button(*, actor: Actor, case_id: int) -> None:
    if st.button(t("plan_page.new_version"), icon=":material/content_copy:", type="primary"):
        save(lambda s: open_draft(session=s, actor=actor, case_id=case_id),
             "plan_page.new_version_made", forget="plan_choice")


def changes_section(*, actor: Actor, plan: PlanView, versions: list[PlanSummary]) -> None:
    """What changed since an older version, rule by rule; compared only while its toggle
    is on (an expander would run the comparison on every rerun, open or not)."""
    older = {v.id: t("plan_page.version_label", number=v.number,
                     status=labeller("planstatus")(v.status))
             for v in versions if v.number < plan.number}
    if not older or not st.toggle(t("plan_page.changes"), key=f"changes{plan.id}"):
        return
    chosen = st.selectbox(t("plan_page.compare_with"), list(older), format_func=older.__getitem__,
                          key=f"compare{plan.id}")
    with db() as session:
        changes = compare_plans(session=session, actor=actor, older_id=chosen, newer_id=plan.id)
    if changes.is_empty:
        st.info(t("plan_page.no_changes"), icon=":material/check:")
        return
    lines = [(t("plan_page.change_added"), c.after.what) for c in changes.added if c.after]
    lines += [(t("plan_page.change_changed", fields=", ".join(
        t(CHANGED.get(f, f"field.{f}")) for f in c.fields)), c.after.what)
              for c in changes.changed if c.after]
    lines += [(t("plan_page.change_removed"), c.before.what) for c in changes.removed
              if c.before]
    lines += [(t("plan_page.change_detail"), t(f"field.{name}")) for name in changes.details]
    show_fields(lines)


def _document(catalogue: Catalogue, plan_id: int, language: str, kind: str,
              child_id: int | None, options: Options, organisation: Organisation,
              genogram: bool, session: Session, actor: Actor, _words: Words) -> Render:
    """Gather one document at the moment of download (printing changes nothing but the audit
    trail, which records who printed what); it is drawn after the commit. The family plan
    may be in another language than the user's, and has the genogram only when ticked
    (without how people get on)."""
    words = partial(catalogue.text, language)
    data = gather_plan(session=session, actor=actor, plan_id=plan_id, words=words, on=today(),
                       document=kind, options=options,
                       with_genogram=kind == "family" and genogram,
                       organisation=organisation, for_family=kind != "report")
    if kind == "family":
        return partial(family_plan, data, words)
    if kind in ("cards", "cards_a4"):
        return partial(network_cards, data, words,
                       CardSize.A4 if kind == "cards_a4" else CardSize.A6)
    if kind == "child" and child_id is not None:
        return partial(child_version, data, words, child_of(data, child_id))
    if kind == "report":
        report = gather_report(session=session, actor=actor, plan=data, words=words,
                               options=options)
        return partial(consultant_report, data, report, words)
    raise ValueError(kind)


def downloads(*, plan: PlanView, children: dict[int, str], locale: str) -> None:
    """The four documents, each made only when its button is pressed."""
    run = run_context()
    make = partial(_document, run.catalogue, plan.id)
    options = drawing_options()
    organisation = load_organisation(run.settings.effective_catalogue_dir)
    genogram = st.checkbox(t("plan_page.with_genogram"), value=False,
                           help=t("plan_page.with_genogram_help"), key="plan_genogram")

    def button(host: DeltaGenerator, label: str, icon: str, language: str, kind: str,
               child_id: int | None, file_name: str, primary: bool = False) -> None:
        checked_download(host, t(label), make=partial(make, language, kind, child_id, options,
                                                      organisation, genogram),
                         case_id=plan.case_id, subject=f"print/{kind}", file_name=file_name,
                         mime="application/pdf", key=f"print_{kind}", icon=icon,
                         primary=primary)

    if not plan.frozen:
        st.warning(t("plan_page.draft_print"), icon=":material/edit_note:")
    c1, c2 = st.columns([2, 1])
    language = c2.selectbox(t("plan_page.language"), list(DOCUMENT_LANGUAGES),
                            format_func=DOCUMENT_LANGUAGES.__getitem__,
                            index=list(DOCUMENT_LANGUAGES).index(locale)
                            if locale in DOCUMENT_LANGUAGES else 0, key="plan_language")
    button(c1, "plan_page.print_family", ":material/print:", language, "family", None,
           f"veiligheidsplan-v{plan.number}.pdf", primary=True)
    c5, c6 = st.columns([1, 1])
    button(c5, "plan_page.print_cards", ":material/badge:", locale, "cards", None,
           f"netwerkkaarten-v{plan.number}.pdf")
    button(c6, "plan_page.print_cards_a4", ":material/description:", locale, "cards_a4", None,
           f"netwerkkaarten-a4-v{plan.number}.pdf")
    if children:
        c3, c4 = st.columns([1, 2])
        child = c4.selectbox(t("plan_page.child"), list(children),
                             format_func=children.__getitem__, key="plan_child")
        button(c3, "plan_page.print_child", ":material/child_care:", locale, "child", child,
               f"voor-de-kinderen-v{plan.number}.pdf")
    button(st.container(), "plan_page.print_report", ":material/summarize:", locale, "report",
           None, f"verslag-consulent-v{plan.number}.pdf")
    show_caption(t("plan_page.print_note", date=fmt_date_short(today())))


def child_pages_form(*, actor: Actor, plan: PlanView, children: dict[int, str]) -> None:
    """One child's own words and safety object; left empty, the child's page prints the
    words for all children above."""
    if not children:
        return
    chosen = st.selectbox(t("plan_page.child_page_pick"), list(children),
                          format_func=children.__getitem__, key=f"child_page_pick{plan.id}")
    own = next((c for c in plan.children if c.person_id == chosen), ChildPage(chosen))
    key = f"child_page_{plan.id}_{plan.version}_{chosen}"
    with st.form(key, enter_to_submit=False):
        st.caption(t("plan_page.child_page_help"))
        worries = st.text_area(t("field.child_worries"), value=own.worries, key=f"{key}:w")
        next_ = st.text_area(t("field.child_next"), value=own.next, key=f"{key}:n")
        thing = st.text_input(t("field.safety_object"), value=own.safety_object,
                              key=f"{key}:o")
        submitted = st.form_submit_button(t("plan_page.child_page_submit"), type="primary")
    if submitted:
        data = ChildPage(chosen, worries, next_, thing)
        save(lambda s: update_child_page(session=s, actor=actor, plan_id=plan.id,
                                         expected_version=plan.version, data=data),
             "plan_page.details_saved")


def organisation() -> Organisation:
    """The organisation's names and phones (the catalogue folder's file), for documents."""
    return load_organisation(run_context().settings.effective_catalogue_dir)


def missing_list(missing: list[Missing]) -> None:
    """What the family's documents would print without: guidance, never a block."""
    if not missing:
        st.success(t("plan_page.nothing_missing"), icon=":material/check:")
        return
    st.warning(t("plan_page.missing_title"), icon=":material/checklist:")
    show_fields([(t(m.message_key), m.about) for m in missing])


def my_phone_form(*, actor: Actor) -> None:
    """The counsellor's own work phone, printed for the families of their cases."""
    with db() as session:
        current = my_phone(session=session, actor=actor)
    with st.form(f"my_phone_{current}", enter_to_submit=False):
        phone = st.text_input(t("field.my_phone"), value=current, help=t("plan_page.my_phone_help"),
                              key="my_phone")
        submitted = st.form_submit_button(t("common.save"))
    if submitted:
        save(lambda s: set_my_phone(session=s, actor=actor, phone=phone),
             "plan_page.my_phone_saved")
