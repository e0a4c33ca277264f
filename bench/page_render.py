"""Median and p95 render time of the main public pages on the seeded demo content (SQLite).

Run: `make bench` (or `.venv/bin/python bench/page_render.py [--rounds N]`). Prints a table; the README
keeps the figures measured on the development machine. Timing is through Flask's test client, so it
measures the application (queries + templates), not the network.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kb import create_app, search
from kb.extensions import db
from kb.seed.loader import load_demo_content

PAGES = {
    "method page": "/metoder/multisystemisk-terapi",
    "conference page": "/konferencer/kkr-konference-2021",
    "area page": "/indsatsomraader/udsatte-boern-og-unge",
    "method list": "/metoder",
    "filtered method list": "/metoder?maalgruppe=unge&evidens=moderat",
    "front page": "/",
    "name search": "/soeg?q=terapi",
    "conference with prioritisation chart": "/konferencer/januarkonference-2015",
    "rosette": "/oversigter/rosetten",
    "evidence and gap matrix": "/oversigter/evidens-og-huller",
    "municipal uptake": "/oversigter/kommuner",
    "compare 4 methods": "/oversigter/sammenlign?metode=multisystemisk-terapi&metode=housing-first"
    "&metode=de-utrolige-aar&metode=kognitiv-adfaerdsterapi",
    "method handout": "/metoder/multisystemisk-terapi/udskriv",
    "conference handout": "/konferencer/kkr-konference-2021/udskriv",
}


def measure(client, path: str, rounds: int) -> list[float]:
    client.get(path)  # warm caches and template compilation
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, path
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        app = create_app(
            {
                "SECRET_KEY": "bench",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{directory}/bench.sqlite",
                "KB_INDEX_DIR": f"{directory}/index",
            }
        )
        with app.app_context():
            db.create_all()
            load_demo_content()
            search.rebuild()  # as `make run` does, so searches hit a real index
        client = app.test_client()
        python = sys.version.split()[0]
        print(f"{'page':<38} {'median ms':>10} {'p95 ms':>8}   ({args.rounds} rounds, SQLite, Python {python})")
        for name, path in PAGES.items():
            timings = sorted(measure(client, path, args.rounds))
            p95 = timings[int(len(timings) * 0.95) - 1]
            print(f"{name:<38} {statistics.median(timings):>10.2f} {p95:>8.2f}")
        with app.app_context():
            db.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
