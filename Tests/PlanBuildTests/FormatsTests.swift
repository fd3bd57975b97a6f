// Tests of the alternative formats built beside the site: the one-page and
// large-print editions, the plain-text edition, the EPUB, and the
// accessibility statement filled from the build's checks.

import Foundation
import PlanBuild
import Testing

@Test func editionsHoldEveryPageWithWorkingInternalLinks() throws {
    let root = try Fixture.copy()
    #expect(Fixture.build(root).exitCode == 0)
    let onePage = page(root, "plan.html")
    // Every page of the reading order is a section; links between pages become links inside the edition.
    for title in ["Introduction", "A child page", "Work area 1: Leadership", "Work area 2: Culture and practice", "Scorecard", "Glossary"] {
        #expect(onePage.contains(">\(title)</h2>"), "missing section \(title)")
    }
    #expect(onePage.contains("<a href=\"#p-recommendations--ofsted-2015-2\">recommendation 2</a>"))
    #expect(onePage.contains("<a href=\"#s-work-areas-1--action-1.2\">action 1.2</a>"), "actions link to their row")
    #expect(onePage.contains("<h3 id=\"p-intro--our-promise\">"), "headings move down a level, ids are prefixed")
    #expect(onePage.components(separatedBy: "<h1").count == 2)
    let large = page(root, "large-print.html")
    #expect(large.contains("<body class=\"edition large-print\">"))
    #expect(large.contains("assets/large-print.css"))
    #expect(brokenLinks(in: root.appendingPathComponent("output")) == [])
}

@Test func plainTextEditionReadsTablesRowByRow() throws {
    let root = try Fixture.copy()
    #expect(Fixture.build(root).exitCode == 0)
    let text = page(root, "plan.txt")
    #expect(text.hasPrefix("Test improvement plan\n=====================\n"))
    #expect(!text.contains("<"), "no markup")
    #expect(text.contains("- Ref 1.1; What: Complete a shaping leaders exercise.; Lead: Director of Children's Services; Timeframe: Q3 15/16, Q4 15/16"))
    #expect(text.contains("- Number: 1; Measure: Number of open cases; Oct 2014: 1,700; July 2015: 2,444; National benchmark: Not available"))
    #expect(text.contains("Table: Key actions for work area 1: Leadership"))
    let order = ["Introduction", "A child page", "Part 2: Work areas", "Work area 1: Leadership"].map { text.range(of: "\n\($0)\n=")?.lowerBound }
    #expect(order.allSatisfy { $0 != nil } && order.map { $0! } == order.map { $0! }.sorted(), "sections in reading order")
}

@Test func epubIsAValidContainerWithAccessibilityMetadata() throws {
    let root = try Fixture.copy()
    #expect(Fixture.build(root).exitCode == 0)
    let epub = try Data(contentsOf: root.appendingPathComponent("output/plan.epub"))
    // The first entry is the uncompressed mimetype, as the EPUB container requires.
    #expect(epub.prefix(4) == Data([0x50, 0x4B, 0x03, 0x04]))
    #expect(String(decoding: epub[30..<38], as: UTF8.self) == "mimetype")
    #expect(String(decoding: epub[38..<58], as: UTF8.self) == "application/epub+zip")
    let unzip = Process()
    let folder = root.deletingLastPathComponent().appendingPathComponent("epub")
    unzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    unzip.arguments = ["python3", "-c", "import zipfile,sys; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])", root.appendingPathComponent("output/plan.epub").path, folder.path]
    try unzip.run()
    unzip.waitUntilExit()
    let opf = try String(contentsOf: folder.appendingPathComponent("EPUB/package.opf"), encoding: .utf8)
    for property in ["schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityFeature", "schema:accessibilityHazard", "schema:accessibilitySummary"] {
        #expect(opf.contains("<meta property=\"\(property)\">"), "missing \(property)")
    }
    #expect(opf.contains("<meta property=\"dcterms:modified\">2016-01-26T12:00:00Z</meta>"), "dates come from the release, not the clock")
    let nav = try String(contentsOf: folder.appendingPathComponent("EPUB/nav.xhtml"), encoding: .utf8)
    #expect(nav.contains("epub:type=\"toc\""))
    #expect(nav.contains("<a href=\"s-work-areas-1.xhtml\">Work area 1: Leadership</a>"))
}

@Test func statementReportsTheBuildsOwnChecksAndTheRecordedOnes() throws {
    let root = try Fixture.copy()
    let checks = """
    {"axe_tags": ["wcag2a", "wcag22aa"], "counts": {"axe_violations": 0, "reflow_failures": 0, "vnu_errors": 0, "epub_errors": 0, "epub_fatals": 0, "epub_warnings": 0},
     "epubs_checked": 1, "pages_checked": 20, "tools": {"axe-core": "4.12.1", "chromium": "156", "epubcheck": "4.2.6", "vnu": "26.01.03"}, "widths": [1280, 320]}
    """
    try checks.write(to: root.appendingPathComponent("content/checks.json"), atomically: true, encoding: .utf8)
    let site = root.appendingPathComponent("site.yaml")
    try (try String(contentsOf: site, encoding: .utf8) + "accessibility_checks: content/checks.json\n").write(to: site, atomically: true, encoding: .utf8)
    #expect(Fixture.build(root).exitCode == 0)
    let statement = page(root, "accessibility.html")
    #expect(statement.contains("published by Test Council"))
    #expect(statement.contains("<a href=\"mailto:plan@example.org\">plan@example.org</a>"))
    #expect(statement.contains("Problems found: 0."))
    #expect(statement.range(of: "it checked \\d+ pages: \\d+ links between pages", options: .regularExpression) != nil)
    #expect(statement.contains("<strong>axe-core 4.12.1</strong> in Chromium 156, at screen widths of 1280 and 320 CSS pixels, with the rules for wcag2a, wcag22aa: 20 pages checked, <strong>0 violations</strong>"))
    #expect(statement.contains("<strong>epubcheck 4.2.6</strong> on the EPUB edition: <strong>0 errors and 0 warnings</strong>"))
    #expect(statement.contains("id=\"enforcement-procedure\""))
}

@Test func aThemeThatBreaksLinksFailsTheBuildsOwnAudit() throws {
    let root = try Fixture.copy()
    let templates = root.appendingPathComponent("themes/default/templates")
    try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
    try "<div class=\"prose\">{{{html}}}</div>{{{block}}}<p><a href=\"nowhere.html\">broken</a></p>\n"
        .write(to: templates.appendingPathComponent("page.mustache"), atomically: true, encoding: .utf8)
    let result = Fixture.build(root)
    #expect(result.exitCode == 2)
    if case .failure(let message) = result.outcome {
        #expect(message.contains("intro.html: broken link 'nowhere.html'"))
    } else {
        Issue.record("expected a failure")
    }
    #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("output").path), "nothing written")
}
