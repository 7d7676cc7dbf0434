"""SQLAlchemy 2.0 typed models. Alembic migrations must agree with these (a test checks)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from sofs_core.clock import utcnow
from sofs_core.codes import (
    AuditAction,
    CaseStatus,
    ClosureReason,
    CommentKind,
    ContactKind,
    CoupleStatus,
    EmotionalKind,
    EntryCategory,
    Gender,
    HouseKind,
    JournalSource,
    MeetingKind,
    NetworkRoleKind,
    Outcome,
    ParentKind,
    ParticipantRole,
    PlanStatus,
    ProcedureKind,
    RaterRole,
    ReferrerBody,
    Respondent,
    Restriction,
    Role,
    RuleKind,
    SafetyHousePart,
    Sex,
    Sharing,
    StepKind,
    StoryPart,
    SupportDirection,
    TieStrength,
    Voice,
    VoiceTool,
)
from storage.types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def coded(enum: type[StrEnum]) -> Enum:
    """A coded value stored as its short string, so adding a code needs no migration."""
    return Enum(
        enum,
        native_enum=False,
        create_constraint=False,
        length=40,
        values_callable=lambda members: [m.value for m in members],
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime()}


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Team(Timestamped, Base):
    """A team of counsellors with its team lead; a case belongs to one team."""

    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)


class User(Timestamped, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(Text)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(coded(Role))
    is_active: Mapped[bool] = mapped_column(default=True)
    # Wrong passwords since the last good login, and until when the next try must wait
    # (growing delays, never a lockout: auth.throttle).
    failed_logins: Mapped[int] = mapped_column(default=0)
    throttled_until: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    # Case access needs a team lead's confirmation (auth.confirmation): whatever the
    # administrator does to an account (create it, reset its password, change its role,
    # team or sign-on address) clears it, so no administrator reaches a family alone.
    confirmed_at: Mapped[datetime | None]
    confirmed_by_id: Mapped[int | None]
    # Why confirmation is awaited: a ConfirmReason code.
    unconfirmed_reason: Mapped[str | None] = mapped_column(String(40))
    # A password the administrator set is one-time: the owner chooses their own first.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())
    password_reset_at: Mapped[datetime | None]
    locale: Mapped[str | None] = mapped_column(String(8))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"))
    # The e-mail address the organisation's identity provider gives (single sign-on).
    email: Mapped[str | None] = mapped_column(String(255), unique=True)
    # A counsellor's work phone, printed under "who to call" on the family's documents.
    phone: Mapped[str] = mapped_column(Text, default="", server_default="")


case_counsellors = Table(
    "case_counsellors",
    Base.metadata,
    Column("case_id", ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="RESTRICT"), primary_key=True, index=True),
)


class Family(Timestamped, Base):
    __tablename__ = "families"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    # Folded name plus members' names, maintained by the service, for accent-blind search.
    search_text: Mapped[str] = mapped_column(Text, default="")
    # Moved on by a rename only (mapping.cases), not by the search text changing.
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The child the genogram is drawn around (double outline).
    index_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL", use_alter=True)
    )

    members: Mapped[list[Person]] = relationship(
        back_populates="family", order_by="Person.id", cascade="all, delete-orphan",
        foreign_keys="Person.family_id",
    )
    cases: Mapped[list[Case]] = relationship(back_populates="family", order_by="Case.id")


class Person(Timestamped, Base):
    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Empty for people outside the family (network members, later issues).
    family_id: Mapped[int | None] = mapped_column(
        ForeignKey("families.id", ondelete="CASCADE"), index=True
    )
    first_name: Mapped[str] = mapped_column(Text)
    last_name: Mapped[str] = mapped_column(Text, default="")
    sex: Mapped[Sex] = mapped_column(coded(Sex))
    gender: Mapped[Gender] = mapped_column(coded(Gender))
    birth_date: Mapped[date | None] = mapped_column(Date)
    # Always set when the birth date is known; on its own when only the year is.
    birth_year: Mapped[int | None]
    notes: Mapped[str] = mapped_column(Text, default="")
    # What the children call this person ("oma Rita", "mama"): the child's page uses it.
    called_by_children: Mapped[str] = mapped_column(Text, default="", server_default="")
    deceased: Mapped[bool] = mapped_column(default=False)
    death_year: Mapped[int | None]
    # An expected child: drawn as a triangle, has no birth yet.
    is_pregnancy: Mapped[bool] = mapped_column(default=False)
    # Places moved left (-) or right (+) in the genogram's row, as the counsellor nudged.
    genogram_nudge: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    version: Mapped[int] = mapped_column(Integer, default=1)

    family: Mapped[Family | None] = relationship(
        back_populates="members", foreign_keys=[family_id]
    )

    __mapper_args__ = {"version_id_col": version}


class ParentLink(Base):
    """One parent of one child, and what kind of parent."""

    __tablename__ = "parent_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"),
                                           index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"),
                                          index=True)
    kind: Mapped[ParentKind] = mapped_column(coded(ParentKind))

    __table_args__ = (UniqueConstraint("parent_id", "child_id", name="parent_child"),)


class Couple(Base):
    """Two partners; a person may have several (one row per couple)."""

    __tablename__ = "couples"

    id: Mapped[int] = mapped_column(primary_key=True)
    first_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"),
                                          index=True)
    second_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"),
                                           index=True)
    status: Mapped[CoupleStatus] = mapped_column(coded(CoupleStatus))
    start_year: Mapped[int | None]
    end_year: Mapped[int | None]


class Twins(Base):
    __tablename__ = "twins"

    id: Mapped[int] = mapped_column(primary_key=True)
    first_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    second_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    identical: Mapped[bool] = mapped_column(default=False)


class EmotionalLine(Base):
    """An overlay line; for abuse, ``from_id`` is the one who abuses."""

    __tablename__ = "emotional_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    from_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    to_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    kind: Mapped[EmotionalKind] = mapped_column(coded(EmotionalKind))


class Household(Base):
    """People who live together, drawn inside one dotted line."""

    __tablename__ = "households"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"),
                                           index=True)
    name: Mapped[str] = mapped_column(Text, default="")


household_members = Table(
    "household_members",
    Base.metadata,
    Column("household_id", ForeignKey("households.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True),
)


class Case(Timestamped, Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="RESTRICT"))
    # A key of the organisation's care forms (registration/care_forms.toml): data, not an
    # enum, so a form added to the list needs no code (the column is as it always was). Its
    # words are the catalogue's ``hulpvorm.<key>``, in the export too (``info``).
    hulpvorm: Mapped[str] = mapped_column(String(40), index=True, info={"words": "hulpvorm"})
    referrer_body: Mapped[ReferrerBody] = mapped_column(coded(ReferrerBody), index=True)
    referrer_other: Mapped[str] = mapped_column(Text, default="")
    consultant_name: Mapped[str] = mapped_column(Text, default="")
    # The consultant's account, chosen in the case form (the case is shared with her then);
    # consultant_name keeps her name as it was, or a name typed before accounts were used.
    consultant_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    start_date: Mapped[date] = mapped_column(Date)
    planned_end_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    closure_reason: Mapped[ClosureReason | None] = mapped_column(coded(ClosureReason))
    closure_note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[CaseStatus] = mapped_column(coded(CaseStatus), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id", ondelete="SET NULL"), index=True)
    # Set at closure: the day the youngest child turns 35 (the Flemish retention rule).
    destroy_on: Mapped[date | None] = mapped_column(Date, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    family: Mapped[Family] = relationship(back_populates="cases")
    counsellors: Mapped[list[User]] = relationship(
        secondary=case_counsellors, order_by="User.display_name"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        # The case list's order: newest start first.
        Index("ix_cases_start_date_id", "start_date", "id"),
        # A search's cases, found by family, with what the list filters and orders on: the
        # list picks its page from this index alone (it also serves every family_id lookup).
        Index("ix_cases_family_list", "family_id", "status", "start_date", "id"),
    )


class Meeting(Timestamped, Base):
    """One meeting of a case; it holds that meeting's map and ratings."""

    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[MeetingKind] = mapped_column(coded(MeetingKind))
    held_on: Mapped[date] = mapped_column(Date)
    # Set when the meeting started from a copy of an earlier meeting's map.
    copied_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL")
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    participants: Mapped[list[MeetingParticipant]] = relationship(
        back_populates="meeting", order_by="MeetingParticipant.id", cascade="all, delete-orphan"
    )
    entries: Mapped[list[MapEntry]] = relationship(
        back_populates="meeting", order_by="MapEntry.position", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}


