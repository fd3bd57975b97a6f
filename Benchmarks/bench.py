#!/usr/bin/env python3
"""bench.py: the runner behind scripts/bench.sh (which installs the tools and
builds the binaries first). Python 3 standard library only.

For each scale it generates the synthetic plan (Benchmarks/generate.py) in
plansite's format and as a Hugo site, checks that plansite finds no errors in
it, builds both once to count the pages each writes, times both with hyperfine
(one warm-up, five runs, no shell, output folder moved aside and synced before every run) and
measures peak RSS with /usr/bin/time -v. Then the real plan, a one-file edit in
`plansite serve` (when serve exists), markdown against the cmark-gfm CLI, and
scripts/big-inputs.sh's table (when that script exists).

It fails (exit 1) only on a broken run: a build that fails, content errors in
the generated plan, or page counts that show the generator is broken. Slow
figures are reported against the targets, never asserted.
"""

import argparse
import datetime  # only for the results' own timestamp, never for the corpus
import gzip
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
TRASH = os.path.normpath(os.path.join(HERE, "..", ".build", "bench", "trash"))   # beside the outputs: moved, not copied
REPO = os.path.dirname(HERE)

# (name, work areas, actions per work area): plansite writes about W*(A+1)
# entity pages plus its fixed pages (home, the markdown pages, editions, report...).
SCALES = {
    "small": [("~110 pages", 5, 19)],
    "full": [("~110 pages", 5, 19), ("~1,000 pages", 20, 48), ("~10,000 pages", 100, 98)],
}
SERVE_SCALE = (20, 48)       # the ~1,000-page corpus
TARGETS = {
    "real_plan_s": 0.15,
    "ratio_1000": 2.0,
    "ratio_10000": 4.0,
    "rss_10000_mib": 150.0,
    "markdown_ratio": 1.5,
    "serve_ms": 50.0,
    "search_index_gzip_kb": 100.0,
    "search_query_ms": 50.0,
}
# Written by the browser test of search (tests-a11y/test_search.py) on the real plan.
SEARCH_METRICS = os.path.join(REPO, ".build", "search-metrics.json")
CMARK_ARGS = ["-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "tagfilter",
              "-e", "tasklist", "-e", "footnotes"]


class BrokenRun(Exception):
    pass


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def run(cmd, **kw):
    return subprocess.run(cmd, text=True, capture_output=True, **kw)


def must(cmd, what, **kw):
    r = run(cmd, **kw)
    if r.returncode != 0:
        raise BrokenRun(f"{what} failed (exit {r.returncode}): {' '.join(cmd)}\n{r.stdout[-2000:]}{r.stderr[-4000:]}")
    return r


def count_html(folder):
    n = 0
    for _, _, files in os.walk(folder):
        n += sum(1 for f in files if f.endswith(".html"))
    return n


def output_size(folder):
    """Files and bytes a build wrote (what each tool does besides its pages: editions, open data, search index)."""
    files = size = 0
    for root, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(root, name)
            if os.path.isfile(path) and not os.path.islink(path):
                files += 1
                size += os.path.getsize(path)
    return {"files": files, "bytes": size}


def removal(folder):
    """The prepare step before each clean run: the last run's output moved aside (into the trash folder beside it,
    a new name each time) and the move synced, so that the tool starts with no output folder. Moved, not deleted:
    this disk's ext4 has no journal, and such an ext4 will not reuse an inode freed within the last minute, so a
    file created soon after many were deleted in the same folder is found a place only after a scan past each of
    them (kernel: recently_deleted). Deleting before each run made every clean run pay for that scan, over
    n deleted inodes for each of n new files: it measured the file system, not the tools (at ~1,000 pages 0.67 s
    of system time where a build over the output takes 0.07 s). Both tools get the same step; the trash is
    deleted once every figure is taken."""
    return f"sh -c 'mkdir -p {TRASH} && if [ -e {folder} ]; then mv {folder} {TRASH}/$(basename {folder}).$(date +%s%N); fi && sync'"


