"""Compound words split into parts the index itself knows, and a search that relaxes step by step
instead of ending in an empty page."""

from kb.search import SearchRequest, search
from kb.search.analysis import HAND_SPLITTER, CompoundSplitter, stem

# (typed compound, items a practitioner would accept); the first three are issue 13's examples.
COMPOUNDS = [
    ("aggressionsbehandling", {"method:aggression-replacement-training", "area:adfaerdsproblemer"}),
    ("konfliktnedtrapning", {"method:low-arousal"}),
    ("traumebehandling", {"method:kognitiv-adfaerdsterapi"}),
    ("angstforløb", {"method:cool-kids", "area:angst-og-mistrivsel"}),
    ("misbrugsbehandling", {"area:rusmidler", "method:minnesota-behandling"}),
    ("vredeskontrol", {"method:aggression-replacement-training"}),
    ("følelsesregulering", {"method:dialektisk-adfaerdsterapi", "method:low-arousal"}),
    ("hjerneskaderehabilitering", {"method:holistisk-neuropsykologisk-rehabilitering"}),
    ("jobkonsulent", {"method:individual-placement-and-support"}),
    ("forældreprogram", {"method:parent-management-training-oregon", "method:de-utrolige-aar"}),
    ("alkoholproblemer", {"method:familieorienteret-alkoholbehandling"}),
    ("konfliktforebyggelse", {"method:low-arousal"}),
    ("netværksmøde", {"method:familieraadslagning", "method:aaben-dialog"}),
    ("forældregrupper", {"method:de-utrolige-aar"}),
    ("skoleadfærd", {"method:pals"}),
    ("gruppeforløb", {"method:aggression-replacement-training", "method:cool-kids"}),
    ("hjemmebehandling", {"method:multisystemisk-terapi", "method:assertive-community-treatment"}),
    ("rusmiddelbehandling", {"area:rusmidler", "method:minnesota-behandling"}),
    ("tilknytningsforløb", {"method:tryghedscirklen"}),
    ("mentorforløb", {"method:mentorstoette"}),
    ("videooptagelser", {"method:marte-meo"}),
    ("stofmisbrugsbehandling", {"area:rusmidler"}),
    ("kriminalitetsforebyggelse", {"method:multisystemisk-terapi", "method:funktionel-familieterapi"}),
    ("krisehåndtering", {"method:aaben-dialog", "method:dialektisk-adfaerdsterapi"}),
    ("boligløshed", {"method:housing-first", "area:hjemloeshed"}),
]


def top_five(app, query: str) -> list[str]:
    with app.test_request_context():
        return [f"{hit.type}:{hit.slug}" for hit in search(SearchRequest(query=query, per_page=5)).hits]


def test_compound_words_not_on_the_hand_list_find_the_relevant_items_in_the_top_five(seeded_app):
    misses = {}
    for query, expected in COMPOUNDS:
        found = top_five(seeded_app, query)
        if not expected & set(found):
            misses[query] = found
    assert not misses


def test_the_split_with_the_best_known_parts_wins_and_linking_letters_are_allowed():
    known = {"aggression": 3, "behandling": 9, "traumer": 1, "nedtrappe": 1}
    splitter = CompoundSplitter({stem(word): documents for word, documents in known.items()})
    assert splitter.pieces("aggressionsbehandling") == ("aggression", "behandling")
    assert splitter.split("traumebehandling") == (stem("traumer"), stem("behandling"))
    # A verbal noun in -ning is known through its verb.
    assert splitter.split("nedtrapningsbehandling")[0] == stem("nedtrappe")
    # A word the index does not know in parts stays whole.
    assert splitter.split("aggressionsqwxz") == ()


def test_the_hand_list_keeps_its_parts_known_and_its_exceptions_whole():
    assert HAND_SPLITTER.pieces("familieterapi") == ("familie", "terapi")
    assert HAND_SPLITTER.pieces("døgnværksted") == ()  # "værksted" is neither listed nor learned
    learned = CompoundSplitter({stem("fælles"): 5, stem("skabe"): 5, stem("værksted"): 2})
    assert learned.pieces("døgnværksted") == ("døgn", "værksted")  # a listed part meets a learned one
    assert learned.split("fællesskab") == ()  # "!fællesskab": -skab is not "skabe"


def test_when_no_item_has_all_the_parts_the_page_says_which_parts_it_shows(seeded_client):
    html = seeded_client.get("/soeg?q=krisehåndtering").get_data(as_text=True)
    assert "Ingen resultater for alle ordene – viser resultater for" in html
    assert "»krise«" in html
    assert "Åben Dialog" in html


def test_when_no_item_has_every_word_the_page_names_the_words_it_found(seeded_client):
    html = seeded_client.get("/soeg?q=angst+qwxzv").get_data(as_text=True)
    assert "Ingen resultater for alle ordene – viser resultater for »angst«." in html


def test_mente_du_proposes_known_parts_of_an_unknown_compound(seeded_client):
    html = seeded_client.get("/soeg?q=krisehåndtering").get_data(as_text=True)
    assert "Mente du" in html and "q=krise" in html


def test_only_a_query_related_to_nothing_gives_an_empty_page_with_ways_to_browse(seeded_client):
    html = seeded_client.get("/soeg?q=qwxzv+zzyzx").get_data(as_text=True)
    assert "Vi fandt ikke noget" in html
    assert "/indsatsomraader" in html and "/metoder" in html
