"""The optional score (考核得分) of the ranking: offered only where the zone configures its weights (RANKING_WEIGHTS).

score = RANKING_BASE_SCORE − Σ weight × term, over the configured terms of `TERMS`: counts (red, yellow, plan moves,
late reports, orders with the reply overdue) and shortfalls in percentage points (100 − on-time rate, 100 − replied
on time rate; 0 where the rate has nothing to count). Every weight is a deduction; the page shows the formula.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.checks import Error, register
from django.utils.translation import gettext_lazy as _


def _shortfall(pct):
    return Decimal(0) if pct is None else Decimal(100) - Decimal(str(round(pct, 4)))


# term name → (label in the formula, the value of a UnitRank)
TERMS = {
    "red": (_("红色节点数"), lambda r: r.red),
    "yellow": (_("黄色节点数"), lambda r: r.yellow),
    "late_rate": (_("（100 − 按期完成率%）"), lambda r: _shortfall(r.on_time_pct)),
    "plan_moves": (_("调整计划节点数"), lambda r: r.plan_moves),
    "late_reports": (_("未按时填报月次"), lambda r: r.late_reports),
    "reply_late_rate": (_("（100 − 督办按时反馈率%）"), lambda r: _shortfall(r.reply_on_time_pct)),
    "reply_overdue": (_("督办反馈逾期数"), lambda r: r.orders_reply_overdue),
}


@dataclass(frozen=True)
class Scoring:
    base: Decimal
    weights: dict  # term name → Decimal, in the order of TERMS

    @classmethod
    def current(cls):
        """The configured scoring, or None when no weights are configured (then there is no score)."""
        weights = settings.RANKING_WEIGHTS
        if not weights:
            return None
        ordered = {name: Decimal(str(weights[name])) for name in TERMS if name in weights}
        return cls(base=Decimal(str(settings.RANKING_BASE_SCORE)), weights=ordered)

    def score(self, rank):
        """The unit's score, to two decimals."""
        value = self.base - sum(w * Decimal(TERMS[name][1](rank)) for name, w in self.weights.items())
        return value.quantize(Decimal("0.01"))

    def formula(self):
        """The formula in words, e.g. 考核得分 = 100 − 2 × 红色节点数 − 1 × 黄色节点数."""
        parts = [f"{self.base.normalize():f}"]
        parts += [f"− {w.normalize():f} × {TERMS[name][0]}" for name, w in self.weights.items()]
        return f"{_('考核得分')} = {' '.join(parts)}"


@register()
def check_weights(app_configs, **kwargs):
    """RANKING_WEIGHTS names only known terms."""
    unknown = sorted(set(settings.RANKING_WEIGHTS) - set(TERMS))
    if unknown:
        names = ", ".join(TERMS)
        return [Error(f"RANKING_WEIGHTS names unknown terms {unknown}; known: {names}", id="ranking.E001")]
    return []