# fs/ext4/ialloc.c: without a journal, an inode freed within RECENTCY_MIN (60 s) is not reused yet, and within
# RECENTCY_MIN + RECENTCY_DIRTY (360 s) while its inode table block is still dirty. Measured here (2026-11-25), the
# scan past recently freed inodes (recently_deleted, find_get_block_common: a fifth of a clean build's samples at
# ~10,000 pages) went on for six minutes after a benchmark's final clean-up even with `sync` before each build, and
# was gone after that; a run started two minutes after another put plansite at 2.6 s, 4.4 s of CPU, at ~10,000 pages.
RECENTLY_DELETED_S = 360


def settle(last_deletion, wait=True):
    """Waits, before the first clean build, until the last deletion is more than six minutes old, and returns the
    seconds waited. On this machine's ext4 (no journal) a new file is given an inode only after a scan past every
    free inode deleted within the last minutes (kernel: recently_deleted), so files created soon after many were
    deleted cost several times their usual system time: 1,000 files took 0.03 s on a quiet disk and up to 0.2 s
    just after a build of the binaries, and the first figures of a run measured the file system rather than the
    tools. Nothing is deleted from then until the rebuilds (plansite's rebuild deletes the site it replaces), which
    come after every clean build; `removal` moves outputs aside. Not at --scale small (CI), whose figures are not
    judged."""
    subprocess.run(["sync"], check=False)
    remaining = RECENTLY_DELETED_S + 2 - (time.monotonic() - last_deletion)
    if not wait or remaining <= 0:
        return 0.0
    log(f"-- waiting {remaining:.0f} s for the file system to settle (the last deletion less than six minutes ago)")
    time.sleep(remaining)
    return round(remaining, 1)


def set_aside(folder):
    """Moves a folder into the trash now (as `removal` does before a timed run)."""
    if os.path.exists(folder):
        os.makedirs(TRASH, exist_ok=True)
        os.rename(folder, os.path.join(TRASH, f"{os.path.basename(folder)}.{time.time_ns()}"))


def hyperfine(commands, prepares, export, runs=5, warmup=1):
    """commands: [(name, argv list)]; returns {name: {"median": s, "mean": s, "stddev": s, "times": [...]}}."""
    cmd = ["hyperfine", "--warmup", str(warmup), "--runs", str(runs), "-N", "--style", "basic",
           "--export-json", export]
    for p in prepares:
        cmd += ["--prepare", p]
    for name, argv in commands:
        cmd += ["-n", name, " ".join(argv)]
    r = run(cmd)
    if r.returncode != 0:
        raise BrokenRun(f"hyperfine failed (a command exited non-zero?):\n{r.stdout[-3000:]}{r.stderr[-3000:]}")
    with open(export) as f:
        data = json.load(f)
    return {res["command"]: {"median": res["median"], "mean": res["mean"], "stddev": res.get("stddev"),
                             "min": res["min"], "max": res["max"], "times": res["times"],
                             "cpu_s": res.get("user", 0) + res.get("system", 0)}
            for res in data["results"]}


def peak_rss_mib(argv, cwd=None):
    r = run(["/usr/bin/time", "-v", *argv], cwd=cwd)
    if r.returncode != 0:
        raise BrokenRun(f"{' '.join(argv)} failed under /usr/bin/time (exit {r.returncode}):\n{r.stderr[-3000:]}")
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr)
    return round(int(m.group(1)) / 1024, 1) if m else None


def no_space(path):
    if re.search(r"\s", path):
        raise BrokenRun(f"hyperfine runs commands without a shell; the path '{path}' must not contain spaces")
    return path


# The synthetic plan at one scale ---------------------------------------------

