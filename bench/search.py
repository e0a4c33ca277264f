"""Search speed: the JSON API and the search page against the bare Whoosh index, side by side in one run.

    .venv/bin/python bench/search.py --demo                     # the seeded demo: fixed cost per request
    .venv/bin/python bench/search.py --demo --profile           # ... and where the API's time goes (cProfile)
    .venv/bin/python bench/search.py --methods 10000            # build (once) and measure
    .venv/bin/python bench/search.py --methods 100000 --rounds 3

--demo seeds the demo content (`flask kb seed`) into a fresh SQLite database in a temporary directory,
builds its index (`flask kb reindex`), then times /api/v1/search, the page /soeg and the bare Whoosh
search of the same index for the same typical queries, interleaved request by request, as served: the
rate limit on (each request from one of many client addresses, so none is refused), the search counts
on. It prints median, p95 and the ratios to bare Whoosh, and the load average while it ran.

The first run for a size fills bench/out/<size>.sqlite with `bench.synthetic.generate` and builds its index
with the same rebuild as `flask kb reindex` (timed). Later runs reuse both (--rebuild forces a new index).
Prints medians, p95 and the API/bare ratio; no assertions, the machine is shared and noisy.
It also times the search page /soeg with the anonymous search counts (KB_SEARCH_LOG) on and off, in
alternating rounds, and prints the on/off ratio: recording must not slow search down measurably.

"Bare Whoosh" is what a plain Whoosh application would do for the same request: a MultifieldParser
query over the same fields and boosts, the total and the top 10 with highlighted snippets. The API adds
Flask, synonyms, compound parts, Danish spelling variants, five facets with counts and JSON. (Whoosh's
own facet grouping was measured too and dropped: over multi-valued fields it took over a second per
query at 10,000 methods, which is why the app counts facets by intersecting cached posting sets.)
"""

import argparse
import cProfile
import os
import pstats
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from whoosh import highlight  # noqa: E402
from whoosh.qparser import AndGroup, MultifieldParser  # noqa: E402

from bench.synthetic import generate  # noqa: E402
from kb import create_app  # noqa: E402
from kb.extensions import db  # noqa: E402
from kb.search import rebuild  # noqa: E402
from kb.search.schema import FIELD_BOOSTS, TEXT_FIELDS  # noqa: E402
from kb.search.store import searcher_for  # noqa: E402
from kb.search.sync import store  # noqa: E402
from kb.seed.loader import load_demo_content  # noqa: E402
from kb.services import shortlinks  # noqa: E402

QUERIES = [
    "familieterapi",
    "unge",
    "behandling af angst",
    "forældre",
    "hjemløse borgere",
    "misbrug",
    "netværk",
    "autisme struktur",
    "psykisk sårbare voksne",
    "beskæftigelse",
    "mestring",
    "forældretræning",
    "kognitiv terapi",
    "udadreagerende adfærd",
    "recovery",
    "hjerneskade rehabilitering",
    "tværfaglig støtte",
    "børn i familier",
    "relation",
    "bostøtte",
    # Broad words: each matches a large share of the documents, which is what ranking and counting pay for.
    "børn",
    "familie",
    "behandling",
    "borgere",
    "støtte",
    "voksne",
]
# The most expensive requests a client may send, after the caps in kb/search/params.py and query.py.
# The typo words were invented for this benchmark: long, misspelt, and matching nothing exactly.
_TYPOS = "hjemloshedd behandlinng forældreskabbet misbrugerrne konfliktterne rehabiliteringgen sygdommmene bostøttenn"
WORST_CASES = {
    "/soeg: 12 long misspelt words (8 used)": ("/soeg", {"q": " ".join((_TYPOS + " " + _TYPOS).split()[:12])}),
    "API: 8 long misspelt words, 4 × 50": ("/api/v1/search", {"q": _TYPOS, "page": "4", "per_page": "50"}),
    "API: common word, deepest page 4 × 50": ("/api/v1/search", {"q": "unge", "page": "4", "per_page": "50"}),
    "API: common word, page 1 × 50": ("/api/v1/search", {"q": "behandling", "per_page": "50"}),
    "API: one misspelt 200-letter word": ("/api/v1/search", {"q": ("behandlinngsforløbet" * 10)[:200]}),
    "API: page=1000&per_page=50 (as 4 × 50)": ("/api/v1/search", {"q": "unge", "page": "1000", "per_page": "50"}),
}
WORST_SUGGESTIONS = {
    "suggest: 6 words, 2-letter prefix": "unge familie behandling borgere støtte un",
    "suggest: 200 characters": "a" * 200,
}
PREFIXES = ["fa", "fam", "famil", "beh", "behandl", "ung", "mest", "rec", "hjer", "forældre", "kog", "net"]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(share * len(ordered)) - 1)]


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def directory_size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1024 / 1024


