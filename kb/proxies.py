"""Which reverse proxies are believed: the client's address and scheme come from them, and from nobody else.

KB_TRUSTED_PROXIES is either a number of hops (nginx in front: 1) or a comma-separated list of proxy
addresses and networks (`127.0.0.1, 10.0.0.0/8`). Unset, no X-Forwarded-* header is believed. The host is
never taken from a header: absolute URLs come from KB_BASE_URL (kb/public_address.py).
"""

from ipaddress import ip_address, ip_network

from kb.config import ConfigurationError


def _addresses(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _is_in(address: str, networks) -> bool:
    try:
        parsed = ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in networks)


class TrustedProxies:
    """WSGI middleware setting REMOTE_ADDR and wsgi.url_scheme from trusted X-Forwarded-For/-Proto only."""

    def __init__(self, wsgi_app, setting: str | int):
        self.wsgi_app = wsgi_app
        self.hops = 0
        self.networks = []
        text = str(setting).strip()
        if text.isdigit():
            self.hops = int(text)
            return
        try:
            self.networks = [ip_network(part, strict=False) for part in _addresses(text)]
        except ValueError as error:
            raise ConfigurationError(f"KB_TRUSTED_PROXIES: {error}. Give a number of hops or addresses.") from None

    def client(self, remote: str, forwarded_for: list[str]) -> tuple[str, int]:
        """The client's address and how many proxies stood between it and us (0: none trusted)."""
        if self.hops:
            if len(forwarded_for) < self.hops:
                return remote, 0
            return forwarded_for[-self.hops], self.hops
        if not _is_in(remote, self.networks):
            return remote, 0
        chain = [remote, *reversed(forwarded_for)]
        for depth, address in enumerate(chain):
            if not _is_in(address, self.networks):
                return address, depth
        return chain[-1], len(chain) - 1

    def __call__(self, environ, start_response):
        """Serve the request with the client address and scheme the trusted proxies report."""
        forwarded_for = _addresses(environ.get("HTTP_X_FORWARDED_FOR", ""))
        address, depth = self.client(environ.get("REMOTE_ADDR", ""), forwarded_for)
        if depth:
            environ["REMOTE_ADDR"] = address
            protos = _addresses(environ.get("HTTP_X_FORWARDED_PROTO", ""))
            # The nearest trusted proxy's view of the scheme; a client-sent value further left is ignored.
            if protos and protos[-1] in {"http", "https"}:
                environ["wsgi.url_scheme"] = protos[-1]
        return self.wsgi_app(environ, start_response)
