"""Sign-in throttling per account and source, with growing delays (issue 11, finding 3).

A stranger's failures slow down only the stranger: the owner signing in from elsewhere is never locked
out, an IPv6 /64 counts as one source, a success or a password reset clears the account's count, and
only a trusted proxy decides which address a request comes from.
"""

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from kb import create_app
from kb.accounts import throttle
from kb.extensions import db
from kb.models import LoginAttempt
from tests.accounts import PASSWORD, make_user, post_login
from tests.conftest import test_config

WRONG = "forkert adgangskode her"


def _from(app, address):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _age_attempts(app, seconds):
    """Move every attempt `seconds` into the past."""
    with app.app_context():
        db.session.execute(update(LoginAttempt).values(attempted_at=datetime.now(UTC) - timedelta(seconds=seconds)))
        db.session.commit()


def test_a_stranger_cannot_lock_the_owner_out(app):
    make_user(app, "chef@example.dk")
    stranger = _from(app, "203.0.113.9")
    for _ in range(8):
        post_login(stranger, "chef@example.dk", WRONG)
    assert post_login(stranger, "chef@example.dk", PASSWORD).status_code == 429
    assert post_login(_from(app, "198.51.100.20"), "chef@example.dk", PASSWORD).status_code == 302


def test_the_delay_grows_with_each_failure_and_lifts_after_it(app):
    make_user(app, "redaktoer@example.dk")
    client = _from(app, "203.0.113.9")
    for _ in range(5):
        assert post_login(client, "redaktoer@example.dk", WRONG).status_code == 200
    first = post_login(client, "redaktoer@example.dk", WRONG)
    assert first.status_code == 429
    first_wait = int(first.headers["Retry-After"])
    _age_attempts(app, first_wait + 1)
    assert post_login(client, "redaktoer@example.dk", WRONG).status_code == 200  # allowed again, and wrong
    second = post_login(client, "redaktoer@example.dk", WRONG)
    assert second.status_code == 429
    assert int(second.headers["Retry-After"]) > first_wait


def test_an_ipv6_64_counts_as_one_source(app):
    make_user(app, "redaktoer@example.dk")
    for number in range(5):
        post_login(_from(app, f"2001:db8:1:2::{number + 1:x}"), "redaktoer@example.dk", WRONG)
    assert post_login(_from(app, "2001:db8:1:2:ffff::1"), "redaktoer@example.dk", PASSWORD).status_code == 429
    assert post_login(_from(app, "2001:db8:1:3::1"), "redaktoer@example.dk", PASSWORD).status_code == 302


def test_ipv6_sources_are_grouped_by_64():
    assert throttle.source_of("2001:db8:1:2:aaaa::1") == throttle.source_of("2001:db8:1:2:bbbb::2")
    assert throttle.source_of("2001:db8:1:2::1") != throttle.source_of("2001:db8:1:3::1")
    assert throttle.source_of("::ffff:192.0.2.7") == throttle.source_of("192.0.2.7")
    assert throttle.source_of("192.0.2.7") != throttle.source_of("192.0.2.8")


def test_a_successful_sign_in_clears_the_count(app):
    make_user(app, "redaktoer@example.dk")
    client = _from(app, "203.0.113.9")
    for _ in range(4):
        post_login(client, "redaktoer@example.dk", WRONG)
    assert post_login(client, "redaktoer@example.dk", PASSWORD).status_code == 302
    other = _from(app, "203.0.113.9")
    for _ in range(5):
        assert post_login(other, "redaktoer@example.dk", WRONG).status_code == 200


def test_a_password_reset_clears_the_count(app):
    user_id, _ = make_user(app, "redaktoer@example.dk")
    client = _from(app, "203.0.113.9")
    for _ in range(6):
        post_login(client, "redaktoer@example.dk", WRONG)
    assert post_login(client, "redaktoer@example.dk", PASSWORD).status_code == 429
    from kb.models import User
    from kb.services import accounts

    with app.app_context():
        user = db.session.get(User, user_id)
        purpose, token = accounts.issue_link(user, user)
        accounts.set_password_from_link(accounts.find_link(token, purpose), "en helt ny og lang adgangskode")
    assert post_login(client, "redaktoer@example.dk", "en helt ny og lang adgangskode").status_code == 302


def test_one_source_guessing_many_accounts_is_slowed_everywhere_it_guesses(app):
    app.config["KB_LOGIN_IP_LIMIT"] = 6
    make_user(app, "redaktoer@example.dk")
    sprayer = _from(app, "192.0.2.7")
    for number in range(6):
        post_login(sprayer, f"gaet{number}@example.dk", WRONG)
    assert post_login(sprayer, "redaktoer@example.dk", PASSWORD).status_code == 429
    assert post_login(_from(app, "198.51.100.1"), "redaktoer@example.dk", PASSWORD).status_code == 302


def test_behind_a_proxy_each_client_counts_apart_when_the_proxy_is_trusted(app, tmp_path):
    url = app.config["SQLALCHEMY_DATABASE_URI"]  # the fresh database of `app`, served by a proxied instance
    proxied = create_app({**test_config(url, tmp_path / "index-2"), "KB_TRUSTED_PROXIES": "1", "KB_LOGIN_IP_LIMIT": 6})
    make_user(proxied, "redaktoer@example.dk")
    for number in range(8):
        client = _from(proxied, "127.0.0.1")  # every request arrives from the proxy
        client.environ_base["HTTP_X_FORWARDED_FOR"] = f"203.0.113.{number}"
        post_login(client, f"gaet{number}@example.dk", WRONG)
    owner = _from(proxied, "127.0.0.1")
    owner.environ_base["HTTP_X_FORWARDED_FOR"] = "198.51.100.1"
    assert post_login(owner, "redaktoer@example.dk", PASSWORD).status_code == 302
    with proxied.app_context():
        db.session.remove()
        db.engine.dispose()


def test_a_forged_forwarded_for_without_a_trusted_proxy_changes_nothing(app):
    make_user(app, "redaktoer@example.dk")
    for number in range(6):
        client = _from(app, "203.0.113.9")
        client.environ_base["HTTP_X_FORWARDED_FOR"] = f"198.51.100.{number}"
        post_login(client, "redaktoer@example.dk", WRONG)
    assert post_login(_from(app, "203.0.113.9"), "redaktoer@example.dk", PASSWORD).status_code == 429
