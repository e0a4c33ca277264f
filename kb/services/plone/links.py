"""Rewriting links in Plone rich text to Metodebasen addresses (pure functions: no database, no Flask).

Handles `resolveuid/<uid>` in all its forms (plain, `../`, with `#anchor`, `/@@download/file`,
`/@@images/image/<scale>`), absolute URLs of the old site (http and https), root-relative and relative
paths (resolved against the item's own old address, as a browser did on the old site).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from kb.services.redirects import strip_view_suffix

_RESOLVEUID = re.compile(r"(?:^|/)resolve[uU]id/([0-9a-fA-F-]{32,36})(/.*)?$")
_A_TAG = re.compile(r"<a\b[^>]*>", re.IGNORECASE)
_IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = "{name}\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')"


@dataclass(frozen=True)
class OldTarget:
    """What a link on the old site pointed at: a Plone UID or an old public path (suffixes stripped)."""

    uid: str | None
    path: str | None
    fragment: str


def _attribute(tag: str, name: str) -> re.Match | None:
    return re.search(_ATTRIBUTE.format(name=name), tag, re.IGNORECASE)


def old_target(href: str, base_path: str, site_url: str) -> OldTarget | None:
    """The old-site target of `href` written on the page at `base_path`, or None for links elsewhere."""
    href = href.strip()
    if not href or href.startswith(("#", "mailto:", "tel:", "data:", "javascript:")):
        return None
    site = urlsplit(site_url)
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        host = parts.netloc.lower().removeprefix("www.")
        if parts.scheme not in ("http", "https", "") or host != site.netloc.lower().removeprefix("www."):
            return None
    absolute = urlsplit(urljoin(f"{site.scheme}://{site.netloc}{base_path}", href))
    path = absolute.path or "/"
    match = _RESOLVEUID.search(path)
    if match:
        return OldTarget(uid=match.group(1).replace("-", "").lower(), path=None, fragment=absolute.fragment)
    return OldTarget(uid=None, path=strip_view_suffix(path.rstrip("/") or "/"), fragment=absolute.fragment)


@dataclass
class Rewritten:
    """Rich text with links rewritten, and the old links that lead to nothing imported."""

    html: str
    unresolved: list[str]
    images_as_links: int = 0


def rewrite_links(html: str, base_path: str, site_url: str, resolve: Callable[[OldTarget], str | None]) -> Rewritten:
    """Point every old-site link and image in `html` at its new address from `resolve`.

    An old-site link that `resolve` cannot place loses its href (the text stays) and is listed as
    unresolved. Images become links to their download, since rich text in Metodebasen holds no images.
    """
    unresolved: list[str] = []
    images = 0

    def new_href(href: str) -> tuple[bool, str | None]:
        target = old_target(href, base_path, site_url)
        if target is None:
            return False, None
        url = resolve(target)
        if url is None:
            unresolved.append(href)
            return True, None
        return True, url + (f"#{target.fragment}" if target.fragment and "#" not in url else "")

    def anchor(match: re.Match) -> str:
        tag = match.group(0)
        href = _attribute(tag, "href")
        if href is None:
            return tag
        is_old, url = new_href(href.group(1) if href.group(1) is not None else href.group(2))
        if not is_old:
            return tag
        replacement = f'href="{url}"' if url else ""
        return tag[: href.start()] + replacement + tag[href.end() :]

    def image(match: re.Match) -> str:
        nonlocal images
        tag = match.group(0)
        src, alt = _attribute(tag, "src"), _attribute(tag, "alt")
        if src is None:
            return ""
        is_old, url = new_href(src.group(1) if src.group(1) is not None else src.group(2))
        text = (alt.group(1) or alt.group(2) or "") if alt else ""
        if not is_old or url is None:
            return ""
        images += 1
        return f'<a href="{url}">{text or "Billede"}</a>'

    html = _A_TAG.sub(anchor, html or "")
    html = _IMG_TAG.sub(image, html)
    return Rewritten(html, unresolved, images)
