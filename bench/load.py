"""Load benchmark: readers and editors against two app servers behind nginx, on one PostgreSQL.

    python bench/load.py --methods 10000 --readers 50 --editors 5 --duration 120

What it does, all on loopback, stopping by itself:
1. fills a fresh PostgreSQL database (`kb_load`, dropped first) with `flask kb generate`, gives every item
   a short link, builds the search index once and copies it to the second server, creates the editors;
2. starts two gunicorn app servers (deploy/gunicorn.conf.py, two workers each, index directories of their
   own), a hello-world Flask app served the same way (bench/hello.py), and nginx with the site config
   from deploy/ (TLS, a self-signed certificate) in front of all three;
3. runs Locust headless (bench/locustfile.py): readers ask for pages, search, short links and QR codes,
   editors save methods, for the given time;
4. prints p50/p95/p99 per request type, errors, 5xx answers, and the ratio of page p95 to the hello-world
   p95; then checks that every acknowledged save is in the database and in both servers' indexes.
"""

import argparse
import csv
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import (  # noqa: E402
    DEPLOYED_GUNICORN,
    SERVER_NAME,
    free_port,
    http_status,
    nginx_command,
    nginx_main_config,
    nginx_site_config,
    start_logged,
    stop_process,
    wait_until,
)

BIN = Path(sys.executable).parent
DEFAULT_SERVER = "postgresql+psycopg://kb:kb@127.0.0.1:5432/kb_test"
EDITOR_PASSWORD = "belastning prøve hæfteklamme 2026 lang nok"
SAMPLE_SCRIPT = """
import json, random, sys
from sqlalchemy import select
from kb import create_app
from kb.extensions import db
from kb.models import Method, ShortLink
from kb.services import shortlinks
app = create_app()
with app.app_context():
    shortlinks.ensure_all()
    random.seed(1)
    slugs = list(db.session.scalars(select(Method.slug).where(Method.status == "published")))
    ids = list(db.session.scalars(select(Method.id).where(Method.status == "published").order_by(Method.id)))
    codes = list(db.session.scalars(select(ShortLink.code).limit(2000)))
    editors = int(sys.argv[2])
    chosen = random.sample(ids, editors * 20)
    samples = {
        "method_slugs": random.sample(slugs, min(2000, len(slugs))),
        "short_codes": codes,
        "editors": [
            {"number": n, "email": f"redaktoer{n}@belastning.test", "password": sys.argv[3],
             "method_ids": chosen[n * 20:(n + 1) * 20]}
            for n in range(editors)
        ],
    }
    open(sys.argv[1], "w").write(json.dumps(samples))
"""
CHECK_SCRIPT = """
import json, sys
from sqlalchemy import select
from kb import create_app
from kb.extensions import db
from kb.models import Method, Revision
from kb.search import apply_pending, check
app = create_app()
acks = [json.loads(line) for line in open(sys.argv[1])]
with app.app_context():
    apply_pending(blocking=True, timeout=60)
    differences = check()
    tokens = set()
    for (data,) in db.session.execute(select(Revision.data).where(Revision.content_type == "method")):
        summary = (data or {}).get("summary") or ""
        tokens.update(word for word in summary.split() if word.startswith("lasttoken"))
    last = {}
    for ack in acks:
        last[ack["method_id"]] = ack["token"]
    current = dict(db.session.execute(select(Method.id, Method.summary).where(Method.id.in_(list(last)))).all())
    print(json.dumps({
        "acknowledged": len(acks),
        "missing_revisions": sorted(a["token"] for a in acks if a["token"] not in tokens),
        "last_not_current": sorted(t for m, t in last.items() if t not in (current.get(m) or "")),
        "index_differences": differences.count,
    }))
"""


def run(command: list[str], environment: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, env=environment, check=True, text=True, **kwargs)


def fresh_database(server_url: str) -> str:
    """Drop and create the benchmark database `kb_load` on the server of `server_url`; return its URL."""
    url = make_url(server_url)
    engine = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS kb_load WITH (FORCE)"))
        connection.execute(text(f'CREATE DATABASE kb_load OWNER "{url.username}"'))
    engine.dispose()
    return url.set(database="kb_load").render_as_string(hide_password=False)


