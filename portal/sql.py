"""SQL helpers of no app in particular."""

from django.db.models import Func, IntegerField


class Rank(Func):
    """The rank of an expression's value for sorting: `CASE <expression> WHEN 'a' THEN 0 … ELSE <default> END`, the
    expression written once (a CASE of conditions would repeat it in every branch)."""

    output_field = IntegerField()

    def __init__(self, expression, ranks, default):
        self.ranks, self.default = dict(ranks), default
        super().__init__(expression)

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        branches = " ".join("WHEN %s THEN %s" for _ in self.ranks)
        values = [v for pair in self.ranks.items() for v in pair]
        return f"CASE {sql} {branches} ELSE %s END", (*params, *values, self.default)