def bench_scale(args, label, w, a):
    base = os.path.join(args.out, f"corpus-{w}x{a}")
    log(f"-- {label}: {w} work areas x {a} actions")
    set_aside(base)   # the last run's corpus and outputs: moved, not deleted (see `removal`)
    must([sys.executable, os.path.join(HERE, "generate.py"), "--work-areas", str(w), "--actions", str(a), base],
         "generate.py")
    with open(os.path.join(base, "manifest.json")) as f:
        manifest = json.load(f)
    psite, hsite = os.path.join(base, "plansite"), os.path.join(base, "hugo")
    pout, hout = os.path.join(base, "out-plansite"), os.path.join(base, "out-hugo")

    # The generated plan must be valid: no errors (warnings are reported).
    r = run([args.plansite, "check", "--root", psite, "--format", "json"])
    try:
        diags = json.loads(r.stdout)["diagnostics"]
    except (ValueError, KeyError):
        diags = None
    if r.returncode != 0 or diags is None:
        raise BrokenRun(f"plansite check of the generated plan at {w}x{a} failed (exit {r.returncode}):\n"
                        f"{r.stdout[-3000:]}{r.stderr[-2000:]}")
    warnings = sum(1 for d in diags if d.get("severity") == "warning")
    errors = sum(1 for d in diags if d.get("severity") == "error")
    if errors:
        raise BrokenRun(f"plansite check found {errors} errors in the generated plan at {w}x{a}")

    plansite_cmd = [args.plansite, "build", "--root", no_space(psite), "--output", no_space(pout), "--quiet"]
    hugo_cmd = ["hugo", "--quiet", "--source", no_space(hsite), "--destination", no_space(hout)]
    set_aside(pout)
    set_aside(hout)
    must(plansite_cmd, f"plansite build at {w}x{a}")
    must(hugo_cmd, f"hugo at {w}x{a}")
    pages_p, pages_h = count_html(pout), count_html(hout)
    written = {"hugo": output_size(hout), "plansite": output_size(pout)}
    expected = manifest["entity_pages"]     # one page per work area and per action
    for tool, n in (("plansite", pages_p), ("Hugo", pages_h)):
        if n < expected or n > expected * 1.1 + 40:
            raise BrokenRun(f"{tool} wrote {n} pages at {w}x{a}; one per work area and per action is {expected} "
                            "(plus a few fixed pages): the generator or a build is broken")

    return {"label": label, "w": w, "a": a, "manifest": manifest, "warnings": warnings, "pages": (pages_h, pages_p),
            "written": written, "hugo_cmd": hugo_cmd, "plansite_cmd": plansite_cmd, "hout": hout, "pout": pout}


def time_scale(args, s):
    """The clean builds of one generated scale, and the peak RSS of each tool (moves only: nothing is deleted)."""
    w, a, hugo_cmd, plansite_cmd = s["w"], s["a"], s["hugo_cmd"], s["plansite_cmd"]
    log(f"-- {s['label']}: clean builds")
    s["times"] = hyperfine([("hugo", hugo_cmd), ("plansite", plansite_cmd)],
                           [removal(s["hout"]), removal(s["pout"])],
                           os.path.join(args.out, f"hyperfine-{w}x{a}.json"))
    set_aside(s["hout"])
    s["rss_h"] = peak_rss_mib(hugo_cmd)
    set_aside(s["pout"])
    s["rss_p"] = peak_rss_mib(plansite_cmd)


def rebuild_scale(args, s):
    """A rebuild over the previous output, as an editor rebuilds: no prepare step, the warm-up leaves the output.
    plansite's rebuild deletes the site it replaces, so these come after every clean build (see `settle`)."""
    log(f"-- {s['label']}: rebuilds over the output")
    s["rebuild"] = hyperfine([("hugo", s["hugo_cmd"]), ("plansite", s["plansite_cmd"])], [],
                             os.path.join(args.out, f"hyperfine-{s['w']}x{s['a']}-rebuild.json"))


def scale_result(s):
    label, w, a, manifest, warnings, written = s["label"], s["w"], s["a"], s["manifest"], s["warnings"], s["written"]
    pages_h, pages_p = s["pages"]
    times, rebuild, rss_h, rss_p = s["times"], s["rebuild"], s["rss_h"], s["rss_p"]
    th, tp = times["hugo"]["median"], times["plansite"]["median"]
    return {
        "label": label, "work_areas": w, "actions_per_work_area": a, "actions": manifest["actions"],
        "repeats": manifest["repeats"], "recommendations": manifest["recommendations"],
        "check_warnings": warnings,
        "pages": {"hugo": pages_h, "plansite": pages_p},
        "written": written,
        "median_s": {"hugo": th, "plansite": tp},
        "hyperfine": times,
        "ratio_hugo_over_plansite": th / tp if tp else None,
        "peak_rss_mib": {"hugo": rss_h, "plansite": rss_p},
        "ms_per_page": {"hugo": 1000 * th / pages_h, "plansite": 1000 * tp / pages_p},
        "rebuild_median_s": {"hugo": rebuild["hugo"]["median"], "plansite": rebuild["plansite"]["median"]},
        "rebuild_ratio_hugo_over_plansite": rebuild["hugo"]["median"] / rebuild["plansite"]["median"] if rebuild["plansite"]["median"] else None,
    }


