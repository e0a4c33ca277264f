"""Every public page type at the seeded size and at 10,000 methods, side by side in one run.

    .venv/bin/python bench/page_render.py                  # seeded demo + 10,000 methods, 30 rounds
    .venv/bin/python bench/page_render.py --methods 0      # the seeded demo only
    .venv/bin/python bench/page_render.py --rounds 100

Two SQLite databases: the seeded demo (built fresh in a temporary directory) and bench/out/pages-<N>.sqlite,
the same demo plus `bench.synthetic.generate` content up to N published methods in all, with its search index.
The large one is built on the first run (generation and indexing are timed and printed) and reused later.

For each page type the path is chosen in each database, the same way: a detail page is the item with the
most links of its kind (the area with most methods, the municipality using most methods, ...), so the large
column shows the worst case a visitor can reach, not a small item. Timing is through Flask's test client
after one warm-up request (the application: queries and templates, not the network). Prints the median
and p95 time, the median CPU time of the process (less sensitive to other work on a shared machine), the
number of SQL statements and the response size of each page for both databases.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import event, func, select  # noqa: E402

from kb import create_app, search  # noqa: E402
from kb.extensions import db  # noqa: E402
from kb.models import (  # noqa: E402
    Conference,
    DevelopmentArea,
    FrameworkAgreement,
    InterventionArea,
    Method,
    Municipality,
    Organisation,
    Person,
    PrioritisationResult,
    ProgrammeItem,
    ProgrammeItemSpeaker,
)
from kb.models.links import conference_organisation, development_area_method, method_area, method_municipality  # noqa: E402
from kb.seed.loader import load_demo_content  # noqa: E402
from kb.vocabulary import PUBLISHED  # noqa: E402

BUDGET_MS = 100
BUDGET_KB = 300


def _most_linked(model, link_column, owner_column) -> str:
    """The slug of the published `model` row with the most rows in a link table."""
    statement = (
        select(model.slug)
        .join(link_column.table, owner_column == model.id)
        .where(model.status == PUBLISHED)
        .group_by(model.id)
        .order_by(func.count().desc(), model.slug)
        .limit(1)
    )
    return db.session.scalar(statement)


def _slug_of_first(statement) -> str:
    return db.session.scalar(statement.limit(1))


def _conference_with_prioritisation() -> str:
    return _slug_of_first(
        select(Conference.slug)
        .join(PrioritisationResult, PrioritisationResult.conference_id == Conference.id)
        .where(Conference.status == PUBLISHED)
        .group_by(Conference.id)
        .order_by(func.count().desc(), Conference.slug)
    )


def _largest_conference() -> str:
    return _slug_of_first(
        select(Conference.slug)
        .join(ProgrammeItem, ProgrammeItem.conference_id == Conference.id)
        .where(Conference.status == PUBLISHED)
        .group_by(Conference.id)
        .order_by(func.count().desc(), Conference.slug)
    )


def _busiest_person() -> str:
    return _slug_of_first(
        select(Person.slug)
        .join(ProgrammeItemSpeaker, ProgrammeItemSpeaker.person_id == Person.id)
        .where(Person.status == PUBLISHED)
        .group_by(Person.id)
        .order_by(func.count().desc(), Person.slug)
    )


def _newest_agreement() -> str:
    return _slug_of_first(
        select(FrameworkAgreement.slug)
        .where(FrameworkAgreement.status == PUBLISHED)
        .order_by(FrameworkAgreement.start_year.desc(), FrameworkAgreement.slug)
    )


def _first_sitemap_file() -> str:
    """The sitemap's first part when it is an index of parts, else the sitemap itself."""
    from kb.catalogue.sitemap import part_size, published_counts, sitemap_size

    return "/sitemap-1.xml" if sitemap_size(published_counts()) > part_size() else "/sitemap.xml"


def _four_methods() -> str:
    slugs = db.session.scalars(
        select(Method.slug).where(Method.status == PUBLISHED).order_by(Method.slug).limit(4)
    ).all()
    return "&".join(f"metode={slug}" for slug in slugs)


