"""The only module that cleans HTML. Rich text is sanitised once, when it is written."""

import re

import nh3

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "h2", "h3", "h4", "a", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# Browsers drop these anywhere in a URL before reading it, so "/\t/evil.example" is "//evil.example".
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]")


def _keep_href(value: str) -> bool:
    """A link goes to a web or mail address or stays on this site; never protocol-relative to another host."""
    url = _IGNORED_IN_URLS.sub("", value).replace("\\", "/")
    if url.startswith("//"):
        return False
    scheme, colon, _rest = url.partition(":")
    if colon and "/" not in scheme and "?" not in scheme and "#" not in scheme:
        return scheme.lower() in ALLOWED_URL_SCHEMES
    return True


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "href" and not _keep_href(value):
        return None
    return value


def clean_html(value: str | None) -> str:
    """Return `value` with every tag, attribute and URL scheme outside the allow-list removed."""
    if not value:
        return ""
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        attribute_filter=_filter_attribute,
        link_rel="noopener noreferrer",
    ).strip()
