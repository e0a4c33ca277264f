"""Read-side queries for the editor area: lists, the dashboard, inbound links and name lookup."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import RelationshipDirection

from kb import content
from kb.content import ContentKind, display_name
from kb.content.lookup import title_column
from kb.extensions import db
from kb.models import ConferenceOutput, Method, ProgrammeItem, Revision

PAGE_SIZE = 50


def list_items(kind: ContentKind, status: str = "", text: str = "", page: int = 1) -> tuple[list, int]:
    """Items of a kind, newest change first, optionally by state and name; with the total count."""
    model = kind.model
    statement = select(model)
    if status:
        statement = statement.where(model.status == status)
    if text:
        statement = statement.where(func.lower(getattr(model, kind.title_field)).contains(text.lower()))
    total = db.session.scalar(select(func.count()).select_from(statement.subquery()))
    items = db.session.scalars(
        statement.order_by(model.updated_at.desc()).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    )
    return list(items), total


@dataclass
class DashboardItem:
    """An item on the dashboard, with its kind."""

    kind: ContentKind
    item: object


def awaiting_approval() -> list[DashboardItem]:
    """Every item awaiting approval, oldest change first."""
    found = []
    for kind in content.editable().values():
        for item in db.session.scalars(
            select(kind.model).where(kind.model.status == "review").order_by(kind.model.updated_at)
        ):
            found.append(DashboardItem(kind, item))
    return found


def overdue_reviews(today: date | None = None) -> list[Method]:
    """Methods whose next review date has passed."""
    today = today or date.today()
    statement = select(Method).where(Method.review_on < today, Method.status != "archived").order_by(Method.review_on)
    return list(db.session.scalars(statement))


def recent_changes(limit: int = 15) -> list[tuple[Revision, ContentKind, object]]:
    """The latest revisions, with their kinds and items."""
    rows = []
    for revision in db.session.scalars(
        select(Revision).order_by(Revision.created_at.desc(), Revision.id.desc()).limit(limit)
    ):
        kind = content.editable().get(revision.content_type)
        item = db.session.get(kind.model, revision.content_id) if kind else None
        rows.append((revision, kind, item))
    return rows


@dataclass
class InboundLink:
    """An item that links to another."""

    label: str  # Danish kind of the linking item
    name: str
    kind: ContentKind | None
    item_id: int | None


_LABELS = {ProgrammeItem: "Programpunkt", ConferenceOutput: "Konferencemateriale"}


def inbound_links(kind: ContentKind, item) -> list[InboundLink]:
    """Items that link to `item` (so deleting or archiving it would leave them pointing at nothing)."""
    links = []
    for mapper in db.Model.registry.mappers:
        owner = mapper.class_
        if owner is kind.model or owner not in {k.model for k in content.KINDS.values()}:
            continue
        owner_kind = next((k for k in content.editable().values() if k.model is owner), None)
        for relationship in mapper.relationships:
            if relationship.mapper.class_ is not kind.model:
                continue
            attribute = getattr(owner, relationship.key)
            if relationship.direction is RelationshipDirection.MANYTOMANY:
                condition = attribute.contains(item)
            elif relationship.direction is RelationshipDirection.MANYTOONE:
                condition = attribute == item
            else:
                continue
            for linking in db.session.scalars(select(owner).where(condition)):
                label = owner_kind.singular.capitalize() if owner_kind else _LABELS.get(owner, "Element")
                name = display_name(linking)
                if isinstance(linking, (ProgrammeItem, ConferenceOutput)):
                    name = f"{name} ({linking.conference.title})"
                links.append(InboundLink(label, name, owner_kind, linking.id if owner_kind else None))
    return links


def lookup_names(target: str, text: str, limit: int = 12) -> list[str]:
    """Names of items of kind `target` containing `text`, for the link pickers."""
    if target not in content.KINDS:
        return []
    model = content.model(target)
    column = title_column(target)
    pattern = f"%{text.lower()}%"
    statement = select(column).where(func.lower(column).like(pattern)).order_by(column).limit(limit)
    if hasattr(model, "slug"):
        statement = statement.where(or_(func.lower(column).like(pattern), model.slug.like(pattern)))
    return list(db.session.scalars(statement))


def checkbox_choices(target: str) -> list:
    """Every item of kind `target`, by name, for a checkbox field."""
    model = content.model(target)
    return list(db.session.scalars(select(model).order_by(model.name)))
