"""Measure one database of one size (run by benchmarks/run.py in a child process with production settings).

Steps: migrate, generate_data, VACUUM ANALYZE (PostgreSQL), collectstatic, then time every page in-process with
django.test.Client (the full middleware, template and database stack, without HTTP and process overhead), count its
SQL queries, time the raw SQL floor of the red list, and optionally the import of a generated workbook; with --serve,
then time one page per name read from stdin (`serve`: run.py times the sizes' pages in turn).

Pages are timed as users meet them, with the whole-list aggregates served from the cache while nothing changes
(portal.aggregate_cache); the `*_uncached` pages are the same pages with that cache turned off: what the first
view after a write costs.
"""

import argparse
import datetime as dt
import io
import json
import os
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from benchmarks.stats import summary  # noqa: E402
from portal.models import User  # noqa: E402
from projects.excel.importer import import_workbook  # noqa: E402
from projects.models import Project, Unit  # noqa: E402
from projects.status import Thresholds  # noqa: E402


def consume(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def timed_get(client, path, params):
    """Seconds one request of the page takes, its body read; a page that does not answer 200 ends the run."""
    started = time.perf_counter()
    response = client.get(path, params)
    consume(response)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{path} {params}: HTTP {response.status_code}")
    return elapsed


def measure_page(client, path, params, requests, peak_memory=False, cache=True):
    if not cache:
        with override_settings(AGGREGATE_CACHE_SECONDS=0):
            return measure_page(client, path, params, requests, peak_memory)
    for _ in range(2):
        timed_get(client, path, params)  # warm-up (template cache, connection)
    times = [timed_get(client, path, params) for _ in range(requests)]
    with CaptureQueriesContext(connection) as ctx:
        body = consume(client.get(path, params))
    result = {"state": "ok", "path": path, "params": params, "queries": len(ctx), "bytes": len(body)}
    result.update(summary(times))
    if peak_memory:
        tracemalloc.start()
        consume(client.get(path, params))
        result["peak_python_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()
    return result


RAW_RED_PAGE = """
WITH red AS (
    SELECT le.id, le.project_id, p.code, p.name, u.short_name
    FROM projects_listentry le
    JOIN projects_project p ON p.id = le.project_id
    JOIN projects_unit u ON u.id = p.lead_unit_id
    WHERE le.year = {ph} AND EXISTS (
        SELECT 1 FROM projects_milestone m
        WHERE m.project_id = le.project_id AND NOT m.is_exempt
          AND (m.actual_date IS NULL OR m.actual_date > {ph}) AND m.planned_date <= {ph})
), page AS (SELECT * FROM red ORDER BY code LIMIT 50)
SELECT page.code, page.name, page.short_name,
    (SELECT count(*) FROM red) AS total,
    (SELECT count(*) FROM projects_milestone m WHERE m.project_id = page.project_id AND NOT m.is_exempt
        AND (m.actual_date IS NULL OR m.actual_date > {ph}) AND m.planned_date <= {ph}) AS red_count,
    (SELECT count(*) FROM projects_milestone m WHERE m.project_id = page.project_id AND NOT m.is_exempt
        AND (m.actual_date IS NULL OR m.actual_date > {ph}) AND m.planned_date > {ph}
        AND m.planned_date <= {ph}) AS yellow_count
FROM page ORDER BY page.code
"""


def floor_statement():
    """run() executes the raw SQL floor once (page 1 of the year's red projects with red/yellow counts and the
    total: one statement via the driver) and returns its rows."""
    today = timezone.localdate()
    t = Thresholds.current()
    red_cut = today - dt.timedelta(days=t.red)
    yellow_cut = today - dt.timedelta(days=t.yellow)
    pg = connection.vendor == "postgresql"
    sql = RAW_RED_PAGE.format(ph="%s" if pg else "?")
    iso = (lambda d: d) if pg else (lambda d: d.isoformat())  # noqa: E731
    params = [today.year, iso(today), iso(red_cut), iso(today), iso(red_cut), iso(today), iso(red_cut), iso(yellow_cut)]
    connection.ensure_connection()
    cursor = connection.connection.cursor()  # opened once, outside the timed statement

    def run():
        cursor.execute(sql, params)
        return cursor.fetchall()

    return run


def raw_floor(requests):
    run = floor_statement()
    times, rows = [], []
    for _ in range(requests + 2):
        started = time.perf_counter()
        rows = run()
        times.append(time.perf_counter() - started)
    result = {"state": "ok", "queries": 1, "rows": len(rows), "total": rows[0][3] if rows else 0}
    result.update(summary(times[2:]))
    return result


def paired(client, pages, requests):
    """The target ratios' terms timed in turn, round after round: each page of `pages` ({name: (path, params)}) and
    the floor once per round. A machine whose speed drifts during the run (a shared virtual machine does) then
    weighs on both sides of a ratio alike; timed one after the other, the floor alone moved the red list's ratio
    from 3.8 to 4.7 between two runs a minute apart."""
    floor = floor_statement()
    for path, params in pages.values():
        timed_get(client, path, params)  # warm-up
    floor()
    times = {name: [] for name in [*pages, "raw_floor"]}
    for _ in range(requests):
        for name, (path, params) in pages.items():
            times[name].append(timed_get(client, path, params))
        started = time.perf_counter()
        floor()
        times["raw_floor"].append(time.perf_counter() - started)
    return {name: summary(values) for name, values in times.items()}


def serve(client, pages):
    """Times one request of a page for each name read from stdin (a key of `pages`: {name: (path, params)}) and
    prints its seconds; an empty line or end of input ends. run.py times the sizes' pages in turn this way,
    each size's database in its own process, so that the 10k / 1k ratios do not compare minutes apart on a machine
    whose speed drifts (timed apart, the indicator list, which reads no project, once came out 1.56 × slower at
    10k)."""
    for path, params in pages.values():
        timed_get(client, path, params)  # warm-up
    print("READY", flush=True)
    for line in sys.stdin:
        name = line.strip()
        if not name:
            break
        print(f"{timed_get(client, *pages[name]):.6f}", flush=True)


def measure_import(projects, milestones, user, seed):
    from benchmarks.workbook import write_workbook

    started = time.perf_counter()
    data = write_workbook(projects, milestones // projects, seed=seed + 1, prefix="IM")
    written = time.perf_counter() - started
    before = Project.objects.count()
    # Rolled back afterwards, so a database kept for benchmarks/load.sh holds only the generated projects.
    with transaction.atomic():
        started = time.perf_counter()
        outcome = import_workbook(io.BytesIO(data), "bench.xlsx", user=user)
        seconds = time.perf_counter() - started
        created = Project.objects.count() - before
        transaction.set_rollback(True)
    return {
        "state": "ok" if not outcome.errors else f"{len(outcome.errors)} errors",
        "seconds": round(seconds, 2),
        "workbook_seconds": round(written, 2),
        "workbook_mb": round(len(data) / 2**20, 1),
        "projects_created": created,
        "errors": len(outcome.errors),
        "rolled_back": True,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--milestones-per-project", type=int, default=10)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--export-requests", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--import-projects", type=int, default=0)
    parser.add_argument("--orders", type=int, default=0, help="supervision orders to generate")
    parser.add_argument("--out", required=True)
    parser.add_argument("--serve", action="store_true", help="then time pages on request (see serve)")
    args = parser.parse_args()

    result = {"size": args.size, "vendor": connection.vendor}
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    started = time.perf_counter()
    call_command("generate_data", projects=args.size, milestones_per_project=args.milestones_per_project,
                 seed=args.seed, orders=args.orders, stdout=io.StringIO())  # fmt: skip
    result["generate_seconds"] = round(time.perf_counter() - started, 2)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # what autovacuum does to a table after a bulk load
    user = User.objects.create_superuser("bench", password=None)
    client = Client()
    client.force_login(user)
    busiest = Unit.objects.annotate(n=Count("led_projects")).order_by("-n").first()
    list_path = reverse("projects:list")
    red, red_narrow = {"status": "red"}, {"status": "red", "batch": "ongoing", "lead_unit": busiest.pk}
    pages = [
        ("list", list_path, {}, True),
        ("list_red", list_path, red, True),
        ("list_red_batch_unit", list_path, red_narrow, True),
        ("overdue", reverse("projects:overdue"), {}, True),
        ("dashboard", reverse("dashboard"), {}, True),
        ("indicators", reverse("indicators:list"), {}, True),
        ("admin_changelist", reverse("admin:projects_project_changelist"), {}, True),
        ("supervision_ledger", reverse("supervision:ledger"), {}, True),
        ("supervision_todo", reverse("supervision:todo"), {}, True),
        ("api_list", reverse("api:projects"), {}, True),  # the cockpit API's list, a page of the same 50 rows
        ("list_uncached", list_path, {}, False),
        ("list_red_uncached", list_path, red, False),
        ("dashboard_uncached", reverse("dashboard"), {}, False),
    ]
    result["pages"] = {}
    for name, path, params, cache in pages:
        result["pages"][name] = measure_page(client, path, params, args.requests, cache=cache)
        print(f"  {args.size:>6} {name:<22} {result['pages'][name]['p50_ms']}", flush=True)
    export = measure_page(client, reverse("projects:export_xlsx"), {}, args.export_requests, peak_memory=True)
    result["pages"]["export_xlsx"] = export
    result["raw_floor"] = raw_floor(args.requests)
    print(f"  {args.size:>6} {'raw_floor':<22} {result['raw_floor']['p50_ms']}", flush=True)
    in_turn = {
        "list_red": (list_path, red),
        "admin_changelist": (reverse("admin:projects_project_changelist"), {}),
        # The supervision pages against the unfiltered project list (issue 16's target), timed in the same rounds.
        "list": (list_path, {}),
        "supervision_ledger": (reverse("supervision:ledger"), {}),
        "supervision_todo": (reverse("supervision:todo"), {}),
        "api_list": (reverse("api:projects"), {}),  # the cockpit API's list against the same list page
    }
    result["paired"] = paired(client, in_turn, args.requests)
    print(
        f"  {args.size:>6} {'paired':<22} " + " ".join(f"{k} {v['p50_ms']}" for k, v in result["paired"].items()),
        flush=True,
    )
    if args.import_projects:
        result["import"] = measure_import(args.import_projects, args.import_projects * 10, user, args.seed)
        print(f"  {args.size:>6} {'import':<22} {result['import']['seconds']}", flush=True)
    Path(args.out).write_text(json.dumps(result, indent=2, ensure_ascii=False))
    if args.serve:
        serve(client, {name: (path, params) for name, path, params, cache in pages if cache})


if __name__ == "__main__":
    main()
