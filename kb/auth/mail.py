"""Mail with invitation and password-reset links.

With KB_SMTP_HOST set the message goes through that server (STARTTLS and login when KB_SMTP_USER is set);
without it, the link is written to the application log for the administrator to pass on.
"""

import smtplib
import ssl
from email.message import EmailMessage

from flask import current_app

SMTP_TIMEOUT_SECONDS = 15


def mail_configured() -> bool:
    return bool(current_app.config.get("KB_SMTP_HOST"))


def send_link(to: str, subject: str, text: str, link: str) -> bool:
    """Mail `text` followed by `link` to `to`. True when a mail server accepted it.

    Without a mail server, or when sending fails, the link is logged (warning) and False returned, so the
    caller can show it to an administrator instead.
    """
    config = current_app.config
    if not config.get("KB_SMTP_HOST"):
        current_app.logger.warning("No mail server configured (KB_SMTP_HOST). %s for %s: %s", subject, to, link)
        return False
    message = EmailMessage()
    message["From"] = config.get("KB_MAIL_FROM", "metodebasen@localhost")
    message["To"] = to
    message["Subject"] = subject
    message.set_content(f"{text}\n\n{link}\n")
    try:
        with smtplib.SMTP(
            config["KB_SMTP_HOST"], config.get("KB_SMTP_PORT", 587), timeout=SMTP_TIMEOUT_SECONDS
        ) as smtp:
            if config.get("KB_SMTP_USER"):
                smtp.starttls(context=ssl.create_default_context())
                smtp.login(config["KB_SMTP_USER"], config.get("KB_SMTP_PASSWORD", ""))
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException):
        current_app.logger.exception("Could not send mail to %s", to)
        current_app.logger.warning("%s for %s (not mailed): %s", subject, to, link)
        return False
    return True
