"""A child's Safety House (het Veilige Huis): who lives in the house and who visits, the
rules on the roof in the child's words, the path to the house (the steps before the child
goes home or before visits start, each done or not yet), the red zone of people the child
is not safe with, where the child places itself on the path, and the safety object.

One Safety House per child per case, kept up to date from meeting to meeting: it is a plan
the child helps make, and a practitioner comes back to the same house to tick steps on the
path and move the child along it, rather than drawing a new one at every meeting (as with
the Three Houses, which hear the child at one moment). Every part carries what the child
agrees to share with the parents; private parts are confidential, so no parent's document
and no other minor's export holds them. What the child shares feeds the child's page of
the plan (``shared_safety_houses``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from auth import Actor
from auth.access import Need, check_case
from sofs_core.clock import utcnow
from sofs_core.codes import Restriction, SafetyHousePart, Sharing
from sofs_core.errors import Conflict, FieldError, NotFound, ValidationFailed
from sofs_core.text import MAX_TEXT, full_name
from storage.models import Case, NetworkRole, Person, SafetyHouse, SafetyHouseItem

PATH_END = 10  # the far end of the path: home (or visits), and safe
# The parts a person can be picked for from the family and network.
PEOPLE_PARTS = (SafetyHousePart.INSIDE, SafetyHousePart.VISITOR, SafetyHousePart.RED_ZONE)
# What the child's page of the plan shows of the house, where the child shares it: the
# people in the house, the rules on the roof and the safety object; never the red zone.
CHILD_PAGE_PARTS = (SafetyHousePart.INSIDE, SafetyHousePart.VISITOR,
                    SafetyHousePart.ROOF_RULE, SafetyHousePart.SAFETY_OBJECT)


@dataclass(frozen=True)
class HouseItemInput:
    part: SafetyHousePart
    words: str  # the child's words, or the name of a person named by hand
    sharing: Sharing
    person_id: int | None = None  # a person of the family or network, picked
    done: bool = False  # a step on the path that is done
    item_id: int | None = None  # an item already saved


@dataclass(frozen=True)
class SafetyHouseInput:
    items: tuple[HouseItemInput, ...]
    path_position: int | None = None


@dataclass(frozen=True)
class HouseItemView:
    id: int
    part: SafetyHousePart
    words: str
    sharing: Sharing
    person_id: int | None
    done: bool

    def as_input(self) -> HouseItemInput:
        return HouseItemInput(self.part, self.words, self.sharing, self.person_id, self.done,
                              self.id)


@dataclass(frozen=True)
class PersonChoice:
    id: int
    name: str  # as the children call them, else the full name


@dataclass(frozen=True)
class SafetyHouseView:
    """A child's Safety House; ``id`` None and ``version`` 0 before the first save.
    ``choices`` are the people of the family and network one can pick."""

    id: int | None
    version: int
    case_id: int
    child_id: int
    path_position: int | None
    items: tuple[HouseItemView, ...]
    choices: tuple[PersonChoice, ...] = ()

    def of(self, part: SafetyHousePart) -> tuple[HouseItemView, ...]:
        return tuple(i for i in self.items if i.part is part)

    def as_input(self) -> SafetyHouseInput:
        return SafetyHouseInput(tuple(i.as_input() for i in self.items), self.path_position)


@dataclass(frozen=True)
class SharedHouse:
    """What the child shares of its Safety House, for the child's page: names and words."""

    inside: tuple[str, ...]
    visitors: tuple[str, ...]
    roof_rules: tuple[str, ...]
    safety_objects: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not (self.inside or self.visitors or self.roof_rules or self.safety_objects)


def _restriction(sharing: Sharing) -> Restriction:
    return Restriction.CONFIDENTIAL if sharing is Sharing.PRIVATE else Restriction.NONE


def _family_id(session: Session, case_id: int) -> int:
    family_id = session.scalar(select(Case.family_id).where(Case.id == case_id))
    if family_id is None:
        raise NotFound()
    return family_id


def _child_of_case(session: Session, case_id: int, child_id: int) -> None:
    child = session.get(Person, child_id)
    if child is None or child.family_id != _family_id(session, case_id):
        raise NotFound()


def _choices(session: Session, case_id: int, child_id: int) -> tuple[PersonChoice, ...]:
    """The family (alive, not the child) and the case's network, each once, by name."""
    network = select(NetworkRole.person_id).where(NetworkRole.case_id == case_id)
    people = session.scalars(select(Person).where(
        (Person.family_id == _family_id(session, case_id)) | Person.id.in_(network),
        Person.is_pregnancy.is_(False), Person.deceased.is_(False), Person.id != child_id
    ).order_by(Person.first_name, Person.last_name, Person.id)).all()
    return tuple(PersonChoice(p.id, p.called_by_children
                              or full_name(p.first_name, p.last_name)) for p in people)


