"""portal.widgets.Select writes the markup of Django's select templates."""

import re

import pytest
from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy

from portal.widgets import Select

CHOICES = [
    ("", "---------"),
    (1, "甲 <单位> & “乙”"),
    ("b", gettext_lazy("批次")),
    ("组", [("x", "X"), ("y", 'Y"')]),
]


def normalized(html):
    return re.sub(r">\s+<", "><", str(html)).strip()


@pytest.mark.parametrize("value", [None, "", 1, "1", "x", "nothing"])
@pytest.mark.parametrize(
    "attrs", [None, {"id": "id_f", "aria-describedby": "id_f_helptext"}, {"required": True, "disabled": False}]
)
def test_select_renders_as_djangos_template(value, attrs):
    with translation.override("en"):
        ours = Select(choices=CHOICES).render("f", value, attrs)
        django = forms.Select(choices=CHOICES).render("f", value, attrs)
    assert normalized(ours) == normalized(django)
    assert "&lt;单位&gt; &amp;" in ours and "Batch" in ours


@pytest.mark.parametrize(
    "choices,value",
    [
        ([(None, "无"), ("a", "甲"), ("a", "甲again")], None),  # None as "", only the first match selected
        ([(None, "无"), ("a", "甲"), ("a", "甲again")], "a"),
        ([("", [("x", "X")]), (0, [("y", "Y")]), ("g", [])], "y"),  # groups without a name, an empty group
        ([(1, "一"), (2, "二")], ["1", "2"]),  # a list value: the first match only, as for Django's Select
    ],
)
def test_select_renders_as_djangos_template_at_the_edges(choices, value):
    ours = Select(choices=choices, attrs={"class": "c", "disabled": True}).render("f", value, {"id": "id_f"})
    django = forms.Select(choices=choices, attrs={"class": "c", "disabled": True}).render("f", value, {"id": "id_f"})
    assert normalized(ours) == normalized(django)


def test_the_selected_option_is_marked():
    html = Select(choices=CHOICES).render("f", "1", {"id": "id_f"})
    assert '<select name="f" id="id_f">' in html and '<option value="1" selected>' in html
    assert html.count("selected") == 1
