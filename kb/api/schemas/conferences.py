"""Schemas of conferences: programme items with speakers, outputs and prioritisation results."""

from marshmallow import Schema, fields

from kb.api.schemas.common import KeptList, PublishedRef, PublishedRefs, UtcDateTime, is_public
from kb.api.schemas.content import Sourced, Stamped, _addresses


class SpeakerSchema(Schema):
    """A published person's part in a programme item."""

    person = PublishedRef("person")
    role = fields.String(required=True)
    role_label = fields.String(required=True)


class ProgrammeItemSchema(Schema):
    """One programme item, in time order."""

    starts_at = fields.Time(required=True, allow_none=True, format="%H:%M")
    ends_at = fields.Time(required=True, allow_none=True, format="%H:%M")
    kind = fields.String(required=True)
    kind_label = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True, metadata={"description": "HTML (renset)"})
    speakers = KeptList(fields.Nested(SpeakerSchema), lambda speaker: is_public(speaker.person))
    methods = PublishedRefs("method")
    areas = PublishedRefs("area")
    development_areas = PublishedRefs("development_area")


class OutputSchema(Schema):
    """Something the conference produced: slides, a video, notes, a link."""

    kind = fields.String(required=True)
    kind_label = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True, metadata={"description": "HTML (renset)"})
    url = fields.String(required=True, metadata={"description": "Link eller download (kan være tom)"})
    programme_item = fields.String(
        required=True, allow_none=True, attribute="programme_item.title", metadata={"description": "Programpunktet"}
    )
    methods = PublishedRefs("method")
    areas = PublishedRefs("area")
    development_areas = PublishedRefs("development_area")


class PrioritisationResultSchema(Schema):
    """The priorities one area got in one round."""

    round = fields.String(required=True, attribute="round_label")
    area_label = fields.String(required=True, metadata={"description": "Området som skrevet på konferencen"})
    area = PublishedRef("area")
    votes = fields.Integer(required=True)


class ConferenceItemSchema(Stamped):
    """A conference in a list."""

    title = fields.String(required=True)
    url, api_url = _addresses("conference").values()
    subtitle = fields.String(required=True)
    series = fields.String(required=True)
    held_on = fields.Date(required=True)
    place = fields.String(required=True)
    organisers = PublishedRefs("organisation")


class ConferenceSchema(ConferenceItemSchema, Sourced):
    """Everything public about a conference: programme, speakers, outputs and prioritisation results."""

    created_at = UtcDateTime(required=True)
    theme = fields.String(required=True)
    start_time = fields.Time(required=True, allow_none=True, format="%H:%M")
    end_time = fields.Time(required=True, allow_none=True, format="%H:%M")
    online = fields.Boolean(required=True)
    venue = fields.String(required=True)
    address = fields.String(required=True)
    audience = fields.String(required=True)
    description = fields.String(required=True, metadata={"description": "HTML (renset)"})
    registration = fields.String(required=True)
    source_notes = fields.List(fields.String(), required=True)
    programme = fields.List(fields.Nested(ProgrammeItemSchema), required=True)
    outputs = fields.List(fields.Nested(OutputSchema), required=True)
    prioritisation = fields.List(fields.Nested(PrioritisationResultSchema), required=True)
    prioritisation_note = fields.String(required=True)
    areas = PublishedRefs("area")
    methods = PublishedRefs("method")
    development_areas = PublishedRefs("development_area")
