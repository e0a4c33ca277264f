"""Editor views: parse the request, call one editing service, render or redirect."""

from flask import abort, current_app, flash, g, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from kb import content
from kb.auth.access import admin_required
from kb.editor import bp
from kb.extensions import db
from kb.security import accepts_large_body
from kb.services import editing, shortlinks, uploads
from kb.services.editing import queries
from kb.services.editing.field_types import field_type
from kb.services.editing.fields import form_text, snapshot
from kb.services.redirects import RedirectError, add_manual_redirect, list_redirects, remove_redirect
from kb.vocabulary import OUTPUT_KINDS, STATUSES


def _kind(segment: str) -> content.ContentKind:
    kind = content.by_segment(segment)
    if kind is None:
        abort(404)
    return kind


def _item(kind: content.ContentKind, item_id: int):
    item = db.session.get(kind.model, item_id)
    if item is None:
        abort(404)
    return item


def _version() -> int:
    raw = request.form.get("version", "")
    if not raw.isdigit():
        abort(400)
    return int(raw)


@bp.get("/")
def dashboard():
    """The editor area's front page: what awaits approval, overdue reviews and recent changes."""
    return render_template(
        "editor/dashboard.html",
        awaiting=queries.awaiting_approval(),
        overdue=queries.overdue_reviews(),
        recent=queries.recent_changes(),
        kinds=content.editable().values(),
    )


@bp.get("/<segment>/")
def item_list(segment):
    """The items of one kind, newest change first, filtered by state and name."""
    kind = _kind(segment)
    status = request.args.get("status", "")
    status = status if status in STATUSES else ""
    text = " ".join(request.args.get("q", "").split())[:100]
    page = request.args.get("page", "1")
    page = int(page) if page.isdigit() and 0 < int(page) < 10_000 else 1
    items, total = queries.list_items(kind, status, text, page)
    return render_template("editor/list.html", kind=kind, items=items, total=total, status=status, text=text, page=page)


@bp.route("/<segment>/ny", methods=["GET", "POST"])
def item_new(segment):
    """Create an item of one kind as a draft."""
    kind = _kind(segment)
    if request.method == "POST":
        try:
            result = editing.create(kind, request.form, current_user, request.form.get("comment", ""))
        except editing.ValidationFailed as failure:
            return _form(kind, None, request.form, failure.errors), 422
        flash(f"{kind.singular.capitalize()} oprettet som kladde.", "success")
        return redirect(url_for("editor.item_edit", segment=segment, item_id=result.item.id))
    return _form(kind, None, None, {})


@bp.route("/<segment>/<int:item_id>", methods=["GET", "POST"])
def item_edit(segment, item_id):
    """Edit an item; a save from an old version is refused with both texts shown."""
    kind = _kind(segment)
    item = _item(kind, item_id)
    if request.method == "POST":
        try:
            result = editing.save(
                kind, item_id, request.form, _version(), current_user, request.form.get("comment", "")
            )
        except editing.ValidationFailed as failure:
            return _form(kind, item, request.form, failure.errors), 422
        except editing.EditConflict as conflict:
            return _form(kind, _item(kind, item_id), request.form, {}, conflict=conflict), 409
        except LookupError:
            abort(404)
        message = "Gemt."
        if result.renamed_from:
            message += f" Den gamle adresse {result.renamed_from} sender videre til den nye."
        flash(message, "success")
        return redirect(url_for("editor.item_edit", segment=segment, item_id=item_id))
    return _form(kind, item, None, {})


def _form(kind, item, submitted, errors, conflict=None, typed_replacement=None):
    if submitted is None:
        values = form_text(kind, snapshot(kind, item) if item is not None else {})
    else:
        values = {
            spec.name: (submitted.getlist(spec.name) if field_type(spec).multiple else submitted.get(spec.name, ""))
            for spec in kind.fields
        }
        values["checkbox_ids"] = {
            spec.name: {int(v) for v in submitted.getlist(spec.name) if str(v).isdigit()}
            for spec in kind.fields
            if field_type(spec).multiple
        }
    choices = {spec.name: queries.checkbox_choices(spec.target) for spec in kind.fields if field_type(spec).multiple}
    return render_template(
        "editor/edit.html",
        kind=kind,
        item=item,
        values=values,
        errors=errors,
        conflict=conflict,
        choices=choices,
        inbound=queries.inbound_links(kind, item) if item is not None else [],
        transitions=editing.TRANSITIONS.get(item.status, ()) if item is not None else (),
        replaceable=shortlinks.has_short_links(kind.key),
        replacement_name=typed_replacement if typed_replacement is not None else _replacement_name(kind, item),
        replacement_error=errors.get("replacement", ""),
        version=(conflict.current_version if conflict else (item.version if item is not None else 0)),
    )


