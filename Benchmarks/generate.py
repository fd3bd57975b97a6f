#!/usr/bin/env python3
"""generate.py: writes one synthetic improvement plan twice, as a plansite site
and as a Hugo site, for the benchmark (scripts/bench.sh).

    Benchmarks/generate.py --work-areas W --actions A OUT
        writes OUT/plansite/ (site.yaml + content/) and OUT/hugo/ (config.toml,
        content/, layouts/, assets/, data/) and OUT/manifest.json.
    Benchmarks/generate.py --markdown FILE [--bytes N]
        writes one GitHub-flavoured markdown file of about N bytes (default 5 MB)
        for the markdown comparison with the cmark-gfm CLI.

Deterministic: the same arguments give the same bytes (a seeded PRNG, no clock,
no environment). Python 3 standard library only.

Both sites hold the same sentences, the same cross-references and the same
scorecard, with one page per work area and one per key action:

  plansite                                   Hugo
  content/work-areas/N.yaml (A actions)      content/work-areas/N/_index.md + N/N-M.md per action
  content/registers/review.yaml              data/review.yaml, rendered by layouts/_default/register.html
  content/scorecard.csv (+ scorecard.yaml)   assets/scorecard.csv via transform.Unmarshal (+ data/scorecard.yaml)
  content/glossary.yaml                      data/glossary.yaml
  content/pages/*.md                         content/*.md (same text; plansite's references as Hugo relref links)

Cross-references: every work area and some actions address recommendations of
the register ("addresses"); about one action in twelve repeats an earlier
action of another work area ("(also X.Y)"). plansite resolves these itself and
shows them both ways; the Hugo site is handed the reverse index (which
recommendation is addressed by what, which action is repeated where) ready
made in its data files and front matter, which is what a Hugo site would do,
and spares Hugo work that plansite does.
"""

import argparse
import csv
import io
import json
import os
import random
import shutil
import sys

SEED = 20151101

WORDS = (
    "review practice children families partnership social care quality assurance "
    "audit outcomes early help referral assessment safeguarding board leadership "
    "governance performance management supervision training workforce recruitment "
    "retention placement stability permanence court timeliness planning voice "
    "participation feedback scrutiny member oversight data information sharing "
    "multi-agency risk exploitation missing return interview health education "
    "school police commissioning strategy plan framework programme pathway "
    "threshold consistency caseload manager practitioner team service provision "
    "improvement evidence impact monitoring report progress measure target"
).split()
VERBS = ("Establish", "Review", "Develop", "Strengthen", "Implement", "Embed",
         "Ensure", "Introduce", "Refresh", "Complete", "Agree", "Extend")
LEADS = ("Director of Children's Services", "Head of Safeguarding", "Principal Social Worker",
         "Head of Performance and Support", "Deputy Director of Children, Schools and Families",
         "Head of Communications", "Chair of the Safeguarding Children Board",
         "Head of Looked After Children", "Head of Early Help")
QUARTERS = ("Q1 15/16", "Q2 15/16", "Q3 15/16", "Q4 15/16", "Q1 16/17", "Q2 16/17", "Q3 16/17", "Q4 16/17")
GLOSSARY = (
    ("Multi Agency Safeguarding Hub", "MASH"),
    ("Child Protection Plan", "CPP"),
    ("Children in need", "CIN"),
    ("Independent Reviewing Officer", "IRO"),
    ("Looked after children", "LAC"),
    ("Child sexual exploitation", "CSE"),
    ("Open cases", None),
    ("Return interview", None),
)
SCORECARD_GROUPS = ("Children in need", "Children at risk", "Looked after children and care leavers", "Workforce")
PERIODS = ("Oct 2014", "July 2015", "Jan 2016")


