"""Fill the ${NAME} placeholders of a deploy/ template (nginx's own $variables are left alone).

python deploy/render.py deploy/nginx-metodebasen.conf.template --set SERVER_NAME=metodebasen.example \
    --upstream 127.0.0.1:8000 --upstream 10.0.0.12:8000 ... > /etc/nginx/sites-available/metodebasen
"""

import argparse
import re
import sys
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent
PLACEHOLDER = re.compile(r"\$\{([A-Z_]+)\}")
DEFAULTS = {
    "HTTP_LISTEN": "80",
    "HTTPS_LISTEN": "443",
    "PROXY_PARAMS": str(DEPLOY / "proxy_params.conf"),
    "STATIC_ROOT": str(DEPLOY.parent / "static"),
    "ERROR_PAGES": str(DEPLOY / "errors"),
    "PROXY_CACHE_DIR": "/var/cache/nginx/metodebasen",
}


def render(template: str, values: dict[str, str], upstreams: list[str]) -> str:
    """The template with every ${NAME} replaced; KeyError names a placeholder that was not given."""
    values = {**DEFAULTS, **values}
    values.setdefault("UPSTREAM_SERVERS", "\n".join(f"    server {address};" for address in upstreams))
    values.setdefault("PUBLIC_ORIGIN", f"https://{values.get('SERVER_NAME', '')}")
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("template", type=Path)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--upstream", action="append", default=[], metavar="HOST:PORT", help="one per app server")
    args = parser.parse_args(argv)
    values = dict(item.split("=", 1) for item in args.set)
    try:
        sys.stdout.write(render(args.template.read_text(encoding="utf-8"), values, args.upstream or ["127.0.0.1:8000"]))
    except KeyError as missing:
        parser.error(f"no value for ${{{missing.args[0]}}} (give --set {missing.args[0]}=...)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
