"""Account administration for administrators: invitations, roles, deactivation, links and the audit log."""

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from kb.accounts import sessions
from kb.accounts.sessions import me
from kb.accounts.tokens import INVITE
from kb.auth import bp, mail
from kb.auth.access import admin_required
from kb.auth.forms import InviteForm, RoleForm
from kb.extensions import db
from kb.models import AuditEvent, User
from kb.services import accounts, signin

AUDIT_PAGE_SIZE = 50


def _get_user(user_id: int) -> User:
    return db.session.get(User, user_id) or abort(404)


def _send_link(user: User, purpose: str, token: str) -> dict:
    """Mail the link when a mail server is configured; otherwise (or on failure) hand it to the administrator."""
    if purpose == INVITE:
        endpoint, subject = "auth.accept_invitation", "Du er inviteret til redaktionen af Metodebasen"
        text = "Du er inviteret til at redigere Metodebasen. Vælg din adgangskode via linket, der virker i 72 timer."
    else:
        endpoint, subject = "auth.reset_password", "Nulstil din adgangskode til Metodebasen"
        text = "Vælg en ny adgangskode til Metodebasen via linket, der virker i en time og kun én gang."
    link = url_for(endpoint, token=token, _external=True)
    mailed = mail.send_link(user.email, subject, text, link)
    return {"purpose": purpose, "email": user.email, "mailed": mailed, "link": None if mailed else link}


@bp.route("/brugere", methods=["GET", "POST"])
@admin_required
def list_users():
    """The administrators' list of accounts, and the invitation form."""
    form = InviteForm()
    sent = None
    status = 200
    if form.validate_on_submit():
        try:
            user, token = accounts.invite(form.email.data, form.name.data, form.role.data, me())
        except accounts.AccountError as error:
            form.email.errors.append(str(error))
            status = 400
        else:
            sent = _send_link(user, INVITE, token)
            form = InviteForm(formdata=None)
    elif form.is_submitted():
        status = 400
    users = db.session.scalars(select(User).order_by(User.active.desc(), User.email)).all()
    return render_template("auth/users.html", users=users, form=form, sent=sent), status


def _user_page(user: User, role_form=None, sent=None, status=200):
    events = db.session.scalars(
        select(AuditEvent)
        .options(joinedload(AuditEvent.user))
        .where(AuditEvent.target == f"user:{user.id}")
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(20)
    ).all()
    return render_template(
        "auth/user.html",
        user=user,
        role_form=role_form or RoleForm(role=user.role, formdata=None),
        events=events,
        sent=sent,
    ), status


@bp.get("/brugere/<int:user_id>")
@admin_required
def show_user(user_id):
    """One account, for administrators."""
    return _user_page(_get_user(user_id))


@bp.post("/brugere/<int:user_id>/rolle")
@admin_required
def change_role(user_id):
    """Make an account an editor or an administrator."""
    user = _get_user(user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        return _user_page(user, role_form=form, status=400)
    try:
        changed = accounts.change_role(user, form.role.data, me())
    except accounts.AccountError as error:
        form.role.errors.append(str(error))
        return _user_page(user, role_form=form, status=400)
    if changed:
        flash(f"{user.email} er nu {user.role_label.lower()}.", "success")
    return redirect(url_for("auth.show_user", user_id=user.id))


@bp.post("/brugere/<int:user_id>/deaktiver")
@admin_required
def deactivate_user(user_id):
    """Deactivate an account and end its sessions."""
    user = _get_user(user_id)
    try:
        accounts.deactivate(user, me())
    except accounts.AccountError as error:
        flash(str(error), "error")
        return redirect(url_for("auth.show_user", user_id=user.id))
    if user.id == me().id:  # allowed while another administrator is active
        sessions.sign_out()
        return redirect(url_for("auth.login"))
    flash(f"{user.email} er deaktiveret og logget ud overalt.", "success")
    return redirect(url_for("auth.show_user", user_id=user.id))


@bp.post("/brugere/<int:user_id>/aktiver")
@admin_required
def reactivate_user(user_id):
    """Reactivate an account."""
    user = _get_user(user_id)
    accounts.reactivate(user, me())
    flash(f"{user.email} er aktiv igen.", "success")
    return redirect(url_for("auth.show_user", user_id=user.id))


@bp.post("/brugere/<int:user_id>/link")
@admin_required
def create_user_link(user_id):
    """Make a new password link for an account (mailed, or shown to the administrator)."""
    user = _get_user(user_id)
    try:
        purpose, token = accounts.issue_link(user, me())
    except accounts.AccountError as error:
        flash(str(error), "error")
        return redirect(url_for("auth.show_user", user_id=user.id))
    return _user_page(user, sent=_send_link(user, purpose, token))


@bp.post("/brugere/<int:user_id>/to-faktor")
@admin_required
def reset_two_factor(user_id):
    """Turn off an account's two-factor sign-in (a lost phone)."""
    user = _get_user(user_id)
    try:
        signin.disable_two_factor(user, me())
    except accounts.AccountError as error:
        flash(str(error), "error")
    else:
        mail.notify_security_change(user.email, "two_factor_off")
        flash(f"To-faktor-login er nulstillet for {user.email}, som skal sætte det op igen.", "success")
    return redirect(url_for("auth.show_user", user_id=user.id))


@bp.get("/log")
@admin_required
def audit_log():
    """The audit log, filterable by action."""
    actions = db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)).all()
    action = request.args.get("action", "")
    query = select(AuditEvent).options(joinedload(AuditEvent.user))
    if action in actions:
        query = query.where(AuditEvent.action == action)
    else:
        action = ""
    page = min(max(request.args.get("page", 1, type=int), 1), 100_000)
    events = db.paginate(
        query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()), page=page, per_page=AUDIT_PAGE_SIZE, error_out=False
    )
    return render_template("auth/audit_log.html", events=events, actions=actions, action=action)
