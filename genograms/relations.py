"""Relationships between people, checked before they are stored, and the family graph.

The rules refuse what cannot be true (a person as their own parent, a cycle of parentage,
a third biological parent, a child born before its parent, a link to someone removed),
with a message and without changing anything. The graph (networkx) is what layout and
queries work on: who are a child's parents, who are a person's partners, who lives with whom.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import BindParameter, bindparam, exists, or_, select, update
from sqlalchemy.orm import Session

from auth import Actor
from auth.access import Need, cases_of_household, check_any, inner_calls
from genograms.graph import (
    CoupleTie,
    EmotionalTie,
    FamilyNetwork,
    ParentTie,
    PersonNode,
    Relation,
    TwinTie,
    add_link,
    add_person,
    links_from,
    links_into,
    new_network,
    person_node,
    person_nodes,
    set_household_names,
)
from genograms.people import (
    PersonDetail,
    PersonInput,
    add_family_member,
    check_family,
    check_person,
)
from sofs_core.codes import CoupleStatus, EmotionalKind, ParentKind
from sofs_core.errors import Conflict, FieldError, NotFound, ValidationFailed
from sofs_core.text import full_name
from storage.models import (
    Couple,
    EmotionalLine,
    Family,
    Household,
    ParentLink,
    Person,
    Twins,
    household_members,
)


def _person(session: Session, person_id: int, field: str) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise ValidationFailed([FieldError(field, "error.person_removed")])
    return person


def _two_people(session: Session, first_id: int, second_id: int, fields: tuple[str, str],
                same_key: str) -> tuple[Person, Person]:
    if first_id == second_id:
        raise ValidationFailed([FieldError(fields[1], same_key)])
    return _person(session, first_id, fields[0]), _person(session, second_id, fields[1])


def _check_people(session: Session, actor: Actor, person_ids: tuple[int, ...], subject: str
                  ) -> None:
    """A line between people may be drawn only by someone who may edit both. It is one
    line in the audit trail for each case it touches (both ends are mostly one family)."""
    recorded: set[int] = set()
    for person_id in dict.fromkeys(person_ids):
        if recorded:
            with inner_calls(session):
                case_id = check_person(session, actor, person_id, Need.EDIT, subject)
            if case_id in recorded:
                continue
        recorded.add(check_person(session, actor, person_id, Need.EDIT, subject))


def _is_descendant(session: Session, person_id: int, of_id: int) -> bool:
    """True when ``person_id`` is a child, grandchild, ... of ``of_id``.

    Walks down from ``of_id`` along the parent links' index, one generation per step, so
    it reads only that person's own line (their family and the outside people linked to
    it), never the whole register. UNION (not UNION ALL) ends the walk even on a cycle
    already stored by hand.
    """
    below = (select(ParentLink.child_id.label("person_id"))
             .where(ParentLink.parent_id == of_id)
             .cte("below", recursive=True))
    below = below.union(select(ParentLink.child_id)
                        .join(below, ParentLink.parent_id == below.c.person_id))
    return session.scalar(select(exists().where(below.c.person_id == person_id))) is True


def add_parent(*, session: Session, actor: Actor, parent_id: int, child_id: int,
               kind: ParentKind) -> int:
    """Record that ``parent_id`` is a parent (of ``kind``) of ``child_id``."""
    parent, child = _two_people(session, parent_id, child_id, ("parent_id", "child_id"),
                                "error.parent_self")
    _check_people(session, actor, (parent_id, child_id), "relations/add_parent")
    errors: list[FieldError] = []
    if session.scalar(select(ParentLink.id).where(ParentLink.parent_id == parent_id,
                                                  ParentLink.child_id == child_id)):
        errors.append(FieldError("child_id", "error.already_parent"))
    elif _is_descendant(session, parent_id, of_id=child_id):
        # The new parent already descends from the child: the link would close a cycle.
        errors.append(FieldError("parent_id", "error.parent_cycle"))
    if kind is ParentKind.BIOLOGICAL:
        biological = session.scalars(select(ParentLink.id).where(
            ParentLink.child_id == child_id, ParentLink.kind == ParentKind.BIOLOGICAL)).all()
        if len(biological) >= 2:
            errors.append(FieldError("parent_id", "error.too_many_biological_parents"))
    if _born_before(child, parent):
        errors.append(FieldError("child_id", "error.child_born_before_parent"))
    if errors:
        raise ValidationFailed(errors)
    link = ParentLink(parent_id=parent_id, child_id=child_id, kind=kind)
    session.add(link)
    session.flush()
    return link.id


def _born_before(child: Person, parent: Person) -> bool:
    if child.birth_date and parent.birth_date:
        return child.birth_date < parent.birth_date
    if child.birth_year and parent.birth_year:
        return child.birth_year < parent.birth_year
    return False


def add_couple(*, session: Session, actor: Actor, first_id: int, second_id: int,
               status: CoupleStatus, start_year: int | None = None,
               end_year: int | None = None) -> int:
    """Two partners; a person may be in several couples (earlier and current partners)."""
    _two_people(session, first_id, second_id, ("first_id", "second_id"), "error.couple_self")
    _check_people(session, actor, (first_id, second_id), "relations/add_couple")
    if start_year is not None and end_year is not None and end_year < start_year:
        raise ValidationFailed([FieldError("end_year", "error.end_before_start")])
    couple = Couple(first_id=first_id, second_id=second_id, status=status,
                    start_year=start_year, end_year=end_year)
    session.add(couple)
    session.flush()
    return couple.id


def add_twins(*, session: Session, actor: Actor, first_id: int, second_id: int,
              identical: bool = False) -> int:
    _two_people(session, first_id, second_id, ("first_id", "second_id"), "error.twin_self")
    _check_people(session, actor, (first_id, second_id), "relations/add_twins")
    twins = Twins(first_id=first_id, second_id=second_id, identical=identical)
    session.add(twins)
    session.flush()
    return twins.id


def add_emotional_line(*, session: Session, actor: Actor, from_id: int, to_id: int,
                       kind: EmotionalKind) -> int:
    """An overlay line; for abuse, ``from_id`` is the one who abuses."""
    _two_people(session, from_id, to_id, ("from_id", "to_id"), "error.line_self")
    _check_people(session, actor, (from_id, to_id), "relations/add_emotional_line")
    line = EmotionalLine(from_id=from_id, to_id=to_id, kind=kind)
    session.add(line)
    session.flush()
    return line.id


def set_household(*, session: Session, actor: Actor, family_id: int, name: str,
                  person_ids: tuple[int, ...]) -> int:
    """People who live together; a person lives in one household of the family at a time."""
    check_family(session, actor, family_id, Need.EDIT, "relations/set_household")
    for person_id in person_ids:
        _person(session, person_id, "person_ids")
    with inner_calls(session):  # recorded once, as the family's
        _check_people(session, actor, person_ids, "relations/set_household")
    household = Household(family_id=family_id, name=name.strip())
    session.add(household)
    session.flush()
    session.execute(household_members.delete().where(
        household_members.c.person_id.in_(person_ids),
        household_members.c.household_id.in_(
            select(Household.id).where(Household.family_id == family_id))))
    session.execute(household_members.insert(), [
        {"household_id": household.id, "person_id": p} for p in person_ids])
    session.flush()
    return household.id


def live_together(*, session: Session, actor: Actor, family_id: int, first_id: int,
                  second_id: int, name: str) -> int:
    """"B woont samen met A": B moves into A's household (A's household is made if A has
    none). Returns the household."""
    _two_people(session, first_id, second_id, ("first_id", "second_id"), "error.line_self")
    check_family(session, actor, family_id, Need.EDIT, "relations/live_together")
    with inner_calls(session):  # recorded once, as the family's
        _check_people(session, actor, (first_id, second_id), "relations/live_together")
    current = session.scalar(
        select(household_members.c.household_id)
        .join(Household, Household.id == household_members.c.household_id)
        .where(household_members.c.person_id == first_id, Household.family_id == family_id))
    if current is None:
        with inner_calls(session):
            return set_household(session=session, actor=actor, family_id=family_id,
                                 name=name, person_ids=(first_id, second_id))
    session.execute(household_members.delete().where(
        household_members.c.person_id == second_id,
        household_members.c.household_id.in_(
            select(Household.id).where(Household.family_id == family_id))))
    session.execute(household_members.insert(), [
        {"household_id": current, "person_id": second_id}])
    session.flush()
    return int(current)


def set_index_person(*, session: Session, actor: Actor, family_id: int,
                     person_id: int | None) -> None:
    """The child the genogram is drawn around (double outline); None clears it."""
    check_family(session, actor, family_id, Need.EDIT, "relations/set_index_person")
    family = session.get(Family, family_id)
    if family is None:
        raise NotFound()
    if person_id is not None and _person(session, person_id, "person_id").family_id != family_id:
        raise ValidationFailed([FieldError("person_id", "error.person_removed")])
    family.index_person_id = person_id
    session.flush()


class Relative(StrEnum):
    """How a new person joins the family, in the family's own words."""

    CHILD_OF = "child_of"
    PARENT_OF = "parent_of"
    PARTNER_OF = "partner_of"
    SIBLING_OF = "sibling_of"


