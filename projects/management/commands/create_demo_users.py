import secrets

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from portal.models import MANAGERS_GROUP, SCREEN_GROUP, STAFF_GROUP, User
from projects.models import Unit

DEMO_STAFF_UNIT = "建设局"


class Command(BaseCommand):
    help = (
        "Create the demo accounts (admin, manager, staff of one unit, screen for the wall screen) with random "
        "passwords, printed once. "
        "Only for the demo database: refused unless DEBUG is on."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("demo accounts are only for the demo database (DEBUG on)")
        unit = Unit.objects.filter(short_name=DEMO_STAFF_UNIT).first() or Unit.objects.order_by("sort_order").first()
        accounts = [
            ("admin", {"is_superuser": True, "is_staff": True, "last_name": "系统管理员"}, None),
            ("manager", {"is_staff": True, "last_name": "督查管理员"}, MANAGERS_GROUP),
            ("staff", {"unit": unit, "last_name": "填报员"}, STAFF_GROUP),
            ("screen", {"last_name": "一屏统览大屏"}, SCREEN_GROUP),
        ]
        created = []
        for username, fields, group in accounts:
            if User.objects.filter(username=username).exists():
                continue
            password = secrets.token_urlsafe(9)
            user = User.objects.create_user(username=username, password=password, **fields)
            if group:
                user.groups.add(Group.objects.get(name=group))
            created.append((username, password))
        existing = [username for username, _fields, _group in accounts if username not in dict(created)]
        if existing:
            self.stdout.write(
                f"demo accounts exist already: {', '.join(existing)} (their passwords were printed when they were "
                "created). A forgotten password is set anew with: python manage.py changepassword <username>"
            )
        if not created:
            return
        self.stdout.write(self.style.SUCCESS("demo accounts (shown once, write them down):"))
        for username, password in created:
            self.stdout.write(f"  {username:<8} {password}")
        if unit:
            self.stdout.write(f"  (staff works for {unit.name})")
