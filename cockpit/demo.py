"""The 2025 goals of the seed report (西部科学城重庆高新区2024年经济社会发展情况及2025年重点工作, 二(五)), loaded by
the demo. Idempotent: a year that has goals is left as it is (an administrator may have changed them)."""

from decimal import Decimal

from projects.models import Project

from .models import YearGoal

SEED_GOALS = {
    2025: {
        # 谋划实施225个“四个一批”清单建设项目，推动50个项目开工入统，175个项目形成更多实物工作量，确保60个项目投用，
        # 实现年度投资620亿元以上、其中工业投资150亿元以上……策划100个储备项目
        "list_count": 225,
        "in_stats_count": 50,
        "working_count": 175,
        "in_use_count": 60,
        "reserve_count": 100,
        "investment": Decimal("620"),
        "industrial_investment": Decimal("150"),
        # 牵头的32个市级重点项目投资完成率150% (the report's 2024 result, kept as the 2025 level to hold)
        "key_level": Project.Level.MUNICIPAL,
        "key_level_count": 32,
        "key_level_rate": Decimal("150"),
        "note": "2025年重点工作（二（五））；市级重点项目为2024年完成水平",
    }
}


def load_demo_goals():
    """Create the seed report's goals that are missing; returns the number created."""
    created = 0
    for year, fields in SEED_GOALS.items():
        _goal, new = YearGoal.objects.get_or_create(year=year, defaults=fields)
        created += new
    return created