_RELATION_MODELS: dict[Relation, type[ParentLink | Couple | Twins | EmotionalLine]] = {
    Relation.PARENT: ParentLink, Relation.COUPLE: Couple, Relation.TWIN: Twins,
    Relation.EMOTIONAL: EmotionalLine,
}


def add_relative(*, session: Session, actor: Actor, family_id: int, data: PersonInput,
                 relative: Relative, of_person_id: int, other_parent_id: int | None = None,
                 parent_kind: ParentKind = ParentKind.BIOLOGICAL,
                 couple_status: CoupleStatus = CoupleStatus.LIVING_TOGETHER,
                 start_year: int | None = None) -> PersonDetail:
    """A new family member and how they are related, saved together or not at all.

    "Child of" takes one or two parents; "sibling of" gives the new person the same parents
    (of the same kind); "partner of" starts a couple.
    """
    _person(session, of_person_id, "of_person_id")
    _check_people(session, actor, (of_person_id,), "relations/add_relative")
    with inner_calls(session):  # one action, one audit line: the one above
        return _add_relative(session, actor, family_id, data, relative, of_person_id,
                             other_parent_id, parent_kind, couple_status, start_year)


def _add_relative(session: Session, actor: Actor, family_id: int, data: PersonInput,
                  relative: Relative, of_person_id: int, other_parent_id: int | None,
                  parent_kind: ParentKind, couple_status: CoupleStatus,
                  start_year: int | None) -> PersonDetail:
    person = add_family_member(session=session, actor=actor, family_id=family_id, data=data)
    if relative is Relative.CHILD_OF:
        for parent in (of_person_id, other_parent_id):
            if parent is not None:
                add_parent(session=session, actor=actor, parent_id=parent, child_id=person.id,
                           kind=parent_kind)
    elif relative is Relative.PARENT_OF:
        add_parent(session=session, actor=actor, parent_id=person.id, child_id=of_person_id,
                   kind=parent_kind)
    elif relative is Relative.PARTNER_OF:
        add_couple(session=session, actor=actor, first_id=of_person_id, second_id=person.id,
                   status=couple_status, start_year=start_year)
    else:
        links = session.scalars(select(ParentLink).where(
            ParentLink.child_id == of_person_id)).all()
        if not links:
            raise ValidationFailed([FieldError("of_person_id", "error.sibling_without_parents")])
        for link in links:
            add_parent(session=session, actor=actor, parent_id=link.parent_id,
                       child_id=person.id, kind=link.kind)
    return person


