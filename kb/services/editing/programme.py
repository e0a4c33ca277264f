"""A conference's programme, outputs and prioritisation as editable lines, so they share drafts, history
and restore.

    16:00-16:15 | plenum | Velkomst | Jan Petersen (vært) | Kort velkomst. | metode: Housing First
    præsentation | Slides fra oplægget | https://… | Vi skal gøre det, vi ved virker
    Runde 1 | Hjemløshed | 7

A kind is written with its Danish name ("oplæg"); its stored key ("talk") is read too. Existing items are
updated in place by position. A programme line's optional sixth column links the item
to methods, intervention areas and development areas; a revision from before that column existed leaves
the links as they are.
"""

from datetime import time

from kb import content
from kb.content import display_name
from kb.models import (
    ConferenceOutput,
    InterventionArea,
    Person,
    PrioritisationResult,
    ProgrammeItem,
    ProgrammeItemSpeaker,
)
from kb.sanitize import clean_html
from kb.vocabulary import OUTPUT_KINDS, PROGRAMME_ITEM_KINDS, SPEAKER_ROLES, kind_names
from kb.weburl import check_web_url, is_upload_path


def _time(text: str, line: str) -> time | None:
    if not text:
        return None
    try:
        return time.fromisoformat(text.strip().replace(".", ":").zfill(5))
    except ValueError:
        raise ValueError(f'Tiden "{text}" i linjen "{line}" skal skrives TT:MM.') from None


def _kind(text: str, kinds: dict[str, str], line: str) -> str:
    """The stored key of a kind typed by its Danish name ("oplæg") or its key ("talk")."""
    typed = text.strip().lower()
    for key, label in kinds.items():
        if typed in (key, label.lower()):
            return key
    raise ValueError(f'Ukendt slags "{text}" i linjen "{line}". Brug: {kind_names(kinds)}.')


# The optional prefix of a programme item's link, and the kind of item it names.
LINK_PREFIXES = {"metode": "method", "område": "area", "udviklingsområde": "development_area"}
LINK_LABELS = {kind: prefix for prefix, kind in LINK_PREFIXES.items()}
# The kinds a programme item or output links to, and the relationship that holds those links.
LINK_ATTRIBUTES = {"method": "methods", "area": "areas", "development_area": "development_areas"}


def _links(text: str, line: str, find) -> list[dict]:
    """ "metode: X; område: Y; Z" → [{"type", "id", "name"}]; a name without prefix is looked up in every kind."""
    links = []
    for part in (p.strip() for p in text.split(";") if p.strip()):
        prefix, _, name = part.partition(":")
        kinds = [LINK_PREFIXES.get(prefix.strip().lower())] if name else list(LINK_PREFIXES.values())
        name = name.strip() if name else part
        if kinds == [None]:
            raise ValueError(f'Ukendt slags "{prefix.strip()}" i linjen "{line}". Brug: {", ".join(LINK_PREFIXES)}.')
        found = [(kind, item) for kind in kinds for item in find(kind, [name])[0]]
        if not found:
            raise ValueError(f'Findes ikke: {name} (i linjen "{line}"). Vælg et navn fra listen.')
        if len(found) > 1:
            raise ValueError(
                f'"{name}" er både {" og ".join(LINK_LABELS[kind] for kind, _ in found)}. '
                f'Skriv fx "{LINK_LABELS[found[0][0]]}: {name}".'
            )
        kind, item = found[0]
        entry = {"type": kind, "id": item.id, "name": display_name(item)}
        if entry not in links:
            links.append(entry)
    return links


def _speaker(part: str) -> dict:
    """ "Name (role)" → name and role. Only the last parentheses can hold the role, and only a known role, so a
    name with parentheses of its own ("Anna (Annie) Hansen") survives being written back as a line."""
    name, _, role = part.removesuffix(")").rpartition("(") if part.endswith(")") else ("", "", "")
    if name.strip() and role.strip().lower() in SPEAKER_ROLES:
        return {"name": name.strip(), "role": role.strip().lower()}
    return {"name": part, "role": "oplægsholder"}


