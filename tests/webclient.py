"""A small cookie-keeping HTTP client that fills in and submits the site's own forms, for tests (and the
load benchmark) that talk to real servers: gunicorn, nginx. No browser, no JavaScript.

    browser = WebClient("http://127.0.0.1:8000")
    browser.sign_in("ann@example.dk", PASSWORD)
    status, body = browser.submit("/redaktion/metoder/3", {"name": "Nyt navn"})
"""

import http.cookiejar
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser

LOGIN_PATH = "/konto/log-ind"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args, **_kwargs):
        return None


class FormParser(HTMLParser):
    """Every POST form on a page: its action and the values a browser would send (first submit button)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"action": attrs.get("action", ""), "method": attrs.get("method", "get").lower(), "fields": []}
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind in ("submit", "button", "file", "image"):
                return
            self._form["fields"].append((name, attrs.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = {"name": name, "chosen": [], "first": None}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self._select["chosen"].append(value)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            self._form["fields"].append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = self._select["chosen"] or ([self._select["first"]] if self._select["first"] is not None else [])
            self._form["fields"].extend((self._select["name"], value) for value in chosen)
            self._select = None
        elif tag == "form":
            self._form = None


class WebClient:
    """A visitor with cookies; `get`, `post` and `submit` return (status, body text) and never follow redirects."""

    def __init__(self, base: str, headers: dict | None = None, timeout: float = 30):
        self.base = base.rstrip("/")
        self.headers = headers or {}
        self.timeout = timeout
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect())
        self.last_headers = {}

    def request(self, method: str, path: str, data: list | dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, method=method, headers=self.headers)
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                self.last_headers = dict(response.headers)
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            self.last_headers = dict(error.headers)
            return error.code, error.read().decode("utf-8", "replace")

    def get(self, path: str) -> tuple[int, str]:
        return self.request("GET", path)

    def post(self, path: str, data) -> tuple[int, str]:
        return self.request("POST", path, data)

    def form(self, path: str, action: str | None = None) -> tuple[str, list[tuple[str, str]]]:
        """The POST form on `path` whose action is `action` (default: the page's own address)."""
        status, page = self.get(path)
        if status != 200:
            raise AssertionError(f"GET {path} answered {status}")
        parser = FormParser()
        parser.feed(page)
        wanted = action or path
        for form in parser.forms:
            if (
                form["method"] == "post"
                and urllib.parse.urlsplit(form["action"]).path == urllib.parse.urlsplit(wanted).path
            ):
                return form["action"] or path, form["fields"]
        raise AssertionError(f"no POST form to {wanted} on {path}")

    def submit(self, path: str, changes: dict[str, str], action: str | None = None) -> tuple[int, str]:
        """Load the form on `path`, replace the named fields' values, and post it as a browser would."""
        target, fields = self.form(path, action)
        fields = [(name, value) for name, value in fields if name not in changes] + list(changes.items())
        return self.post(target, fields)

    def sign_in(self, email: str, password: str) -> None:
        status, _body = self.submit(LOGIN_PATH, {"email": email, "password": password})
        if status not in (302, 303):
            raise AssertionError(f"signing in {email} answered {status}")
