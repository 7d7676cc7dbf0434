"""The domain's coded values (roles, kinds, statuses), stored in the database as their
short strings; their words live in the translation catalogue. They sit in the core
layer so that pages and documents learn them from the domain, not from storage.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    COUNSELLOR = "counsellor"
    TEAM_LEAD = "team_lead"
    CONSULTANT = "consultant"
    ADMIN = "admin"
    # Reads the annual figures of the whole organisation: counts and case numbers only.
    MANAGEMENT = "management"


class Hulpvorm(StrEnum):
    """The keys of the nine care forms the tool ships with (domain brief, section 7). The
    list a case chooses from is data: registration/care_forms.toml, or the organisation's
    own (registration.care_forms); a case stores any key of it as a plain string."""

    CRISIS_INTERVENTION = "crisis_intervention"
    RETURN_HOME = "return_home"
    AMBULANT_EMERGENCY = "ambulant_emergency"
    CRISIS_HELP_AT_HOME = "crisis_help_at_home"
    MOBILE_CRISIS_RADAR = "mobile_crisis_radar"
    IKT = "ikt"
    HOME_SUPPORT = "home_support"
    CONTEXT_SIGNS_OF_SAFETY = "context_signs_of_safety"
    CBAW = "cbaw"


class ReferrerBody(StrEnum):
    """Who referred the case: the fixed list of the annual report."""

    SDJ = "sdj"
    OCJ = "ocj"
    VK = "vk"
    POLICE_PROSECUTOR = "police_prosecutor"
    CRISIS_HOTLINE = "crisis_hotline"  # the Crisismeldpunt
    CLB = "clb"
    CLIENT = "client"  # the family or young person themselves
    OWN_CRISIS_TEAM = "own_crisis_team"
    INTERNAL = "internal"  # another care form of the service itself
    OTHER = "other"


class CaseStatus(StrEnum):
    REGISTERED = "registered"
    ACTIVE = "active"
    PAUSED = "paused"
    CLOSED = "closed"


class ClosureReason(StrEnum):
    GOALS_REACHED = "goals_reached"
    REFERRED_ON = "referred_on"
    OUT_OF_HOME_PLACEMENT = "out_of_home_placement"
    UNPLANNED_DROPOUT = "unplanned_dropout"
    MOVED = "moved"
    OTHER = "other"


class Sex(StrEnum):
    """Sex registered at birth; drawn as the genogram symbol."""

    FEMALE = "female"
    MALE = "male"
    INTERSEX = "intersex"
    UNKNOWN = "unknown"


class Gender(StrEnum):
    """Gender identity, held apart from sex."""

    WOMAN = "woman"
    MAN = "man"
    NON_BINARY = "non_binary"
    OTHER = "other"
    NOT_RECORDED = "not_recorded"


class MeetingKind(StrEnum):
    INTAKE_MAPPING = "intake_mapping"
    FOLLOW_UP = "follow_up"
    NETWORK_MEETING = "network_meeting"
    REVIEW = "review"
    CLOSURE = "closure"


class ParticipantRole(StrEnum):
    FAMILY = "family"
    NETWORK = "network"
    PROFESSIONAL = "professional"


class EntryCategory(StrEnum):
    """The parts of the three-column map, plus the referrer's bottom lines above it."""

    BOTTOM_LINE = "bottom_line"
    HARM = "harm"
    DANGER_STATEMENT = "danger_statement"
    COMPLICATING_FACTOR = "complicating_factor"
    STRENGTH = "strength"
    EXISTING_SAFETY = "existing_safety"
    SAFETY_GOAL = "safety_goal"
    NEXT_STEP = "next_step"


class Voice(StrEnum):
    """Whose words an entry is in."""

    FAMILY = "family"
    PROFESSIONAL = "professional"


class RaterRole(StrEnum):
    PARENT = "parent"
    CHILD = "child"
    NETWORK_MEMBER = "network_member"
    COUNSELLOR = "counsellor"
    CONSULTANT = "consultant"


class ParentKind(StrEnum):
    BIOLOGICAL = "biological"
    ADOPTIVE = "adoptive"
    FOSTER = "foster"
    STEP = "step"


class CoupleStatus(StrEnum):
    MARRIED = "married"
    LIVING_TOGETHER = "living_together"
    SEPARATED = "separated"
    DIVORCED = "divorced"


class EmotionalKind(StrEnum):
    CLOSE = "close"
    FUSED = "fused"
    DISTANT = "distant"
    CONFLICT = "conflict"
    CUT_OFF = "cut_off"
    ABUSE = "abuse"  # directed: from the one who abuses to the one abused


class NetworkRoleKind(StrEnum):
    CHAIR = "chair"
    JIM = "jim"  # Jouw Ingebrachte Mentor of one young person
    TRUSTED_PERSON = "trusted_person"  # of one child
    MONITOR = "monitor"
    OTHER = "other"


class TieStrength(StrEnum):
    """How the ecogram draws the tie: thick, dashed or jagged."""

    STRONG = "strong"
    WEAK = "weak"
    STRESSFUL = "stressful"


