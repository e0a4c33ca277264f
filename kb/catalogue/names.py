"""Name lookup across content types: the stand-in for full-text search until it lands.

It matches the query as a substring of names, titles and method aliases, and says so in the UI.
"""

from dataclasses import dataclass

from sqlalchemy import func, or_

from kb.catalogue.common import published
from kb.extensions import db
from kb.models import Conference, DevelopmentArea, InterventionArea, Method, MethodAlias, Person


@dataclass
class NameHit:
    kind: str  # Danish label of the content type
    title: str
    endpoint: str
    slug: str
    summary: str


def find_by_name(query: str) -> list[NameHit]:
    """Published items whose name (or a method's alias) contains `query`, methods first."""
    pattern = f"%{query.lower()}%"
    hits: list[NameHit] = []
    methods = db.session.scalars(
        published(Method)
        .where(
            or_(func.lower(Method.name).like(pattern), Method.aliases.any(func.lower(MethodAlias.text).like(pattern)))
        )
        .order_by(Method.name)
    )
    hits += [NameHit("Metode", m.name, "public.method_detail", m.slug, m.summary) for m in methods]
    sources = (
        (InterventionArea, InterventionArea.name, "Indsatsområde", "public.area_detail"),
        (Conference, Conference.title, "Konference", "public.conference_detail"),
        (DevelopmentArea, DevelopmentArea.title, "Udviklingsområde", "public.development_area_detail"),
        (Person, Person.name, "Person", "public.person_detail"),
    )
    for model, column, label, endpoint in sources:
        for item in db.session.scalars(published(model).where(func.lower(column).like(pattern)).order_by(column)):
            hits.append(NameHit(label, _title(item), endpoint, item.slug, _summary(item)))
    return hits


def _title(item) -> str:
    return item.name if hasattr(item, "name") else item.title


def _summary(item) -> str:
    # A person has no summary; their title ("Borgmester, …") tells who they are.
    return item.title if isinstance(item, Person) else item.summary
