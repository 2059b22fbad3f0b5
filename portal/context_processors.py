from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Notification

# The navigation bar, in order: (URL name, label, permission needed or None). 管理后台 is for is_staff users.
NAV_PAGES = (
    ("reminders:my", _("我的待办"), None),
    ("projects:list", _("项目清单"), None),
    ("projects:overdue", _("逾期督办"), None),
    ("ranking:page", _("红黄榜"), None),
    ("indicators:list", _("经济指标"), None),
    ("supervision:todo", _("待督办"), "projects.change_plan"),
    ("supervision:ledger", _("督办台账"), None),
    ("monthclose:months", pgettext_lazy("nav", "月度通报"), None),  # "Bulletins": the English menu keeps one row
    ("projects:import", _("导入清单"), "projects.import_list"),
)

# Pages below a navigation item, which then shows as the current one.
_SECTIONS = {
    "projects:import_confirm": "projects:import",
    "projects:overdue_xlsx": "projects:overdue",
    "projects:overdue_csv": "projects:overdue",
    "ranking:xlsx": "ranking:page",
    "reminders:unreported": "reminders:my",
    "reminders:unreported_xlsx": "reminders:my",
}


def navigation(request):
    """The navigation bar: the main pages, 导入清单 for those who may import, the admin for those allowed in."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [("dashboard", _("首页"), reverse("dashboard"))]
    for name, label, perm in NAV_PAGES:
        if perm and not user.has_perm(perm):
            continue
        try:
            items.append((name, label, reverse(name)))
        except NoReverseMatch:  # an app that does not provide the page
            continue
    if user.is_staff:
        items.append(("admin", _("管理后台"), reverse("admin:index")))
    return {"nav_items": items, "nav_current": _current(request)}


def _current(request):
    name = getattr(getattr(request, "resolver_match", None), "view_name", "") or ""
    if name in _SECTIONS:
        return _SECTIONS[name]
    if name.startswith("projects:") and name not in ("projects:overdue", "projects:import"):
        return "projects:list"  # the project pages and their edit forms
    if name.startswith("indicators:"):
        return "indicators:list"
    if name.startswith("supervision:todo"):
        return "supervision:todo"
    if name.startswith("supervision:"):
        return "supervision:ledger"
    if name.startswith("monthclose:"):
        return "monthclose:months"
    if name.startswith("admin:"):
        return "admin"
    return name


def notifications(request):
    """The bell: the number of the user's unread notifications (one query, made only when a page shows it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": lambda: Notification.objects.filter(user=user).unread().count()}
