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
