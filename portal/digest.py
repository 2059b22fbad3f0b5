"""The daily digest e-mail (reporting.md, section 2): one mail a day per person, listing their notifications not
e-mailed yet, of the kinds they have not turned off (`EmailOptOut`), for people with an e-mail address.

- Notifications of the last DIGEST_DAYS days are mailed; older ones stay in the bell (an address set on an old
  account does not bring a year of reminders).
- One mail per person and day, also with several servers: an `EmailDigest` row (unique per person and day) is
  written before sending; the server that cannot write it leaves that person alone.
- A failed send is logged, its row deleted and nothing marked: the next run sends it. Once a mail is sent, its
  notifications get `emailed_at` and are never mailed again.
- Links are built from SITE_URL (the address users reach the site at); without it nothing is sent.
"""

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import EmailDigest, EmailOptOut, Notification, NotificationKind

logger = logging.getLogger(__name__)

DIGEST_DAYS = 7


class NoSiteUrl(Exception):
    """SITE_URL is not set: the mail's links would lead nowhere."""


@dataclass
class Outcome:
    sent: int = 0
    failed: int = 0
    failed_users: list = field(default_factory=list)


def pending(today):
    """The notifications to mail: not mailed yet, of the last DIGEST_DAYS days, to active people with an address,
    of a kind they have not turned off."""
    opted_out = EmailOptOut.objects.filter(user_id=OuterRef("user_id"), kind=OuterRef("kind"))
    return (
        Notification.objects.filter(emailed_at__isnull=True, day__gte=today - dt.timedelta(days=DIGEST_DAYS))
        .filter(user__is_active=True)
        .exclude(user__email="")
        .exclude(Exists(opted_out))
        .select_related("user")
        .order_by("user_id", "kind", "-day", "pk")
    )


@dataclass
class Group:
    label: str
    lines: list  # [(text, absolute url or "")]


def _absolute(url):
    return f"{settings.SITE_URL}{url}" if url.startswith("/") else url


def _groups(notifications):
    """The person's lines grouped by kind, in the order of NotificationKind."""
    by_kind = {}
    for n in notifications:
        by_kind.setdefault(n.kind, []).append((n.text, _absolute(n.url) if n.url else ""))
    return [Group(kind.label, by_kind[kind.value]) for kind in NotificationKind if kind.value in by_kind]


def message(user, notifications, today):
    """The digest mail of one person: Chinese plain text with an HTML alternative."""
    context = {
        "user": user,
        "name": user.get_full_name() or user.username,
        "day": today,
        "count": len(notifications),
        "groups": _groups(notifications),
        "list_url": _absolute(reverse("notifications")),
        "settings_url": _absolute(reverse("notification_email")),
    }
    subject = render_to_string("portal/email/digest_subject.txt", context).strip()
    mail = EmailMultiAlternatives(
        subject, render_to_string("portal/email/digest.txt", context), settings.DEFAULT_FROM_EMAIL, [user.email]
    )
    mail.attach_alternative(render_to_string("portal/email/digest.html", context), "text/html")
    return mail


def _claim(user, today):
    """The day's digest row of the person, or None when another run has it already."""
    try:
        with transaction.atomic():
            return EmailDigest.objects.create(user=user, day=today)
    except IntegrityError:
        return None


def send_digests(today=None, *, dry_run=False):
    """Send each person their digest of today; returns the numbers sent and failed (with `dry_run`: the number that
    would be sent, nothing sent or marked)."""
    if not settings.SITE_URL:
        raise NoSiteUrl
    today = today or timezone.localdate()
    by_user = {}
    for n in pending(today):
        by_user.setdefault(n.user_id, (n.user, []))[1].append(n)
    sent_today = set(EmailDigest.objects.filter(day=today).values_list("user_id", flat=True))
    outcome = Outcome()
    for user_id, (user, notifications) in by_user.items():
        if user_id in sent_today:
            continue
        if dry_run:
            outcome.sent += 1
            continue
        digest = _claim(user, today)
        if digest is None:
            continue
        try:
            message(user, notifications, today).send()
        except Exception:  # SMTP refusals, connection and DNS errors alike: retried on the next run
            logger.exception("daily digest to %s (%s) failed; it is retried on the next run", user.username, user.email)
            digest.delete()
            outcome.failed += 1
            outcome.failed_users.append(user.username)
            continue
        now = timezone.now()
        with transaction.atomic():
            Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(emailed_at=now)
            digest.sent_at, digest.lines = now, len(notifications)
            digest.save(update_fields=["sent_at", "lines"])
        outcome.sent += 1
    return outcome
