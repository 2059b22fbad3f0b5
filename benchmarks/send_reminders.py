"""Time `manage.py send_reminders` on a database that `generate_data` filled (issue 17's target: 10,000 projects and
100,000 milestones in at most 60 s).

    DEBUG=1 DATABASE_URL=... .venv/bin/python benchmarks/send_reminders.py [--days 3] [--date YYYY-MM-DD]

For each of `--days` days from `--date` (default: today), in turn: the first run (which makes that day's reminders)
and a second run (which makes nothing); each with the counts it printed. The reminders made are deleted at the end,
and the staff it adds (one 填报人员 per unit without one, so that every unit's reminders have someone to go to), so the
database is left as it was. No mail is sent (--no-mail): the digest's cost is one SMTP round trip a person.
"""

import argparse
import datetime as dt
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

from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from portal.models import STAFF_GROUP, Notification, User  # noqa: E402
from projects.models import Milestone, Project, Unit  # noqa: E402

PREFIX = "bench-reminders-"


def add_staff():
    group = Group.objects.get(name=STAFF_GROUP)
    staffed = set(User.objects.filter(groups=group).values_list("unit_id", flat=True))
    users = User.objects.bulk_create(
        User(username=f"{PREFIX}{unit.pk}", unit=unit) for unit in Unit.objects.exclude(pk__in=staffed)
    )
    group.user_set.add(*users)
    return len(users)


def run(day):
    out = io.StringIO()
    start = time.perf_counter()
    call_command("send_reminders", "--date", day.isoformat(), "--no-mail", stdout=out)
    seconds = time.perf_counter() - start
    counts = {line.split()[0]: int(line.split()[1]) for line in out.getvalue().splitlines()}
    return round(seconds, 2), counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--date", type=dt.date.fromisoformat, default=None)
    args = parser.parse_args()
    first_day = args.date or timezone.localdate()
    before = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    results = {
        "database": connection.vendor,
        "projects": Project.objects.count(),
        "milestones": Milestone.objects.count(),
        "runs": [],
    }
    results["staff_added"] = add_staff()
    try:
        for offset in range(args.days):
            day = first_day + dt.timedelta(days=offset)
            first_s, first = run(day)
            second_s, second = run(day)
            results["runs"].append(
                {"day": day.isoformat(), "first_s": first_s, "made": first, "second_s": second_s, "again": second}
            )
    finally:
        Notification.objects.filter(pk__gt=before).delete()
        User.objects.filter(username__startswith=PREFIX).delete()
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
