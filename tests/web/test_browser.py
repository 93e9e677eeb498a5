"""End to end in headless Chromium over the real radar: every page (and /docs, /redoc) at
1440 and 390 px, no request leaving 127.0.0.1, no console error; exports, drill-down,
shortlist editing, the MacroPolo comparison, honest answers. Screenshots in test-artifacts/."""

from __future__ import annotations

import json
import re
import urllib.request
from urllib.parse import quote

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.xdist_group("realdata")]

COMPARE = "/?venue=neurips&year=2019&year=2022&by=country&rule=hq&tier=top"
PAGES = {
    "overview": "/",
    "compare": COMPARE,
    "flows": "/flows",
    "orgs": "/orgs?q=deepmind",
    "org": "/orgs/google",
    "people": "/people?q=bengio",
    "person": None,  # the first person found for "bengio"
    "scout": "/scout?q=diffusion+models",
    "shortlists": "/shortlists",
    "market": "/market",
    "not-found": "/orgs/nope",
    "docs": "/docs",
    "redoc": "/redoc",
}
# MacroPolo's Global AI Talent Tracker 2.0, NeurIPS accepted authors, HQ rule (persons).
MACROPOLO = {"US": (0.59, 0.42), "CN": (0.11, 0.28)}
TOLERANCE = 0.05


def _clean(watched) -> None:
    assert watched.errors == [], watched.errors
    assert watched.external == [], watched.external


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read()


def _path(live, name: str) -> str:
    if PAGES[name] is not None:
        return PAGES[name]
    found = json.loads(_get(live.url + "/api/people?q=bengio"))["persons"]
    return f"/people/{found[0]['person_id']}"


