"""pytest: search and the actions table in headless Chromium, opened from disk
(file://), over the built site in $PLANSITE_OUTPUT (default <repo>/output).

Types queries as a reader would and checks the ranking (exact ids first, "peer
audit" finds action 1.12 and its progress update), the facet counts, a facet
filter, following a result; filters "All key actions" by a lead; runs axe on
the search page with results shown; times the search function with
performance.now() and writes the index size and query times to
$SEARCH_METRICS (default <repo>/.build/search-metrics.json) for the benchmark.
"""

from __future__ import annotations

import gzip
import json
import os
import statistics
import time
from pathlib import Path

import pytest

import checks

HERE = Path(__file__).resolve().parent
SITE = Path(os.environ.get("PLANSITE_OUTPUT") or HERE.parent / "output").resolve()
METRICS = Path(os.environ.get("SEARCH_METRICS") or HERE.parent / ".build" / "search-metrics.json")
QUERY_BUDGET_MS = 50
INDEX_BUDGET_BYTES = 100 * 1024


def plan() -> dict:
    return json.loads((SITE / "data" / "plan.json").read_text())


@pytest.fixture(scope="module")
def browser():
    if not (SITE / "search.html").exists():
        pytest.fail(f"{SITE}/search.html is missing: build the site first", pytrace=False)
    with checks.Browser() as b:
        b.driver.set_window_size(1280, 900)
        yield b


@pytest.fixture(scope="module")
def driver(browser):
    return browser.driver


wait = checks.wait_for


