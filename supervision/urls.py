from django.urls import path

from . import export, notice, todo, views

app_name = "supervision"

# Included at /supervision/ (paths fixed by the issue: others link to them).
urlpatterns = [
    path("", views.LedgerView.as_view(), name="ledger"),
    path("export.xlsx", export.ledger_xlsx, name="export_xlsx"),
    path("todo/", todo.TodoView.as_view(), name="todo"),
    path("todo/preview/", todo.todo_preview, name="todo_preview"),
    path("todo/issue/", todo.todo_issue, name="todo_issue"),
    path("new/", views.order_new, name="new"),
    path("<int:pk>/", views.order_detail, name="detail"),
    path("<int:pk>/edit/", views.order_edit, name="edit"),
    path("<int:pk>/print/", notice.order_print, name="print"),
    path("<int:pk>/notice.docx", notice.order_docx, name="docx"),
    path("<int:pk>/<str:action>/", views.order_action, name="action"),
]
