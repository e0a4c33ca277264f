"""The content registry: a kind declared once in kb.content is edited, searched and listed everywhere.

The throwaway kind "recipe" has its own model (on its own metadata, so the real schema and migrations
never see it), a table created in the test's database and a public page added to the test's app. Nothing
else in kb/ is touched: the editor's list, search and the sitemap find it through the registry alone.
"""

from flask import abort
from sqlalchemy import String, Text, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from kb import content
from kb.content import ContentKind, Field
from kb.extensions import db
from kb.models.base import ContentMixin
from kb.search import SearchRequest, search
from tests.accounts import csrf_token, signed_in_editor


class ThrowawayBase(DeclarativeBase):
    """A metadata of its own: the throwaway table never joins the application's schema."""


class Recipe(ContentMixin, ThrowawayBase):
    """A content type that exists only in this test."""

    __tablename__ = "test_recipe"
    name: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")


def recipe_document(recipe: Recipe) -> dict:
    return {"title": recipe.name, "summary": recipe.summary}


RECIPE = ContentKind(
    key="recipe",
    model=Recipe,
    singular="opskrift",
    plural="Opskrifter",
    title_field="name",
    public_endpoint="recipe_detail",
    url_segment="opskrifter",
    fields=(
        Field("name", "Navn", "text", required=True, max_length=200),
        Field("summary", "Kort resumé", "textarea", required=True),
    ),
    document=recipe_document,
    sitemap=True,
)


def recipe_detail(slug):
    recipe = db.session.scalar(select(Recipe).where(Recipe.slug == slug, Recipe.status == "published"))
    return recipe.name if recipe is not None else abort(404)


def test_a_kind_registered_once_is_in_the_editor_list_search_results_and_sitemap(app):
    app.add_url_rule("/opskrifter/<slug>", "recipe_detail", recipe_detail)
    with app.app_context():
        ThrowawayBase.metadata.create_all(db.engine)
    content.register(RECIPE)
    try:
        editor = signed_in_editor(app)
        token = csrf_token(editor, "/redaktion/opskrifter/ny")
        form = {"name": "Rugbrødsgrød", "summary": "Gammel opskrift på grød af rugbrød og øl.", "csrf_token": token}
        created = editor.post("/redaktion/opskrifter/ny", data=form)
        assert created.status_code == 302
        item_path = created.location
        published = editor.post(
            f"{item_path}/status", data={"status": "published", "version": "1", "csrf_token": token}
        )
        assert published.status_code == 302

        listing = editor.get("/redaktion/opskrifter/").get_data(as_text=True)
        assert "Rugbrødsgrød" in listing
        assert "Opskrifter" in editor.get("/redaktion/").get_data(as_text=True)

        with app.test_request_context():
            results = search(SearchRequest(query="rugbrødsgrød"))
        assert [(hit.type, hit.type_label, hit.url) for hit in results.hits] == [
            ("recipe", "Opskrift", "/opskrifter/rugbroedsgroed")
        ]

        sitemap = app.test_client().get("/sitemap.xml").get_data(as_text=True)
        assert "<loc>http://localhost/opskrifter/rugbroedsgroed</loc>" in sitemap
        assert app.test_client().get("/opskrifter/rugbroedsgroed").get_data(as_text=True) == "Rugbrødsgrød"
    finally:
        content.unregister("recipe")
        with app.app_context():
            db.session.remove()
            ThrowawayBase.metadata.drop_all(db.engine)


def test_every_kind_with_a_public_page_names_an_endpoint_the_app_serves(app):
    endpoints = set(app.view_functions)
    for kind in content.KINDS.values():
        if kind.public_endpoint is not None:
            assert kind.public_endpoint in endpoints, kind.key
        if kind.part_of:
            assert content.kind(kind.part_of).public_endpoint in endpoints, kind.key


def test_every_field_of_every_kind_has_a_field_type_that_draws_a_known_control():
    from kb.services.editing.field_types import TYPES

    widgets = {"input", "textarea", "select", "link", "checkbox", "checkboxes"}
    for kind in content.KINDS.values():
        for spec in kind.fields:
            assert spec.kind in TYPES, (kind.key, spec.name, spec.kind)
            assert TYPES[spec.kind].widget in widgets, spec.kind
