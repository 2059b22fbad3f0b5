"""SQL compiled once and reused: for a page that shows 50 rows, building and compiling the status expressions with
the ORM costs more than the database takes to run them (performance-notes.md; README, Performance).

`compiled_once(key, build)` keeps what `build()` returned under a key among the last MAX_KEYS used; the key
must name everything the result depends on besides the code (the as-of date, the thresholds in force, a page's
filter values), never data: SQL reads the data when it runs.

`compiled_annotations` builds annotations with the usual queryset methods, compiles each one to its SQL and
parameters, and keeps them as `CompiledSQL` (RawSQL) expressions with the same output field (so values come back
converted as before). The same expressions, the same SQL: only the work of making it is not repeated. The SQL names
the model's table as it stands in a top-level query, so the annotations fit a top-level queryset of that model
only (checked when they compile: not in a subquery, whose tables the ORM renames), and the builder must not join
other tables (checked).
"""

from collections import OrderedDict
from threading import Lock

from django.db.models.expressions import RawSQL

MAX_KEYS = 256  # statements a process keeps compiled (a day's pages use a few per filter)

# The test suite turns this on (tests/conftest.py): what a key holds is then built again at every use and compared,
# so a key that leaves out something its SQL depends on fails the test that reuses it.
VERIFY = False

_MISSING = object()
_compiled = OrderedDict()
_lock = Lock()


def compiled_once(key, build):
    """build(), kept for `key` (which names everything the result depends on besides the code) among the last
    MAX_KEYS keys used."""
    with _lock:
        found = _compiled.get(key, _MISSING)
        if found is not _MISSING:
            _compiled.move_to_end(key)
    if found is not _MISSING:
        if VERIFY and build() != found:
            raise AssertionError(f"compiled_once: {key!r} holds a result that differs from what it builds now")
        return found
    found = build()
    with _lock:
        _compiled[key] = found
        while len(_compiled) > MAX_KEYS:
            _compiled.popitem(last=False)
    return found


class CompiledSQL(RawSQL):
    """An annotation's SQL compiled for the top level of a query on `table`; anywhere else (a subquery, whose
    tables the ORM renames, or a query on another table) it refuses to compile rather than read the wrong rows."""

    def __init__(self, sql, params, output_field, table):
        super().__init__(sql, tuple(params), output_field)
        self.table = table

    def as_sql(self, compiler, connection):
        query = compiler.query
        if query.subquery or query.base_table != self.table:
            raise ValueError(f"SQL compiled for the top level of a query on {self.table} used elsewhere")
        return super().as_sql(compiler, connection)


def compiled_annotations(model, using, key, annotate):
    """{name: CompiledSQL} of the annotations that `annotate(model's queryset)` selects, compiled once per
    (database, model, key)."""
    return compiled_once(("annotations", using, model._meta.label, key), lambda: _compile(model, using, annotate))


def _compile(model, using, annotate):
    query = annotate(model._default_manager.using(using).all()).query
    compiler = query.get_compiler(using)
    compiler.setup_query()
    joined = {alias for alias, count in query.alias_refcount.items() if count} - {query.base_table}
    if joined:
        raise ValueError(f"compiled annotations must not join other tables: {sorted(joined)}")
    compiled = {}
    for name in query.annotation_select:
        expression = query.annotations[name]
        sql, params = compiler.compile(expression)
        compiled[name] = CompiledSQL(sql, params, expression.output_field, query.base_table)
    return compiled
