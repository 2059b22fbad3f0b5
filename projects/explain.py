"""Why a milestone or a project has its color, and why its monthly report is late, in words (translated; dates as
YYYY-MM-DD).

Counts of days go through ngettext, so the English reads "1 day" and "2 days"; the threshold in brackets is a
message of its own for the same reason (its number differs from the days counted)."""

from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import ListEntry, Milestone
from .reporting import Cadence
from .status import Color, Thresholds, is_done, milestone_color, project_color


def _d(day):
    return day.isoformat() if day else "—"


def _overdue(name, planned_date, as_of, late):
    return ngettext(
        "节点「%(name)s」计划 %(planned)s 完成，截至 %(as_of)s 未完成，逾期 %(days)s 天",
        "节点「%(name)s」计划 %(planned)s 完成，截至 %(as_of)s 未完成，逾期 %(days)s 天",
        late,
    ) % {"name": name, "planned": _d(planned_date), "as_of": _d(as_of), "days": late}


def _limit(color, limit):
    """The threshold of a color in brackets, e.g. （≥31 天为红色）."""
    if color == Color.RED:
        text = ngettext("（≥%(limit)s 天为红色）", "（≥%(limit)s 天为红色）", limit)
    elif color == Color.YELLOW:
        text = ngettext("（≥%(limit)s 天为黄色）", "（≥%(limit)s 天为黄色）", limit)
    else:
        text = ngettext("（≥%(limit)s 天为蓝色）", "（≥%(limit)s 天为蓝色）", limit)
    return text % {"limit": limit}


def _with_limit(text, color, limit):
    """The explanation and the threshold in brackets: no space before a full-width bracket in Chinese, one in
    English (the joining pattern is translated)."""
    return _("%(explanation)s%(threshold)s") % {"explanation": text, "threshold": _limit(color, limit)}


def explain_milestone(name, planned_date, actual_date, is_exempt, exempt_reason, color, as_of, thresholds=None):
    t = thresholds or Thresholds.current()
    if is_exempt:
        return _("节点「%(name)s」已豁免：%(reason)s") % {"name": name, "reason": exempt_reason}
    if is_done(actual_date, as_of):
        early = (planned_date - actual_date).days
        values = {"name": name, "planned": _d(planned_date), "actual": _d(actual_date), "days": abs(early)}
        if color == Color.BLUE:
            text = ngettext(
                "节点「%(name)s」计划 %(planned)s 完成，实际 %(actual)s 完成，提前 %(days)s 天",
                "节点「%(name)s」计划 %(planned)s 完成，实际 %(actual)s 完成，提前 %(days)s 天",
                early,
            )
            return _with_limit(text % values, Color.BLUE, t.blue)
        if early < 0:
            return (
                ngettext(
                    "节点「%(name)s」计划 %(planned)s 完成，实际 %(actual)s 完成，逾期完成 %(days)s 天",
                    "节点「%(name)s」计划 %(planned)s 完成，实际 %(actual)s 完成，逾期完成 %(days)s 天",
                    -early,
                )
                % values
            )
        return _("节点「%(name)s」计划 %(planned)s 完成，实际 %(actual)s 按期完成") % {
            "name": name,
            "planned": _d(planned_date),
            "actual": _d(actual_date),
        }
    late = (as_of - planned_date).days
    if color == Color.RED:
        return _with_limit(_overdue(name, planned_date, as_of, late), Color.RED, t.red)
    if color == Color.YELLOW or late > 0:  # late > 0: within the grace period before yellow (YELLOW_OVERDUE_DAYS > 1)
        return _with_limit(_overdue(name, planned_date, as_of, late), Color.YELLOW, t.yellow)
    if late == 0:
        return _("节点「%(name)s」计划今日 %(planned)s 完成") % {"name": name, "planned": _d(planned_date)}
    return ngettext(
        "节点「%(name)s」计划 %(planned)s 完成，还有 %(days)s 天",
        "节点「%(name)s」计划 %(planned)s 完成，还有 %(days)s 天",
        -late,
    ) % {"name": name, "planned": _d(planned_date), "days": -late}


def explain_project(color, as_of, worst=None, latest_done=None, next_due=None, thresholds=None):
    """A project's explanation from its deciding milestone.

    `worst` is the earliest past-due open milestone (for red/yellow, and for green when a milestone is late but
    within the grace period before yellow), `latest_done` the milestone done last (for blue), `next_due` the next
    open one (for green); each a (name, planned_date, actual_date) tuple.
    """
    if color == Color.NONE:
        return _("没有需要评估的节点（未设节点或均已豁免）")
    if color in (Color.RED, Color.YELLOW, Color.GREEN) and worst:
        name, planned, actual = worst
        return explain_milestone(name, planned, actual, False, "", color, as_of, thresholds)
    if color == Color.BLUE and latest_done:
        name, planned, actual = latest_done
        return explain_milestone(name, planned, actual, False, "", color, as_of, thresholds)
    if next_due and next_due[0]:
        name, planned, _actual = next_due
        return _("无逾期节点；下一节点「%(name)s」计划 %(planned)s 完成") % {"name": name, "planned": _d(planned)}
    return _("无逾期节点")


