"""Forms for the safety network: who joins, in which role, and what they promised."""

from __future__ import annotations

from datetime import date
from functools import partial

import streamlit as st
from sqlalchemy.orm import Session

from auth import Actor
from genograms.network import (
    NetworkMember,
    NetworkRoleInput,
    add_outside_person,
    add_role,
    remove_role,
    update_role,
)
from genograms.people import PersonInput
from sofs_app.components.adding import adding_form, is_submitted, refused, submit_button
from sofs_app.components.form_dates import latest_date
from sofs_app.components.person_form import person_fields
from sofs_app.components.saving import save
from sofs_app.context import labeller, t
from sofs_core.codes import NetworkRoleKind, SupportDirection, TieStrength

NEW_PERSON = -1


def _role_details(key: str, initial: NetworkMember | None, kind: NetworkRoleKind
                  ) -> dict[str, object]:
    """Phone, commitment, dates and tie, shared by adding and editing a role."""
    c1, c2 = st.columns(2)
    details: dict[str, object] = {
        "phone": c1.text_input(t("network_page.phone"), value=initial.phone if initial else "",
                               key=f"{key}:phone"),
        "told_danger_statements_on": c2.date_input(
            t("network_page.told_on"), value=initial.told_danger_statements_on if initial
            else None, max_value=latest_date(), format="DD/MM/YYYY", key=f"{key}:told"),
        "commitment": st.text_area(t("network_page.commitment"),
                                   value=initial.commitment if initial else "",
                                   help=t("network_page.commitment_help"), key=f"{key}:promise"),
    }
    ties, supports = list(TieStrength), list(SupportDirection)
    details["tie"] = c1.selectbox(t("network_page.tie"), ties, format_func=labeller("tiestrength"),
                                  index=ties.index(initial.tie) if initial else 0,
                                  key=f"{key}:tie")
    details["support"] = c2.selectbox(
        t("network_page.support"), supports, format_func=labeller("supportdirection"),
        index=supports.index(initial.support) if initial else 0, key=f"{key}:support")
    if kind is NetworkRoleKind.JIM:
        details["chosen_on"] = c1.date_input(
            t("network_page.chosen_on"), value=initial.chosen_on if initial else None,
            max_value=latest_date(), format="DD/MM/YYYY", key=f"{key}:chosen")
        details["parents_consent"] = c2.checkbox(
            t("network_page.parents_consent"), value=initial.parents_consent if initial
            else False, key=f"{key}:consent")
    return details


def _input(person_id: int, kind: NetworkRoleKind, for_person_id: int | None,
           details: dict[str, object]) -> NetworkRoleInput:
    told = details.get("told_danger_statements_on")
    chosen = details.get("chosen_on")
    return NetworkRoleInput(
        person_id=person_id, kind=kind, for_person_id=for_person_id,
        phone=str(details["phone"]), commitment=str(details["commitment"]),
        told_danger_statements_on=told if isinstance(told, date) else None,
        chosen_on=chosen if isinstance(chosen, date) else None,
        parents_consent=bool(details.get("parents_consent")),
        tie=TieStrength(str(details["tie"])), support=SupportDirection(str(details["support"])))


def _name_of(choices: dict[int | str, str], choice: int | str) -> str:
    """A choice's words; a name typed in is its own (a named function: session state
    must pickle what a widget keeps)."""
    return choices.get(choice, str(choice))


def add_role_form(*, actor: Actor, case_id: int, people: dict[int, str],
                  children: dict[int, str], young: dict[int, str]) -> None:
    """Someone from the family or from outside it takes a role in the network: a trusted
    person of one of the ``children``, a JIM of one of the ``young`` people."""
    kinds = list(NetworkRoleKind)
    kind = st.radio(t("network_page.role"), kinds, format_func=labeller("networkrolekind"),
                    horizontal=True, key="role_kind")
    choices: dict[int | str, str] = {NEW_PERSON: t("network_page.new_person")}
    choices.update({person: name for person, name in people.items()})
    # A name typed here that is not in the list is someone new from outside the family
    # (first word the first name); "someone new" opens all of a person's fields.
    who: int | str | None = st.selectbox(
        t("network_page.who"), list(choices), format_func=partial(_name_of, choices),
        index=None, placeholder=t("network_page.who_placeholder"), accept_new_options=True,
        key="role_who")
    key = "role_new"
    with adding_form(key):
        newcomer = person_fields(form_key=f"{key}:new", initial=None) \
            if who == NEW_PERSON else None
        if isinstance(who, str) and who.strip():
            first, _, last = who.strip().partition(" ")
            newcomer = PersonInput(first_name=first, last_name=last.strip())
        for_id = None
        if kind in (NetworkRoleKind.JIM, NetworkRoleKind.TRUSTED_PERSON):
            # A JIM is only offered young people of the JIM's ages; the only one is chosen.
            them = young if kind is NetworkRoleKind.JIM else children
            for_id = st.selectbox(t(f"network_page.for_{kind.value}"), list(them),
                                  format_func=them.__getitem__,
                                  index=0 if len(them) == 1 else None,
                                  placeholder=t("common.choose"), key=f"{key}:for_{kind.value}")
        details = _role_details(key, None, kind)
        submit_button(key, t("network_page.add_submit"))
    if not is_submitted(key):
        return
    if who is None or (isinstance(who, str) and newcomer is None):
        refused(key, t("network_page.choose_who"))
        return
    chosen = who if isinstance(who, int) else NEW_PERSON

    def act(session: Session) -> None:
        person_id = chosen
        if newcomer is not None:
            person_id = add_outside_person(session=session, actor=actor, case_id=case_id,
                                           data=newcomer).id
        add_role(session=session, actor=actor, case_id=case_id,
                 data=_input(person_id, kind, for_id, details))

    save(act, "network_page.added", adding=key)


def edit_role_form(*, actor: Actor, members: list[NetworkMember], texts: dict[int, str]) -> None:
    """Change a member's phone, commitment, dates or tie; or take them out of the role."""
    by_id = {m.role_id: m for m in members}
    role_id = st.selectbox(t("network_page.choose_role"), list(texts),
                           format_func=texts.__getitem__, index=None,
                           placeholder=t("common.choose"), key="role_edit_choice")
    if role_id is None:
        return
    member = by_id[role_id]
    key = f"role_edit_{role_id}_{member.version}"
    with st.form(key, enter_to_submit=False):
        details = _role_details(key, member, member.kind)
        saved = st.form_submit_button(t("common.save"), type="primary")
    if saved:
        save(lambda s: update_role(
            session=s, actor=actor, role_id=role_id, expected_version=member.version,
            data=_input(member.person_id, member.kind, member.for_person_id, details)),
            "network_page.saved")
    if st.button(t("network_page.remove"), icon=":material/person_remove:",
                 key=f"role_remove_{role_id}"):
        save(lambda s: remove_role(session=s, actor=actor, role_id=role_id),
              "network_page.removed", forget="role_edit_choice")
