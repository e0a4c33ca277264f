"""Permanent short links: a code per public item, given when the item is created and never changed.

Codes use 31 characters that cannot be mistaken on paper (no 0/O, 1/I/L) and are read case-insensitively.
"""

import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import event, insert, select, update

from kb import content
from kb.content import display_name
from kb.content.lookup import find_by_names
from kb.extensions import db
from kb.models import Revision, ShortLink
from kb.services import audit
from kb.visibility import is_visible
from kb.vocabulary import ARCHIVED, DRAFT, PUBLISHED
from kb.weburl import is_web_url

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6


def new_code() -> str:
    """A fresh random code (callers check it is unused where a clash matters)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str) -> str:
    """A code as typed from paper: any case, with spaces or hyphens a reader may add ("abc-234")."""
    return "".join(raw.split()).replace("-", "").upper()


def has_short_links(key: str) -> bool:
    """Whether items of the content kind `key` get a short link."""
    return key in content.with_short_links()


def _after_flush(session, _context) -> None:
    linked = {kind.model: key for key, kind in content.with_short_links().items()}
    rows = [
        {"code": new_code(), "content_type": linked[type(obj)], "content_id": obj.id, "uses": 0}
        for obj in session.new
        if type(obj) in linked
    ]
    if rows:
        session.connection().execute(insert(ShortLink), rows)


def install_hooks() -> None:
    """Give every new item of a short-linked kind its code in the same flush."""
    if not event.contains(FlaskSession, "after_flush", _after_flush):
        event.listen(FlaskSession, "after_flush", _after_flush)


def ensure_all() -> int:
    """Give a code to every item that has none (content loaded before short links existed); commits."""
    added = 0
    for key, kind in content.with_short_links().items():
        model = kind.model
        have = select(ShortLink.content_id).where(ShortLink.content_type == key)
        for item_id in db.session.scalars(select(model.id).where(model.id.not_in(have))):
            db.session.add(ShortLink(code=new_code(), content_type=key, content_id=item_id, uses=0))
            added += 1
    db.session.commit()
    return added


@dataclass
class Resolution:
    """Where a code leads: a URL, or why it no longer leads anywhere (with a replacement or related items)."""

    url: str | None
    title: str = ""
    gone_reason: str = ""
    related: list[tuple[str, str]] | None = None  # (title, url)
    replacement: tuple[str, str] | None = None  # (title, url)


def _public_url(key: str, item) -> str | None:
    kind = content.kind(key)
    # A part (programme item, output) is public while the page it is shown on is visible.
    shown_on = getattr(item, kind.part_of) if kind.part_of else item
    return kind.item_url(item) if is_visible(shown_on) else None


def _related(key: str, item) -> list[tuple[str, str]]:
    areas = getattr(item, "areas", []) or []
    kind = content.kind(key)
    if kind.part_of:
        areas = getattr(item, kind.part_of).areas
    return [(area.name, content.kind("area").page_url(area.slug)) for area in areas if is_visible(area)]


def _was_public(key: str, item) -> bool:
    """Whether the item may have been public, so its title may be named on a 410 page: only an item that
    began as a draft in the editor and was never published is known never to have been. The parts of a
    conference follow the conference."""
    part_of = content.kind(key).part_of
    if part_of:
        key, item = part_of, getattr(item, part_of)
    statuses = list(
        db.session.scalars(
            select(Revision.status)
            .where(Revision.content_type == key, Revision.content_id == item.id)
            .order_by(Revision.number)
        )
    )
    return not statuses or statuses[0] != DRAFT or PUBLISHED in statuses


def _gone(key: str, item, link: ShortLink | None) -> Resolution:
    replacement = None
    if link is not None and link.replacement_id is not None:
        other = db.session.get(content.model(key), link.replacement_id)
        url = _public_url(key, other) if other is not None else None
        replacement = (display_name(other), url) if url else None
    return Resolution(
        None,
        display_name(item),
        gone_reason="Indholdet er arkiveret eller trukket tilbage af Metodecenteret.",
        related=_related(key, item),
        replacement=replacement,
    )


def resolve(raw_code: str) -> Resolution | None:
    """The destination of a code, counting the use; None for a code that never led anywhere public."""
    code = normalise_code(raw_code)
    link = db.session.scalar(select(ShortLink).where(ShortLink.code == code))
    if link is None:
        return None
    if link.target_url:
        _count(link)
        return Resolution(link.target_url, link.title)
    item = db.session.get(content.model(link.content_type), link.content_id)
    if item is None:
        return Resolution(None, gone_reason="Indholdet er slettet fra Metodebasen.", related=[])
    url = _public_url(link.content_type, item)
    if url is None:
        return _gone(link.content_type, item, link) if _was_public(link.content_type, item) else None
    _count(link)
    return Resolution(url, display_name(item))


def archived_page(endpoint: str, slug: str) -> Resolution | None:
    """Why the public page of an archived item is gone (for its old address), or None if it is not archived."""
    kind = next((kind for kind in content.with_short_links().values() if kind.public_endpoint == endpoint), None)
    if kind is None:
        return None
    item = db.session.scalar(select(kind.model).where(kind.model.slug == slug))
    if item is None or item.status != ARCHIVED or not _was_public(kind.key, item):
        return None
    link = db.session.scalar(
        select(ShortLink).where(ShortLink.content_type == kind.key, ShortLink.content_id == item.id)
    )
    return _gone(kind.key, item, link)


def replacement_of(key: str, item_id: int):
    """The item an archived item's readers are sent to, or None."""
    replacement_id = db.session.scalar(
        select(ShortLink.replacement_id).where(ShortLink.content_type == key, ShortLink.content_id == item_id)
    )
    return db.session.get(content.model(key), replacement_id) if replacement_id is not None else None


