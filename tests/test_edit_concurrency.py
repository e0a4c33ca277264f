"""Eight editors saving the same method at once, through gunicorn with two workers: nothing is lost."""

import re
import secrets
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from flask_login.utils import _create_identifier

from kb.accounts.sessions import now_timestamp
from kb.extensions import db
from kb.models import Method, Revision, User
from tests.test_index_consistency import gunicorn  # noqa: F401  (fixture: the seeded site on two workers)

THREADS = 8
SAVES_PER_THREAD = 50
USER_AGENT = "kb-concurrency-test"


def signed_in_cookie(app, user_id: str) -> str:
    """A session cookie for `user_id`, as the sign-in form would have set it."""
    environ = {"REMOTE_ADDR": "127.0.0.1", "HTTP_USER_AGENT": USER_AGENT}
    with app.test_request_context(environ_base=environ):
        session = {
            "_user_id": user_id,
            "_fresh": True,
            "_id": _create_identifier(),
            "signed_in_at": now_timestamp(),
            "seen_at": now_timestamp(),
            "csrf_token": secrets.token_hex(20),
        }
        value = app.session_interface.get_signing_serializer(app).dumps(session)
    return f"{app.config.get('SESSION_COOKIE_NAME', 'session')}={value}"


def request(url, cookie, data=None):
    body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
    req = urllib.request.Request(url, data=body, headers={"Cookie": cookie, "User-Agent": USER_AGENT})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(req, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_concurrent_saves_lose_nothing_and_every_refusal_is_reported(seeded_app, gunicorn):  # noqa: F811
    base, _config = gunicorn
    with seeded_app.app_context():
        user = User(email="samtidig@example.dk", name="Samtidig", role="editor", password_hash="x")
        db.session.add(user)
        db.session.commit()
        cookie = signed_in_cookie(seeded_app, user.get_id())
        method = db.session.scalar(db.select(Method).where(Method.slug == "housing-first"))
        method_id, start_version = method.id, method.version
        start_revisions = db.session.query(Revision).filter_by(content_type="method", content_id=method_id).count()
    edit_url = f"{base}/redaktion/metoder/{method_id}"

    def editor(thread: int) -> dict:
        outcome = {"saved": 0, "refused": 0, "other": []}
        for attempt in range(SAVES_PER_THREAD):
            status, page = request(edit_url, cookie)
            assert status == 200, page[:500]
            form = {
                name: value
                for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page)
                if name in ("csrf_token", "version")
            }
            fields = dict(re.findall(r'<(?:input|textarea)[^>]*name="(name|summary)"[^>]*>([^<]*)', page))
            form.update(
                name="Housing First",
                summary=f"Tråd {thread}, gem {attempt}.",
                evidence_level="staerk",
                description="<p>Samtidig redigering.</p>",
            )
            assert fields is not None
            status, body = request(edit_url, cookie, form)
            if status == 302:
                outcome["saved"] += 1
            elif status == 409 and "Din ændring er ikke gemt" in body:
                outcome["refused"] += 1
            else:
                outcome["other"].append((status, body[:300]))
        return outcome

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        outcomes = list(pool.map(editor, range(THREADS)))

    others = [other for outcome in outcomes for other in outcome["other"]]
    assert others == []  # every save either landed or was refused with a message; no 500, no "locked"
    saved = sum(outcome["saved"] for outcome in outcomes)
    refused = sum(outcome["refused"] for outcome in outcomes)
    assert saved + refused == THREADS * SAVES_PER_THREAD
    assert saved >= 1
    with seeded_app.app_context():
        db.session.expire_all()
        method = db.session.get(Method, method_id)
        revisions = db.session.query(Revision).filter_by(content_type="method", content_id=method_id).count()
        # 0 lost updates: every accepted save moved the version on by exactly one and left a revision.
        assert method.version - start_version == saved
        assert revisions - start_revisions == saved
        assert method.summary.startswith("Tråd ")
    print(f"\nconcurrent saves: {saved} saved, {refused} refused, {THREADS * SAVES_PER_THREAD} attempts")