def search(driver, query: str, *, submit: bool = False) -> list[dict]:
    """Open search.html from disk, type the query, wait for the announced count; the results."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver.get((SITE / "search.html").as_uri())
    box = driver.find_element(By.ID, "search-q")
    box.send_keys(query + (Keys.ENTER if submit else ""))
    wait(driver, "return document.getElementById('search-status').textContent.includes(arguments[0] || '')"
         .replace("arguments[0] || ''", json.dumps(query)))
    return results(driver)


def results(driver) -> list[dict]:
    return driver.execute_script("""
        return [...document.querySelectorAll('#search-results > li')].map(li => ({
          kind: li.querySelector('.search-kind').textContent,
          title: li.querySelector('a').textContent,
          href: li.querySelector('a').getAttribute('href'),
          snippet: li.querySelector('.search-snippet').textContent,
          marks: [...li.querySelectorAll('mark')].map(m => m.textContent)}));""")


def facets(driver) -> dict[str, dict[str, int]]:
    """{facet label: {value: count}} as the page shows them."""
    return driver.execute_script("""
        const out = {};
        for (const fs of document.querySelectorAll('#search-filters fieldset')) {
          const facet = out[fs.querySelector('legend').textContent] = {};
          for (const label of fs.querySelectorAll('label')) {
            const m = label.textContent.match(/^(.*) \\((\\d+)\\)$/);
            facet[m[1]] = Number(m[2]);
          }
        }
        return out;""")


def status(driver) -> str:
    return driver.execute_script("return document.getElementById('search-status').textContent")


def check_facet(driver, label: str, value: str) -> None:
    driver.execute_script("""
        for (const fs of document.querySelectorAll('#search-filters fieldset')) {
          if (fs.querySelector('legend').textContent !== arguments[0]) continue;
          for (const label of fs.querySelectorAll('label'))
            if (label.textContent.startsWith(arguments[1] + ' (')) {
              document.getElementById(label.htmlFor).click(); return; }
        }
        throw new Error('no facet value ' + arguments[0] + ': ' + arguments[1]);""", label, value)


# ------------------------------------------------------------------ queries ---

def test_peer_audit_finds_action_1_12_first_and_its_update(driver):
    found = search(driver, "peer audit")
    assert found[0]["title"] == "Action 1.12", found[:3]
    assert "peer" in [m.lower() for m in found[0]["marks"]]
    top = found[:5]
    assert any(r["kind"] == "Update" and "1.12" in r["title"] for r in top), top
    assert status(driver).startswith(f"{len(found)} result")


def test_exact_ids_come_first(driver):
    assert search(driver, "2.4", submit=True)[0]["title"] == "Action 2.4"
    mash = search(driver, "MASH")
    assert mash[0]["kind"] == "Term" and "MASH" in mash[0]["title"], mash[:2]
    r7 = search(driver, "R7")
    assert r7[0]["kind"] == "Recommendation" and r7[0]["title"].endswith("recommendation 7"), r7[:2]
    assert search(driver, "M3")[0]["title"] == "Measure 3"


def test_caseload_lists_results_with_matching_facet_counts(driver):
    found = search(driver, "caseload")
    assert found, "no results for caseload"
    shown = facets(driver)
    assert sum(shown["Kind"].values()) == len(found)
    for r in found:
        assert any(m.lower().startswith("caseload") for m in r["marks"]) or "caseload" in r["title"].lower() or r["kind"] != "Page", r


def test_a_lead_by_name_and_filter_by_facet(driver):
    lead = "Head of Safeguarding"
    rows = [a for a in plan()["actions"] if lead in a["leads"]]
    found = search(driver, lead)
    actions = [r for r in found if r["kind"] == "Action"]
    assert {r["title"] for r in actions} >= {f"Action {a['ref']}" for a in rows}
    check_facet(driver, "Kind", "Action")
    wait(driver, "return document.getElementById('search-status').textContent.includes('filtered')")
    assert facets(driver)["Lead"][lead] == len(rows) == 20
    assert all(r["kind"] == "Action" for r in results(driver))
    check_facet(driver, "Lead", lead)
    assert len(results(driver)) == 20
    assert status(driver).startswith("20 results")
    # Focus stays on the checkbox the reader used.
    assert driver.execute_script("return document.activeElement.getAttribute('data-facet')") == "lead"


def test_follow_a_result(driver):
    from selenium.webdriver.common.by import By

    search(driver, "peer audit")
    driver.find_element(By.CSS_SELECTOR, "#search-results > li a").click()
    wait(driver, "return location.href.endsWith('actions/1.12.html')")
    assert driver.find_element(By.TAG_NAME, "h1").text == "Action 1.12"


def test_query_from_the_header_box_of_another_page(driver):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver.get((SITE / "work-areas" / "1.html").as_uri())
    driver.find_element(By.ID, "site-search-q").send_keys("MASH" + Keys.ENTER)
    wait(driver, "return (document.getElementById('search-status') || {}).textContent")
    assert driver.find_element(By.ID, "search-q").get_attribute("value") == "MASH"
    assert results(driver)[0]["kind"] == "Term"


def test_search_page_without_javascript_points_to_the_indexes():
    html = (SITE / "search.html").read_text()
    nojs = html.split('id="search-nojs"', 1)[1].split("</div>", 1)[0]
    assert "needs JavaScript" in nojs
    assert 'href="actions/index.html"' in nojs and 'href="leads/index.html"' in nojs


def test_axe_on_search_page_empty_and_with_results(browser):
    driver = browser.driver
    for query in ("", "caseload"):
        driver.get((SITE / "search.html").as_uri())
        if query:
            search(driver, query)
            check_facet(driver, "Kind", facets(driver)["Kind"] and next(iter(facets(driver)["Kind"])))
        for width in (1280, 320):
            driver.set_window_size(width, 900)
            result = driver.execute_async_script(checks._AXE_RUN_JS, checks.AXE_TAGS)
            assert not result.get("error"), result
            assert result["violations"] == [], (query, width, result["violations"])
            if width == 320:
                reflow = driver.execute_script(checks._REFLOW_JS)
                assert reflow["ok"], reflow
        driver.set_window_size(1280, 900)


# ------------------------------------------------------- all key actions ---

def test_actions_table_filtered_by_lead_shows_its_rows(driver):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    driver.get((SITE / "actions" / "index.html").as_uri())
    total = len(plan()["actions"])
    wait(driver, "return !document.getElementById('table-filters').hidden")
    Select(driver.find_element(By.ID, "filter-lead")).select_by_value("Head of Safeguarding")
    visible = driver.execute_script(
        "return [...document.querySelectorAll('#all-actions tbody tr')].filter(r => !r.hidden).length")
    assert visible == 20
    wait(driver, "return document.getElementById('filter-count').textContent.startsWith('Showing 20 of')")
    assert f"of {total} actions" in driver.find_element(By.ID, "filter-count").text
    Select(driver.find_element(By.ID, "filter-work-area")).select_by_value("1")
    visible_1 = driver.execute_script(
        "return [...document.querySelectorAll('#all-actions tbody tr')].filter(r => !r.hidden).map(r => r.querySelector('th').textContent)")
    assert visible_1 and all(ref.startswith("1.") for ref in visible_1)


def test_actions_table_is_complete_without_javascript():
    html = (SITE / "actions" / "index.html").read_text()
    assert html.count('<tr data-work-area=') == len(plan()["actions"])
    assert 'id="table-filters" data-table="all-actions" hidden' in html


# ------------------------------------------------------------- budgets ---

def test_index_size_and_query_time_within_budget(driver):
    index = (SITE / "search-index.js").read_bytes()
    gz = len(gzip.compress(index, compresslevel=9, mtime=0))
    driver.get((SITE / "search.html").as_uri())
    queries = ["peer audit", "caseload", "2.4", "MASH", "Head of Safeguarding", "social work", "a", "organisation",
               "child protection plan", "R7"]
    timings = driver.execute_script("""
        const out = {};
        for (const q of arguments[0]) {
          const t = [];
          for (let i = 0; i < 20; i++) { const s = performance.now(); plansiteSearch(q); t.push(performance.now() - s); }
          out[q] = t;
        }
        return out;""", queries)
    per_query = {q: statistics.median(t) for q, t in timings.items()}
    worst = max(max(t) for t in timings.values())
    metrics = {
        "index_bytes": len(index), "index_gzip_bytes": gz, "index_documents": index.count(b'"k":'),
        "query_ms_median": round(statistics.median(per_query.values()), 3),
        "query_ms_max": round(worst, 3),
        "query_ms_by_query": {q: round(v, 3) for q, v in per_query.items()},
        "budget": {"index_gzip_bytes": INDEX_BUDGET_BYTES, "query_ms": QUERY_BUDGET_MS},
        "browser": driver.capabilities.get("browserVersion"),
    }
    METRICS.parent.mkdir(parents=True, exist_ok=True)
    METRICS.write_text(json.dumps(metrics, indent=2, sort_keys=True) + "\n")
    assert gz < INDEX_BUDGET_BYTES, metrics
    assert worst < QUERY_BUDGET_MS, metrics
