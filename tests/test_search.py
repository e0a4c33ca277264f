"""Danish full-text search: language handling, ranking, drafts, and the index following every change."""

import pytest

from kb.extensions import db
from kb.search import SearchRequest, check, rebuild, search, suggest
from kb.services.synonyms import add_group
from tests import factories


def slugs(app, query, **filters):
    with app.test_request_context():
        return [hit.slug for hit in search(SearchRequest(query=query, **filters)).hits]


@pytest.fixture
def library(app):
    """A handful of methods and an area, committed (and so indexed through the outbox)."""
    with app.app_context():
        homeless = factories.area("Hjemløshed", slug="hjemloeshed", summary="Indsatser for hjemløse borgere.")
        brain = factories.area("Erhvervet hjerneskade", slug="erhvervet-hjerneskade")
        mst = factories.method(
            "Multisystemisk Terapi",
            slug="mst",
            aliases=["MST"],
            summary="Intensiv behandling i hjemmet for unge med alvorlige adfærdsproblemer.",
            description="<p>Terapeuten arbejder med forældrene, skolen og netværket.</p>",
            age_min=12,
            age_max=17,
            evidence_level="moderat",
        )
        fft = factories.method(
            "Funktionel familieterapi",
            slug="fft",
            aliases=["FFT"],
            summary="Kortvarig familiebehandling for unge og deres familier.",
            age_min=11,
            age_max=18,
            evidence_level="moderat",
        )
        duaa = factories.method(
            "De Utrolige År",
            slug="de-utrolige-aar",
            aliases=["DUÅ", "Incredible Years"],
            summary="Forældretræning i grupper for forældre til børn med adfærdsproblemer.",
            age_min=3,
            age_max=12,
            evidence_level="staerk",
        )
        housing = factories.method(
            "Housing First",
            slug="housing-first",
            summary="Hjemløse borgere får en varig bolig og støtte i hjemmet.",
            age_min=18,
            evidence_level="staerk",
        )
        housing.areas = [homeless]
        neuro = factories.method(
            "Neuropædagogik", slug="neuropaedagogik", summary="Pædagogik for mennesker med en hjerneskade."
        )
        neuro.areas = [brain]
        dialogue = factories.method(
            "Åben Dialog", slug="aaben-dialog", summary="Netværksmøder ved psykiske kriser.", evidence_level="lovende"
        )
        kat = factories.method(
            "Kognitiv adfærdsterapi", slug="kognitiv-adfaerdsterapi", aliases=["KAT"], summary="Samtalebehandling."
        )
        factories.method(
            "Passing mention",
            slug="passing",
            summary="En metode, der ikke handler om terapi.",
            description="<p>Nævner i forbifarten multisystemisk terapi.</p>",
        )
        factories.method("Rolig stemme", slug="konflikt", summary="Personalet lærer at håndtere konflikter.")
        db.session.commit()
        assert {mst, fft, duaa, housing, neuro, dialogue, kat}
    return app


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("multisystemisk terapi", "mst"),
        ("MULTISYSTEMISK TERAPI", "mst"),
        ("multisystemsk terapi", "mst"),  # typo in a long word
        ("MST", "mst"),  # abbreviation → full name
        ("mst", "mst"),
        ("DUÅ", "de-utrolige-aar"),
        ("duaa", "de-utrolige-aar"),  # å typed as aa
        ("incredible years", "de-utrolige-aar"),
        ("KAT", "kognitiv-adfaerdsterapi"),
        ("forældretræning", "de-utrolige-aar"),
        ("foraeldretraening", "de-utrolige-aar"),  # æ typed as ae
        ("hjemløse", "housing-first"),
        ("hjemloese", "housing-first"),  # ø typed as oe
        ("aaben dialog", "aaben-dialog"),
        ("åben dialog", "aaben-dialog"),
        ("familieterapi", "fft"),  # part of a compound: "Funktionel familieterapi"
        ("familie", "fft"),  # "familiebehandling" holds "familie"
        ("hjerneskade", "neuropaedagogik"),
        ("familieterapien", "fft"),  # inflected
        ("samtalebehandle", "kognitiv-adfaerdsterapi"),  # a verb finds its verbal noun ("-behandling")
        ("konflikthåndtering", "konflikt"),  # a verbal noun finds its verb: "håndtere konflikter"
    ],
)
def test_practitioner_queries_find_the_method_first_or_near_the_top(library, query, expected):
    found = slugs(library, query)
    assert expected in found[:3], found


def test_a_name_match_outranks_a_passing_mention(library):
    found = slugs(library, "multisystemisk terapi")
    assert found.index("mst") < found.index("passing")


def test_when_no_item_has_every_word_more_of_the_words_beat_a_strong_single_word(library):
    # "kognitiv" is only in a title (the strongest field); Housing First has "bolig" and "hjemløse".
    assert slugs(library, "kognitiv bolig hjemløse")[0] == "housing-first"


def test_synonyms_editors_add_take_effect(library):
    assert "housing-first" not in slugs(library, "gadesovende")
    with library.app_context():
        add_group(["hjemløs", "gadesovende"])
    from kb.search.query import forget_synonyms

    forget_synonyms()
    assert "housing-first" in slugs(library, "gadesovende")


def test_a_misspelt_query_that_finds_little_gets_a_suggestion(library):
    with library.test_request_context():
        results = search(SearchRequest(query="neuropædagogok xyz"))
    assert results.suggestion is not None
    assert "neuropædagogik" in results.suggestion


