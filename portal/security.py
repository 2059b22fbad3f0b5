"""Login protection and per-response security: lockout (django-axes), idle sessions, no-store, the client address.

The lockout itself is django-axes, configured in settings (AXES_*). Here: the authentication backend that refuses a
locked account or address before any password is checked, the page shown then (the login form with the reason, in
the user's language), the client address as the proxy reports it, the idle timeout, and the headers every
authenticated response carries.
"""

import time
from urllib.parse import quote

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

# The access log's user (gunicorn.conf.py prints this response header; the reverse proxy hides it from clients).
USER_HEADER = "X-Request-User"
# The session's last request, in whole seconds; written at most once a minute (one session write a minute).
LAST_SEEN_KEY = "portal_last_seen"
TOUCH_SECONDS = 60


def client_ip(request):
    """The client's address: the proxy's CLIENT_IP_HEADER when configured (the peer is then the proxy), else the
    peer's. Used for the lockout per address and in the login audit."""
    if settings.CLIENT_IP_HEADER:
        meta_key = "HTTP_" + settings.CLIENT_IP_HEADER.upper().replace("-", "_")
        forwarded = request.META.get(meta_key, "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR") or None


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
    """The login page with the lockout message (429), for django-axes (AXES_LOCKOUT_CALLABLE)."""
    form = AuthenticationForm(request, initial={"username": (credentials or {}).get("username", "")})
    context = {"form": form, "lockout_message": lockout_message(), "next": request.POST.get("next", "")}
    return render(request, "registration/login.html", context, status=429)


class IdleTimeoutMiddleware:
    """Logs out a session idle for SESSION_IDLE_MINUTES, with a message on the login page it then goes to.

    The time of the last request is kept in the session, rewritten at most once a minute, so the timeout holds to
    the minute at the cost of one session write a minute per active user (SESSION_SAVE_EVERY_REQUEST would write at
    every request).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - last_seen > settings.SESSION_IDLE_MINUTES * 60:
                request.login_event_detail = _("空闲超时")
                logout(request)
                messages.info(
                    request,
                    _("您已超过 %(minutes)s 分钟未操作，已自动退出，请重新登录。")
                    % {"minutes": settings.SESSION_IDLE_MINUTES},
                )
            elif last_seen is None or now - last_seen >= TOUCH_SECONDS:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


def stamp_login(sender, request, user, **kwargs):
    """A new session starts its idle clock at the login (so its first request writes nothing)."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN_KEY] = int(time.time())


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
