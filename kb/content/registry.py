"""The content registry: every content kind declared once, and every per-kind map derived from it.

Search, the catalogue (sitemap, feeds), short links, the editor and the API ask this module what a
content type is called, where it lives and how it is shown, instead of keeping maps of their own.
Derived views are computed when asked, so a kind registered later (a test's throwaway kind) is seen
everywhere at once.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import url_for

from kb.content.fields import Field
from kb.visibility import is_visible
from kb.vocabulary import PUBLISHED


@dataclass(frozen=True)
class ContentKind:
    """One content type: its model, Danish names, public address, fields, search document and features."""

    key: str  # stored in revisions, short links, index keys and search filters: never change it
    model: type
    singular: str  # Danish, lower case: "metode"
    plural: str  # Danish list heading: "Metoder"
    title_field: str = "name"  # "name" or "title": also the source of the slug
    public_endpoint: str | None = None  # the detail page (takes `slug`); None for parts of another page
    url_segment: str | None = None  # the editor's list is /redaktion/<url_segment>; None: not edited as content
    fields: tuple[Field, ...] = ()  # what editors edit, in form order
    # Search: build(item) -> the document's fields; None keeps the kind out of the index.
    document: Callable[[object], dict] | None = None
    load_options: Callable[[], tuple] = tuple  # eager loading for building many documents at once
    # Index documents whose content depends on an item of this kind (default: its own, when searched).
    index_keys: Callable[[object], set[str]] | None = None
    short_link: bool = False  # gets a permanent /l/<code> when created
    sitemap: bool = False  # published items are listed in sitemap.xml
    feeds: bool = False  # published items appear in the Atom feed
    # A part shown on its parent's page (programme items on the conference page): parent attribute and anchor.
    part_of: str = ""
    anchor: str = ""
    # How a search result names the kind, where that differs from `label` (outputs: "Konferencemateriale").
    search_label: str = ""
    # The open-data API: its path segment (/api/v1/<api_path>/<slug>, endpoint api.<key>_detail); "" for none.
    api_path: str = ""
    # How the item is serialised for export; None until a consumer defines it (the API has its schemas).
    serialise: Callable[[object], dict] | None = None

    @property
    def api_endpoint(self) -> str:
        """The API's detail endpoint for items of this kind."""
        return f"api.{self.key}_detail"

    @property
    def label(self) -> str:
        """The singular as a label at the start of a line: "Metode"."""
        return self.singular[:1].upper() + self.singular[1:]

    @property
    def result_label(self) -> str:
        """The kind's name on a search result and in the type facet."""
        return self.search_label or self.label

    @property
    def shown_on(self) -> "ContentKind":
        """The kind whose page shows items of this kind: its parent's for a part, else itself."""
        return KINDS[self.part_of] if self.part_of else self

    def document_slug(self, item) -> str:
        """The slug a search document links with: the page the item is shown on."""
        return getattr(item, self.part_of).slug if self.part_of else item.slug

    @property
    def searchable(self) -> bool:
        """Whether published items of this kind are search documents."""
        return self.document is not None

    def field(self, name: str) -> Field:
        """The field called `name`."""
        return next(f for f in self.fields if f.name == name)

    def title_of(self, item) -> str:
        """What the item is called."""
        return getattr(item, self.title_field) or ""

    def page_url(self, slug: str, external: bool = False) -> str:
        """The address of the public page of the item with this slug."""
        return url_for(self.public_endpoint, slug=slug, _external=external)

    def item_url(self, item, external: bool = False) -> str:
        """The public address of an item: its own page, or the anchor on its parent's page."""
        if self.part_of:
            parent, endpoint = getattr(item, self.part_of), KINDS[self.part_of].public_endpoint
            return url_for(endpoint, slug=parent.slug, _anchor=f"{self.anchor}-{item.id}", _external=external)
        return self.page_url(item.slug, external)

    def is_public(self, item) -> bool:
        """Whether the item belongs in the index: the one visibility rule (kb/visibility.py); a part is
        public while the page it is shown on is."""
        return is_visible(getattr(item, self.part_of) if self.part_of else item)

    def published(self, statement):
        """`statement` (selecting this kind's model) limited to public items (a part's by its parent's state)."""
        if self.part_of:
            parent = KINDS[self.part_of].model
            return statement.join(parent, getattr(self.model, self.part_of)).where(parent.status == PUBLISHED)
        return statement.where(self.model.status == PUBLISHED)

    def keys_depending_on(self, item) -> set[str]:
        """Index documents whose content depends on `item` (which was added, changed or deleted)."""
        if self.index_keys is not None:
            return self.index_keys(item)
        return {f"{self.key}:{item.id}"} if self.searchable else set()


KINDS: dict[str, ContentKind] = {}


def register(kind: ContentKind) -> ContentKind:
    """Add a kind to the registry (order of registration is the order of lists, facets and the sitemap)."""
    KINDS[kind.key] = kind
    return kind


def unregister(key: str) -> None:
    """Remove a kind (a test's throwaway kind)."""
    KINDS.pop(key, None)


def kind(key: str) -> ContentKind:
    """The kind with this key (KeyError for an unknown key)."""
    return KINDS[key]


def kind_of(model: type) -> ContentKind | None:
    """The kind whose model is `model`, or None."""
    return next((k for k in KINDS.values() if k.model is model), None)


def model(key: str) -> type:
    """The model of the kind with this key (link targets: "area", "municipality" …)."""
    return KINDS[key].model


def _where(test: Callable[[ContentKind], bool]) -> dict[str, ContentKind]:
    return {key: k for key, k in KINDS.items() if test(k)}


def editable() -> dict[str, ContentKind]:
    """Kinds editors edit as content, with their own list in the editor area."""
    return _where(lambda k: k.url_segment is not None)


def by_segment(segment: str) -> ContentKind | None:
    """The editable kind whose editor list is /redaktion/<segment>, or None."""
    return next((k for k in KINDS.values() if k.url_segment is not None and k.url_segment == segment), None)


def searchable() -> dict[str, ContentKind]:
    """Kinds whose published items are search documents."""
    return _where(lambda k: k.searchable)


def with_short_links() -> dict[str, ContentKind]:
    """Kinds whose items get a permanent short link."""
    return _where(lambda k: k.short_link)


def in_sitemap() -> dict[str, ContentKind]:
    """Kinds whose published items are listed in sitemap.xml."""
    return _where(lambda k: k.sitemap)


def in_feeds() -> dict[str, ContentKind]:
    """Kinds whose published items appear in the Atom feed."""
    return _where(lambda k: k.feeds)


def display_name(item) -> str:
    """What an item is called: its name, or its title for content types that have one instead."""
    return getattr(item, "name", None) or getattr(item, "title", "") or ""
