"""A password-reset request does the same work before its answer whether or not the account exists
(issue 11, finding 5): the lookup, the link and the mail happen after the response has gone out."""

from kb.auth import mail
from kb.extensions import db
from tests.accounts import csrf_token, make_user
from tests.conftest import QueryCounter

FORGOT = "/konto/glemt-adgangskode"


def _statements_before_the_answer(app, email) -> tuple[list[str], int]:
    client = app.test_client()
    token = csrf_token(client, FORGOT)
    with app.app_context():
        counter = QueryCounter(db.engine)
    with counter:
        response = client.post(FORGOT, data={"email": email, "csrf_token": token})  # not closed: nothing after
    response.close()
    return counter.statements, response.status_code


def test_known_and_unknown_addresses_cost_the_same_before_the_answer(app):
    make_user(app, "redaktoer@example.dk")
    known, known_status = _statements_before_the_answer(app, "redaktoer@example.dk")
    unknown, unknown_status = _statements_before_the_answer(app, "ukendt@example.dk")
    assert known_status == unknown_status == 302
    assert known == unknown


def test_the_link_still_goes_out_after_the_answer(app, monkeypatch):
    sent = []
    monkeypatch.setattr(mail, "send_link", lambda to, subject, text, link: sent.append(link))
    make_user(app, "redaktoer@example.dk")
    client = app.test_client()
    token = csrf_token(client, FORGOT)
    with client.post(FORGOT, data={"email": "redaktoer@example.dk", "csrf_token": token}):
        assert sent == []  # not before the answer is closed
    assert len(sent) == 1 and "/konto/nulstil/" in sent[0]
