"""The project list table: every per-row value comes with the page's rows (no per-row queries).

Rows are ListEntry objects read by `with_list_columns` (status, explanation and investment as of a date).
"""

import inspect
from decimal import Decimal
from html import escape as html_escape

import django_tables2 as tables
from django.core.exceptions import FieldDoesNotExist
from django.db.models import F
from django.urls import reverse
from django.utils import numberformat
from django.utils.formats import get_format, localize
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_tables2.data import TableQuerysetData
from django_tables2.utils import AttributeDict, computed_values, signature

from .investment import InvestmentColor
from .querysets import explanation
from .status import Color


def _escape(text):
    """conditional_escape for the cells of a page, without the lazy-string wrapper around escape() (a few hundred
    calls a page): safe text as it is, anything else escaped."""
    if hasattr(text, "__html__"):
        return text.__html__()
    return html_escape(str(text))


class CountedData(TableQuerysetData):
    """Queryset table data whose number of rows may be given (from counts the page computes anyway), so that
    the paginator runs no `COUNT` query; without it (None) the rows are counted as usual."""

    def __init__(self, data, length=None):
        super().__init__(data)
        self.length = length

    def __len__(self):
        return super().__len__() if self.length is None else self.length


class PageFirstData(CountedData):
    """Table data that annotates only the rows of the page shown (performance-notes.md, point 1).

    The paginator slices the filtered, ordered queryset as it is (Exists filters, no per-row annotations):
    a slice evaluates the page's primary keys, then `annotate(queryset)` loads those rows in one query,
    returned in the order of the keys. Sorting methods of the table add to the light queryset only the
    annotations their ORDER BY needs.
    """

    def __init__(self, data, annotate, length=None):
        super().__init__(data, length)
        self.annotate = annotate

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return super().__getitem__(key)
        pks = list(self.data.values_list("pk", flat=True)[key])
        if not pks:
            return []
        rows = {row.pk: row for row in self.annotate(self.data.model._default_manager.filter(pk__in=pks))}
        return [rows[pk] for pk in pks if pk in rows]

    def __iter__(self):
        return iter(self[:])


def _path_fields(model, path):
    """The model fields along `path` (a list of names) from `model`, or None where a name is not a model field (an
    annotation, a property)."""
    fields = []
    for part in path:
        try:
            field = model._meta.get_field(part)
        except (AttributeError, FieldDoesNotExist):
            return None
        fields.append(field)
        model = field.related_model
    return fields


def _loads_with_only(model, path):
    """Whether `.only()` can load the field at the end of `path`: a column of the model's row, or of a row it
    points to (forward foreign keys); not a reverse or many-to-many relation, an annotation or a property."""
    fields = _path_fields(model, path)
    return bool(fields) and all(
        f.concrete and not f.many_to_many and (f is fields[-1] or f.is_relation) for f in fields
    )


def _has_choices(model, path):
    """Whether the model field at the end of `path` has choices (an annotation has none)."""
    fields = _path_fields(model, path)
    return bool(fields and getattr(fields[-1], "choices", None))


class BoundedPagination:
    """`per_page` from the query string held to 1–200: a negative one raised an error, a huge one listed every row
    on one page."""

    max_per_page = 200

    def paginate(self, *args, per_page=None, **kwargs):
        if per_page is not None:
            per_page = min(max(per_page, 1), self.max_per_page)
        return super().paginate(*args, per_page=per_page, **kwargs)


