"""The bulletin as files: a Word document to stamp and send (python-docx, like the supervision notice) and a workbook
(the site's one xlsx writer), both from `bulletin_context`."""

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from .bulletin import bulletin_context


def _movement(row):
    if row.movement is None:
        return "—"
    if row.movement > 0:
        return _("上升%(n)s位") % {"n": row.movement}
    if row.movement < 0:
        return _("下降%(n)s位") % {"n": -row.movement}
    return _("持平")


def _pct(value):
    return "—" if value is None else f"{value:.1f}%"


def sections(c):
    """The bulletin's tables as (heading, header, rows) of plain values, in order: what the .docx and .xlsx write."""
    color_labels = [str(label) for _v, label in c["colors"]]
    out = [
        (
            _("一、各批次亮灯情况（括号内为上月）"),
            [_("批次"), *color_labels, _("合计")],
            [[r.label, *(cell.text for cell in r.cells), r.total.text] for r in c["totals"]],
        ),
        (
            _("二、红黄榜"),
            [
                _("名次"),
                _("单位"),
                _("红色节点"),
                _("黄色节点"),
                _("按基线完成率"),
                _("调整计划节点"),
                _("未按时填报（月次）"),
                _("收到督办单"),
                _("按时反馈率"),
                _("反馈逾期"),
                _("名次变化"),
            ],
            [
                [
                    p.position,
                    p.rank.unit.name,
                    p.rank.red,
                    p.rank.yellow,
                    _pct(p.rank.on_time_pct),
                    p.rank.plan_moves,
                    p.rank.late_reports,
                    p.rank.orders_received,
                    _pct(p.rank.reply_on_time_pct),
                    p.rank.orders_reply_overdue,
                    _movement(p),
                ]
                for p in c["ranking"]
            ],
        ),
        (
            _("三、红灯项目"),
            [_("项目编号"), _("项目名称"), _("牵头单位"), _("责任领导"), _("原因（红色节点）"), _("节点责任单位")]
            + [_("在办督办单")],
            [
                [
                    p.entry.code,
                    p.entry.name,
                    p.entry.lead_unit.name,
                    p.entry.responsible_leader or "—",
                    "；".join(
                        _("%(name)s（计划%(planned)s，逾期%(days)s天）")
                        % {"name": m.name, "planned": m.planned_date.isoformat(), "days": m.days_overdue}
                        for m in p.milestones
                    ),
                    "、".join(p.units),
                    "、".join(o.number for o in p.orders) or "—",
                ]
                for p in c["red_projects"]
            ],
        ),
    ]
    changes = c["changes"]
    change_rows = [
        [str(label), e.code, e.name, e.get_status_display()] for _v, label, rows in changes.turned_rows for e in rows
    ]
    change_rows += [[_("新列入清单"), e.code, e.name, e.get_status_display()] for e in changes.newly_listed]
    change_rows += [[_("未按时填报"), e.code, e.name, e.get_status_display()] for e in changes.late_reports]
    change_rows += [
        [_("调整计划"), m.code or "", m.project_name or "", f"{m.name}：{m.prev_planned} → {m.planned_date}"]
        for m in changes.plans_moved
    ]
    out.append((_("四、本月变化"), [_("变化"), _("项目编号"), _("项目名称"), _("说明")], change_rows))
    order_rows = [
        [_("本月交办"), o.number, o.project.name, o.lead_unit.name, o.get_state_display()] for o in c["orders_issued"]
    ]
    order_rows += [
        [_("本月办结"), o.number, o.project.name, o.lead_unit.name, o.get_state_display()] for o in c["orders_closed"]
    ]
    out.append((_("五、督办单交办与办结"), [_("类别"), _("编号"), _("项目"), _("主办单位"), _("状态")], order_rows))
    inv = c["investment"]
    inv_rows = [
        [_("年度计划投资（万元）"), inv["plan"]],
        [_("累计完成投资（万元）"), inv["ytd"]],
        [_("完成率"), _pct(inv["rate"])],
        [_("序时进度"), _pct(inv["time_progress"])],
        *[[str(label), n] for _v, label, n in inv["bands"]],
    ]
    out.append((_("六、投资完成与序时进度"), [_("项目"), _("数值")], inv_rows))
    out.append(
        (
            _("七、经济指标"),
            [_("指标"), _("计量单位"), _("累计值"), _("目标"), _("状态")],
            [[i.name, i.measure, i.value_cum, i.target_value, str(label)] for i, _s, label in c["indicators"]],
        )
    )
    return out


def bulletin_docx(closed):
    """The bulletin as .docx bytes (A4 landscape: the ranking is wide)."""
    c = bulletin_context(closed)
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    doc.styles["Normal"].font.size = Pt(10)
    for text, size in ((c["org"], 14), (c["title"], 20)):
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(str(text))
        run.bold = True
        run.font.size = Pt(size)
    by = closed.closed_by.display_name if closed.closed_by else "—"
    note = doc.add_paragraph(
        _("截至 %(day)s　第%(version)s版　关账人：%(by)s")
        % {"day": closed.as_of.isoformat(), "version": closed.version, "by": by}
    )
    note.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for heading, header, rows in sections(c):
        doc.add_heading(heading, level=2)
        if not rows:
            doc.add_paragraph(_("无"))
            continue
        table = doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(str(text)).bold = True
        for values in rows:
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.text = "" if value is None else str(value)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def write_bulletin_xlsx(closed, workbook):
    """One sheet per section of the bulletin."""
    c = bulletin_context(closed)
    for heading, header, rows in sections(c):
        name = heading.split("、", 1)[-1][:31]
        sheet = workbook.sheet(name, [str(h) for h in header], title=f"{c['title']} · {heading}")
        for values in rows:
            sheet.append(values)
