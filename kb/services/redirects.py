"""Old addresses that keep working: 301 to the item's current page, or to a path an administrator set."""

import re

from flask import url_for
from sqlalchemy import select

from kb import content
from kb.extensions import db
from kb.models import Redirect, Upload
from kb.visibility import is_visible


def record_move(old_path: str, content_type: str, content_id: int) -> None:
    """Remember that `old_path` now belongs to the item (in the caller's transaction)."""
    existing = db.session.scalar(select(Redirect).where(Redirect.old_path == old_path))
    if existing is None:
        db.session.add(Redirect(old_path=old_path, content_type=content_type, content_id=content_id))
    else:
        existing.content_type, existing.content_id, existing.target_path = content_type, content_id, None


# Views the old Plone site appended to an item's address: the item's own page or its file answers them.
_VIEW_SUFFIX = re.compile(
    r"/(?:view|@@images/.*|@@download/.*|@@display-file/.*|at_download/.*|image_view_fullscreen|image_[a-z]+)$"
)


def strip_view_suffix(path: str) -> str:
    """`path` without a trailing old-site view such as /view, /@@images/image/preview or /@@download/file."""
    return _VIEW_SUFFIX.sub("", path) or "/"


def target_for(path: str) -> str | None:
    """The current address for an old path, or None. Chains collapse: a redirect names its item.

    An old path with a view appended (`/view`, `/@@images/…`, `/@@download/file`) leads where the path
    without it leads.
    """
    target = _target_of(path)
    if target is None and strip_view_suffix(path) != path:
        target = _target_of(strip_view_suffix(path))
    return target if target != path else None


def _target_of(path: str) -> str | None:
    redirect = db.session.scalar(select(Redirect).where(Redirect.old_path == path))
    if redirect is None:
        return None
    if redirect.target_path:
        return redirect.target_path
    if redirect.content_type == "upload":
        upload = db.session.get(Upload, redirect.content_id)
        return upload.path if upload else None
    kind = content.editable().get(redirect.content_type)
    item = db.session.get(kind.model, redirect.content_id) if kind else None
    if item is None or not is_visible(item):
        return None
    return url_for(kind.public_endpoint, slug=item.slug)


class RedirectError(ValueError):
    """A redirect that cannot be saved; the message is Danish."""


def list_redirects() -> list[Redirect]:
    """Every redirect, by old address."""
    return list(db.session.scalars(select(Redirect).order_by(Redirect.old_path)))


def _local_path(value: str) -> str:
    value = value.strip()
    if not value.startswith("/") or value.startswith("//") or "\\" in value or len(value) > 300:
        raise RedirectError("Adressen skal være en sti på dette websted, fx /metoder/gammelt-navn.")
    if any(not ch.isprintable() or ch.isspace() for ch in value):
        raise RedirectError("Adressen må ikke indeholde mellemrum eller kontroltegn.")
    return value


def add_manual_redirect(old_path: str, target_path: str) -> Redirect:
    """An administrator's redirect from one local path to another."""
    old_path, target_path = _local_path(old_path), _local_path(target_path)
    if old_path == target_path:
        raise RedirectError("En adresse kan ikke sende videre til sig selv.")
    redirect = db.session.scalar(select(Redirect).where(Redirect.old_path == old_path))
    if redirect is None:
        redirect = Redirect(old_path=old_path)
        db.session.add(redirect)
    redirect.content_type, redirect.content_id, redirect.target_path = None, None, target_path
    db.session.commit()
    return redirect


def remove_redirect(redirect_id: int) -> None:
    """Delete a redirect, audited; commits."""
    redirect = db.session.get(Redirect, redirect_id)
    if redirect is not None:
        db.session.delete(redirect)
        db.session.commit()
