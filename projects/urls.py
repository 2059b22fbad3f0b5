from django.urls import include, path

from . import views
from .excel import views as excel_views

app_name = "projects"

# Included at the site root: the project pages under /projects/, the overdue list at /overdue/.
urlpatterns = [
    path("projects/", views.ProjectListView.as_view(), name="list"),
    path("projects/<int:pk>/", views.project_detail, name="detail"),
    path("projects/<int:pk>/report/", views.progress_report, name="report"),
    path("projects/<int:pk>/entries/<int:entry_id>/in-stats/", views.entry_in_stats, name="entry_in_stats"),
    path("projects/<int:pk>/milestones/add/", views.milestone_add, name="milestone_add"),
    path("projects/<int:pk>/milestones/<int:mid>/actual/", views.milestone_actual, name="milestone_actual"),
    path("projects/<int:pk>/milestones/<int:mid>/edit/", views.milestone_edit, name="milestone_edit"),
    path("projects/<int:pk>/milestones/<int:mid>/delete/", views.milestone_delete, name="milestone_delete"),
    path("projects/", include("projects.excel.urls")),
    path("overdue/", views.OverdueListView.as_view(), name="overdue"),
    path("overdue/export.xlsx", excel_views.OverdueExportView.as_view(), name="overdue_xlsx"),
    path("overdue/export.csv", excel_views.OverdueCsvExportView.as_view(), name="overdue_csv"),
]
