from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.ProjectListView.as_view(), name="list"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/report/", views.progress_report, name="report"),
    path("<int:pk>/milestones/add/", views.milestone_add, name="milestone_add"),
    path("<int:pk>/milestones/<int:mid>/actual/", views.milestone_actual, name="milestone_actual"),
    path("<int:pk>/milestones/<int:mid>/edit/", views.milestone_edit, name="milestone_edit"),
    path("<int:pk>/milestones/<int:mid>/delete/", views.milestone_delete, name="milestone_delete"),
]
