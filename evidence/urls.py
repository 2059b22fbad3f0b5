from django.urls import path

from . import views

app_name = "evidence"

# Included at /evidence/: a file, its thumbnail, its page (the photo large with its capture time and place), removal.
urlpatterns = [
    path("<int:pk>/", views.attachment_page, name="page"),
    path("<int:pk>/file/", views.attachment_file, name="file"),
    path("<int:pk>/thumb/", views.attachment_thumbnail, name="thumbnail"),
    path("<int:pk>/delete/", views.attachment_delete, name="delete"),
]