class MeetingParticipant(Base):
    __tablename__ = "meeting_participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))
    # A professional picked from the accounts (the name is kept as it was at the meeting).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(Text)
    role: Mapped[ParticipantRole] = mapped_column(coded(ParticipantRole))

    meeting: Mapped[Meeting] = relationship(back_populates="participants")


class MapEntry(Timestamped, Base):
    """One item on a meeting's map.

    ``lineage`` stays the same when a map is copied to the next meeting, so an item can be
    followed across meetings ("what changed", scale history). A safety goal names the
    lineage of the danger statement it answers.
    """

    __tablename__ = "map_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    lineage: Mapped[str] = mapped_column(String(32), index=True)
    category: Mapped[EntryCategory] = mapped_column(coded(EntryCategory))
    text: Mapped[str] = mapped_column(Text)
    voice: Mapped[Voice] = mapped_column(coded(Voice))
    position: Mapped[int] = mapped_column(Integer)
    disputed: Mapped[bool] = mapped_column(default=False)
    family_view: Mapped[str] = mapped_column(Text, default="")
    # A danger statement in the words the family uses (the family plan prints these), and
    # the same in the family's other language, typed by the counsellor or an interpreter.
    family_words: Mapped[str] = mapped_column(Text, default="", server_default="")
    family_words_translation: Mapped[str] = mapped_column(Text, default="", server_default="")
    danger_lineage: Mapped[str | None] = mapped_column(String(32))
    who: Mapped[str] = mapped_column(Text, default="")
    due_on: Mapped[date | None] = mapped_column(Date)
    restriction: Mapped[Restriction] = mapped_column(
        coded(Restriction), default=Restriction.NONE, server_default="none")
    version: Mapped[int] = mapped_column(Integer, default=1)

    meeting: Mapped[Meeting] = relationship(back_populates="entries")

    __mapper_args__ = {"version_id_col": version}


