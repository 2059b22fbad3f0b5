"""The accountability markers beside a color (reporting.md section 4): 调整计划 (the plan was moved later) and
逾期完成 (finished after the baseline date), as texts for rows annotated in SQL by `with_accountability`
(ListEntry rows: a project's milestones summed; Milestone rows: the milestone's own). Colors use the current plan;
these use the baseline, so a green milestone may carry 逾期完成."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

PLAN_MOVED, LATE_DONE = "plan-moved", "late-done"  # the markers' CSS classes


@dataclass(frozen=True)
class Mark:
    key: str
    label: str
    title: str


def _day(value):
    return value.isoformat() if value else "—"


def milestone_marks(m, *, full=False):
    """The marks of a milestone annotated by `MilestoneQuerySet.with_accountability` (none when exempt). `full`: the
    project page's wording, the days in the label (调整计划（N 次，共 D 天）); otherwise the lists' short label with the
    days in its title."""
    if m.is_exempt:
        return []
    marks = []
    if m.plan_moves:
        values = {"n": m.plan_moves, "days": m.plan_moved_days, "baseline": _day(m.baseline_date)}
        title = _("基线计划 %(baseline)s，计划推迟 %(n)s 次，共 %(days)s 天") % values
        if full:
            label = ngettext(
                "调整计划（%(n)s 次，共 %(days)s 天）", "调整计划（%(n)s 次，共 %(days)s 天）", m.plan_moves
            )
        else:
            label = ngettext("调整计划 %(n)s 次", "调整计划 %(n)s 次", m.plan_moves)
        marks.append(Mark(PLAN_MOVED, label % values, title))
    if m.late_done_days is not None:
        values = {"days": m.late_done_days, "baseline": _day(m.baseline_date), "actual": _day(m.actual_date)}
        label = ngettext("逾期完成 %(days)s 天", "逾期完成 %(days)s 天", m.late_done_days) % values
        marks.append(Mark(LATE_DONE, label, _("基线计划 %(baseline)s，实际 %(actual)s 完成") % values))
    return marks


def entry_marks(entry):
    """The marks of a list entry annotated by `ListEntryQuerySet.with_accountability` (its project's milestones)."""
    marks = []
    if entry.plan_moves:
        values = {"n": entry.plan_moves, "days": entry.plan_moved_days}
        label = ngettext("调整计划 %(n)s 次", "调整计划 %(n)s 次", entry.plan_moves) % values
        title = ngettext(
            "节点计划推迟 %(n)s 次，共 %(days)s 天（相对基线计划）",
            "节点计划推迟 %(n)s 次，共 %(days)s 天（相对基线计划）",
            entry.plan_moves,
        )
        marks.append(Mark(PLAN_MOVED, label, title % values))
    if entry.late_done_count:
        values = {"n": entry.late_done_count, "days": entry.late_done_days}
        label = ngettext("逾期完成 %(days)s 天", "逾期完成 %(days)s 天", entry.late_done_days) % values
        title = ngettext(
            "%(n)s 个节点晚于基线计划完成，最多晚 %(days)s 天",
            "%(n)s 个节点晚于基线计划完成，最多晚 %(days)s 天",
            entry.late_done_count,
        )
        marks.append(Mark(LATE_DONE, label, title % values))
    return marks
