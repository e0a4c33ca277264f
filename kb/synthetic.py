"""Synthetic Danish content for search benchmarks: any number of methods, with areas, conferences and agreements.

`generate(methods)` fills the current database with made-up but realistic content, built from word lists
and sentence templates in the language of the specialised social area: compound words in all their
inflected forms, professions, settings, theories, laws and outcomes, so the vocabulary (several thousand
distinct words) resembles real content.

It writes with SQLAlchemy Core bulk inserts in batches and assigns ids itself, so links need no round
trips and 100,000 methods take well under a minute on SQLite. Core inserts also bypass, on purpose, the ORM
flush that feeds the search outbox: index the result afterwards with `flask kb reindex`.

Synthetic content is recognisable by the slug prefix "syn-" (the municipalities are the real ones). The
same seed gives the same content in an empty database.
"""

import html
import itertools
import random
import string
import tomllib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import partial

from sqlalchemy import Table, func, insert, select, text

from kb.extensions import db
from kb.models import (
    Conference,
    DevelopmentArea,
    FrameworkAgreement,
    InterventionArea,
    Method,
    MethodAlias,
    Municipality,
    Person,
    ProgrammeItem,
    ProgrammeItemSpeaker,
)
from kb.models.links import (
    development_area_area,
    development_area_method,
    method_area,
    method_municipality,
    programme_item_area,
    programme_item_method,
)
from kb.sanitize import clean_html
from kb.seed.loader import DATA_DIR
from kb.text import danish_date, slugify
from kb.vocabulary import DEVELOPMENT_PROGRESS, PUBLISHED

SYNTHETIC_PREFIX = "syn-"
BATCH_SIZE = 2_000
CONFERENCE_BATCH_SIZE = 200  # about 1,800 programme items and 3,600 speakers
DRAFT_SHARE = 0.02

Progress = Callable[[int, int], object]


class RealContentError(ValueError):
    """The database holds methods that are not synthetic, and generating was not forced."""


def _rows(block: str, paragraphs: bool = False) -> list[list[str]]:
    """The '|'-separated cells of each non-blank line (or blank-line-separated paragraph) of `block`."""
    rows = block.strip().split("\n\n") if paragraphs else block.strip().splitlines()
    return [[" ".join(cell.split()) for cell in row.split("|")] for row in rows if row.strip()]


def _lines(block: str) -> tuple[str, ...]:
    """The non-blank lines of `block`."""
    return tuple(line.strip() for line in block.strip().splitlines() if line.strip())


def _items(block: str) -> tuple[str, ...]:
    """The ';'-separated entries of `block`; line breaks count as spaces."""
    return tuple(item.strip() for item in " ".join(block.split()).split(";") if item.strip())


def _words(block: str) -> tuple[str, ...]:
    return tuple(block.split())


# -- vocabulary ---------------------------------------------------------------------------------------
# Word lists are text blocks (one row a line, or ';'-separated entries) so they stay compact and readable.

# First parts of compound words in their joining form (with the joining -s where Danish takes one).
PREFIXES = dict(
    _rows("""
    familie | Family
    forældre | Parent
    netværks | Network
    relations | Relational
    mestrings | Coping
    recovery | Recovery
    beskæftigelses | Employment
    bolig | Housing
    misbrugs | Addiction
    rusmiddel | Substance Use
    traume | Trauma
    angst | Anxiety
    hjerneskade | Brain Injury
    autisme | Autism
    adfærds | Behaviour
    skole | School
    uddannelses | Education
    trivsels | Well-being
    sundheds | Health
    hverdags | Everyday Life
    livs | Life
    kommunikations | Communication
    sprog | Language
    motions | Exercise
    mentor | Mentor
    kontakt | Contact
    døgn | Residential
    gruppe | Group
    dialog | Dialogue
    krops | Body
    sanse | Sensory
    miljø | Milieu
    struktur | Structure
    rehabiliterings | Rehabilitation
    følelses | Emotion
    konflikt | Conflict
    stress | Stress
    søvn | Sleep
    bo | Supported Living
    job | Job
    fritids | Leisure
    peer | Peer
    pårørende | Carer
    mindfulness | Mindfulness
    selvhjælps | Self-help
    ressource | Resource
    omsorgs | Care
    udslusnings | Transition
    efterværns | Aftercare
    krise | Crisis
    tilknytnings | Attachment
    mentaliserings | Mentalisation
    volds | Violence
    motivations | Motivation
    """)
)

# Last parts of compound words: indefinite | definite | plural | definite plural ("-": none) | English.
HEADS = _rows("""
    behandling | behandlingen | behandlinger | behandlingerne | Treatment
    træning | træningen | - | - | Training
    støtte | støtten | - | - | Support
    indsats | indsatsen | indsatser | indsatserne | Intervention
    forløb | forløbet | forløb | forløbene | Programme
    samtale | samtalen | samtaler | samtalerne | Sessions
    gruppe | gruppen | grupper | grupperne | Groups
    program | programmet | programmer | programmerne | Program
    model | modellen | modeller | modellerne | Model
    terapi | terapien | terapier | terapierne | Therapy
    pædagogik | pædagogikken | - | - | Pedagogy
    vejledning | vejledningen | vejledninger | vejledningerne | Guidance
    rådgivning | rådgivningen | - | - | Counselling
    team | teamet | teams | teamene | Team
    plan | planen | planer | planerne | Plan
    kursus | kurset | kurser | kurserne | Course
    undervisning | undervisningen | - | - | Education
    metode | metoden | metoder | metoderne | Method
    tilgang | tilgangen | tilgange | tilgangene | Approach
    værksted | værkstedet | værksteder | værkstederne | Workshop
    ordning | ordningen | ordninger | ordningerne | Scheme
    samarbejde | samarbejdet | samarbejder | samarbejderne | Partnership
    screening | screeningen | screeninger | screeningerne | Screening
    udredning | udredningen | udredninger | udredningerne | Assessment
    opfølgning | opfølgningen | opfølgninger | opfølgningerne | Follow-up
    koordinering | koordineringen | - | - | Coordination
    netværk | netværket | netværk | netværkene | Network
    redskab | redskabet | redskaber | redskaberne | Toolkit
    afklaring | afklaringen | afklaringer | afklaringerne | Clarification
    coaching | coachingen | - | - | Coaching
    fællesskab | fællesskabet | fællesskaber | fællesskaberne | Community
""")

# Adjectives: common gender | neuter | definite and plural | English.
ADJECTIVES = _rows("""
    tværfaglig | tværfagligt | tværfaglige | Interdisciplinary
    systematisk | systematisk | systematiske | Systematic
    intensiv | intensivt | intensive | Intensive
    helhedsorienteret | helhedsorienteret | helhedsorienterede | Holistic
    kognitiv | kognitivt | kognitive | Cognitive
    narrativ | narrativt | narrative | Narrative
    struktureret | struktureret | strukturerede | Structured
    relationel | relationelt | relationelle | Relational
    traumeinformeret | traumeinformeret | traumeinformerede | Trauma-informed
    recoveryorienteret | recoveryorienteret | recoveryorienterede | Recovery-oriented
    socialpædagogisk | socialpædagogisk | socialpædagogiske | Social Pedagogical
    individuel | individuelt | individuelle | Individual
    gruppebaseret | gruppebaseret | gruppebaserede | Group-based
    ambulant | ambulant | ambulante | Outpatient
    opsøgende | opsøgende | opsøgende | Outreach
    fleksibel | fleksibelt | fleksible | Flexible
    tidlig | tidligt | tidlige | Early
    forebyggende | forebyggende | forebyggende | Preventive
    målrettet | målrettet | målrettede | Targeted
    evidensbaseret | evidensbaseret | evidensbaserede | Evidence-based
    manualbaseret | manualbaseret | manualbaserede | Manualised
    familiecentreret | familiecentreret | familiecentrerede | Family-centred
    netværksbaseret | netværksbaseret | netværksbaserede | Network-based
    psykoedukativ | psykoedukativt | psykoedukative | Psychoeducational
    anerkendende | anerkendende | anerkendende | Appreciative
    dialogisk | dialogisk | dialogiske | Dialogic
    sammenhængende | sammenhængende | sammenhængende | Coherent
    koordineret | koordineret | koordinerede | Coordinated
    specialiseret | specialiseret | specialiserede | Specialised
    integreret | integreret | integrerede | Integrated
    digital | digitalt | digitale | Digital
    hjemmebaseret | hjemmebaseret | hjemmebaserede | Home-based
    mentaliseringsbaseret | mentaliseringsbaseret | mentaliseringsbaserede | Mentalisation-based
    løsningsfokuseret | løsningsfokuseret | løsningsfokuserede | Solution-focused
    kompenserende | kompenserende | kompenserende | Compensatory
    rehabiliterende | rehabiliterende | rehabiliterende | Rehabilitative
    motiverende | motiverende | motiverende | Motivational
    neuropædagogisk | neuropædagogisk | neuropædagogiske | Neuropedagogical
    kortvarig | kortvarigt | kortvarige | Brief
    multisystemisk | multisystemisk | multisystemiske | Multisystemic
""")

