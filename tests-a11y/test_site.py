"""pytest: accessibility and validity of the built plansite output.

Owns two groups of tests, both built on tests-a11y/checks.py:

* Site tests, over the folder in $PLANSITE_OUTPUT (default <repo>/output):
  every HTML page has 0 axe violations, passes reflow at 320 px, has no
  table caption running past its scroll region at 320 px and has 0 vnu errors; every EPUB has 0 epubcheck fatals, errors and warnings.
  No HTML there is a FAILURE (build the site first). One browser is shared:
  axe runs over all pages once and each parametrized test reads its result.
* Harness self-tests, proving the checks catch what they should: the pages in
  fixtures/broken/ and fixtures/good/, and tiny invalid/valid EPUBs built here.

If $A11Y_REPORT is set, a JSON summary of the site checks (tool versions,
pages checked, counts, findings) is written there at the end of the session.

Run:  scripts/setup-test-tools.sh && .venv/bin/python -m pytest tests-a11y
"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest

import checks

HERE = Path(__file__).resolve().parent
SITE = Path(os.environ.get("PLANSITE_OUTPUT") or HERE.parent / "output").resolve()
FIXTURES = HERE / "fixtures"

PAGES = checks.find_files(SITE, ".html")
EPUBS = checks.find_files(SITE, ".epub")


def site_id(path: Path) -> str:
    return str(path.relative_to(SITE))


def explain(findings: dict) -> str:
    return "\n".join(checks.format_page_findings(findings))


def fail_on(findings: dict) -> None:
    """Fail with just the readable findings (no traceback) if any are non-empty."""
    findings = {k: v for k, v in findings.items() if v}
    if findings:
        pytest.fail(explain(findings), pytrace=False)


# ---------------------------------------------------------------- fixtures ---

@pytest.fixture(scope="session")
def browser():
    with checks.Browser() as b:
        yield b


@pytest.fixture(scope="session")
def site_results():
    """Collects the site checks' results; writes $A11Y_REPORT at session end."""
    results: dict = {"axe": None, "vnu": None, "epubs": {}}
    yield results
    if out := os.environ.get("A11Y_REPORT"):
        summary = checks.summarize(results["axe"], results["vnu"], results["epubs"], root=SITE)
        summary["site_dir"] = str(SITE)
        Path(out).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")


@pytest.fixture(scope="session")
def site_axe(browser, site_results):
    site_results["axe"] = browser.check(PAGES)
    return site_results["axe"]["pages"]


@pytest.fixture(scope="session")
def site_vnu(site_results):
    site_results["vnu"] = checks.vnu_check(PAGES)
    return site_results["vnu"]["pages"]


@pytest.fixture(scope="session")
def site_epubs(site_results):
    site_results["epubs"] = checks.epubcheck_many(EPUBS)
    return site_results["epubs"]


# -------------------------------------------------------------- site tests ---

def test_site_was_built():
    assert PAGES, (f"no *.html under {SITE}: build the site first "
                   f"(or set PLANSITE_OUTPUT to a built site folder)")


@pytest.mark.parametrize("page", PAGES, ids=site_id)
def test_axe(page, site_axe):
    fail_on({"axe": site_axe[str(page)]["violations"]})


@pytest.mark.parametrize("page", PAGES, ids=site_id)
def test_reflow_320(page, site_axe):
    reflow = site_axe[str(page)]["reflow"]
    fail_on({"reflow": None if reflow["ok"] else reflow})


@pytest.mark.parametrize("page", PAGES, ids=site_id)
def test_captions_not_clipped_320(page, site_axe):
    """At 320 px every table caption can be read without scrolling its table sideways."""
    fail_on({"clipped_captions": site_axe[str(page)]["clipped_captions"]})


@pytest.mark.parametrize("page", PAGES, ids=site_id)
def test_header_words_not_broken_320(page, site_axe):
    """At 320 px no word of a table's column header is split over two lines."""
    fail_on({"broken_header_words": site_axe[str(page)]["broken_header_words"]})


@pytest.mark.parametrize("page", PAGES, ids=site_id)
def test_vnu(page, site_vnu):
    fail_on({"vnu": site_vnu[str(page)]})


@pytest.mark.parametrize("epub", EPUBS, ids=site_id)
def test_epubcheck(epub, site_epubs):
    fail_on({"epubcheck": checks.epub_problems(site_epubs[str(epub)])})


# ---------------------------------------------------- harness self-tests ---

BROKEN, WIDE, GOOD = (FIXTURES / "broken/index.html", FIXTURES / "broken/wide.html",
                      FIXTURES / "good/index.html")
CLIPPED = FIXTURES / "broken/clipped-caption.html"


@pytest.fixture(scope="module")
def fixture_axe(browser):
    return browser.check([BROKEN, WIDE, GOOD, CLIPPED])["pages"]


@pytest.fixture(scope="module")
def fixture_vnu():
    return checks.vnu_check([BROKEN, GOOD])["pages"]


