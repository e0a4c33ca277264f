"""Deny by default: every route of the application, requested as an anonymous visitor, an editor and an
administrator. Routes are read from the URL map, so routes added later are covered without editing this file.

- anonymous visitors never get a page under /redaktion or /konto, except the public sign-in routes;
- editors get 403 on every administrator-only route (views wrapped in `admin_required`);
- nobody ever gets a 500.

Each rule is requested with dummy arguments (an integer is a real user's id, anything else "x"), and
again with real arguments found by following the links of the editor and account pages as an
administrator on the demo content, so item pages are tried with items that exist.
"""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from flask_migrate import stamp
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from kb.auth.access import PUBLIC_AUTH_ENDPOINTS
from tests.accounts import LOGIN_PATH, PASSWORD, csrf_token, make_user, sign_in

PROTECTED_PREFIXES = ("/redaktion", "/konto")
# Requests that end the signed-in session would make the rest of the sweep anonymous.
SESSION_ENDING_ENDPOINTS = {"auth.logout"}
ADMIN_AREAS = ("/konto/brugere", "/konto/log")
MAX_CRAWLED_PAGES = 400


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)


def discover_arguments(app, client) -> list[dict]:
    """Follow the links of the protected pages (GET only); return the URL arguments of the pages found."""
    adapter = app.url_map.bind("localhost")
    queue, seen, sampled, found = ["/redaktion/", "/konto/"], set(), set(), []
    while queue and len(seen) < MAX_CRAWLED_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        try:
            endpoint, arguments = adapter.match(urlsplit(path).path, method="GET")
        except HTTPException:
            continue
        # One page per endpoint and kind ("/redaktion/metoder/3", not every method): the crawl stays small.
        kind = (endpoint, tuple(sorted((k, v) for k, v in arguments.items() if not isinstance(v, int))))
        if kind in sampled:
            continue
        sampled.add(kind)
        if arguments:
            found.append(arguments)
        response = client.get(path)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        parser = LinkParser()
        parser.feed(response.get_data(as_text=True))
        for href in parser.links:
            target = urlsplit(urljoin(f"http://localhost{path}", href))
            if target.netloc == "localhost" and target.path.startswith(PROTECTED_PREFIXES):
                queue.append(target.path)
    return found


def routes(app, target_id: int, samples: list[dict] = ()) -> list[tuple[str, str, str]]:
    """(endpoint, method, URL) for every rule: with dummy arguments, and with every fitting real sample."""
    found = set()
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if rule.endpoint == "static" or rule.endpoint.endswith(".static"):
                continue
            dummy = {
                name: target_id if isinstance(converter, IntegerConverter) else "x"
                for name, converter in rule._converters.items()
            }
            candidates = [dummy]
            for sample in samples:
                if rule.arguments and set(sample) <= rule.arguments:
                    candidates.append({**dummy, **sample})
            for values in candidates:
                url = app.url_for(rule.endpoint, **values)
                for method in rule.methods - {"HEAD", "OPTIONS"}:
                    found.add((rule.endpoint, method, url))
    # GETs first, so a POST that changes an object does not hide a page from the rest of the sweep.
    return sorted(found, key=lambda route: (route[1] != "GET", route[2], route[1]))


def is_protected(endpoint: str, url: str) -> bool:
    return urlsplit(url).path.startswith(PROTECTED_PREFIXES) and endpoint not in PUBLIC_AUTH_ENDPOINTS


def is_admin_only(app, endpoint: str) -> bool:
    return getattr(app.view_functions[endpoint], "admin_only", False)


def request(client, method: str, url: str, token: str):
    if method == "GET":
        return client.get(url)
    return client.open(url, method=method, data={"csrf_token": token})


def still_signed_in(client) -> bool:
    """A sweep that signed itself out would test the anonymous case twice."""
    return client.get("/konto/").status_code == 200


@pytest.fixture
def matrix(seeded_app):
    """The demo content, an administrator with two-factor sign-in, an editor, and an account to act on."""
    app = seeded_app
    with app.app_context():
        stamp()  # the schema came from the models; marked as migrated, /readyz answers 200 like the rest
    _, secret = make_user(app, "admin@example.dk", role="admin", totp=True)
    make_user(app, "redaktoer@example.dk")
    target_id, _ = make_user(app, "maal@example.dk")
    admin = app.test_client()
    sign_in(admin, "admin@example.dk", PASSWORD, totp_secret=secret)
    samples = discover_arguments(app, admin)
    # The account the routes act on is the third one, never the administrator doing the sweep.
    samples = [sample for sample in samples if "user_id" not in sample]
    return {"app": app, "admin": admin, "routes": routes(app, target_id, samples)}


def test_every_administrator_area_route_is_marked_admin_only(matrix):
    app = matrix["app"]
    for endpoint, _method, url in matrix["routes"]:
        path = urlsplit(url).path
        if any(path == area or path.startswith(f"{area}/") for area in ADMIN_AREAS):
            assert is_admin_only(app, endpoint), endpoint


def test_anonymous_visitors_are_denied_everything_but_public_pages(matrix):
    client = matrix["app"].test_client()
    token = csrf_token(client, LOGIN_PATH)
    problems = []
    for endpoint, method, url in matrix["routes"]:
        response = request(client, method, url, token)
        status = response.status_code
        if status >= 500:
            problems.append((method, url, status))
        elif is_protected(endpoint, url):
            redirected_to_login = status in (302, 303) and response.location.startswith(LOGIN_PATH)
            if status < 300 or (status < 400 and not redirected_to_login):
                problems.append((method, url, status))
    assert problems == []


def test_editors_are_refused_administrator_routes(matrix):
    app = matrix["app"]
    client = app.test_client()
    sign_in(client, "redaktoer@example.dk", PASSWORD)
    token = csrf_token(client, "/konto/")
    problems, checked = [], 0
    for endpoint, method, url in matrix["routes"]:
        if endpoint in SESSION_ENDING_ENDPOINTS:
            continue
        response = request(client, method, url, token)
        status = response.status_code
        if status >= 500:
            problems.append((method, url, status))
        elif is_admin_only(app, endpoint):
            checked += 1
            if status != 403:
                problems.append((method, url, status))
        if not still_signed_in(client):
            problems.append((method, url, "signed out during the sweep"))
    assert problems == []
    assert checked >= 8


def test_administrators_reach_everything_without_errors(matrix):
    client = matrix["admin"]
    token = csrf_token(client, "/konto/")
    problems = []
    for endpoint, method, url in matrix["routes"]:
        if endpoint in SESSION_ENDING_ENDPOINTS:
            continue
        response = request(client, method, url, token)
        status = response.status_code
        if status >= 500 or status in (401, 403):
            problems.append((method, url, status))
        if not still_signed_in(client):
            problems.append((method, url, "signed out during the sweep"))
    assert problems == []