# Intervention areas, one a paragraph: name | parent ("-": none) | the compound prefixes that suit it |
# its target groups as "phrase: min-max age" (an age left out: no limit).
AREAS = _rows(
    """
    Børn og unge med adfærdsproblemer | - |
    adfærds familie forældre skole konflikt |
    børn med adfærdsproblemer: 3-12; unge med adfærdsproblemer: 12-17; forældre til børn med adfærdsproblemer: -

    Ungdomskriminalitet | Børn og unge med adfærdsproblemer |
    adfærds netværks mentor fritids |
    unge i risiko for kriminalitet: 12-17; unge, der er dømt for kriminalitet: 15-17

    Anbragte børn og unge | - |
    døgn omsorgs tilknytnings efterværns skole |
    anbragte børn: 0-12; anbragte unge: 13-17; plejefamilier: -

    Efterværn og overgang til voksenlivet | Anbragte børn og unge |
    efterværns udslusnings bolig uddannelses mentor |
    tidligere anbragte unge: 18-23; unge på vej ud af en anbringelse: 16-22

    Familier og forældrekompetencer | - |
    familie forældre tilknytnings netværks omsorgs |
    udsatte familier: -; forældre med kognitive vanskeligheder: 18-; familier med små børn: 0-6

    Sårbare gravide og spædbørn | Familier og forældrekompetencer |
    tilknytnings forældre sundheds omsorgs |
    sårbare gravide: -; spædbørn og deres forældre: 0-2

    Angst og psykisk mistrivsel hos børn og unge | - |
    angst trivsels mestrings følelses mindfulness skole |
    børn med angst: 6-12; unge med angst: 13-17; unge med depression: 13-25

    Hjemløshed | - |
    bolig bo kontakt netværks recovery |
    hjemløse borgere: 18-; borgere på forsorgshjem: 18-

    Unge hjemløse | Hjemløshed |
    bolig bo uddannelses mentor |
    unge hjemløse: 18-29

    Bostøtte og udslusning | Hjemløshed |
    bo bolig udslusnings hverdags |
    borgere i egen bolig med behov for støtte: 18-

    Rusmiddelproblemer | - |
    misbrugs rusmiddel recovery motivations netværks |
    borgere med rusmiddelproblemer: 18-; borgere med alkoholproblemer: 18-

    Unge og rusmidler | Rusmiddelproblemer |
    rusmiddel misbrugs familie fritids |
    unge med misbrug: 15-25; børn af forældre med misbrug: 6-17

    Dobbeltdiagnoser | Rusmiddelproblemer |
    misbrugs recovery krise sundheds |
    borgere med dobbeltdiagnose: 18-

    Psykiske vanskeligheder hos voksne | - |
    recovery mestrings peer sundheds søvn stress |
    voksne med psykiske vanskeligheder: 18-; voksne med angst og depression: 18-

    Recovery og peerstøtte | Psykiske vanskeligheder hos voksne |
    recovery peer selvhjælps ressource |
    borgere med psykisk sygdom: 18-; pårørende til borgere med psykisk sygdom: 18-

    Selvskade og selvmordsforebyggelse | Psykiske vanskeligheder hos voksne |
    krise følelses mentaliserings dialog |
    unge med selvskade: 13-25; borgere i risiko for selvmord: 15-

    Erhvervet hjerneskade | - |
    hjerneskade rehabiliterings hverdags kommunikations krops pårørende |
    voksne med erhvervet hjerneskade: 18-; børn og unge med erhvervet hjerneskade: 0-17

    Neurorehabilitering | Erhvervet hjerneskade |
    rehabiliterings hjerneskade sanse motions |
    borgere med en nyerhvervet hjerneskade: 18-

    Pårørende til borgere med hjerneskade | Erhvervet hjerneskade |
    pårørende netværks familie |
    pårørende til borgere med hjerneskade: -

    Autisme og ADHD | - |
    autisme struktur sanse kommunikations hverdags |
    børn med autisme: 3-12; unge med autisme: 13-25; børn med ADHD: 6-12; voksne med ADHD: 18-

    Autisme hos voksne | Autisme og ADHD |
    autisme bo job struktur |
    voksne med autisme: 18-

    Udviklingshæmning | - |
    kommunikations sprog miljø hverdags bo sanse |
    voksne med udviklingshæmning: 18-; børn med udviklingshandicap: 0-17

    Beskæftigelse og uddannelse | - |
    beskæftigelses job uddannelses mentor ressource |
    ledige med komplekse problemer: 18-64; unge uden uddannelse og job: 15-29

    Job med støtte | Beskæftigelse og uddannelse |
    job beskæftigelses mentor |
    ledige med psykiske vanskeligheder: 18-64

    Vold i nære relationer | - |
    volds konflikt traume krise familie |
    kvinder udsat for vold: 18-; familier med vold: -

    Børn, der oplever vold | Vold i nære relationer |
    traume krise volds tilknytnings |
    børn, der har oplevet vold: 3-17

    Voldsudøvere | Vold i nære relationer |
    volds konflikt følelses |
    voksne, der udøver vold: 18-

    Socialt udsatte voksne | - |
    kontakt netværks sundheds livs |
    socialt udsatte voksne: 18-; ensomme ældre med sociale problemer: 65-
""",
    paragraphs=True,
)