def percentile_table(stats_csv: Path) -> list[dict]:
    with stats_csv.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--methods", type=int, default=10_000)
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--editors", type=int, default=5)
    parser.add_argument("--duration", type=int, default=120, help="seconds of load")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per app server")
    parser.add_argument(
        "--server",
        default=os.environ.get("KB_TEST_POSTGRES_URL", DEFAULT_SERVER),
        help="a PostgreSQL URL whose server gets the kb_load database",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "load")
    args = parser.parse_args(argv)

    out = args.out
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    https_port, http_port = free_port(), free_port()
    ports = {"a": free_port(), "b": free_port(), "hello": free_port()}
    public = f"{SERVER_NAME}:{https_port}"
    database = fresh_database(args.server)
    common = {
        **os.environ,
        "KB_DATABASE_URL": database,
        "KB_SECRET_KEY": secrets.token_hex(32),
        "KB_TOTP_KEY": secrets.token_hex(32),  # production requires one (encrypts two-factor secrets)
        "KB_BASE_URL": f"https://{public}",
        "KB_HTTPS": "1",
        "KB_TRUSTED_PROXIES": "1",
        "KB_EXTRA_HOSTS": "127.0.0.1",  # the servers' health checks, asked directly as a load balancer would
        "KB_LOG_FORMAT": "json",
        "KB_UPLOAD_DIR": str(out / "uploads"),
        # Every simulated reader comes from this one address; real readers come from many.
        "KB_SEARCH_RATE_LIMIT": "100000 per minute",
        "KB_SUGGEST_RATE_LIMIT": "100000 per minute",
        "GUNICORN_WORKERS": str(args.workers),
    }
    common.pop("KB_ENV", None)
    host_env = {
        name: {
            **common,
            "KB_INDEX_DIR": str(out / f"index-{name}"),
            "KB_INDEX_HOST": f"bench-{name}",
            "GUNICORN_BIND": f"127.0.0.1:{ports[name]}",
        }
        for name in ("a", "b")
    }
    flask = [str(BIN / "flask"), "--app", "wsgi"]

    started = time.monotonic()
    run([*flask, "kb", "generate", "--methods", str(args.methods)], host_env["a"], stdout=subprocess.DEVNULL)
    generated = time.monotonic() - started
    samples = out / "samples.json"
    run([sys.executable, "-c", SAMPLE_SCRIPT, str(samples), str(args.editors), EDITOR_PASSWORD], host_env["a"])
    for n in range(args.editors):
        run(
            [*flask, "kb", "create-user", f"redaktoer{n}@belastning.test", "--role", "editor", "--password-stdin"],
            host_env["a"],
            input=EDITOR_PASSWORD + "\n",
            stdout=subprocess.DEVNULL,
        )
    started = time.monotonic()
    run([*flask, "kb", "reindex"], host_env["a"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    indexed = time.monotonic() - started
    shutil.copytree(out / "index-a", out / "index-b", symlinks=True)
    print(f"Prepared {args.methods} methods in {generated:.1f} s, indexed in {indexed:.1f} s.", flush=True)

    site = out / "site.conf"
    config = nginx_site_config(out, http_port, https_port, [f"127.0.0.1:{ports['a']}", f"127.0.0.1:{ports['b']}"])
    # The yardstick: the same proxy, TLS and gunicorn settings in front of a hello-world app.
    config = config.replace(
        "upstream metodebasen_app {",
        f"upstream hello_app {{\n    server 127.0.0.1:{ports['hello']};\n    keepalive 16;\n}}\n\n"
        "upstream metodebasen_app {",
    )
    # Into the HTTPS server (the last `location /`; the first is the plain-HTTP redirect's).
    head, marker, tail = config.rpartition("    location / {\n")
    config = (
        f"{head}    location = /__hello {{\n        proxy_pass http://hello_app;\n"
        f"        include {ROOT / 'deploy' / 'proxy_params.conf'};\n    }}\n\n{marker}{tail}"
    )
    site.write_text(config, encoding="utf-8")
    main_config = out / "nginx.conf"
    main_config.write_text(nginx_main_config(out, site).replace("worker_connections 64", "worker_connections 1024"))

    processes = [
        start_logged([*DEPLOYED_GUNICORN, "wsgi:app"], host_env["a"], out / "gunicorn-a.log"),
        start_logged([*DEPLOYED_GUNICORN, "wsgi:app"], host_env["b"], out / "gunicorn-b.log"),
        start_logged(
            [*DEPLOYED_GUNICORN, "bench.hello:app"],
            {**common, "GUNICORN_BIND": f"127.0.0.1:{ports['hello']}"},
            out / "gunicorn-hello.log",
        ),
        start_logged(nginx_command(out, main_config), dict(os.environ), out / "nginx.log"),
    ]
    try:
        for name in ("a", "b"):
            wait_until(
                lambda n=name: http_status(f"http://127.0.0.1:{ports[n]}/healthz") == 200,
                60,
                message=f"app server {name}",
            )
        wait_until(lambda: http_status(f"http://127.0.0.1:{ports['hello']}/__hello") == 200, 30, message="hello")
        acks = out / "acks.jsonl"
        acks.touch()
        users = args.readers + args.editors
        locust_env = {
            **os.environ,
            "LOAD_SAMPLES": str(samples),
            "LOAD_HOST": public,
            "LOAD_ACKS": str(acks),
            "PYTHONPATH": str(ROOT),
        }
        print(f"Load: {args.readers} readers and {args.editors} editors for {args.duration} s …", flush=True)
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                "bench/locustfile.py",
                "--headless",
                "-u",
                str(users),
                "-r",
                "25",
                "-t",
                f"{args.duration}s",
                "--host",
                f"https://127.0.0.1:{https_port}",
                "--csv",
                str(out / "load"),
                "--only-summary",
                "--loglevel",
                "WARNING",
                "--stop-timeout",
                "10",
            ],
            cwd=ROOT,
            env=locust_env,
            check=False,
            stdout=(out / "locust.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        time.sleep(3)  # both servers' followers apply the last saves
        report(out, args, ports)
        for name in ("a", "b"):
            result = run([sys.executable, "-c", CHECK_SCRIPT, str(acks)], host_env[name], capture_output=True)
            outcome = json.loads(result.stdout.strip().splitlines()[-1])
            print(
                f"Server {name}: {outcome['acknowledged']} acknowledged saves, "
                f"{len(outcome['missing_revisions'])} missing from revisions, "
                f"{len(outcome['last_not_current'])} last saves not current, "
                f"{outcome['index_differences']} index differences."
            )
    finally:
        for process in reversed(processes):
            stop_process(process, timeout=30)
    return 0


def report(out: Path, args, _ports) -> None:
    rows = percentile_table(out / "load_stats.csv")
    five_xx = 0
    failures_csv = out / "load_failures.csv"
    if failures_csv.exists():
        for row in percentile_table(failures_csv):
            if "HTTPError('5" in row.get("Error", "") or "answered 5" in row.get("Error", ""):
                five_xx += int(row["Occurrences"])
    print(f"\n{'request type':34} {'count':>7} {'fail':>5} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    pages_p95, hello_p95 = [], None
    for row in rows:
        name = row["Name"]
        print(
            f"{name:34} {row['Request Count']:>7} {row['Failure Count']:>5} {row['50%']:>7} {row['95%']:>7} "
            f"{row['99%']:>7}"
        )
        if name.startswith("page:"):
            pages_p95.append(float(row["95%"]))
        if name.startswith("hello"):
            hello_p95 = float(row["95%"])
    print(f"5xx answers: {five_xx}")
    if pages_p95 and hello_p95:
        print(
            f"Page p95 (worst page type) / hello-world p95: {max(pages_p95):.0f} / {hello_p95:.0f} ms = "
            f"{max(pages_p95) / hello_p95:.1f}×"
        )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
