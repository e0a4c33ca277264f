"""Sign-in and sign-out. (Two-factor, invitations, resets and account administration build on this.)"""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from kb.auth import bp
from kb.auth.access import require_editor

bp.before_request(require_editor)


@bp.route("/log-ind", methods=["GET", "POST"])
def login():
    from kb.auth.passwords import verify_password
    from kb.auth.sessions import start_session
    from kb.extensions import db
    from kb.models import User

    error = None
    if request.method == "POST":
        email = request.form.get("email", "").strip().lower()
        user = db.session.scalar(db.select(User).where(User.email == email))
        if user is not None and user.active and verify_password(user.password_hash, request.form.get("password", "")):
            login_user(user)
            start_session()
            return redirect(url_for("editor.dashboard"))
        error = "E-mail eller adgangskode er forkert."
    return render_template("auth/login.html", error=error)


@bp.post("/log-ud")
def logout():
    logout_user()
    flash("Du er logget ud.", "success")
    return redirect(url_for("public.index"))


@bp.get("/to-faktor")
def two_factor_setup():
    return render_template("auth/login.html", error=None) if not current_user.is_authenticated else redirect("/")