def _wait_charts(page) -> None:
    charts = page.locator(".chart")
    for i in range(charts.count()):
        charts.nth(i).locator("svg").first.wait_for(timeout=20_000)


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_loads_clean_at_desktop_width(live, browser, name) -> None:
    from tests.web.conftest import Watched

    context = browser.new_context(viewport={"width": 1440, "height": 900})
    watched = Watched(context.new_page(), live.url)
    page = watched.page
    response = page.goto(live.url + _path(live, name))
    assert response.status == (404 if name == "not-found" else 200)
    if name == "docs":
        page.locator(".opblock").first.wait_for(timeout=20_000)
    elif name == "redoc":
        page.locator("[data-section-id]").first.wait_for(timeout=30_000)
    else:
        assert page.locator("h1").first.inner_text().strip()
        _wait_charts(page)
    watched.shot(f"page-{name}-1440")
    context.close()
    if name == "not-found":  # the browser logs the 404 of the document itself
        watched.errors = [e for e in watched.errors if "404" not in e]
    _clean(watched)


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_fits_a_phone(live, browser, name) -> None:
    from tests.web.conftest import Watched

    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    watched = Watched(context.new_page(), live.url)
    page = watched.page
    page.goto(live.url + _path(live, name))
    if name == "docs":
        page.locator(".opblock").first.wait_for(timeout=20_000)
    elif name == "redoc":
        page.locator("[data-section-id]").first.wait_for(timeout=30_000)
    else:
        _wait_charts(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    watched.shot(f"page-{name}-390")
    context.close()
    assert width <= 390, f"{name} is {width}px wide on a 390px phone"
    if name == "not-found":
        watched.errors = [e for e in watched.errors if "404" not in e]
    _clean(watched)


def test_docs_list_the_operations(live, watched) -> None:
    page = watched.page
    page.goto(live.url + "/docs")
    page.locator(".opblock").first.wait_for(timeout=20_000)
    spec = json.loads(_get(live.url + "/openapi.json"))
    operations = {(m.upper(), path) for path, ops in spec["paths"].items() for m in ops}
    shown = set(
        zip(
            page.locator(".opblock-summary-method").all_inner_texts(),
            page.locator(".opblock-summary-path").all_inner_texts(),
            strict=True,
        )
    )
    assert {(m, p.replace("\u200b", "")) for m, p in shown} == operations
    assert len(operations) >= 30
    _clean(watched)


def test_export_button_downloads_the_api_csv(live, watched) -> None:
    page = watched.page
    page.goto(live.url + COMPARE)
    link = page.locator("a.export-csv").first
    with page.expect_download() as info:
        link.click()
    downloaded = open(info.value.path(), "rb").read()  # noqa: SIM115
    assert downloaded == _get(live.url + link.get_attribute("href"))
    lines = downloaded.decode().splitlines()
    assert lines[0].startswith("venue,year,key,label,persons,papers,person_share")
    assert {ln.split(",")[1] for ln in lines[1:]} == {"2019", "2022"}
    _clean(watched)


@pytest.mark.parametrize(
    ("key", "column"),
    [
        ("US", 0),
        ("US", 1),
        ("CN", 0),
        pytest.param(
            "CN",
            1,
            marks=pytest.mark.xfail(
                strict=True,
                reason="NeurIPS 2022 China reads about 22 % here against MacroPolo's 28 % (6 points): "
                "an affiliation-coverage gap (issue 13), not a page defect",
            ),
        ),
    ],
    ids=["US-2019", "US-2022", "CN-2019", "CN-2022"],
)
def test_comparison_url_reproduces_the_macropolo_cells(live, watched, key, column) -> None:
    page = watched.page
    page.goto(live.url + COMPARE)
    header = page.locator("#compare thead tr").first.inner_text()
    assert "NeurIPS 2019" in header and "NeurIPS 2022" in header
    cells = page.locator(f'#compare tr[data-key="{key}"] td.num').all_inner_texts()
    ours = float(cells[column].rstrip("%")) / 100
    want = MACROPOLO[key][column]
    assert abs(ours - want) <= TOLERANCE, (
        f"{key} {2019 if column == 0 else 2022}: ours {ours}, MacroPolo {want}"
    )
    if key == "US" and column == 0:
        watched.shot("compare-macropolo")
    _clean(watched)


def test_clicking_a_heatmap_cell_lists_its_people(live, watched) -> None:
    page = watched.page
    page.goto(live.url + "/flows")
    chart = page.locator('.chart[data-kind="heatmap"]')
    chart.locator("svg").first.wait_for()
    data = json.loads(page.locator("#poaching").text_content())
    biggest = max(range(len(data["cells"])), key=lambda i: data["cells"][i][2])
    x, y, moves = data["cells"][biggest]
    point = page.evaluate(
        """([x, y]) => echarts.getInstanceByDom(document.querySelector('.chart[data-kind="heatmap"]'))
             .convertToPixel({seriesIndex: 0}, [x, y])""",
        [x, y],
    )
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    page.locator("#drill-table").wait_for()
    assert page.locator("#drill-table tbody tr").count() == moves
    assert f"{moves} moves" in page.locator("#drill-title").inner_text()
    names = {p["name"] for p in data["people"][biggest]}
    assert set(page.locator("#drill-table tbody td:first-child").all_inner_texts()) == names
    watched.shot("flows-heatmap-drill")
    _clean(watched)


def test_clicking_a_bar_lists_its_people(live, watched) -> None:
    page = watched.page
    page.goto(live.url + COMPARE)
    chart = page.locator('.chart[data-kind="bars"]')
    chart.locator("svg").first.wait_for()
    bar = page.evaluate(  # the first bar of the first venue-year (United States, 2019)
        """() => echarts.getInstanceByDom(document.querySelector('.chart[data-kind="bars"]'))
             .getModel().getSeriesByIndex(0).getData().getItemLayout(0)"""
    )
    point = [bar["x"] + bar["width"] / 2, bar["y"] + bar["height"] / 2]
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    page.locator("#drill-table").wait_for(timeout=60_000)
    assert "United States, NeurIPS 2019" in page.locator("#drill-title").inner_text()
    assert page.locator("#drill-table tbody tr").count() > 100
    assert page.locator("#drill-table a[href^='/people/']").count() > 100
    _clean(watched)


def test_shortlist_created_staged_noted_and_emptied_in_the_ui(live, watched) -> None:
    page = watched.page
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(live.url + "/shortlists")
    page.fill("#token", live.token)
    page.dispatch_event("#token", "change")
    page.fill("#new-list-name", "ui test")
    page.click("#new-list button[type=submit]")
    page.wait_for_url(re.compile(r"/shortlists/ui%20test$"))
    person = json.loads(_get(live.url + "/api/people?q=bengio"))["persons"][0]
    page.goto(live.url + "/scout?q=" + quote(person["name"]))
    page.fill("#shortlist-name", "ui test")
    button = page.locator(f'button[data-shortlist-add="{person["person_id"]}"]')
    if button.count() == 0:  # not among the scout results: add from the person page
        page.goto(live.url + f"/people/{person['person_id']}")
        page.fill("#shortlist-name", "ui test")
        button = page.locator(f'button[data-shortlist-add="{person["person_id"]}"]')
    button.first.click()
    page.locator(".row-status.ok").first.wait_for()
    page.goto(live.url + "/shortlists/" + quote("ui test"))
    row = page.locator(f'#shortlist tr[data-person="{person["person_id"]}"]')
    row.locator("select.stage").select_option("interviewing")
    row.locator(".row-status.ok").filter(has_text="interviewing").wait_for()
    row.locator("input.entry-note").fill("strong on theory")
    row.locator("input.entry-note").dispatch_event("change")
    row.locator(".row-status.ok").filter(has_text="Note saved").wait_for()
    entries = json.loads(_get(live.url + "/api/shortlists/" + quote("ui test")))["entries"]
    assert [(e["stage"], e["note"]) for e in entries] == [("interviewing", "strong on theory")]
    watched.shot("shortlist-editing")
    row.locator("button.remove").click()
    row.wait_for(state="detached")
    assert json.loads(_get(live.url + "/api/shortlists/" + quote("ui test")))["entries"] == []
    page.fill("#rename-to", "ui test renamed")
    page.click("#rename")
    page.wait_for_url(re.compile(r"renamed$"))
    page.click("#delete-list")
    page.wait_for_url(re.compile(r"/shortlists$"))
    names = [s["name"] for s in json.loads(_get(live.url + "/api/shortlists"))["shortlists"]]
    assert "ui test" not in names and "ui test renamed" not in names
    _clean(watched)


@pytest.mark.parametrize(
    ("path", "status", "says"),
    [
        ("/?venue=neurips&year=2031", 200, "years loaded: "),
        ("/flows?from=2030", 200, "moves are known from"),
        ("/orgs/nope", 404, "no org with the id 'nope'"),
        ("/people/PNOPE", 404, "no person"),
        ("/?year=5000", 400, "unknown year 5000"),
        ("/shortlists/never-made", 404, "no shortlist"),
    ],
)
def test_honest_answers_are_html_pages(live, watched, path, status, says) -> None:
    page = watched.page
    response = page.goto(live.url + path)
    assert response.status == status
    assert response.headers["content-type"].startswith("text/html")
    assert says in page.locator("main").inner_text()
    if status >= 400:  # the browser logs the status of the document itself
        watched.errors = [e for e in watched.errors if str(status) not in e]
    _clean(watched)


def test_org_page_lists_who_joined_and_left(live, watched) -> None:
    page = watched.page
    page.goto(live.url + "/orgs/google")
    assert page.locator("#joined tbody a[href^='/people/']").count() > 0
    assert page.locator("#left tbody a[href^='/people/']").count() > 0
    first = page.locator("#top-researchers a").first
    name = first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r"/people/P"))
    assert name in page.locator("h1").inner_text()
    assert 0 < page.locator("#papers tbody tr:not(.year-row)").count() <= 20
    _clean(watched)


