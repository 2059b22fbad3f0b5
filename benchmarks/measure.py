"""Measure one database of one size (run by benchmarks/run.py in a child process with production settings).

Steps: migrate, generate_data, collectstatic, then time every page in-process with django.test.Client
(the full middleware, template and database stack, without HTTP and process overhead), count its SQL
queries, time the raw SQL floor of the red list, and optionally the import of a generated workbook.
Pages whose URL does not resolve in this branch are reported as "missing".
"""

import argparse
import datetime as dt
import importlib
import inspect
import io
import json
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.contrib import admin  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, Resolver404, resolve, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from portal.models import User  # noqa: E402
from projects.models import Project, Unit  # noqa: E402
from projects.status import Thresholds  # noqa: E402

ADMIN_NOTE = "registered"
if Project not in admin.site._registry:
    # This branch has no project admin yet: measure a plain one (no status), as the performance notes did.
    # It must be registered before the URLconf is first loaded.
    @admin.register(Project)
    class BaselineProjectAdmin(admin.ModelAdmin):
        list_display = ("code", "name", "level", "category", "lead_unit", "total_investment")
        list_filter = ("level",)
        search_fields = ("code", "name")
        list_select_related = ("lead_unit",)

    ADMIN_NOTE = "baseline ModelAdmin registered by the harness (no project admin in this branch)"

IMPORT_CANDIDATES = [
    "projects.excel.importer:import_workbook",
    "projects.services:import_workbook",
    "projects.importer:import_workbook",
    "projects.imports:import_workbook",
    "projects.services:import_list",
    "projects.import_service:import_workbook",
]


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(times):
    return {
        "p50_ms": round(statistics.median(times) * 1000, 2),
        "p95_ms": round(percentile(times, 0.95) * 1000, 2),
        "n": len(times),
    }


def url_for(name, fallback):
    try:
        return reverse(name)
    except NoReverseMatch:
        return fallback


def consume(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def measure_page(client, path, params, requests, peak_memory=False):
    try:
        resolve(path)
    except Resolver404:
        return {"state": "missing", "path": path}
    response = client.get(path, params)
    if response.status_code != 200:
        return {"state": f"HTTP {response.status_code}", "path": path}
    consume(response)
    client.get(path, params)  # warm-up (template cache, connection)
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        consume(client.get(path, params))
        times.append(time.perf_counter() - started)
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


def raw_floor(requests):
    """Page 1 of the year's red projects with red/yellow counts and the total: one statement via the driver."""
    today = timezone.localdate()
    t = Thresholds.current()
    red_cut = today - dt.timedelta(days=t.red)
    yellow_cut = today - dt.timedelta(days=t.yellow)
    pg = connection.vendor == "postgresql"
    sql = RAW_RED_PAGE.format(ph="%s" if pg else "?")
    iso = (lambda d: d) if pg else (lambda d: d.isoformat())  # noqa: E731
    params = [today.year, iso(today), iso(red_cut), iso(today), iso(red_cut), iso(today), iso(red_cut), iso(yellow_cut)]
    connection.ensure_connection()
    cursor = connection.connection.cursor()
    times, rows = [], []
    for _ in range(requests + 2):
        started = time.perf_counter()
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        times.append(time.perf_counter() - started)
    cursor.close()
    result = {"state": "ok", "queries": 1, "rows": len(rows), "total": rows[0][3] if rows else 0}
    result.update(summary(times[2:]))
    return result


def find_import_service(spec):
    for candidate in [spec] if spec else IMPORT_CANDIDATES:
        module_name, func_name = candidate.split(":")
        try:
            return candidate, getattr(importlib.import_module(module_name), func_name)
        except (ImportError, AttributeError):
            continue
    return None, None


def measure_import(spec, projects, milestones, user, seed):
    name, func = find_import_service(spec)
    if func is None:
        return {"state": "missing", "tried": [spec] if spec else IMPORT_CANDIDATES}
    from benchmarks.workbook import write_workbook

    started = time.perf_counter()
    data = write_workbook(projects, milestones // projects, seed=seed + 1, prefix="IM")
    written = time.perf_counter() - started
    params = inspect.signature(func).parameters
    kwargs = {}
    for key, value in {"user": user, "filename": "bench.xlsx", "file_name": "bench.xlsx", "dry_run": False}.items():
        if key in params:
            kwargs[key] = value
    upload = io.BytesIO(data)
    upload.name = "bench.xlsx"
    before = Project.objects.count()
    # Rolled back afterwards, so a database kept for benchmarks/load.sh holds only the generated projects.
    with transaction.atomic():
        started = time.perf_counter()
        try:
            outcome = func(upload, **kwargs)
        except Exception as exc:  # an unknown signature or a failing import: report it, keep the run going
            return {"state": f"error: {type(exc).__name__}: {exc}"[:300], "service": name}
        seconds = time.perf_counter() - started
        created = Project.objects.count() - before
        errors = len(getattr(outcome, "errors", None) or [])
        transaction.set_rollback(True)
    return {
        "state": "ok",
        "service": name,
        "seconds": round(seconds, 2),
        "workbook_seconds": round(written, 2),
        "workbook_mb": round(len(data) / 2**20, 1),
        "projects_created": created,
        "errors": errors,
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
    parser.add_argument("--import-service", default="")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    result = {"size": args.size, "vendor": connection.vendor, "admin": ADMIN_NOTE}
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    started = time.perf_counter()
    call_command("generate_data", projects=args.size, milestones_per_project=args.milestones_per_project,
                 seed=args.seed, stdout=io.StringIO())  # fmt: skip
    result["generate_seconds"] = round(time.perf_counter() - started, 2)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    user = User.objects.create_superuser("bench", password=None)
    client = Client()
    client.force_login(user)
    busiest = Unit.objects.annotate(n=Count("led_projects")).order_by("-n").first()
    list_path = url_for("projects:list", "/projects/")
    red_narrow = {"status": "red", "batch": "ongoing", "lead_unit": busiest.pk}
    pages = [
        ("list", list_path, {}),
        ("list_red", list_path, {"status": "red"}),
        ("list_red_batch_unit", list_path, red_narrow),
        ("overdue", url_for("projects:overdue", "/overdue/"), {}),
        ("dashboard", url_for("dashboard", "/"), {}),
        ("indicators", url_for("indicators:list", "/indicators/"), {}),
        ("admin_changelist", reverse("admin:projects_project_changelist"), {}),
    ]
    result["pages"] = {}
    for name, path, params in pages:
        result["pages"][name] = measure_page(client, path, params, args.requests)
        print(f"  {args.size:>6} {name:<22} {result['pages'][name].get('p50_ms', result['pages'][name]['state'])}")
    try:
        export_path = reverse("projects:export_xlsx")
    except NoReverseMatch:
        result["pages"]["export_xlsx"] = {"state": "missing", "path": "projects:export_xlsx"}
    else:
        result["pages"]["export_xlsx"] = measure_page(client, export_path, {}, args.export_requests, peak_memory=True)
    result["raw_floor"] = raw_floor(args.requests)
    print(f"  {args.size:>6} {'raw_floor':<22} {result['raw_floor']['p50_ms']}")
    if args.import_projects:
        result["import"] = measure_import(
            args.import_service, args.import_projects, args.import_projects * 10, user, args.seed
        )
        print(f"  {args.size:>6} {'import':<22} {result['import'].get('seconds', result['import']['state'])}")
    Path(args.out).write_text(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
