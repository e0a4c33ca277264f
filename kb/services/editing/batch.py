"""Writing many items in one transaction through the editor's fields: the seed loader and importers.

Content written here is indistinguishable from edited content: the same field code sets every value,
a changed item's version moves on (so an editor's open form gets a conflict), every new or changed item
gets a revision, and the commit feeds the search outbox like any other.
"""

from kb.content import ContentKind
from kb.extensions import db
from kb.models.base import utcnow
from kb.services.editing.fields import apply, comparable, snapshot
from kb.services.editing.operations import add_revision


def _comparable(kind: ContentKind, item) -> dict:
    return comparable(kind, snapshot(kind, item))


class Batch:
    """Items created or updated by slug from typed values (as `fields.parse` returns them).

    `put` writes one item and says whether it was created or changed; `finish` gives every new or changed
    item one revision, taken after the whole batch so that links made later in it (a conference naming a
    method) are in the method's revision too. The caller commits, or rolls back on an error.
    """

    def __init__(self, user=None, comment: str = ""):
        self.user, self.comment = user, comment
        self.touched: dict[int, tuple[ContentKind, object]] = {}  # by id(item): one revision each
        self._created: set[int] = set()

    def put(self, kind: ContentKind, item, slug: str, values: dict, extra: dict | None = None):
        """Create (item None) or update `item` of `kind`: (item, created, changed).

        `extra` sets model attributes that editors do not edit (kept as they are by the editor). Writing an
        item again in the same batch (its parent, once every item exists) continues the same change.
        """
        created = item is None
        continued = item is not None and id(item) in self.touched
        before = None if created else _comparable(kind, item)
        if created:
            item = kind.model(slug=slug)
            db.session.add(item)
            self._created.add(id(item))
        with db.session.no_autoflush:
            apply(kind, item, values)
            changed_extra = False
            for name, value in (extra or {}).items():
                if getattr(item, name) != value:
                    setattr(item, name, value)
                    changed_extra = True
        changed = not created and (changed_extra or _comparable(kind, item) != before)
        if changed and not continued:
            item.updated_at = utcnow()
            item.version = (item.version or 1) + 1
        if created or changed:
            self.touched[id(item)] = (kind, item)
        return item, created, changed and id(item) not in self._created

    def finish(self) -> None:
        """Give every item written in the batch its revision."""
        db.session.flush()
        for kind, item in self.touched.values():
            add_revision(kind, item, self.user, self.comment)
        self.touched, self._created = {}, set()