# The real plan -----------------------------------------------------------------

def bench_real_plan(args):
    log("-- the real plan")
    out = os.path.join(args.out, "out-real-plan")
    cmd = [args.plansite, "build", "--root", no_space(REPO), "--output", no_space(out), "--quiet"]
    set_aside(out)
    must(cmd, "plansite build of the real plan")
    pages = count_html(out)
    index = os.path.join(out, "search-index.js")
    search_gzip = len(gzip.compress(open(index, "rb").read(), compresslevel=9, mtime=0)) if os.path.isfile(index) else None
    # Ten runs after two warm-ups: a build of ~0.1 s on a shared machine varies by a third from run to run.
    t = hyperfine([("plansite", cmd)], [removal(out)], os.path.join(args.out, "hyperfine-real-plan.json"), runs=10, warmup=2)
    set_aside(out)
    rss = peak_rss_mib(cmd)
    return {"pages": pages, "median_s": t["plansite"]["median"], "hyperfine": t, "peak_rss_mib": rss,
            "search_index_gzip_bytes": search_gzip}


# Markdown against the cmark-gfm CLI ------------------------------------------------

def bench_markdown(args):
    log("-- markdown: plansite's renderer against the cmark-gfm CLI")
    size = 5 * 1024 * 1024 if args.scale == "full" else 1024 * 1024
    md = os.path.join(args.out, f"markdown-{size // 1024}k.md")
    must([sys.executable, os.path.join(HERE, "generate.py"), "--markdown", md, "--bytes", str(size)],
         "generate.py --markdown")
    cmark = ["cmark-gfm", *CMARK_ARGS, no_space(md)]
    mine = [no_space(args.markdown_bench), md]
    must(mine, "markdown-bench")
    t = hyperfine([("cmark-gfm", cmark), ("plansite", mine)], [], os.path.join(args.out, "hyperfine-markdown.json"),
                  runs=10, warmup=2)
    tc, tp = t["cmark-gfm"]["median"], t["plansite"]["median"]
    return {"bytes": os.path.getsize(md), "median_s": {"cmark-gfm": tc, "plansite": tp},
            "ratio_plansite_over_cmark": tp / tc, "hyperfine": t,
            "cmark_command": "cmark-gfm " + " ".join(CMARK_ARGS) + " FILE"}


# One-file rebuild in serve -----------------------------------------------------------

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(url, timeout=2.0):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.status, r.read().decode("utf-8", "replace")