def set_replacement(key: str, item_id: int, name: str) -> None:
    """Send readers of an archived item to the item of the same kind called `name` ("" for none); commits."""
    name = " ".join(name.split())
    replacement = None
    if name:
        found, _unknown = find_by_names(key, [name])
        if not found:
            raise ShortLinkError(f"Findes ikke: {name}. Vælg et navn fra listen.")
        replacement = found[0]
        if replacement.id == item_id:
            raise ShortLinkError("Et element kan ikke erstatte sig selv.")
    db.session.execute(
        update(ShortLink)
        .where(ShortLink.content_type == key, ShortLink.content_id == item_id)
        .values(replacement_id=replacement.id if replacement else None)
    )
    audit.record("replacement_set", f"{key}/{item_id}", display_name(replacement) if replacement else "")
    db.session.commit()


def _count(link: ShortLink) -> None:
    # The one write a GET may make: a counter, with no personal data.
    db.session.execute(update(ShortLink).where(ShortLink.id == link.id).values(uses=ShortLink.uses + 1))
    db.session.commit()


def code_exists(code: str) -> bool:
    """Whether the code is taken."""
    return db.session.scalar(select(ShortLink.id).where(ShortLink.code == code)) is not None


class ShortLinkError(ValueError):
    """An external short link that cannot be saved; the message is Danish."""


def type_labels() -> dict[str, str]:
    """Danish labels of the kinds that get short links, by key (the usage page's filter)."""
    return {key: kind.label for key, kind in content.with_short_links().items()}


def _checked(title: str, url: str) -> tuple[str, str]:
    title, url = " ".join(title.split()), url.strip()
    if not title:
        raise ShortLinkError("Skriv en titel, så I kan genkende linket, fx »Slides fra Knud Aarups oplæg«.")
    if len(title) > 200:
        raise ShortLinkError("Titlen er for lang (højst 200 tegn).")
    if len(url) > 1000 or any(ch.isspace() or not ch.isprintable() for ch in url):
        raise ShortLinkError("Adressen må højst have 1000 tegn og ingen mellemrum eller kontroltegn.")
    if not is_web_url(url) or "." not in (urlsplit(url).hostname or ""):
        raise ShortLinkError(
            "Adressen skal være en hel webadresse, der begynder med https://, fx https://www.example.dk/slides.pdf."
        )
    return title, url


def create_external(title: str, url: str) -> ShortLink:
    """A new permanent code for material outside Metodebasen (slides, a video); commits."""
    title, url = _checked(title, url)
    while True:
        code = new_code()
        if not code_exists(code):
            break
    link = ShortLink(code=code, target_url=url, title=title, uses=0)
    db.session.add(link)
    db.session.flush()
    audit.record("short_link_created", f"/l/{code}", f"{title}: {url}")
    db.session.commit()
    return link


def external_link(link_id: int) -> ShortLink | None:
    """The external short link with this id, or None."""
    link = db.session.get(ShortLink, link_id)
    return link if link is not None and link.target_url is not None else None


def update_external(link_id: int, title: str, url: str) -> ShortLink | None:
    """Point an external code somewhere else (the printed code stays); None for no such external link."""
    link = external_link(link_id)
    if link is None:
        return None
    title, url = _checked(title, url)
    if (link.title, link.target_url) != (title, url):
        audit.record("short_link_changed", f"/l/{link.code}", f"{link.target_url} → {url}")
        link.title, link.target_url = title, url
        db.session.commit()
    return link


@dataclass
class LinkUsage:
    """A short link on the usage page: its kind, title and where it leads."""

    link: ShortLink
    type_label: str
    title: str
    destination: str | None  # None: the item is gone or not public, so the code answers 410


def usage(show: str = "") -> list[LinkUsage]:
    """Every short link with its use count, most used first; `show` = "external" or a content type key."""
    statement = select(ShortLink).order_by(ShortLink.uses.desc(), ShortLink.code)
    if show == "external":
        statement = statement.where(ShortLink.target_url.is_not(None))
    elif has_short_links(show):
        statement = statement.where(ShortLink.content_type == show)
    links = list(db.session.scalars(statement))
    items = {}
    for key, kind in content.with_short_links().items():
        model = kind.model
        ids = [link.content_id for link in links if link.content_type == key]
        if ids:
            items.update({(key, item.id): item for item in db.session.scalars(select(model).where(model.id.in_(ids)))})
    rows, labels = [], type_labels()
    for link in links:
        if link.target_url:
            rows.append(LinkUsage(link, "Eksternt materiale", link.title, link.target_url))
            continue
        item = items.get((link.content_type, link.content_id))
        title = display_name(item) if item is not None else "(slettet)"
        destination = _public_url(link.content_type, item) if item is not None else None
        rows.append(LinkUsage(link, labels.get(link.content_type, link.content_type), title, destination))
    return rows
