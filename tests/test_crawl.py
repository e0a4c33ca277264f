"""Crawl the whole seeded site: every internal link answers, none with an error."""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if tag == "link" and attributes.get("href"):
            self.links.append(attributes["href"])


def crawl(client, start="/"):
    seen: dict[str, int] = {}
    broken: list[tuple[str, str, int]] = []
    queue = [(start, "(start)")]
    while queue:
        path, referrer = queue.pop()
        if path in seen:
            continue
        response = client.get(path)
        seen[path] = response.status_code
        if response.status_code in (301, 302):  # short links and renamed pages: follow them
            target = urlsplit(urljoin(f"http://localhost{path}", response.headers["Location"]))
            queue.append((target.path + (f"?{target.query}" if target.query else ""), path))
            continue
        if response.status_code != 200:
            broken.append((path, referrer, response.status_code))
            continue
        if response.mimetype != "text/html":
            continue
        parser = LinkParser()
        parser.feed(response.get_data(as_text=True))
        for href in parser.links:
            target = urlsplit(urljoin(f"http://localhost{path}", href))
            if target.netloc != "localhost" or target.scheme not in ("http", ""):
                continue
            queue.append((target.path + (f"?{target.query}" if target.query else ""), path))
    return seen, broken


def test_the_whole_site_has_no_broken_internal_links(seeded_client):
    seen, broken = crawl(seeded_client)
    assert broken == []
    assert len(seen) > 100
    assert not [path for path, status in seen.items() if status >= 500]