class FastBodyMixin:
    """Renders the header and the body's cells in one pass per page (template: django_tables2/fast_body_table.html).

    django-tables2 renders each cell through its generic machinery (accessor resolution, a signature
    inspection per call, the column's attributes rebuilt and translated per cell, three template variable
    lookups): 550 cells cost ~45 ms, more than the page's queries. Here everything that does not depend on
    the row is prepared once per column (attributes, render method and the arguments it takes, whether the
    value is a choice's label); cells then follow django-tables2's rules: a value in `empty_values` shows
    the column's default, otherwise the `render_<name>` method (or the column's) makes the content.
    """

    def _cell_plans(self):
        plans = []
        for bound in self.columns:
            column = bound.column
            path = str(bound.accessor).replace("__", ".").split(".")
            # A choice's label is looked up once per value and render (get_FOO_display rebuilds the choices and
            # translates every label on each call).
            labels = {} if _has_choices(self.data.model, path) else None
            params = set(inspect.signature(bound.render).parameters)
            plans.append(
                (bound, column, path, labels, params, bound.attrs["td"].as_html(), column.empty_values, bound.default)
            )
        return plans

    def _row_attrs_plan(self):
        """[(name, value or callable, the arguments it takes)] for `row_attrs`, or None when it nests dicts
        (then django-tables2's `computed_values` does it per row)."""
        plan = []
        for name, value in self.row_attrs.items():
            if isinstance(value, dict):
                return None
            if callable(value):
                args, catch_all = signature(value)
                plan.append((name, value, None if catch_all else args))
            else:
                plan.append((name, value, ()))
        return plan

    def _row_attrs(self, plan, record, index):
        """The row's attributes as HTML, as `computed_values` + `AttributeDict.as_html` make them."""
        kwargs = {"table": self, "record": record}
        if plan is None:
            attrs = computed_values(self.row_attrs, kwargs=kwargs)
        else:
            attrs = {}
            for name, value, args in plan:
                if args == ():
                    attrs[name] = value
                elif args is None:
                    attrs[name] = value(**kwargs)
                else:
                    attrs[name] = value(**{a: kwargs[a] for a in args}) if all(a in kwargs for a in args) else None
        attrs["class"] = f"{attrs.get('class') or ''} {'odd' if index % 2 else 'even'}".strip()
        # AttributeDict(attrs).as_html() without format_html per attribute
        html = []
        for name, value in attrs.items():
            value = value() if callable(value) else value
            if name not in AttributeDict.blacklist and value is not None:
                html.append(f'{_escape(name)}="{_escape(value)}"')
        return mark_safe(" ".join(html))  # noqa: S308 (escaped)

    @classmethod
    def model_field_paths(cls, model):
        """The `model` fields the columns show, as `.only()` takes them ("project__code"): a page's rows need not
        carry the rest (a project's long 建设内容 text, its dates)."""
        paths = []
        for name, column in cls.base_columns.items():
            path = str(column.accessor or name).replace(".", "__")
            if _loads_with_only(model, path.split("__")):
                paths.append(path)
        return paths

    def header_cells(self):
        """(th attributes, header html) for each column, as django_tables2/table.html writes them (a sort link keeps
        the query string, as its querystring_replace tag makes it)."""
        request = getattr(self, "request", None)  # set by RequestConfig
        params = dict(request.GET) if request else {}
        cells = []
        for bound in self.columns:
            header = _escape(bound.header)
            if bound.orderable:
                query = {**params, self.prefixed_order_by_field: bound.order_by_alias.next}
                header = f'<a href="{html_escape("?" + urlencode(query, doseq=True))}">{header}</a>'
            cells.append((bound.attrs["th"].as_html(), mark_safe(header)))  # noqa: S308 (escaped)
        return cells

    def body_html(self):
        """The body's rows of the page, as HTML."""
        plans = self._cell_plans()
        attrs_plan = self._row_attrs_plan()
        numbers = {}
        rows = []
        for index, row in enumerate(self.paginated_rows):
            record = row.record
            cells = []
            for bound, column, path, labels, params, td, empty, default in plans:
                owner, value = None, record
                for part in path:
                    owner, value = value, getattr(value, part, None) if value is not None else None
                if labels is not None and owner is not None and value not in (None, ""):
                    label = labels.get(value)
                    if label is None:
                        label = labels[value] = getattr(owner, f"get_{path[-1]}_display")()
                    value = label
                if value in empty:
                    content = default
                else:
                    args = {"value": value, "record": record, "column": column, "bound_column": bound, "table": self}
                    content = bound.render(**{name: args[name] for name in params})
                if type(content) is int:  # localized once per value (days, counts)
                    text = numbers.get(content)
                    if text is None:
                        text = numbers[content] = _escape(localize(content))
                elif isinstance(content, str):  # text is not localized
                    text = _escape(content)
                else:
                    text = _escape(localize(content))
                cells.append(f"<td {td}>{text}</td>")
            rows.append(f"<tr {self._row_attrs(attrs_plan, record, index)}>{''.join(cells)}</tr>\n")
        return mark_safe("".join(rows))  # noqa: S308 (escaped)


