// Tests of loading: the YAML traps, CSV quoting, front matter, and located
// errors for bad input.

import Foundation
@testable import PlanLoading
import PlanModel
import Testing

let minimalSite = """
title: Plan
organisation: Council
release:
  version: "1"
  date: 2015-09-01
work_areas:
  - wa.yaml

"""

func load(_ files: [String: String]) -> LoadResult {
    PlanLoader(source: MemoryContentSource(files)).load()
}

@Test func yamlScalarsStayText() throws {
    let wa = """
    number: 1
    title: Leadership
    actions:
      - heading: yes
        rows:
          - ref: 1.10
            what: 2015-09-01
            lead: [yes, no]
          - ref: 1.1
            what: "Something"
            lead: [Director]
    """
    let result = load(["site.yaml": minimalSite, "wa.yaml": wa])
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.formatted))")
    let rows = try #require(result.plan?.workAreas.first?.rows)
    #expect(rows.map(\.ref) == ["1.10", "1.1"], "1.10 is not the number 1.1")
    #expect(rows[0].what == "2015-09-01", "a date-like string stays text")
    #expect(rows[0].leads == ["yes", "no"], "yes stays yes")
    #expect(rows[0].group == "yes")
    #expect(result.plan?.config.date == "2015-09-01")
}

@Test func leadsKeepCommasInsideRoleNames() throws {
    let wa = """
    number: 1
    title: Leadership
    actions:
      - rows:
          - ref: "1.15"
            what: Ensure supervision is regular.
            lead:
              - Deputy Director of Children, Schools and Families
    """
    let plan = try #require(load(["site.yaml": minimalSite, "wa.yaml": wa]).plan)
    #expect(plan.workAreas[0].rows[0].leads == ["Deputy Director of Children, Schools and Families"])
}

