"""The in-app notification channel (reporting.md, section 2): one way for every app to remind people.

`notify(users, kind=..., text=..., url=..., obj=..., day=...)` writes one notification per person, in the caller's
transaction (an event that rolls back reminds nobody), at most one per (person, kind, object, day). The bell in the
navigation (`portal.context_processors.notifications`) counts the unread ones; `/notifications/` lists them.
E-mail digests and date-based reminders are a later issue; `Notification.emailed_at` is kept for them.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from .models import Notification, NotificationKind

__all__ = ["Notification", "NotificationKind", "notify"]


def notify(users, *, kind, text, url="", obj=None, day=None):
    """Notify each of `users` (the active ones, each once) of an event; returns the number of people. A repeat of the
    same person, kind, object and day is skipped by the database's unique constraint, not written twice."""
    kind = NotificationKind(kind)
    day = day or timezone.localdate()
    content_type = ContentType.objects.get_for_model(obj) if obj is not None else None
    people = {user.pk: user for user in users if user.is_active}
    rows = [
        Notification(
            user=user,
            kind=kind,
            text=text[:500],
            url=url,
            content_type=content_type,
            object_id=obj.pk if obj is not None else None,
            day=day,
        )
        for user in people.values()
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
