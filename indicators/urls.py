from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("", views.IndicatorListView.as_view(), name="list"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/value/", views.value_edit, name="value_edit"),
    path("<int:pk>/target/", views.target_edit, name="target_edit"),
]
