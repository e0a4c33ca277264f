"""The import report: what was imported, updated, left unchanged or skipped and why, printed and saved."""

from dataclasses import dataclass, field


@dataclass
class ImportReport:
    """Everything an import did or could not do, by old path."""

    dry_run: bool
    mapping: str
    not_imported: dict[str, int]
    created: list[tuple[str, str, str, str]] = field(default_factory=list)  # old path, kind, title, new address
    updated: list[tuple[str, str, str, str]] = field(default_factory=list)
    unchanged: list[tuple[str, str, str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)  # old path, Plone type, reason
    unresolved_links: list[tuple[str, str]] = field(default_factory=list)  # page's old path, link
    live_paths: list[tuple[str, str]] = field(default_factory=list)  # old path Metodebasen answers itself, new
    images_as_links: int = 0
    notes: list[str] = field(default_factory=list)

    def add(self, outcome: str, path: str, kind: str, title: str, url: str) -> None:
        """Record one item's outcome: created, updated or unchanged."""
        getattr(self, outcome).append((path, kind, title, url))

    @property
    def changed_anything(self) -> bool:
        """Whether the import created or updated anything."""
        return bool(self.created or self.updated)

    def summary(self) -> str:
        """One line with the counts."""
        return (
            f"{len(self.created)} created, {len(self.updated)} updated, {len(self.unchanged)} unchanged, "
            f"{len(self.skipped)} skipped, {len(self.unresolved_links)} links to content not imported"
        )

    def lines(self) -> list[str]:
        """The whole report as text lines."""
        lines = [
            "Plone import" + (" (DRY RUN: nothing was written)" if self.dry_run else ""),
            f"Mapping: {self.mapping}",
            self.summary(),
        ]
        for title, rows in (("Created", self.created), ("Updated", self.updated), ("Unchanged", self.unchanged)):
            lines += ["", f"{title} ({len(rows)}):"] + [f"  {p}  ->  {u}  [{k}] {t}" for p, k, t, u in rows]
        lines += ["", f"Skipped ({len(self.skipped)}):"] + [f"  {p}  [{t}]  {r}" for p, t, r in self.skipped]
        lines += ["", f"Links to content that was not imported ({len(self.unresolved_links)}; the link text is kept):"]
        lines += [f"  in {p}: {href}" for p, href in self.unresolved_links]
        lines += ["", f"Old paths Metodebasen answers with its own page ({len(self.live_paths)}):"]
        lines += [f"  {old}  (the imported item is at {new})" for old, new in self.live_paths]
        lines += ["", "Not imported (editors are invited to Metodebasen instead):"]
        lines += [f"  {name}: {count}" for name, count in self.not_imported.items()]
        if self.images_as_links:
            lines.append(f"  images inside texts: {self.images_as_links} became links to the image's download")
        if self.notes:
            lines += ["", "Notes:"] + [f"  {note}" for note in self.notes]
        return lines