def remove_relationship(*, session: Session, actor: Actor, relation: Relation,
                        link_id: int) -> None:
    """Take one line off the genogram; the people stay."""
    link = session.get(_RELATION_MODELS[relation], link_id)
    if link is None:
        raise Conflict(current=None)  # someone else removed it already
    if isinstance(link, ParentLink):
        ends = (link.parent_id, link.child_id)
    elif isinstance(link, EmotionalLine):
        ends = (link.from_id, link.to_id)
    elif isinstance(link, Couple | Twins):
        ends = (link.first_id, link.second_id)
    _check_people(session, actor, ends, "relations/remove_relationship")
    session.delete(link)
    session.flush()


def update_couple(*, session: Session, actor: Actor, couple_id: int, status: CoupleStatus,
                  start_year: int | None, end_year: int | None) -> None:
    """A couple's status and years change (they marry, separate, divorce)."""
    if start_year is not None and end_year is not None and end_year < start_year:
        raise ValidationFailed([FieldError("end_year", "error.end_before_start")])
    couple = session.get(Couple, couple_id)
    if couple is None:
        raise Conflict(current=None)
    _check_people(session, actor, (couple.first_id, couple.second_id), "relations/update_couple")
    couple.status, couple.start_year, couple.end_year = status, start_year, end_year
    session.flush()


