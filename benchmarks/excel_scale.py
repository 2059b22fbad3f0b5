"""Build a big project-list workbook (default 10,000 projects, 100,000 milestones) for timing the import.

python benchmarks/excel_scale.py /tmp/big.xlsx [projects] [milestones per project]
/usr/bin/time -v python manage.py import_projects /tmp/big.xlsx
"""

import datetime as dt
import sys

from openpyxl import Workbook


def main(path, projects=10_000, per_project=10):
    workbook = Workbook(write_only=True)
    units = workbook.create_sheet("单位")
    units.append(["单位名称", "简称", "类型"])
    for n in range(40):
        units.append([f"基准测试单位{n:02d}全称", f"基准单位{n:02d}", "管委会部门"])
    sheet = workbook.create_sheet("项目")
    sheet.append(["项目编号", "项目名称", "清单年度", "批次", "牵头单位", "责任单位", "建设内容", "总投资(万元)",
                  "年度计划投资(万元)", "计划开工", "计划竣工"])  # fmt: skip
    milestones = workbook.create_sheet("节点")
    milestones.append(["项目编号", "序号", "节点名称", "计划完成时间", "实际完成时间", "责任单位", "备注"])
    start = dt.date(2024, 1, 1)
    styles = [
        lambda d: d,
        lambda d: d.isoformat(),
        lambda d: f"{d.year}/{d.month}/{d.day}",
        lambda d: f"{d.year}年{d.month}月{d.day}日",
    ]
    for n in range(projects):
        code = f"BM-{n:06d}"
        begin = start + dt.timedelta(days=n % 365)
        sheet.append([
            code, f"基准测试项目第{n}号综合开发建设工程", 2025, ["储备", "开工", "在建", "投用"][n % 4],
            f"基准单位{n % 40:02d}", f"基准单位{(n + 1) % 40:02d}、基准单位{(n + 2) % 40:02d}",
            "新建厂房、研发楼及配套设施;" * 10, f"{10000 + n:,}.5", 1000 + n % 500,
            styles[n % 4](begin), begin + dt.timedelta(days=700),
        ])  # fmt: skip
        for seq in range(1, per_project + 1):
            planned = begin + dt.timedelta(days=seq * 60)
            actual = planned - dt.timedelta(days=n % 40) if seq < 4 else None
            milestones.append([code, seq, f"第{seq}节点", styles[seq % 4](planned), actual, None, None])
    workbook.save(path)


if __name__ == "__main__":
    main(sys.argv[1], *(int(a) for a in sys.argv[2:]))
