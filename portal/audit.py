"""The login audit: a `LoginEvent` row for every login, failed login, login refused while locked, lockout, logout
and password change, with who, when, the address and the browser.

Logins, failures and logouts come from Django's authentication signals (connected by PortalConfig.ready); a lockout
is recorded where django-axes answers it (portal.security.lockout_response). Password changes are seen through a
password validator's `password_changed` hook, which Django calls whenever a user with a new password is saved (the
password page, the admin's password forms); the request that made the change comes from `RequestContextMiddleware`.
A change without a request (`manage.py changepassword`, a new account) is not a login event and is not recorded.

This module is imported by the app config, before the models are loaded: it reaches the model through the app
registry when it writes.
"""

import contextvars

from django.apps import apps
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.utils.translation import gettext as _

from .idle import stamp_login

LOGIN, FAILED, REFUSED, LOCKED, LOGOUT, PASSWORD_CHANGED = "login", "failed", "refused", "locked", "logout", "password"
_current_request = contextvars.ContextVar("portal_audit_request", default=None)


def client_ip(request):
    """The client's address: the proxy's CLIENT_IP_HEADER when configured (the peer is then the proxy), else the
    peer's. The lockout per address (AXES_CLIENT_IP_CALLABLE) and the audit use it."""
    if settings.CLIENT_IP_HEADER:
        meta_key = "HTTP_" + settings.CLIENT_IP_HEADER.upper().replace("-", "_")
        forwarded = request.META.get(meta_key, "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR") or None


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
    return apps.get_model("portal", "LoginEvent").objects.create(
        kind=kind,
        user=user if user is not None and user.pk else None,
        username=(username or "")[:150],
        ip_address=client_ip(request) if request is not None else None,
        user_agent=meta.get("HTTP_USER_AGENT", "")[:255],
        detail=str(detail)[:200],
    )


def lockout_detail():
    return _("失败 %(count)s 次，锁定 %(minutes)s 分钟") % {
        "count": settings.AXES_FAILURE_LIMIT,
        "minutes": settings.AXES_COOLOFF_MINUTES,
    }


def on_logged_in(sender, request, user, **kwargs):
    record(LOGIN, request, user)


def on_logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(LOGOUT, request, user, detail=getattr(request, "login_event_detail", ""))


def on_login_failed(sender, credentials, request=None, **kwargs):
    # portal.security.LockoutBackend marks the attempts it refused because the account or address was locked.
    kind = REFUSED if getattr(request, "login_refused_as_locked", False) else FAILED
    record(kind, request, username=str(credentials.get("username") or ""))


def connect():
    """Connect the audit's and the idle timeout's receivers to Django's authentication signals."""
    user_logged_in.connect(stamp_login, dispatch_uid="portal.idle.stamp_login")
    user_logged_in.connect(on_logged_in, dispatch_uid="portal.audit.logged_in")
    user_logged_out.connect(on_logged_out, dispatch_uid="portal.audit.logged_out")
    user_login_failed.connect(on_login_failed, dispatch_uid="portal.audit.login_failed")


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
        record(PASSWORD_CHANGED, request, user, detail=detail)
