"""A conference's prioritisation results arranged for a chart and its table: areas × rounds, with totals."""

from dataclasses import dataclass

from flask import url_for

from kb.models import Conference, InterventionArea


@dataclass
class PrioritisedArea:
    """One intervention area's priorities per round."""

    label: str
    area: InterventionArea | None  # linked only while the area is published
    values: list[int]  # priorities per round, in the order of `PrioritisationSummary.rounds`
    total: int

    @property
    def href(self) -> str | None:
        """The area's page, when the area is in Metodebasen."""
        return url_for("public.area_detail", slug=self.area.slug) if self.area is not None else None


@dataclass
class PrioritisationSummary:
    """A conference's prioritisation results as chart and table rows."""

    rounds: list[str]
    areas: list[PrioritisedArea]  # most priorities first
    note: str


def summarise(conference: Conference) -> PrioritisationSummary | None:
    """The results of `conference` (already loaded with its areas), or None when it has none."""
    if not conference.prioritisation:
        return None
    rounds: list[str] = []
    for result in conference.prioritisation:
        if result.round_label not in rounds:
            rounds.append(result.round_label)
    by_label: dict[str, PrioritisedArea] = {}
    for result in conference.prioritisation:
        area = result.area if result.area is not None and result.area.is_published else None
        label = area.name if area else result.area_label
        row = by_label.setdefault(label.lower(), PrioritisedArea(label, area, [0] * len(rounds), 0))
        row.values[rounds.index(result.round_label)] += result.votes
        row.total += result.votes
    areas = sorted(by_label.values(), key=lambda row: (-row.total, row.label.lower()))
    return PrioritisationSummary(rounds, areas, conference.prioritisation_note)
