from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("start/", views.landing, name="landing"),
    path("my/", views.my_work, name="my"),
    path("reports/unreported/", views.unreported, name="unreported"),
    path("reports/unreported/export.xlsx", views.unreported_xlsx, name="unreported_xlsx"),
    path("reports/chase/", views.chase, name="chase"),
]
