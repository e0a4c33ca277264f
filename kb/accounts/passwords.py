"""Password hashing (argon2id) and the password policy.

The policy follows NIST SP 800-63B / OWASP ASVS: a minimum length, no composition rules, long passphrases
(spaces included) welcome, and a check against commonly used passwords. Passwords are NFKC-normalised
before hashing so the same password typed on different keyboards gives the same hash.
"""

import gzip
import secrets
import unicodedata
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
MAX_LENGTH = 1024
# A local part shorter than this ("jo@…") is too common a letter sequence to forbid inside a passphrase.
MIN_EMAIL_PART_LENGTH = 3

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


def _normalise(password: str) -> str:
    return unicodedata.normalize("NFKC", password)


def hash_password(password: str) -> str:
    """The Argon2 hash of a (normalised) password."""
    return _hasher.hash(_normalise(password))


def verify_password(password_hash: str, password: str) -> bool:
    """Whether `password` matches `password_hash`; False for an empty or unreadable hash."""
    if not password_hash:
        return False
    try:
        return _hasher.verify(password_hash, _normalise(password))
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than the current ones."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(32))


def verify_dummy(password: str) -> bool:
    """Spend the same time as a real verification; always False. Used when there is no account to check."""
    verify_password(_dummy_hash(), password)
    return False


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The list of common passwords the policy refuses, read once."""
    path = Path(__file__).parent / "data" / "common-passwords.txt.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return frozenset(line.strip().lower() for line in handle if line.strip())


def policy_errors(password: str, email: str = "") -> list[str]:
    """Why `password` may not be used by the account `email`, in Danish; an empty list when it may."""
    password = _normalise(password)
    if len(password) < MIN_LENGTH:
        return [f"Adgangskoden skal være på mindst {MIN_LENGTH} tegn. En sætning på flere ord er nem at huske."]
    if len(password) > MAX_LENGTH:
        return [f"Adgangskoden må højst være på {MAX_LENGTH} tegn."]
    errors = []
    folded = password.casefold()
    if folded.strip() in common_passwords():
        errors.append("Adgangskoden er for almindelig og let at gætte. Vælg en anden, fx en sætning med flere ord.")
    local_part = email.strip().casefold().partition("@")[0]
    if len(local_part) >= MIN_EMAIL_PART_LENGTH and local_part in folded:
        errors.append("Adgangskoden må ikke indeholde din e-mailadresse eller en del af den.")
    return errors
