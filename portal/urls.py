from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from cockpit.views import dashboard

from . import health, views

urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # The language switch also works on the login page.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("healthz", health.healthz, name="healthz"),
    path("indicators/", include("indicators.urls")),
    path("supervision/", include("supervision.urls")),
    path("ranking/", include("ranking.urls")),
    path("evidence/", include("evidence.urls")),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications_read_all"),
    path("notifications/email/", views.notification_email, name="notification_email"),
    path("", include("reminders.urls")),
    path("screen/", include("cockpit.urls")),
    path("months/", include("monthclose.urls")),
    path("api/v1/", include("cockpit.api.urls")),
    path("admin/", admin.site.urls),
    path("", include("projects.urls")),
]

admin.site.site_header = _("西部科学城重庆高新区 项目督办系统")
admin.site.site_title = _("项目督办系统")
admin.site.index_title = _("管理后台")