class Rating(Timestamped, Base):
    """One person's answer to a scaling question at one meeting.

    The question's wording and the meaning of 0 and 10 are stored with each answer: they
    can be changed for a person (a parent's own 10), and history must show what was asked.
    """

    __tablename__ = "ratings"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    # The danger statement/safety goal pair rated; empty for the whole case.
    danger_lineage: Mapped[str | None] = mapped_column(String(32))
    rater_name: Mapped[str] = mapped_column(Text)
    rater_role: Mapped[RaterRole] = mapped_column(coded(RaterRole))
    rater_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL")
    )
    score: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")
    one_point_higher: Mapped[str] = mapped_column(Text, default="")
    question: Mapped[str] = mapped_column(Text)
    zero_means: Mapped[str] = mapped_column(Text)
    ten_means: Mapped[str] = mapped_column(Text)

    __table_args__ = (CheckConstraint("score >= 0 AND score <= 10", name="score_0_10"),)


class NetworkRole(Timestamped, Base):
    """A person's role in a case's safety network (a person may hold several roles)."""

    __tablename__ = "network_roles"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"),
                                           index=True)
    kind: Mapped[NetworkRoleKind] = mapped_column(coded(NetworkRoleKind))
    # The young person of a JIM, the child of a trusted person.
    for_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"))
    phone: Mapped[str] = mapped_column(Text, default="")
    commitment: Mapped[str] = mapped_column(Text, default="")
    told_danger_statements_on: Mapped[date | None] = mapped_column(Date)
    chosen_on: Mapped[date | None] = mapped_column(Date)  # JIM: when the young person chose
    parents_consent: Mapped[bool] = mapped_column(default=False)  # JIM: parents agreed
    tie: Mapped[TieStrength] = mapped_column(coded(TieStrength))
    # The ecogram's arrow: who supports whom.
    support: Mapped[SupportDirection] = mapped_column(
        coded(SupportDirection), default=SupportDirection.TO_FAMILY, server_default="to_family")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class SafetyPlan(Timestamped, Base):
    """One version of a case's safety plan.

    A draft can be edited; once agreed with the family (and later approved by the
    consultant) a version is frozen, and changes go into a new version copied from it.
    Rules keep their ``lineage`` from version to version, so versions can be compared.
    """

    __tablename__ = "safety_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[PlanStatus] = mapped_column(coded(PlanStatus))
    based_on_id: Mapped[int | None] = mapped_column(
        ForeignKey("safety_plans.id", ondelete="SET NULL"))
    review_on: Mapped[date | None] = mapped_column(Date)
    agreed_by: Mapped[str] = mapped_column(Text, default="")
    agreed_on: Mapped[date | None] = mapped_column(Date)
    approved_by: Mapped[str] = mapped_column(Text, default="")
    approved_on: Mapped[date | None] = mapped_column(Date)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    submitted_on: Mapped[date | None] = mapped_column(Date)
    # Words and pictures: the child's version, in words a child understands.
    child_worries: Mapped[str] = mapped_column(Text, default="")
    child_next: Mapped[str] = mapped_column(Text, default="")
    safety_object: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    rules: Mapped[list[PlanRule]] = relationship(
        back_populates="plan", order_by="PlanRule.position", cascade="all, delete-orphan")
    children: Mapped[list[PlanChild]] = relationship(
        order_by="PlanChild.person_id", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (UniqueConstraint("case_id", "number", name="uq_safety_plans_case_number"),)


class PlanChild(Base):
    """One child's own page of a plan version: the story in words for that child (empty:
    the plan's words for all children) and that child's safety object."""

    __tablename__ = "plan_children"

    plan_id: Mapped[int] = mapped_column(ForeignKey("safety_plans.id", ondelete="CASCADE"),
                                         primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"),
                                           primary_key=True, index=True)
    worries: Mapped[str] = mapped_column(Text, default="")
    next: Mapped[str] = mapped_column(Text, default="")
    safety_object: Mapped[str] = mapped_column(Text, default="")


plan_rule_members = Table(
    "plan_rule_members",
    Base.metadata,
    Column("rule_id", ForeignKey("plan_rules.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)


class PlanRule(Timestamped, Base):
    """One agreement of a safety plan: what happens, who does it, when, how we will know,
    and what happens if it is not kept."""

    __tablename__ = "plan_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("safety_plans.id", ondelete="CASCADE"),
                                         index=True)
    lineage: Mapped[str] = mapped_column(String(32))
    kind: Mapped[RuleKind] = mapped_column(coded(RuleKind))
    position: Mapped[int] = mapped_column(Integer)
    what: Mapped[str] = mapped_column(Text)
    who: Mapped[str] = mapped_column(Text, default="")
    when: Mapped[str] = mapped_column(Text, default="")
    how_we_know: Mapped[str] = mapped_column(Text, default="")
    if_not_kept: Mapped[str] = mapped_column(Text, default="")
    # The agreement in the family's other language (typed, never machine-translated).
    translation: Mapped[str] = mapped_column(Text, default="", server_default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    plan: Mapped[SafetyPlan] = relationship(back_populates="rules")
    dangers: Mapped[list[PlanRuleDanger]] = relationship(
        cascade="all, delete-orphan", order_by="PlanRuleDanger.danger_lineage")
    # The network members responsible for keeping the rule.
    members: Mapped[list[Person]] = relationship(secondary=plan_rule_members,
                                                 order_by="Person.id")

    __mapper_args__ = {"version_id_col": version}


class PlanRuleDanger(Base):
    """A danger statement (by its map lineage) that a rule serves."""

    __tablename__ = "plan_rule_dangers"

    rule_id: Mapped[int] = mapped_column(ForeignKey("plan_rules.id", ondelete="CASCADE"),
                                         primary_key=True)
    danger_lineage: Mapped[str] = mapped_column(String(32), primary_key=True)


class Trajectory(Base):
    """The road to closure the family can see: how long the plan must work before the case
    can close, and the closure criteria in the family's words (one per case)."""

    __tablename__ = "trajectories"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"),
                                         unique=True)
    works_weeks: Mapped[int | None] = mapped_column(Integer)
    closure_words: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class TrajectoryStep(Base):
    """A planned step on the trajectory (a network meeting, a plan review, ...), done or not."""

    __tablename__ = "trajectory_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    on_date: Mapped[date] = mapped_column(Date)
    kind: Mapped[StepKind] = mapped_column(coded(StepKind))
    text: Mapped[str] = mapped_column(Text, default="")
    done: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class JournalEntry(Base):
    """One line of the safety journal: how an agreement of an agreed plan version went, in
    the words of a family or network member, written down by the counsellor."""

    __tablename__ = "journal_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("plan_rules.id", ondelete="CASCADE"),
                                         index=True)
    on_date: Mapped[date] = mapped_column(Date)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))
    who_name: Mapped[str] = mapped_column(Text, default="")
    kept: Mapped[bool] = mapped_column()
    what_happened: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[JournalSource] = mapped_column(coded(JournalSource))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


