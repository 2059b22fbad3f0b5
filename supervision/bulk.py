"""待督办 → orders in one step: the selected milestones grouped into one order per project and answering unit, a
preview of each (level, milestones, reason, requirements, reply due), then all issued in one transaction."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from projects.explain import explain_milestone
from projects.models import Unit
from projects.status import Color

from . import services
from .choices import LEVEL_RANK, OPEN_STATES, Level
from .models import OrderMilestone
from .querysets import suggestions

PREVIOUS_LEVEL = {Level.ORDER: Level.WARNING, Level.LISTED: Level.ORDER, Level.INTERVIEW: Level.LISTED}


def key_of(milestone_ids):
    """A group's key: its milestones' ids, sorted."""
    return ",".join(str(pk) for pk in sorted(milestone_ids))


@dataclass
class Plan:
    """One order to issue: a new one, or the escalation of `escalates` (an open order of the level below)."""

    project: object
    lead_unit: object
    level: str
    milestones: list
    escalates: object = None
    reason: str = ""
    requirements: str = ""
    reply_due: object = None  # a Workday
    explanations: list = field(default_factory=list)

    @property
    def key(self):
        return key_of(m.pk for m in self.milestones)

    def get_level_display(self):
        return Level(self.level).label


def plan_orders(milestone_ids, year, as_of):
    """The plans for the selected milestones that still have a suggestion as of `as_of` (others are left out), in
    the order of the first selected milestone of each; three queries."""
    rows = list(suggestions(year, as_of).filter(pk__in=milestone_ids))
    groups = {}
    for m in rows:
        groups.setdefault((m.project_id, m.answer_unit_id), []).append(m)
    units = Unit.objects.in_bulk({unit_id for _project, unit_id in groups})
    links = OrderMilestone.objects.filter(milestone__in=rows, order__state__in=OPEN_STATES).select_related("order")
    open_orders = {}
    for link in links:
        open_orders.setdefault(link.milestone_id, []).append(link.order)
    plans = []
    for m in rows:
        m.status_label = Color(m.status).label
    for (_project, unit_id), milestones in groups.items():
        level = max((m.suggested for m in milestones), key=lambda value: LEVEL_RANK[Level(value)])
        below = PREVIOUS_LEVEL.get(Level(level))
        escalates = next((o for m in milestones for o in open_orders.get(m.pk, []) if below and o.level == below), None)
        explanations = [
            explain_milestone(m.name, m.planned_date, m.actual_date, False, "", Color(m.status), as_of)
            for m in milestones
        ]
        plans.append(
            Plan(
                project=milestones[0].project,
                lead_unit=units[unit_id],
                level=level,
                milestones=milestones,
                escalates=escalates,
                reason="；\n".join(explanations) + "。",
                requirements=services.default_requirements(level),
                reply_due=services.default_reply_due(level, as_of),
                explanations=explanations,
            )
        )
    return plans


@transaction.atomic
def issue_plans(chosen, user, year, today):
    """Issue the orders of the preview (`chosen`: [(milestone ids, level, {reason, requirements, reply_due})]) in
    one transaction; refused whole when a suggestion changed meanwhile (someone issued an order for it)."""
    if not user.is_manager:
        raise services.PermissionDenied
    all_ids = [pk for ids, _level, _fields in chosen for pk in ids]
    plans = plan_orders(all_ids, year, today)
    services.lock_projects({p.project.pk for p in plans})
    plans = {p.key: p for p in plan_orders(all_ids, year, today)}  # again, under the projects' locks
    issued = []
    for ids, level, fields in chosen:
        plan = plans.get(key_of(ids))
        if plan is None or plan.level != level:
            raise services.Refused(_("待督办建议已变化（可能已有人交办），请刷新后重新选择。"))
        if plan.escalates is not None:
            current = type(plan.escalates).objects.get(pk=plan.escalates.pk)
            issued.append(
                services.escalate(
                    current,
                    version=current.version,
                    user=user,
                    extra_milestones=plan.milestones,
                    reason=fields["reason"],
                    requirements=fields["requirements"],
                    reply_due=fields["reply_due"],
                    today=today,
                )
            )
            continue
        draft = services.create_draft(
            user,
            project=plan.project,
            level=plan.level,
            lead_unit=plan.lead_unit,
            milestones=plan.milestones,
            reason=fields["reason"],
            requirements=fields["requirements"],
            reply_due=fields["reply_due"],
        )
        issued.append(services.issue(draft, version=draft.version, user=user, today=today))
    return issued