FFB_TERMS = _items("""
    Socialpædagogisk støtte; Behandling; Rådgivning; Træning; Familiebehandling; Misbrugsbehandling; Bostøtte;
    Kontaktperson; Aflastning; Mentorstøtte; Botilbud; Døgnophold; Beskæftigelse; Genoptræning; Netværksarbejde;
    Praktisk pædagogisk støtte; Psykologbehandling; Krisehjælp
""")
PROFESSIONS = _words("""
    socialrådgivere pædagoger psykologer terapeuter sagsbehandlere kontaktpersoner bostøttemedarbejdere
    misbrugsbehandlere ergoterapeuter fysioterapeuter neuropsykologer sundhedsplejersker lærere mentorer
    peermedarbejdere familiebehandlere socialpædagoger jobkonsulenter plejeforældre sygeplejersker
    gadeplansmedarbejdere konsulenter
""")
JOB_TITLES = _items("""
    Psykolog; Socialrådgiver; Afdelingsleder; Lektor; Professor; Metodekonsulent; Forstander; Direktør; Pædagog;
    Familiebehandler; Chefkonsulent; Seniorforsker; Centerchef; Ergoterapeut; Projektleder; Udviklingskonsulent;
    Sektionsleder; Ph.d.-studerende; Souschef
""")
ORGANISATIONS = _items("""
    VIVE; Socialstyrelsen; Aarhus Universitet; VIA University College; Region Midtjylland;
    Psykiatrien i Region Midtjylland; Center for Rusmiddelforskning; Rådet for Socialt Udsatte; Børns Vilkår;
    Kirkens Korshær; Blå Kors; Hjerneskadeforeningen; Landsforeningen Autisme; Metodecenteret; KL;
    Danske Regioner; Projekt Udenfor; SAND
""")
PUBLISHERS = _items("Socialstyrelsen; VIVE; Metodecenteret; VIA University College; Region Midtjylland; KL")
SETTINGS = _items("""
    i hjemmet; på bostedet; i kommunens ungeenhed; på skolen; i lokalmiljøet; i et ambulant tilbud;
    på et forsorgshjem; i dagtilbuddet; på jobcentret; i et døgntilbud; på herberget; i borgerens eget hjem;
    på et botilbud; i plejefamilien; i et værested; på behandlingsstedet; i naturen; i familiens nærmiljø;
    på et opholdssted; online og i hjemmet
""")
COUNTRIES = _words("USA Norge Sverige England Holland Australien Canada Danmark Finland Skotland")
DECADES = _words("1970'erne 1980'erne 1990'erne 2000'erne 2010'erne")
THEORIES = _items("""
    kognitiv adfærdsterapi; socialpædagogikken; systemisk teori; mentaliseringsteori; tilknytningsteori;
    recoverybevægelsen; social læringsteori; motivationspsykologi; neuropædagogik;
    den løsningsfokuserede tradition; narrativ praksis; empowermenttænkning; den socialøkologiske model;
    traumeforståelse; udviklingspsykologi; relationsprofessionel praksis; rehabiliteringstænkning;
    positiv psykologi; miljøterapi; dialektisk adfærdsterapi
""")
OBJECTIVES = _items("""
    forældrenes kompetencer; den unges mestring af hverdagen; borgerens netværk; trivslen i familien;
    tilknytningen til arbejdsmarkedet; barnets udvikling; borgerens livskvalitet;
    samspillet mellem forældre og barn; evnen til at regulere følelser; fastholdelsen i uddannelse;
    boligstabiliteten; funktionsevnen i hverdagen; kommunikationen i familien; den sociale deltagelse;
    motivationen for forandring; egenomsorgen; relationerne til jævnaldrende; skolefremmødet;
    overgangen til voksenlivet; den psykiske sundhed; selvstændigheden; troen på egne ressourcer;
    samarbejdet mellem fagpersoner; den fysiske sundhed; søvnen og døgnrytmen; økonomien i hverdagen;
    kontakten til sundhedsvæsenet; trygheden i hjemmet; forældreevnen; den kognitive funktion
""")
GOALS = _words("styrke forbedre udvikle fremme understøtte stabilisere genoprette fastholde")
VERBS = _words("styrker understøtter udvikler forbedrer fremmer stabiliserer sikrer øger genopbygger beskytter")
EXPERIENCES = _items("""
    brud i relationer; omsorgssvigt; lange forløb i systemet; ensomhed; nederlag i skolen; traumer;
    tab af funktionsevne; vold i hjemmet; mobning; gentagne anbringelser; udsættelser fra boligen;
    misbrug i familien; psykisk sygdom; langvarig ledighed; isolation
""")
TOOLS = _items("""
    systematiske målinger; skalaspørgsmål; standardiserede spørgeskemaer; en fælles handleplan;
    ugentlige statusmøder; feedbackredskaber; videooptagelser; en digital dagbog; målkort; trivselsmålinger;
    netværkskort; livslinjer; funktionsvurderinger
""")
ORGS = _items("""
    myndighed; udfører; skole; jobcenter; psykiatri; kommune; region; bosted; almen praksis; civilsamfund;
    frivillige organisationer; sygehus; PPR; politi; boligselskab
""")
NUMBERS = _words("to tre fire fem seks otte ti tolv")
DURATIONS = _items("""
    tre til seks måneder; otte til tolv uger; et halvt til et helt år; fire til fem måneder; op til to år;
    tolv til seksten uger; seks til ni måneder; ti uger
""")
CASELOADS = _items("fire til seks; fem til otte; otte til ti; ti til femten; tre til fem")
CASE_UNITS = _words("familier borgere forløb unge børn")
CASE_UNITS_SINGULAR = _words("familie borger forløb deltager")
FREQUENCIES = _items("ugentlige; månedlige; faste; løbende; hyppige; korte daglige")
SUPERVISION_FREQUENCIES = _words("ugentlig månedlig løbende fast hyppig")
PHASES = _words("afklaring kortlægning målsætning træning afslutning udslusning opfølgning stabilisering")
NETWORKS = _words("familier forældre netværk pårørende nærmeste søskende plejeforældre")
PERSONS = _words("borger familie deltager bruger elev beboer")  # used in the genitive: "den enkelte borgers"
LAWS = _items("""
    servicelovens § 85; servicelovens § 107; servicelovens § 108; servicelovens § 101; servicelovens § 110;
    barnets lov; lov om aktiv beskæftigelsesindsats; sundhedslovens § 141
""")
POSITIVE_OUTCOMES = _items("Bedre; Øget; Styrket; Mere stabil")
POSITIVE_OBJECTS = _items("""
    trivsel; mestring af hverdagen; forældrekompetence; skolegang og fremmøde; tilknytning til arbejdsmarkedet;
    sociale netværk; livskvalitet; boligsituation; funktionsevne; selvstændighed; kommunikation i familien;
    psykisk sundhed; følelsesregulering; deltagelse i fællesskaber
""")
NEGATIVE_OUTCOMES = {
    "Færre": _items("""
        anbringelser; indlæggelser; konflikter; udsættelser; genindlæggelser; tilbagefald; skoleskift;
        sammenbrud i anbringelser
    """),
    "Mindre": _items(
        "misbrug; angst; ensomhed; udadreagerende adfærd; kriminalitet; stress; vold; selvskade; isolation"
    ),
}
FIRST_NAMES = _words("""
    Anne Mette Hanne Lone Susanne Camilla Louise Maria Lars Jens Peter Michael Henrik Søren Thomas Rasmus Mads
    Kasper Niels Jesper Karen Kirsten Birgitte Pia Trine Line Sofie Ida Emma Anders Morten Martin Jakob Christian
    Ole Torben Bente Helle Tina Charlotte Maja Signe Stine Rikke Marianne Jonas Simon Frederik Mikkel Kristian Bo
    Knud Poul Inger Lene Malene Nanna Sara Julie Astrid Ahmed Fatima Ali Leila
""")
MIDDLE_NAMES = _words("Marie Juul Bech Krogh Lykke Hvid Brix Friis Holm Skov")
LAST_NAMES = _words("""
    Jensen Nielsen Hansen Pedersen Andersen Christensen Larsen Sørensen Rasmussen Jørgensen Petersen Madsen
    Kristensen Olsen Thomsen Christiansen Poulsen Johansen Møller Mortensen Knudsen Jakobsen Mikkelsen Olesen
    Frederiksen Laursen Henriksen Lund Holm Schmidt Eriksen Kristiansen Nørgaard Bach Dam Vestergaard Lauridsen
    Kjær Bak Damgaard Skov Østergaard Winther Lassen Klausen Søndergaard Toft Bruun Overgaard Dalgaard Yilmaz
    Hussein
""")
VENUES = _rows("""
    Regionshuset Viborg | 8800 Viborg
    Aarhus Rådhus | 8000 Aarhus C
    Scandinavian Congress Center | 8000 Aarhus C
    MCH Herning Kongrescenter | 7400 Herning
    Musikhuset Aarhus | 8000 Aarhus C
    VIA University College, Campus Aarhus C | 8000 Aarhus C
    Horsens Rådhus | 8700 Horsens
    Randers Rådhus | 8900 Randers C
    Holstebro Rådhus | 7500 Holstebro
    Skive Rådhus | 7800 Skive
    Silkeborg Rådhus | 8600 Silkeborg
""")
WELCOME = "Velkomst og introduktion til dagen"  # every programme opens with it
CONFERENCE_SERIES = _items("Januarkonferencen; Temadag; Netværksmøde; Faglig dag; Metodedag")
# Programme item kinds (keys of kb.vocabulary.PROGRAMME_ITEM_KINDS): weight | minutes it may last | speaker role.
ITEM_KINDS = {
    kind: (int(weight), tuple(int(m) for m in minutes.split()), role)
    for kind, weight, minutes, role in _rows("""
        talk | 55 | 20 30 45 | oplægsholder
        workshop | 15 | 45 60 | facilitator
        plenum | 10 | 15 20 30 | vært
        debate | 8 | 30 45 | paneldeltager
        video | 4 | 10 15 | oplægsholder
        prioritisation | 3 | 30 45 | facilitator
        break | 5 | 15 30 | -
    """)
}
# How often each key of kb.vocabulary.EVIDENCE_LEVELS is drawn.
EVIDENCE_WEIGHTS = {
    "staerk": 5,
    "moderat": 10,
    "lovende": 15,
    "teoretisk": 15,
    "velbeskrevet": 20,
    "ingen-effekt": 5,
    "ikke-vurderet": 30,
}
EVIDENCE_KEYS, EVIDENCE_VALUES = tuple(EVIDENCE_WEIGHTS), tuple(EVIDENCE_WEIGHTS.values())
ITEM_KIND_KEYS, ITEM_KIND_WEIGHTS = tuple(ITEM_KINDS), tuple(weight for weight, _, _ in ITEM_KINDS.values())
AGREEMENT_START_YEARS = (2017, 2019, 2021, 2023, 2025)
SMALL_WORDS = frozenset(_words("og i for til med af på om der uden of and the with"))