case_shares = Table(
    "case_shares",
    Base.metadata,
    Column("case_id", ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="RESTRICT"), primary_key=True, index=True),
)
"""The consultants a case is shared with: they read it and review its plans."""


class ReviewComment(Base):
    """One note in a case's review thread: a comment on the map or the plan, or the
    record of a plan submitted, approved or returned (with the reasons)."""

    __tablename__ = "review_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    plan_id: Mapped[int | None] = mapped_column(
        ForeignKey("safety_plans.id", ondelete="CASCADE"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[CommentKind] = mapped_column(coded(CommentKind))
    body: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEvent(Base):
    """One line of the append-only audit trail: who did what to which case, when.

    No foreign keys: the trail outlives destroyed cases, and a refusal is written on its
    own after the refused action rolled back. It holds ids and codes, never case text.
    Database triggers refuse every UPDATE and DELETE (migration 0009) and, on SQLite, an
    INSERT over an existing id (migration 0010). Only ``storage.audit.append`` writes a
    line: it seals it with ``hash`` over its fields and the previous line's hash.
    """

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None]
    actor_name: Mapped[str] = mapped_column(String(64), default="")
    case_id: Mapped[int | None]
    action: Mapped[AuditAction] = mapped_column(coded(AuditAction))
    subject: Mapped[str] = mapped_column(String(80), default="")
    # Nullable so that a line slipped in without a seal is found, not refused unseen.
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_audit_events_case_at", "case_id", "at"),
        Index("ix_audit_events_actor_case_at", "actor_id", "case_id", "at"),
    )


