"""Whole-list aggregates (status counts of a list, the dashboard's totals) cached per data version.

Such an aggregate reads every project of a year (tens of milliseconds at 10,000 projects) while a list page
otherwise reads only its 50 rows. It is computed in SQL as always; its result is kept in the cache under a key made
of the database's data version (`projects.data_version`: a token replaced by triggers at every write), the SQL
and its parameters (the as-of date and the thresholds are among them). So a result is reused only while nothing
it was computed from has changed, and a new day, filter or threshold makes a new key: a color is never served
stale, only not recomputed when nothing changed (writes that bypass the triggers aside: see data_version).

Not cached: reads inside a transaction (it may see its own uncommitted writes, or roll back), and everything
when `AGGREGATE_CACHE_SECONDS` is 0. The cache is Django's default cache (per process by default: each worker
keeps its own and checks the same version).
"""

import hashlib
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connections

from .compiled import compiled_once
from .data_version import current_token

_MISSING = object()
# Within one GET request the version is read once: a safe request must not write project data (none does), or
# its later aggregates would be keyed by the token read before its write.
_request_tokens: ContextVar[dict | None] = ContextVar("projects_request_tokens", default=None)


def data_token(using):
    tokens = _request_tokens.get()
    if tokens is None:
        return current_token(using)
    if using not in tokens:
        tokens[using] = current_token(using)
    return tokens[using]


def cached(using, key_parts, compute):
    """compute(), or its result cached for the current data version under `key_parts` (which must name
    everything the result depends on besides the data: with SQL, the statement and its parameters)."""
    seconds = settings.AGGREGATE_CACHE_SECONDS
    connection = connections[using]
    if not seconds or connection.in_atomic_block or not connection.get_autocommit():
        return compute()
    token = data_token(using)
    if token is None:
        return compute()
    key = "aggregate:" + hashlib.sha256(repr((using, token, key_parts)).encode()).hexdigest()
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, seconds)
    return value


def cached_for(queryset, what, compute, *, statement_key=None):
    """compute() — a result read from `queryset` and named by `what` — cached for the current data version under
    the queryset's SQL (not its `prefetch_related`: `compute` must not read more than the SQL says).

    `statement_key`, when given, names the queryset for good (a fixed query of the code, such as a filter's
    options): its SQL is then compiled once (`projects.compiled`), not at every call."""

    def statement():
        try:
            return queryset.query.get_compiler(queryset.db).as_sql()
        except EmptyResultSet:  # a queryset that can match nothing: nothing to read
            return None

    if statement_key is None:
        found = statement()
    else:
        found = compiled_once(("cached_for", queryset.db, statement_key), statement)
    if found is None:
        return compute()
    sql, params = found
    shape = (queryset.model._meta.label, queryset._iterable_class.__name__)  # same SQL, other Python rows
    return cached(queryset.db, (what, shape, sql, params), compute)


def cached_list(queryset, *, statement_key=None):
    """list(queryset), cached for the current data version (`statement_key`: see cached_for)."""
    return cached_for(queryset, "rows", lambda: list(queryset), statement_key=statement_key)


class DataTokenPerRequestMiddleware:
    """Reads the data version at most once per GET or HEAD request (per database)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        reset = _request_tokens.set({})
        try:
            return self.get_response(request)
        finally:
            _request_tokens.reset(reset)
