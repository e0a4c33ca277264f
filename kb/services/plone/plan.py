"""Deciding what each Plone item becomes, and the form values it is saved with (pure: no database).

The values are form text, exactly what an editor would type into /redaktion, so the import is
validated and sanitised by the editor's own parsing.
"""

import html
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from kb import content
from kb.services.plone.mapping import Mapping, Rule
from kb.services.plone.reader import PloneExport, PloneItem, parse_date
from kb.text import plain_text, shorten

COPENHAGEN = ZoneInfo("Europe/Copenhagen")  # Plone events were entered as Copenhagen time
FOLDER_TYPES = ("Folder", "Plone Site")
SUMMARY_CHARACTERS = 300  # a summary made from an item's text when Plone had no description


@dataclass
class Planned:
    """What one Plone item becomes: a content kind, an upload, a list's or default page's address, or nothing."""

    item: PloneItem
    kind: str  # a content.editable() key, "upload", "list" (folder answered by a list), "default_page" or "skip"
    rule: Rule | None = None
    reason: str = ""  # why it is skipped, or what stands for it
    target_uid: str | None = None  # default_page: the page that stands for the folder
    list_path: str | None = None  # list: the Metodebasen list that stands for the folder
    children: list[PloneItem] = field(default_factory=list)  # folders turned into pages: what they list
    public: bool = True  # the item and every folder above it were public on the old site


def plan(export: PloneExport, mapping: Mapping) -> list[Planned]:
    """One decision per exported item, in path order."""
    order = export.order
    by_uid = export.by_uid()
    default_page_uids = set(export.default_pages.values())
    children: dict[str, list[PloneItem]] = {}
    for item in export.items:
        if item.parent_uid:
            children.setdefault(item.parent_uid, []).append(item)
    planned = []
    for item in sorted(export.items, key=lambda i: i.path):
        planned.append(_decide(item, export, mapping, by_uid, children, order, default_page_uids))
        planned[-1].public = was_public(item, by_uid, mapping)
    return planned


def was_public(item: PloneItem, by_uid: dict[str, PloneItem], mapping: Mapping) -> bool:
    """Whether anonymous visitors could see `item`: it and every folder above it published or without workflow
    (Plone's Files and Images have none and follow their folder)."""
    seen = set()
    while item is not None and item.uid not in seen:
        seen.add(item.uid)
        if item.review_state is not None and mapping.state_for(item.review_state) != "published":
            return False
        item = by_uid.get(item.parent_uid) if item.parent_uid else None
    return True


def _decide(item, export, mapping, by_uid, children, order, default_page_uids) -> Planned:
    """What one item becomes."""
    if item.portal_type == "Folder":
        return _folder(item, export, mapping, by_uid, children, order)
    rule = mapping.rule_for(item, item.uid in default_page_uids)
    if rule.kind == "skip":
        return Planned(item, "skip", rule, rule.reason or "the mapping skips it")
    if rule.kind == "upload" and item.blob is None:
        return Planned(item, "skip", rule, "no file content in the export (export with include_blobs=1)")
    return Planned(item, rule.kind, rule)


def _folder(item, export, mapping, by_uid, children, order) -> Planned:
    if item.path in mapping.lists:
        return Planned(item, "list", list_path=mapping.lists[item.path], reason="answered by a Metodebasen list")
    page_uid = export.default_pages.get(item.uid)
    if page_uid in by_uid:
        return Planned(item, "default_page", target_uid=page_uid, reason="its default page stands for it")
    listed = sorted(children.get(item.uid, []), key=lambda c: (order.get(c.uid, 0), c.path))
    return Planned(item, "page", Rule(types=("Folder",), kind="page"), children=listed)


