"""Editing content: reading input (fields) and saving it (operations); what can be edited is kb.content."""

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
    "TRANSITIONS",
    "EditConflict",
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