class AuditChainHead(Base):
    """The newest line of the audit trail (one row): the id and hash the next line chains
    from. Claiming it serialises appends, and comparing it with the trail's end shows lines
    deleted from the end or a trail emptied."""

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_id: Mapped[int]
    last_hash: Mapped[str] = mapped_column(String(64))


class AppMeta(Base):
    """Facts about this installation, such as whether it holds the demo data."""

    __tablename__ = "app_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class LoginThrottle(Base):
    """Wrong logins from one client address, whatever name was typed (auth.throttle).

    In the database, not in memory: several app processes may serve one installation.
    """

    __tablename__ = "login_throttles"

    address: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime] = mapped_column(index=True)
    throttled_until: Mapped[datetime | None]


# Registration for the annual figures (issue 16): registration/records.py writes these.

case_minors = Table(
    "case_minors",
    Base.metadata,
    Column("case_id", ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)


class CaseContact(Base):
    """One line of the quick contact log: when, how, how long and which professional."""

    __tablename__ = "case_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[ContactKind] = mapped_column(coded(ContactKind))
    minutes: Mapped[int] = mapped_column(Integer)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CaseProcedure(Base):
    """A procedure started during the case (M-document, VIST)."""

    __tablename__ = "case_procedures"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ProcedureKind] = mapped_column(coded(ProcedureKind))
    started_on: Mapped[date] = mapped_column(Date)


