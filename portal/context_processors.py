from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def navigation(request):
    """The navigation bar: the main pages, and the admin for those allowed into it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [
        ("dashboard", _("首页"), reverse("dashboard")),
    ]
    items += [(name, label, url) for name, label, url in _optional_pages()]
    if user.is_staff:
        items.append(("admin", _("管理后台"), reverse("admin:index")))
    current = getattr(getattr(request, "resolver_match", None), "view_name", "") or ""
    return {"nav_items": items, "nav_current": current}


def _optional_pages():
    """Pages that exist once their app provides them (项目清单, 逾期督办, 经济指标)."""
    from django.urls import NoReverseMatch

    for name, label in (
        ("projects:list", _("项目清单")),
        ("projects:overdue", _("逾期督办")),
        ("indicators:list", _("经济指标")),
    ):
        try:
            yield name, label, reverse(name)
        except NoReverseMatch:
            continue