def leave_household(*, session: Session, actor: Actor, household_id: int,
                    person_id: int) -> None:
    """The person no longer lives in the household; an empty household goes."""
    check_any(session, actor, cases_of_household(session, household_id), Need.EDIT,
              "relations/leave_household")
    session.execute(household_members.delete().where(
        household_members.c.household_id == household_id,
        household_members.c.person_id == person_id))
    if session.scalar(select(household_members.c.person_id).where(
            household_members.c.household_id == household_id).limit(1)) is None:
        household = session.get(Household, household_id)
        if household is not None:
            session.delete(household)
    session.flush()


def nudge(*, session: Session, actor: Actor, person_id: int, places: int | None) -> int:
    """Move a person (with their partners) places left (-) or right (+) in their row;
    None puts them back where the layout puts them. Returns the kept nudge."""
    person = _person(session, person_id, "person_id")
    check_person(session, actor, person_id, Need.EDIT, "relations/nudge")
    kept = 0 if places is None else max(-50, min(50, person.genogram_nudge + places))
    # A plain UPDATE: a nudge is not an edit of the person, so it does not bump their version.
    session.execute(update(Person).where(Person.id == person_id).values(genogram_nudge=kept)
                    .execution_options(synchronize_session=False))
    session.flush()
    return kept


@dataclass(frozen=True)
class FamilyGraph:
    """The family as a networkx multigraph of typed records (see ``genograms.graph``)."""

    graph: FamilyNetwork

    def parents_of(self, person_id: int) -> list[int]:
        return sorted(link.source for link in links_into(self.graph, person_id)
                      if isinstance(link, ParentTie))

    def children_of(self, person_id: int) -> list[int]:
        return sorted(link.target for link in links_from(self.graph, person_id)
                      if isinstance(link, ParentTie))

    def partners_of(self, person_id: int) -> list[int]:
        out = [link.target for link in links_from(self.graph, person_id)
               if isinstance(link, CoupleTie)]
        back = [link.source for link in links_into(self.graph, person_id)
                if isinstance(link, CoupleTie)]
        return sorted(set(out + back))

    def lives_with(self, person_id: int) -> list[int]:
        households = person_node(self.graph, person_id).households
        return sorted(other.id for other in person_nodes(self.graph)
                      if other.id != person_id and households & other.households)


# The family graph is read on every rerun of the genogram and network pages: its statements
# are built once (bound parameters) and read as rows, which costs a fraction of building
# them and their ORM objects each time.
_FAMILY_ID = bindparam("family_id", type_=Person.family_id.type)
_IDS: BindParameter[list[int]] = bindparam("ids", expanding=True)
_PERSON_COLUMNS = select(Person.id, Person.first_name, Person.last_name, Person.sex,
                         Person.birth_year, Person.birth_date, Person.deceased,
                         Person.death_year, Person.is_pregnancy, Person.family_id,
                         Person.genogram_nudge)
