from django.urls import include, path

app_name = "projects"

urlpatterns = [
    path("", include("projects.excel.urls")),
]
