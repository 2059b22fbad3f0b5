from django.shortcuts import render

from . import dashboard as selectors


def dashboard(request):
    """The home page: the year's list at a glance as of a date (every logged-in user)."""
    form = selectors.DashboardForm(request.GET)
    year, as_of = form.params()
    return render(request, "portal/dashboard.html", {"form": form, **selectors.dashboard(year, as_of)})
