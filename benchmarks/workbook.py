"""A project-list workbook (import-format.md: sheets 单位, 项目, 节点) of synthetic projects, for benchmarks."""

import io

from openpyxl import Workbook

from projects.synthetic import UNITS, plan_projects

BATCH_LABELS = {"reserve": "储备", "start": "开工", "ongoing": "在建", "in_use": "投用"}
LEVEL_LABELS = {"municipal": "市级重点", "district": "区级重点", "other": "其他"}


def write_workbook(n, k=10, seed=0, prefix="IM", year=None, today=None):
    """The .xlsx bytes of `n` synthetic projects with `k` milestones each (codes prefix-000001...)."""
    wb = Workbook(write_only=True)
    units = wb.create_sheet("单位")
    units.append(["单位名称", "简称", "类型"])
    kinds = {"department": "管委会部门", "town": "镇街", "park": "园区", "soe": "国企", "owner": "业主企业"}
    for name, short, kind in UNITS:
        units.append([name, short, kinds[kind]])
    projects = wb.create_sheet("项目")
    projects.append(
        ["项目编号", "项目名称", "清单年度", "批次", "牵头单位", "责任单位", "项目级别", "产业类别", "所属片区",
         "责任领导", "业主单位", "总投资(万元)", "年度计划投资(万元)", "计划开工", "计划竣工", "实际开工"]
    )  # fmt: skip
    milestones = wb.create_sheet("节点")
    milestones.append(["项目编号", "序号", "节点名称", "计划完成时间", "实际完成时间", "责任单位"])
    for s in plan_projects(n, k, seed=seed, year=year, today=today, prefix=prefix):
        year_, batch, annual = s.entries[0]
        projects.append(
            [s.code, s.name, year_, BATCH_LABELS[batch], UNITS[s.lead_unit][1],
             "、".join(UNITS[u][1] for u in s.responsible_units), LEVEL_LABELS[s.level], s.category, s.area,
             s.leader, s.owner, float(s.total_investment), float(annual), s.planned_start, s.planned_finish,
             s.actual_start]
        )  # fmt: skip
        for m in s.milestones:
            milestones.append([s.code, m.seq, m.name, m.planned_date, m.actual_date, UNITS[m.unit_index][1]])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