class CaseOutcome(Base):
    """One outcome indicator answered at closure: reached or not."""

    __tablename__ = "case_outcomes"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"),
                                         primary_key=True)
    outcome: Mapped[Outcome] = mapped_column(coded(Outcome), primary_key=True)
    reached: Mapped[bool]


class SurveyResponse(Base):
    """The client satisfaction survey of one respondent, typed in from paper."""

    __tablename__ = "survey_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    respondent: Mapped[Respondent] = mapped_column(coded(Respondent))
    filled_in: Mapped[bool]
    # The score 0 to 10 with one decimal, in tenths (84 is 8,4); None when not filled in.
    score_tenths: Mapped[int | None]
    remarks: Mapped[str] = mapped_column(Text, default="")


class ChildHouses(Timestamped, Base):
    """One child's Three Houses (or Wizards and Fairies) at one meeting: who was there, and
    the child's words (``ChildHouseItem``) and drawings (``ChildDrawing``)."""

    __tablename__ = "child_houses"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    child_id: Mapped[int] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    tool: Mapped[VoiceTool] = mapped_column(coded(VoiceTool))
    present: Mapped[str] = mapped_column(Text, default="")  # who was there, one per line
    version: Mapped[int] = mapped_column(Integer, default=1)

    items: Mapped[list[ChildHouseItem]] = relationship(
        back_populates="houses", order_by="ChildHouseItem.position",
        cascade="all, delete-orphan")
    drawings: Mapped[list[ChildDrawing]] = relationship(
        back_populates="houses", order_by="ChildDrawing.id", cascade="all, delete-orphan")

    __table_args__ = (UniqueConstraint("meeting_id", "child_id", "tool",
                                       name="uq_child_houses_meeting_child_tool"),)
    __mapper_args__ = {"version_id_col": version}


class ChildHouseItem(Base):
    """The child's own words in one house, quoted exactly, and what the child agreed to
    share. A private item is ``restriction`` confidential, so no other minor's export and
    no parent's document holds it."""

    __tablename__ = "child_house_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    houses_id: Mapped[int] = mapped_column(
        ForeignKey("child_houses.id", ondelete="CASCADE"), index=True)
    house: Mapped[HouseKind] = mapped_column(coded(HouseKind))
    words: Mapped[str] = mapped_column(Text)
    sharing: Mapped[Sharing] = mapped_column(coded(Sharing))
    restriction: Mapped[Restriction] = mapped_column(
        coded(Restriction), default=Restriction.NONE, server_default="none")
    # The map entry (its lineage) these words were placed on the map as.
    map_lineage: Mapped[str | None] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(Integer)

    houses: Mapped[ChildHouses] = relationship(back_populates="items")


class ChildDrawing(Base):
    """A child's drawing (a photo or scan of paper), re-encoded so no metadata is kept."""

    __tablename__ = "child_drawings"

    id: Mapped[int] = mapped_column(primary_key=True)
    houses_id: Mapped[int] = mapped_column(
        ForeignKey("child_houses.id", ondelete="CASCADE"), index=True)
    media_type: Mapped[str] = mapped_column(String(20))  # image/png or image/jpeg
    # The pictures are loaded only when asked for (deferred): a view lists the drawings.
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    sharing: Mapped[Sharing] = mapped_column(coded(Sharing))
    restriction: Mapped[Restriction] = mapped_column(
        coded(Restriction), default=Restriction.NONE, server_default="none")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The screen version the page shows (at most 480 px wide, no metadata), made from
    # ``content`` when stored; ``screen_format`` is PNG or JPEG, as the original.
    screen: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    screen_format: Mapped[str] = mapped_column(String(4))

    houses: Mapped[ChildHouses] = relationship(back_populates="drawings")


