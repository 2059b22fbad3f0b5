"""Login lockout and the headers of authenticated responses.

The lockout itself is django-axes, configured in settings (AXES_*). Here: the authentication backend that refuses a
locked account or address before any password is checked, the page shown then (the login form with the reason, in
the user's language; the lockout goes into the login audit), and no-store and the access log's user on every
response to a logged-in user.
"""

from urllib.parse import quote

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from . import audit

# The access log's user (gunicorn.conf.py prints this response header; the reverse proxy hides it from clients).
USER_HEADER = "X-Request-User"


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' check before the password backends, marking the request it refused (for the login audit)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        try:
            return super().authenticate(request, username=username, password=password, **kwargs)
        except AxesBackendPermissionDenied:
            request.login_refused_as_locked = True
            raise


def lockout_message():
    return _("登录失败次数过多，该账号或您所在的地址已被锁定 %(minutes)s 分钟。请稍后再试，或请管理员解锁。") % {
        "minutes": settings.AXES_COOLOFF_MINUTES
    }


def lockout_response(request, original_response=None, credentials=None):
    """The login page with the lockout message (429), for django-axes (AXES_LOCKOUT_CALLABLE): for the failure that
    locks (recorded in the login audit) and for each attempt refused while locked."""
    username = str((credentials or {}).get("username") or "")
    if not getattr(request, "login_refused_as_locked", False):
        audit.record(audit.LOCKED, request, username=username, detail=audit.lockout_detail())
    form = AuthenticationForm(request, initial={"username": username})
    context = {"form": form, "lockout_message": lockout_message(), "next": request.POST.get("next", "")}
    return render(request, "registration/login.html", context, status=429)


class AuthenticatedResponseMiddleware:
    """A logged-in user's responses (pages and exports) are never stored by a browser or proxy (no-store), and
    name the user for the access log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            response[USER_HEADER] = quote(user.get_username(), safe="")
        return response
