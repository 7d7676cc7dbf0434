"""The whole family as one table: a row per person (name, sex, birth, mother, father,
partner), saved together or not at all.

Mother, father and partner name someone else in the table, as the counsellor typed it (the
full name, or the first name when no one else has it). Each row is checked on its own;
every problem names its row, and then nothing is saved. Saving adds the people and lines
that are new; it does not take lines away (that is the relationships list's work).
Blank rows (room left for the next people) are skipped. What a row implies is not asked
twice: someone named only as a mother is female, only as a father male (unless the row
says otherwise), and a child's two parents get the couple line their children hang from.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from auth import Actor
from auth.access import Need, inner_calls
from genograms.graph import CoupleTie, ParentTie, links
from genograms.people import (
    PersonDetail,
    PersonInput,
    _detail,
    add_family_member,
    check_family,
    update_person,
)
from genograms.relations import FamilyGraph, add_couple, add_parent
from sofs_core.codes import CoupleStatus, ParentKind, Sex
from sofs_core.errors import FieldError, ValidationFailed
from storage.models import Couple, ParentLink, Person

LINKS = ("mother", "father", "partner")


@dataclass(frozen=True)
class FamilyRow:
    """One person as the table shows them. ``person_id`` and ``version`` are empty for a
    new row; ``birth`` is a year or a date as typed."""

    name: str
    sex: Sex = Sex.UNKNOWN
    birth: str = ""
    mother: str = ""
    father: str = ""
    partner: str = ""
    person_id: int | None = None
    version: int | None = None

    @property
    def is_blank(self) -> bool:
        """An empty line of the table, left for someone to come: not saved, not refused."""
        return self.person_id is None and self.sex is Sex.UNKNOWN and not any(
            str(getattr(self, name)).strip() for name in ("name", "birth", *LINKS))


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def family_rows(members: list[PersonDetail], family: FamilyGraph) -> list[FamilyRow]:
    """The family's members (as ``list_family_members`` gives them) as table rows, from
    the graph the page has read already: no read of its own."""
    by_id = {m.id: m for m in members}
    parents: dict[int, list[tuple[int, int]]] = {}
    partner: dict[int, tuple[int, int]] = {}
    for link in links(family.graph):
        a, b, link_id = link.source, link.target, link.link_id
        if isinstance(link, ParentTie):
            parents.setdefault(b, []).append((link_id, a))
        elif isinstance(link, CoupleTie):
            for me, them in ((a, b), (b, a)):  # the latest couple wins
                if partner.get(me, (0, 0))[0] < link_id:
                    partner[me] = (link_id, them)
    rows = []
    for m in members:
        mother, father = _mother_and_father(
            [p for _, p in sorted(parents.get(m.id, []))], by_id)
        rows.append(FamilyRow(
            name=m.full_name, sex=m.sex, birth=m.birth.as_text(),
            mother=_name(mother, by_id), father=_name(father, by_id),
            partner=_name(partner.get(m.id, (0, None))[1], by_id), person_id=m.id,
            version=m.version))
    return rows


def _mother_and_father(parent_ids: list[int], by_id: dict[int, PersonDetail]
                       ) -> tuple[int | None, int | None]:
    known = [p for p in parent_ids if p in by_id]
    mother = next((p for p in known if by_id[p].sex is Sex.FEMALE), None)
    father = next((p for p in known if p != mother and by_id[p].sex is Sex.MALE), None)
    rest = [p for p in known if p not in (mother, father)]
    if mother is None and rest:
        mother = rest.pop(0)
    if father is None and rest:
        father = rest.pop(0)
    return mother, father


def _name(person_id: int | None, by_id: dict[int, PersonDetail]) -> str:
    return by_id[person_id].full_name if person_id in by_id else ""


def _split(name: str) -> tuple[str, str]:
    first, _, last = " ".join(name.split()).partition(" ")
    return first, last


def _resolve(rows: list[FamilyRow]) -> tuple[dict[tuple[int, str], int], list[FieldError]]:
    """Which row each mother, father and partner names; every problem with its row."""
    full: dict[str, list[int]] = {}
    first: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        if row.name.strip() and not row.is_blank:
            full.setdefault(_key(row.name), []).append(index)
            first.setdefault(_key(_split(row.name)[0]), []).append(index)
    found: dict[tuple[int, str], int] = {}
    errors: list[FieldError] = []
    for index, row in enumerate(rows):
        number = index + 1
        if row.is_blank:
            continue
        if not row.name.strip():
            errors.append(FieldError("table_name", "error.required", {"row": number}))
        for link in LINKS:
            text = str(getattr(row, link)).strip()
            if not text:
                continue
            matches = full.get(_key(text)) or first.get(_key(text)) or []
            if len(matches) != 1:
                key = "error.table_name_unknown" if not matches else "error.table_name_twice"
                errors.append(FieldError(f"table_{link}", key, {"row": number}))
            elif matches[0] == index:
                errors.append(FieldError(f"table_{link}", "error.table_self", {"row": number}))
            else:
                found[(index, link)] = matches[0]
    return found, errors


def _with_row(failed: ValidationFailed, number: int) -> list[FieldError]:
    return [replace(e, params={**e.params, "row": number}) for e in failed.errors]


def save_family_table(*, session: Session, actor: Actor, family_id: int,
                      rows: list[FamilyRow]) -> int:
    """Save the table in the caller's transaction: new people, changed people (a row
    changed by someone else meanwhile is a conflict), and the new parent and partner lines.
    Raises ValidationFailed with every row's problems (each error's ``row`` counts from 1);
    the caller's rollback then leaves everything as it was. Returns how many rows changed
    something."""
    check_family(session, actor, family_id, Need.EDIT, "relations/save_family_table")
    with inner_calls(session):  # one action, one audit line: the one above
        return _save(session, actor, family_id, rows)


def _save(session: Session, actor: Actor, family_id: int, rows: list[FamilyRow]) -> int:
    found, errors = _resolve(rows)
    current = {p.id: p for p in session.scalars(
        select(Person).where(Person.family_id == family_id))}
    ids: list[int | None] = []
    changed: set[int] = set()
    for index, row in enumerate(rows):
        number = index + 1
        first, last = _split(row.name)
        try:
            if row.person_id is None:
                if not row.name.strip():
                    ids.append(None)
                    continue
                data = PersonInput(first, last, sex=_sex(row, index, found),
                                   birth=row.birth.strip())
                ids.append(add_family_member(session=session, actor=actor,
                                             family_id=family_id, data=data).id)
                changed.add(index)
                continue
            person = current.get(row.person_id)
            if person is None:
                errors.append(FieldError("table_name", "error.person_removed", {"row": number}))
                ids.append(None)
                continue
            ids.append(person.id)
            before = _detail(person)
            renamed = _key(row.name) != _key(before.full_name)
            data = replace(before.as_input(), sex=row.sex, birth=row.birth.strip())
            if renamed:
                data = replace(data, first_name=first, last_name=last)
            if data != before.as_input():
                update_person(session=session, actor=actor, person_id=person.id,
                              expected_version=row.version if row.version is not None
                              else person.version, data=data)
                changed.add(index)
        except ValidationFailed as failed:
            errors.extend(_with_row(failed, number))
            ids.append(None)
    if errors:
        raise ValidationFailed(errors)
    for (index, link), other in sorted(found.items()):
        me, them = ids[index], ids[other]
        if me is None or them is None:
            continue
        try:
            if link == "partner":
                if not _couple_exists(session, me, them):
                    add_couple(session=session, actor=actor, first_id=them, second_id=me,
                               status=CoupleStatus.LIVING_TOGETHER)
                    changed.add(index)
            elif session.scalar(select(ParentLink.id).where(
                    ParentLink.parent_id == them, ParentLink.child_id == me)) is None:
                add_parent(session=session, actor=actor, parent_id=them, child_id=me,
                           kind=ParentKind.BIOLOGICAL)
                changed.add(index)
        except ValidationFailed as failed:
            errors.extend(replace(e, field=f"table_{link}") for e in _with_row(failed, index + 1))
    if errors:
        raise ValidationFailed(errors)
    changed |= _couples_of_parents(session, actor, found, ids)
    return len(changed)


def _sex(row: FamilyRow, index: int, found: dict[tuple[int, str], int]) -> Sex:
    """A new person left "unknown" whom another row names as mother (only) is female, as
    father (only) male: the counsellor need not say it twice. A sex chosen in the row wins."""
    if row.sex is not Sex.UNKNOWN:
        return row.sex
    named = {link for (_, link), other in found.items() if other == index and link != "partner"}
    if named == {"mother"}:
        return Sex.FEMALE
    if named == {"father"}:
        return Sex.MALE
    return Sex.UNKNOWN


def _couples_of_parents(session: Session, actor: Actor, found: dict[tuple[int, str], int],
                        ids: list[int | None]) -> set[int]:
    """A child's mother and father are a couple on the genogram (their children hang from
    that line): the line is added, as living together, when the table names both parents
    and they have none yet. Its status is changed under "Relaties"."""
    changed: set[int] = set()
    for index, me in enumerate(ids):
        mother, father = found.get((index, "mother")), found.get((index, "father"))
        if me is None or mother is None or father is None:
            continue
        first, second = ids[mother], ids[father]
        if first is None or second is None or first == second:
            continue
        if not _couple_exists(session, first, second):
            add_couple(session=session, actor=actor, first_id=first, second_id=second,
                       status=CoupleStatus.LIVING_TOGETHER)
            changed.add(index)
    return changed


def _couple_exists(session: Session, a: int, b: int) -> bool:
    return session.scalar(select(Couple.id).where(or_(
        (Couple.first_id == a) & (Couple.second_id == b),
        (Couple.first_id == b) & (Couple.second_id == a)))) is not None
