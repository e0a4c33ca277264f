"""Word lists and sentence templates for synthetic content: the vocabulary of the specialised social area."""


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