def test_axe_catches_broken_page(fixture_axe):
    found = {v["id"] for v in fixture_axe[str(BROKEN)]["violations"]}
    expected = {"html-has-lang", "image-alt", "link-name", "color-contrast", "label",
                "heading-order"}
    assert expected <= found, f"missing: {expected - found}"


def test_axe_passes_good_page(fixture_axe):
    fail_on({"axe": fixture_axe[str(GOOD)]["violations"]})


def test_reflow_catches_wide_page(fixture_axe):
    reflow = fixture_axe[str(WIDE)]["reflow"]
    assert not reflow["ok"]
    assert [w["element"] for w in reflow["wide"]] == ["div#too-wide"]


def test_reflow_allows_scroll_container(fixture_axe):
    """The good page's 900px table scrolls in its own container: allowed."""
    reflow = fixture_axe[str(GOOD)]["reflow"]
    assert reflow["ok"] and not reflow["wide"], explain({"reflow": reflow})


def test_clipped_caption_check_catches_a_caption_past_its_scroll_region(fixture_axe):
    clipped = fixture_axe[str(CLIPPED)]["clipped_captions"]
    assert [c["element"] for c in clipped] == ["caption#clipped"], explain({"clipped_captions": clipped})


def test_broken_header_word_check_catches_a_word_split_over_two_lines(fixture_axe):
    broken = fixture_axe[str(CLIPPED)]["broken_header_words"]
    assert [b["element"] for b in broken] == ["th#narrow"], explain({"broken_header_words": broken})
    assert fixture_axe[str(GOOD)]["broken_header_words"] == []


def test_clipped_caption_check_passes_a_wrapped_caption(fixture_axe):
    """The good page's caption in its wide scrolling table wraps inside the visible region."""
    fail_on({"clipped_captions": fixture_axe[str(GOOD)]["clipped_captions"]})


def test_vnu_catches_broken_page(fixture_vnu):
    messages = " | ".join(e["message"] for e in fixture_vnu[str(BROKEN)])
    assert "Duplicate ID" in messages
    assert "“alt” attribute" in messages
    assert "skipping 1 heading level" in messages


def test_vnu_passes_good_page(fixture_vnu):
    fail_on({"vnu": fixture_vnu[str(GOOD)]})


def make_epub(path: Path, *, valid: bool) -> Path:
    """A one-chapter EPUB 3. Invalid: no nav document, mimetype not first."""
    xhtml = ('<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"'
             ' xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="en" lang="en">'
             '<head><title>{title}</title></head><body>{body}</body></html>')
    nav_item = '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
    opf = f"""<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="en">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="uid">urn:uuid:0b5e1c62-6f1e-4d0a-9c55-3f1f2b7a9e01</dc:identifier>
    <dc:title>Tiny</dc:title>
    <dc:language>en</dc:language>
    <meta property="dcterms:modified">2026-01-01T00:00:00Z</meta>
  </metadata>
  <manifest>
    {nav_item if valid else ''}
    <item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/>
  </manifest>
  <spine><itemref idref="c1"/></spine>
</package>"""
    container = ('<?xml version="1.0" encoding="UTF-8"?>\n<container version="1.0" '
                 'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
                 '<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
                 '</rootfiles></container>')
    files = {"META-INF/container.xml": container, "OEBPS/content.opf": opf,
             "OEBPS/c1.xhtml": xhtml.format(title="Chapter 1", body="<h1>Chapter 1</h1><p>Hi.</p>")}
    if valid:
        files["OEBPS/nav.xhtml"] = xhtml.format(title="Contents", body=(
            '<nav epub:type="toc" id="toc"><h1>Contents</h1>'
            '<ol><li><a href="c1.xhtml">Chapter 1</a></li></ol></nav>'))
    mimetype = ("mimetype", "application/epub+zip")
    entries = [mimetype, *files.items()] if valid else [*files.items(), mimetype]
    with zipfile.ZipFile(path, "w") as z:
        for name, data in entries:
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            z.writestr(name, data, compress_type=method)
    return path


@pytest.fixture(scope="module")
def fixture_epubs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("epub")
    good = make_epub(tmp / "good.epub", valid=True)
    bad = make_epub(tmp / "bad.epub", valid=False)
    return tuple(checks.epubcheck_many([good, bad]).values())


def test_epubcheck_catches_broken_epub(fixture_epubs):
    _, bad = fixture_epubs
    ids = {m["id"] for m in bad["errors"] + bad["fatals"]}
    # PKG-006: mimetype not first in the zip; RSC-005: no nav document.
    assert {"PKG-006", "RSC-005"} <= ids, explain({"epubcheck": checks.epub_problems(bad)})


def test_epubcheck_passes_valid_epub(fixture_epubs):
    good, _ = fixture_epubs
    fail_on({"epubcheck": checks.epub_problems(good)})  # 0 fatals, errors and warnings
    assert good["epubcheck_version"].startswith("4.")