def badge(color, label=None, title=""):
    """A labelled color badge (a color never stands without its text); the label defaults to the color's."""
    if color is None:
        return "—"
    label = label or Color(color).label
    if title:
        return format_html('<span class="badge {}" title="{}">{}</span>', color, title, label)
    return format_html('<span class="badge {}">{}</span>', color, label)


class MoneyFormat:
    """An amount with two decimals and grouping in the active language, "—" for none; the separators looked up once
    (`number_format` looks them up per call)."""

    def __init__(self):
        lang = get_language()
        self.decimal_sep = get_format("DECIMAL_SEPARATOR", lang, use_l10n=True)
        self.grouping = get_format("NUMBER_GROUPING", lang, use_l10n=True)
        self.thousand_sep = get_format("THOUSAND_SEPARATOR", lang, use_l10n=True)

        # Python's own grouping gives the same text when the separators are "," and "." by threes: a decimal with at
        # most two places needs no rounding (numberformat cuts extra places, Python rounds them).
        self.python_grouping = (self.grouping, self.thousand_sep, self.decimal_sep) == (3, ",", ".")

    def __call__(self, value):
        if value is None:
            return "—"
        if (
            self.python_grouping
            and type(value) is Decimal
            and value.is_finite()
            and value.as_tuple().exponent >= -2
            and (value or not value.is_signed())  # numberformat writes -0.00 as 0.00
        ):
            return f"{value:,.2f}"
        return numberformat.format(
            value, self.decimal_sep, 2, self.grouping, self.thousand_sep, force_grouping=True, use_l10n=True
        )


def card_attrs(label, css_class=""):
    """Cell attributes for a `cards` table: the label shown before the cell when rows become cards on a phone,
    and the cell's class ("num" also right-aligns the header, "title" shows the cell unlabelled and bold)."""
    td = {"data-label": label, **({"class": css_class} if css_class else {})}
    return {"td": td, "th": {"class": "num"} if css_class == "num" else {}}


_PK = 987654321


def _project_link(record, text, _cache={}):  # noqa: B006 (the URL pattern is reversed once per process)
    if "url" not in _cache:
        _cache["url"] = html_escape(reverse("projects:detail", args=[_PK]))
    url = _cache["url"].replace(str(_PK), str(record.project_id))
    return mark_safe(f'<a href="{url}">{_escape(text)}</a>')  # noqa: S308 (escaped)


