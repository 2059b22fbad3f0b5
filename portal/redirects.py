"""Where a page goes after a save: back to the page the user came from (`next`, e.g. 我的待办), when that is an
address of this site; any other address is ignored, never followed."""

from django.utils.http import url_has_allowed_host_and_scheme


def next_url(request):
    """The request's `next` (the form's, else the query string's) when it is an address of this site, else ""."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return candidate if safe else ""
