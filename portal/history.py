"""Who made a change and why, for the history that django-simple-history keeps of a model."""


def attribute_change(obj, user=None, reason=None):
    """Mark the next save or delete of `obj` in its history as made by `user` (None: the request's user, as the
    history middleware finds it) for `reason` (the attributes django-simple-history documents for this)."""
    if user is not None:
        obj._history_user = user
    if reason:
        obj._change_reason = reason
    return obj
