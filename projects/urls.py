from django.urls import path

from . import overdue

app_name = "projects"

urlpatterns = [
    path("overdue/", overdue.OverdueListView.as_view(), name="overdue"),
    path("overdue/export.xlsx", overdue.OverdueXlsxView.as_view(), name="overdue_xlsx"),
    path("overdue/export.csv", overdue.OverdueCsvView.as_view(), name="overdue_csv"),
]
