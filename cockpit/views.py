"""The cockpit's pages: the dashboard with the year's goals, and the wall screen (一屏统览)."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse

from portal.access import require
from portal.dates import YearAsOfForm, int_param
from projects import views as project_views
from projects.dashboard import list_url
from ranking.table import ranking_table

from .goals import goal_rows

REFRESH_SECONDS = 180  # the wall screen reloads its figures every three minutes (`?refresh=N` for N seconds, ≥ 5)


def _more(year, as_of):
    """The year's goals and the units' ranking (红黄榜, ranking.table) for the dashboard."""
    goals = goal_rows(year, as_of)
    for goal in goals:
        goal.url = list_url(year=year, as_of=as_of.isoformat(), **goal.filter) if goal.filter else None
    ranking_url = reverse("ranking:page") + "?" + urlencode({"year": year, "as_of": as_of.isoformat()})
    return {"goals": goals, "ranking": ranking_table(year, as_of), "ranking_url": ranking_url}


def dashboard(request):
    """The home page (projects' dashboard) with the year's goals against their achievements and 序时进度, and the
    units' ranking."""
    return project_views.dashboard(request, template_name="cockpit/dashboard.html", more=_more)


def screen(request):
    """The wall screen: 1920 × 1080, dark, large type; its script (cockpit/screen.js) fetches the API's JSON with the
    session and redraws every REFRESH_SECONDS, keeping the last good figures when the network blips."""
    require(request.user.has_perm("cockpit.view_screen"))
    form = YearAsOfForm(request.GET)
    query = f"?year={form.list_year}"
    if request.GET.get("as_of"):
        query += f"&as_of={form.as_of_date.isoformat()}"
    urls = {
        "summary": reverse("api:summary") + query,
        "ranking": reverse("api:ranking") + query,
        "red": reverse("api:projects") + query + "&status=red&page_size=12",
    }
    refresh = int_param(request.GET.get("refresh"), REFRESH_SECONDS, 5, 3600)
    return render(request, "cockpit/screen.html", {"year": form.list_year, "urls": urls, "refresh_seconds": refresh})