_MEMBERS = _PERSON_COLUMNS.where(Person.family_id == _FAMILY_ID)
_OUTSIDERS = _PERSON_COLUMNS.where(Person.id.in_(_IDS))
_PARENT_LINKS = (select(ParentLink.parent_id, ParentLink.child_id, ParentLink.kind,
                        ParentLink.id)
                 .where(or_(ParentLink.parent_id.in_(_IDS), ParentLink.child_id.in_(_IDS))))
_COUPLES = (select(Couple.first_id, Couple.second_id, Couple.status, Couple.id,
                   Couple.start_year, Couple.end_year)
            .where(or_(Couple.first_id.in_(_IDS), Couple.second_id.in_(_IDS))))
_TWINS = (select(Twins.first_id, Twins.second_id, Twins.identical, Twins.id)
          .where(or_(Twins.first_id.in_(_IDS), Twins.second_id.in_(_IDS))))
_EMOTIONAL_LINES = (select(EmotionalLine.from_id, EmotionalLine.to_id, EmotionalLine.kind,
                           EmotionalLine.id)
                    .where(or_(EmotionalLine.from_id.in_(_IDS), EmotionalLine.to_id.in_(_IDS))))
_HOUSEHOLDS = select(Household.id, Household.name).where(Household.family_id == _FAMILY_ID)
_HOUSEHOLD_MEMBERS = (select(household_members.c.household_id, household_members.c.person_id)
                      .join(Household, Household.id == household_members.c.household_id)
                      .where(Household.family_id == _FAMILY_ID))
_INDEX_PERSON = select(Family.index_person_id).where(Family.id == _FAMILY_ID)


def family_graph(*, session: Session, actor: Actor, family_id: int) -> FamilyGraph:
    """The family's people (and anyone linked to them) with every relationship."""
    check_family(session, actor, family_id, Need.READ, "relations/family_graph")
    of_family = {"family_id": family_id}
    members = {p.id: p for p in session.execute(_MEMBERS, of_family)}
    ids = {"ids": list(members)}
    graph = new_network()
    for link in session.execute(_PARENT_LINKS, ids):
        add_link(graph, ParentTie(link.parent_id, link.child_id, link.kind, link.id))
    for couple in session.execute(_COUPLES, ids):
        add_link(graph, CoupleTie(couple.first_id, couple.second_id, couple.status, couple.id,
                                  start_year=couple.start_year, end_year=couple.end_year))
    for twins in session.execute(_TWINS, ids):
        add_link(graph, TwinTie(twins.first_id, twins.second_id, twins.identical, twins.id))
    for line in session.execute(_EMOTIONAL_LINES, ids):
        add_link(graph, EmotionalTie(line.from_id, line.to_id, line.kind, line.id))
    outside = set(graph.nodes) - set(members)
    if outside:
        members.update({p.id: p for p in session.execute(_OUTSIDERS, {"ids": list(outside)})})
    homes: dict[int, set[int]] = {}
    set_household_names(graph, {household_id: name for household_id, name
                                in session.execute(_HOUSEHOLDS, of_family)})
    for household_id, person_id in session.execute(_HOUSEHOLD_MEMBERS, of_family):
        homes.setdefault(person_id, set()).add(household_id)
    index_person = session.scalar(_INDEX_PERSON, of_family)
    for person_id, someone in members.items():
        add_person(graph, PersonNode(
            person_id, full_name(someone.first_name, someone.last_name), sex=someone.sex,
            birth_year=someone.birth_year, birth_date=someone.birth_date,
            deceased=someone.deceased, death_year=someone.death_year,
            pregnancy=someone.is_pregnancy, index=person_id == index_person,
            in_family=someone.family_id == family_id, nudge=someone.genogram_nudge,
            households=frozenset(homes.get(person_id, ()))))
    return FamilyGraph(graph)