def body_html(entry: Planned, export: PloneExport, mapping: Mapping) -> str:
    """The rich text an item is saved with, before its links are rewritten."""
    item = entry.item
    if item.portal_type == "Folder":
        rows = [
            f'<li><a href="resolveuid/{child.uid}">{html.escape(child.title)}</a></li>'
            for child in entry.children
            if mapping.state_for(child.review_state) == "published" or child.review_state is None
        ]
        intro = f"<p>{html.escape(item.description)}</p>" if item.description else ""
        return intro + (f"<ul>{''.join(rows)}</ul>" if rows else "")
    if item.portal_type == "Link":
        url = str(item.record.get("remoteUrl") or "")
        return item.text + f'<p><a href="{html.escape(url, quote=True)}">{html.escape(item.title)}</a></p>'
    if item.portal_type == "Collection":
        return collection_html(item, export)
    text = item.text
    if item.blob is not None and entry.kind != "upload":  # a News Item's lead image: linked from the text
        caption = str(item.record.get("image_caption") or item.blob.filename)
        text += f'<p><a href="resolveuid/{item.uid}/@@images/image">Billede: {html.escape(caption)}</a></p>'
    return text


def collection_matches(collection: PloneItem, export: PloneExport) -> tuple[list[PloneItem], list[str]]:
    """Published items a Collection's query selects (Subject, portal_type, path), and criteria not evaluated."""
    items = [i for i in export.items if i.review_state == "published" and i.uid != collection.uid]
    ignored = []
    for criterion in collection.record.get("query") or []:
        index, values = criterion.get("i"), criterion.get("v")
        values = values if isinstance(values, list) else [values]
        if index == "Subject":
            items = [i for i in items if set(i.subjects) & set(values)]
        elif index == "portal_type":
            items = [i for i in items if i.portal_type in values]
        elif index == "path":
            prefixes = [str(v).split("::")[0] for v in values]
            items = [i for i in items if any(i.path.startswith(p) for p in prefixes)]
        else:
            ignored.append(str(index))
    return sorted(items, key=lambda i: i.title.lower()), ignored


def collection_html(collection: PloneItem, export: PloneExport) -> str:
    """A page body listing what the Collection showed on the old site (evaluated at import)."""
    matches, _ignored = collection_matches(collection, export)
    intro = f"<p>{html.escape(collection.description)}</p>" if collection.description else ""
    rows = "".join(f'<li><a href="resolveuid/{i.uid}">{html.escape(i.title)}</a></li>' for i in matches)
    return intro + (f"<ul>{rows}</ul>" if rows else "") + '<p><a href="/metoder">Se alle metoder</a></p>'


def form_values(entry: Planned, body: str, related: dict[str, list[str]]) -> dict[str, str]:
    """Form text for the item's kind, as an editor would type it; `related` adds link fields by name."""
    kind, item = content.editable()[entry.kind], entry.item
    values = {name: str(value) for name, value in (entry.rule.defaults if entry.rule else {}).items()}
    values[kind.title_field] = item.title
    names = {spec.name: spec for spec in kind.fields}
    richtext = next((spec.name for spec in kind.fields if spec.kind == "richtext"), None)
    if richtext:
        values[richtext] = body
    if "summary" in names:
        values["summary"] = item.description or shorten(plain_text(body), SUMMARY_CHARACTERS)
    if entry.kind == "conference":
        values.update(_event_values(item))
    for name, titles in related.items():
        if name in names:
            values[name] = "\n".join(titles)
    return values


def _event_values(item: PloneItem) -> dict[str, str]:
    values = {}
    start = parse_date(item.record.get("start"), "content", item.path, "start")
    end = parse_date(item.record.get("end"), "content", item.path, "end")
    if start:
        local = start.astimezone(COPENHAGEN)
        values["held_on"] = local.date().isoformat()
        if not item.record.get("whole_day"):
            values["start_time"] = local.strftime("%H:%M")
            if end:
                values["end_time"] = end.astimezone(COPENHAGEN).strftime("%H:%M")
    location = str(item.record.get("location") or "")
    values["online"] = "1" if location.strip().lower() == "online" else ""
    values["venue"] = "" if values["online"] else location
    if item.description:
        values["subtitle" if len(item.description) <= 300 else "theme"] = item.description
    return values
