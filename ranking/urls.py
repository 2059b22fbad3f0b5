from django.urls import path

from . import views

app_name = "ranking"

urlpatterns = [
    path("", views.page, name="page"),
    path("ranking.xlsx", views.xlsx, name="xlsx"),
]
