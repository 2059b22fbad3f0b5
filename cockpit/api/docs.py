"""The API's documentation page: Swagger UI from drf-spectacular-sidecar (served by the site, no CDN), its start-up
script a separate request (drf-spectacular's split view) and its styles in a static file, so that the page runs under
the site's strict Content-Security-Policy unchanged (tests/test_cockpit_api.py, tests/e2e)."""

from drf_spectacular.views import SpectacularSwaggerSplitView


class ApiDocs(SpectacularSwaggerSplitView):
    template_name = "cockpit/api_docs.html"
