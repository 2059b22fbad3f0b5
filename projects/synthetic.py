"""Synthetic data at scale for benchmarks: units, projects, list entries, milestones, monthly reports.

`plan_projects(...)` draws plain project specs (no database) from a seeded random generator, so the same
seed and the same "today" give the same data; `generate(...)` writes them with bulk inserts in chunks (no
`save()`, no signals, hence no history rows: the data is synthetic). Milestone dates are spread around
today by a per-project profile so that every status occurs (red, yellow, green, blue, none, some exempt).
The benchmark's workbook writer uses the same specs.
"""

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from .models import ListEntry, Milestone, ProgressReport, Project, Unit

CHUNK = 1000  # projects per round of bulk inserts: bounded memory, a query count independent of N
BATCH_SIZE = 2000

# (name, short_name, kind): about 40 units of a high-tech zone.
UNITS = [
    *[
        (f"重庆高新区管委会{name}", short, "department")
        for name, short in [
            ("建设局", "建设局"),
            ("经济发展局", "经发局"),
            ("科技创新局", "科创局"),
            ("规划和自然资源局", "规资局"),
            ("生态环境局", "生态环境局"),
            ("财政局", "财政局"),
            ("招商投资局", "招商局"),
            ("社会事业局", "社会事业局"),
            ("城市管理局", "城管局"),
            ("应急管理局", "应急局"),
            ("改革发展局", "改革发展局"),
            ("交通运输局", "交通局"),
            ("教育局", "教育局"),
            ("卫生健康局", "卫健局"),
            ("政务服务中心", "政务中心"),
        ]
    ],
    *[
        (f"重庆高新区{name}", name, "town")
        for name in [
            "金凤镇",
            "含谷镇",
            "巴福镇",
            "白市驿镇",
            "走马镇",
            "石板镇",
            "曾家镇",
            "香炉山街道",
            "西永街道",
            "虎溪街道",
            "联芳街道",
            "石桥铺街道",
        ]
    ],
    ("西永微电子产业园区", "西永微电园", "park"),
    ("西永综合保税区", "西永综保区", "park"),
    ("重庆科学谷", "科学谷", "park"),
    ("金凤生物医药产业园", "金凤生物园", "park"),
    ("含谷智能制造产业园", "含谷智造园", "park"),
    ("西部（重庆）科学城国际会展片区", "会展片区", "park"),
    ("重庆高新区开发投资集团有限公司", "高新开投", "soe"),
    ("重庆科学城城市建设集团有限公司", "科学城建设", "soe"),
    ("重庆高新区城市更新发展有限公司", "城市更新公司", "soe"),
    ("重庆高新区产业投资有限公司", "高新产投", "soe"),
    ("重庆西永微电园开发有限公司", "西永开发", "soe"),
    ("重庆市轨道交通（集团）有限公司", "轨道集团", "owner"),
    ("国网重庆市电力公司高新供电分公司", "高新供电", "owner"),
    ("重庆水务集团高新分公司", "高新水务", "owner"),
]

PLACES = ["科学城", "金凤", "西永", "含谷", "巴福", "白市驿", "曾家", "虎溪", "香炉山", "走马", "石板", "缙云山"]
SUBJECTS = {
    "产业发展": [
        "智能网联汽车零部件产业园",
        "集成电路封测基地",
        "生物医药中试基地",
        "新型显示模组项目",
        "智能制造标准厂房",
    ],
    "基础设施": [
        "科学大道延伸段",
        "快速路连接道",
        "污水处理厂扩建",
        "轨道站点TOD综合开发",
        "综合管廊",
        "220千伏变电站",
    ],
    "社会民生": ["人才公寓", "九年制学校", "社区医院", "保障性租赁住房", "体育公园", "农贸市场改造"],
    "科技创新": ["国家重点实验室", "科技成果转化中心", "大科学装置配套工程", "孵化器", "超算中心"],
    "生态环保": ["湿地公园", "河道综合整治", "山体修复工程", "绿道"],
    "城市更新": ["老旧小区改造", "片区有机更新", "历史街区保护利用"],
}
PHASES = ["", "一期", "二期", "三期"]
MILESTONE_NAMES = [
    "项目立项",
    "用地规划许可",
    "工程规划许可",
    "施工图审查",
    "施工招标",
    "施工许可",
    "开工建设",
    "基础完工",
    "主体封顶",
    "设备安装",
    "竣工验收",
    "投入使用",
]
LEADERS = ["张副主任", "李副主任", "王副主任", "刘副主任", "陈副主任", "杨副主任"]
EXEMPT_REASONS = ["不可抗力（汛期停工）", "上级规划调整", "征地拆迁政策调整"]
BATCH_WEIGHTS = [("reserve", 15), ("start", 25), ("ongoing", 45), ("in_use", 15)]
LEVEL_WEIGHTS = [("municipal", 15), ("district", 55), ("other", 30)]
# Per-project schedule profile: the project color it is built to have as of today.
PROFILE_WEIGHTS = [("green", 48), ("red", 14), ("yellow", 18), ("blue", 12), ("none", 8)]


