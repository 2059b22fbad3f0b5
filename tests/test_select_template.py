"""The site's select template (templates/django/forms/widgets/select.html, through FORM_RENDERER) writes each plain
option itself instead of including a template per option: it must write exactly what Django's own templates write."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

CHOICES = [("", "---------"), ("a", "甲 & <乙>"), ("组", [("b", 'B "引号"'), (3, "三")]), (None, "空")]


class OwnOption(forms.Select):
    option_template_name = "django/forms/widgets/input_option.html"  # an option template of its own


WIDGETS = [
    forms.Select(choices=CHOICES, attrs={"id": "id_f", "class": "wide"}),
    forms.SelectMultiple(choices=CHOICES),
    forms.NullBooleanSelect(),
    OwnOption(choices=CHOICES),
]


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: type(w).__name__)
@pytest.mark.parametrize("value", ["a", ["b", 3], None, "3", "unknown", "true"])
def test_the_sites_select_writes_what_djangos_templates_write(widget, value):
    try:
        djangos = widget.render("f", value, renderer=DjangoTemplates())  # Django's own templates only
    except TypeError:  # a list for NullBooleanSelect: refused the same way whatever the template
        with pytest.raises(TypeError):
            widget.render("f", value)
        return
    assert widget.render("f", value) == djangos  # the site's renderer (TemplatesSetting)


def test_the_site_renders_selects_with_its_own_template():
    from django.template.loader import get_template

    assert "templates/django/forms/widgets/select.html" in get_template("django/forms/widgets/select.html").origin.name
