"""`plansite serve` in a real browser: an edit shows in the open page without a
manual refresh; a broken edit shows the located diagnostics over the page (and
the overlay passes axe); fixing it clears them.

Runs the plansite binary given by PLANSITE_BIN (default: .build/debug/plansite,
which scripts/test.sh builds) over a copy of the test fixture site, on a free
port of 127.0.0.1, in the same headless Chromium as the other checks.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

import checks

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
FIXTURE = REPO / "Tests" / "PlanBuildTests" / "Fixtures" / "site"
BINARY = Path(os.environ.get("PLANSITE_BIN") or REPO / ".build" / "debug" / "plansite")
PAGE = "actions/1.2.html"
WORK_AREA = "content/work-areas/1.yaml"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    if not BINARY.exists():
        pytest.fail(f"{BINARY} is missing: build plansite first (swift build --product plansite)", pytrace=False)
    root = tmp_path_factory.mktemp("serve") / "site"
    shutil.copytree(FIXTURE, root)
    port = free_port()
    log = open(root.parent / "serve.log", "w")
    proc = subprocess.Popen([str(BINARY), "serve", "--root", str(root), "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(base + "/", timeout=1) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            log.close()
            pytest.fail(f"serve did not start: {(root.parent / 'serve.log').read_text()}", pytrace=False)
        time.sleep(0.1)
    yield root, base
    proc.terminate()
    assert proc.wait(timeout=10) == 0, "Ctrl-C (SIGTERM here) stops serve cleanly"
    log.close()
    assert not (root / "output").exists(), "serve writes nothing"


@pytest.fixture(scope="module")
def driver():
    with checks.Browser() as b:
        b.driver.set_window_size(1280, 900)
        yield b.driver


def edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text()
    assert old in text, f"{old!r} is not in {path}"
    file.write_text(text.replace(old, new, 1))


def wait(driver, script: str, timeout: float = 10.0):
    return checks.wait_for(driver, script, timeout)


def test_an_edit_shows_in_the_open_page_without_a_refresh(served, driver):
    root, base = served
    driver.get(f"{base}/{PAGE}")
    assert "Establish a community of practice." in driver.find_element("tag name", "main").text
    # The page listens for changes (its event stream names the page, so that serve renders it first).
    wait(driver, "return !!document.getElementById('plansite-live')")
    time.sleep(0.3)   # let the event stream open
    started = time.monotonic()
    edit(root, WORK_AREA, "Establish a community of practice.", "Establish a community of practice, seen live.")
    wait(driver, "return document.querySelector('main').textContent.includes('seen live')")
    assert time.monotonic() - started < 10


def test_a_broken_edit_shows_the_located_error_over_the_page_and_a_fix_clears_it(served, driver):
    root, base = served
    driver.get(f"{base}/{PAGE}")
    wait(driver, "return !!document.getElementById('plansite-live')")
    time.sleep(0.3)
    edit(root, WORK_AREA, "title:", "title: [unclosed")
    text = wait(driver, "var o = document.getElementById('plansite-overlay'); return o && o.textContent")
    assert f"{WORK_AREA}:" in text and "error:" in text, text
    overlay = driver.find_element("id", "plansite-overlay")
    assert overlay.get_attribute("role") == "alert"
    # The last good page is still there under the overlay.
    assert "seen live" in driver.find_element("tag name", "main").text
    # The overlay itself passes axe (it is part of every page while the site is broken).
    result = driver.execute_async_script(checks._AXE_RUN_JS, checks.AXE_TAGS)
    assert "error" not in result, result
    assert [v["id"] for v in result["violations"]] == [], result["violations"]
    edit(root, WORK_AREA, "title: [unclosed", "title:")
    wait(driver, "return !document.getElementById('plansite-overlay')")
    assert "seen live" in driver.find_element("tag name", "main").text


UNTOUCHED = ["intro.html", "glossary.html"]   # pages an edit to action 1.2's text does not change
TOUCHED = ["actions/1.2.html", "actions/2.2.html", "work-areas/1.html", "actions/index.html", "plan.html", "actions/1.1.html"]


def test_every_open_tab_hears_an_edit_and_only_the_pages_it_changes_reload(served, driver):
    """A browser opens at most six connections to one server: eight open pages share one event stream, all of them
    load, and an edit reloads the pages it changed (and the search page's index changing reloads no other page)."""
    root, base = served
    first = driver.current_window_handle
    tabs = []
    for i, page in enumerate(TOUCHED + UNTOUCHED):
        if i > 0:
            driver.switch_to.new_window("tab")
        driver.set_page_load_timeout(15)
        driver.get(f"{base}/{page}")
        assert driver.execute_script("return document.readyState") == "complete", page
        wait(driver, "return !!document.getElementById('plansite-live')")
        driver.execute_script("window.__notReloaded = true;")
        tabs.append((page, driver.current_window_handle))
    time.sleep(0.5)
    edit(root, WORK_AREA, "Establish a community of practice, seen live.", "Establish a community of practice, seen in every tab.")
    for page, handle in tabs:
        driver.switch_to.window(handle)
        if page in UNTOUCHED:
            continue
        if page == "actions/1.1.html":
            continue
        wait(driver, "return document.body.textContent.includes('seen in every tab')", timeout=15)
        assert not driver.execute_script("return window.__notReloaded === true"), page
    time.sleep(0.5)
    for page, handle in tabs:
        driver.switch_to.window(handle)
        if page in UNTOUCHED or page == "actions/1.1.html":
            assert driver.execute_script("return window.__notReloaded === true"), f"{page} reloaded, though the edit did not change it"
    # Seven tabs closed: the one left still hears edits, whichever tab held the stream.
    for page, handle in tabs:
        if handle != first:
            driver.switch_to.window(handle)
            driver.close()
    driver.switch_to.window(first)
    # The stream has passed to the one page left (the lock held, none waiting) before the next edit: this checks that
    # the last page hears edits, not a hand-over racing the edit (the hello covers that, above).
    driver.set_script_timeout(15)
    driver.execute_async_script("""
        var done = arguments[arguments.length - 1];
        (function poll() {
          navigator.locks.query().then(function (s) {
            var held = s.held.filter(function (l) { return l.name === "plansite-live"; }).length;
            var waiting = s.pending.filter(function (l) { return l.name === "plansite-live"; }).length;
            if (held === 1 && waiting === 0) done(true); else setTimeout(poll, 50);
          });
        })();
    """)
    edit(root, WORK_AREA, "seen in every tab.", "seen live.")
    wait(driver, "return document.querySelector('main').textContent.includes('seen live.')", timeout=15)


def test_the_overlay_never_hides_the_page_beneath_it_and_hide_returns_focus(served, driver):
    root, base = served
    driver.set_window_size(320, 700)
    try:
        driver.get(f"{base}/{PAGE}")
        wait(driver, "return !!document.getElementById('plansite-live')")
        time.sleep(0.3)
        edit(root, WORK_AREA, "title:", "title: [unclosed")
        wait(driver, "return !!document.getElementById('plansite-overlay')")
        # The page is padded by the overlay's height: its last link can be scrolled above the overlay, and focusing
        # it by keyboard brings it into view above the overlay.
        cover = driver.execute_script("""
            var o = document.getElementById('plansite-overlay');
            var links = document.querySelectorAll('footer a, main a');
            var last = links[links.length - 1];
            last.focus();
            return [o.getBoundingClientRect().top, last.getBoundingClientRect().bottom, o.offsetHeight,
                    parseFloat(document.body.style.paddingBottom)];""")
        top, bottom, height, padding = cover
        assert padding == height, cover
        assert bottom <= top + 1, f"a focused link lies under the overlay: {cover}"
        # The location of a diagnostic is never broken across lines.
        spans = driver.execute_script("""return Array.from(document.querySelectorAll('#plansite-overlay pre span'))
            .map(function (s) { return s.getClientRects().length; });""")
        assert spans and all(n == 1 for n in spans), spans
        # Hide comes first in the overlay, and hiding it hands focus to the page and takes the padding away.
        driver.execute_script("document.getElementById('plansite-overlay-hide').focus();")
        driver.switch_to.active_element.send_keys("\n")
        wait(driver, "return !document.getElementById('plansite-overlay')")
        assert driver.execute_script("return document.activeElement === document.querySelector('main')")
        assert driver.execute_script("return document.body.style.paddingBottom === ''")
    finally:
        edit(root, WORK_AREA, "title: [unclosed", "title:")
        driver.set_window_size(1280, 900)
    wait(driver, "return !document.getElementById('plansite-overlay')")


def test_a_page_open_when_serve_restarts_shows_what_changed_meanwhile(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(FIXTURE, root)
    port = free_port()

    def start():
        log = open(tmp_path / "serve.log", "a")
        proc = subprocess.Popen([str(BINARY), "serve", "--root", str(root), "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1):
                    return proc
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail((tmp_path / "serve.log").read_text(), pytrace=False)
                time.sleep(0.1)

    proc = start()
    with checks.Browser() as b:
        d = b.driver
        try:
            d.get(f"http://127.0.0.1:{port}/{PAGE}")
            wait(d, "return !!document.getElementById('plansite-live')")
            time.sleep(0.5)
            proc.terminate()
            assert proc.wait(timeout=10) == 0
            # Edited while serve is stopped: the new run counts its builds from 1 again, as the old one did.
            edit(root, WORK_AREA, "Establish a community of practice.", "Establish a community of practice, after a restart.")
            proc = start()
            wait(d, "return document.querySelector('main') && document.querySelector('main').textContent.includes('after a restart')", timeout=20)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