# Page type -> path, or a function returning it (run in an application context of the database measured).
PAGES: dict[str, str | Callable[[], str]] = {
    "front page": "/",
    "method list": "/metoder",
    "method list, last page": "/metoder?page=9999",
    "filtered method list": "/metoder?maalgruppe=unge&evidens=moderat",
    "method page": lambda: (
        "/metoder/" + _most_linked(Method, method_municipality.c.method_id, method_municipality.c.method_id)
    ),
    "method handout": lambda: (
        "/metoder/"
        + _most_linked(Method, method_municipality.c.method_id, method_municipality.c.method_id)
        + "/udskriv"
    ),
    "area list": "/indsatsomraader",
    "area page": lambda: (
        "/indsatsomraader/"
        + _most_linked(InterventionArea, method_area.c.intervention_area_id, method_area.c.intervention_area_id)
    ),
    "area feed": lambda: (
        "/indsatsomraader/"
        + _most_linked(InterventionArea, method_area.c.intervention_area_id, method_area.c.intervention_area_id)
        + "/feed.xml"
    ),
    "conference list": "/konferencer",
    "conference page": lambda: "/konferencer/" + _largest_conference(),
    "conference with prioritisation": lambda: "/konferencer/" + _conference_with_prioritisation(),
    "conference handout": lambda: "/konferencer/" + _largest_conference() + "/udskriv",
    "agreement list": "/rammeaftaler",
    "agreement page": lambda: "/rammeaftaler/" + _newest_agreement(),
    "development area page": lambda: (
        "/udviklingsomraader/"
        + _most_linked(
            DevelopmentArea,
            development_area_method.c.development_area_id,
            development_area_method.c.development_area_id,
        )
    ),
    "person list": "/personer",
    "person page": lambda: "/personer/" + _busiest_person(),
    "organisation list": "/organisationer",
    "organisation page": lambda: (
        "/organisationer/"
        + _most_linked(
            Organisation, conference_organisation.c.organisation_id, conference_organisation.c.organisation_id
        )
    ),
    "municipality list": "/kommuner",
    "municipality page": lambda: (
        "/kommuner/"
        + _slug_of_first(
            select(Municipality.slug)
            .join(method_municipality, method_municipality.c.municipality_id == Municipality.id)
            .group_by(Municipality.id)
            .order_by(func.count().desc(), Municipality.slug)
        )
    ),
    "evidence scale": "/evidensskala",
    "about": "/om",
    "search page": "/soeg?q=familie",
    "overviews": "/oversigter",
    "rosette": "/oversigter/rosetten",
    "evidence and gap matrix": "/oversigter/evidens-og-huller",
    "municipal uptake": "/oversigter/kommuner",
    "compare 4 methods": lambda: "/oversigter/sammenlign?" + _four_methods(),
    "sitemap": "/sitemap.xml",
    "sitemap part (a file of URLs)": _first_sitemap_file,
    "feed": "/feed.xml",
    "API method list, 100 per page": "/api/v1/methods?per_page=100",
    "API method list, last page": "/api/v1/methods?per_page=100&page=9999",
    "API filtered method list": "/api/v1/methods?target_group=unge&evidence=moderat&sort=-updated&per_page=100",
    "API method": lambda: (
        "/api/v1/methods/" + _most_linked(Method, method_municipality.c.method_id, method_municipality.c.method_id)
    ),
    "API area": lambda: (
        "/api/v1/areas/"
        + _most_linked(InterventionArea, method_area.c.intervention_area_id, method_area.c.intervention_area_id)
    ),
    "API conference": lambda: "/api/v1/conferences/" + _largest_conference(),
    "API municipality list": "/api/v1/municipalities?per_page=100",
    "API OpenAPI document": "/api/v1/openapi.json",
}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(share * len(ordered)) - 1)]


class Measurement:
    """Median and p95 time, SQL statements and size of one page in one database."""

    def __init__(self, path: str, timings: list[float], cpu: list[float], queries: int, size: int):
        self.path = path
        self.median = statistics.median(timings)
        self.p95 = percentile(timings, 0.95)
        self.cpu = statistics.median(cpu)
        self.queries = queries
        self.size = size


def measure(app, client, path: str, rounds: int) -> Measurement:
    statements = []

    def count(*_args):
        statements.append(1)

    with app.app_context():
        engine = db.engine
    response = client.get(path)  # warm caches, template compilation and the OS page cache
    assert response.status_code == 200, (path, response.status_code)
    event.listen(engine, "before_cursor_execute", count)
    response = client.get(path)
    event.remove(engine, "before_cursor_execute", count)
    size = len(response.data)
    timings, cpu = [], []
    for _ in range(rounds):
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return Measurement(path, timings, cpu, len(statements), size)