def bench_serve(args):
    # `plansite serve --help` alone is not enough: with `build` as the default
    # subcommand, an unknown word can still print some help and exit 0.
    r = run([args.plansite, "serve", "--help"])
    help_text = r.stdout + r.stderr
    if r.returncode != 0 or not re.search(r"plansite serve", help_text):
        return {"available": False, "reason": "plansite has no serve command"}
    log("-- one-file rebuild in serve (~1,000 pages)")
    w, a = SERVE_SCALE
    src = os.path.join(args.out, f"corpus-{w}x{a}", "plansite")
    if not os.path.isdir(src):
        must([sys.executable, os.path.join(HERE, "generate.py"), "--work-areas", str(w), "--actions", str(a),
              os.path.dirname(src)], "generate.py")
    site = os.path.join(args.out, "serve-site")
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(src, site)
    port = free_port()
    cmd = [args.plansite, "serve", "--root", site]
    if "--port" in help_text:
        cmd += ["--port", str(port)]
    if "--host" in help_text:
        cmd += ["--host", "127.0.0.1"]
    if "--output" in help_text:
        cmd += ["--output", os.path.join(args.out, "serve-output")]
    logf = open(os.path.join(args.out, "serve.log"), "w")
    proc = subprocess.Popen(cmd, stdout=logf, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                return {"available": False, "reason": f"serve exited with {proc.returncode} (see serve.log)"}
            try:
                if http_get(base + "/", 1.0)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                return {"available": False, "reason": "serve did not answer within 120 s"}
            time.sleep(0.05)

        # Server-sent events, when serve offers them: the time of the first event after each edit.
        events = []
        try:
            stream = urllib.request.urlopen(base + "/__plansite/events", timeout=5)
            ctype = stream.headers.get("Content-Type", "")
            if stream.status == 200 and "event-stream" in ctype:
                def reader():
                    try:
                        for line in stream:
                            if line.strip():
                                events.append(time.monotonic())
                    except Exception:
                        pass
                threading.Thread(target=reader, daemon=True).start()
            else:
                stream.close()
                stream = None
        except Exception:
            stream = None

        wa_file = os.path.join(site, "content", "work-areas", f"{w // 2}.yaml")
        ref = f"{w // 2}.1"
        page = None
        for candidate in (f"/actions/{ref}.html", f"/actions/{ref}"):
            try:
                if http_get(base + candidate)[0] == 200:
                    page = candidate
                    break
            except OSError:
                pass
        if page is None:
            return {"available": False, "reason": f"serve does not serve /actions/{ref}.html"}
        page_ms, event_ms = [], []
        for i in range(6):
            word = f"benchword{i}x"
            with open(wa_file, encoding="utf-8") as f:
                text = f.read()
            text, n = re.subn(r'(- ref: "%s"\n        what: ".*?)(\.")' % re.escape(ref), r"\1 %s\2" % word, text, count=1)
            if n != 1:
                return {"available": False, "reason": "could not find the action to edit"}
            time.sleep(0.3)                      # let the previous rebuild settle
            seen_events = len(events)
            start = time.monotonic()
            with open(wa_file, "w", encoding="utf-8") as f:
                f.write(text)
            got = None
            while time.monotonic() - start < 30:
                try:
                    if word in http_get(base + page)[1]:
                        got = time.monotonic()
                        break
                except OSError:
                    pass
                time.sleep(0.002)
            if got is None:
                return {"available": False, "reason": "the edit did not appear within 30 s"}
            if i == 0:
                continue                         # the first edit warms serve up
            page_ms.append(1000 * (got - start))
            if len(events) > seen_events:
                event_ms.append(1000 * (events[seen_events] - start))
        return {"available": True, "pages": count_html(os.path.join(args.out, "serve-output"))
                if os.path.isdir(os.path.join(args.out, "serve-output")) else None,
                "edit_to_page_ms": {"median": statistics.median(page_ms), "all": page_ms},
                "edit_to_event_ms": {"median": statistics.median(event_ms), "all": event_ms} if event_ms else None,
                "command": " ".join(cmd)}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        logf.close()


# Machine and versions -------------------------------------------------------

def machine():
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"^model name\s*:\s*(.+)$", f.read(), re.M)
            cpu = m.group(1).strip() if m else ""
    except OSError:
        pass
    ram = ""
    try:
        with open("/proc/meminfo") as f:
            m = re.search(r"^MemTotal:\s*(\d+) kB", f.read(), re.M)
            ram = f"{int(m.group(1)) / 1024 / 1024:.1f} GiB" if m else ""
    except OSError:
        pass

    def first_line(cmd):
        r = run(cmd)
        return (r.stdout or r.stderr).strip().splitlines()[0] if r.returncode == 0 else "?"
    return {
        "nproc": os.cpu_count(), "cpu": cpu, "ram": ram, "kernel": platform.release(),
        "load_average_at_start": os.getloadavg()[0],
        "hugo": first_line(["hugo", "version"]),
        "hyperfine": first_line(["hyperfine", "--version"]),
        "cmark-gfm": first_line(["cmark-gfm", "--version"]),
        "plansite": first_line(["git", "-C", REPO, "describe", "--always", "--dirty", "--tags"]),
    }


# Report --------------------------------------------------------------------------

def cpu(s, tool):
    v = s["hyperfine"][tool].get("cpu_s")
    return f"{v:.2f}" if v is not None else "n/a"


