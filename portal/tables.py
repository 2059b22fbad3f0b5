"""Table plumbing shared by the list pages (django-tables2): bounded pages, a row count given by the page, rows
annotated only for the page shown. A list page is a FilterView with a Table; its body is a template of its own
(the block `table.tbody` of templates/portal/table.html) that writes each row's cells."""

from django_tables2.data import TableQuerysetData


class BoundedPagination:
    """`per_page` from the query string held to 1–200: a negative one raised an error, a huge one listed every row
    on one page."""

    max_per_page = 200

    def paginate(self, *args, per_page=None, **kwargs):
        if per_page is not None:
            per_page = min(max(per_page, 1), self.max_per_page)
        return super().paginate(*args, per_page=per_page, **kwargs)


class CountedData(TableQuerysetData):
    """Queryset table data whose number of rows may be given (from counts the page computes anyway), so that the
    paginator runs no `COUNT` query; without it (None) the rows are counted as usual."""

    def __init__(self, data, length=None):
        super().__init__(data)
        self.length = length

    def __len__(self):
        return super().__len__() if self.length is None else self.length


class PageFirstData(CountedData):
    """Table data that annotates only the rows of the page shown (performance-notes.md, point 1).

    The paginator slices the filtered, ordered queryset as it is (filters, no per-row annotations): a slice reads
    the page's primary keys, then `annotate(queryset)` loads those rows in one query, in the order of the keys.
    Sorting methods of the table add to the light queryset only what their ORDER BY needs.
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


def header_attrs(css_class=""):
    """Column attributes for a header cell: "num" right-aligns a number column's header."""
    return {"th": {"class": css_class}} if css_class else {}


def page_records(table):
    """The records of the page a table shows (for `before_render`), without making rows of them: a row made counts
    towards the table's even/odd stripes."""
    return list(table.page.object_list.data) if table.page else []