def test_snippets_highlight_the_matched_words_and_escape_content(app):
    with app.app_context():
        factories.method("Skadelig", slug="skadelig", summary="Angst <script>alert(1)</script> hos børn.")
        db.session.commit()
    with app.test_request_context():
        hit = search(SearchRequest(query="angst")).hits[0]
    assert "<mark>Angst</mark>" in hit.snippet
    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet


def test_facets_count_hits_and_filters_combine_with_the_query(library):
    with library.test_request_context():
        results = search(SearchRequest(query="unge"))
        evidence = {value.key: value.count for value in results.facets["evidence"]}
        assert evidence.get("moderat") == 2
        types = {value.key: value.count for value in results.facets["type"]}
        assert types.get("method", 0) >= 2
        filtered = search(SearchRequest(query="unge", target_group="unge-voksne"))
    # Unge voksne are 18-29 years: FFT (11-18) overlaps, MST (12-17) does not.
    assert [hit.slug for hit in filtered.hits] == ["fft"]
    assert filtered.total == 1 < results.total
    target_groups = {value.key: value.count for value in filtered.facets["target_group"]}
    assert target_groups["unge"] == 2  # a facet's counts ignore its own filter, so choices can change


def test_area_filter_includes_methods_of_the_area(library):
    assert slugs(library, "bolig", area="hjemloeshed") == ["housing-first"]


def test_pagination_splits_hits(library):
    with library.test_request_context():
        first = search(SearchRequest(query="unge familie forældre hjemløse", per_page=1, page=1))
        second = search(SearchRequest(query="unge familie forældre hjemløse", per_page=1, page=2))
    assert first.total == second.total >= 2
    assert first.hits[0].slug != second.hits[0].slug


@pytest.mark.parametrize("status", ["draft", "review", "archived"])
def test_unpublished_content_never_appears_in_search_or_suggestions(app, status):
    with app.app_context():
        factories.method("Hemmelig Hjælp", slug="hemmelig", status=status, summary="Skjult hjælp.")
        db.session.commit()
    assert slugs(app, "hemmelig") == []
    with app.test_request_context():
        assert suggest("hemme") == []


def test_publishing_and_unpublishing_updates_the_index_at_once(app):
    with app.app_context():
        method = factories.method("Tryghedscirklen", slug="tryghed", status="draft")
        db.session.commit()
        assert slugs(app, "tryghedscirklen") == []
        method.status = "published"
        db.session.commit()
        assert slugs(app, "tryghedscirklen") == ["tryghed"]
        method.name = "Circle of Security"
        db.session.commit()
        assert slugs(app, "circle security") == ["tryghed"]
        method.status = "archived"
        db.session.commit()
        assert slugs(app, "circle security") == []


def test_changing_an_alias_or_an_area_name_reindexes_the_method(library):
    with library.app_context():
        from kb.models import InterventionArea, Method, MethodAlias

        method = db.session.scalar(db.select(Method).where(Method.slug == "housing-first"))
        method.aliases.append(MethodAlias(text="BoligFørst", kind="alternativt navn"))
        area = db.session.scalar(db.select(InterventionArea).where(InterventionArea.slug == "hjemloeshed"))
        area.name = "Husvildhed"
        db.session.commit()
    assert "housing-first" in slugs(library, "boligfoerst")
    assert "housing-first" in slugs(library, "husvildhed")


def test_deleting_an_item_removes_it_from_the_index(library):
    with library.app_context():
        from kb.models import Method

        db.session.delete(db.session.scalar(db.select(Method).where(Method.slug == "housing-first")))
        db.session.commit()
        assert check().count == 0
    assert "housing-first" not in slugs(library, "housing first")


def test_suggestions_complete_names_and_aliases_as_you_type(library):
    with library.test_request_context():
        assert [s.title for s in suggest("multi")][:1] == ["Multisystemisk Terapi"]
        assert "De Utrolige År" in [s.title for s in suggest("incred")]
        assert "Åben Dialog" in [s.title for s in suggest("åb")]
        assert suggest("m") == []


def test_check_index_reports_missing_stale_and_extra_documents(library):
    from kb.search.sync import store

    with library.app_context():
        assert check().count == 0
        index = store().open()
        writer = index.writer()
        writer.delete_by_term("key", next(iter(_keys(index, "method"))))
        writer.add_document(key="method:99999", type="method", slug="ghost", title="Ghost", fingerprint="x")
        writer.commit()
        differences = check()
        assert differences.missing and differences.extra == ["method:99999"]
        rebuild()
        assert check().count == 0


def _keys(index, kind):
    with index.searcher() as searcher:
        return [fields["key"] for fields in searcher.all_stored_fields() if fields["type"] == kind]


def test_rebuild_swaps_in_a_new_generation_while_the_old_one_answers(library):
    from kb.search.sync import store

    with library.app_context():
        before = store().current_path()
        assert "mst" in slugs(library, "mst")
        written = rebuild()
        after = store().current_path()
    assert written >= 8
    assert before != after and before.exists()
    assert "mst" in slugs(library, "mst")


def test_unsearchable_queries_give_empty_results_not_errors(library):
    for query in ['"', "AND", "*", "(", ")", "OR NOT", "og i på", "\x00\x01", "?" * 300, "a" * 5000]:
        with library.test_request_context():
            results = search(SearchRequest(query=query))
        # None of them holds a word any item in the library has: an empty, well-formed answer.
        assert (results.total, results.hits, results.pages) == (0, [], 1), query