def test_offer_form_compares_in_one_currency(live, watched) -> None:
    page = watched.page
    page.goto(live.url + "/market")
    page.click("#offers-form button[type=submit]")
    table = page.locator("#offers-result table")
    table.wait_for()
    text = table.inner_text()
    assert "Lab A" in text and "Lab C" in text and "USD" in text
    assert table.locator("tbody tr").count() == 3
    _clean(watched)


FIRST_VIEW_SHOWS = {
    "overview": ("#compare tbody tr[data-key]", "United States"),
    "compare": ('#compare tr[data-key="US"] td.num', "%"),
    "flows": ("#largest tbody tr", ""),
    "orgs": ("#orgs tbody tr", "DeepMind"),
    "org": ("#top-researchers tbody a[href^='/people/']", ""),
    "people": ("#persons tbody a[href^='/people/']", "Bengio"),
    "person": ("#papers tbody tr:not(.year-row)", ""),
    "scout": ("#scout-results tbody tr", "iffusion"),
    "shortlists": ("#new-list-name", ""),
    "market": ("#comp tbody tr", ""),
}
"""Per page: what its first view must show (a selector with at least one match, and a word
in the page's main text). How fast it shows is measured in bench/pages_latency.py."""


def test_first_views_show_their_content(live, browser) -> None:
    """Each page's first (uncached) view shows its data, not an empty or error page. The
    timing lives in bench/pages_latency.py (timed tests are not allowed)."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    missing = {}
    for name, (selector, word) in FIRST_VIEW_SHOWS.items():
        path = _path(live, name)
        response = page.goto(live.url + path + ("&" if "?" in path else "?") + "v=first")
        shown = page.locator(selector).count()
        text = page.locator("main").inner_text()
        if response.status != 200 or shown == 0 or word not in text:
            missing[name] = (response.status, shown, word in text)
    context.close()
    assert not missing, f"first views without their content (status, matches, word): {missing}"