@Test func csvHandlesQuotedCommasAndNewlinesAndNotAvailable() throws {
    let csv = #"""
    group,number,measure,Oct 2014,July 2015,benchmark
    Children in need,1,"Open cases, in RAIS","1,700","2,444",-
    Children in need,2,"A measure
    over two lines",52% (Feb 15),86% (June 15),23%
    Other,3,"He said ""no""",-,-,-

    """#
    let site = minimalSite.replacingOccurrences(of: "work_areas:\n  - wa.yaml\n", with: "scorecard: s.csv\n")
    let result = load(["site.yaml": site, "s.csv": csv])
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.formatted))")
    let card = try #require(result.plan?.scorecard)
    #expect(card.periods == ["Oct 2014", "July 2015"])
    #expect(card.measures.map(\.number) == ["1", "2", "3"])
    #expect(card.measures[0].text == "Open cases, in RAIS")
    #expect(card.measures[0].observations[0].value == "1,700")
    #expect(card.measures[0].benchmark.value == nil)
    #expect(card.measures[1].text == "A measure\nover two lines")
    #expect(card.measures[1].observations[0] == Observation(column: "Oct 2014", value: "52%", cellPeriod: "Feb 15"))
    #expect(card.measures[2].text == "He said \"no\"")
    #expect(card.measures[2].observations.allSatisfy { $0.value == nil })
    #expect(card.measures[2].location.line == 5, "the row's line counts the quoted newline")
    // An empty figure is not '-': a figure deleted by accident would read as "not available". An error at the cell.
    let empty = load(["site.yaml": site, "s.csv": csv.replacingOccurrences(of: "\"He said \"\"no\"\"\",-,-,-", with: "\"He said \"\"no\"\"\",-, ,-")])
    #expect(empty.diagnostics.map(\.formatted) == ["s.csv:5:29: error: measure 3 has no figure for July 2015; write the figure as the source gives it, or '-' where the source gives none"])
}

@Test func csvErrorsNameTheRow() {
    let csv = "group,number,measure,Oct 2014,benchmark\nA,1,Text,1,2,extra\nA,,No number,1,2\n"
    let site = minimalSite.replacingOccurrences(of: "work_areas:\n  - wa.yaml\n", with: "scorecard: s.csv\n")
    let messages = load(["site.yaml": site, "s.csv": csv]).diagnostics.map(\.formatted)
    #expect(messages.contains("s.csv:2:14: error: this row has 6 cells but the header has 5; quote any cell that contains a comma, e.g. \"1,700\""))
    #expect(messages.contains { $0.hasPrefix("s.csv:3:3: error: measure 'No number' has no number") }, "\(messages)")
}

/// A row with a cell too few or too many is reported; what scorecard.yaml says of its group and number was then a
/// second, wrong error ("no measure has the number '2'").
@Test func aBrokenScorecardRowIsOneError() {
    let csv = "group,number,measure,Oct 2014,benchmark\nA,1,Text,1,2\nB,2,Short row,1\n"
    let groups = "groups:\n  - name: A\n  - name: B\nmeasures:\n  - number: \"1\"\n    polarity: lower\n  - number: \"2\"\n    polarity: higher\n"
    let site = minimalSite.replacingOccurrences(of: "work_areas:\n  - wa.yaml\n", with: "scorecard: s.csv\n")
    #expect(load(["site.yaml": site, "s.csv": csv, "s.yaml": groups]).diagnostics.map(\.formatted) == [
        "s.csv:3:15: error: this row has 4 cells but the header has 5; quote any cell that contains a comma, e.g. \"1,700\"",
    ])
    // The broken row's number written with a leading zero: still its number.
    let zero = csv.replacingOccurrences(of: "B,2,Short row", with: "B,02,Short row")
    #expect(load(["site.yaml": site, "s.csv": zero, "s.yaml": groups]).diagnostics.map(\.formatted) == [
        "s.csv:3:16: error: this row has 4 cells but the header has 5; quote any cell that contains a comma, e.g. \"1,700\"",
    ])
    // A number no row has, and a group no row is in, are still errors.
    let typo = groups.replacingOccurrences(of: "\"2\"", with: "\"3\"").replacingOccurrences(of: "name: B", with: "name: C")
    #expect(load(["site.yaml": site, "s.csv": csv, "s.yaml": typo]).diagnostics.map(\.formatted).count == 3)
}

/// A cell's column counts what is written (quotes, doubled quotes, spaces), not the cell's value; a cell after a
/// quoted cell spanning lines is found on its own line.
@Test func csvCellsAreLocatedPastQuotedCells() {
    let csv = "group,number,measure,Oct 2014,July 2015,benchmark\n"
        + "A,1,\"Open cases, \"\"RAIS\"\"\",\"1,700\",  lots,-\n"
        + "A,2,\"Two\nlines\",52% (Feb 15),9 .5%,1e9\n"
        + "A,3,Text,1%,-,\"1,7000\"\n"
    let site = minimalSite.replacingOccurrences(of: "work_areas:\n  - wa.yaml\n", with: "scorecard: s.csv\n")
    let messages = load(["site.yaml": site, "s.csv": csv]).diagnostics.map(\.formatted)
    let advice = "; write the figure in digits, e.g. 1,700, 22% or 8.1%, with the period it is for in brackets where it is not the column's, e.g. 52% (Feb 15); '-' where there is none"
    #expect(messages == [
        "s.csv:2:38: error: 'lots' is not a figure (measure 1, July 2015)" + advice,
        "s.csv:4:21: error: '9 .5%' is not a figure (measure 2, July 2015)" + advice,
        "s.csv:4:27: error: '1e9' is not a figure (measure 2, benchmark)" + advice,
        "s.csv:5:15: error: '1,7000' is not a figure (measure 3, benchmark)" + advice,
    ])
}

/// The groups' descriptions beside the scorecard may end in '.yml', as every other YAML file may (it was passed over
/// without a word, and the groups' outcomes were lost); both '.yaml' and '.yml' is an error at the second.
@Test func scorecardGroupsMayBeDescribedInAYMLFileButNotInTwo() throws {
    let site = minimalSite.replacingOccurrences(of: "work_areas:\n  - wa.yaml\n", with: "scorecard: s.csv\n")
    let csv = "group,number,measure,Oct 2014,benchmark\nA,1,Text,1,2\n"
    let groups = "groups:\n  - name: A\n    outcome: Children are safe.\n"
    let result = load(["site.yaml": site, "s.csv": csv, "s.yml": groups])
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.formatted))")
    #expect(try #require(result.plan?.scorecard).groups.map(\.outcome) == ["Children are safe."])
    let both = load(["site.yaml": site, "s.csv": csv, "s.yml": groups, "s.yaml": groups]).diagnostics.map(\.formatted)
    #expect(both == ["s.yml:1:1: error: both s.yaml and s.yml give the groups of s.csv; only s.yaml is read; keep one: move what this file adds into s.yaml, then remove it"])
    // The same for the measures declared beside an observations CSV.
    let observed = load(["site.yaml": site + "observations:\n  - o.csv\n", "s.csv": csv, "o.csv": "measure,date,period,value,qualifier,source\nm,2015-03-31,March 2015,9,,\n",
                         "o.yml": "group: Demand\nmeasures:\n  - id: m\n    title: Contacts\n"])
    #expect(observed.diagnostics.isEmpty, "\(observed.diagnostics.map(\.formatted))")
    #expect(observed.plan?.progress.series.map(\.observations.count) == [1])
}

/// Mistakes in the scorecard's cells that were taken without a word, each an error at its cell: a period column named
/// twice or not at all, a measure without a group or text, a number that is a word, a group the YAML does not describe.
@Test func scorecardCellMistakesAreErrorsAtTheCell() {
    let site = minimalSite.replacingOccurrences(of: "work_areas:\n  - wa.yaml\n", with: "scorecard: s.csv\n")
    let csv = "group,number,measure,July 2015,,July 2015,benchmark\n"
        + "Children in need,1,Open cases,1,2,3,-\n"
        + ",2,Re-referrals,1,2,3,-\n"
        + "Children in needs,3,Assessments,1,2,3,-\n"
        + "Children in need,4,,1,2,3,-\n"
        + "Children in need,two,Plans,1,2,3,-\n"
    let groups = "groups:\n  - name: Children in need\n    outcome: Children are safe.\n"
    #expect(load(["site.yaml": site, "s.csv": csv, "s.yaml": groups]).diagnostics.map(\.formatted) == [
        "s.csv:1:32: error: this period column has no name in the header; name the period its figures are for, e.g. Oct 2014, or remove the column",
        "s.csv:1:33: error: the header names the period 'July 2015' twice (first at s.csv:1:22); give each period column its own name, e.g. Oct 2014 and July 2015",
        "s.csv:3:1: error: measure 2 has no group; write the group it belongs to in the 'group' column, as the measures around it do",
        "s.csv:5:20: error: measure 4 has no text; write what it measures in the 'measure' column, as the source words it",
        "s.csv:6:18: error: the measure number 'two' is not a number; write it in digits, e.g. 7 (it is cited so: measure:7)",
        "s.csv:4:1: error: the group 'Children in needs' is not described in s.yaml; did you mean Children in need?",
    ])
}

@Test func csvHeaderMistakeIsLocatedAtItsCell() {
    let site = minimalSite.replacingOccurrences(of: "work_areas:\n  - wa.yaml\n", with: "scorecard: s.csv\n")
    let messages = load(["site.yaml": site, "s.csv": "group, nmber,measure,Oct 2014,benchmark\nA,1,Text,1,2\n"]).diagnostics.map(\.formatted)
    #expect(messages.count == 1)
    #expect(messages.first?.hasPrefix("s.csv:1:8: error: the header must be 'group,number,measure'") == true, "\(messages)")
}

@Test func unclosedCSVQuoteIsLocated() {
    let csv = "group,number,measure,Oct 2014,benchmark\nA,1,\"Text,1,2\nB,2,x,1,2\n"
    let site = minimalSite.replacingOccurrences(of: "work_areas:\n  - wa.yaml\n", with: "scorecard: s.csv\n")
    let messages = load(["site.yaml": site, "s.csv": csv]).diagnostics.map(\.formatted)
    #expect(messages == ["s.csv:2:5: error: this quote is never closed; add the closing '\"'; a quote inside a quoted cell is written twice (\"\")"])
}

/// A quote inside an unquoted cell, text after a quoted cell's closing quote, and a file separated by semicolons were
/// each "malformed CSV: Can't have non-quote here: r" at 1:1; each is said in plain words at the mistake, in every CSV.
@Test func csvSyntaxMistakesAreSaidPlainlyAtTheMistake() {
    let site = minimalSite.replacingOccurrences(of: "work_areas:\n  - wa.yaml\n", with: "scorecard: s.csv\nobservations:\n  - o.csv\n")
    let header = "group,number,measure,Oct 2014,benchmark\n"
    let observations = "measure,date,period,value,qualifier,source\nm,2015-03-31,March 2015,9,,\n"
    let measures = "group: Demand\nmeasures:\n  - id: m\n    title: Contacts\n"
    func messages(_ csv: String, observations: String = observations) -> [String] {
        load(["site.yaml": site, "s.csv": csv, "o.csv": observations, "o.yaml": measures]).diagnostics.map(\.formatted)
    }
    #expect(messages(header + "A,1,Open cases,1,2\nA,2,% of \"re\"-referrals.,22%,23%\n") == [
        "s.csv:3:10: error: a quote inside an unquoted cell; put the whole cell in double quotes and double the quotes inside it (\"% of \"\"re\"\"-referrals.\")",
    ])
    #expect(messages(header + "A,1,\"He said \"no\" twice\",1,2\n") == [
        "s.csv:2:14: error: this quote closes a quoted cell, but the cell goes on after it; double each quote inside a quoted cell, "
            + "e.g. \"He said \"\"no\"\" twice\"; a quoted cell ends at its closing quote, then a comma",
    ])
    let semicolons = "; save it again as CSV with commas between the cells (in a spreadsheet: 'Save as', CSV, comma-delimited)"
    #expect(messages("group;number;measure;Oct 2014;benchmark\nA;1;\"Open cases, RAIS\";\"1,700\";-\n") == [
        "s.csv:1:6: error: the cells of this file are separated by semicolons (';'), but the file must be comma-separated" + semicolons,
    ])
    // The observations CSV is read the same way.
    #expect(messages(header + "A,1,Open cases,1,2\n", observations: observations + "m,2015-04-30,April \"15,9,,\n") == [
        "o.csv:3:20: error: a quote inside an unquoted cell; put the whole cell in double quotes and double the quotes inside it (\"April \"\"15\")",
    ])
    #expect(messages(header + "A,1,Open cases,1,2\n", observations: "measure\tdate\tperiod\tvalue\tqualifier\tsource\n") == [
        "o.csv:1:8: error: the cells of this file are separated by tabs, but the file must be comma-separated" + semicolons,
    ])
}

/// The SVG check searched the text: an entity or a character reference (`jav&#x61;script:`), a tab inside the scheme,
/// a `data:text/html` link or a script element under another prefix got past it, as did a file that is not XML; and
/// every problem was at 1:1. The file is parsed as XML, and each is an error at the element or attribute.
@Test func svgScriptsAreFoundHoweverWrittenAndLocated() {
    let site = minimalSite.replacingOccurrences(of: "work_areas:\n  - wa.yaml\n", with: "assets: a\n")
    let svg = #"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:h="http://www.w3.org/1999/xhtml" width="9" height="9">"#
    let files = [
        "entity.svg": svg + "\n<a\n   href=\"jav&#x61;script:alert(1)\"><text>x</text></a></svg>",
        "decimal.svg": svg + "\n<g><a xlink:href=\"&#106;avascript:alert(1)\">x</a></g></svg>",
        "tab.svg": svg + "\n<a href=\"java&#x9;script:alert(1)\">x</a></svg>",
        "html.svg": svg + "\n  <a href=\"data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;\">x</a></svg>",
        "xhtml.svg": svg + "\n<g>\n\n  <h:script>alert(1)</h:script></g></svg>",
        "handler.svg": svg + "<rect width=\"9\" height=\"9\"\n      onclick =\"alert(1)\"/></svg>",
        "set.svg": svg + "\n <a><set attributeName=\"href\" to=\"javascript:alert(1)\"/></a></svg>",
        "style.svg": svg + "\n<style>rect { fill: url(\\6a avascript:alert(1)) }</style></svg>",
        "cut.svg": svg + "\n<rect width=\"9\"",
        "fine.svg": svg + "<image href=\"data:image/png;base64,iVBORw0KGgo=\" width=\"9\" height=\"9\"/><text>javascript: is only words; Lemon=sour</text></svg>",
    ]
    var all = ["site.yaml": site]
    for (name, text) in files { all["a/" + name] = text }
    let result = load(all)
    #expect(result.plan?.images.keys.sorted() == ["fine.svg"])
    let fix = "; export the SVG again without scripts, or save the image as PNG"
    #expect(result.diagnostics.map(\.formatted).sorted() == [
        "a/cut.svg:2:16: error: the image 'a/cut.svg' is not well-formed XML: a tag is not closed, or the file ends inside one (is it cut short?); "
            + "save the image again as an SVG file from the program that made it (a browser shows an error in place of a file that is not well-formed)",
        "a/decimal.svg:2:7: error: the image 'a/decimal.svg' holds a script: a 'javascript:' address in 'xlink:href' on <a>" + fix,
        "a/entity.svg:3:4: error: the image 'a/entity.svg' holds a script: a 'javascript:' address in 'href' on <a>" + fix,
        "a/handler.svg:2:7: error: the image 'a/handler.svg' holds a script: the event handler 'onclick' on <rect>" + fix,
        "a/html.svg:2:6: error: the image 'a/html.svg' holds a script: a 'data:' address in 'href' on <a> that is not a PNG, JPEG, GIF or WebP image" + fix,
        "a/set.svg:2:5: error: the image 'a/set.svg' holds a script: an animation <set> that sets 'href'" + fix,
        "a/style.svg:2:1: error: the image 'a/style.svg' holds a script: a 'javascript:' address, in its <style> element" + fix,
        "a/tab.svg:2:4: error: the image 'a/tab.svg' holds a script: a 'javascript:' address in 'href' on <a>" + fix,
        "a/xhtml.svg:4:3: error: the image 'a/xhtml.svg' holds a script: a <h:script> element" + fix,
    ])
}

@Test func malformedYAMLIsLocated() {
    let wa = "number: 1\ntitle: Leadership\nactions:\n  - heading: A\n    rows: [\n"
    let d = load(["site.yaml": minimalSite, "wa.yaml": wa]).diagnostics
    #expect(d.count == 1)
    #expect(d.first?.formatted.hasPrefix("wa.yaml:5:11: error: this '[' is never closed: nothing follows it") == true, "\(d.map(\.formatted))")   // at the bracket, not past the end of the file
}

/// Lists nested past the YAML parser's limit gave its own words: "while parsing Maximum nesting level reached, set
/// with yaml_set_max_nest_level())", and advice about quoting.
@Test func yamlNestedTooDeepSaysSo() {
    let wa = "number: 1\ntitle: Leadership\nactions: " + String(repeating: "[", count: 1_200) + String(repeating: "]", count: 1_200) + "\n"
    let d = load(["site.yaml": minimalSite, "wa.yaml": wa]).diagnostics.map(\.formatted)
    #expect(d.count == 1)
    #expect(d.first?.hasSuffix("error: lists and mappings are nested more than 1,000 deep here; no plan file needs so many; check for a run of brackets ('[', '{') or of lines starting '- '") == true, "\(d)")
}

@Test func unknownFieldSuggestsTheNearest() {
    let wa = "number: 1\ntitle: Leadership\nactoins: []\n"
    let d = load(["site.yaml": minimalSite, "wa.yaml": wa]).diagnostics.map(\.formatted)
    #expect(d == ["wa.yaml:3:1: error: unknown field 'actoins' in the work area; did you mean actions?"])
}

@Test func workAreaWithoutNumber() {
    let d = load(["site.yaml": minimalSite, "wa.yaml": "title: Leadership\n"]).diagnostics.map(\.formatted)
    #expect(d == ["wa.yaml:1:1: error: the work area has no 'number'; add 'number: N', the work area's number in the plan"])
}

@Test func missingNamedFile() {
    let d = load(["site.yaml": minimalSite]).diagnostics.map(\.formatted)
    #expect(d == ["site.yaml:7:5: error: the file 'wa.yaml' named by site.yaml does not exist; create it, or correct its path in site.yaml (paths are relative to the folder holding site.yaml)"])
}

@Test func frontMatterIsReadWithLines() throws {
    let site = minimalSite.replacingOccurrences(of: "work_areas:\n  - wa.yaml\n", with: "pages: pages\n")
    let page = "---\ntitle: \"Part 1: Summary\"\norder: 10\nparent: intro\nshow: scorecard\n---\n## Heading\n\nText.\n"
    let result = load(["site.yaml": site, "pages/part-1.md": page])
    #expect(result.diagnostics.isEmpty)
    let p = try #require(result.plan?.pages.first)
    #expect(p.id == "part-1" && p.title == "Part 1: Summary" && p.order == 10 && p.parent == "intro" && p.show == .scorecard)
    #expect(p.bodyLine == 7)
    #expect(p.markdown.hasPrefix("## Heading"))
}

@Test func badFrontMatter() {
    let site = minimalSite.replacingOccurrences(of: "work_areas:\n  - wa.yaml\n", with: "pages: pages\n")
    let d = load(["site.yaml": site, "pages/a.md": "---\ntitle: A\norder: x\n---\n", "pages/b.md": "no front matter\n",
                  "pages/c.md": "---\ntitle: C\n", "pages/d.md": "---\n# nothing yet\n---\nText.\n"]).diagnostics.map(\.formatted)
    #expect(d.contains("pages/a.md:3:8: error: 'order' must be a whole number, found 'x'; add 'order: N' (a whole number placing the page among its siblings)"))
    #expect(d.contains("pages/b.md:1:1: error: the page has no front matter; start the file with a '---' line, 'title: ...' and 'order: ...', and a closing '---' line"))
    #expect(d.contains("pages/c.md:1:1: error: the front matter is not closed; add a '---' line after the last front matter field"))
    // An empty front matter said "the file is empty" of a page with text.
    #expect(d.contains("pages/d.md:1:1: error: the front matter is empty; add 'title: ...' and 'order: ...' between the two '---' lines"))
}

@Test func badSiteConfig() {
    let d = load(["site.yaml": "title: Plan\nrelease:\n  version: 1\n  date: 1 Sept 2015\n"]).diagnostics.map(\.formatted)
    #expect(d.contains("site.yaml:1:1: error: site.yaml has no 'organisation'; add 'organisation: ...'"))
    #expect(d.contains("site.yaml:4:9: error: release date '1 Sept 2015' is not a date; write it as YYYY-MM-DD, e.g. 2015-09-01"))
}

/// `plansite serve` keeps a parse cache: a file whose text is unchanged is not parsed again, and the plan
/// (and diagnostics) are the same as a load without the cache.
@Test func theParseCacheReparsesOnlyChangedFiles() throws {
    let area = { (n: Int, what: String) in
        "number: \(n)\ntitle: Area \(n)\nactions:\n  - heading: Do\n    rows:\n      - ref: \"\(n).1\"\n        what: \(what)\n        lead: [Director]\n"
    }
    var files = ["site.yaml": minimalSite.replacingOccurrences(of: "  - wa.yaml\n", with: "  - wa.yaml\n  - wb.yaml\n  - wc.yaml\n"),
                 "wa.yaml": area(1, "First."), "wb.yaml": area(2, "Second."), "wc.yaml": "number: 3\ntitle: [broken\n"]
    let cache = ParseCache()
    func cachedLoad() -> LoadResult {
        var loader = PlanLoader(source: MemoryContentSource(files))
        loader.cache = cache
        return loader.load()
    }
    let first = cachedLoad()
    #expect((cache.hits, cache.misses) == (0, 3))
    let second = cachedLoad()
    #expect((cache.hits, cache.misses) == (3, 3), "nothing changed: every file from the cache")
    #expect(second.plan?.workAreas.map(\.title) == ["Area 1", "Area 2"])
    #expect(second.diagnostics.map(\.formatted) == first.diagnostics.map(\.formatted))
    #expect(second.diagnostics.contains { $0.location?.file == "wc.yaml" }, "a broken file's error comes back from the cache too")

    files["wb.yaml"] = area(2, "Second, edited.")
    let third = cachedLoad()
    #expect((cache.hits, cache.misses) == (5, 4), "only the edited file is parsed again")
    #expect(third.plan?.workAreas[1].rows.first?.what == "Second, edited.")
    let uncached = PlanLoader(source: MemoryContentSource(files)).load()
    #expect(third.plan?.workAreas.map(\.rows.first?.what) == uncached.plan?.workAreas.map(\.rows.first?.what))
    #expect(third.diagnostics.map(\.formatted) == uncached.diagnostics.map(\.formatted))

    // A file no longer named: its parse goes at the next sweep, the others stay.
    cache.sweep()
    #expect(cache.count == 3)
    files["site.yaml"] = files["site.yaml"]!.replacingOccurrences(of: "  - wc.yaml\n", with: "")
    _ = cachedLoad()
    cache.sweep()
    #expect(cache.count == 2)
}

/// The fuzzer's find: libyaml counts a lone carriage return as a line break, the lines kept for messages do not, so a
/// YAML error was reported past the last of them, and the look for a tab near it crashed.
@Test func aYAMLErrorPastTheLastLineKeptIsReportedNotACrash() {
    let returns = String(repeating: "\r", count: 20)
    for text in ["a: 1   # a comment\(returns) with returns\nb: [\n", "a: 1 # \(returns)\nb: c: d\n", "a: [\n\n\n"] {
        let file = YAMLFile(path: "site.yaml", sink: DiagnosticSink())
        #expect(file.root(text) == nil)
        #expect(file.sink.diagnostics.first?.formatted.hasPrefix("site.yaml:") == true, "\(file.sink.diagnostics.map(\.formatted))")
    }
}

/// An SVG that loads a file from another site (an image, a style sheet) reports each reader's visit there: refused at
/// the attribute or the style; a link (<a href>) to another site is followed only when clicked, and allowed.
@Test func svgFilesFromAnotherSiteAreRefusedAndLinksAllowed() {
    let site = minimalSite.replacingOccurrences(of: "work_areas:\n  - wa.yaml\n", with: "assets: a\n")
    let svg = #"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="9" height="9">"#
    let files = [
        "use.svg": svg + "\n<use\n  href=\"https://example.org/s.svg#x\"/></svg>",
        "image.svg": svg + "\n<image xlink:href=\"//cdn.example.org/p.png\" width=\"9\" height=\"9\"/></svg>",
        "import.svg": svg + "\n<style>@import \"HTTPS://example.org/t.css\";</style></svg>",
        "font.svg": svg + "\n<text style=\"font-family: x; src: url( 'http://example.org/f.woff2' )\">x</text></svg>",
        "link.svg": svg + "\n<a href=\"https://example.org/\"><text>Our partners</text></a></svg>",
    ]
    var all = ["site.yaml": site]
    for (name, text) in files { all["a/" + name] = text }
    let result = load(all)
    #expect(result.plan?.images.keys.sorted() == ["link.svg"])
    let fix = "; embed the file in the SVG (an image as data:image/png, text in a font the reader has), or save the image as PNG"
    #expect(result.diagnostics.map(\.formatted).sorted() == [
        "a/font.svg:2:1: error: the image 'a/font.svg' loads 'http://example.org/f.woff2' from another site, in the style of <text>" + fix,
        "a/image.svg:2:8: error: the image 'a/image.svg' loads '//cdn.example.org/p.png' from another site ('xlink:href' on <image>)" + fix,
        "a/import.svg:2:1: error: the image 'a/import.svg' loads 'HTTPS://example.org/t.css' from another site, in the style of <style>" + fix,
        "a/use.svg:3:3: error: the image 'a/use.svg' loads 'https://example.org/s.svg#x' from another site ('href' on <use>)" + fix,
    ])
}

/// A theme's own style sheet is checked as an SVG's styles are: no script address, nothing loaded from elsewhere.
@Test func aThemesStyleSheetMayLeadToNoScriptAndLoadNothingFromElsewhere() throws {
    #expect(StyleSheetCheck.problem("body { color: #000; background: url(img/bg.png) }") == nil)
    #expect(StyleSheetCheck.problem("a { background: url('jav\\61 script:x') }")?.message == "leads to a script: a 'javascript:' address")
    #expect(StyleSheetCheck.problem("/* x */ @import url(https://example.org/t.css);")?.token == "https://example.org/t.css")
}

/// A file of the assets folder that is not an image was left out of the site without a word.
@Test func aFileOfTheAssetsFolderThatIsNotAnImageIsAWarning() {
    let site = minimalSite.replacingOccurrences(of: "work_areas:\n  - wa.yaml\n", with: "assets: a\n")
    let png = String(decoding: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] as [UInt8], as: UTF8.self)
    let result = load(["site.yaml": site, "a/notes.html": "<p>x</p>", "a/c.svg": #"<svg xmlns="http://www.w3.org/2000/svg"/>"#,
                       "a/.DS_Store": "x", "a/old.png~": png])
    #expect(result.plan?.images.keys.sorted() == ["c.svg"])
    #expect(result.diagnostics.map(\.formatted) == [
        "a/notes.html:1:1: warning: 'a/notes.html' is not published: the assets folder holds the site's images (.gif, .jpeg, .jpg, .png, .svg, .webp), in it or in folders up to two levels down; remove it, or, if it is an image, save it in one of those formats",
    ])
}

/// A row of the observations CSV repeated exactly was dropped without a word.
@Test func aRepeatedObservationIsAWarningAtTheRepeat() {
    let site = minimalSite.replacingOccurrences(of: "work_areas:\n  - wa.yaml\n", with: "observations:\n  - o.csv\n")
    let measures = try! String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("content/demand-and-volumes.yaml"), encoding: .utf8)
    let csv = "measure,date,period,value,qualifier,source\nchild-protection-plans,2015-03-31,March 2015,995,,003:1354\nchild-protection-plans,2015-03-31,March 2015,995,,003:1354\n"
    let result = load(["site.yaml": site, "o.csv": csv, "o.yaml": measures])
    #expect(result.diagnostics.map(\.formatted).contains("o.csv:3:24: warning: measure 'child-protection-plans' has 2015-03-31 twice, with one value (first at line 2); this row is not read; remove one of the two rows"), "\(result.diagnostics.map(\.formatted))")
}

/// Files held in memory, where some may not be read: the errors a disk gives for them, to a user their permissions
/// refuse (the tests run as root, whom permissions do not stop).
struct RefusingSource: ContentSource {
    var files: MemoryContentSource
    /// Paths whose read (or list) throws `error`.
    var refused: [String: Error]
    func read(_ path: String) throws -> String? {
        if let error = refused[path] { throw error }
        return try files.read(path)
    }
    func list(_ folder: String) throws -> [String]? {
        if let error = refused[folder] { throw error }
        return try files.list(folder)
    }
}

/// A folder that may not be read was said not to exist ("the progress folder ... does not exist", at site.yaml); a
/// file, "cannot read the file: The operation could not be completed. You don't have permission." with no fix.
@Test func whatPermissionsRefuseIsSaidSoWithTheFix() throws {
    let folderFix = "let the user running plansite read it and open it: chmod a+rx 'content/progress' (a folder needs both r and x)"
    // What the disk source throws for a folder, and for a folder on the way to a file.
    #expect(ContentError.permissionDenied(path: "content/progress", folder: true).diagnostic(path: "content/progress", namedBy: SourceLocation(file: "site.yaml", line: 9, column: 11)).formatted
            == "content/progress:1:1: error: the folder 'content/progress' cannot be read: permission denied; \(folderFix)")
    #expect(ContentError.permissionDenied(path: "content/progress", folder: true).diagnostic(path: "content/progress/2016-01.yaml", namedBy: nil).formatted
            == "content/progress:1:1: error: the folder 'content/progress' (on the way to 'content/progress/2016-01.yaml') cannot be read: permission denied; \(folderFix)")
    // Foundation's and the system's ways of saying it; nothing else is taken for it.
    for error: Error in [CocoaError(.fileReadNoPermission), POSIXError(.EACCES), POSIXError(.EPERM),
                         NSError(domain: NSCocoaErrorDomain, code: 0, userInfo: [NSUnderlyingErrorKey: POSIXError(.EACCES) as NSError])] {
        #expect(ContentError.unreadable(error, path: "a.yaml", folder: false) == .permissionDenied(path: "a.yaml", folder: false), "\(error)")
    }
    #expect(ContentError.unreadable(CocoaError(.fileReadCorruptFile), path: "a.yaml", folder: false) == nil)
    #expect(ContentError.unreadable(POSIXError(.EIO), path: "a.yaml", folder: false) == nil)
    // Through the loader: a progress report and a folder of documents that may not be read, each at itself.
    let site = minimalSite + "progress: content/progress\ndocuments: content/documents\n"
    let files = MemoryContentSource(["site.yaml": site, "wa.yaml": "number: 1\ntitle: Leadership\n",
                                     "content/progress/2016-01.yaml": "title: x\n", "content/documents/plan.yaml": "id: plan\n"])
    let source = RefusingSource(files: files, refused: ["content/progress/2016-01.yaml": CocoaError(.fileReadNoPermission),
                                                        "content/documents": CocoaError(.fileReadNoPermission)])
    let loaded = PlanLoader(source: source).load()
    #expect(loaded.diagnostics.filter { $0.code == "permission-denied" }.map(\.formatted) == [
        "content/progress/2016-01.yaml:1:1: error: the file 'content/progress/2016-01.yaml' cannot be read: permission denied; let the user running plansite read it: chmod a+r 'content/progress/2016-01.yaml'",
        "content/documents:1:1: error: the folder 'content/documents' cannot be read: permission denied; let the user running plansite read it and open it: chmod a+rx 'content/documents' (a folder needs both r and x)",
    ])
    #expect(!loaded.diagnostics.contains { $0.code == "io" || $0.code == "missing-file" })
}

/// On disk, a folder the user may not read is not one that is missing (run as root, the permissions stop nothing:
/// then the folder is simply read).
@Test func aFolderOnDiskThatMayNotBeReadIsNotCalledMissing() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("plansite-permissions-\(UUID().uuidString)")
    let folder = root.appendingPathComponent("content/progress")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path); try? FileManager.default.removeItem(at: root) }
    try "title: x\n".write(to: folder.appendingPathComponent("2016-01.yaml"), atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: folder.path)
    let source = DiskContentSource(root: root)
    if getuid() == 0 {
        #expect(try source.list("content/progress") == ["2016-01.yaml"])
    } else {
        #expect(throws: ContentError.permissionDenied(path: "content/progress", folder: true)) { try source.list("content/progress") }
        #expect(throws: ContentError.permissionDenied(path: "content/progress", folder: true)) { try source.read("content/progress/2016-01.yaml") }
    }
}
