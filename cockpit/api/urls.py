"""/api/v1/: the read-only cockpit API, its OpenAPI schema and its documentation page. The API's views answer for
themselves (401 without a token or a session) rather than sending to the login page; the documentation is a page for
people, who log in."""

from django.contrib.auth.decorators import login_not_required, login_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import views
from .docs import ApiDocs

app_name = "api"

urlpatterns = [
    path("projects/", login_not_required(views.ProjectList.as_view()), name="projects"),
    path("projects/<str:code>/", login_not_required(views.ProjectDetail.as_view()), name="project"),
    path("summary/", login_not_required(views.Summary.as_view()), name="summary"),
    path("ranking/", login_not_required(views.Ranking.as_view()), name="ranking"),
    path("indicators/", login_not_required(views.IndicatorList.as_view()), name="indicators"),
    path("schema/", login_not_required(SpectacularAPIView.as_view()), name="schema"),
    path("docs/", login_required(ApiDocs.as_view(url_name="api:schema")), name="docs"),
]
