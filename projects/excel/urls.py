from django.urls import path

from . import views

urlpatterns = [
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/confirm/", views.ImportConfirmView.as_view(), name="import_confirm"),
    path("import/template/", views.TemplateView.as_view(), name="import_template"),
    path("export/xlsx/", views.ExportView.as_view(), name="export_xlsx"),
    path("export/csv/", views.CsvExportView.as_view(), name="export_csv"),
]