@dataclass
class MilestoneSpec:
    seq: int
    name: str
    planned_date: dt.date
    baseline_date: dt.date
    actual_date: dt.date | None
    unit_index: int  # into the unit list
    is_exempt: bool = False
    exempt_reason: str = ""


@dataclass
class ProjectSpec:
    code: str
    name: str
    level: str
    category: str
    area: str
    lead_unit: int
    responsible_units: list
    total_investment: Decimal
    planned_start: dt.date
    planned_finish: dt.date
    actual_start: dt.date | None
    leader: str
    owner: str
    entries: list  # [(year, batch, annual_plan)]
    milestones: list = field(default_factory=list)
    monthly: list = field(default_factory=list)  # [(year, month, amount)]


def _pick(rng, weights):
    values, w = zip(*weights, strict=True)
    return rng.choices(values, weights=w)[0]


def _milestones(rng, profile, k, today, lead, units):
    """K milestones whose dates give the project the profile's color as of today."""
    days = dt.timedelta
    step = rng.randint(20, 60)
    first = today - days(rng.randint(60, 420))
    planned = [first + days(i * step + (rng.randint(0, step // 2) if i else 0)) for i in range(k)]
    past = [i for i in range(k) if planned[i] < today]
    # Done milestones on time or a little late (green), always a few days before today.
    actual = [
        min(today - days(5), p + days(rng.randint(-10, 15))) if i in past else None for i, p in enumerate(planned)
    ]
    if profile == "red":
        late = [i for i in past if planned[i] <= today - days(31)] or [0]
        actual[rng.choice(late)] = None
    elif profile == "yellow" and k:
        j = past[-1] if past else 0
        planned[j], actual[j] = today - days(rng.randint(1, 30)), None
    elif profile == "blue" and k:
        j = next((i for i in range(k) if i not in past), k - 1)
        planned[j] = max(planned[j], today + days(30 + rng.randint(0, 60)))
        actual[j] = today - days(rng.randint(0, 4))
    specs = []
    for i in range(k):
        name = MILESTONE_NAMES[i % len(MILESTONE_NAMES)]
        if i >= len(MILESTONE_NAMES):
            name = f"{name}({i // len(MILESTONE_NAMES) + 1})"
        moved = rng.random() < 0.15
        unit = lead if rng.random() < 0.8 else rng.randrange(len(units))
        exempt = profile == "none" or (actual[i] is None and planned[i] > today and rng.random() < 0.03)
        specs.append(
            MilestoneSpec(
                seq=i + 1,
                name=name,
                planned_date=planned[i],
                baseline_date=planned[i] - days(rng.choice([15, 30, 60])) if moved else planned[i],
                actual_date=actual[i],
                unit_index=unit,
                is_exempt=exempt,
                exempt_reason=rng.choice(EXEMPT_REASONS) if exempt else "",
            )
        )
    return specs


def plan_projects(n, k=10, seed=0, year=None, today=None, start=0, prefix="SJ"):
    """Yield `n` ProjectSpec drawn from `seed` (same seed and today: same specs). Codes are prefix-number."""
    today = today or timezone.localdate()
    year = year or today.year
    rng = random.Random(seed)
    units = UNITS
    elapsed = 12 if year < today.year else (today.month - 1 if year == today.year else 0)
    for i in range(start, start + n):
        category = rng.choice(list(SUBJECTS))
        place = rng.choice(PLACES)
        lead = rng.randrange(len(units))
        batch = _pick(rng, BATCH_WEIGHTS)
        profile = _pick(rng, PROFILE_WEIGHTS)
        total = Decimal(rng.randint(2, 2000) * 500)
        annual = (total * Decimal(rng.randint(5, 40)) / 100).quantize(Decimal("1"))
        planned_start = today - dt.timedelta(days=rng.randint(-180, 720))
        entries = [(year, batch, annual)]
        if batch in ("ongoing", "in_use") and rng.random() < 0.4:
            entries.append((year - 1, "start" if batch == "ongoing" else "ongoing", annual))
        spec = ProjectSpec(
            code=f"{prefix}-{i + 1:06d}",
            name=f"{place}{rng.choice(SUBJECTS[category])}{rng.choice(PHASES)}",
            level=_pick(rng, LEVEL_WEIGHTS),
            category=category,
            area=f"{place}片区",
            lead_unit=lead,
            responsible_units=sorted({rng.randrange(len(units)) for _ in range(rng.randint(0, 3))} - {lead}),
            total_investment=total,
            planned_start=planned_start,
            planned_finish=planned_start + dt.timedelta(days=rng.randint(180, 1460)),
            actual_start=planned_start if batch != "reserve" and planned_start < today else None,
            leader=rng.choice(LEADERS),
            owner=units[rng.randrange(len(units))][0],
            entries=entries,
            milestones=_milestones(rng, profile, k, today, lead, units),
        )
        if batch != "reserve":
            spec.monthly = [(year, m, Decimal(rng.randint(0, 200)) * annual / 1200) for m in range(1, elapsed + 1)]
            spec.monthly = [(y, m, a.quantize(Decimal("0.01"))) for y, m, a in spec.monthly]
        yield spec


def ensure_units():
    """The synthetic units, created when missing (found by name or short name); returns them in UNITS order."""
    existing = {}
    for unit in Unit.objects.all():
        existing[unit.name] = existing[unit.short_name] = unit
    missing = [
        Unit(name=name, short_name=short, kind=kind, sort_order=10 * (i + 1))
        for i, (name, short, kind) in enumerate(UNITS)
        if name not in existing and short not in existing
    ]
    Unit.objects.bulk_create(missing, batch_size=BATCH_SIZE)
    by_name = {u.name: u for u in Unit.objects.all()}
    by_short = {u.short_name: u for u in by_name.values()}
    return [by_name.get(name) or by_short[short] for name, short, _kind in UNITS]


@transaction.atomic
def generate(n, k=10, seed=0, year=None, today=None):
    """Write `n` synthetic projects with `k` milestones each; returns {model name: rows created}."""
    today = today or timezone.localdate()
    units = ensure_units()
    start = Project.objects.filter(code__startswith="SJ-").count()
    counts = dict.fromkeys(["projects", "list_entries", "milestones", "progress_reports", "responsible_units"], 0)
    specs = plan_projects(n, k, seed=seed, year=year, today=today, start=start)
    while chunk := [spec for _i, spec in zip(range(CHUNK), specs, strict=False)]:
        _write_chunk(chunk, units, counts)
    return counts


def _write_chunk(chunk, units, counts):
    projects = Project.objects.bulk_create(
        [
            Project(
                code=s.code,
                name=s.name,
                level=s.level,
                category=s.category,
                area=s.area,
                total_investment=s.total_investment,
                planned_start=s.planned_start,
                planned_finish=s.planned_finish,
                actual_start=s.actual_start,
                responsible_leader=s.leader,
                owner_entity=s.owner,
                lead_unit=units[s.lead_unit],
            )
            for s in chunk
        ],
        batch_size=BATCH_SIZE,
    )
    if any(p.pk is None for p in projects):  # a backend that does not return ids from bulk inserts
        ids = dict(Project.objects.filter(code__in=[s.code for s in chunk]).values_list("code", "pk"))
        for p in projects:
            p.pk = ids[p.code]
    through = Project.responsible_units.through
    rows = {
        "list_entries": [
            ListEntry(project=p, year=y, batch=b, annual_plan_investment=a)
            for p, s in zip(projects, chunk, strict=True)
            for y, b, a in s.entries
        ],
        "milestones": [
            Milestone(
                project=p,
                seq=m.seq,
                name=m.name,
                planned_date=m.planned_date,
                baseline_date=m.baseline_date,  # bulk_create skips save(): set what save() would
                actual_date=m.actual_date,
                unit=units[m.unit_index],
                is_exempt=m.is_exempt,
                exempt_reason=m.exempt_reason,
            )
            for p, s in zip(projects, chunk, strict=True)
            for m in s.milestones
        ],
        "progress_reports": [
            ProgressReport(project=p, year=y, month=mo, investment_completed=a, image_progress="按计划推进")
            for p, s in zip(projects, chunk, strict=True)
            for y, mo, a in s.monthly
        ],
        "responsible_units": [
            through(project_id=p.pk, unit_id=units[u].pk)
            for p, s in zip(projects, chunk, strict=True)
            for u in s.responsible_units
        ],
    }
    counts["projects"] += len(projects)
    for name, objs in rows.items():
        if objs:
            type(objs[0]).objects.bulk_create(objs, batch_size=BATCH_SIZE)
        counts[name] += len(objs)
