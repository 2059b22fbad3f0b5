"""Who may act, and edits that never silently overwrite another (optimistic locking), for every app.

A page shows an object with its `version`; the save passes that version back. The service locks the row
(`select_for_update`) and, when its version changed meanwhile, refuses the write with `StaleEdit`, which carries
the row as it is now so that the form can show it. A version of 0 means that the row did not exist when the form
was opened (a month's first report, a period's first value): a row created meanwhile is refused the same way.
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404


class StaleEdit(Exception):
    """Someone else saved the object after the form was opened; `current` is the object as it is now (None when it
    is gone). `created_meanwhile`: the form was opened before the object existed."""

    def __init__(self, current, *, created_meanwhile=False):
        super().__init__("stale edit")
        self.current = current
        self.created_meanwhile = created_meanwhile


def require(allowed):
    """Refuse the request (403) unless `allowed`."""
    if not allowed:
        raise PermissionDenied


def locked_for_edit(model, version, **lookup):
    """The existing row of `lookup` (404 when missing), locked until the end of the transaction; `StaleEdit` when its
    version is not the one the user saw."""
    row = get_object_or_404(model.objects.select_for_update(), **lookup)
    if row.version != version:
        raise StaleEdit(row)
    return row


def row_for_edit(model, version, **key):
    """The row of `key` locked for an edit opened at `version`, or a new unsaved row when there is none and `version`
    is 0 (nothing existed when the form was opened). `StaleEdit` when the row has another version by now."""
    row = model.objects.select_for_update().filter(**key).first()
    current = row.version if row is not None else 0
    if current != version:
        raise StaleEdit(row, created_meanwhile=version == 0)
    return row if row is not None else model(**key)


def save_first(obj, **key):
    """Insert a new row; when someone inserted the row of `key` at the same moment (a unique constraint), refuse like
    a row created before the form was opened."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:  # the unique constraint on `key`: the other insert has committed by now
        raise StaleEdit(type(obj).objects.filter(**key).first(), created_meanwhile=True) from None
    return obj
