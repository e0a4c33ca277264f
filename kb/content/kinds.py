"""The content kinds of Metodebasen, each declared once: model, Danish names, address, fields, search.

Importing kb.content registers them; see "Adding a content type" in the README.
"""

from kb.content import documents
from kb.content.fields import Field
from kb.content.registry import ContentKind, register
from kb.models import (
    Conference,
    ConferenceOutput,
    DevelopmentArea,
    FrameworkAgreement,
    InterventionArea,
    Method,
    Municipality,
    Organisation,
    Page,
    Person,
    ProgrammeItem,
)
from kb.vocabulary import (
    ALIAS_KINDS,
    DEVELOPMENT_PROGRESS,
    EVIDENCE_LEVELS,
    OUTPUT_KINDS,
    PROGRAMME_ITEM_KINDS,
    kind_names,
)

_EVIDENCE = tuple(EVIDENCE_LEVELS.items())
_PROGRESS = tuple((p, p.capitalize()) for p in DEVELOPMENT_PROGRESS)

register(
    ContentKind(
        key="method",
        model=Method,
        singular="metode",
        plural="Metoder",
        url_segment="metoder",
        title_field="name",
        public_endpoint="public.method_detail",
        document=documents.method_document,
        load_options=documents.method_loading,
        index_keys=documents.method_keys,
        short_link=True,
        sitemap=True,
        feeds=True,
        api_path="methods",
        fields=(
            Field("name", "Navn", "text", required=True, max_length=200),
            Field(
                "aliases",
                "Andre navne og forkortelser",
                "pairs",
                hint='Ét navn pr. linje: "navn | slags", fx "MST | forkortelse". Slags: ' + ", ".join(ALIAS_KINDS),
                columns=("text", "kind"),
            ),
            Field("summary", "Kort resumé", "textarea", required=True, hint="2-3 sætninger, som en borger forstår."),
            Field("description", "Beskrivelse", "richtext"),
            Field("target_group", "Målgruppe", "textarea"),
            Field("age_min", "Alder fra (år)", "int"),
            Field("age_max", "Alder til (år)", "int"),
            Field("outcomes", "Tilsigtede resultater", "lines", hint="Ét resultat pr. linje."),
            Field("core_elements", "Kerneelementer", "lines", hint="Ét element pr. linje."),
            Field("manual", "Manual", "textarea"),
            Field("training", "Uddannelse og certificering", "textarea"),
            Field("supervision", "Supervision", "textarea"),
            Field("fidelity", "Måling af metodeloyalitet", "textarea"),
            Field("licence", "Licens", "textarea"),
            Field("cost", "Omkostninger", "textarea"),
            Field("evidence_level", "Evidensniveau", "choice", required=True, choices=_EVIDENCE),
            Field("evidence_rationale", "Begrundelse for evidensniveau", "textarea"),
            Field(
                "evidence_sources",
                "Kilder",
                "pairs",
                hint='Én kilde pr. linje: "titel | link (valgfrit)".',
                columns=("title", "url"),
            ),
            Field("assessed_on", "Vurderet den", "date"),
            Field("review_on", "Næste gennemgang", "date"),
            Field(
                "external_ratings",
                "Andres vurderinger",
                "pairs",
                hint='Én pr. linje: "kilde | vurdering | link (valgfrit)".',
                columns=("source", "rating", "url"),
            ),
            Field("areas", "Indsatsområder", "links", target="area"),
            Field("conferences", "Konferencer, der har drøftet metoden", "links", target="conference"),
            Field("municipalities", "Bruges i", "checkboxes", target="municipality"),
            Field("contact", "Kontakt", "textarea"),
            Field(
                "follow_up",
                "Mål og opfølgning",
                "textarea",
                hint="Hvordan borgerens fremskridt typisk følges op: hvilke mål og målinger, hvor ofte og af hvem.",
            ),
        ),
    )
)
register(
    ContentKind(
        key="area",
        model=InterventionArea,
        singular="indsatsområde",
        plural="Indsatsområder",
        url_segment="indsatsomraader",
        title_field="name",
        public_endpoint="public.area_detail",
        document=documents.area_document,
        load_options=documents.area_loading,
        index_keys=documents.area_keys,
        short_link=True,
        sitemap=True,
        feeds=True,
        api_path="areas",
        fields=(
            Field("name", "Navn", "text", required=True, max_length=200),
            Field("summary", "Kort resumé", "textarea", required=True),
            Field("description", "Beskrivelse", "richtext"),
            Field("parent", "Overordnet indsatsområde", "link", target="area"),
            Field("ffb_terms", "Fælles Faglige Begreber", "lines", hint="Ét begreb pr. linje."),
        ),
    )
)
register(
    ContentKind(
        key="conference",
        model=Conference,
        singular="konference",
        plural="Konferencer",
        url_segment="konferencer",
        title_field="title",
        public_endpoint="public.conference_detail",
        document=documents.conference_document,
        load_options=documents.conference_loading,
        index_keys=documents.conference_keys,
        short_link=True,
        sitemap=True,
        feeds=True,
        api_path="conferences",
        fields=(
            Field("title", "Titel", "text", required=True, max_length=300),
            Field("subtitle", "Undertitel", "text", max_length=300),
            Field("series", "Serie", "text", max_length=200, hint='Fx "KKR konference 2021".'),
            Field("theme", "Tema", "textarea"),
            Field("held_on", "Dato", "date", required=True),
            Field("start_time", "Starttid", "time"),
            Field("end_time", "Sluttid", "time"),
            Field("online", "Holdes online", "bool"),
            Field("venue", "Sted", "text", max_length=300),
            Field("address", "Adresse", "text", max_length=300),
            Field("organisers", "Arrangører", "links", target="organisation"),
            Field("audience", "Inviterede og målgruppe", "textarea"),
            Field("description", "Beskrivelse", "richtext"),
            Field("registration", "Tilmelding og praktisk", "textarea"),
            Field("areas", "Indsatsområder", "links", target="area"),
            Field("methods", "Metoder", "links", target="method"),
            Field("development_areas", "Udviklingsområder", "links", target="development_area"),
            Field(
                "items",
                "Program",
                "programme",
                hint='Ét punkt pr. linje: "16:00-16:15 | slags | titel | personer | beskrivelse | links". Slags: '
                + kind_names(PROGRAMME_ITEM_KINDS)
                + '. Personer adskilles med ";" og kan få en rolle i parentes, fx "Knud Aarup (oplægsholder)". '
                'Links til metoder, indsatsområder og udviklingsområder adskilles med ";", '
                'fx "metode: Housing First; område: Hjemløshed".',
            ),
            Field(
                "outputs",
                "Materialer og resultater",
                "outputs",
                hint='Ét pr. linje: "slags | titel | link | programpunktets titel". Slags: '
                + kind_names(OUTPUT_KINDS)
                + ". Link og programpunkt er valgfrie; upload filer nedenfor og brug deres link.",
            ),
            Field(
                "prioritisation",
                "Prioriteringsresultater",
                "prioritisation",
                hint='Én pr. linje: "runde | indsatsområde | antal prioriteringer", fx "Runde 1 | Hjemløshed | 7". '
                "Indsatsområdet linkes, når navnet findes i Metodebasen. Vises som diagram og tabel.",
            ),
            Field(
                "prioritisation_note",
                "Note til prioriteringsresultaterne",
                "textarea",
                hint="Fx hvordan der blev prioriteret, eller at tallene er foreløbige.",
            ),
            Field("source_notes", "Noter om kilderne", "lines", hint="Én note pr. linje."),
        ),
    )
)
register(
    ContentKind(
        key="agreement",
        model=FrameworkAgreement,
        singular="rammeaftale",
        plural="Rammeaftaler",
        url_segment="rammeaftaler",
        title_field="title",
        public_endpoint="public.agreement_detail",
        document=documents.agreement_document,
        load_options=documents.agreement_loading,
        index_keys=documents.agreement_keys,
        short_link=True,
        sitemap=True,
        api_path="agreements",
        fields=(
            Field("title", "Titel", "text", required=True, max_length=200),
            Field("start_year", "Første år", "int", required=True),
            Field("end_year", "Sidste år", "int", required=True),
            Field("summary", "Kort resumé", "textarea"),
            Field("description", "Beskrivelse", "richtext"),
        ),
    )
)
register(
    ContentKind(
        key="development_area",
        model=DevelopmentArea,
        singular="udviklingsområde",
        plural="Udviklingsområder",
        url_segment="udviklingsomraader",
        title_field="title",
        public_endpoint="public.development_area_detail",
        document=documents.development_area_document,
        load_options=documents.development_area_loading,
        index_keys=documents.development_area_keys,
        short_link=True,
        sitemap=True,
        feeds=True,
        api_path="development-areas",
        fields=(
            Field("title", "Titel", "text", required=True, max_length=300),
            Field("agreement", "Rammeaftale", "link", required=True, target="agreement"),
            Field("progress", "Status", "choice", required=True, choices=_PROGRESS),
            Field("summary", "Kort resumé", "textarea"),
            Field("description", "Beskrivelse", "richtext"),
            Field("areas", "Indsatsområder", "links", target="area"),
            Field("methods", "Metoder", "links", target="method"),
        ),
    )
)
register(
    ContentKind(
        key="person",
        model=Person,
        singular="person",
        plural="Personer",
        url_segment="personer",
        title_field="name",
        public_endpoint="public.person_detail",
        document=documents.person_document,
        load_options=documents.person_loading,
        index_keys=documents.person_keys,
        sitemap=True,
        api_path="people",
        fields=(
            Field("name", "Navn", "text", required=True, max_length=200),
            Field("title", "Titel", "textarea"),
            Field("organisation", "Organisation", "text", max_length=200),
            Field("note", "Note", "textarea"),
        ),
    )
)
register(
    ContentKind(
        key="organisation",
        model=Organisation,
        singular="organisation",
        plural="Organisationer",
        url_segment="organisationer",
        title_field="name",
        public_endpoint="public.organisation_detail",
        index_keys=documents.organisation_keys,
        sitemap=True,
        api_path="organisations",
        fields=(
            Field("name", "Navn", "text", required=True, max_length=200),
            Field("description", "Beskrivelse", "richtext"),
            Field("url", "Hjemmeside", "url", max_length=500, hint="Fx https://www.example.dk"),
        ),
    )
)

