"""Prepare a database for the load scripts: migrate, 2,000 synthetic projects (if it holds none), 50 users with a
logged-in session each; writes the session keys, one per line, to the file given (for wrk's Lua script).

    DATABASE_URL=... .venv/bin/python benchmarks/load_setup.py SESSIONS_FILE [--projects 2000] [--users 50]

Run by benchmarks/load_users.sh and benchmarks/fault_pg_restart.sh with production settings.
"""

import argparse
import os
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402

from portal.idle import LAST_SEEN_KEY  # noqa: E402
from portal.models import MANAGERS_GROUP, STAFF_GROUP, User  # noqa: E402
from projects.models import Project, Unit  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sessions_file")
    parser.add_argument("--projects", type=int, default=2000)
    parser.add_argument("--users", type=int, default=50)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not Project.objects.exists():
        call_command("generate_data", projects=args.projects, seed=0, verbosity=0)
    units = list(Unit.objects.order_by("pk"))
    staff, managers = Group.objects.get(name=STAFF_GROUP), Group.objects.get(name=MANAGERS_GROUP)
    keys = []
    for n in range(1, args.users + 1):
        # One in five a manager, the others staff of the units in turn: the pages they see differ in their links.
        manager = n % 5 == 0
        user, _created = User.objects.get_or_create(
            username=f"load{n:02d}", defaults={"unit": None if manager else units[n % len(units)], "is_staff": manager}
        )
        user.groups.set([managers if manager else staff])
        session = SessionStore()
        session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(user.pk), "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[LAST_SEEN_KEY] = int(time.time())  # as at a login: rewritten once a minute under load
        session.create()
        keys.append(session.session_key)
    Path(args.sessions_file).write_text("\n".join(keys) + "\n")
    print(f"{Project.objects.count()} projects, {len(keys)} logged-in users")


if __name__ == "__main__":
    main()
