"""Where an app above `projects` adds to its pages without `projects` importing it (imports run one way,
conventions 15). The settings name them by dotted path (read at each use, so a test may override them):

- `PROJECT_MARKERS`, a list of `Marker`s: a yes/no fact about a project or a milestone computed in SQL as one expression
  (an `Exists`), annotated on the rows of the project list, the overdue list and the project page's milestones,
  shown as a labelled marker beside the color and offered as a filter of both lists;
- `PROJECT_PANELS`, {page: a list of `Panel`s}: blocks of a page ("dashboard", "project"), each a template and the
  function that gives its context.

Nothing named, nothing shown: `projects` works alone.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

YES, NO = "yes", "no"


@dataclass(frozen=True)
class Marker:
    """`key` names the annotation and the filter; `on_project(ref)` and `on_milestone(ref)` give the expression for
    rows whose field `ref` points at a project / a milestone."""

    key: str
    label: str
    filter_label: str
    on_project: Callable
    on_milestone: Callable

    def choices(self):
        return [(YES, _("有")), (NO, _("无"))]

    def filter(self, queryset, value, *, ref, on="project"):
        expression = (self.on_project if on == "project" else self.on_milestone)(ref)
        return queryset.filter(expression if value == YES else ~expression)

    def annotate(self, queryset, *, ref, on="project"):
        expression = (self.on_project if on == "project" else self.on_milestone)(ref)
        return queryset.annotate(**{self.key: expression})


@dataclass(frozen=True)
class Panel:
    """`template` is rendered with the context `context(**kwargs)` returns (the dashboard: year, as_of; the project
    page: project, as_of, user); `stylesheet`, a static path the page links in its head."""

    template: str
    context: Callable
    stylesheet: str = ""


def markers():
    return [import_string(path) for path in getattr(settings, "PROJECT_MARKERS", [])]


def annotate_markers(queryset, *, ref, on="project"):
    """The rows with every named marker annotated under its key."""
    for marker in markers():
        queryset = marker.annotate(queryset, ref=ref, on=on)
    return queryset


def shown_markers(row):
    """The markers that are set on an annotated row, as [(key, label)] for the templates."""
    return [(marker.key, marker.label) for marker in markers() if getattr(row, marker.key, False)]


def panels(page, request, **kwargs):
    """{"html": [the page's named panels, rendered], "stylesheets": [their static paths]}."""
    found = [import_string(path) for path in getattr(settings, "PROJECT_PANELS", {}).get(page, [])]
    return {
        "html": [render_to_string(panel.template, panel.context(**kwargs), request=request) for panel in found],
        "stylesheets": sorted({panel.stylesheet for panel in found if panel.stylesheet}),
    }


def uploads():
    """The attachments' hook named by the setting `PROJECT_UPLOADS` (a dotted path), or None: the update forms
    (report, milestone's actual date, an order's reply) then take files with their save. The hook has
    `form(request, owner)` (the bound or empty files form), `save(write, form, user, milestone=None)` (runs `write()`
    and keeps the files on its result in one transaction) and `template` (the form's partial)."""
    path = getattr(settings, "PROJECT_UPLOADS", "")
    return import_string(path) if path else None