def _replacement_name(kind, item) -> str:
    if item is None or item.status != "archived" or not shortlinks.has_short_links(kind.key):
        return ""
    replacement = shortlinks.replacement_of(kind.key, item.id)
    return getattr(replacement, kind.title_field) if replacement is not None else ""


@bp.post("/<segment>/<int:item_id>/erstatning")
def item_replacement(segment, item_id):
    """Send the readers of an archived item to another item of its kind."""
    kind = _kind(segment)
    item = _item(kind, item_id)
    if not shortlinks.has_short_links(kind.key):
        abort(404)
    typed = request.form.get("replacement", "")
    try:
        shortlinks.set_replacement(kind.key, item_id, typed)
    except shortlinks.ShortLinkError as failure:
        # Shown next to the field, with what was typed kept.
        return _form(kind, item, None, {"replacement": str(failure)}, typed_replacement=typed[:300]), 422
    else:
        flash("Gemt. Gamle links og QR-koder peger nu på erstatningen.", "success")
    return redirect(url_for("editor.item_edit", segment=segment, item_id=item_id) + "#erstatning")


@bp.post("/<segment>/<int:item_id>/status")
def item_status(segment, item_id):
    """Move an item to another editorial state (archiving asks first when others link to it)."""
    kind = _kind(segment)
    item = _item(kind, item_id)
    new_status = request.form.get("status", "")
    if new_status == "archived" and request.form.get("confirmed") != "ja":
        links = queries.inbound_links(kind, item)
        if links:
            return render_template(
                "editor/confirm.html",
                kind=kind,
                item=item,
                links=links,
                action="archive",
                version=item.version,
                replaceable=shortlinks.has_short_links(kind.key),
            ), 409
    try:
        editing.transition(kind, item_id, new_status, _version(), current_user, request.form.get("comment", ""))
    except editing.ValidationFailed as failure:
        flash(next(iter(failure.errors.values())), "error")
    except editing.EditConflict:
        flash("En anden har ændret elementet imens. Se den nye version og prøv igen.", "error")
    else:
        flash(f"Status er nu: {STATUSES[new_status]}.", "success")
        if new_status == "archived" and request.form.get("replacement", "").strip():
            return item_replacement(segment, item_id)
    return redirect(url_for("editor.item_edit", segment=segment, item_id=item_id))


@bp.get("/<segment>/<int:item_id>/historik")
def item_history(segment, item_id):
    """An item's revisions."""
    kind = _kind(segment)
    item = _item(kind, item_id)
    return render_template("editor/history.html", kind=kind, item=item, revisions=editing.revisions(kind, item_id))


@bp.get("/<segment>/<int:item_id>/sammenlign")
def item_compare(segment, item_id):
    """The differences between two of an item's revisions."""
    kind = _kind(segment)
    item = _item(kind, item_id)
    by_number = {revision.number: revision for revision in editing.revisions(kind, item_id)}
    a, b = request.args.get("a", ""), request.args.get("b", "")
    if not (a.isdigit() and b.isdigit() and int(a) in by_number and int(b) in by_number):
        flash("Vælg to versioner at sammenligne.", "error")
        return redirect(url_for("editor.item_history", segment=segment, item_id=item_id))
    old, new = sorted((by_number[int(a)], by_number[int(b)]), key=lambda r: r.number)
    return render_template(
        "editor/compare.html", kind=kind, item=item, old=old, new=new, changes=editing.diff(kind, old.data, new.data)
    )


@bp.post("/<segment>/<int:item_id>/gendan/<int:number>")
def item_restore(segment, item_id, number):
    """Make an old revision current again, as a new revision."""
    kind = _kind(segment)
    _item(kind, item_id)
    try:
        editing.restore(kind, item_id, number, _version(), current_user)
    except editing.EditConflict:
        flash("En anden har ændret elementet imens. Prøv igen.", "error")
    except LookupError:
        abort(404)
    else:
        flash(f"Version {number} er gendannet som en ny version.", "success")
    return redirect(url_for("editor.item_edit", segment=segment, item_id=item_id))


