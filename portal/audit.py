"""The login audit: writes a `LoginEvent` for every login, failed or refused login, lockout, logout and password
change, from Django's and django-axes' signals (connected in PortalConfig.ready).

Password changes are seen through a password validator's `password_changed` hook, which Django calls whenever a
user with a new password is saved (the password page, the admin's password forms); the request that made the
change comes from `RequestContextMiddleware`. A change without a request (`manage.py changepassword`, a new
account) is not a login event and is not recorded.
"""

import contextvars

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.utils.translation import gettext as _

from .models import LoginEvent
from .security import client_ip, stamp_login

_current_request = contextvars.ContextVar("portal_audit_request", default=None)


class RequestContextMiddleware:
    """Makes the request known to the password-change hook for the length of the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


def record(kind, request=None, user=None, username="", detail=""):
    """Write one audit row: who (the account if known, and the name as typed), from where, with what browser."""
    if user is not None and not username:
        username = user.get_username()
    meta = request.META if request is not None else {}
    return LoginEvent.objects.create(
        kind=kind,
        user=user if user is not None and user.pk else None,
        username=(username or "")[:150],
        ip_address=client_ip(request) if request is not None else None,
        user_agent=meta.get("HTTP_USER_AGENT", "")[:255],
        detail=str(detail)[:200],
    )


def on_logged_in(sender, request, user, **kwargs):
    record(LoginEvent.Kind.LOGIN, request, user)


def on_logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(LoginEvent.Kind.LOGOUT, request, user, detail=getattr(request, "login_event_detail", ""))


def on_login_failed(sender, credentials, request=None, **kwargs):
    refused = getattr(request, "login_refused_as_locked", False)
    kind = LoginEvent.Kind.REFUSED if refused else LoginEvent.Kind.FAILED
    record(kind, request, username=str(credentials.get("username") or ""))


def on_locked_out(sender, request, username, ip_address, **kwargs):
    # django-axes also sends this for each attempt refused while locked: those are already REFUSED rows.
    if not getattr(request, "login_refused_as_locked", False):
        detail = _("失败 %(count)s 次，锁定 %(minutes)s 分钟") % {
            "count": settings.AXES_FAILURE_LIMIT,
            "minutes": settings.AXES_COOLOFF_MINUTES,
        }
        record(LoginEvent.Kind.LOCKED, request, username=str(username or ""), detail=detail)


def connect():
    user_logged_in.connect(stamp_login, dispatch_uid="portal.security.stamp_login")
    user_logged_in.connect(on_logged_in, dispatch_uid="portal.audit.logged_in")
    user_logged_out.connect(on_logged_out, dispatch_uid="portal.audit.logged_out")
    user_login_failed.connect(on_login_failed, dispatch_uid="portal.audit.login_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="portal.audit.locked_out")


class PasswordChangeAudit:
    """A password validator that validates nothing: it records the change made through a request."""

    def validate(self, password, user=None):
        return None

    def get_help_text(self):
        return _("修改密码会记入登录日志。")

    def password_changed(self, password, user=None):
        request = _current_request.get()
        if request is None or user is None or user.pk is None:
            return
        actor = getattr(request, "user", None)
        detail = ""
        if actor is not None and actor.is_authenticated and actor.pk != user.pk:
            detail = _("由 %(name)s 修改") % {"name": actor.get_username()}
        record(LoginEvent.Kind.PASSWORD_CHANGED, request, user, detail=detail)