class SupportDirection(StrEnum):
    """Which way support flows between the family and a network member (ecogram arrows)."""

    TO_FAMILY = "to_family"
    FROM_FAMILY = "from_family"
    BOTH_WAYS = "both_ways"
    NONE = "none"


class PlanStatus(StrEnum):
    """Where a safety plan version stands; every status after draft is frozen."""

    DRAFT = "draft"
    AGREED = "agreed"  # agreed with the family
    SUBMITTED = "submitted"  # sent to the consultant for review
    APPROVED = "approved"  # approved by the referrer's consultant
    RETURNED = "returned"  # sent back by the consultant, with reasons


class RuleKind(StrEnum):
    """Immediate safety first, structural safety after (domain brief, section 4)."""

    IMMEDIATE = "immediate"
    STRUCTURAL = "structural"


class Restriction(StrEnum):
    """What a minor reading their own dossier may not see (decreet rechtspositie
    minderjarige): information about others, given in confidence, or for the court."""

    NONE = "none"
    THIRD_PARTY = "third_party"
    CONFIDENTIAL = "confidential"
    COURT = "court"


class AuditAction(StrEnum):
    """What an audit entry records."""

    READ = "read"
    CHANGE = "change"
    PRINT = "print"
    EXPORT = "export"
    REFUSED = "refused"
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    ACCOUNT = "account"  # an administrator changed an account
    DESTROY = "destroy"


class CommentKind(StrEnum):
    """A note in a case's review thread."""

    COMMENT = "comment"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"


class ContactKind(StrEnum):
    """A contact of the quick contact log; direct contact is face to face or by phone."""

    FACE_TO_FACE = "face_to_face"
    PHONE = "phone"
    EXTERNAL_CONSULTATION = "external_consultation"  # with other services, for the family


class ProcedureKind(StrEnum):
    M_DOCUMENT = "m_document"  # a social emergency reported to the mandated bodies
    VIST = "vist"  # versnelde indicatiestelling en toewijzing


class Outcome(StrEnum):
    """Outcome indicators asked at closure; which ones depends on the care form."""

    PLACEMENT_AVOIDED = "placement_avoided"
    CRISIS_RESOLVED = "crisis_resolved"
    SAFE_ENOUGH = "safe_enough"
    ROUTINES_RESTORED = "routines_restored"
    NO_OR_LIGHT_HELP = "no_or_light_help"
    STABLE_HOUSING = "stable_housing"
    LIVING_ALONE = "living_alone"
    WORK_OR_DAY_ACTIVITY = "work_or_day_activity"
    BALANCED_FINANCES = "balanced_finances"
    SUPPORTIVE_NETWORK = "supportive_network"


class Respondent(StrEnum):
    """Who answered the client satisfaction survey."""

    PARENT = "parent"
    YOUNG_PERSON = "young_person"  # older than 12


class VoiceTool(StrEnum):
    """How a child's voice was heard: the Three Houses, or for young children (under about
    8) Wizards and Fairies, the same three questions told as wizards and fairies."""

    THREE_HOUSES = "three_houses"
    WIZARDS_AND_FAIRIES = "wizards_and_fairies"


class HouseKind(StrEnum):
    """The three houses (or, with Wizards and Fairies, the three figures)."""

    WORRIES = "worries"
    GOOD_THINGS = "good_things"
    DREAMS = "dreams"


class StoryPart(StrEnum):
    """The parts of a Words and Pictures story, in the order a child hears them."""

    WORRIED = "worried"  # who is worried, and why
    HAPPENED = "happened"  # what happened
    SAFE_NOW = "safe_now"  # what everyone does now so that it is safe
    TALK_TO = "talk_to"  # who you can talk to
    MORE = "more"  # a part the counsellor adds


class Sharing(StrEnum):
    """What the child agrees to share with the parents, per item."""

    SHARE = "share"
    LATER_OWN_WORDS = "later_own_words"  # the child will tell it later, in their own words
    PRIVATE = "private"  # wil ik niet delen: never in a document the parents see


class SafetyHousePart(StrEnum):
    """The parts of a child's Safety House (het Veilige Huis)."""

    INSIDE = "inside"  # who lives in the house with the child
    VISITOR = "visitor"  # who comes to visit, to help keep it safe
    ROOF_RULE = "roof_rule"  # the rules on the roof, in the child's words
    PATH_STEP = "path_step"  # a step on the path to the house, done or not yet
    RED_ZONE = "red_zone"  # someone the child is not safe with, outside the house
    SAFETY_OBJECT = "safety_object"  # what the child shows or says when it needs help


class StepKind(StrEnum):
    """A planned step on the case's trajectory (the road to closure)."""

    NETWORK_MEETING = "network_meeting"
    PLAN_REVIEW = "plan_review"
    OTHER = "other"


class JournalSource(StrEnum):
    """How a safety journal entry reached the tool."""

    TOLD = "told"  # the counsellor wrote it down for them
    PAPER = "paper"  # copied from the family's paper journal
