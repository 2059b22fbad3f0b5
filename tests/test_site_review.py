"""What the site review fixed: number formats, navigation, error pages, shared filter dates."""

from decimal import Decimal

import pytest

from tests.factories import make_project


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_amounts_grouped_by_thousands_in_both_languages(client_for, unit_a, lang):
    make_project(lead_unit=unit_a, code="BIG-1", annual_plan=Decimal("1234567.5"), total_investment=Decimal(9876543))
    client = client_for("manager")
    client.cookies["django_language"] = lang
    page = client.get("/projects/?year=2025").content.decode()
    assert "1,234,567.50" in page and "9,876,543.00" in page


def _nav(page):
    start = page.index('class="main-nav"')
    return page[start : page.index("</nav>", start)]


@pytest.mark.parametrize(
    "persona, sees_import, sees_admin",
    [("staff_a", False, False), ("manager", True, True), ("admin", True, True)],
)
def test_nav_shows_import_only_to_those_who_may_import(client_for, persona, sees_import, sees_admin):
    nav = _nav(client_for(persona).get("/").content.decode())
    for label in ("首页", "项目清单", "逾期督办", "经济指标"):
        assert label in nav
    assert ("导入清单" in nav) is sees_import
    assert ('href="/projects/import/"' in nav) is sees_import
    assert ("管理后台" in nav) is sees_admin
    assert nav.index("首页") < nav.index("项目清单") < nav.index("逾期督办") < nav.index("经济指标")


@pytest.mark.parametrize("persona, sees_import", [("staff_a", False), ("manager", True)])
def test_list_page_links_to_import_for_managers(client_for, persona, sees_import):
    page = client_for(persona).get("/projects/?year=2025&status=red").content.decode()
    assert ('href="/projects/import/"' in page) is sees_import
    # the exports keep the current filters
    assert "export/xlsx/?" in page and "status=red" in page.split("export/xlsx/?", 1)[1].split('"', 1)[0]


def test_project_page_marks_the_project_list_as_current(client_for, project_a):
    nav = _nav(client_for("staff_a").get(f"/projects/{project_a.pk}/").content.decode())
    assert 'href="/projects/" aria-current="page"' in nav


def test_import_page_links_to_the_template(client_for):
    page = client_for("manager").get("/projects/import/").content.decode()
    assert 'href="/projects/import/template/"' in page
    assert 'href="/projects/import/" aria-current="page"' in _nav(page)


@pytest.mark.parametrize(
    "lang, heading, home", [("zh-hans", "无权访问", "返回首页"), ("en", "Access denied", "Back to the home page")]
)
def test_403_page_in_the_sites_style(client_for, world, lang, heading, home):
    client = client_for("staff_a")
    client.cookies["django_language"] = lang
    response = client.get("/projects/import/")
    assert response.status_code == 403
    page = response.content.decode()
    assert heading in page and home in page and 'href="/"' in page
    assert 'class="main-nav"' in page  # the site's layout, with its navigation


@pytest.mark.parametrize(
    "lang, heading, home", [("zh-hans", "页面不存在", "返回首页"), ("en", "Page not found", "Back to the home page")]
)
@pytest.mark.parametrize("path", ["/projects/999999/", "/no-such-page/"])
def test_404_page_in_the_sites_style(client_for, world, lang, heading, home, path):
    client = client_for("manager")
    client.cookies["django_language"] = lang
    response = client.get(path)
    assert response.status_code == 404
    page = response.content.decode()
    assert heading in page and home in page and 'href="/"' in page


def test_500_page_renders_without_a_request_context():
    from django.test import RequestFactory
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "服务器出错了" in page and "Server error" in page and 'href="/"' in page


def test_list_and_overdue_share_year_and_as_of_defaults(client_for, world):
    import time_machine

    with time_machine.travel("2025-07-15 10:00 +0800", tick=False):
        client = client_for("manager")
        for url in ("/projects/", "/overdue/"):
            view = client.get(url).context["view"]
            assert view.filterset.list_year == 2025 and view.filterset.as_of_date.isoformat() == "2025-07-15"
        # a year out of range is reported on the form of both pages, which compute nothing for it
        for url in ("/projects/?year=1999", "/overdue/?year=1999"):
            response = client.get(url)
            assert response.context["view"].filterset.list_year == 2025
            assert "year" in response.context["filter"].form.errors
        assert "A-001" not in client.get("/projects/?year=1999").content.decode()
        filterset = client.get("/projects/?year=2025&as_of=2025-06-30").context["view"].filterset
        assert filterset.as_of_date.isoformat() == "2025-06-30"


def test_indicator_periods_in_english(client_for, world):
    client = client_for("manager")
    client.cookies["django_language"] = "en"
    page = client.get("/indicators/").content.decode()
    assert "months 1–2" in page and "1–2月" not in page
