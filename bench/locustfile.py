"""Who the load benchmark (bench/load.py) sends: readers of pages, search, short links and QR codes, editors
who save, and a hello-world route served the same way (the yardstick for the ratio).

Run by bench/load.py, which passes the sample data (slugs, short-link codes, editors and their methods) in
LOAD_SAMPLES and the public Host header in LOAD_HOST. Every acknowledged save's token is appended to
LOAD_ACKS so that bench/load.py can check afterwards that none was lost.
"""

import json
import os
import random
import re
import threading
import urllib.parse

from locust import HttpUser, between, task

from tests.webclient import FormParser

SAMPLES = json.loads(open(os.environ["LOAD_SAMPLES"], encoding="utf-8").read())  # noqa: SIM115
HOST = os.environ["LOAD_HOST"]
ACKS = os.environ["LOAD_ACKS"]
QUERIES = [
    "familie",
    "unge",
    "børn",
    "behandling",
    "hjemløshed",
    "angst",
    "misbrug",
    "forældre",
    "mst",
    "kognitiv terapi",
    "psykisk sårbare",
    "udsatte unge",
    "botilbud",
    "stofmisbrug behandling",
]
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_acks_lock = threading.Lock()
_editors = list(SAMPLES["editors"])


class Visitor(HttpUser):
    """Base for both kinds of user: the public Host header, a self-signed certificate accepted."""

    abstract = True

    def on_start(self):
        self.client.verify = False
        self.client.headers["Host"] = HOST


class Reader(Visitor):
    """A practitioner: pages, lists, search (page and API), short links from paper, QR images."""

    weight = 50
    wait_time = between(0.5, 2.0)

    @task(4)
    def method_page(self):
        self.client.get(f"/metoder/{random.choice(SAMPLES['method_slugs'])}", name="page: method")

    @task(2)
    def front_page(self):
        self.client.get("/", name="page: front")

    @task(2)
    def method_list(self):
        self.client.get(f"/metoder?page={random.randint(1, 20)}", name="page: method list")

    @task(1)
    def areas(self):
        self.client.get("/indsatsomraader", name="page: areas")

    @task(3)
    def search_page(self):
        self.client.get(f"/soeg?q={urllib.parse.quote(random.choice(QUERIES))}", name="search: page")

    @task(3)
    def search_api(self):
        self.client.get(f"/api/v1/search?q={urllib.parse.quote(random.choice(QUERIES))}", name="search: api")

    @task(2)
    def short_link(self):
        self.client.get(f"/l/{random.choice(SAMPLES['short_codes'])}", name="short link (+ page)")

    @task(1)
    def qr(self):
        self.client.get(f"/l/{random.choice(SAMPLES['short_codes'])}/qr.png", name="qr png")

    @task(1)
    def hello(self):
        self.client.get("/__hello", name="hello world (yardstick)")


class Editor(Visitor):
    """An editor at Metodecenteret saving one of their own methods again and again."""

    fixed_count = len(SAMPLES["editors"])
    wait_time = between(1.0, 3.0)

    def on_start(self):
        super().on_start()
        self.account = _editors.pop() if _editors else random.choice(SAMPLES["editors"])
        self.counter = 0
        page = self.client.get("/konto/log-ind", name="editor: sign-in form").text
        token = _CSRF.search(page).group(1)
        self.client.post(
            "/konto/log-ind",
            data={"csrf_token": token, "email": self.account["email"], "password": self.account["password"]},
            headers={"Referer": f"https://{HOST}/konto/log-ind"},
            name="editor: sign in",
            allow_redirects=False,
        )

    @task
    def save(self):
        method_id = random.choice(self.account["method_ids"])
        path = f"/redaktion/metoder/{method_id}"
        page = self.client.get(path, name="editor: edit form")
        parser = FormParser()
        parser.feed(page.text)
        form = next((f for f in parser.forms if f["action"].endswith(path)), None)
        if form is None:
            return
        self.counter += 1
        token = f"lasttoken{self.account['number']}x{self.counter}"
        fields = dict(form["fields"])
        summary = re.sub(r" ?lasttoken\d+x\d+", "", fields.get("summary", ""))
        fields["summary"] = f"{summary} {token}"
        with self.client.post(
            path,
            data=fields,
            headers={"Referer": f"https://{HOST}{path}"},
            name="editor: save",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code in (302, 303):
                response.success()
                with _acks_lock, open(ACKS, "a", encoding="utf-8") as acks:
                    acks.write(json.dumps({"method_id": method_id, "token": token}) + "\n")
            else:
                response.failure(f"save answered {response.status_code}")