@bp.route("/<segment>/<int:item_id>/slet", methods=["GET", "POST"])
@admin_required
def item_delete(segment, item_id):
    """Delete an item for good, after a confirmation that names what links to it."""
    kind = _kind(segment)
    item = _item(kind, item_id)
    links = queries.inbound_links(kind, item)
    if request.method == "POST" and request.form.get("confirmed") == "ja":
        try:
            name = editing.delete(kind, item_id, current_user)
        except editing.ValidationFailed as failure:
            flash(next(iter(failure.errors.values())), "error")
            return redirect(url_for("editor.item_edit", segment=segment, item_id=item_id))
        flash(f"{name} er slettet.", "success")
        return redirect(url_for("editor.item_list", segment=segment))
    return render_template(
        "editor/confirm.html",
        kind=kind,
        item=item,
        links=links,
        action="delete",
        version=item.version,
    )


@bp.get("/<segment>/<int:item_id>/forhaandsvisning")
def item_preview(segment, item_id):
    """The item's public page as it would look, whatever its state."""
    kind = _kind(segment)
    item = _item(kind, item_id)
    if kind.public_endpoint is None:
        abort(404)
    g.kb_preview = (kind.model, item.id)  # the public page shows this one item whatever its state
    return current_app.view_functions[kind.public_endpoint](slug=item.slug)


@bp.get("/opslag/<target>")
def lookup(target):
    """Names of items of a kind containing the typed text, for the link pickers."""
    text = " ".join(request.args.get("q", "").split())[:100]
    return jsonify({"names": queries.lookup_names(target, text) if text else []})


@bp.route("/omdirigeringer", methods=["GET", "POST"])
@admin_required
def redirects():
    """The old addresses that lead to new ones; administrators add and remove them."""
    error = None
    if request.method == "POST":
        try:
            if request.form.get("remove", "").isdigit():
                remove_redirect(int(request.form["remove"]))
                flash("Omdirigeringen er fjernet.", "success")
            else:
                add_manual_redirect(request.form.get("old_path", ""), request.form.get("target_path", ""))
                flash("Omdirigeringen er gemt.", "success")
            return redirect(url_for("editor.redirects"))
        except RedirectError as failure:
            error = str(failure)
    return render_template("editor/redirects.html", redirects=list_redirects(), error=error, form=request.form)


@bp.route("/korte-links", methods=["GET", "POST"])
def short_links():
    """Every short link with its use count, and new short links to material elsewhere."""
    error = None
    if request.method == "POST":
        try:
            link = shortlinks.create_external(request.form.get("title", ""), request.form.get("url", ""))
        except shortlinks.ShortLinkError as failure:
            error = str(failure)
        else:
            flash(f"Det korte link /l/{link.code} er oprettet.", "success")
            return redirect(url_for("editor.short_link_edit", link_id=link.id))
    show = request.args.get("vis", "")
    return render_template(
        "editor/short_links.html",
        rows=shortlinks.usage(show),
        show=show,
        type_labels=shortlinks.type_labels(),
        error=error,
        form=request.form,
    ), (422 if error else 200)


@bp.route("/korte-links/<int:link_id>", methods=["GET", "POST"])
def short_link_edit(link_id):
    """Point an external short link somewhere else."""
    link = shortlinks.external_link(link_id)
    if link is None:
        abort(404)
    error = None
    if request.method == "POST":
        try:
            shortlinks.update_external(link_id, request.form.get("title", ""), request.form.get("url", ""))
        except shortlinks.ShortLinkError as failure:
            error = str(failure)
        else:
            flash("Linket er gemt. Den trykte kode fører nu til den nye adresse.", "success")
            return redirect(url_for("editor.short_link_edit", link_id=link_id))
    return render_template("editor/short_link_edit.html", link=link, error=error, form=request.form), (
        422 if error else 200
    )


@bp.get("/filer/<key>/<name>")
def download(key, name):
    """An uploaded file for a signed-in editor, whatever its conference's state."""
    upload = uploads.find_for_editor(key, name)
    if upload is None:
        abort(404)
    return uploads.send(upload, public=False)


@bp.post("/konferencer/<int:item_id>/filer")
@accepts_large_body
def conference_upload(item_id):
    """Upload a file to a conference's outputs."""
    kind = _kind("konferencer")
    _item(kind, item_id)
    output_kind = request.form.get("kind", "presentation")
    if output_kind not in OUTPUT_KINDS:
        output_kind = "presentation"
    try:
        output = uploads.attach_to_conference(
            item_id, request.files.get("file") or _NoFile(), request.form.get("title", ""), output_kind, current_user
        )
    except uploads.UploadRejected as rejected:
        flash(str(rejected), "error")
    else:
        flash(f"Filen er uploadet og tilføjet som »{output.title}«.", "success")
    return redirect(url_for("editor.item_edit", segment="konferencer", item_id=item_id) + "#upload")


class _NoFile:
    filename = ""

    def read(self, _size=-1):
        return b""