class SafetyHouse(Timestamped, Base):
    """One child's Safety House in a case: one living record that grows from meeting to
    meeting (steps on the path get done), with where the child places itself on the path
    (0: far from the house, 10: home and safe)."""

    __tablename__ = "safety_houses"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"),
                                         index=True)
    child_id: Mapped[int] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    path_position: Mapped[int | None] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)

    items: Mapped[list[SafetyHouseItem]] = relationship(
        back_populates="house", order_by="SafetyHouseItem.position",
        cascade="all, delete-orphan")

    __table_args__ = (
        UniqueConstraint("case_id", "child_id", name="uq_safety_houses_case_child"),
        CheckConstraint("path_position >= 0 AND path_position <= 10",
                        name="path_position_0_10"),
    )
    __mapper_args__ = {"version_id_col": version}


class SafetyHouseItem(Base):
    """One thing in a child's Safety House: a person (picked from the family or network, or
    named), a rule on the roof, a step on the path, or the safety object; with what the
    child agrees to share. A private item is ``restriction`` confidential."""

    __tablename__ = "safety_house_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    house_id: Mapped[int] = mapped_column(
        ForeignKey("safety_houses.id", ondelete="CASCADE"), index=True)
    part: Mapped[SafetyHousePart] = mapped_column(coded(SafetyHousePart))
    words: Mapped[str] = mapped_column(Text)  # the child's words, or the person's name
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL"), index=True)
    done: Mapped[bool] = mapped_column(default=False)  # a step on the path
    sharing: Mapped[Sharing] = mapped_column(coded(Sharing))
    restriction: Mapped[Restriction] = mapped_column(
        coded(Restriction), default=Restriction.NONE, server_default="none")
    position: Mapped[int] = mapped_column(Integer)

    house: Mapped[SafetyHouse] = relationship(back_populates="items")


class WordsPicturesStory(Timestamped, Base):
    """One version of a case's Words and Pictures story: the story the counsellor writes
    with the parents to tell the children who is worried, what happened and what everyone
    does now. One story for the children of the family together (they lived the same
    events and live under the same plan); a part can speak to one child. Like the plan, a
    draft changes until the parents agree it; then it is frozen and a new version starts
    as a copy."""

    __tablename__ = "words_pictures_stories"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[PlanStatus] = mapped_column(coded(PlanStatus))  # draft or agreed
    title: Mapped[str] = mapped_column(Text, default="")
    agreed_by: Mapped[str] = mapped_column(Text, default="")  # the parents who agreed
    agreed_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)

    parts: Mapped[list[WordsPicturesPart]] = relationship(
        back_populates="story", order_by="WordsPicturesPart.position",
        cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (UniqueConstraint("case_id", "number",
                                       name="uq_words_pictures_stories_case_number"),)


class WordsPicturesPart(Base):
    """One part of a story: its text and its drawing (a photo or upload, checked and
    re-encoded like a child's drawing, see ``mapping.child_voice.clean_picture``). The
    drawing is kept with the part, so a frozen version keeps its own pictures."""

    __tablename__ = "words_pictures_parts"

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(
        ForeignKey("words_pictures_stories.id", ondelete="CASCADE"), index=True)
    kind: Mapped[StoryPart] = mapped_column(coded(StoryPart))
    heading: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str | None] = mapped_column(String(20))  # image/png or image/jpeg
    picture: Mapped[bytes | None] = mapped_column(LargeBinary)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)

    story: Mapped[WordsPicturesStory] = relationship(back_populates="parts")
