"""Health and outages: `/healthz` for the load balancer, and a 503 page instead of a 500 while the database is down.

Neither touches anything but one trivial query: the 503 page is a static template rendered without a request
context (no user, no session, no context processors), so it renders with the database gone.
"""

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

# The database refused or lost the connection (not a bad query, which stays a 500).
DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


@login_not_required
@require_safe
@never_cache
def healthz(request):
    """200 "ok" when the database answers a trivial query, else 503; says nothing else."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain; charset=utf-8")
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


def unavailable_response():
    """The 503 page (Chinese, with English below it) and Retry-After."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    """A request that finds the database unreachable gets the 503 page, not a 500.

    The session and user are loaded here, inside the guard (they are the first query of most requests; later
    middleware would turn a failure there into a 500), and a view or template that loses the connection is caught
    by process_exception.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            request.user.is_authenticated  # noqa: B018 (loads the session and the user now)
        except DATABASE_DOWN:
            request.user = AnonymousUser()  # what the middleware around this one may still ask
            return unavailable_response()
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_DOWN):
            return unavailable_response()
        return None
