"""The demo's acting accounts: what the demo loaders (supervision orders, site photos) make is done by a demo
account, as a person would do it through the services."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from .models import MANAGERS_GROUP, STAFF_GROUP

DEMO_MANAGER = "demo-supervisor"


def demo_actor(unit=None, manager=False):
    """A demo account acting for a unit (staff) or as a manager (not a login: no usable password)."""
    User = get_user_model()
    name = DEMO_MANAGER if manager else f"demo-staff-{unit.pk}"
    user, created = User.objects.get_or_create(username=name, defaults={"unit": unit, "last_name": "演示"})
    if created:
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=MANAGERS_GROUP if manager else STAFF_GROUP))
    return User.objects.get(pk=user.pk)  # fresh: permissions read again