# -- sentence templates -------------------------------------------------------------------------------
# Fields name the item's own words (name, abbr, comp, compd, target, area) or draw from the lists above
# (see _Writer.__init__). The first letter of each sentence is capitalised after filling.
METHOD_SENTENCES = _lines("""
    {name} er udviklet i {country} i {decade} og bygger på {theory}.
    Metoden kombinerer {xd} med {yd} og tilpasses den enkelte {person}s behov.
    Indsatsen foregår {setting} og varer typisk {duration}.
    {prof} arbejder tæt sammen med {target} og deres {network}.
    Målet er at {goal} {obj} og at {goal2} {obj2}.
    I forløbet lægges der vægt på {xd}, {yd} og {zd}.
    Der arbejdes ud fra en {adj} tilgang, hvor {target} selv er med til at sætte mål.
    Erfaringer fra {place} Kommune viser, at {xd} kan styrke {obj}.
    Mange {target} har oplevet {exp}, og derfor er {xd} en central del af arbejdet.
    Teorien bag {abbr} er inspireret af {theory} og {theory2}.
    Undervejs følger {prof} op på {obj} ved hjælp af {tool}.
    {abbr} kan bruges alene eller sammen med {xp}.
    Et typisk forløb består af faserne {phase}, {phase2} og {phase3}.
    I {place} Kommune bruges {abbr} som en del af {xd} for {target}.
    Metoden stiller krav til samarbejdet mellem {org} og {org2}.
    Forskningen peger på, at {xd} har stor betydning for {obj}.
    Det er afgørende, at medarbejderne har indsigt i {xd} og {yd}.
    Når en krise opstår, kan {prof} hurtigt sætte ind med {x}.
    {prof} får en grundig introduktion til {xd}, inden de starter det første forløb.
    {compd} tager udgangspunkt i de mål, som {target} selv sætter.
    Der holdes {freq} møder, hvor {xd} og {yd} evalueres.
    Metoden {verb} {obj} gennem {x} og {y}.
    {abbr} {verb} {obj} og {verb2} {obj2}.
    Indsatsen er {adj} og bygger på {theory}.
    Arbejdet er organiseret i {adje} teams med {prof} og {prof2}.
    Hver medarbejder har typisk ansvar for {caseload} {caseunit} ad gangen.
    Metoden blev første gang afprøvet i Danmark i {year} med støtte fra {publisher}.
    I dag bruges {abbr} i flere kommuner, bl.a. i {place} og {place2}.
    Der er særligt fokus på {xd} i den første del af forløbet.
    {target} får hjælp til {x} og til at {goal} {obj}.
    Medarbejderne bruger {tool} til at vurdere {xd}.
    Inddragelse af {network} er et bærende princip i {compd}.
    {abbr} adskiller sig fra {xpd} ved at være {adj} og {adj2}.
    Metoden er særligt relevant for {target}, som ikke får nok ud af {xp}.
    Rammerne for {compd} beskrives i en skriftlig aftale mellem {org} og {org2}.
    Der bruges elementer fra {x}, {y} og {z}.
    Fokus er på borgerens ressourcer og ikke kun på {exp}.
    Mange kommuner kombinerer {abbr} med {x} eller {y}.
    Indsatsen afsluttes med en plan for {xd} og for {obj}.
    Kommunen visiterer typisk til {compd} efter {law}.
    {xpd} gennemføres {setting} og planlægges sammen med {network}.
    Både {prof} og {prof2} kan lære at bruge {abbr} i deres daglige arbejde.
    {comp} gives som supplement til {xd}, når {target} har brug for mere støtte.
    Indsatsen kan både være {adj} og {adj2}, afhængigt af behovet.
    Der er i de senere år kommet mere fokus på {xd} i arbejdet med {target}.
    En vigtig pointe er, at {obj} ofte hænger sammen med {obj2}.
    Metoden beskriver konkrete redskaber til {xd} og {yd}.
    {abbr} er særligt udbredt i {country} og i de nordiske lande.
    Medarbejdernes rolle er at støtte, guide og skabe struktur i {xd}.
    Det er vigtigt, at {network} bliver inddraget tidligt i {xd}.
""")
SUMMARY_SENTENCES = _lines("""
    Metoden {verb} {obj} gennem {x} og {y}.
    Indsatsen foregår {setting} og varer typisk {duration}.
    {prof} arbejder sammen med {target} og deres {network} om at {goal} {obj}.
    Målet er at {goal} {obj} og {obj2}.
    Metoden bygger på {theory} og lægger vægt på {xd}.
    Forløbet kombinerer {x} med {y}.
""")
CORE_ELEMENTS = _lines("""
    {comp} {setting}
    {freq} {xp}
    Systematisk opfølgning på {obj}
    Inddragelse af {network}
    En {adj} tilgang til {xd}
    Supervision af {prof}
    Tæt samarbejde mellem {org} og {org2}
    Faserne {phase}, {phase2} og {phase3}
    Skriftlig handleplan med mål for {obj}
    Undervisning i {x}
    Brug af {tool}
    {adje} {xp}
""")
IMPLEMENTATION = {
    "manual": _lines("""
        Der findes en {adj} manual, som beskriver {xp} og {yp} trin for trin.
        Metoden er beskrevet i en dansk manual udgivet af {publisher}.
        Der findes ingen egentlig manual, men {place} Kommune har skrevet en metodebeskrivelse.
        Manualen findes på engelsk og er oversat til dansk af {publisher}.
    """),
    "training": _lines("""
        {prof} gennemgår et {days}-dages kursus i {abbr}, efterfulgt af {x}.
        Uddannelsen består af {n} moduler om {xd} og {yd}.
        Nye medarbejdere oplæres af en erfaren kollega og deltager i {xp}.
        Der udbydes et årligt kursus for {prof} og {prof2}.
    """),
    "supervision": _lines("""
        Der gives {sfreq} supervision ved en certificeret supervisor.
        {prof} mødes i faste refleksionsgrupper om {xd}.
        Teamet får {sfreq} sparring fra en ekstern konsulent med erfaring i {x}.
    """),
    "fidelity": _lines("""
        Metodetroskaben måles med {tool}.
        Der er udviklet et redskab til at måle, om {abbr} udføres efter manualen.
        Der findes endnu ingen systematisk måling af metodetroskab.
    """),
    "licence": _lines("""
        Metoden er licensbelagt, og licensen fornyes hvert andet år.
        Der kræves ingen licens for at bruge metoden.
        Materialerne er frit tilgængelige, men certificering af {prof} kræver licens.
    """),
    "cost": _lines("""
        Udgifterne ligger primært i uddannelse og supervision af {prof}.
        Et forløb koster typisk mellem {prices} kr. pr. {caseunitsg}.
        Metoden er forholdsvis billig at indføre, fordi den bygger på {xd}.
    """),
}
EVIDENCE_RATIONALES = {
    "staerk": "Flere randomiserede forsøg, også fra Skandinavien, viser positive effekter på {obj} og {obj2}.",
    "moderat": "Effektstudier af god kvalitet finder positive effekter på {obj}, "
    "men resultaterne er ikke entydige i en dansk sammenhæng.",
    "lovende": "En mindre evaluering fra {place} Kommune peger på en positiv udvikling i {obj}.",
    "teoretisk": "Metoden bygger på {theory}, men effekten er ikke undersøgt.",
    "velbeskrevet": "Metoden er grundigt beskrevet i en manual, men effekten på {obj} er ikke undersøgt.",
    "ingen-effekt": "Et dansk effektstudie fandt ingen forskel på {obj} sammenlignet med almindelig praksis.",
    "ikke-vurderet": "",
}
ITEM_TITLES = {
    "talk": _lines("""
        {comp}: erfaringer fra {place}
        Hvad virker for {target}?
        Fra forskning til praksis i {xd}
        {xd} set fra {network}s perspektiv
        Nye resultater om {obj}
    """),
    "workshop": _lines("""
        Workshop: {adje} {xp} i praksis
        Workshop om {xd} og {yd}
    """),
    "plenum": _lines("""
        Status på {xd}
        Opsamling og afslutning
        Nyt fra {place} Kommune om {xd}
    """),
    "debate": _lines("""
        Paneldebat om {x} for {target}
        Debat: Hvordan styrker vi {obj}?
    """),
    "video": ("Video: {target} fortæller om {xd}",),
    "prioritisation": ("Prioritering af udviklingsområder for {target}",),
    "break": ("Pause", "Frokost", "Kaffepause"),
}
CONFERENCE_SENTENCES = _lines("""
    Dagen byder på oplæg om {x}, workshops om {yd} og tid til erfaringsudveksling.
    Konferencen samler {prof}, ledere og {prof2} fra kommuner, region og civilsamfund.
    Deltagerne får ny viden om {obj} og konkrete redskaber til {xd}.
    Vi ser nærmere på, hvordan {xd} kan styrke {obj} for {target}.
""")
DEVELOPMENT_TITLES = _lines("""
    {comp} for {target}
    Styrket {x} på tværs af kommuner
    Bedre overgange for {target}
    {x} i arbejdet med {target}
    Nye veje til {obj}
    Fælles indsats inden for {area}
""")


