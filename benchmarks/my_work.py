"""Time 我的待办 (/my/) against the project list on a database that `generate_data` filled (issue 17's target: /my/
for a busy unit's staff within 1.5 × the project list's p50, in the same run).

    DEBUG=0 SECRET_KEY=x ALLOWED_HOSTS=testserver SECURE_SSL_REDIRECT=0 DATABASE_URL=... \\
        .venv/bin/python benchmarks/my_work.py [--rounds 30]

In-process with django.test.Client, as benchmarks/measure.py does. The pages are timed in turn (one request of each
per round), so that the machine's drift falls on all of them alike; once with the aggregate cache as users meet it,
once without it (`*_uncached`: what the first view after a write costs). The staff member works for the unit that owns
the most overdue milestones of this year's list.
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from benchmarks.measure import timed_get  # noqa: E402
from benchmarks.stats import summary  # noqa: E402
from portal.models import MANAGERS_GROUP, STAFF_GROUP, User  # noqa: E402
from projects.models import Milestone, Unit  # noqa: E402


def busiest_unit(today):
    overdue = Milestone.objects.in_list(today.year).overdue(today)
    counts = Unit.objects.annotate(
        n=Count("milestones", filter=Q(milestones__in=overdue.values("pk")), distinct=True)
    ).order_by("-n")
    return counts.first()


def user(name, group, unit=None):
    person, _created = User.objects.get_or_create(username=name, defaults={"unit": unit})
    person.unit = unit
    person.save()
    person.groups.set([Group.objects.get(name=group)])
    return person


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    today = timezone.localdate()
    unit = busiest_unit(today)
    clients = {}
    for name, group, person_unit in [("bench_staff", STAFF_GROUP, unit), ("bench_manager", MANAGERS_GROUP, None)]:
        client = Client()
        client.force_login(user(name, group, person_unit))
        clients[name] = client
    year = {"year": today.year}
    pages = {
        "list (staff)": (clients["bench_staff"], "/projects/", year),
        "/my/ (staff)": (clients["bench_staff"], "/my/", {}),
        "/my/ (manager)": (clients["bench_manager"], "/my/", {}),
    }
    print(f"unit {unit} ({unit.n} overdue milestones), {args.rounds} rounds, {connection.vendor}")
    for cached in (True, False):
        with override_settings(AGGREGATE_CACHE_SECONDS=600 if cached else 0):
            for client, path, params in pages.values():
                timed_get(client, path, params)  # warm-up
            times = {name: [] for name in pages}
            for _round in range(args.rounds):
                for name, (client, path, params) in pages.items():
                    times[name].append(timed_get(client, path, params))
            p50 = {name: summary(values)["p50_ms"] for name, values in times.items()}
            for name, (client, path, params) in pages.items():
                with CaptureQueriesContext(connection) as ctx:
                    client.get(path, params)
                stats = summary(times[name])
                label = name if cached else f"{name} uncached"
                ratio = p50[name] / p50["list (staff)"]
                print(
                    f"{label:<26} p50 {stats['p50_ms']:7.1f} ms  p95 {stats['p95_ms']:7.1f} ms  "
                    f"{len(ctx)} queries  × list p50 {ratio:.2f}"
                )


if __name__ == "__main__":
    main()
