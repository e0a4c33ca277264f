"""Editing content: drafts, publishing, history, conflicts, redirects on rename and link integrity."""

import html
import re

import pytest

from kb.extensions import db
from kb.models import Method, Redirect, Revision
from tests import factories
from tests.accounts import csrf_token, signed_in_editor


def method_form(client, path, **fields):
    form = {
        "csrf_token": csrf_token(client, path),
        "name": "Tryghedscirklen",
        "summary": "Et kursus for forældre.",
        "evidence_level": "lovende",
    }
    form.update(fields)
    return form


def create_method(app, client, **fields):
    response = client.post("/redaktion/metoder/ny", data=method_form(client, "/redaktion/metoder/ny", **fields))
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def version_of(app, method_id):
    with app.app_context():
        return db.session.get(Method, method_id).version


def test_a_new_method_is_a_draft_and_not_public(app, editor_client):
    method_id = create_method(app, editor_client)
    with app.app_context():
        method = db.session.get(Method, method_id)
        assert method.status == "draft"
        assert method.slug == "tryghedscirklen"
    assert app.test_client().get("/metoder/tryghedscirklen").status_code == 404
    assert "Tryghedscirklen" not in app.test_client().get("/soeg?q=tryghedscirklen").get_data(as_text=True)
    assert editor_client.get(f"/redaktion/metoder/{method_id}/forhaandsvisning").status_code == 200


def test_publishing_makes_it_public_and_searchable(app, editor_client):
    method_id = create_method(app, editor_client)
    path = f"/redaktion/metoder/{method_id}"
    response = editor_client.post(
        f"{path}/status",
        data={
            "csrf_token": csrf_token(editor_client, path),
            "status": "published",
            "version": version_of(app, method_id),
        },
    )
    assert response.status_code == 302
    public = app.test_client()
    assert public.get("/metoder/tryghedscirklen").status_code == 200
    assert "Tryghedscirklen" in public.get("/soeg?q=tryghedscirklen").get_data(as_text=True)