def _speakers(text: str, line: str, find_people) -> list[dict]:
    parts = [p.strip() for p in text.split(";") if p.strip()]
    speakers = [_speaker(part) for part in parts]
    found, unknown = find_people([s["name"] for s in speakers])
    # A person whose own name ends in "(vært)" typed without a role: the whole part is the name.
    retry = [
        (i, part) for i, part in enumerate(parts) if speakers[i]["name"] in unknown and speakers[i]["name"] != part
    ]
    if retry:
        found_again, _still_unknown = find_people([part for _i, part in retry])
        known = {person.name.lower() for person in found_again}
        for i, part in retry:
            if part.lower() in known:
                unknown.remove(speakers[i]["name"])
                speakers[i] = {"name": part, "role": "oplægsholder"}
        found += found_again
    if unknown:
        roles = f" En rolle skrives i parentes til sidst: {', '.join(SPEAKER_ROLES)}." if "(" in line else ""
        raise ValueError(f"Personen findes ikke: {', '.join(unknown)}. Opret personen først.{roles}")
    by_name = {person.name.lower(): person for person in found}
    for speaker in speakers:
        speaker["id"] = by_name[speaker["name"].lower()].id
        speaker["name"] = by_name[speaker["name"].lower()].name
    return speakers


def parse_programme(text: str, find) -> list[dict]:
    """Programme lines; `find(kind, names)` looks up people and linked items by name."""
    rows = []
    for line in (line.strip() for line in text.splitlines() if line.strip()):
        parts = [part.strip() for part in line.split("|")]
        parts += [""] * (6 - len(parts))
        if len(parts) > 6 or not parts[2]:
            raise ValueError(
                f'Linjen "{line}" skal have formen "tid | slags | titel | personer | beskrivelse | links".'
            )
        start, _, end = parts[0].partition("-")
        kind = _kind(parts[1], PROGRAMME_ITEM_KINDS, line) if parts[1] else "talk"
        rows.append(
            {
                "start": _time(start, line).isoformat(timespec="minutes") if start.strip() else None,
                "end": _time(end, line).isoformat(timespec="minutes") if end.strip() else None,
                "kind": kind,
                "title": parts[2],
                "speakers": _speakers(parts[3], line, lambda names: find("person", names)),
                "description": clean_html(parts[4]),
                "links": _links(parts[5], line, find),
            }
        )
    return rows


def parse_outputs(text: str) -> list[dict]:
    """Output lines: "slags | titel | link | programpunkt"."""
    rows = []
    for line in (line.strip() for line in text.splitlines() if line.strip()):
        parts = [part.strip() for part in line.split("|")]
        parts += [""] * (4 - len(parts))
        if len(parts) > 4 or not parts[1]:
            raise ValueError(f'Linjen "{line}" skal have formen "slags | titel | link | programpunkt".')
        kind = _kind(parts[0], OUTPUT_KINDS, line)
        if parts[2] and not is_upload_path(parts[2]):
            check_web_url(parts[2])
        rows.append({"kind": kind, "title": parts[1], "url": parts[2], "item": parts[3]})
    return rows


MAX_VOTES = 100_000


def parse_prioritisation(text: str, find_areas) -> list[dict]:
    """Rows of "round | intervention area | priorities"; an area that matches no known one is kept unlinked."""
    rows = []
    for line in (line.strip() for line in text.splitlines() if line.strip()):
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 3 or not parts[0] or not parts[1]:
            raise ValueError(f'Linjen "{line}" skal have formen "runde | indsatsområde | antal prioriteringer".')
        if not parts[2].isdigit() or int(parts[2]) > MAX_VOTES:
            raise ValueError(f'Antallet "{parts[2]}" i linjen "{line}" skal være et helt tal fra 0 til {MAX_VOTES}.')
        if len(parts[0]) > 100 or len(parts[1]) > 200:
            raise ValueError(f'Linjen "{line}" er for lang (runde højst 100 tegn, indsatsområde højst 200).')
        found, _unknown = find_areas([parts[1]])
        area = found[0] if found else None
        rows.append(
            {
                "round": parts[0],
                "area": area.name if area else parts[1],
                "area_id": area.id if area else None,
                "votes": int(parts[2]),
            }
        )
    seen = set()
    for row in rows:
        key = (row["round"].lower(), row["area"].lower())
        if key in seen:
            raise ValueError(f'"{row["area"]}" står to gange i "{row["round"]}". Læg tallene sammen på én linje.')
        seen.add(key)
    return rows


def snapshot_programme(conference) -> list[dict]:
    """The conference's programme as JSON-safe rows."""
    return [
        {
            "start": item.starts_at.isoformat(timespec="minutes") if item.starts_at else None,
            "end": item.ends_at.isoformat(timespec="minutes") if item.ends_at else None,
            "kind": item.kind,
            "title": item.title,
            "speakers": [{"id": s.person_id, "name": s.person.name, "role": s.role} for s in item.speakers],
            "description": item.description,
            "links": _snapshot_links(item),
        }
        for item in conference.items
    ]


def _snapshot_links(part) -> list[dict]:
    return [
        {"type": kind, "id": linked.id, "name": display_name(linked)}
        for kind, attribute in LINK_ATTRIBUTES.items()
        for linked in getattr(part, attribute)
    ]


