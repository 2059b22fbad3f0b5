from django.urls import path

from . import views

app_name = "monthclose"

# Included at /months/.
urlpatterns = [
    path("", views.month_list, name="months"),
    path("close/", views.close, name="close"),
    path("trend/", views.trend, name="trend"),
    path("trend/unit/<int:pk>/", views.unit_trend, name="unit_trend"),
    path("<int:year>/<int:month>/", views.bulletin, name="bulletin"),
    path("<int:year>/<int:month>/bulletin.docx", views.bulletin_docx_view, name="bulletin_docx"),
    path("<int:year>/<int:month>/bulletin.xlsx", views.bulletin_xlsx_view, name="bulletin_xlsx"),
    path("<int:year>/<int:month>/changes/", views.changes, name="changes"),
    path("<int:year>/<int:month>/reopen/", views.reopen, name="reopen"),
]