def _house(session: Session, case_id: int, child_id: int) -> SafetyHouse | None:
    return session.scalars(select(SafetyHouse).where(
        SafetyHouse.case_id == case_id, SafetyHouse.child_id == child_id
    ).execution_options(populate_existing=True)).one_or_none()


def _view(house: SafetyHouse, choices: tuple[PersonChoice, ...] = ()) -> SafetyHouseView:
    return SafetyHouseView(
        house.id, house.version, house.case_id, house.child_id, house.path_position,
        tuple(HouseItemView(i.id, i.part, i.words, i.sharing, i.person_id, i.done)
              for i in house.items), choices)


def get_safety_house(*, session: Session, actor: Actor, case_id: int,
                     child_id: int) -> SafetyHouseView:
    check_case(session, actor, case_id, Need.READ, "safety_house/get_safety_house")
    _child_of_case(session, case_id, child_id)
    choices = _choices(session, case_id, child_id)
    house = _house(session, case_id, child_id)
    if house is None:
        return SafetyHouseView(None, 0, case_id, child_id, None, (), choices)
    return _view(house, choices)


def _validated(data: SafetyHouseInput, house: SafetyHouse | None,
               choices: tuple[PersonChoice, ...]) -> None:
    errors: list[FieldError] = []
    known = {i.id for i in house.items} if house else set()
    people = {c.id for c in choices}
    for item in data.items:
        if not item.words.strip():
            errors.append(FieldError("words", "error.required"))
        elif len(item.words) > MAX_TEXT:
            errors.append(FieldError("words", "error.too_long",
                                     {"max": MAX_TEXT}))
        if item.item_id is not None and item.item_id not in known:
            errors.append(FieldError("item", "safety_house.error.item_gone"))
        if item.person_id is not None and (item.part not in PEOPLE_PARTS
                                           or item.person_id not in people):
            errors.append(FieldError("person_id", "safety_house.error.person"))
    if data.path_position is not None and not 0 <= data.path_position <= PATH_END:
        errors.append(FieldError("path_position", "safety_house.error.path_position",
                                 {"end": PATH_END}))
    if errors:
        raise ValidationFailed(errors)


def save_safety_house(*, session: Session, actor: Actor, case_id: int, child_id: int,
                      expected_version: int, data: SafetyHouseInput) -> SafetyHouseView:
    """Save the whole house: its items (all of them, in this order; items not in ``data``
    are removed) and where the child stands on the path.

    ``expected_version`` is the version read (0 before the first save); a save over someone
    else's newer one is refused with theirs, and nothing is saved.
    """
    check_case(session, actor, case_id, Need.EDIT, "safety_house/save_safety_house")
    _child_of_case(session, case_id, child_id)
    choices = _choices(session, case_id, child_id)
    house = _house(session, case_id, child_id)
    if (house.version if house else 0) != expected_version:
        raise Conflict(current=_view(house, choices) if house else None)
    _validated(data, house, choices)
    if house is None:
        house = SafetyHouse(case_id=case_id, child_id=child_id)
        session.add(house)
    house.path_position = data.path_position
    known = {i.id: i for i in house.items}
    kept: list[SafetyHouseItem] = []
    for position, item in enumerate(data.items, start=1):
        row = known[item.item_id] if item.item_id is not None else SafetyHouseItem()
        row.part, row.words, row.sharing = item.part, item.words.strip(), item.sharing
        row.person_id = item.person_id
        row.done = item.done and item.part is SafetyHousePart.PATH_STEP
        row.restriction, row.position = _restriction(item.sharing), position
        kept.append(row)
    house.items = kept
    # Write the house row itself, so its version moves on whatever changed below it.
    house.updated_at = utcnow()
    try:
        session.flush()
    except (StaleDataError, IntegrityError) as exc:  # IntegrityError: both saved a first
        raise Conflict(current=None) from exc
    return _view(house, choices)


def shared_safety_houses(*, session: Session, actor: Actor,
                         case_id: int) -> dict[int, SharedHouse]:
    """What each child of the case shares of its Safety House (by the child's person id):
    only items the child agreed to share (not those it will tell later itself, nor private
    ones), never the red zone or the path. For the child's page of the plan."""
    check_case(session, actor, case_id, Need.READ, "safety_house/shared_safety_houses")
    houses = session.scalars(select(SafetyHouse).where(SafetyHouse.case_id == case_id)
                             .order_by(SafetyHouse.id)).all()
    shared: dict[int, SharedHouse] = {}
    for house in houses:
        said = {part: tuple(i.words for i in house.items
                            if i.part is part and i.sharing is Sharing.SHARE
                            and i.restriction is Restriction.NONE)
                for part in CHILD_PAGE_PARTS}
        shared[house.child_id] = SharedHouse(
            said[SafetyHousePart.INSIDE], said[SafetyHousePart.VISITOR],
            said[SafetyHousePart.ROOF_RULE], said[SafetyHousePart.SAFETY_OBJECT])
    return shared