def test_links_are_picked_by_name_and_unknown_names_are_explained(app, editor_client):
    with app.app_context():
        factories.area("Familier og forældre", slug="familier")
        factories.conference("Januarkonference", slug="januar")
        db.session.commit()
    method_id = create_method(app, editor_client, areas="Familier og forældre", conferences="januarkonference")
    with app.app_context():
        method = db.session.get(Method, method_id)
        assert [a.slug for a in method.areas] == ["familier"]
        assert [c.slug for c in method.conferences] == ["januar"]
    response = editor_client.post(
        "/redaktion/metoder/ny",
        data=method_form(editor_client, "/redaktion/metoder/ny", name="Anden metode", areas="Findes ikke"),
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Findes ikke: Findes ikke" in html
    assert "Anden metode" in html  # the editor's input is kept


def test_required_fields_and_bad_values_get_danish_messages_next_to_the_field(app, editor_client):
    response = editor_client.post(
        "/redaktion/metoder/ny",
        data=method_form(editor_client, "/redaktion/metoder/ny", name="", age_min="tolv", assessed_on="i går"),
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Skriv navn." in html
    assert "Skriv et helt tal." in html
    assert "Skriv datoen som ÅÅÅÅ-MM-DD" in html
    assert "tolv" in html  # kept


def test_renaming_keeps_old_addresses_working_with_one_301_hop(app, editor_client):
    method_id = create_method(app, editor_client)
    path = f"/redaktion/metoder/{method_id}"
    editor_client.post(
        f"{path}/status",
        data={
            "csrf_token": csrf_token(editor_client, path),
            "status": "published",
            "version": version_of(app, method_id),
        },
    )
    for new_name in ("Circle of Security", "Tryghedscirklen COS"):
        form = method_form(editor_client, path, name=new_name, version=version_of(app, method_id))
        assert editor_client.post(path, data=form).status_code == 302
    public = app.test_client()
    for old in ("/metoder/tryghedscirklen", "/metoder/circle-of-security"):
        response = public.get(old)
        assert response.status_code == 301
        assert response.headers["Location"].endswith("/metoder/tryghedscirklen-cos")
    with app.app_context():
        assert db.session.query(Redirect).count() == 2


def test_a_second_save_from_an_old_version_is_refused_and_both_texts_are_kept(app, editor_client):
    method_id = create_method(app, editor_client)
    path = f"/redaktion/metoder/{method_id}"
    old_version = version_of(app, method_id)
    first = method_form(editor_client, path, summary="Første redaktørs tekst.", version=old_version)
    assert editor_client.post(path, data=first).status_code == 302
    second = method_form(editor_client, path, summary="Anden redaktørs tekst.", version=old_version)
    response = editor_client.post(path, data=second)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Din ændring er ikke gemt" in html
    assert "Anden redaktørs tekst." in html and "Første redaktørs tekst." in html
    with app.app_context():
        assert db.session.get(Method, method_id).summary == "Første redaktørs tekst."


def test_every_save_stores_a_revision_that_can_be_compared_and_restored(app, editor_client):
    method_id = create_method(app, editor_client, summary="Version et.")
    path = f"/redaktion/metoder/{method_id}"
    form = method_form(editor_client, path, summary="Version to.", version=version_of(app, method_id), comment="Rettet")
    editor_client.post(path, data=form)
    history = editor_client.get(f"{path}/historik").get_data(as_text=True)
    assert "Rettet" in history and "Rikke Redaktør" in history
    compare = editor_client.get(f"{path}/sammenlign?a=1&b=2").get_data(as_text=True)
    assert "<del>et.</del>" in compare and "<ins>to.</ins>" in compare
    response = editor_client.post(
        f"{path}/gendan/1", data={"csrf_token": csrf_token(editor_client, path), "version": version_of(app, method_id)}
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Method, method_id).summary == "Version et."
        numbers = [r.number for r in db.session.query(Revision).filter_by(content_id=method_id)]
        assert sorted(numbers) == [1, 2, 3]


def test_archiving_an_item_others_link_to_asks_first(app, editor_client):
    with app.app_context():
        area = factories.area("Hjemløshed", slug="hjem")
        method = factories.method("Housing First", slug="hf")
        conference = factories.conference("Konference", slug="konf")
        conference.methods = [method]
        method.areas = [area]
        db.session.commit()
        method_id = method.id
    path = f"/redaktion/metoder/{method_id}"
    response = editor_client.post(
        f"{path}/status",
        data={
            "csrf_token": csrf_token(editor_client, path),
            "status": "archived",
            "version": version_of(app, method_id),
        },
    )
    assert response.status_code == 409
    assert "Konference" in response.get_data(as_text=True)
    response = editor_client.post(
        f"{path}/status",
        data={
            "csrf_token": csrf_token(editor_client, path),
            "status": "archived",
            "confirmed": "ja",
            "version": version_of(app, method_id),
        },
    )
    assert response.status_code == 302
    gone = app.test_client().get("/metoder/hf")
    assert gone.status_code == 410  # the old address explains that the method was archived
    assert "»Housing First« er ikke længere offentligt tilgængeligt" in gone.get_data(as_text=True)


def test_deleting_shows_what_links_here_and_needs_confirmation(app):
    editor_client = signed_in_editor(app, "chef@example.dk", role="admin")  # only administrators delete for good
    with app.app_context():
        area = factories.area("Rusmidler", slug="rus")
        method = factories.method("Minnesota", slug="minnesota")
        method.areas = [area]
        db.session.commit()
        area_id = area.id
    page = editor_client.get(f"/redaktion/indsatsomraader/{area_id}/slet").get_data(as_text=True)
    assert "Minnesota" in page
    response = editor_client.post(
        f"/redaktion/indsatsomraader/{area_id}/slet",
        data={"csrf_token": csrf_token(editor_client, f"/redaktion/indsatsomraader/{area_id}/slet"), "confirmed": "ja"},
    )
    assert response.status_code == 302
    assert app.test_client().get("/indsatsomraader/rus").status_code == 404


def test_rich_text_is_sanitised_on_save(app, editor_client):
    method_id = create_method(
        app, editor_client, description='<h3>Om</h3><p onclick="x()">Tekst<script>alert(1)</script></p>'
    )
    with app.app_context():
        description = db.session.get(Method, method_id).description
    assert description == "<h3>Om</h3><p>Tekst</p>"


def test_extra_fields_such_as_status_have_no_effect_on_save(app, editor_client):
    method_id = create_method(app, editor_client, status="published", slug="hacked", version="99")
    with app.app_context():
        method = db.session.get(Method, method_id)
        assert (method.status, method.slug, method.version) == ("draft", "tryghedscirklen", 1)


def test_the_dashboard_shows_awaiting_approval_overdue_reviews_and_recent_changes(app, editor_client):
    from datetime import date

    with app.app_context():
        factories.method("Forfalden", slug="forfalden", review_on=date(2020, 1, 1))
        factories.method("Venter", slug="venter", status="review")
        db.session.commit()
    create_method(app, editor_client)
    html = editor_client.get("/redaktion/").get_data(as_text=True)
    assert "Forfalden" in html and "Venter" in html and "Tryghedscirklen" in html


def test_a_conference_programme_and_outputs_are_edited_as_lines_with_history(app, editor_client):
    with app.app_context():
        factories.person("Knud Aarup", slug="knud-aarup")
        conference = factories.conference("Januarkonference", slug="januar")
        factories.programme_item(conference, "Gammelt punkt")
        db.session.commit()
        conference_id = conference.id
    path = f"/redaktion/konferencer/{conference_id}"
    page = editor_client.get(path).get_data(as_text=True)
    assert "Gammelt punkt" in page
    from kb.models import Conference

    with app.app_context():
        version = db.session.get(Conference, conference_id).version
    form = {
        "csrf_token": csrf_token(editor_client, path),
        "version": version,
        "title": "Januarkonference",
        "held_on": "2015-01-12",
        "items": "16:00-16:15 | plenum | Velkomst | Knud Aarup (vært)\n16:15 | talk | Vi skal gøre det, vi ved virker",
        "outputs": "presentation | Slides | https://example.dk/slides.pdf | Vi skal gøre det, vi ved virker",
    }
    response = editor_client.post(path, data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with app.app_context():
        conference = db.session.get(Conference, conference_id)
        assert [item.title for item in conference.items] == ["Velkomst", "Vi skal gøre det, vi ved virker"]
        assert conference.items[0].speakers[0].person.name == "Knud Aarup"
        assert conference.outputs[0].programme_item.title == "Vi skal gøre det, vi ved virker"
    bad = dict(
        form, csrf_token=csrf_token(editor_client, path), version=version + 1, items="16:00 | talk | X | Ukendt Person"
    )
    response = editor_client.post(path, data=bad)
    assert response.status_code == 422
    assert "Personen findes ikke: Ukendt Person" in response.get_data(as_text=True)


def test_uploads_are_checked_by_content_and_served_as_downloads(app, editor_client, tmp_path):
    import io

    app.config["KB_UPLOAD_DIR"] = str(tmp_path / "uploads")
    with app.app_context():
        conference = factories.conference("Januarkonference", slug="januar")
        db.session.commit()
        conference_id = conference.id
    path = f"/redaktion/konferencer/{conference_id}"
    fake = {
        "csrf_token": csrf_token(editor_client, path),
        "title": "Slides",
        "kind": "presentation",
        "file": (io.BytesIO(b"<script>alert(1)</script>"), "slides.pdf"),
    }
    response = editor_client.post(f"{path}/filer", data=fake, content_type="multipart/form-data", follow_redirects=True)
    assert "Filtypen kan ikke uploades" in response.get_data(as_text=True)
    real = {
        "csrf_token": csrf_token(editor_client, path),
        "title": "Slides",
        "kind": "presentation",
        "file": (io.BytesIO(b"%PDF-1.7\n%test\n"), "Slides fra oplæg.pdf"),
    }
    response = editor_client.post(f"{path}/filer", data=real, content_type="multipart/form-data")
    assert response.status_code == 302
    from kb.models import Conference

    with app.app_context():
        output = db.session.get(Conference, conference_id).outputs[0]
        url = output.url
    download = app.test_client().get(url)
    assert download.status_code == 200
    assert download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert not str(tmp_path / "uploads").startswith(str(app.static_folder))


def test_prioritisation_results_are_edited_as_lines_and_linked_to_known_areas(app, editor_client):
    from kb.models import Conference

    with app.app_context():
        factories.area("Hjemløshed", slug="hjemloeshed")
        conference = factories.conference("Januarkonference", slug="januar")
        db.session.commit()
        conference_id, version = conference.id, conference.version
    path = f"/redaktion/konferencer/{conference_id}"
    form = {
        "csrf_token": csrf_token(editor_client, path),
        "version": version,
        "title": "Januarkonference",
        "held_on": "2015-01-12",
        "prioritisation": "Runde 1 | hjemløshed | 7\nRunde 1 | Et område uden side | 3\nRunde 2 | Hjemløshed | 4",
        "prioritisation_note": "Tallene er foreløbige.",
    }
    assert editor_client.post(path, data=form).status_code == 302
    with app.app_context():
        conference = db.session.get(Conference, conference_id)
        rows = [
            (r.round_label, r.area_label, r.area.slug if r.area else None, r.votes) for r in conference.prioritisation
        ]
        assert rows == [
            ("Runde 1", "Hjemløshed", "hjemloeshed", 7),
            ("Runde 1", "Et område uden side", None, 3),
            ("Runde 2", "Hjemløshed", "hjemloeshed", 4),
        ]
        assert conference.prioritisation_note == "Tallene er foreløbige."
        version = conference.version
    assert "Runde 1 | Hjemløshed | 7" in editor_client.get(path).get_data(as_text=True)

    for bad_lines, message in [
        ("Runde 1 | Hjemløshed | syv", "skal være et helt tal fra 0 til 100000"),
        ("Runde 1 | Hjemløshed | -2", "skal være et helt tal"),
        ("Runde 1 | Hjemløshed", "skal have formen"),
        ("Runde 1 | Hjemløshed | 2\nRunde 1 | hjemløshed | 3", "står to gange i"),
    ]:
        response = editor_client.post(
            path, data=dict(form, csrf_token=csrf_token(editor_client, path), version=version, prioritisation=bad_lines)
        )
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        assert message in page
        assert bad_lines.splitlines()[0] in page  # what the editor typed is kept


def test_programme_items_link_to_methods_areas_and_development_areas_by_name(app, editor_client):
    from kb.models import Conference

    with app.app_context():
        factories.method("Housing First", slug="housing-first")
        factories.area("Borgere med komplekse udfordringer", slug="komplekse")
        agreement = factories.agreement(slug="aftale")
        factories.development_area(agreement, "Borgere med komplekse udfordringer", slug="komplekse-udvikling")
        conference = factories.conference("Januarkonference", slug="januar")
        db.session.commit()
        conference_id = conference.id
    path = f"/redaktion/konferencer/{conference_id}"

    def save(items):
        with app.app_context():
            version = db.session.get(Conference, conference_id).version
        form = {"csrf_token": csrf_token(editor_client, path), "version": version, "title": "Januarkonference"}
        return editor_client.post(path, data=dict(form, held_on="2015-01-12", items=items))

    response = save(
        "16:00 | talk | Oplæg | | | housing first; område: Borgere med komplekse udfordringer\n"
        "16:30 | workshop | Workshop | | Om nye tilbud. | udviklingsområde: borgere med komplekse udfordringer"
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    with app.app_context():
        first, second = db.session.get(Conference, conference_id).items
        assert [m.slug for m in first.methods] == ["housing-first"]
        assert [a.slug for a in first.areas] == ["komplekse"]
        assert [d.slug for d in second.development_areas] == ["komplekse-udvikling"]
    form_text = editor_client.get(path).get_data(as_text=True)
    assert "metode: Housing First; område: Borgere med komplekse udfordringer" in form_text
    public = app.test_client().get("/konferencer/januar").get_data(as_text=True)
    assert 'href="/metoder/housing-first"' in public

    for items, message in [
        ("16:00 | talk | Oplæg | | | Borgere med komplekse udfordringer", "er både område og udviklingsområde"),
        ("16:00 | talk | Oplæg | | | bog: Housing First", 'Ukendt slags "bog"'),
        ("16:00 | talk | Oplæg | | | metode: Findes ikke", "Findes ikke: Findes ikke"),
        ("16:00 | talk | Oplæg | | | | for meget", "skal have formen"),
    ]:
        response = save(items)
        assert response.status_code == 422
        assert message in html.unescape(response.get_data(as_text=True))


@pytest.mark.parametrize(
    "slug",
    [
        "januarkonference-2015",
        "vidensbaseret-socialpolitik-og-praksis-2016",
        "dassos-temadag-maal-2019",
        "kkr-konference-2021",
    ],
)
def test_saving_a_seeded_conference_unchanged_keeps_its_programme_links_and_results(seeded_app, slug):
    from kb import content
    from kb.models import Conference
    from kb.services.editing.fields import snapshot

    client = signed_in_editor(seeded_app)
    with seeded_app.app_context():
        conference = db.session.query(Conference).filter_by(slug=slug).one()
        conference_id, before = conference.id, snapshot(content.kind("conference"), conference)
    path = f"/redaktion/konferencer/{conference_id}"
    page = client.get(path).get_data(as_text=True)
    form = {"csrf_token": csrf_token(client, path)}
    for name, value in re.findall(r'<input[^>]+name="([a-z_]+)"[^>]+value="([^"]*)"', page):
        form.setdefault(name, html.unescape(value))
    for name, value in re.findall(r'<textarea[^>]+name="([a-z_]+)"[^>]*>(.*?)</textarea>', page, re.S):
        form[name] = html.unescape(value)
    for name in re.findall(r'<input[^>]+type="checkbox"[^>]+name="([a-z_]+)"[^>]+checked', page):
        form[name] = "on"
    response = client.post(path, data=form)
    assert response.status_code == 302, html.unescape(response.get_data(as_text=True))[-3000:]
    with seeded_app.app_context():
        after = snapshot(content.kind("conference"), db.session.get(Conference, conference_id))
    assert after == before


@pytest.mark.parametrize(
    "field, line, form",
    [
        ("aliases", "MST | forkortelse | for meget", '"navn | slags"'),
        ("evidence_sources", " | https://www.example.dk", '"titel | link"'),
        ("external_ratings", "CEBC | 1 | https://www.example.dk | for meget", '"kilde | vurdering | link"'),
    ],
)
def test_a_malformed_line_of_names_sources_or_ratings_is_explained_in_danish(editor_client, field, line, form):
    response = editor_client.post(
        "/redaktion/metoder/ny", data=method_form(editor_client, "/redaktion/metoder/ny", **{field: line})
    )
    assert response.status_code == 422
    page = html.unescape(response.get_data(as_text=True))
    assert f"skal have formen {form}" in page
    assert line.strip() in page  # what the editor typed is kept


def test_programme_and_output_kinds_are_written_and_read_in_danish(app, editor_client):
    from kb.models import Conference

    with app.app_context():
        conference = factories.conference("Januarkonference", slug="januar")
        db.session.commit()
        conference_id, version = conference.id, conference.version
    path = f"/redaktion/konferencer/{conference_id}"
    form = {
        "csrf_token": csrf_token(editor_client, path),
        "version": version,
        "title": "Januarkonference",
        "held_on": "2015-01-12",
        "items": "16:00 | Oplæg | Vi skal gøre det, vi ved virker\n16:30 | pause | Kaffe",
        "outputs": "præsentation | Slides | https://example.dk/slides.pdf | Vi skal gøre det, vi ved virker",
    }
    response = editor_client.post(path, data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with app.app_context():
        conference = db.session.get(Conference, conference_id)
        assert [item.kind for item in conference.items] == ["talk", "break"]
        assert [output.kind for output in conference.outputs] == ["presentation"]
    page = html.unescape(editor_client.get(path).get_data(as_text=True))
    assert "16:00 | oplæg | Vi skal gøre det, vi ved virker" in page
    assert "præsentation | Slides |" in page

    for field, line in [("items", "16:00 | foredrag | Oplæg"), ("outputs", "slides | Slides")]:
        response = editor_client.post(
            path, data=dict(form, csrf_token=csrf_token(editor_client, path), version=version + 1, **{field: line})
        )
        assert response.status_code == 422
        page = html.unescape(response.get_data(as_text=True))
        assert "Brug: plenum, oplæg, workshop" in page or "Brug: præsentation, video" in page
        assert not re.search(r"Brug: [^.]*\b(talk|presentation|notes)\b", page)
        assert line in page