def make_app(database: Path, index_dir: Path):
    """The application on `database`, without the index follower and search count threads."""
    return create_app(
        {
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "KB_INDEX_DIR": str(index_dir),
            "KB_INDEX_FOLLOW_SECONDS": 0,
            # No background thread writing search counts: its flushes would land in the CPU times measured,
            # and the seeded database's would fail once its temporary directory is gone.
            "KB_SEARCH_LOG_FLUSH_SECONDS": 0,
        }
    )


def prepare(app, methods: int) -> dict[str, float]:
    """Bring the database to head with the demo content and, when `methods` > 0, synthetic content up to it."""
    from bench.synthetic import generate
    from kb.search.sync import store

    facts = {}
    with app.app_context():
        upgrade()
        if not db.session.scalar(select(func.count()).select_from(Method)):
            load_demo_content()
        existing = db.session.scalar(select(func.count()).select_from(Method))
        if methods > existing:
            started = time.perf_counter()
            generate(methods - existing, seed=1, force=True)
            facts["generate_s"] = time.perf_counter() - started
        if store().current_path() is None or "generate_s" in facts:
            started = time.perf_counter()
            search.rebuild()
            facts["reindex_s"] = time.perf_counter() - started
        facts["methods"] = db.session.scalar(select(func.count()).select_from(Method))
        facts["published"] = db.session.scalar(
            select(func.count()).select_from(Method).where(Method.status == PUBLISHED)
        )
    return facts


def run(app, rounds: int) -> dict[str, Measurement]:
    """Measure every page type in `app`'s database."""
    client = app.test_client()
    results = {}
    for name, page in PAGES.items():
        if callable(page):
            with app.app_context():
                page = page()
        results[name] = measure(app, client, page, rounds)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--methods", type=int, default=10_000, help="size of the large database; 0 skips it")
    parser.add_argument("--only", help="measure only page types whose name contains this")
    args = parser.parse_args()
    if args.only:
        for name in [n for n in PAGES if args.only not in n]:
            del PAGES[name]
    columns = {}
    with tempfile.TemporaryDirectory() as directory:
        seeded = make_app(Path(directory) / "seeded.sqlite", Path(directory) / "index")
        facts = prepare(seeded, 0)
        columns[f"seeded ({facts['published']} methods)"] = run(seeded, args.rounds)
    if args.methods:
        out = ROOT / "bench" / "out"
        out.mkdir(parents=True, exist_ok=True)
        large = make_app(out / f"pages-{args.methods}.sqlite", out / f"pages-{args.methods}-index")
        facts = prepare(large, args.methods)
        for key, label in (("generate_s", "generated"), ("reindex_s", "indexed")):
            if key in facts:
                print(f"{label} the {args.methods}-method database in {facts[key]:.1f} s")
        columns[f"{facts['methods']:,} methods ({facts['published']:,} published)"] = run(large, args.rounds)

    python = sys.version.split()[0]
    print(f"\n{args.rounds} rounds per page after one warm-up, Flask test client, SQLite, Python {python}")
    print("time in ms (median / p95), CPU time of this process in ms (median), SQL statements, response size in kB")
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average at the end: {load} (the CPU column is less sensitive to it)")
    header = f"{'page':<32}" + "".join(f" | {title:>42}" for title in columns)
    print(header)
    print("-" * len(header))
    over = []
    for name in PAGES:
        cells = []
        for results in columns.values():
            m = results[name]
            cells.append(f"{m.median:7.1f} / {m.p95:7.1f} {m.cpu:7.1f} cpu {m.queries:3d} q {m.size / 1024:7.1f} kB")
        print(f"{name:<32}" + "".join(f" | {cell:>42}" for cell in cells))
        last = list(columns.values())[-1][name]
        if last.p95 > BUDGET_MS or last.size > BUDGET_KB * 1024:
            over.append(f"{name} ({last.path}): p95 {last.p95:.1f} ms, {last.size / 1024:.1f} kB")
    if over:
        print(f"\nover the budget ({BUDGET_MS} ms p95, {BUDGET_KB} kB) in the last column:")
        print("\n".join(f"  {line}" for line in over))
    for title, results in columns.items():
        print(f"\npaths measured, {title}:")
        print("\n".join(f"  {name}: {m.path}" for name, m in results.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
