"""Whole-list aggregates (the status counts of a list, the dashboard's totals) cached per data version.

Such an aggregate reads every row of a year's list (tens of milliseconds at 10,000 projects) while a list page
otherwise reads only its 50 rows. It is computed in SQL as always; its result is kept in Django's cache under a key
made of the data version (`portal.data_version`: a token replaced by triggers at every committed write), the SQL and
parameters of the queryset it is computed from, and what the computation adds to it. So a result is reused only
while nothing it was computed from has changed: a color is never served stale, only not recomputed.

The key is derived here, from the SQL and parameters of the query that computes the result: callers cannot leave
anything out. Not cached: reads inside a
transaction (they may see their own uncommitted writes), and everything when `AGGREGATE_CACHE_SECONDS` is 0. The
cache is Django's default cache (per process by default: each worker keeps its own and checks the same version).

The token is read once per request and forgotten at any statement of the request that is not a plain SELECT (a hook
on the connection), so that what the request reads after its own writes is never keyed by the token read before
them.
"""

import hashlib
from contextlib import ExitStack
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Value

from .data_version import current_token

_MISSING = object()
_request_tokens: ContextVar[dict | None] = ContextVar("data_version_tokens", default=None)


def _token(using):
    tokens = _request_tokens.get()
    if tokens is None:
        return current_token(using)
    if using not in tokens:
        tokens[using] = current_token(using)
    return tokens[using]


def _statement(queryset):
    """The SQL and parameters of a queryset (None when it can match nothing)."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return None
    return sql, tuple(params)


def cached_values(queryset, *fields):
    """list(queryset.values(*fields)): the rows as dicts, cached for the current data version under the SQL and
    parameters of that very query (a different queryset, date or threshold is a different statement)."""
    if not fields:
        raise TypeError("cached_values needs the fields to read")
    rows = queryset.values(*fields)
    using = rows.db
    connection = connections[using]
    if not settings.AGGREGATE_CACHE_SECONDS or connection.in_atomic_block or not connection.get_autocommit():
        return list(rows)
    statement = _statement(rows)
    token = _token(using)
    if statement is None or token is None:
        return list(rows)
    key = "aggregate:" + hashlib.sha256(repr((using, token, fields, statement)).encode()).hexdigest()
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = list(rows)
        cache.set(key, value, settings.AGGREGATE_CACHE_SECONDS)
    return value


def cached_aggregate(queryset, **aggregates):
    """queryset.aggregate(**aggregates), cached for the data version (as `cached_values`: the aggregate's one row)."""
    rows = queryset.order_by().values(aggregate_of=Value(1)).annotate(**aggregates)
    found = cached_values(rows, *aggregates)
    return found[0] if found else dict.fromkeys(aggregates)


class DataTokenPerRequestMiddleware:
    """Reads the data version at most once per request (per database), and again after any statement of the request
    that is not a plain SELECT (a write, or anything that might be one)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tokens = {}
        reset = _request_tokens.set(tokens)

        def forget_after_write(execute, sql, params, many, context):
            if sql.lstrip()[:6].upper() != "SELECT":
                tokens.pop(context["connection"].alias, None)
            return execute(sql, params, many, context)

        try:
            with ExitStack() as stack:
                for alias in connections:
                    stack.enter_context(connections[alias].execute_wrapper(forget_after_write))
                return self.get_response(request)
        finally:
            _request_tokens.reset(reset)
