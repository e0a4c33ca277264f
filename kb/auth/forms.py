"""The account forms. Each form holds only the fields its user may set, so extra posted fields do nothing."""

from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, EqualTo, InputRequired, Length, ValidationError

from kb.accounts.passwords import MAX_LENGTH, policy_errors
from kb.models.account import ROLES
from kb.services import accounts


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _valid_email(_form, field):
    if field.data and not accounts.is_valid_email(field.data.lower()):
        raise ValidationError("Skriv en gyldig e-mailadresse, fx navn@kommune.dk.")


def _email_field(label="E-mail"):
    return StringField(
        label,
        filters=[_strip],
        validators=[
            InputRequired("Skriv en e-mailadresse."),
            Length(max=254, message="E-mailadressen er for lang."),
            _valid_email,
        ],
    )


def _role_field():
    return SelectField(
        "Rolle",
        choices=[SelectChoice(key, label) for key, label in ROLES.items()],
        validate_choice=False,
        validators=[AnyOf(list(ROLES), message="Vælg en rolle.")],
    )


def _password_length():
    return Length(max=MAX_LENGTH, message=f"Adgangskoden må højst være på {MAX_LENGTH} tegn.")


class LoginForm(FlaskForm):
    """E-mail and password."""

    email = StringField("E-mail", filters=[_strip], validators=[InputRequired("Skriv din e-mailadresse.")])
    password = PasswordField("Adgangskode", validators=[InputRequired("Skriv din adgangskode."), _password_length()])


class SecondFactorForm(FlaskForm):
    """A TOTP or recovery code."""

    code = StringField(
        "Kode",
        filters=[_strip],
        validators=[InputRequired("Skriv koden."), Length(max=64, message="Koden er for lang.")],
    )


class TwoFactorSetupForm(SecondFactorForm):
    """The first code from the app, and the password: a borrowed session alone cannot add a second factor."""

    password = PasswordField(
        "Din adgangskode", validators=[InputRequired("Skriv din adgangskode."), _password_length()]
    )


class NewPasswordForm(FlaskForm):
    """A new password, typed twice and checked against the policy for the account's e-mail address."""

    password = PasswordField("Ny adgangskode", validators=[InputRequired("Skriv en adgangskode."), _password_length()])
    password_confirm = PasswordField(
        "Gentag den nye adgangskode",
        validators=[
            InputRequired("Skriv adgangskoden igen."),
            EqualTo("password", message="De to adgangskoder er ikke ens."),
        ],
    )

    def __init__(self, account_email: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.account_email = account_email

    def validate_password(self, field):
        """Refuse a password the policy does not accept, naming why in Danish."""
        errors = policy_errors(field.data or "", self.account_email)
        if errors:
            raise ValidationError(" ".join(errors))


class ChangePasswordForm(NewPasswordForm):
    """The current password and a new one."""

    current_password = PasswordField(
        "Nuværende adgangskode", validators=[InputRequired("Skriv din nuværende adgangskode."), _password_length()]
    )


class ConfirmPasswordForm(FlaskForm):
    """The current password, confirming a sensitive change."""

    password = PasswordField(
        "Din adgangskode", validators=[InputRequired("Skriv din adgangskode."), _password_length()]
    )


class ForgotPasswordForm(FlaskForm):
    """The e-mail address a reset link is sent to."""

    email = _email_field()


class AccountForm(FlaskForm):
    """The name an account shows in the editor area."""

    name = StringField(
        "Navn", default="", filters=[_strip], validators=[Length(max=200, message="Navnet er for langt.")]
    )


class InviteForm(FlaskForm):
    """The e-mail address and role of a new account."""

    email = _email_field()
    name = StringField(
        "Navn", default="", filters=[_strip], validators=[Length(max=200, message="Navnet er for langt.")]
    )
    role = _role_field()


class RoleForm(FlaskForm):
    """An account's role."""

    role = _role_field()
