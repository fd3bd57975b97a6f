// What readers and editors tripped on (issue 13): the public site speaks as the council, not as
// the transcriber; the build report stays out of the published folder; placements, coverage and
// timeframe notes say what is true; abbreviations defined in the text and glossary terms with two
// meanings are accepted; dropped raw HTML is reported where it is.

import Foundation
import Scratch
import PlanBuild
import PlanModel
import Testing

/// Words of the people who made the edition, not of the council speaking to its readers.
let transcriberWords = ["extraction", "ocr", "transcri", "in the source"]

@Test func publicPagesOfTheRealPlanSpeakAsTheCouncil() throws {
    let output = Scratch.folder("plansite-voice")
    let result = Fixture.build(Fixture.repository, output: output)
    #expect(result.exitCode == 0, "\(result.diagnostics.errors.map(\.formatted))")
    let files = snapshot(output)
    var found: [String] = []
    for (path, data) in files.sorted(by: { $0.key < $1.key }) where path.hasSuffix(".html") || path.hasSuffix(".txt") {
        guard path != "about-this-edition.html" else { continue }
        let text = String(decoding: data, as: UTF8.self).lowercased()
        for word in transcriberWords where text.range(of: word == "ocr" ? #"\bocr\b"# : word, options: .regularExpression) != nil {
            found.append("\(path): \(word)")
        }
    }
    #expect(found.isEmpty, "\(found.prefix(20))")
    // Every action page says plainly that no timeframe is given; the About page is linked from every footer and the statement.
    let action = String(decoding: try #require(files["actions/1.1.html"]), as: UTF8.self)
    #expect(action.contains(#"<dt>Timeframe</dt><dd><span class="not-given">Not given</span></dd>"#))
    #expect(action.contains(#"<a href="../about-this-edition.html">About this edition</a>"#))
    let statement = String(decoding: try #require(files["accessibility.html"]), as: UTF8.self)
    #expect(statement.contains(#"<a href="about-this-edition.html">About this edition</a> says how"#))
    #expect(files["about-this-edition.html"] != nil)
    // Transcribers' notes on register items are read but never published.
    let register = String(decoding: try #require(files["annex-2.html"] ?? files["registers/ofsted-2015.html"]), as: UTF8.self)
    #expect(!register.contains("given as the source has it"))
}

@Test func theBuildReportIsWrittenBesideTheOutputNotInIt() throws {
    let root = try Fixture.copy()
    try edit(root, "content/pages/intro.md") { $0 + "\nThe IRM is new.\n" }   // one warning for the report
    let output = root.appendingPathComponent("output")
    let result = Fixture.build(root)
    #expect(result.exitCode == 0)
    #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("report.html").path))
    let reportFile = root.appendingPathComponent("output.report.html")
    #expect(result.reportFile?.path == reportFile.path)
    let html = try String(contentsOf: reportFile, encoding: .utf8)
    #expect(html.contains("content/pages/intro.md:") && html.contains("IRM"))
    #expect(result.report?.warningCount == 1)
    #expect(result.report?.text.contains("content/pages/intro.md:14:5: warning: the abbreviation IRM") == true, "\(result.report?.text ?? "")")
    // check (and serve) get the report without writing anything.
    let checked = Fixture.build(root, write: false)
    #expect(checked.report?.html.contains("IRM") == true && checked.reportFile == nil)
    // No page of the site links to a report.
    #expect(!snapshot(output).contains { $0.key.hasSuffix(".html") && String(decoding: $0.value, as: UTF8.self).contains("report.html") })
}

@Test func aPlacementShowsItsOwnWorkAreasGroupOrNone() throws {
    let root = try Fixture.copy()
    #expect(Fixture.build(root).exitCode == 0)
    // 1.2 sits under "Leadership" in work area 1; its repeat 2.2 in work area 2, which has no sub-headings.
    let original = page(root, "actions/1.2.html")
    #expect(original.contains(#"<a href="../actions/2.2.html">2.2</a> in <a href="../work-areas/2.html">Work area 2: Culture and practice</a></li>"#), "\(original)")
    #expect(original.contains(#"Work area 1: Leadership</a>, under “Leadership”</li>"#))
    let repeated = page(root, "actions/2.2.html")
    #expect(repeated.contains(#"<dt>Work area</dt><dd><a href="../work-areas/2.html">Work area 2: Culture and practice</a></dd>"#))
}

@Test func coverageIsPerRegisterAndShowsActionsInTheirWorkAreasColumn() throws {
    let root = try Fixture.copy()
    // A second register that only work area 1 cites, a third that nobody cites, and an action of work area 2
    // citing recommendation 4 itself.
    try put(root, "content/second.yaml", "id: second\ntitle: Second report\nissuer: Ofsted\nitems:\n  - number: \"1\"\n    text: Do better.\n")
    try put(root, "content/third.yaml", "id: third\ntitle: Third report\nissuer: Ofsted\nitems:\n  - number: \"1\"\n    text: Do more.\n")
    try edit(root, "site.yaml") { $0.replacingOccurrences(of: "  - content/recommendations.yaml\n", with: "  - content/recommendations.yaml\n  - content/second.yaml\n  - content/third.yaml\n") }
    try edit(root, "content/work-areas/1.yaml") { $0.replacingOccurrences(of: "  ofsted-2015: \"1-2\"\n", with: "  ofsted-2015: \"1-2\"\n  second: \"1\"\n") }
    try edit(root, "content/work-areas/2.yaml") {
        $0.replacingOccurrences(of: "        lead: [Principal Social Worker]\n", with: "        lead: [Principal Social Worker]\n        addresses: {ofsted-2015: \"4\"}\n")
    }
    #expect(Fixture.build(root).exitCode == 0)
    let coverage = page(root, "coverage/ofsted-2015.html")
    #expect(coverage.contains(#"<td class="cell-action">Through <a href="../actions/2.1.html">action 2.1</a></td>"#), "\(coverage)")
    #expect(!coverage.contains("id=\"citing-nothing\""), "every work area cites a recommendation of this register")
    // The second register: work area 2 cites none of its items (though it cites the first register's).
    let second = page(root, "coverage/second.html")
    #expect(second.contains(#"<h2 id="citing-nothing">Work areas that cite no recommendation</h2>"#))
    #expect(second.contains("Work area 2: Culture and practice</a></li>") && !second.contains("Work area 1: Leadership</a></li>"), "\(second)")
    // The third: nobody cites it, which the page says once, without listing every work area.
    let third = page(root, "coverage/third.html")
    #expect(third.contains("No mapping has been published: no work area or action of this plan cites this register"))
    #expect(!third.contains("Work areas that cite no"))
}

@Test func theTimeframeNoteCountsEveryRowWithoutOne() throws {
    let root = try Fixture.copy()
    #expect(Fixture.build(root).exitCode == 0)
    // Work area 1: one of three rows has a timeframe.
    #expect(page(root, "work-areas/1.html").contains("No timeframe is given for 2 of these 3 key actions"))
    #expect(page(root, "work-areas/2.html").contains("No timeframe is given for any of these 2 key actions."))
    try edit(root, "content/work-areas/1.yaml") { $0.replacingOccurrences(of: "        lead: [Head of Communications]\n", with: "        lead: [Head of Communications]\n        timeframe: [Q1 16/17]\n") }
    try edit(root, "content/work-areas/1.yaml") { $0.replacingOccurrences(of: "          - Deputy Director of Children, Schools and Families\n", with: "          - Deputy Director of Children, Schools and Families\n        timeframe: [Q1 16/17]\n") }
    #expect(Fixture.build(root).exitCode == 0)
    #expect(!page(root, "work-areas/1.html").contains("No timeframe is given"))
}

@Test func theHomeTitleAndTheGlossaryUsesSayThingsOnce() throws {
    let root = try Fixture.copy()
    #expect(Fixture.build(root).exitCode == 0)
    #expect(page(root, "index.html").contains("<title>Test improvement plan – Test Council</title>"))
    #expect(page(root, "intro.html").contains("<title>Introduction – Test improvement plan – Test Council</title>"))
    let glossary = page(root, "glossary.html")
    #expect(glossary.contains("Used in: "))
    #expect(!glossary.contains("</a>; </p>"), "no separator after the last place")
}

@Test func abbreviationsDefinedInTheTextNeedNoGlossaryEntry() throws {
    let root = try Fixture.copy()
    try edit(root, "content/pages/intro.md") {
        $0 + "\nWe met independent reviewing officers (IROs) and the CAMHS (child and adolescent mental health services) team; the IROs and CAMHS agreed. The IRM did not.\n"
    }
    let warnings = Fixture.build(root, write: false).diagnostics.warnings.filter { $0.code == "unknown-abbreviation" }.map(\.message)
    #expect(warnings == ["the abbreviation IRM is used but not in the glossary"], "\(warnings)")
}

@Test func oneAbbreviationMayHaveTwoMeaningsEachWithItsSense() throws {
    let root = try Fixture.copy()
    let two = """
          - term: Her Majesty's Inspector of Prisons
            abbreviation: HMIP
            sense: prisons
            description: Inspects prisons.
          - term: Her Majesty's Inspector of Probation
            abbreviation: HMIP
            sense: probation
            description: Inspects probation services.

        """
    try edit(root, "content/glossary.yaml") { $0 + two }
    try edit(root, "content/pages/intro.md") { $0 + "\nThe HMIP visited ([HMIP](term:HMIP)).\n" }
    let result = Fixture.build(root)
    #expect(result.exitCode == 0, "\(result.diagnostics.map(\.formatted))")
    let glossary = page(root, "glossary.html")
    #expect(glossary.contains(#"<dt id="term-hmip-prisons">Her Majesty&#39;s Inspector of Prisons"#) || glossary.contains(#"<dt id="term-hmip-prisons">Her Majesty's Inspector of Prisons"#), "\(glossary)")
    #expect(glossary.contains(#"<dt id="term-hmip-probation">"#))
    let intro = page(root, "intro.html")
    #expect(intro.contains("Inspector of Prisons or Her Majesty"), "the abbreviation gives both meanings")
    #expect(intro.contains("glossary.html#term-hmip-prisons"))
    // Without a sense, the second entry is still a located error that says how to give two meanings.
    try edit(root, "content/glossary.yaml") { $0.replacingOccurrences(of: "    sense: probation\n", with: "") }
    let found = errors(root)
    #expect(found.contains { $0.contains("error: the glossary defines 'HMIP' twice") && $0.contains("give each entry its own 'sense:'") }, "\(found)")
}

@Test func rawHTMLDroppedFromMarkdownIsAWarningWhereItIs() throws {
    let root = try Fixture.copy()
    try edit(root, "content/pages/intro.md") { $0 + "\n<div class=\"box\">Boxed</div>\n\nSome <b>bold</b> text. <!-- a comment is fine -->\n" }
    let warnings = Fixture.build(root, write: false).diagnostics.warnings.filter { $0.code == "raw-html" }.map(\.formatted)
    #expect(warnings.count == 2, "\(warnings)")
    #expect(warnings.first == "content/pages/intro.md:14:1: warning: this raw HTML is left out of the site (raw HTML is not allowed); write it in markdown, or set 'raw_html: true' in site.yaml to let raw HTML through")
    #expect(warnings.last?.hasPrefix("content/pages/intro.md:16:6: warning:") == true, "\(warnings)")
    try edit(root, "site.yaml") { $0 + "raw_html: true\n" }
    #expect(Fixture.build(root, write: false).diagnostics.warnings.filter { $0.code == "raw-html" }.isEmpty)
}
