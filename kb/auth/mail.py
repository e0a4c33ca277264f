"""Mail with invitation and password-reset links, and notices of changes to an account's security.

With KB_SMTP_HOST set the message goes through that server (STARTTLS and login when KB_SMTP_USER is set);
without it, the link is written to the application log for the administrator to pass on.
"""

import smtplib
import ssl
from email.message import EmailMessage

from flask import after_this_request, current_app, request, url_for

SMTP_TIMEOUT_SECONDS = 15


def mail_configured() -> bool:
    """Whether a mail server is configured (KB_SMTP_HOST)."""
    return bool(current_app.config["KB_SMTP_HOST"])


def send_link(to: str, subject: str, text: str, link: str) -> bool:
    """Mail `text` followed by `link` to `to`. True when a mail server accepted it.

    Without a mail server, or when sending fails, the link is logged (warning) and False returned, so the
    caller can show it to an administrator instead.
    """
    config = current_app.config
    if not config["KB_SMTP_HOST"]:
        current_app.logger.warning("No mail server configured (KB_SMTP_HOST). %s for %s: %s", subject, to, link)
        return False
    message = EmailMessage()
    message["From"] = config["KB_MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(f"{text}\n\n{link}\n")
    try:
        with smtplib.SMTP(config["KB_SMTP_HOST"], config["KB_SMTP_PORT"], timeout=SMTP_TIMEOUT_SECONDS) as smtp:
            if config["KB_SMTP_USER"]:
                smtp.starttls(context=ssl.create_default_context())
                smtp.login(config["KB_SMTP_USER"], config["KB_SMTP_PASSWORD"])
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException):
        current_app.logger.exception("Could not send mail to %s", to)
        current_app.logger.warning("%s for %s (not mailed): %s", subject, to, link)
        return False
    return True


def run_after_response(work) -> None:
    """Run `work()` once the answer has gone out, in a copy of this request's context (client address, URLs),
    so neither its time nor its failure shows in the answer."""
    app = current_app._get_current_object()
    environ = dict(request.environ)

    @after_this_request
    def run_on_close(response):
        def run():
            with app.request_context(environ):
                work()

        response.call_on_close(run)
        return response


def send_after_response(to: str, subject: str, text: str, link: str) -> None:
    """`send_link` once the answer has gone out, so its timing does not tell whether the address exists."""
    run_after_response(lambda: send_link(to, subject, text, link))


SECURITY_CHANGES = {
    "password": "Adgangskoden til din konto i Metodebasen er ændret.",
    "two_factor_on": "To-faktor-login er slået til for din konto i Metodebasen.",
    "two_factor_off": "To-faktor-login er slået fra for din konto i Metodebasen.",
    "recovery_codes": "Der er lavet nye gendannelseskoder til din konto i Metodebasen; de gamle virker ikke længere.",
}


def notify_security_change(to: str, change: str) -> None:
    """Tell the account's owner that its password or two-factor sign-in changed, in case it was not them."""
    send_after_response(
        to,
        "Ændring af din konto i Metodebasen",
        f"{SECURITY_CHANGES[change]} Var det dig, behøver du ikke gøre noget. Var det ikke dig, så nulstil "
        "din adgangskode med det samme og kontakt en administrator hos Metodecenteret:",
        url_for("auth.forgot_password", _external=True),
    )