def fmt_s(x):
    return f"{x:.3f}" if x is not None else "n/a"


def verdict(ok):
    return "met" if ok else "not met"


def written(scale, tool):
    w = scale.get("written", {}).get(tool)
    return f"{w['files']:,}, {w['bytes'] / 1e6:.1f}" if w else "n/a"


def report(results):
    m = results["machine"]
    out = [f"# plansite benchmark ({results['scale']})", "",
           f"Machine: {m['nproc']} cores, {m['cpu']}, {m['ram']} RAM, Linux {m['kernel']} "
           f"(load average {m['load_average_at_start']:.2f} at start). "
           f"plansite {m['plansite']}; {m['hugo']}; {m['hyperfine']}; {m['cmark-gfm']}.", "",
           "Wall time is hyperfine's median of 5 runs after 1 warm-up, no shell, the output folder moved aside "
           "(and the move synced to disk) before each run, deleted once all figures are taken (see `removal` in Benchmarks/bench.py); the rebuild columns time the same builds over the previous "
           "output (no prepare step), as an editor rebuilds. Every corpus is generated first, then every clean build is timed "
           f"(after waiting {results.get('settled_s', 0):.0f} s for the file system to settle: see `settle`), the real plan's too, then every rebuild. CPU is hyperfine's mean user + system time (less disturbed than wall time "
           "when the machine is shared); peak RSS from `/usr/bin/time -v` (one run). Written: the files and bytes of each clean build's "
           "output (besides the same pages as Hugo's, plansite writes the one-page, large-print, EPUB and text editions, "
           "open data, a search index and coverage pages).", "",
           "| Scale | W x A | Pages (Hugo / plansite) | Hugo median s | plansite median s | Ratio (Hugo / plansite) "
           "| ms per page (Hugo / plansite) | CPU s, user+sys (Hugo / plansite) | Peak RSS MiB (Hugo / plansite) "
           "| Rebuild over the output, median s (Hugo / plansite) | Rebuild ratio | Written: files, MB (Hugo / plansite) |",
           "| --- | --- | --- | ---: | ---: | ---: | --- | --- | --- | --- | ---: | --- |"]
    for s in results["scales"]:
        ratio = s["ratio_hugo_over_plansite"]
        out.append(f"| {s['label']} | {s['work_areas']} x {s['actions_per_work_area']} | "
                   f"{s['pages']['hugo']:,} / {s['pages']['plansite']:,} | {fmt_s(s['median_s']['hugo'])} | "
                   f"{fmt_s(s['median_s']['plansite'])} | {ratio:.2f}x {'faster' if ratio >= 1 else 'slower'} | "
                   f"{s['ms_per_page']['hugo']:.2f} / {s['ms_per_page']['plansite']:.2f} | "
                   f"{cpu(s, 'hugo')} / {cpu(s, 'plansite')} | "
                   f"{s['peak_rss_mib']['hugo']} / {s['peak_rss_mib']['plansite']} | "
                   f"{fmt_s(s['rebuild_median_s']['hugo'])} / {fmt_s(s['rebuild_median_s']['plansite'])} | "
                   f"{s['rebuild_ratio_hugo_over_plansite']:.2f}x | {written(s, 'hugo')} / {written(s, 'plansite')} |")
    rp = results["real_plan"]
    out += ["", "| Other | Figure |", "| --- | --- |",
            f"| Real plan, full build ({rp['pages']} pages) | {fmt_s(rp['median_s'])} s, peak RSS {rp['peak_rss_mib']} MiB |"]
    md = results.get("markdown")
    if md:
        out.append(f"| Markdown, {md['bytes'] / 1024 / 1024:.1f} MB: cmark-gfm CLI / plansite's renderer | "
                   f"{fmt_s(md['median_s']['cmark-gfm'])} s / {fmt_s(md['median_s']['plansite'])} s "
                   f"({md['ratio_plansite_over_cmark']:.2f}x the CLI's time) |")
    sv = results.get("serve")
    if sv and sv.get("available"):
        ev = sv.get("edit_to_event_ms")
        out.append(f"| One-file edit in `serve` (~1,000 pages), edit to page served | "
                   f"{sv['edit_to_page_ms']['median']:.0f} ms median of {len(sv['edit_to_page_ms']['all'])}"
                   + (f"; reload event {ev['median']:.0f} ms" if ev else "") + " |")
    else:
        out.append(f"| One-file edit in `serve` | n/a (no serve{': ' + sv['reason'] if sv and sv.get('reason') else ''}) |")

    search = results.get("search") or {}
    if rp.get("search_index_gzip_bytes") is not None:
        out.append(f"| Search index of the real plan (`search-index.js`, gzip -9) | {rp['search_index_gzip_bytes'] / 1024:.1f} kB |")
    if search.get("query_ms_max") is not None:
        out.append(f"| Search query in Chromium, real plan (tests-a11y/test_search.py, performance.now()) | "
                   f"{search['query_ms_median']:.2f} ms median, {search['query_ms_max']:.2f} ms worst of {len(search.get('query_ms_by_query', {}))} queries x 20 |")

    # Targets: reported, never asserted.
    t = TARGETS
    rows = [("Real plan full build", f"< {t['real_plan_s']} s", f"{fmt_s(rp['median_s'])} s", rp["median_s"] < t["real_plan_s"])]
    by_pages = {s["label"]: s for s in results["scales"]}
    if "~1,000 pages" in by_pages:
        r = by_pages["~1,000 pages"]["ratio_hugo_over_plansite"]
        rows.append(("~1,000 pages: plansite faster than Hugo", f">= {t['ratio_1000']}x", f"{r:.2f}x", r >= t["ratio_1000"]))
    if "~10,000 pages" in by_pages:
        s10 = by_pages["~10,000 pages"]
        r = s10["ratio_hugo_over_plansite"]
        rows.append(("~10,000 pages: plansite faster than Hugo", f">= {t['ratio_10000']}x", f"{r:.2f}x", r >= t["ratio_10000"]))
        rss = s10["peak_rss_mib"]["plansite"]
        rows.append(("~10,000 pages: plansite peak RSS", f"< {t['rss_10000_mib']:.0f} MiB", f"{rss} MiB",
                     rss is not None and rss < t["rss_10000_mib"]))
    if len(results["scales"]) > 2:
        # Marginal cost per page between the two larger scales against the two smaller
        # ones (the smallest scale is dominated by fixed costs: editions, report, EPUB).
        def marginal(key, i, j):
            a, b = results["scales"][i], results["scales"][j]
            get = (lambda s: s["median_s"]["plansite"]) if key == "wall" else \
                  (lambda s: s["hyperfine"]["plansite"].get("cpu_s") or 0)
            return 1000 * (get(b) - get(a)) / (b["pages"]["plansite"] - a["pages"]["plansite"])
        lo, hi = marginal("wall", 0, 1), marginal("wall", 1, 2)
        clo, chi = marginal("cpu", 0, 1), marginal("cpu", 1, 2)
        growth = hi / lo if lo > 0 else float("inf")
        rows.append(("Cost linear in pages (plansite: marginal ms per page, ~1,000 to ~10,000 against ~110 to ~1,000)",
                     "about 1x (<= 1.25x)",
                     f"{growth:.2f}x wall ({lo:.2f} -> {hi:.2f} ms); CPU {chi / clo if clo > 0 else 0:.2f}x "
                     f"({clo:.2f} -> {chi:.2f} ms)", growth <= 1.25))
    if md:
        r = md["ratio_plansite_over_cmark"]
        rows.append(("Markdown against the cmark-gfm CLI", f"<= {t['markdown_ratio']}x its time", f"{r:.2f}x", r <= t["markdown_ratio"]))
    if sv and sv.get("available"):
        ms = sv["edit_to_page_ms"]["median"]
        rows.append(("One-file edit in serve at ~1,000 pages", f"< {t['serve_ms']:.0f} ms", f"{ms:.0f} ms", ms < t["serve_ms"]))
    else:
        rows.append(("One-file edit in serve at ~1,000 pages", f"< {t['serve_ms']:.0f} ms", "n/a (no serve)", None))
    if rp.get("search_index_gzip_bytes") is not None:
        kb = rp["search_index_gzip_bytes"] / 1024
        rows.append(("Search index of the real plan, gzipped", f"< {t['search_index_gzip_kb']:.0f} kB", f"{kb:.1f} kB", kb < t["search_index_gzip_kb"]))
    if search.get("query_ms_max") is not None:
        rows.append(("Search query in Chromium (worst)", f"< {t['search_query_ms']:.0f} ms", f"{search['query_ms_max']:.2f} ms", search["query_ms_max"] < t["search_query_ms"]))
    else:
        rows.append(("Search query in Chromium (worst)", f"< {t['search_query_ms']:.0f} ms", "n/a (run tests-a11y/test_search.py)", None))
    out += ["", "| Target (reported, not asserted) | Target | Measured | |", "| --- | --- | --- | --- |"]
    for name, target, measured, ok in rows:
        out.append(f"| {name} | {target} | {measured} | {'n/a' if ok is None else verdict(ok)} |")
    results["targets"] = [{"name": n, "target": tg, "measured": ms, "met": ok} for n, tg, ms, ok in rows]

    if results.get("big_inputs"):
        out += ["", "## Big inputs (scripts/big-inputs.sh)", "", results["big_inputs"].rstrip()]
    return "\n".join(out) + "\n"


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", choices=("small", "full"), default="full")
    ap.add_argument("--plansite")
    ap.add_argument("--markdown-bench")
    ap.add_argument("--out", required=True)
    ap.add_argument("--from-results", action="store_true",
                    help="only write results.md again from OUT/results.json (no runs)")
    args = ap.parse_args(argv)
    if args.from_results:
        path = os.path.join(args.out, "results.json")
        with open(path) as f:
            results = json.load(f)
        text = report(results)
        with open(os.path.join(args.out, "results.md"), "w") as f:
            f.write(text)
        with open(path, "w") as f:
            json.dump(results, f, indent=1)
            f.write("\n")
        print(text, end="")
        return 0
    if not args.plansite or not args.markdown_bench:
        ap.error("give --plansite and --markdown-bench")
    os.makedirs(args.out, exist_ok=True)
    args.out = os.path.abspath(args.out)
    started = time.monotonic()   # the binaries were built just before: take that as the last deletion (see `settle`)
    results = {"scale": args.scale, "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
               "machine": machine(), "scales": []}
    try:
        # Every corpus first, then every clean build (after the file system has settled), then every rebuild.
        scales = [bench_scale(args, label, w, a) for label, w, a in SCALES[args.scale]]
        results["settled_s"] = settle(started, wait=args.scale == "full")
        for s in scales:
            time_scale(args, s)
        results["real_plan"] = bench_real_plan(args)   # clean builds too: before the rebuilds delete anything
        for s in scales:
            rebuild_scale(args, s)
        results["scales"] = [scale_result(s) for s in scales]
        if os.path.isfile(SEARCH_METRICS):
            with open(SEARCH_METRICS) as f:
                results["search"] = json.load(f)
        results["markdown"] = bench_markdown(args)
        results["serve"] = bench_serve(args) if args.scale == "full" else {"available": False, "reason": "not run at --scale small"}
    except BrokenRun as e:
        log(f"bench: error: {e}")
        return 1
    shutil.rmtree(TRASH, ignore_errors=True)   # the outputs set aside by the clean runs, now that all are timed
    big = os.path.join(REPO, "scripts", "big-inputs.sh")
    if os.path.isfile(big):
        log("-- scripts/big-inputs.sh")
        r = run(["bash", big, args.plansite] + (["50", "0.25"] if args.scale == "small" else []), cwd=REPO, env={**os.environ, "BENCH_SCALE": args.scale})
        if r.returncode != 0:
            log(f"bench: error: scripts/big-inputs.sh failed (exit {r.returncode}):\n{r.stderr[-3000:]}")
            return 1
        results["big_inputs"] = r.stdout
    text = report(results)
    with open(os.path.join(args.out, "results.md"), "w") as f:
        f.write(text)
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
        f.write("\n")
    print(text, end="")
    log(f"bench: wrote {os.path.join(args.out, 'results.md')} and results.json")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