def prepare(app, methods: int, force_rebuild: bool) -> dict:
    facts = {}
    with app.app_context():
        upgrade()
        from sqlalchemy import func, select

        from kb.models import Method

        existing = db.session.scalar(select(func.count()).select_from(Method))
        if existing < methods:
            started = time.perf_counter()
            generate(methods - existing, seed=1)
            facts["generate_s"] = time.perf_counter() - started
        if force_rebuild or store().current_path() is None:
            started = time.perf_counter()
            facts["documents"] = rebuild()
            facts["reindex_s"] = time.perf_counter() - started
    return facts


def bare_search(searcher, parser, text: str):
    query = parser.parse(text)
    results = searcher.search(query, limit=10)
    results.fragmenter = highlight.ContextFragmenter(maxchars=220, surround=60)
    results.formatter = highlight.HtmlFormatter(tagname="mark")
    rows = [
        (hit["key"], hit.highlights("summary") or (hit.highlights("body") if "body" in hit else "")) for hit in results
    ]
    return len(results), rows


def ratio(values: list[float], baseline: list[float]) -> str:
    return (
        f"median {statistics.median(values) / statistics.median(baseline):.2f}, "
        f"p95 {percentile(values, 0.95) / percentile(baseline, 0.95):.2f}"
    )


def demo(rounds: int, profile: bool) -> int:
    """The seeded demo: the API and the page against bare Whoosh, interleaved request by request."""
    with tempfile.TemporaryDirectory() as directory:
        app = create_app(
            {
                "SECRET_KEY": "bench",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{directory}/seeded.sqlite",
                "KB_INDEX_DIR": f"{directory}/index",
                "KB_INDEX_FOLLOW_SECONDS": 0,  # nothing is written while measuring: no follower thread needed
            }
        )
        with app.app_context():
            upgrade()
            load_demo_content()
            shortlinks.ensure_all()
            documents = rebuild()
        client = app.test_client()
        with app.app_context():
            searcher = searcher_for(store())
            whoosh_parser = MultifieldParser(
                list(TEXT_FIELDS), searcher.schema, fieldboosts=FIELD_BOOSTS, group=AndGroup
            )
        requests = 0

        def get(path: str, text: str):
            # Many client addresses, each well under the limit: every request pays for its count, none is refused.
            nonlocal requests
            requests += 1
            address = f"10.{requests // 60000 % 250}.{requests // 250 % 240}.{requests % 250 + 1}"
            response = client.get(path, query_string={"q": text}, environ_base={"REMOTE_ADDR": address})
            assert response.status_code == 200, (path, text, response.status_code)

        def bare(text: str):
            with app.app_context():
                bare_search(searcher, whoosh_parser, text)

        paths = {
            "API /api/v1/search": lambda text: get("/api/v1/search", text),
            "page /soeg": lambda text: get("/soeg", text),
            "bare Whoosh": bare,
        }
        for text in QUERIES:  # warm up: caches, template compilation, the OS page cache
            for run in paths.values():
                run(text)
        times: dict[str, list[float]] = {name: [] for name in paths}
        cpu: dict[str, list[float]] = {name: [] for name in paths}
        loads = [os.getloadavg()[0]]
        for number in range(rounds):
            for text in QUERIES:
                # Rotate the order, so no path always runs right after another's garbage.
                names = list(paths)[number % 3 :] + list(paths)[: number % 3]
                for name in names:
                    started, started_cpu = time.perf_counter(), time.thread_time()
                    paths[name](text)
                    times[name].append((time.perf_counter() - started) * 1000)
                    cpu[name].append((time.thread_time() - started_cpu) * 1000)
            loads.append(os.getloadavg()[0])

        print(
            f"Search benchmark, seeded demo: {documents} documents, {rounds} rounds × {len(QUERIES)} queries, "
            f"interleaved; Python {sys.version.split()[0]}, {os.cpu_count()} cores; 1-minute load average "
            f"{min(loads):.1f}-{max(loads):.1f}"
        )
        # CPU time of the measuring thread (the test client serves in it): what the request costs, much less
        # sensitive than wall time to the other work on a shared machine.
        for label, measured in (("wall time", times), ("CPU time", cpu)):
            print(f"{label:<24} {'median ms':>9} {'p95 ms':>9}   ratio to bare Whoosh")
            for name, values in measured.items():
                print(
                    f"  {name:<22} {statistics.median(values):>9.2f} {percentile(values, 0.95):>9.2f}   "
                    + ("" if name == "bare Whoosh" else ratio(values, measured["bare Whoosh"]))
                )
        if profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(max(1, rounds // 3)):
                for text in QUERIES:
                    get("/api/v1/search", text)
            profiler.disable()
            print("\nWhere the API's time goes (cProfile, cumulative):")
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description="Search benchmark")
    parser.add_argument("--methods", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, help="rounds over the queries (default 5; 30 with --demo)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the index even if one exists")
    parser.add_argument("--demo", action="store_true", help="the seeded demo instead of generated content")
    parser.add_argument("--profile", action="store_true", help="with --demo: print a cProfile of API requests")
    args = parser.parse_args()
    if args.demo:
        return demo(args.rounds or 30, args.profile)
    args.rounds = args.rounds or 5

    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    database = out / f"{args.methods}.sqlite"
    index_dir = out / f"{args.methods}-index"
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "KB_INDEX_DIR": str(index_dir),
            "RATELIMIT_ENABLED": False,  # measured is the work per request, not the per-client limit
        }
    )
    facts = prepare(app, args.methods, args.rebuild)
    client = app.test_client()

    with app.app_context():
        searcher = searcher_for(store())
        whoosh_parser = MultifieldParser(list(TEXT_FIELDS), searcher.schema, fieldboosts=FIELD_BOOSTS, group=AndGroup)
        documents = searcher.doc_count()

    # Warm up both paths (caches, template compilation, OS page cache).
    for text in QUERIES:
        client.get(f"/api/v1/search?q={quote(text)}")
        with app.app_context():
            bare_search(searcher, whoosh_parser, text)

    worst_times: dict[str, list[float]] = {name: [] for name in [*WORST_CASES, *WORST_SUGGESTIONS]}
    page_times: dict[bool, list[float]] = {True: [], False: []}
    for recording in (True, False):  # warm up the page path too
        app.config["KB_SEARCH_LOG"] = recording
        client.get(f"/soeg?q={quote(QUERIES[0])}")

    api_times, bare_times, suggest_times, api_cpu, bare_cpu = [], [], [], [], []
    per_query: dict[str, list[float]] = {}
    loads = [os.getloadavg()[0]]
    for _ in range(args.rounds):
        for text in QUERIES:
            started, started_cpu = time.perf_counter(), time.thread_time()
            response = client.get(f"/api/v1/search?q={quote(text)}")
            api_times.append((time.perf_counter() - started) * 1000)
            api_cpu.append((time.thread_time() - started_cpu) * 1000)
            per_query.setdefault(text, []).append(api_times[-1])
            assert response.status_code == 200
            started, started_cpu = time.perf_counter(), time.thread_time()
            with app.app_context():
                bare_search(searcher, whoosh_parser, text)
            bare_times.append((time.perf_counter() - started) * 1000)
            bare_cpu.append((time.thread_time() - started_cpu) * 1000)
        loads.append(os.getloadavg()[0])
        for recording in (True, False):
            app.config["KB_SEARCH_LOG"] = recording
            for text in QUERIES:
                started = time.perf_counter()
                assert client.get(f"/soeg?q={quote(text)}").status_code == 200
                page_times[recording].append((time.perf_counter() - started) * 1000)
        for prefix in PREFIXES:
            started = time.perf_counter()
            assert client.get(f"/api/v1/suggest?q={quote(prefix)}").status_code == 200
            suggest_times.append((time.perf_counter() - started) * 1000)
        for name, (path, arguments) in WORST_CASES.items():
            started = time.perf_counter()
            assert client.get(path, query_string=arguments).status_code in (200, 400)
            worst_times[name].append((time.perf_counter() - started) * 1000)
        for name, text in WORST_SUGGESTIONS.items():
            started = time.perf_counter()
            assert client.get("/api/v1/suggest", query_string={"q": text}).status_code == 200
            worst_times[name].append((time.perf_counter() - started) * 1000)

    def row(name, values):
        return f"{name:<46} {statistics.median(values):>9.1f} {percentile(values, 0.95):>9.1f}"

    current = index_dir / "current"
    print(
        f"Search benchmark: {args.methods} methods, {documents} documents, Python {sys.version.split()[0]}, "
        f"{os.cpu_count()} cores; 1-minute load average {min(loads):.1f}-{max(loads):.1f} while timing the API"
    )
    for name, value in facts.items():
        print(f"  {name}: {value:.1f}" if isinstance(value, float) else f"  {name}: {value}")
    print(f"{'':<46} {'median ms':>9} {'p95 ms':>9}   ({args.rounds} rounds × {len(QUERIES)} queries)")
    print(row("API /api/v1/search (facets, snippets)", api_times))
    print(row("bare Whoosh (top 10, total, snippets)", bare_times))
    print(row("  the same, CPU time: API", api_cpu))
    print(row("  the same, CPU time: bare Whoosh", bare_cpu))
    slowest = sorted(per_query, key=lambda text: -statistics.median(per_query[text]))[:5]
    print(
        "  slowest typical queries (API median ms): "
        + ", ".join(f"{text} {statistics.median(per_query[text]):.1f}" for text in slowest)
    )
    print(row("API /api/v1/suggest", suggest_times))
    print(f"worst cases ({args.rounds} rounds each; the first round of a typo query fills the near-word cache):")
    for name, values in worst_times.items():
        print(row(f"  {name}", values))
    print(row("page /soeg, search counts on", page_times[True]))
    print(row("page /soeg, search counts off", page_times[False]))
    on, off = page_times[True], page_times[False]
    print(
        f"ratio counts on/off: median {statistics.median(on) / statistics.median(off):.2f}, "
        f"p95 {percentile(on, 0.95) / percentile(off, 0.95):.2f}"
    )
    print(
        f"ratio API/bare: median {statistics.median(api_times) / statistics.median(bare_times):.2f}, "
        f"p95 {percentile(api_times, 0.95) / percentile(bare_times, 0.95):.2f}"
    )
    print(
        f"index size: {directory_size_mb(current.resolve()):.1f} MB; database: {database.stat().st_size / 1e6:.1f} MB; "
        f"resident memory of this process: {rss_mb():.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
