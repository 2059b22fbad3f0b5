from .work import request_work_counts


def my_work(request):
    """The badge of 我的待办 in the navigation bar: computed when a page shows it, once per request."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"my_work_count": lambda: request_work_counts(request).badge}
