"""A string column stored encrypted (Fernet: AES-128-CBC with HMAC-SHA256) with keys from configuration.

KB_TOTP_KEY holds one or more keys, comma-separated: the first encrypts, every one decrypts, so a key can be
rotated by putting the new one first (then `flask kb rotate-totp-key` re-encrypts). Without it (development
and tests only; production refuses to start) a key is derived from SECRET_KEY.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app
from sqlalchemy import String
from sqlalchemy.types import TypeDecorator


class SecretKeyError(RuntimeError):
    """A stored secret cannot be decrypted with the configured KB_TOTP_KEY."""


def _fernet_key(material: str) -> bytes:
    # Any long string will do as configuration; Fernet wants 32 bytes in URL-safe base64.
    return base64.urlsafe_b64encode(hashlib.sha256(f"metodebasen-totp:{material}".encode()).digest())


def cipher(config=None) -> MultiFernet:
    """The configured keys (the first one encrypts)."""
    config = config if config is not None else current_app.config
    configured = config.get("KB_TOTP_KEY") or ""
    materials = [part.strip() for part in configured.split(",") if part.strip()] or [config["SECRET_KEY"]]
    return MultiFernet([Fernet(_fernet_key(material)) for material in materials])


def encrypt(value: str, config=None) -> str:
    """`value` encrypted with the first configured key."""
    return cipher(config).encrypt(value.encode()).decode()


def decrypt(token: str, config=None) -> str:
    """The plain value of an encrypted `token`; SecretKeyError when no configured key opens it."""
    try:
        return cipher(config).decrypt(token.encode()).decode()
    except InvalidToken:
        raise SecretKeyError("A stored TOTP secret does not open with KB_TOTP_KEY (was the key changed?).") from None


class EncryptedString(TypeDecorator):
    """A short secret (a TOTP seed) stored encrypted; Python code sees the plain value."""

    impl = String(255)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        """Encrypt the value on its way into the database."""
        return None if value is None else encrypt(value)

    def process_result_value(self, value, dialect):
        """Decrypt the value on its way out of the database."""
        return None if value is None else decrypt(value)