@dataclass
class Deciding:
    """The milestones that explain a project's color: the earliest past-due open one (`worst`), the latest done
    (`latest_done`, the bluest on that day) and the next one due (`next_due`); None where there is none."""

    worst: object = None
    latest_done: object = None
    next_due: object = None

    @staticmethod
    def facts(milestone):
        return (milestone.name, milestone.planned_date, milestone.actual_date) if milestone else None


def deciding_milestones(milestones, as_of):
    """The `Deciding` milestones among a project's milestones (objects with name, seq, dates and is_exempt)."""
    rated = [m for m in milestones if not m.is_exempt]
    open_ms = sorted((m for m in rated if not is_done(m.actual_date, as_of)), key=lambda m: (m.planned_date, m.seq))
    done = sorted(
        (m for m in rated if is_done(m.actual_date, as_of)),
        key=lambda m: (m.actual_date, (m.planned_date - m.actual_date).days, -m.seq),
    )
    return Deciding(
        worst=next((m for m in open_ms if m.planned_date < as_of), None),
        latest_done=done[-1] if done else None,
        next_due=next((m for m in open_ms if m.planned_date >= as_of), None),
    )


def explain_by(color, deciding, as_of, thresholds=None):
    """The explanation of a project's color from its `Deciding` milestones."""
    return explain_project(
        color,
        as_of,
        worst=Deciding.facts(deciding.worst),
        latest_done=Deciding.facts(deciding.latest_done),
        next_due=Deciding.facts(deciding.next_due),
        thresholds=thresholds,
    )


def summarize_project(milestones, as_of, thresholds=None):
    """Color, milestone counts by color and explanation of one project from its milestones, in Python."""
    t = thresholds or Thresholds.current()
    milestones = list(milestones)
    color = project_color(milestones, as_of, t)
    counts = {c: 0 for c in (Color.RED, Color.YELLOW, Color.GREEN, Color.BLUE)}
    for m in milestones:
        c = milestone_color(m.planned_date, m.actual_date, m.is_exempt, as_of, t)
        if c:
            counts[c] += 1
    text = explain_by(color, deciding_milestones(milestones, as_of), as_of, t)
    return color, {c.value: n for c, n in counts.items()}, text


def explain_rows(rows, as_of):
    """Give rows annotated with `status` (projects or list entries) their `status_label`, `explanation` and
    `next_milestone`, from their projects' milestones read in one query. The color is the SQL's; the words name the
    milestone that decides it (`deciding_milestones`)."""
    by_project = defaultdict(list)
    project_ids = {getattr(row, "project_id", row.pk) for row in rows}
    # Unordered: grouped by project here and sorted by `deciding_milestones` (the default order joins every project).
    milestones = Milestone.objects.filter(project_id__in=project_ids, is_exempt=False).order_by()
    for m in milestones.values_list(
        "project_id", "seq", "name", "planned_date", "actual_date", "is_exempt", named=True
    ):
        by_project[m.project_id].append(m)
    t = Thresholds.current()
    labels = {color.value: str(color.label) for color in Color}
    for row in rows:
        deciding = deciding_milestones(by_project[getattr(row, "project_id", row.pk)], as_of)
        row.status_label = labels[row.status]
        row.explanation = explain_by(row.status, deciding, as_of, t)
        row.next_milestone = deciding.next_due


def explain_milestones(rows, as_of):
    """Give milestones annotated by `with_status` (and the overdue list's `batch`) their `status_label`,
    `batch_label` and `explanation`."""
    t = Thresholds.current()
    labels = {color.value: str(color.label) for color in Color}
    batches = {value: str(label) for value, label in ListEntry.Batch.choices}
    for m in rows:
        color = Color(m.status)
        m.status_label = labels[m.status]
        m.batch_label = batches.get(getattr(m, "batch", None), "")
        m.explanation = explain_milestone(
            m.name, m.planned_date, m.actual_date, m.is_exempt, m.exempt_reason, color, as_of, t
        )


def explain_report_late(year, month, cadence=None):
    """Why an entry is marked 未按时填报: the month whose report is missing and its due day."""
    c = cadence or Cadence.current()
    values = {"year": year, "month": month, "due": _d(c.due_date(year, month))}
    return _("%(year)s年%(month)s月进展未按时填报（截止 %(due)s）") % values


def explain_report_rows(rows, as_of, year=None):
    """Give rows annotated with `report_late` their `report_late_text` (empty when not late): list entries by
    `with_report_status`, or milestones by `with_report_late` for the list of `year`."""
    c = Cadence.current()
    for row in rows:
        list_year = year or row.year
        month = c.latest_due_month(list_year, as_of) if row.report_late else None
        row.report_late_text = explain_report_late(list_year, month, c) if month else ""
