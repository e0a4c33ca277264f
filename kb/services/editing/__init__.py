"""Editing content: what can be edited (kinds), reading input (fields) and saving it (operations)."""

from kb.services.editing.kinds import KINDS, KINDS_BY_SEGMENT, Field, Kind
from kb.services.editing.operations import (
    TRANSITIONS,
    EditConflict,
    SaveResult,
    ValidationFailed,
    create,
    delete,
    diff,
    restore,
    revisions,
    save,
    transition,
)

__all__ = [
    "KINDS",
    "KINDS_BY_SEGMENT",
    "TRANSITIONS",
    "EditConflict",
    "Field",
    "Kind",
    "SaveResult",
    "ValidationFailed",
    "create",
    "delete",
    "diff",
    "restore",
    "revisions",
    "save",
    "transition",
]