def snapshot_outputs(conference) -> list[dict]:
    """The conference's outputs as JSON-safe rows."""
    return [
        {
            "kind": output.kind,
            "title": output.title,
            "url": output.url,
            "item": output.programme_item.title if output.programme_item else "",
            "description": output.description,
            "links": _snapshot_links(output),
        }
        for output in conference.outputs
    ]


def snapshot_prioritisation(conference) -> list[dict]:
    """The conference's prioritisation results as JSON-safe rows."""
    return [
        {"round": row.round_label, "area": row.area_label, "area_id": row.area_id, "votes": row.votes}
        for row in conference.prioritisation
    ]


def apply_prioritisation(conference, rows: list[dict], session) -> None:
    """Set the conference's prioritisation results from rows (left alone when they are the same)."""
    if snapshot_prioritisation(conference) == rows:
        return
    conference.prioritisation = [
        PrioritisationResult(
            position=position,
            round_label=row["round"],
            area_label=row["area"],
            area=session.get(InterventionArea, row["area_id"]) if row.get("area_id") else None,
            votes=row["votes"],
        )
        for position, row in enumerate(rows)
    ]


def _apply_links(item, links: list[dict] | None, session) -> None:
    if links is None:  # a revision from before programme lines carried links: keep the links there are
        return
    for kind, attribute in LINK_ATTRIBUTES.items():
        linked = (session.get(content.model(kind), entry["id"]) for entry in links if entry["type"] == kind)
        setattr(item, attribute, [target for target in linked if target is not None])


def apply_programme(conference, rows: list[dict], session) -> None:
    """Set the conference's programme from rows, updating existing items in place by position."""
    items = list(conference.items)
    for position, row in enumerate(rows):
        item = items[position] if position < len(items) else ProgrammeItem()
        item.position = position
        item.starts_at = time.fromisoformat(row["start"]) if row["start"] else None
        item.ends_at = time.fromisoformat(row["end"]) if row["end"] else None
        item.kind, item.title, item.description = row["kind"], row["title"], row["description"]
        if [(s.person_id, s.role) for s in item.speakers] != [(s["id"], s["role"]) for s in row["speakers"]]:
            people = [session.get(Person, s["id"]) for s in row["speakers"]]
            item.speakers = [
                ProgrammeItemSpeaker(person=person, role=s["role"], position=i)
                for i, (person, s) in enumerate(zip(people, row["speakers"], strict=True))
                if person is not None
            ]
        _apply_links(item, row.get("links"), session)
        if position >= len(items):
            conference.items.append(item)
    del conference.items[len(rows) :]


def apply_outputs(conference, rows: list[dict], session) -> None:
    """Set the conference's outputs from rows; a row's description and links are set when it has them (an
    import's rows do, the editor's lines do not, so they stay as they are)."""
    by_title = {item.title: item for item in conference.items}
    outputs = list(conference.outputs)
    for position, row in enumerate(rows):
        output = outputs[position] if position < len(outputs) else ConferenceOutput()
        output.position, output.kind, output.title, output.url = position, row["kind"], row["title"], row["url"]
        output.programme_item = by_title.get(row["item"])
        if "description" in row:
            output.description = row["description"]
        _apply_links(output, row.get("links"), session)
        if position >= len(outputs):
            conference.outputs.append(output)
    del conference.outputs[len(rows) :]


def programme_text(rows: list[dict]) -> str:
    """Programme rows as the editor's lines."""
    lines = []
    for row in rows or []:
        when = (row["start"] or "") + (f"-{row['end']}" if row["end"] else "")
        people = "; ".join(f"{s['name']} ({s['role']})" for s in row["speakers"])
        links = "; ".join(f"{LINK_LABELS[link['type']]}: {link['name']}" for link in row.get("links") or [])
        kind = PROGRAMME_ITEM_KINDS.get(row["kind"], row["kind"]).lower()
        columns = [when, kind, row["title"], people, row["description"], links]
        lines.append(" | ".join(columns).rstrip(" |"))
    return "\n".join(lines)


def outputs_text(rows: list[dict]) -> str:
    """Output rows as the editor's lines."""
    return "\n".join(
        " | ".join([OUTPUT_KINDS.get(r["kind"], r["kind"]).lower(), r["title"], r["url"], r["item"]]).rstrip(" |")
        for r in rows or []
    )


def prioritisation_text(rows: list[dict]) -> str:
    """Prioritisation rows as the editor's lines."""
    return "\n".join(f"{row['round']} | {row['area']} | {row['votes']}" for row in rows or [])
