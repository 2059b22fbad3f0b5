"""The notice (督办通知) of an order: what the print page and the Word document show, from one context."""

import io

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from portal.spreadsheets import file_response

from . import services
from .choices import Cause, Level

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TITLES = {
    Level.WARNING: gettext_lazy("预警提醒单"),
    Level.ORDER: gettext_lazy("项目督办单"),
    Level.LISTED: gettext_lazy("挂牌督办通知"),
    Level.INTERVIEW: gettext_lazy("约谈通知"),
}


def notice_context(order):
    """What a notice shows: heading, number and date, units, project and milestones (days overdue as of the issue
    date, or today for a draft), reason, requirements, reply due date, issuer, and the latest reply (if any)."""
    as_of = order.issued_on or timezone.localdate()
    milestones = []
    for m in order.milestones.select_related("unit").order_by("seq"):
        done = m.actual_date is not None and m.actual_date <= as_of
        late = 0 if done else max((as_of - m.planned_date).days, 0)
        milestones.append({"m": m, "days_overdue": late})
    latest = order.replies.select_related("replied_by").order_by("-seq").first()
    return {
        "order": order,
        "org": settings.SUPERVISION_ORG_NAME,
        "title": TITLES[Level(order.level)],
        "as_of": as_of,
        "co_units": "、".join(str(u) for u in order.co_units.all()) or "—",
        "milestones": milestones,
        "reply": latest,
        "cause": Cause(latest.cause).label if latest else "",
        "due_label": _("约谈时间") if order.level == Level.INTERVIEW else _("办理时限"),
    }


def order_print(request, pk):
    order, _roles = services.get_order_for_user(request, pk)
    return render(request, "supervision/print.html", notice_context(order))


def _cell(cell, text, bold=False):
    cell.text = ""
    run = cell.paragraphs[0].add_run(str(text))
    run.bold = bold


def notice_docx(order):
    """The notice as a .docx (bytes), to stamp and send."""
    c = notice_context(order)
    doc = Document()
    style = doc.styles["Normal"]
    style.font.size = Pt(11)
    for text, size in ((c["org"], 14), (str(c["title"]), 20)):
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold = True
        run.font.size = Pt(size)
    number = doc.add_paragraph(f"{order.number or _('草稿')}    {c['as_of'].isoformat()}")
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    rows = [
        (_("主办单位"), order.lead_unit.name),
        (_("协办单位"), c["co_units"]),
        (_("项目"), f"{order.project.code} {order.project.name}"),
        (_("督办等级"), order.get_level_display()),
        (c["due_label"], order.reply_due.isoformat()),
        (_("交办人"), order.issued_by.display_name if order.issued_by else "—"),
    ]
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        _cell(cells[0], label, bold=True)
        _cell(cells[1], value)
    if c["milestones"]:
        doc.add_heading(_("涉及节点"), level=2)
        grid = doc.add_table(rows=1, cols=4)
        grid.style = "Table Grid"
        for cell, text in zip(
            grid.rows[0].cells, (_("节点"), _("计划完成时间"), _("基线计划时间"), _("逾期天数")), strict=True
        ):
            _cell(cell, text, bold=True)
        for item in c["milestones"]:
            m = item["m"]
            values = (m.name, m.planned_date.isoformat(), m.baseline_date.isoformat(), item["days_overdue"])
            for cell, value in zip(grid.add_row().cells, values, strict=True):
                _cell(cell, value)
    for heading, text in ((_("事由"), order.reason), (_("整改要求"), order.requirements)):
        doc.add_heading(heading, level=2)
        doc.add_paragraph(text)
    doc.add_heading(_("办理反馈"), level=2)
    reply = c["reply"]
    answer = doc.add_table(rows=0, cols=2)
    answer.style = "Table Grid"
    values = [
        (_("整改措施"), reply.measures if reply else ""),
        (_("原因分类"), c["cause"]),
        (_("预计完成时间"), reply.expected_completion.isoformat() if reply and reply.expected_completion else ""),
        (_("反馈人"), reply.replied_by.display_name if reply else ""),
        (_("反馈日期"), reply.replied_on.isoformat() if reply else ""),
    ]
    for label, value in values:
        cells = answer.add_row().cells
        _cell(cells[0], label, bold=True)
        _cell(cells[1], value)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def order_docx(request, pk):
    order, _roles = services.get_order_for_user(request, pk)
    number = order.number or _("%(year)s年草稿%(pk)s") % {"year": order.year, "pk": order.pk}
    day = order.issued_on or timezone.localdate()
    name = _("督办单_%(number)s_%(day)s.docx") % {"number": number, "day": day.isoformat()}
    return file_response(name, lambda stream: stream.write(notice_docx(order)), DOCX_TYPE)