# Parts of a conference: not edited on their own, shown on the conference page, each with a short link.
register(
    ContentKind(
        key="programme_item",
        model=ProgrammeItem,
        singular="programpunkt",
        plural="Programpunkter",
        title_field="title",
        document=documents.programme_item_document,
        load_options=documents.programme_item_loading,
        index_keys=documents.programme_item_keys,
        short_link=True,
        part_of="conference",
        anchor="punkt",
    )
)
register(
    ContentKind(
        key="output",
        model=ConferenceOutput,
        singular="materiale",
        plural="Materialer",
        title_field="title",
        document=documents.output_document,
        load_options=documents.output_loading,
        index_keys=documents.output_keys,
        short_link=True,
        part_of="conference",
        anchor="materiale",
        search_label="Konferencemateriale",
    )
)
# Items that can be linked (methods are used in municipalities) but are not edited here as content.
register(
    ContentKind(
        key="municipality",
        model=Municipality,
        singular="kommune",
        plural="Kommuner",
        public_endpoint="public.municipality_detail",
        api_path="municipalities",
    )
)
# Simple pages ("Side"), registered last so lists of kinds keep their order.
register(
    ContentKind(
        key="page",
        model=Page,
        singular="side",
        plural="Sider",
        url_segment="sider",
        title_field="title",
        public_endpoint="public.page_detail",
        api_path="pages",
        document=documents.page_document,
        short_link=True,
        sitemap=True,
        fields=(
            Field("title", "Titel", "text", required=True, max_length=300),
            Field("summary", "Kort resumé", "textarea", hint="Vises under titlen og i søgeresultater."),
            Field("body", "Tekst", "richtext"),
        ),
    )
)