# -- generating ---------------------------------------------------------------------------------------
def work_units(methods: int) -> int:
    """How many steps `generate(methods)` reports through `progress`: its methods and conferences."""
    return methods + max(2, methods // 50)


def generate(methods: int, seed: int = 1, progress: Progress | None = None, *, force: bool = False) -> dict[str, int]:
    """Add `methods` synthetic methods, with areas, municipalities, people, conferences and agreements.

    Writes to the current database (needs an application context) in committed batches and returns the
    number of rows inserted per table. `progress(done, total)` is called after each batch, `total` being
    `work_units(methods)`. Raises RealContentError (a ValueError) if the database holds methods that
    are not synthetic, unless `force` is true. The index is not updated: run `flask kb reindex` afterwards.
    """
    if methods < 1:
        raise ValueError("The number of methods to generate must be at least 1.")
    real = db.session.scalar(
        select(func.count()).select_from(Method.__table__).where(~Method.__table__.c.slug.startswith(SYNTHETIC_PREFIX))
    )
    if real and not force:
        raise RealContentError(
            f"The database already holds {real} methods that are not synthetic. Synthetic content is meant "
            "for a separate benchmark database: point KB_DATABASE_URL at one, or pass force=True (--force) "
            "to add synthetic content anyway."
        )
    return _Generator(methods, random.Random(seed), progress).run()


@dataclass(frozen=True, slots=True)
class _Compound:
    indefinite: str
    definite: str
    plural: str | None
    plural_definite: str | None
    neuter: bool
    prefix: str
    head: str
    english: str


@dataclass(frozen=True, slots=True)
class _Area:
    id: int
    name: str
    compounds: tuple[_Compound, ...]
    targets: tuple[tuple[str, int | None, int | None], ...]


def _compounds() -> list[_Compound]:
    compounds = []
    for prefix, prefix_english in PREFIXES.items():
        for indefinite, definite, plural, plural_definite, head_english in HEADS:
            if indefinite.startswith(prefix.rstrip("s")) or prefix.startswith(indefinite):
                continue  # "gruppegruppe", "netværksnetværk"
            compounds.append(
                _Compound(
                    indefinite=prefix + indefinite,
                    definite=prefix + definite,
                    plural=None if plural == "-" else prefix + plural,
                    plural_definite=None if plural_definite == "-" else prefix + plural_definite,
                    neuter=definite.endswith("et"),
                    prefix=prefix,
                    head=indefinite,
                    english=f"{prefix_english} {head_english}",
                )
            )
    return compounds


def _targets(cell: str) -> tuple[tuple[str, int | None, int | None], ...]:
    targets = []
    for entry in cell.split(";"):
        phrase, _, ages = entry.rpartition(":")
        low, _, high = ages.strip().partition("-")
        targets.append((phrase.strip(), int(low) if low else None, int(high) if high else None))
    return tuple(targets)


def _capitalise(value: str) -> str:
    return value[:1].upper() + value[1:]


def _lower_first(value: str) -> str:
    """'Autisme og ADHD' -> 'autisme og ADHD': lower case for use inside a sentence, acronyms kept."""
    return value[:1].lower() + value[1:]


def _initials(words: Sequence[str], limit: int = 4) -> str:
    letters = [word[0].upper() for word in words if word and word.lower() not in SMALL_WORDS]
    return "".join(letters[:limit])


class _Template:
    __slots__ = ("fields", "text")

    def __init__(self, text: str):
        self.text = text
        self.fields = tuple(dict.fromkeys(name for _, name, _, _ in string.Formatter().parse(text) if name))


class _Writer:
    """Danish sentences from templates, filled with an item's own words and words drawn from the lists."""

    def __init__(self, rng: random.Random, places: Sequence[str], compounds: Sequence[_Compound]):
        self.rng = rng
        pick = rng.choice
        indefinite = [c.indefinite for c in compounds]
        definite = [c.definite for c in compounds]
        plural = [c.plural for c in compounds if c.plural]
        plural_definite = [c.plural_definite for c in compounds if c.plural_definite]
        adjectives = [a[0] for a in ADJECTIVES]
        lists = {
            ("x", "y", "z", "comp"): indefinite,
            ("xd", "yd", "zd", "compd"): definite,
            ("xp", "yp"): plural,
            ("xpd",): plural_definite,
            ("adj", "adj2"): adjectives,
            ("adje",): [a[2] for a in ADJECTIVES],
            ("prof", "prof2"): PROFESSIONS,
            ("setting",): SETTINGS,
            ("place", "place2"): places,
            ("country",): COUNTRIES,
            ("decade",): DECADES,
            ("theory", "theory2"): THEORIES,
            ("obj", "obj2"): OBJECTIVES,
            ("goal", "goal2"): GOALS,
            ("verb", "verb2"): VERBS,
            ("exp",): EXPERIENCES,
            ("tool",): TOOLS,
            ("org", "org2"): ORGS,
            ("n",): NUMBERS,
            ("duration",): DURATIONS,
            ("caseload",): CASELOADS,
            ("caseunit",): CASE_UNITS,
            ("caseunitsg",): CASE_UNITS_SINGULAR,
            ("freq",): FREQUENCIES,
            ("sfreq",): SUPERVISION_FREQUENCIES,
            ("phase", "phase2", "phase3"): PHASES,
            ("network",): NETWORKS,
            ("person",): PERSONS,
            ("law",): LAWS,
            ("publisher",): PUBLISHERS,
            ("year",): [str(year) for year in range(1996, 2023)],
            ("days",): [str(days) for days in range(2, 9)],
            ("prices",): [f"{low}.000 og {low + step}.000" for low in range(10, 95, 5) for step in (10, 20, 40)],
            ("target",): [phrase for row in AREAS for phrase, _, _ in _targets(row[3])],
            ("area",): [_lower_first(row[0]) for row in AREAS],
        }
        self.slots = {name: partial(pick, tuple(values)) for names, values in lists.items() for name in names}
        self.method = [_Template(t) for t in METHOD_SENTENCES]
        own = {"name", "abbr", "comp", "compd"}
        self.general = [t for t in self.method if not own & set(t.fields)]
        self.summary = [_Template(t) for t in SUMMARY_SENTENCES]
        self.core = [_Template(t) for t in CORE_ELEMENTS]
        self.implementation = {name: [_Template(t) for t in lines] for name, lines in IMPLEMENTATION.items()}
        self.rationales = {level: _Template(t) for level, t in EVIDENCE_RATIONALES.items()}
        self.item_titles = {kind: [_Template(t) for t in lines] for kind, lines in ITEM_TITLES.items()}
        self.conference = [_Template(t) for t in CONFERENCE_SENTENCES]
        self.conference_and_general = self.conference + self.general
        self.development_titles = [_Template(t) for t in DEVELOPMENT_TITLES]

    def sentence(self, template: _Template, context: dict) -> str:
        """`template` filled from `context`, other fields drawn at random; "prof2" differs from "prof"."""
        values = {}
        for name in template.fields:
            value = context.get(name)
            if value is None:
                draw = self.slots[name]
                value = draw()
                if name[-1] in "23":
                    base = name.rstrip("23")
                    for _ in range(10):
                        if value not in (values.get(base), values.get(base + "2")):
                            break
                        value = draw()
            values[name] = value
        return _capitalise(template.text.format_map(values))

    def one_of(self, templates: Sequence[_Template], context: dict) -> str:
        return self.sentence(self.rng.choice(templates), context)

    def some_of(self, templates: Sequence[_Template], context: dict, low: int, high: int) -> list[str]:
        """Between `low` and `high` sentences from different templates."""
        chosen = self.rng.sample(templates, min(len(templates), self.rng.randint(low, high)))
        return [self.sentence(template, context) for template in chosen]

    def paragraphs(self, templates: Sequence[_Template], context: dict, count: int, low=40, high=80) -> list[str]:
        """`count` paragraphs of `low` to `high` words (one sentence over at most); no template is used
        twice until all have been used once."""
        rng, deck, paragraphs = self.rng, [], []
        for _ in range(count):
            wanted = rng.randint(low, high - 15)
            sentences, words = [], 0
            while words < wanted:
                if not deck:
                    deck = rng.sample(templates, len(templates))
                sentence = self.sentence(deck.pop(), context)
                sentences.append(sentence)
                words += sentence.count(" ") + 1
            if words > high and len(sentences) > 1 and words - sentences[-1].count(" ") - 1 >= low:
                sentences.pop()
            paragraphs.append(" ".join(sentences))
        return paragraphs

    def html(self, paragraphs: Sequence[str], heading: tuple[int, str] | None = None) -> str:
        """Paragraphs as HTML, with an optional <h3> before paragraph number heading[0]."""
        parts = [f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs]
        if heading is not None:
            parts.insert(heading[0], f"<h3>{html.escape(heading[1], quote=False)}</h3>")
        return clean_html("\n".join(parts))


class _Slugs:
    """Unique "syn-" slugs for one table, numbered from -2 when a base is taken."""

    def __init__(self, table: Table):
        column = table.c.slug
        self.taken = set(db.session.scalars(select(column).where(column.startswith(SYNTHETIC_PREFIX))))
        self.next_number: dict[str, int] = {}

    def make(self, title: str) -> str:
        base = SYNTHETIC_PREFIX + slugify(title, max_length=100)
        slug = base
        while slug in self.taken:
            number = self.next_number.get(base, 2)
            self.next_number[base] = number + 1
            slug = f"{base}-{number}"
        self.taken.add(slug)
        return slug


class _Generator:
    """One run of `generate`: fresh ids per table, unique slugs, counts, and a builder per content type."""

    def __init__(self, methods: int, rng: random.Random, progress: Progress | None):
        self.methods = methods
        self.rng = rng
        self.progress = progress
        self.total = work_units(methods)
        self.done = 0
        self.counts: Counter[str] = Counter()
        self.next_ids: dict[str, int] = {}
        self.compounds = _compounds()
        self.by_prefix: dict[str, list[_Compound]] = {}
        for compound in self.compounds:
            self.by_prefix.setdefault(compound.prefix, []).append(compound)

    def run(self) -> dict[str, int]:
        municipality_ids, self.places = self.municipalities()
        self.writer = _Writer(self.rng, self.places, self.compounds)
        areas = self.areas()
        db.session.commit()
        method_ids = self.all_methods(areas, municipality_ids)
        person_ids = self.people()
        self.conferences(areas, method_ids, person_ids)
        self.agreements(areas, method_ids)
        _advance_postgres_sequences(self.next_ids)
        db.session.commit()
        return dict(self.counts)

    # -- plumbing ---------------------------------------------------------------------------------
    def ids(self, table: Table, count: int) -> range:
        """`count` fresh ids for `table`, after the highest it holds."""
        if table.name not in self.next_ids:
            self.next_ids[table.name] = (db.session.scalar(select(func.max(table.c.id))) or 0) + 1
        start = self.next_ids[table.name]
        self.next_ids[table.name] = start + count
        return range(start, start + count)

    def insert(self, table: Table, rows: list[dict]) -> None:
        # Core executemany: no ORM objects, and no ORM flush for the search outbox to hook.
        if rows:
            db.session.execute(insert(table), rows)
            self.counts[table.name] += len(rows)

    def advance(self, steps: int) -> None:
        db.session.commit()
        self.done += steps
        if self.progress is not None:
            self.progress(self.done, self.total)

    def status(self) -> str:
        return "draft" if self.rng.random() < DRAFT_SHARE else PUBLISHED

    def timestamps(self) -> dict:
        created = datetime(2016, 1, 1, tzinfo=UTC) + timedelta(seconds=self.rng.randrange(10 * 365 * 86_400))
        updated = created + timedelta(seconds=self.rng.randrange(400 * 86_400))
        return {"created_at": created, "updated_at": updated}

    # -- municipalities and areas -----------------------------------------------------------------
    def municipalities(self) -> tuple[list[int], list[str]]:
        """The ids of the 19 municipalities of Region Midtjylland and the region (existing rows are
        reused, missing ones added from the demo data), and the municipalities' short names."""
        with (DATA_DIR / "municipalities.toml").open("rb") as handle:
            entries = tomllib.load(handle)["municipality"]
        table = Municipality.__table__
        existing = dict(db.session.execute(select(table.c.slug, table.c.id)).all())
        missing = [entry for entry in entries if entry["slug"] not in existing]
        rows = []
        for entry, new_id in zip(missing, self.ids(table, len(missing)), strict=True):
            rows.append({key: entry[key] for key in ("slug", "name", "short_name", "kind")} | {"id": new_id})
            existing[entry["slug"]] = new_id
        self.insert(table, rows)
        places = [entry["short_name"] for entry in entries if entry["kind"] == "kommune"]
        return [existing[entry["slug"]] for entry in entries], places

    def areas(self) -> list[_Area]:
        rng, writer, table = self.rng, self.writer, InterventionArea.__table__
        slugs = _Slugs(table)
        ids = dict(zip((row[0] for row in AREAS), self.ids(table, len(AREAS)), strict=True))
        areas, rows = [], []
        for name, parent, prefixes, targets in AREAS:
            area = _Area(
                ids[name], name, tuple(c for p in prefixes.split() for c in self.by_prefix[p]), _targets(targets)
            )
            areas.append(area)
            context = {"target": area.targets[0][0], "area": _lower_first(name)}
            phrases = " og ".join(target for target, _, _ in area.targets[:2])
            rows.append(
                {
                    "id": area.id,
                    "slug": slugs.make(name),
                    "status": PUBLISHED,
                    "name": name,
                    "parent_id": None if parent == "-" else ids[parent],
                    "summary": f"Metoder til {phrases}. " + writer.one_of(writer.summary, context),
                    "description": writer.html(writer.paragraphs(writer.general, context, 3)),
                    "ffb_terms": rng.sample(FFB_TERMS, rng.randint(1, 3)),
                }
                | self.timestamps()
            )
        self.insert(table, rows)
        return areas

    # -- methods ----------------------------------------------------------------------------------
    def all_methods(self, areas: list[_Area], municipality_ids: list[int]) -> range:
        rng = self.rng
        method_ids = self.ids(Method.__table__, self.methods)
        self.method_slugs = _Slugs(Method.__table__)
        self.names = {name.lower() for name in db.session.scalars(select(Method.__table__.c.name))}
        for start in range(0, self.methods, BATCH_SIZE):
            batch = method_ids[start : start + BATCH_SIZE]
            rows, aliases, area_links, municipality_links = [], [], [], []
            for method_id in batch:
                row, method_aliases, area_ids = self.method(method_id, areas)
                rows.append(row)
                for position, (kind, alias) in enumerate(method_aliases):
                    aliases.append({"method_id": method_id, "text": alias, "kind": kind, "position": position})
                area_links += [{"method_id": method_id, "intervention_area_id": a} for a in area_ids]
                chosen = rng.sample(municipality_ids, rng.randint(0, 10))
                municipality_links += [{"method_id": method_id, "municipality_id": m} for m in chosen]
            for alias, alias_id in zip(aliases, self.ids(MethodAlias.__table__, len(aliases)), strict=True):
                alias["id"] = alias_id
            self.insert(Method.__table__, rows)
            self.insert(MethodAlias.__table__, aliases)
            self.insert(method_area, area_links)
            self.insert(method_municipality, municipality_links)
            self.advance(len(batch))
        return method_ids

    def method(self, method_id: int, areas: list[_Area]) -> tuple[dict, list[tuple[str, str]], list[int]]:
        """A method row, its aliases (kind, text) and its 1-3 area ids."""
        rng, writer = self.rng, self.writer
        area = rng.choice(areas)
        name, aliases, compound, target = self.method_name(area)
        others = rng.sample(areas, rng.choice((0, 0, 1, 1, 2)))
        area_ids = list(dict.fromkeys([area.id] + [other.id for other in others]))
        context = {
            "name": name,
            "abbr": aliases[0][1] if len(aliases[0][1]) > 1 else name,
            "comp": compound.indefinite,
            "compd": compound.definite,
            "target": target[0],
            "area": _lower_first(area.name),
        }
        article, adjective = ("et", rng.choice(ADJECTIVES)[1]) if compound.neuter else ("en", rng.choice(ADJECTIVES)[0])
        summary = [f"{name} er {article} {adjective} {compound.indefinite} til {target[0]}."]
        summary += writer.some_of(writer.summary, context, 1, 2)
        paragraphs = writer.paragraphs(writer.method, context, rng.randint(3, 5))
        heading = (len(paragraphs) - 1, "I Danmark") if rng.random() < 0.3 else None
        level = rng.choices(EVIDENCE_KEYS, weights=EVIDENCE_VALUES)[0]
        assessed = review = None
        if level != "ikke-vurderet":
            assessed = date(2018, 1, 1) + timedelta(days=rng.randrange(3_200))
            review = assessed + timedelta(days=rng.choice((730, 1_095)))
        age_min, age_max = (None, None) if rng.random() < 0.15 else target[1:]
        network = rng.choice([word for word in NETWORKS if word not in target[0]])  # not "familier og deres familier"
        target_group = f"{_capitalise(target[0])} og deres {network}."
        also = [phrase for phrase, _, _ in area.targets if phrase != target[0]]
        if also and rng.random() < 0.4:
            target_group += f" Metoden kan også bruges til {rng.choice(also)}."
        core_elements = dict.fromkeys(writer.some_of(writer.core, context, 3, 6))
        row = {
            "id": method_id,
            "slug": self.method_slugs.make(name),
            "status": self.status(),
            "name": name,
            "summary": " ".join(summary),
            "description": writer.html(paragraphs, heading),
            "target_group": target_group,
            "age_min": age_min,
            "age_max": age_max,
            "ffb_terms": rng.sample(FFB_TERMS, rng.randint(0, 3)),
            "outcomes": self.outcomes(),
            "core_elements": list(core_elements),
            "evidence_level": level,
            "evidence_rationale": writer.sentence(writer.rationales[level], context),
            "assessed_on": assessed,
            "review_on": review,
            "contact": f"Metodecenteret, metodekonsulent for {context['area']}",
        } | self.timestamps()
        for column, templates in writer.implementation.items():
            # One sentence where two could contradict each other ("no manual" and "a Danish manual").
            most = 2 if column in ("training", "supervision", "cost") else 1
            row[column] = " ".join(writer.some_of(templates, context, 1, most))
        return row, aliases, area_ids

    def method_name(self, area: _Area) -> tuple[str, list[tuple[str, str]], _Compound, tuple]:
        """A unique name, its aliases (kind, text; the abbreviation first), and its compound and target group."""
        rng = self.rng
        for attempt in itertools.count():
            compound = rng.choice(area.compounds) if rng.random() < 0.7 else rng.choice(self.compounds)
            target = rng.choice(area.targets)
            adjective = rng.choice(ADJECTIVES)
            adjective_form = _capitalise(adjective[1] if compound.neuter else adjective[0])
            english = f"{adjective[3]} {compound.english}"
            parts = [compound.prefix, compound.head]  # the words the abbreviation is made of
            aliases = []
            roll = rng.random()
            if roll < 0.30:
                name = f"{adjective_form} {compound.indefinite}"
                parts = [adjective[0], *parts]
            elif roll < 0.55:
                name = f"{_capitalise(compound.indefinite)} til {target[0]}"
                parts += target[0].split()
            elif roll < 0.75:
                name = f"{adjective_form} {compound.indefinite} for {target[0]}"
                parts = [adjective[0], *parts, *target[0].split()]
            elif roll < 0.85:
                place = rng.choice(self.places)
                name = f"{place}-modellen for {compound.indefinite}"
                parts = [place, "model", *parts]
            else:  # an English name, as many imported methods have
                name, english = english, ""
                parts = name.replace("-", " ").split()
                if rng.random() < 0.4:
                    aliases.append(("alternativt navn", f"{adjective_form} {compound.indefinite}"))
            if attempt >= 30:  # the name space is large but not endless: number the rare leftovers
                name = f"{name} {attempt - 28}"
            if name.lower() not in self.names:
                break
        self.names.add(name.lower())
        aliases.insert(0, ("forkortelse", _initials(parts)))
        if english and rng.random() < 0.3:
            aliases.append(("engelsk navn", english))
        if rng.random() < 0.1:
            aliases.append(("tidligere navn", f"Projekt {_capitalise(compound.indefinite)}"))
        return name, aliases, compound, target

    def outcomes(self) -> list[str]:
        rng, outcomes = self.rng, []
        for _ in range(rng.randint(2, 5)):
            if rng.random() < 0.6:
                outcomes.append(f"{rng.choice(POSITIVE_OUTCOMES)} {rng.choice(POSITIVE_OBJECTS)}")
            else:
                word = rng.choice(("Færre", "Mindre"))
                outcomes.append(f"{word} {rng.choice(NEGATIVE_OUTCOMES[word])}")
        return list(dict.fromkeys(outcomes))

    # -- people and conferences -------------------------------------------------------------------
    def people(self) -> range:
        rng, table = self.rng, Person.__table__
        count = max(10, self.methods // 20)
        person_ids = self.ids(table, count)
        slugs = _Slugs(table)
        for start in range(0, count, BATCH_SIZE):
            rows = []
            for person_id in person_ids[start : start + BATCH_SIZE]:
                middle = f" {rng.choice(MIDDLE_NAMES)}" if rng.random() < 0.3 else ""
                name = f"{rng.choice(FIRST_NAMES)}{middle} {rng.choice(LAST_NAMES)}"
                organisation = f"{rng.choice(self.places)} Kommune" if rng.random() < 0.5 else rng.choice(ORGANISATIONS)
                rows.append(
                    {
                        "id": person_id,
                        "slug": slugs.make(name),
                        "status": self.status(),
                        "name": name,
                        "title": rng.choice(JOB_TITLES),
                        "organisation": organisation,
                        "note": "",
                    }
                    | self.timestamps()
                )
            self.insert(table, rows)
            db.session.commit()
        return person_ids

    def conferences(self, areas: list[_Area], method_ids: range, person_ids: range) -> None:
        count = max(2, self.methods // 50)
        conference_ids = self.ids(Conference.__table__, count)
        slugs = _Slugs(Conference.__table__)
        for start in range(0, count, CONFERENCE_BATCH_SIZE):
            batch = conference_ids[start : start + CONFERENCE_BATCH_SIZE]
            rows = _ConferenceRows()
            for conference_id in batch:
                self.conference(conference_id, slugs, areas, method_ids, person_ids, rows)
            # Programme items get their ids per batch; speakers and links point at the item rows until then.
            for item, item_id in zip(rows.items, self.ids(ProgrammeItem.__table__, len(rows.items)), strict=True):
                item["id"] = item_id
            speaker_ids = self.ids(ProgrammeItemSpeaker.__table__, len(rows.speakers))
            for speaker, speaker_id in zip(rows.speakers, speaker_ids, strict=True):
                speaker["id"] = speaker_id
                speaker["item_id"] = speaker.pop("item")["id"]
            for link in rows.item_areas + rows.item_methods:
                link["programme_item_id"] = link.pop("item")["id"]
            self.insert(Conference.__table__, rows.conferences)
            self.insert(ProgrammeItem.__table__, rows.items)
            self.insert(ProgrammeItemSpeaker.__table__, rows.speakers)
            self.insert(programme_item_area, rows.item_areas)
            self.insert(programme_item_method, rows.item_methods)
            self.advance(len(batch))

    def conference(self, conference_id, slugs, areas, method_ids, person_ids, rows: "_ConferenceRows") -> None:
        """Add one conference and its programme of 6-12 items to `rows`."""
        rng, writer = self.rng, self.writer
        area = rng.choice(areas)
        context = {"target": rng.choice(area.targets)[0], "area": _lower_first(area.name)}
        held_on = date(2010, 1, 1) + timedelta(days=rng.randrange(6_200))
        series = rng.choice(CONFERENCE_SERIES)
        theme = writer.one_of(writer.development_titles, context)
        if series == "Januarkonferencen":
            title = f"{series} {held_on.year}: {theme}"
        else:
            title = f"{series} om {_lower_first(theme)}"
        online = rng.random() < 0.15
        venue, address = ("", "") if online else rng.choice(VENUES)
        starts = minutes = rng.choice((8 * 60 + 30, 9 * 60, 9 * 60 + 30, 10 * 60, 12 * 60 + 30, 13 * 60))
        for position in range(rng.randint(6, 12)):
            kind = "plenum" if position == 0 else rng.choices(ITEM_KIND_KEYS, weights=ITEM_KIND_WEIGHTS)[0]
            _, lengths, role = ITEM_KINDS[kind]
            length = rng.choice(lengths)
            description = ""
            if kind != "break":
                description = writer.html([" ".join(writer.some_of(writer.general, context, 2, 3))])
            item = {
                "conference_id": conference_id,
                "position": position,
                "starts_at": _clock(minutes),
                "ends_at": _clock(minutes + length),
                "kind": kind,
                "title": writer.one_of(writer.item_titles[kind], context) if position else WELCOME,
                "description": description,
            }
            minutes += length
            rows.items.append(item)
            if kind != "break":
                for order, person_id in enumerate(rng.sample(person_ids, rng.randint(1, 3))):
                    speaker_role = "ordstyrer" if kind == "debate" and order == 0 else role
                    rows.speakers.append(
                        {"item": item, "person_id": person_id, "role": speaker_role, "position": order}
                    )
            for method_id in rng.sample(method_ids, min(len(method_ids), rng.choice((0, 0, 1, 1, 2)))):
                rows.item_methods.append({"item": item, "method_id": method_id})
            if rng.random() < 0.5:
                rows.item_areas.append({"item": item, "intervention_area_id": rng.choice(areas).id})
        paragraphs = writer.paragraphs(writer.conference_and_general, context, rng.randint(2, 3))
        deadline = held_on - timedelta(days=rng.randint(7, 21))
        rows.conferences.append(
            {
                "id": conference_id,
                "slug": slugs.make(title),
                "status": self.status(),
                "title": title,
                "subtitle": writer.one_of(writer.conference, context),
                "series": series,
                "theme": theme,
                "held_on": held_on,
                "start_time": _clock(starts),
                "end_time": _clock(minutes),
                "online": online,
                "venue": venue,
                "address": address,
                "audience": "{}, ledere og {} i kommuner og region.".format(*rng.sample(PROFESSIONS, 2)).capitalize(),
                "description": writer.html(paragraphs),
                "registration": f"Tilmelding senest {danish_date(deadline)} via Region Midtjyllands hjemmeside.",
                "source_notes": [],
            }
            | self.timestamps()
        )

    # -- framework agreements ---------------------------------------------------------------------
    def agreements(self, areas: list[_Area], method_ids: range) -> None:
        rng, writer = self.rng, self.writer
        agreement_ids = self.ids(FrameworkAgreement.__table__, len(AGREEMENT_START_YEARS))
        agreement_slugs, development_slugs = _Slugs(FrameworkAgreement.__table__), _Slugs(DevelopmentArea.__table__)
        agreements, developments, area_links, method_links = [], [], [], []
        for agreement_id, year in zip(agreement_ids, AGREEMENT_START_YEARS, strict=True):
            title = f"Rammeaftale {year}-{str(year + 1)[-2:]}"
            paragraphs = writer.paragraphs(writer.general, {}, rng.randint(2, 3))
            agreements.append(
                {
                    "id": agreement_id,
                    "slug": agreement_slugs.make(title),
                    "status": PUBLISHED,
                    "title": title,
                    "start_year": year,
                    "end_year": year + 1,
                    "summary": writer.one_of(writer.summary, {}),
                    "description": writer.html(paragraphs),
                }
                | self.timestamps()
            )
            current = year == AGREEMENT_START_YEARS[-1]
            for development_id in self.ids(DevelopmentArea.__table__, rng.randint(2, 4)):
                chosen = rng.sample(areas, rng.randint(1, 2))
                context = {"target": rng.choice(chosen[0].targets)[0], "area": _lower_first(chosen[0].name)}
                title = writer.one_of(writer.development_titles, context)
                developments.append(
                    {
                        "id": development_id,
                        "agreement_id": agreement_id,
                        "slug": development_slugs.make(title),
                        "status": self.status(),
                        "title": title,
                        "progress": rng.choice(DEVELOPMENT_PROGRESS) if current else "afsluttet",
                        "summary": writer.one_of(writer.summary, context),
                        "description": writer.html(writer.paragraphs(writer.general, context, 2)),
                    }
                    | self.timestamps()
                )
                area_links += [{"development_area_id": development_id, "intervention_area_id": a.id} for a in chosen]
                for method_id in rng.sample(method_ids, min(len(method_ids), rng.randint(2, 6))):
                    method_links.append({"development_area_id": development_id, "method_id": method_id})
        self.insert(FrameworkAgreement.__table__, agreements)
        self.insert(DevelopmentArea.__table__, developments)
        self.insert(development_area_area, area_links)
        self.insert(development_area_method, method_links)


@dataclass
class _ConferenceRows:
    """Rows for one batch of conferences; speakers and links hold their programme item row as "item"."""

    conferences: list[dict] = field(default_factory=list)
    items: list[dict] = field(default_factory=list)
    speakers: list[dict] = field(default_factory=list)
    item_areas: list[dict] = field(default_factory=list)
    item_methods: list[dict] = field(default_factory=list)


def _clock(minutes: int) -> time:
    """The time of day `minutes` after midnight; a long programme ends at 23.45 rather than the next day."""
    minutes = min(minutes, 23 * 60 + 45)
    return time(minutes // 60, minutes % 60)


def _advance_postgres_sequences(next_ids: dict[str, int]) -> None:
    """PostgreSQL hands out ids from sequences, which explicit ids do not move: move them past ours."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for table in next_ids:  # our own table names, never user input
        db.session.execute(
            text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))")
        )
