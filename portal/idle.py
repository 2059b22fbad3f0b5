"""The session idle timeout: a session ends after SESSION_IDLE_MINUTES without a request.

The time of the last request is kept in the session, rewritten at most once a minute, so the timeout holds to the
minute at the cost of one session write a minute per active user (SESSION_SAVE_EVERY_REQUEST would write at every
request). SESSION_COOKIE_AGE is the idle time and a minute, so an abandoned session also leaves the database.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

# The session's last request, in whole seconds.
LAST_SEEN_KEY = "portal_last_seen"
TOUCH_SECONDS = 60


def stamp_login(sender, request, user, **kwargs):
    """A new session starts its idle clock at the login (so its first request writes nothing); a user_logged_in
    receiver."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN_KEY] = int(time.time())


class IdleTimeoutMiddleware:
    """Logs out a session idle for SESSION_IDLE_MINUTES, with a message on the login page it then goes to."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - last_seen > settings.SESSION_IDLE_MINUTES * 60:
                request.login_event_detail = _("空闲超时")  # the login audit's note on this logout
                logout(request)
                message = _("您已超过 %(minutes)s 分钟未操作，已自动退出，请重新登录。")
                messages.info(request, message % {"minutes": settings.SESSION_IDLE_MINUTES})
            elif last_seen is None or now - last_seen >= TOUCH_SECONDS:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)
