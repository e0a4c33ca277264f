"""The content model. Importing this package registers every table on `db.metadata`."""

from kb.models.account import AccountToken, AuditEvent, LoginAttempt, RecoveryCode, User
from kb.models.agreement import DevelopmentArea, FrameworkAgreement
from kb.models.area import InterventionArea
from kb.models.conference import (
    Conference,
    ConferenceOutput,
    Organisation,
    Person,
    PrioritisationResult,
    ProgrammeItem,
    ProgrammeItemSpeaker,
)
from kb.models.editorial import Redirect, Revision, Upload
from kb.models.imported import ImportKey
from kb.models.method import EvidenceSource, ExternalRating, Method, MethodAlias
from kb.models.municipality import Municipality
from kb.models.page import Page
from kb.models.provenance import ItemSource, Reference
from kb.models.ratelimit import RateLimitCounter
from kb.models.search import SearchIndexHost, SearchLogState, SearchOutbox, SearchQueryDay, SynonymGroup
from kb.models.shortlink import ShortLink

__all__ = [
    "AccountToken",
    "AuditEvent",
    "Conference",
    "ConferenceOutput",
    "DevelopmentArea",
    "EvidenceSource",
    "ExternalRating",
    "FrameworkAgreement",
    "ImportKey",
    "InterventionArea",
    "ItemSource",
    "LoginAttempt",
    "Method",
    "MethodAlias",
    "Municipality",
    "Organisation",
    "Page",
    "Person",
    "PrioritisationResult",
    "ProgrammeItem",
    "ProgrammeItemSpeaker",
    "RateLimitCounter",
    "RecoveryCode",
    "Redirect",
    "Reference",
    "Revision",
    "SearchIndexHost",
    "SearchLogState",
    "SearchOutbox",
    "SearchQueryDay",
    "ShortLink",
    "SynonymGroup",
    "Upload",
    "User",
]