class ProjectListTable(BoundedPagination, FastBodyMixin, tables.Table):
    code = tables.Column(_("项目编号"), accessor="project__code", attrs=card_attrs(_("项目编号"), "title"))
    name = tables.Column(_("项目名称"), accessor="project__name", attrs=card_attrs(_("项目名称"), "title"))
    batch = tables.Column(_("批次"), attrs=card_attrs(_("批次")))
    lead_unit = tables.Column(_("牵头单位"), accessor="project__lead_unit__short_name", attrs=card_attrs(_("牵头单位")))
    level = tables.Column(_("项目级别"), accessor="project__level", attrs=card_attrs(_("项目级别")))
    total_investment = tables.Column(
        _("总投资(万元)"), accessor="project__total_investment", attrs=card_attrs(_("总投资(万元)"), "num")
    )
    annual_plan_investment = tables.Column(_("年度计划投资(万元)"), attrs=card_attrs(_("年度计划投资(万元)"), "num"))
    status = tables.Column(_("进度状态"), attrs=card_attrs(_("进度状态")))
    investment_status = tables.Column(_("投资进度"), attrs=card_attrs(_("投资进度")))
    next_due = tables.Column(_("下一节点"), accessor="next_planned", attrs=card_attrs(_("下一节点")))
    days_overdue = tables.Column(_("逾期天数"), empty_values=(), attrs=card_attrs(_("逾期天数"), "num"))

    class Meta:
        template_name = "django_tables2/fast_body_table.html"
        attrs = {"class": "data-table project-list cards"}
        row_attrs = {"class": lambda record: f"status-{record.status}"}
        per_page = 50
        empty_text = _("没有符合条件的项目")

    def __init__(self, *args, as_of, **kwargs):
        self.as_of = as_of
        super().__init__(*args, **kwargs)

    # Rendering. A table is built per request, so what depends only on the language is prepared once per table.
    @cached_property
    def _money(self):
        return MoneyFormat()

    @cached_property
    def _badges(self):
        """{(kind, color): (badge html without a title, escaped label)} for the schedule and investment colors."""
        badges = {}
        for kind, colors in (("status", Color), ("investment", InvestmentColor)):
            for color in colors:
                label = _escape(color.label)
                badges[kind, color.value] = (mark_safe(f'<span class="badge {color.value}">{label}</span>'), label)  # noqa: S308
        return badges

    @cached_property
    def _progress_text(self):
        return gettext("完成 %(ytd)s 万元, 较序时进度 %(gap)+.1f 个百分点")

    def render_code(self, value, record):
        return _project_link(record, value)

    def render_name(self, value, record):
        return _project_link(record, value)

    def render_total_investment(self, value):
        return self._money(value)

    def render_annual_plan_investment(self, value):
        return self._money(value)

    def render_status(self, record):
        # badge(status, label, text) followed by the text, as format_html makes them (the text escaped once)
        text = _escape(explanation(record, self.as_of))
        plain, label = self._badges["status", record.status]
        badge_html = f'<span class="badge {record.status}" title="{text}">{label}</span>' if text else plain
        return mark_safe(f'{badge_html}<div class="explain">{text}</div>')  # noqa: S308 (escaped)

    def value_status(self, record):
        return Color(record.status).label

    def render_investment_status(self, record):
        color = record.investment_status
        html = self._badges["investment", color][0]
        if record.investment_gap_pp is not None and record.investment_months:
            text = self._progress_text % {
                "ytd": self._money(record.investment_ytd),
                "gap": record.investment_gap_pp,
            }
            html += f'<div class="explain">{_escape(text)}</div>'
        missing = record.investment_months - record.investment_reported_months
        if missing > 0 and color != InvestmentColor.NONE:
            text = ngettext("%(n)s 个月未报", "%(n)s 个月未报", missing) % {"n": missing}
            html += f'<div class="explain warn">{_escape(text)}</div>'
        return mark_safe(html)  # noqa: S308 (escaped)

    def value_investment_status(self, record):
        return InvestmentColor(record.investment_status).label

    def render_next_due(self, record):
        if not record.next_name:
            return "—"
        name, planned = _escape(record.next_name), record.next_planned.isoformat()
        return mark_safe(f'{name}<div class="explain">{planned}</div>')  # noqa: S308 (escaped)

    def render_days_overdue(self, record):
        return record.days_overdue if record.days_overdue and record.days_overdue > 0 else "—"

    # Ordering: severity first, then the longest overdue first (NULLs last on both databases). The data is
    # the light queryset of `PageFirstData`: each sort adds the annotations its ORDER BY needs (a sort by a
    # computed column evaluates it for every row, so it is done on request only; the default is by code).
    def order_status(self, queryset, is_descending):
        rank = F("status_rank").desc() if is_descending else F("status_rank").asc()
        queryset = queryset.with_status(self.as_of)
        return queryset.order_by(rank, F("days_overdue").desc(nulls_last=True), "project__code"), True

    def order_investment_status(self, queryset, is_descending):
        rank = F("investment_rank").desc() if is_descending else F("investment_rank").asc()
        queryset = queryset.with_investment_status(self.as_of)
        return queryset.order_by(rank, F("investment_gap_pp").asc(nulls_last=True), "project__code"), True

    def order_days_overdue(self, queryset, is_descending):
        days = F("days_overdue").desc(nulls_last=True) if is_descending else F("days_overdue").asc(nulls_last=True)
        return queryset.with_status(self.as_of).order_by(days, "project__code"), True

    def order_next_due(self, queryset, is_descending):
        planned = F("next_planned").desc(nulls_last=True) if is_descending else F("next_planned").asc(nulls_last=True)
        return queryset.with_next_due(self.as_of).order_by(planned, "project__code"), True