class Plan:
    """The plan as data, made once and written in both formats."""

    def __init__(self, work_areas, actions, seed=SEED):
        self.rng = random.Random(seed * 1000003 + work_areas * 1009 + actions)
        rng = self.rng
        self.recommendations = []           # (number, group heading, text)
        n_recs = max(12, work_areas * 2)
        rec_groups = ("Priority and immediate action", "Areas for improvement")
        for i in range(1, n_recs + 1):
            self.recommendations.append((str(i), rec_groups[0] if i <= n_recs // 3 else rec_groups[1],
                                         self.sentence(14, 24, verb=True)))
        self.work_areas = []
        refs_so_far = []                    # (ref, text, lead, work area number) of originals
        for w in range(1, work_areas + 1):
            addressed = sorted({1 + (2 * (w - 1) + k) % n_recs for k in range(2)}, key=int)
            wa = {
                "number": w,
                "title": self.title(),
                "addresses": addressed,
                "why": self.paragraph(3, 5) + "\n\n" + self.paragraph(2, 4),
                "achieve": [self.sentence(8, 16) for _ in range(3)],
                "how": [self.sentence(8, 16, verb=True) for _ in range(4)],
                "working": [self.sentence(8, 14) for _ in range(3)],
                "focus": [(f"Area of focus: {self.words(1, 3)}", [self.sentence(6, 12) for _ in range(3)])
                          for _ in range(2)],
                "groups": [],
            }
            n_groups = 1 if actions < 6 else 3
            headings = [self.words(1, 2).capitalize() for _ in range(n_groups)]
            groups = [[] for _ in range(n_groups)]
            for a in range(1, actions + 1):
                ref = f"{w}.{a}"
                g = min(n_groups - 1, (a - 1) * n_groups // actions)
                action = {"ref": ref, "leads": rng.sample(LEADS, rng.choice((1, 1, 2))),
                          "timeframe": None, "also": None, "addresses": []}
                if rng.random() < 0.6:
                    q = rng.randrange(len(QUARTERS) - 1)
                    action["timeframe"] = list(QUARTERS[q:q + rng.choice((1, 2))])
                if refs_so_far and w > 1 and rng.random() < 1 / 12:
                    orig = refs_so_far[rng.randrange(len(refs_so_far))]
                    while orig[3] == w:
                        orig = refs_so_far[rng.randrange(len(refs_so_far))]
                    action["also"] = orig[0]
                    action["what"] = f"{orig[1][:-1]} (also {orig[0]})."
                    action["leads"] = orig[2]
                else:
                    action["what"] = self.sentence(12, 26, verb=True)
                    if rng.random() < 0.3:
                        action["addresses"] = sorted({rng.randrange(1, n_recs + 1) for _ in range(rng.choice((1, 2)))})
                    refs_so_far.append((ref, action["what"], action["leads"], w))
                groups[g].append(action)
            wa["groups"] = list(zip(headings, groups))
            self.work_areas.append(wa)
        self.scorecard = []                 # (group, number, measure, values..., benchmark)
        n_measures = max(12, work_areas)
        for m in range(1, n_measures + 1):
            group = SCORECARD_GROUPS[(m - 1) * len(SCORECARD_GROUPS) // n_measures]
            values = [self.value() for _ in PERIODS]
            self.scorecard.append([group, str(m), "% of " + self.sentence(5, 10)[0].lower()
                                   + self.sentence(5, 10)[1:]] + values + [self.value()])
        self.glossary = [(term, abbr, self.sentence(12, 24)) for term, abbr in GLOSSARY]
        self.group_text = [(g, self.sentence(10, 16), self.sentence(14, 24)) for g in SCORECARD_GROUPS]
        self.intro = [self.paragraph(3, 5) for _ in range(3)]

    # Text -------------------------------------------------------------
    def words(self, lo, hi):
        return " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(lo, hi)))

    def sentence(self, lo, hi, verb=False):
        body = self.words(lo, hi)
        if verb:
            return f"{self.rng.choice(VERBS)} {body}."
        return body[0].upper() + body[1:] + "."

    def paragraph(self, lo, hi):
        return " ".join(self.sentence(8, 18) for _ in range(self.rng.randint(lo, hi)))

    def title(self):
        t = self.words(2, 4)
        return t[0].upper() + t[1:]

    def value(self):
        r = self.rng.random()
        if r < 0.15:
            return "-"
        if r < 0.3:
            return f"{self.rng.randint(1, 3)},{self.rng.randint(100, 999)}"
        if r < 0.4:
            return f"{self.rng.randint(10, 99)}% (Feb 15)"
        return f"{self.rng.randint(10, 99)}%"

    # Derived ----------------------------------------------------------
    def actions(self):
        for wa in self.work_areas:
            for heading, rows in wa["groups"]:
                for row in rows:
                    yield wa, heading, row

    def reverse_index(self):
        """recommendation number -> (work areas, actions) that address it; ref -> repeats."""
        by_rec = {r[0]: {"work_areas": [], "actions": []} for r in self.recommendations}
        repeats = {}
        for wa in self.work_areas:
            for n in wa["addresses"]:
                by_rec[str(n)]["work_areas"].append(wa["number"])
        for wa, _, row in self.actions():
            for n in row["addresses"]:
                by_rec[str(n)]["actions"].append(row["ref"])
            if row["also"]:
                repeats.setdefault(row["also"], []).append(row["ref"])
        return by_rec, repeats

    def page_count(self):
        return sum(len(rows) for wa in self.work_areas for _, rows in wa["groups"]) + len(self.work_areas)


# Writing helpers -------------------------------------------------------

def yq(s):
    """A YAML double-quoted scalar."""
    return json.dumps(s, ensure_ascii=False)


def block(text, indent):
    pad = " " * indent
    return "|\n" + "\n".join((pad + line) if line else "" for line in text.split("\n")) + "\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def scorecard_csv(plan):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["group", "number", "measure", *PERIODS, "benchmark"])
    for row in plan.scorecard:
        w.writerow(row)
    return buf.getvalue()


def intro_markdown(plan, link):
    """The foreword's text; `link(kind, target, text)` writes one cross-reference."""
    first = plan.work_areas[0]["groups"][0][1][0]["ref"]
    out = [plan.intro[0], "",
           f"This plan answers {link('rec', '1', 'recommendation 1')} and "
           f"{link('rec', '2', 'recommendation 2')}, starting with {link('action', first, 'action ' + first)}. "
           f"The {link('term', 'MASH', 'MASH')} supports it; the {link('page', 'scorecard', 'scorecard')} "
           f"measures it.", "",
           "## Our promise", "", plan.intro[1], "",
           "## How to read this plan", "",
           "Table: The parts of this plan", "",
           "| Part | What it holds |", "| --- | --- |",
           "| Work areas | One page per work area, with its key actions |",
           "| Recommendations | The register, with what answers each item |",
           "| Scorecard | The measures, by reporting period |", "",
           plan.intro[2], ""]
    return "\n".join(out)


# plansite ---------------------------------------------------------------

def write_plansite(plan, root):
    c = os.path.join(root, "content")
    write(os.path.join(root, "site.yaml"), "\n".join([
        "# Synthetic plan for the benchmark (Benchmarks/generate.py).",
        "title: Synthetic improvement plan",
        "organisation: Benchmark Council",
        "language: en-GB",
        "release:",
        '  version: "1.0"',
        "  date: 2016-01-26",
        "contact:",
        "  name: Plan team",
        "  email: plan@example.org",
        "pages: content/pages",
        "work_areas:",
        *[f"  - content/work-areas/{wa['number']}.yaml" for wa in plan.work_areas],
        "registers:",
        "  - content/registers/review.yaml",
        "scorecard: content/scorecard.csv",
        "glossary: content/glossary.yaml",
        ""]))

    def link(kind, target, text):
        dest = {"rec": f"review:{target}", "action": f"action:{target}", "term": f"term:{target}",
                "page": f"page:{target}"}[kind]
        return f"[{text}]({dest})"

    pages = {
        "foreword": ("Foreword", 10, None, intro_markdown(plan, link)),
        "work-areas": ("Work areas", 20, "work-areas", "Each work area has a table of key actions.\n"),
        "recommendations": ("Recommendations", 30, "register:review", "The review's recommendations.\n"),
        "scorecard": ("Scorecard", 40, "scorecard", "The measures.\n"),
        "glossary": ("Glossary", 50, "glossary", "Terms used in this plan.\n"),
    }
    for pid, (title, order, show, body) in pages.items():
        fm = ["---", f"title: {title}", f"order: {order}"] + ([f"show: {show}"] if show else []) + ["---"]
        write(os.path.join(c, "pages", pid + ".md"), "\n".join(fm) + "\n" + body)

    for wa in plan.work_areas:
        lines = [f"number: {wa['number']}", f"title: {yq(wa['title'])}", "addresses:",
                 f"  review: {yq(', '.join(map(str, wa['addresses'])))}", "summary:",
                 "  why: " + block(wa["why"], 4).rstrip("\n"),
                 "  achieve: " + block("\n".join("- " + s for s in wa["achieve"]), 4).rstrip("\n"),
                 "  how: " + block("\n".join("- " + s for s in wa["how"]), 4).rstrip("\n"),
                 "  working: " + block("\n".join("- " + s for s in wa["working"]), 4).rstrip("\n"),
                 "focus:"]
        for title, items in wa["focus"]:
            lines += [f"  - title: {yq(title)}", "    body: " + block("\n".join("- " + s for s in items), 6).rstrip("\n")]
        lines.append("actions:")
        for heading, rows in wa["groups"]:
            lines += [f"  - heading: {yq(heading)}", "    rows:"]
            for row in rows:
                lines += [f"      - ref: {yq(row['ref'])}", f"        what: {yq(row['what'])}", "        lead:"]
                lines += [f"          - {yq(l)}" for l in row["leads"]]
                if row["timeframe"]:
                    lines.append("        timeframe: [" + ", ".join(row["timeframe"]) + "]")
                if row["addresses"]:
                    lines += ["        addresses:", f"          review: {yq(', '.join(map(str, row['addresses'])))}"]
                if row["also"]:
                    lines.append(f"        also: {yq(row['also'])}")
        write(os.path.join(c, "work-areas", f"{wa['number']}.yaml"), "\n".join(lines) + "\n")

    reg = ["id: review", "title: Review recommendations, June 2015", "short_title: Review 2015",
           "issuer: Inspectorate", "item_name: recommendation", "dates:", "  published: 2015-06-03", "groups:"]
    for gh in dict.fromkeys(r[1] for r in plan.recommendations):
        reg += [f"  - heading: {yq(gh)}", "    items:"]
        for number, g, text in plan.recommendations:
            if g == gh:
                reg += [f"      - number: {yq(number)}", f"        text: {yq(text)}"]
    write(os.path.join(c, "registers", "review.yaml"), "\n".join(reg) + "\n")

    write(os.path.join(c, "scorecard.csv"), scorecard_csv(plan))
    sc = ["groups:"]
    for name, outcome, rationale in plan.group_text:
        sc += [f"  - name: {yq(name)}", f"    outcome: {yq(outcome)}", f"    rationale: {yq(rationale)}"]
    write(os.path.join(c, "scorecard.yaml"), "\n".join(sc) + "\n")

    gl = ["terms:"]
    for term, abbr, desc in plan.glossary:
        gl.append(f"  - term: {yq(term)}")
        if abbr:
            gl.append(f"    abbreviation: {abbr}")
        gl.append(f"    description: {yq(desc)}")
    write(os.path.join(c, "glossary.yaml"), "\n".join(gl) + "\n")


# Hugo -------------------------------------------------------------------

HUGO_CONFIG = """\
# Synthetic plan for the benchmark (Benchmarks/generate.py).
baseURL = "https://example.org/"
languageCode = "en-GB"
title = "Synthetic improvement plan"
uglyURLs = true
relativeURLs = true
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]
[markup.goldmark.renderer]
  unsafe = false
[markup.goldmark.extensions]
  table = true
  strikethrough = true
  linkify = true
  taskList = true
  footnote = true
"""

BASEOF = """\
<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} - {{ .Site.Title }}</title>
</head>
<body>
<a href="#main">Skip to content</a>
<header><p><a href="{{ "index.html" | relURL }}">{{ .Site.Title }}</a></p>
<nav aria-label="Breadcrumb"><ol>{{ range .Ancestors.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ol></nav>
</header>
<main id="main">
<h1>{{ .Title }}</h1>
{{ block "main" . }}{{ end }}
</main>
<footer><p>Benchmark Council</p></footer>
</body>
</html>
"""

SINGLE = """\
{{ define "main" }}{{ .Content }}{{ end }}
"""

HOME = """\
{{ define "main" }}
{{ .Content }}
<h2>Contents</h2>
<ul>
{{ range .Site.Home.RegularPages.ByWeight }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
{{ with .Site.GetPage "/work-areas" }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
</ul>
{{ end }}
"""

# The list of work areas (plansite: the page with `show: work-areas`).
WORK_AREAS_LIST = """\
{{ define "main" }}
{{ .Content }}
<ol>
{{ range .Sections.ByWeight }}<li><a href="{{ .RelPermalink }}">Work area {{ .Params.number }}: {{ .Title }}</a></li>{{ end }}
</ol>
{{ end }}
"""

# One work area: summary, areas of focus, and the key-action table under its sub-headings.
WORK_AREA = """\
{{ define "main" }}
{{ $rec := "/recommendations.md" }}
<p>Answers recommendations {{ range $i, $n := .Params.addresses }}{{ if $i }}, {{ end }}<a href="{{ relref $ $rec }}#item-{{ $n }}">{{ $n }}</a>{{ end }}.</p>
<h2>Why this is important</h2>
{{ .Content }}
<h2>What we will achieve</h2>
{{ .Params.achieve | markdownify }}
<h2>How we will do it</h2>
{{ .Params.how | markdownify }}
<h2>How we will know it is working</h2>
{{ .Params.working | markdownify }}
{{ range .Params.focus }}<h2>{{ .title }}</h2>
{{ .body | markdownify }}
{{ end }}
<h2>Key actions</h2>
<table>
<caption>Key actions of work area {{ .Params.number }}</caption>
<thead><tr><th scope="col">Ref</th><th scope="col">Action</th><th scope="col">Lead</th><th scope="col">Timeframe</th></tr></thead>
{{ $pages := .Pages.ByWeight }}
{{ range .Params.groups }}{{ $g := . }}
<tbody><tr><th scope="rowgroup" colspan="4">{{ $g }}</th></tr>
{{ range where $pages "Params.group" $g }}<tr><th scope="row"><a href="{{ .RelPermalink }}">{{ .Params.ref }}</a></th><td>{{ .Params.what }}{{ with .Params.also }} <a href="{{ relref $ (printf "/work-areas/%s/%s.md" (index (split . ".") 0) (replace . "." "-")) }}">(see {{ . }})</a>{{ end }}</td><td>{{ delimit .Params.lead ", " }}</td><td>{{ with .Params.timeframe }}{{ delimit . " to " }}{{ else }}Not stated{{ end }}</td></tr>
{{ end }}</tbody>
{{ end }}
</table>
{{ end }}
"""

# One key action, with its references both ways and a pager within its work area.
ACTION = """\
{{ define "main" }}
{{ $rec := "/recommendations.md" }}
<p>Key action {{ .Params.ref }} of <a href="{{ .Parent.RelPermalink }}">work area {{ .Parent.Params.number }}: {{ .Parent.Title }}</a>, under {{ .Params.group }}.</p>
{{ .Content }}
<dl>
<dt>Lead</dt>{{ range .Params.lead }}<dd>{{ . }}</dd>{{ end }}
<dt>Timeframe</dt><dd>{{ with .Params.timeframe }}{{ delimit . " to " }}{{ else }}Not stated in the source{{ end }}</dd>
{{ with .Params.addresses }}<dt>Answers</dt><dd>{{ range $i, $n := . }}{{ if $i }}, {{ end }}<a href="{{ relref $ $rec }}#item-{{ $n }}">recommendation {{ $n }}</a>{{ end }}</dd>{{ end }}
{{ with .Params.also }}<dt>Repeats</dt><dd><a href="{{ relref $ (printf "/work-areas/%s/%s.md" (index (split . ".") 0) (replace . "." "-")) }}">action {{ . }}</a></dd>{{ end }}
{{ with .Params.repeated_in }}<dt>Repeated as</dt><dd>{{ range $i, $r := . }}{{ if $i }}, {{ end }}<a href="{{ relref $ (printf "/work-areas/%s/%s.md" (index (split $r ".") 0) (replace $r "." "-")) }}">action {{ $r }}</a>{{ end }}</dd>{{ end }}
</dl>
<nav aria-label="Key actions">
{{ with .NextInSection }}<a rel="prev" href="{{ .RelPermalink }}">Previous: {{ .Params.ref }}</a>{{ end }}
{{ with .PrevInSection }}<a rel="next" href="{{ .RelPermalink }}">Next: {{ .Params.ref }}</a>{{ end }}
</nav>
{{ end }}
"""

REGISTER = """\
{{ define "main" }}
{{ .Content }}
{{ $reg := .Site.Data.review }}
{{ range $reg.groups }}<h2>{{ .heading }}</h2>
<ol>
{{ range .items }}<li id="item-{{ .number }}" value="{{ .number }}">{{ .text }}
{{ if or .work_areas .actions }}<p>Addressed by
{{ range $i, $w := .work_areas }}{{ if $i }}, {{ end }}<a href="{{ relref $ (printf "/work-areas/%v/_index.md" $w) }}">work area {{ $w }}</a>{{ end }}
{{ range .actions }}, <a href="{{ relref $ (printf "/work-areas/%s/%s.md" (index (split . ".") 0) (replace . "." "-")) }}">action {{ . }}</a>{{ end }}.</p>{{ else }}<p>Not yet addressed.</p>{{ end }}
</li>
{{ end }}</ol>
{{ end }}
{{ end }}
"""

SCORECARD = """\
{{ define "main" }}
{{ .Content }}
{{ $rows := resources.Get "scorecard.csv" | transform.Unmarshal (dict "delimiter" ",") }}
{{ $head := index $rows 0 }}
{{ range .Site.Data.scorecard.groups }}{{ $g := .name }}
<h2>{{ $g }}</h2>
<p>{{ .outcome }}</p>
<p>{{ .rationale }}</p>
<table>
<caption>Scorecard: {{ $g }}</caption>
<thead><tr>{{ range after 1 $head }}<th scope="col">{{ . }}</th>{{ end }}</tr></thead>
<tbody>
{{ range after 1 $rows }}{{ if eq (index . 0) $g }}<tr><td>{{ index . 1 }}</td><th scope="row">{{ index . 2 }}</th>{{ range after 3 . }}<td>{{ if eq . "-" }}not available{{ else }}{{ . }}{{ end }}</td>{{ end }}</tr>
{{ end }}{{ end }}</tbody>
</table>
{{ end }}
{{ end }}
"""

GLOSSARY_LAYOUT = """\
{{ define "main" }}
{{ .Content }}
<dl>
{{ range .Site.Data.glossary.terms }}<dt id="{{ .term | urlize }}">{{ .term }}{{ with .abbreviation }} ({{ . }}){{ end }}</dt><dd>{{ .description }}</dd>
{{ end }}</dl>
{{ end }}
"""


def write_hugo(plan, root):
    c = os.path.join(root, "content")
    write(os.path.join(root, "config.toml"), HUGO_CONFIG)
    lay = os.path.join(root, "layouts")
    write(os.path.join(lay, "_default", "baseof.html"), BASEOF)
    write(os.path.join(lay, "_default", "single.html"), SINGLE)
    write(os.path.join(lay, "_default", "list.html"), SINGLE)
    write(os.path.join(lay, "index.html"), HOME)
    write(os.path.join(lay, "_default", "work-areas.html"), WORK_AREAS_LIST)
    write(os.path.join(lay, "_default", "work-area.html"), WORK_AREA)
    write(os.path.join(lay, "_default", "action.html"), ACTION)
    write(os.path.join(lay, "_default", "register.html"), REGISTER)
    write(os.path.join(lay, "_default", "scorecard.html"), SCORECARD)
    write(os.path.join(lay, "_default", "glossary.html"), GLOSSARY_LAYOUT)

    by_rec, repeats = plan.reverse_index()

    def action_path(ref):
        w, _ = ref.split(".")
        return f"/work-areas/{w}/{ref.replace('.', '-')}.md"

    def link(kind, target, text):
        if kind == "rec":
            return f'[{text}]({{{{< relref "/recommendations.md" >}}}}#item-{target})'
        if kind == "action":
            return f'[{text}]({{{{< relref "{action_path(target)}" >}}}})'
        if kind == "term":
            return f'[{text}]({{{{< relref "/glossary.md" >}}}}#multi-agency-safeguarding-hub)'
        return f'[{text}]({{{{< relref "/{target}.md" >}}}})'

    def fm(d):  # JSON front matter: Hugo reads a leading JSON object as the page's front matter
        return json.dumps(d, ensure_ascii=False, indent=1) + "\n\n"

    write(os.path.join(c, "_index.md"), fm({"title": "Synthetic improvement plan"}) + plan.intro[0] + "\n")
    write(os.path.join(c, "foreword.md"), fm({"title": "Foreword", "weight": 10}) + intro_markdown(plan, link))
    write(os.path.join(c, "recommendations.md"),
          fm({"title": "Recommendations", "weight": 30, "layout": "register"}) + "The review's recommendations.\n")
    write(os.path.join(c, "scorecard.md"), fm({"title": "Scorecard", "weight": 40, "layout": "scorecard"}) + "The measures.\n")
    write(os.path.join(c, "glossary.md"), fm({"title": "Glossary", "weight": 50, "layout": "glossary"}) + "Terms used in this plan.\n")
    write(os.path.join(c, "work-areas", "_index.md"),
          fm({"title": "Work areas", "weight": 20, "layout": "work-areas"}) + "Each work area has a table of key actions.\n")

    for wa in plan.work_areas:
        d = os.path.join(c, "work-areas", str(wa["number"]))
        write(os.path.join(d, "_index.md"), fm({
            "title": wa["title"], "weight": wa["number"], "layout": "work-area", "number": wa["number"],
            "addresses": wa["addresses"],
            "achieve": "\n".join("- " + s for s in wa["achieve"]),
            "how": "\n".join("- " + s for s in wa["how"]),
            "working": "\n".join("- " + s for s in wa["working"]),
            "focus": [{"title": t, "body": "\n".join("- " + s for s in items)} for t, items in wa["focus"]],
            "groups": [h for h, _ in wa["groups"]],
        }) + wa["why"] + "\n")
        weight = 0
        for heading, rows in wa["groups"]:
            for row in rows:
                weight += 1
                meta = {"title": f"Key action {row['ref']}", "weight": weight, "layout": "action",
                        "ref": row["ref"], "group": heading, "what": row["what"], "lead": row["leads"]}
                if row["timeframe"]:
                    meta["timeframe"] = row["timeframe"]
                if row["addresses"]:
                    meta["addresses"] = row["addresses"]
                if row["also"]:
                    meta["also"] = row["also"]
                if row["ref"] in repeats:
                    meta["repeated_in"] = repeats[row["ref"]]
                write(os.path.join(d, row["ref"].replace(".", "-") + ".md"), fm(meta) + row["what"] + "\n")

    groups = []
    for gh in dict.fromkeys(r[1] for r in plan.recommendations):
        groups.append({"heading": gh, "items": [
            {"number": n, "text": t, **by_rec[n]} for n, g, t in plan.recommendations if g == gh]})
    write(os.path.join(root, "data", "review.json"), json.dumps({"groups": groups}, ensure_ascii=False, indent=1) + "\n")
    write(os.path.join(root, "assets", "scorecard.csv"), scorecard_csv(plan))
    write(os.path.join(root, "data", "scorecard.json"), json.dumps(
        {"groups": [{"name": n, "outcome": o, "rationale": r} for n, o, r in plan.group_text]}, ensure_ascii=False, indent=1) + "\n")
    write(os.path.join(root, "data", "glossary.json"), json.dumps(
        {"terms": [{"term": t, "abbreviation": a, "description": d} for t, a, d in plan.glossary]}, ensure_ascii=False, indent=1) + "\n")


# Markdown for the cmark-gfm comparison ------------------------------------

def write_markdown(path, size):
    rng = random.Random(SEED)

    def words(lo, hi):
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi)))

    def inline():
        parts = []
        for _ in range(rng.randint(4, 9)):
            r = rng.random()
            w = words(2, 6)
            if r < 0.12:
                parts.append(f"*{w}*")
            elif r < 0.2:
                parts.append(f"**{w}**")
            elif r < 0.28:
                parts.append(f"[{w}](https://example.org/{rng.choice(WORDS)}/{rng.randint(1, 999)})")
            elif r < 0.32:
                parts.append(f"https://example.org/{rng.choice(WORDS)}")
            elif r < 0.36:
                parts.append(f"~~{w}~~")
            elif r < 0.4:
                parts.append(f"`{rng.choice(WORDS)}`")
            else:
                parts.append(w)
        s = " ".join(parts)
        return s[0].upper() + s[1:] + "."

    out, total, n = [], 0, 0
    while total < size:
        n += 1
        blocks = [f"## Section {n}: {words(2, 5)}", "", inline() + " " + inline(), ""]
        r = n % 6
        if r == 0:
            blocks += ["| Measure | Oct 2014 | July 2015 | Benchmark |", "| --- | ---: | ---: | :-: |"]
            blocks += [f"| {words(2, 5)} | {rng.randint(1, 99)}% | {rng.randint(1, 99)}% | {rng.randint(1, 99)}% |"
                       for _ in range(8)] + [""]
        elif r == 1:
            blocks += [f"- [{'x' if rng.random() < 0.5 else ' '}] {inline()}" for _ in range(4)] + [""]
        elif r == 2:
            blocks += [f"{i + 1}. {inline()}" for i in range(4)] + [""]
        elif r == 3:
            blocks += ["> " + inline(), "> " + inline(), ""]
        elif r == 4:
            blocks += ["```", *(words(3, 8) for _ in range(4)), "```", ""]
        else:
            blocks += ["### " + words(2, 4), "", inline(), ""]
        text = "\n".join(blocks) + "\n"
        out.append(text)
        total += len(text.encode("utf-8"))
    write(path, "".join(out))


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", nargs="?", help="output folder (replaced)")
    ap.add_argument("--work-areas", type=int, default=5)
    ap.add_argument("--actions", type=int, default=20, help="key actions per work area")
    ap.add_argument("--markdown", help="write one markdown file instead")
    ap.add_argument("--bytes", type=int, default=5 * 1024 * 1024)
    args = ap.parse_args(argv)
    if args.markdown:
        write_markdown(args.markdown, args.bytes)
        return 0
    if not args.out or args.work_areas < 1 or args.actions < 1:
        ap.error("give OUT, and --work-areas and --actions of at least 1")
    plan = Plan(args.work_areas, args.actions)
    if os.path.isdir(args.out):
        shutil.rmtree(args.out, ignore_errors=True)
    write_plansite(plan, os.path.join(args.out, "plansite"))
    write_hugo(plan, os.path.join(args.out, "hugo"))
    n_actions = sum(1 for _ in plan.actions())
    write(os.path.join(args.out, "manifest.json"), json.dumps({
        "work_areas": args.work_areas, "actions_per_work_area": args.actions, "actions": n_actions,
        "repeats": sum(1 for _, _, r in plan.actions() if r["also"]),
        "recommendations": len(plan.recommendations), "measures": len(plan.scorecard),
        "entity_pages": plan.page_count()}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
