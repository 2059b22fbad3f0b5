"""Time closing a month and the month's 月度通报 against the project list (issue 18's targets: closing a month of
10,000 projects and 100,000 milestones in at most 30 s; the bulletin page of that month within 2 × the project list's
p50, in the same run).

    DEBUG=0 SECRET_KEY=x ALLOWED_HOSTS=testserver SECURE_SSL_REDIRECT=0 DATABASE_URL=postgres://…/kxc_month \\
        .venv/bin/python benchmarks/month_close.py [--generate 10000] [--closes 3] [--rounds 30] [--keep]

With `--generate N` on an empty database it is filled first as benchmarks/run.py fills its databases: migrate,
`generate_data` (N projects with 10 milestones each, N / 2 supervision orders, seed 1), VACUUM ANALYZE (PostgreSQL).
Then, as a manager would: the month before last is closed (so that the bulletin has a month to compare with), and last
month is closed `--closes` times with `manage.py close_month` (reopened by an administrator between two closes; each
close is timed whole, command included). The bulletin of last month and the project list are then timed in turn (one
request of each per round, in-process with django.test.Client as benchmarks/measure.py does), with the aggregate cache
as users meet it, and their query counts. The closes made are deleted at the end unless `--keep`, so that the database
is left as it was.
"""

import argparse
import io
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from benchmarks.measure import timed_get  # noqa: E402
from benchmarks.stats import summary  # noqa: E402
from monthclose.models import ClosedMonth, previous_month  # noqa: E402
from monthclose.services import reopen_month  # noqa: E402
from portal.models import User  # noqa: E402
from projects.models import Milestone, Project  # noqa: E402

CLOSER = "bench-month-close"


def generate(size):
    call_command("migrate", verbosity=0)
    if Project.objects.exists():
        raise SystemExit("--generate fills an empty database; this one holds projects (leave --generate out)")
    started = time.perf_counter()
    call_command("generate_data", projects=size, milestones_per_project=10, seed=1, orders=size // 2,
                 stdout=io.StringIO())  # fmt: skip
    seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # what autovacuum does to a table after a bulk load
    return round(seconds, 1)


def timed_close(year, month):
    """Seconds `manage.py close_month` takes, and what it printed."""
    out = io.StringIO()
    started = time.perf_counter()
    call_command("close_month", str(year), str(month), "--user", CLOSER, stdout=out)
    return round(time.perf_counter() - started, 2), out.getvalue().strip()


def in_turn(client, pages, rounds):
    """{name: summary}: one request of each page per round, so that the machine's drift falls on all of them alike."""
    for path, params in pages.values():
        timed_get(client, path, params)  # warm-up
    times = {name: [] for name in pages}
    for _round in range(rounds):
        for name, (path, params) in pages.items():
            times[name].append(timed_get(client, path, params))
    result = {}
    for name, (path, params) in pages.items():
        with CaptureQueriesContext(connection) as ctx:
            client.get(path, params)
        result[name] = {**summary(times[name]), "queries": len(ctx)}
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generate", type=int, default=0, help="fill an empty database with N projects first")
    parser.add_argument("--closes", type=int, default=3, help="times last month is closed (reopened between)")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="keep the closed months")
    args = parser.parse_args()
    results = {"database": connection.vendor}
    if args.generate:
        results["generate_s"] = generate(args.generate)
    call_command("collectstatic", interactive=False, verbosity=0)  # production settings: the pages need the manifest
    today = timezone.localdate()
    year, month = previous_month(today.year, today.month)
    before = previous_month(year, month)
    if ClosedMonth.objects.filter(Q(year=year, month=month) | Q(year=before[0], month=before[1])).exists():
        raise SystemExit(
            f"{before[0]}-{before[1]:02d} or {year}-{month:02d} is closed already: reopen it, or use a copy"
        )
    results.update(projects=Project.objects.count(), milestones=Milestone.objects.count(), month=f"{year}-{month:02d}")
    admin, _created = User.objects.get_or_create(username=CLOSER, defaults={"is_staff": True, "is_superuser": True})
    first_pk = ClosedMonth.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    try:
        results["close_month_before_s"], _out = timed_close(*before)
        closes = []
        for n in range(args.closes):
            if n:
                reopen_month(year, month, admin, "benchmark")
            seconds, out = timed_close(year, month)
            closes.append(seconds)
            print(f"close {year}-{month:02d}: {seconds} s  ({out})", flush=True)
        results["close_s"] = closes
        closed = ClosedMonth.objects.current().get(year=year, month=month)
        results["frozen"] = {"entries": closed.entries.count(), "milestones": closed.milestones.count()}
        client = Client()
        client.force_login(admin)
        pages = {
            "list": (reverse("projects:list"), {}),
            "bulletin": (reverse("monthclose:bulletin", args=[year, month]), {}),
        }
        results["pages"] = in_turn(client, pages, args.rounds)
        results["bulletin_over_list_p50"] = round(
            results["pages"]["bulletin"]["p50_ms"] / results["pages"]["list"]["p50_ms"], 2
        )
    finally:
        if not args.keep:
            ClosedMonth.objects.filter(pk__gt=first_pk).delete()
            User.objects.filter(username=CLOSER).delete()
    print(json.dumps(results, ensure_ascii=False, indent=2))
    worst = max(results["close_s"])
    print(f"close ≤ 30 s: {'yes' if worst <= 30 else 'NO'} (slowest {worst} s); "
          f"bulletin ≤ 2 × list p50: {'yes' if results['bulletin_over_list_p50'] <= 2 else 'NO'} "
          f"({results['bulletin_over_list_p50']} ×)")  # fmt: skip


if __name__ == "__main__":
    main()
