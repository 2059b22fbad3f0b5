"""What supervision adds to the pages of `projects` (named in the settings PROJECT_MARKERS and PROJECT_PANELS, see
projects/extensions.py): the marker 督办中 (an open order on the project or naming the milestone) on the project list,
the overdue list and the project page, with its filter; the project's orders on its page; the section-4 figures on
the dashboard."""

from django.utils.translation import gettext_lazy as _

from projects.extensions import Marker, Panel

from .metrics import dashboard_metrics
from .models import SupervisionOrder
from .querysets import open_order_on_milestone, open_order_on_project


def _project_orders(*, project, as_of, user):
    """The project's issued orders, newest first (every logged-in user reads every order; supervision.md)."""
    orders = (
        SupervisionOrder.objects.issued()
        .filter(project=project)
        .select_related("lead_unit")
        .order_by("-issued_on", "-pk")
    )
    return {"project": project, "project_orders": list(orders), "can_issue": user.is_manager}


def _dashboard(*, year, as_of):
    return {"supervision_metrics": dashboard_metrics(year, as_of)}


open_order = Marker(
    key="open_order",
    label=_("督办中"),
    filter_label=_("督办"),
    on_project=open_order_on_project,
    on_milestone=open_order_on_milestone,
)
STYLESHEET = "supervision/supervision.css"
project_orders = Panel(template="supervision/_project_orders.html", context=_project_orders, stylesheet=STYLESHEET)
dashboard_figures = Panel(template="supervision/_dashboard_metrics.html", context=_dashboard, stylesheet=STYLESHEET)
