"""The signed-in user's own account: name, password and two-factor sign-in."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from kb.accounts import sessions, two_factor
from kb.accounts.sessions import me
from kb.auth import bp, mail
from kb.auth.forms import AccountForm, ChangePasswordForm, ConfirmPasswordForm, TwoFactorSetupForm
from kb.services import accounts, signin


def _confirmation_error(status: str) -> str:
    if status == signin.THROTTLED:
        return "For mange forkerte forsøg. Prøv igen om lidt."
    return "Adgangskoden er forkert."


@bp.route("/", methods=["GET", "POST"])
def account():
    """The signed-in user's own account page: name, password and two-factor sign-in."""
    form = AccountForm(obj=current_user)
    if form.validate_on_submit():
        accounts.update_profile(me(), form.name.data)  # the only field users set on themselves
        flash("Dine oplysninger er gemt.", "success")
        return redirect(url_for("auth.account"))
    return render_template(
        "auth/account.html",
        form=form,
        recovery_codes_left=two_factor.unused_recovery_codes(me()),
    )


@bp.route("/adgangskode", methods=["GET", "POST"])
def change_password():
    """Change the signed-in user's password."""
    form = ChangePasswordForm(current_user.email)
    if form.validate_on_submit():
        confirmed = signin.confirm_password(me(), form.current_password.data)
        if confirmed == signin.OK:
            accounts.change_password(me(), form.password.data)
            mail.notify_security_change(me().email, "password")
            sessions.keep_signed_in(me())
            flash("Din adgangskode er ændret. Du er logget ud alle andre steder.", "success")
            return redirect(url_for("auth.account"))
        form.current_password.errors.append(_confirmation_error(confirmed))
    return render_template("auth/change_password.html", form=form)


def _two_factor_page(setup_form=None, regenerate_form=None, disable_form=None, status=200):
    user = me()
    context = {
        "setup_form": setup_form or TwoFactorSetupForm(prefix="setup"),
        "regenerate_form": regenerate_form or ConfirmPasswordForm(prefix="regenerate"),
        "disable_form": disable_form or ConfirmPasswordForm(prefix="disable"),
        "recovery_codes_left": two_factor.unused_recovery_codes(user),
    }
    if not user.two_factor_enabled:
        if request.method == "GET" or user.totp_secret is None:
            signin.start_two_factor_setup(user)  # a fresh secret each time the page is opened
        uri = two_factor.provisioning_uri(user)
        context.update(qr_svg=two_factor.qr_svg(uri), secret=two_factor.formatted_secret(user.totp_secret))
    return render_template("auth/two_factor.html", **context), status


@bp.route("/to-faktor", methods=["GET", "POST"])
def two_factor_setup():
    """Set up two-factor sign-in with an authenticator app."""
    form = TwoFactorSetupForm(prefix="setup")
    if current_user.two_factor_enabled or request.method == "GET":
        return _two_factor_page(setup_form=form)
    if not form.validate_on_submit():
        return _two_factor_page(setup_form=form, status=400)
    confirmed = signin.confirm_password(me(), form.password.data)
    if confirmed != signin.OK:
        form.password.errors.append(_confirmation_error(confirmed))
        return _two_factor_page(setup_form=form, status=400)
    try:
        codes = signin.enable_two_factor(me(), form.code.data)
    except accounts.AccountError as error:
        form.code.errors.append(str(error))
        return _two_factor_page(setup_form=form, status=400)
    mail.notify_security_change(me().email, "two_factor_on")
    sessions.keep_signed_in(me())  # enabling bumped the session version: this session stays, others end
    return render_template("auth/recovery_codes.html", codes=codes, first_time=True)


@bp.post("/to-faktor/gendannelseskoder")
def regenerate_recovery_codes():
    """Replace the recovery codes after confirming the password."""
    form = ConfirmPasswordForm(prefix="regenerate")
    if not current_user.two_factor_enabled:
        return redirect(url_for("auth.two_factor_setup"))
    if form.validate_on_submit():
        confirmed = signin.confirm_password(me(), form.password.data)
        if confirmed == signin.OK:
            codes = signin.regenerate_recovery_codes(me())
            mail.notify_security_change(me().email, "recovery_codes")
            return render_template("auth/recovery_codes.html", codes=codes, first_time=False)
        form.password.errors.append(_confirmation_error(confirmed))
    return _two_factor_page(regenerate_form=form, status=400)


@bp.post("/to-faktor/slaa-fra")
def disable_two_factor():
    """Turn two-factor sign-in off after confirming the password."""
    form = ConfirmPasswordForm(prefix="disable")
    if current_user.is_admin:
        flash("Administratorer skal bruge to-faktor-login. Det kan ikke slås fra.", "error")
        return redirect(url_for("auth.two_factor_setup"))
    if not current_user.two_factor_enabled:
        return redirect(url_for("auth.two_factor_setup"))
    if form.validate_on_submit():
        confirmed = signin.confirm_password(me(), form.password.data)
        if confirmed == signin.OK:
            signin.disable_two_factor(me(), me())
            mail.notify_security_change(me().email, "two_factor_off")
            sessions.keep_signed_in(me())
            flash("To-faktor-login er slået fra. Du er logget ud alle andre steder.", "success")
            return redirect(url_for("auth.account"))
        form.password.errors.append(_confirmation_error(confirmed))
    return _two_factor_page(disable_form=form, status=400)
