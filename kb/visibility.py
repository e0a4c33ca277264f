"""The one rule for what the public may see, as SQL for queries and as a test on loaded objects.

An item is public when it is published and everything it is shown under is public too: a development
area only while its framework agreement is published. Pages, lists, sitemap, feeds, search documents
(and so suggestions and the API) and counts all ask here.
"""

from sqlalchemy import Select, and_, select
from sqlalchemy.sql.elements import ColumnElement

from kb.models import DevelopmentArea, FrameworkAgreement
from kb.vocabulary import PUBLISHED


def visible_condition(model) -> ColumnElement[bool]:
    """SQL condition that a row of `model` is public."""
    condition = model.status == PUBLISHED
    if model is DevelopmentArea:
        published_agreements = select(FrameworkAgreement.id).where(FrameworkAgreement.status == PUBLISHED)
        condition = and_(condition, DevelopmentArea.agreement_id.in_(published_agreements))
    return condition


def visible(model) -> Select:
    """SELECT of every public row of `model`."""
    return select(model).where(visible_condition(model))


def is_visible(item) -> bool:
    """True when a loaded item is public (items without an editorial state always are)."""
    if not getattr(item, "is_published", True):
        return False
    if isinstance(item, DevelopmentArea):
        return item.agreement is not None and item.agreement.is_published
    return True


def visible_only(items) -> list:
    """The public ones of `items`, in their order."""
    return [item for item in items if is_visible(item)]


def appearances_in_public(person) -> list:
    """A person's programme appearances at public conferences."""
    return [a for a in person.appearances if is_visible(a.item.conference)]
