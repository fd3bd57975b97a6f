// Regression tests for the problems a review of the code found: each broke
// the promise that bad input gives a located error and never a crash, a lost
// page or a lost folder.

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import PlanBuild
import PlanModel
import Testing

/// Writes `text` to `path` under the site root.
func put(_ root: URL, _ path: String, _ text: String) throws {
    let url = root.appendingPathComponent(path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try text.write(to: url, atomically: true, encoding: .utf8)
}

func edit(_ root: URL, _ path: String, _ change: (String) -> String) throws {
    let url = root.appendingPathComponent(path)
    try change(try String(contentsOf: url, encoding: .utf8)).write(to: url, atomically: true, encoding: .utf8)
}

func errors(_ root: URL) -> [String] { Fixture.build(root, write: false).diagnostics.errors.map(\.formatted) }

@Test func pagesCannotTakeTheNamesOfGeneratedFilesOrUnsafeNames() throws {
    let root = try Fixture.copy()
    try put(root, "content/pages/report.md", "---\ntitle: Our report\norder: 60\n---\nText.\n")
    try put(root, "content/pages/my page.md", "---\ntitle: Spaced\norder: 61\n---\nText.\n")
    try edit(root, "content/pages/glossary.md") { $0.replacingOccurrences(of: "show: glossary\n", with: "") }
    let found = errors(root)
    #expect(found.contains("content/pages/report.md:1:1: error: a page cannot be called 'report': the build writes report.html itself; rename the file, e.g. to report-page.md"))
    #expect(found.contains("content/pages/my page.md:1:1: error: 'my page' cannot be a page id: a page's id is its file name, which may hold only lower-case letters, digits, '-' and '_'; rename the file to my-page.md"))
    #expect(found.contains { $0.hasPrefix("content/pages/glossary.md:1:1: error: a page cannot be called 'glossary'") })
}

/// A page named like a file the build writes (search.html, data.html, and with documents or measures over time
/// timeline.html, easy-read.html, demand-and-volumes-over-time.html) passed `check`, and `build` failed with status 2
/// and no location ("cannot write output: the site has two files at search.html; check that its folder exists").
@Test func pagesCannotTakeTheNamesOfEveryGeneratedFile() throws {
    let root = try Fixture.copyRealPlan()
    for name in ["search", "data", "timeline", "easy-read", "demand-and-volumes-over-time"] {
        try put(root, "content/pages/\(name).md", "---\ntitle: Our \(name)\norder: 99\n---\nText.\n")
    }
    let found = Fixture.build(root).diagnostics.errors.map(\.formatted)
    #expect(found == ["data", "demand-and-volumes-over-time", "easy-read", "search", "timeline"].map {
        "content/pages/\($0).md:1:1: error: a page cannot be called '\($0)': the build writes \($0).html itself; rename the file, e.g. to \($0)-page.md"
    })
}

/// A month written twice in the schedule's 'months' was two columns of one name, and a note naming it began at the first.
@Test func aScheduleMonthWrittenTwiceIsAnErrorAtTheRepeat() throws {
    let root = try Fixture.copy()
    try edit(root, "content/schedule.yaml") { $0.replacingOccurrences(of: "Dec 2015]", with: "Dec 2015, Sept 2015]") }
    #expect(errors(root) == ["content/schedule.yaml:2:51: error: the month 'Sept 2015' is listed twice in 'months' (first at content/schedule.yaml:2:10); give each month once"])
}

/// A measure listed twice under the scorecard's 'measures' took the second polarity without a word; a group described
/// twice showed the first description only.
@Test func aScorecardMeasureOrGroupListedTwiceIsAnErrorAtTheRepeat() throws {
    let root = try Fixture.copy()
    try edit(root, "content/scorecard.yaml") { $0 + "measures:\n  - {number: \"1\", polarity: lower}\n  - {number: \"1\", polarity: higher}\n" }
    #expect(errors(root) == ["content/scorecard.yaml:9:14: error: measure 1 is listed twice (first at content/scorecard.yaml:8:14); state its polarity once"])
    // A group described twice: the first description was shown, the second dropped.
    let groups = try Fixture.copy()
    try edit(groups, "content/scorecard.yaml") { $0 + "  - name: Children in need\n    outcome: Again.\n" }
    #expect(errors(groups) == ["content/scorecard.yaml:7:11: error: group 'Children in need' is listed twice (first at content/scorecard.yaml:2:11); describe each group once"])
}

@Test func hugeItemNumbersAndRangesDoNotCrash() throws {
    let root = try Fixture.copy()
    try edit(root, "content/recommendations.yaml") { $0.replacingOccurrences(of: "number: \"4\"", with: "number: \"9223372036854775807\"") }
    try edit(root, "content/work-areas/2.yaml") { $0.replacingOccurrences(of: "\"2 and 3\"", with: "\"2 and 3, 1-9223372036854775807\"") }
    let result = Fixture.build(root, write: false)
    #expect(result.exitCode == 1)
    #expect(result.diagnostics.errors.map(\.message).contains("'1-9223372036854775807' spans more recommendations than a register holds (at most 1000 in one range)"))
}

@Test func aTopLevelHeadingInAPageIsALocatedError() throws {
    let root = try Fixture.copy()
    try edit(root, "content/pages/child.md") { $0.replacingOccurrences(of: "Child text with a table:", with: "# A top heading\n\nChild text with a table:") }
    #expect(errors(root) == ["content/pages/child.md:6:1: error: the heading 'A top heading' is a top-level heading (#): a page's title is already its one top-level heading; start the page's headings at ## (and use ### below them)"])
}

@Test func imagesWithoutAnAssetsFolderAreRefusedAndExternalLinksOfAnyCaseAreKept() throws {
    let root = try Fixture.copy()
    try edit(root, "content/pages/child.md") { $0 + "\n![Chart](chart.png) [files](ftp://example.org/x) [site](HTTPS://example.org/)\n" }
    #expect(errors(root) == ["content/pages/child.md:14:1: error: the image 'chart.png' is not part of the site: images come from the assets folder, and site.yaml names none; add 'assets: content/assets' to site.yaml and put the image there, or describe the figure in text or a table"])
    try edit(root, "content/pages/child.md") { $0.replacingOccurrences(of: "![Chart](chart.png) ", with: "") }
    let out = root.appendingPathComponent("output")
    #expect(Fixture.build(root).exitCode == 0)
    #expect(page(root, "child.html").contains("<a href=\"ftp://example.org/x\">files</a>"))
    #expect(page(root, "plan.html").contains("<a href=\"HTTPS://example.org/\">site</a>"))
    #expect(brokenLinks(in: out) == [])
}

@Test func theOutputFolderNeverReplacesTheSiteOrSomeoneElsesFiles() throws {
    let root = try Fixture.copy()
    let intoRoot = Fixture.build(root, output: root)
    #expect(intoRoot.exitCode == 2)
    #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("site.yaml").path))
    let content = Fixture.build(root, output: root.appendingPathComponent("content"))
    #expect(content.exitCode == 2)
    #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("content/glossary.yaml").path))
    let theirs = root.deletingLastPathComponent().appendingPathComponent("theirs")
    try put(theirs, "notes.txt", "mine")
    #expect(Fixture.build(root, output: theirs).exitCode == 2)
    #expect(FileManager.default.fileExists(atPath: theirs.appendingPathComponent("notes.txt").path))
    // A build's own folder is replaced as usual, and carries the marker.
    #expect(Fixture.build(root).exitCode == 0)
    #expect(Fixture.build(root).exitCode == 0)
    #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("output/.plansite-output").path))
}

@Test func aSymlinkedOutputFolderIsUpdatedWhereItPoints() throws {
    let root = try Fixture.copy()
    let real = root.deletingLastPathComponent().appendingPathComponent("www")
    try FileManager.default.createDirectory(at: real, withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("output"), withDestinationURL: real)
    #expect(Fixture.build(root).exitCode == 0)
    #expect(FileManager.default.fileExists(atPath: real.appendingPathComponent("index.html").path))
    let attributes = try FileManager.default.attributesOfItem(atPath: root.appendingPathComponent("output").path)
    #expect(attributes[.type] as? FileAttributeType == .typeSymbolicLink, "the link itself stays")
}

@Test func coverageCountsARepeatedActionOnceAndSubPointsInPart() throws {
    let root = try Fixture.copy()
    try edit(root, "content/work-areas/1.yaml") { $0.replacingOccurrences(of: "        what: Establish a community of practice.\n", with: "        what: Establish a community of practice.\n        addresses:\n          ofsted-2015: \"4\"\n") }
    try edit(root, "content/work-areas/2.yaml") {
        $0.replacingOccurrences(of: "ofsted-2015: \"2 and 3\"", with: "ofsted-2015: \"2 and 3b\"")
          .replacingOccurrences(of: "        what: Establish a community of practice (also 1.2).\n", with: "        what: Establish a community of practice (also 1.2).\n        addresses:\n          ofsted-2015: \"4\"\n")
    }
    let result = Fixture.build(root)
    #expect(result.exitCode == 0, "\(result.diagnostics.map(\.formatted))")
    let coverage = page(root, "coverage/ofsted-2015.html")
    #expect(coverage.contains("Addressed by 1 action: <a href=\"../actions/1.2.html\">action 1.2</a>"), "a repeat is the same action")
    #expect(coverage.contains("Addressed in part (through 3b)"))
    let register = page(root, "recommendations.html")
    #expect(register.contains("<span class=\"status status-yes\">Addressed in part</span> through <a href=\"#ofsted-2015-3b\">3b</a>"))
}

@Test func badSchedulesRegistersAndShowBlocksAreLocatedErrors() throws {
    let root = try Fixture.copy()
    try edit(root, "content/schedule.yaml") { $0 + "          - from: Nov 2015\n            text: Clashing note\n" }
    try edit(root, "content/recommendations.yaml") {
        $0.replacingOccurrences(of: "          - number: b\n            text: for staff.\n", with: "          - number: b\n            text: for staff.\n            items: []\n          - number: \"1\"\n            text: numbered\n")
    }
    let found = errors(root)
    #expect(found.contains("content/schedule.yaml:13:13: error: this note overlaps the note 'Dates to be confirmed' (Oct 2015 to Nov 2015) on the same row; give each month of a row at most one note"))
    #expect(found.contains("content/recommendations.yaml:26:13: error: unknown field 'items' in a sub-point; the fields are: number, text, short, note, editor_note, source"))
    #expect(found.contains("content/recommendations.yaml:27:21: error: sub-point '1' must be lettered (a, b, c ...); sub-points are cited as paragraph and letter, e.g. 10c"))
    // Linking runs once the files load: a second site for the show block.
    let second = try Fixture.copy()
    try edit(second, "content/pages/child.md") { $0.replacingOccurrences(of: "parent: intro\n", with: "parent: intro\nshow: register:ofsted-2051\n") }
    #expect(errors(second) == ["content/pages/child.md:5:7: error: 'show: register:ofsted-2051' names no register; did you mean ofsted-2015?"])
}

@Test func alsoFollowedByWordsIsNotARepeat() throws {
    let root = try Fixture.copy()
    try edit(root, "content/work-areas/2.yaml") { $0.replacingOccurrences(of: "Develop practice standards.", with: "Develop practice standards (also known as the framework).") }
    #expect(errors(root) == [])
}

@Test func footnotesGiveWellFormedEPUBAndDeepPagesAreInTheContents() throws {
    let root = try Fixture.copy()
    try edit(root, "content/pages/child.md") { $0 + "\nA claim.[^1]\n\n[^1]: Its source.\n" }
    try put(root, "content/pages/grandchild.md", "---\ntitle: A grandchild page\norder: 1\nparent: child\n---\nText.\n")
    try put(root, "content/pages/great-grandchild.md", "---\ntitle: A great-grandchild page\norder: 1\nparent: grandchild\n---\nText.\n")
    #expect(Fixture.build(root).exitCode == 0)
    #expect(page(root, "index.html").contains("<a href=\"great-grandchild.html\">A great-grandchild page</a>"))
    #expect(page(root, "plan.html").contains("<a href=\"#p-great-grandchild\">A great-grandchild page</a>"))
    let folder = try extractEPUB(root, into: "epub")
    let documents = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("EPUB").path).filter { $0.hasSuffix(".xhtml") }
    #expect(documents.count > 10)
    for name in documents {
        let parser = XMLParser(contentsOf: folder.appendingPathComponent("EPUB/\(name)"))!
        #expect(parser.parse(), "\(name) is not well-formed XML: \(String(describing: parser.parserError))")
    }
    let child = try String(contentsOf: folder.appendingPathComponent("EPUB/p-child.xhtml"), encoding: .utf8)
    #expect(child.contains("data-footnotes=\"\""))
}

@Test func languageAndCSVLinesAreChecked() throws {
    let root = try Fixture.copy()
    try edit(root, "site.yaml") { $0.replacingOccurrences(of: "organisation: Test Council\n", with: "organisation: Test Council\nlanguage: English (UK)\n") }
    try edit(root, "content/scorecard.csv") { $0.replacingOccurrences(of: "Children in need,2,", with: "\nChildren in need,2,").replacingOccurrences(of: ",64% (13/14),", with: ",64% (13/14),extra,") }
    let found = errors(root)
    #expect(found.contains("site.yaml:3:11: error: 'English (UK)' is not a language tag; write a BCP 47 tag such as en-GB or cy"))
    #expect(found.contains("content/scorecard.csv:5:79: error: this row has 7 cells but the header has 6; quote any cell that contains a comma, e.g. \"1,700\""))
}

@Test func themeErrorsNameTheFileAndLine() throws {
    let root = try Fixture.copy()
    try edit(root, "site.yaml") { $0 + "theme: fancy\n" }
    let unknown = Fixture.build(root)
    #expect(unknown.exitCode == 1)
    #expect(unknown.diagnostics.errors.map(\.formatted) == ["site.yaml:18:8: error: there is no theme 'fancy': no folder themes/fancy; use 'theme: default', or create themes/fancy/templates with the templates it overrides"])
    try edit(root, "site.yaml") { $0.replacingOccurrences(of: "theme: fancy\n", with: "") }
    try put(root, "themes/default/templates/page.mustache", "x\n{{#a}}\n")
    let broken = Fixture.build(root)
    #expect(broken.exitCode == 1)
    #expect(broken.diagnostics.errors.map(\.formatted) == ["themes/default/templates/page.mustache:2:1: error: the section 'a' opened here is never closed; add {{/a}} where the section ends"])
}

/// A site's templates are checked before anything renders, each mistake at its tag; nothing is written.
@Test func aThemesTemplateMistakesAreLocatedAtTheTag() throws {
    let root = try Fixture.copy()
    let page = try String(contentsOf: Fixture.repository.appendingPathComponent("Sources/PlanRendering/Theme/templates/page.mustache"), encoding: .utf8)
    let cases: [(String, String, String)] = [
        // A template that includes itself outside any section would never end (it crashed the build).
        ("{{> page}}\n", "page", "themes/default/templates/page.mustache:1:1: error: this partial includes 'page' in itself ('page' → 'page') outside any section, so rendering it would never end; remove it, or put it inside a section over something that ends (as contents-list includes itself inside {{#children}})"),
        // A template of the site's own, included by one: neither a cycle nor an unused file.
        (page + "{{> site-note}}\n", "page", ""),
        // A misspelt partial would include nothing: the page would lose what it held without a word.
        (page.replacingOccurrences(of: "{{{html}}}", with: "{{> contents-lst}}"), "page", "themes/default/templates/page.mustache:2:1: error: there is no template 'contents-lst' for this partial to include, so it would include nothing; did you mean contents-list?"),
        (page + "{{#a}}\n{{#b}}\n{{/a}}\n", "page", "themes/default/templates/page.mustache:15:1: error: this {{/a}} closes 'a', but the section open here is 'b' (opened at line 14, column 1); close 'b' first with {{/b}}, or correct the name"),
        ("<h1>{{{title}</h1>\n", "page", "themes/default/templates/page.mustache:1:5: error: this tag is never closed with }}}; end the tag with }}}"),
        ("x {{ }} y\n", "page", "themes/default/templates/page.mustache:1:3: error: this tag names nothing, so it renders nothing; write the name of a field between the braces, or remove the tag"),
        ("{{/a}}\n", "page", "themes/default/templates/page.mustache:1:1: error: this {{/a}} closes a section that was never opened; remove it, or open the section with {{#a}} before it"),
        ("{{{}}} {{#}}x{{/}}\n", "page", "themes/default/templates/page.mustache:1:1: error: this tag names nothing, so it renders nothing; write the name of a field between the braces, or remove the tag"),
        // What only swift-mustache renders has no guard against endless inclusion (a set-delimiter tag hid a
        // self-inclusion from the check, and the fallback renderer crashed): refused at the tag.
        (page + "{{=<% %>=}}\n<%> page%>\n", "page", "themes/default/templates/page.mustache:13:1: error: this tag uses a set-delimiter tag, which plansite's templates do not support; use only {{name}}, {{{name}}}, {{#section}}…{{/section}}, {{^inverted}}…{{/inverted}}, {{> partial}} and {{! comments}}; shape the text in the view, not the template"),
        (page + "{{^no}}{{> page}}{{/no}}{{uppercased(html)}}\n", "page", "themes/default/templates/page.mustache:13:25: error: this tag uses a transform (uppercased(html)), which plansite's templates do not support; use only {{name}}, {{{name}}}, {{#section}}…{{/section}}, {{^inverted}}…{{/inverted}}, {{> partial}} and {{! comments}}; shape the text in the view, not the template"),
    ]
    try put(root, "themes/default/templates/site-note.mustache", "<p>A note of the site's own.</p>\n")
    for (text, name, expected) in cases {
        try put(root, "themes/default/templates/\(name).mustache", text)
        let result = Fixture.build(root)
        if expected.isEmpty {
            #expect(result.exitCode == 0, "\(result.diagnostics.errors.map(\.formatted)) \(result.outcome)")
            #expect(!result.diagnostics.map(\.formatted).joined().contains("site-note"))
            try? FileManager.default.removeItem(at: root.appendingPathComponent("output"))
            continue
        }
        #expect(result.exitCode == 1, "\(text)")
        #expect(result.diagnostics.errors.map(\.formatted) == [expected])
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("output").path))
    }
    // A cycle through two templates is found from either.
    try put(root, "themes/default/templates/page.mustache", page + "{{> glossary}}\n")
    let glossary = try String(contentsOf: Fixture.repository.appendingPathComponent("Sources/PlanRendering/Theme/templates/glossary.mustache"), encoding: .utf8)
    try put(root, "themes/default/templates/glossary.mustache", "{{> page}}\n" + glossary)
    let cycle = Fixture.build(root).diagnostics.errors.map(\.formatted)
    #expect(cycle.contains("themes/default/templates/glossary.mustache:1:1: error: this partial includes 'glossary' in itself ('glossary' → 'page' → 'glossary') outside any section, so rendering it would never end; remove it, or put it inside a section over something that ends (as contents-list includes itself inside {{#children}})"), "\(cycle)")
    #expect(cycle.count == 2, "\(cycle)")
    try FileManager.default.removeItem(at: root.appendingPathComponent("themes/default/templates/glossary.mustache"))

    // Inside a section the partial may end (contents-list over a tree); over a value that never ends it is stopped,
    // at the tag, and the build fails rather than crash.
    try put(root, "themes/default/templates/page.mustache", page + "{{#html}}{{> page}}{{/html}}\n")
    let endless = Fixture.build(root)
    #expect(endless.exitCode == 1)
    #expect(endless.diagnostics.errors.map(\.formatted) == ["themes/default/templates/page.mustache:13:10: error: the partial 'page' includes itself more than 64 deep while the site renders, so it was stopped; include a template in itself only inside a section over something that ends (as contents-list includes itself inside {{#children}})"])
    #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("output").path))

    // An empty template would empty every page it makes.
    try put(root, "themes/default/templates/page.mustache", "\n")
    #expect(Fixture.build(root).diagnostics.errors.map(\.formatted) == ["themes/default/templates/page.mustache:1:1: error: this template is empty, so what the default theme's 'page' makes would be empty; copy the default theme's page.mustache and change what you need, or remove this file to use the default"])
    // One that breaks the build's own checks of the pages is named by them.
    try put(root, "themes/default/templates/page.mustache", "<h1>Again</h1>\n" + page)
    let checked = Fixture.build(root)
    #expect(checked.exitCode == 2)
    if case .failure(let message) = checked.outcome {
        #expect(message.hasPrefix("the rendered site fails its own checks (") && message.contains("the site's own templates make these pages: check themes/default/templates/page.mustache, themes/default/templates/site-note.mustache"), "\(message)")
    } else {
        Issue.record("\(checked.outcome)")
    }

    // A folder where a template is read is an error at it (it was Foundation's error dump, twice); a template of
    // another ending is not read, and said to be.
    try FileManager.default.removeItem(at: root.appendingPathComponent("themes/default/templates/page.mustache"))
    try FileManager.default.createDirectory(at: root.appendingPathComponent("themes/default/templates/page.mustache"), withIntermediateDirectories: true)
    try put(root, "themes/default/templates/glossary.Mustache", "{{#x}}\n")
    let folder = Fixture.build(root)
    #expect(folder.exitCode == 1)
    #expect(folder.diagnostics.errors.map(\.formatted) == ["themes/default/templates/page.mustache:1:1: error: 'themes/default/templates/page.mustache' is a folder, where a file is read; put the file itself at this path, or name the file in site.yaml"])
    try FileManager.default.removeItem(at: root.appendingPathComponent("themes/default/templates/page.mustache"))
    let other = Fixture.build(root, write: false)
    #expect(other.diagnostics.warnings.map(\.formatted).contains("themes/default/templates/glossary.Mustache:1:1: warning: 'themes/default/templates/glossary.Mustache' is not read: a theme's templates are the files in 'themes/default/templates' whose names end in '.mustache'; rename it to end in '.mustache' (in lower case), e.g. 'glossary.mustache', or move it out of the folder"))
    try FileManager.default.removeItem(at: root.appendingPathComponent("themes/default/templates/glossary.Mustache"))

    // A template file no page uses (a misspelt name) is a warning, with the name meant.
    try put(root, "themes/default/templates/page.mustache", page)
    try put(root, "themes/default/templates/glosary.mustache", glossary)
    let unused = Fixture.build(root)
    #expect(unused.exitCode == 0)
    #expect(unused.diagnostics.warnings.map(\.formatted).contains("themes/default/templates/glosary.mustache:1:1: warning: the theme has no template 'glosary' and no template includes it, so this file is never used; did you mean glossary? (a template overrides the default theme's by its name)"))
}

/// A table wider than cmark-gfm reads in good time (its time grows with the square of a row's cells: 20,000 columns
/// took 50 s) is refused before it is parsed, at the first separator past the limit; one at the limit is read.
@Test func aTableTooWideToParseInGoodTimeIsRefusedAtItsRow() throws {
    let root = try Fixture.copy()
    let intro = try String(contentsOf: root.appendingPathComponent("content/pages/intro.md"), encoding: .utf8)
    let lines = intro.split(separator: "\n", omittingEmptySubsequences: false).count - (intro.hasSuffix("\n") ? 1 : 0)
    func table(_ columns: Int) -> String {
        "\nTable: wide\n\n" + String(repeating: "|a", count: columns) + "|\n" + String(repeating: "|-", count: columns) + "|\n" + String(repeating: "|1\\|2", count: columns) + "|\n"
    }
    try put(root, "content/pages/intro.md", intro + table(199))
    #expect(Fixture.build(root, write: false).exitCode == 0, "a row of 200 separators, escaped ones besides, is read")
    // Pipes that are no table's (in fenced code, in a paragraph, after the blank line that ends a table) are text.
    let code = "\n```\n" + String(repeating: "|x", count: 500) + "\n```\n\nA paragraph " + String(repeating: "a | ", count: 300) + "\n"
    try put(root, "content/pages/intro.md", intro + code + table(2) + "\n" + String(repeating: "b | ", count: 300) + "\n")
    #expect(Fixture.build(root, write: false).exitCode == 0, "\(Fixture.build(root, write: false).diagnostics.errors.map(\.formatted))")
    try put(root, "content/pages/intro.md", intro + table(1_000))
    let wide = Fixture.build(root, write: false)
    #expect(wide.exitCode == 1)
    // The header row is the table's first line: line (lines + 4), and the 201st '|' is at column 401.
    #expect(wide.diagnostics.errors.map(\.formatted) == ["content/pages/intro.md:\(lines + 4):401: error: this line has 1001 '|' characters, a table row of more than 200 cells; at most 200 are allowed (reading a wider table takes a time that grows with the square of its width); split the table into narrower ones, or publish the data as a CSV file; write a '|' that is not a cell separator as '\\|'"])
}

/// An image on another site was published without alt text and past the assets-folder rule: it is an error at the
/// image, in a page and in a markdown field of YAML alike.
@Test func anImageOnAnotherSiteIsAnErrorAtTheImage() throws {
    let root = try Fixture.copy()
    let intro = try String(contentsOf: root.appendingPathComponent("content/pages/intro.md"), encoding: .utf8)
    try put(root, "content/pages/intro.md", intro + "\nSee ![](https://example.org/x.png) and ![A chart](//cdn.example.org/c.png).\n")
    let result = Fixture.build(root, write: false)
    #expect(result.exitCode == 1)
    let errors = result.diagnostics.errors.map(\.formatted)
    #expect(errors.count == 2, "\(errors)")
    #expect(errors.first?.hasPrefix("content/pages/intro.md:") == true && errors.first?.contains(": error: the image 'https://example.org/x.png' is on another site; a page shows only images of the site's own assets folder; add 'assets: content/assets' to site.yaml") == true, "\(errors)")
    #expect(errors.last?.contains("the image '//cdn.example.org/c.png' is on another site") == true, "\(errors)")
}

/// A date after today (a mistyped year) silently moved the whole site's "as at" to it: it is a warning at the date.
@Test func aDateAfterTodayIsAWarningAtTheDate() throws {
    let root = try Fixture.copyRealPlan()
    func warnings(today: ContentDate, asAt: String? = nil) -> [String] {
        var options = BuildOptions(root: root, strict: false, write: false, asAt: asAt)
        options.today = today
        return SiteBuilder(options: options).run().diagnostics.warnings.map(\.formatted).filter { $0.contains("after today") }
    }
    let today = ContentDate(year: 2026, month: 11, day: 25)
    #expect(warnings(today: today).isEmpty, "the real plan has no date after today")
    try edit(root, "content/demand-and-volumes.csv") { $0.replacingOccurrences(of: "child-protection-plans,2015-03-31", with: "child-protection-plans,2105-03-31") }
    try edit(root, "content/progress/2016-01-quality-assurance.yaml") { $0.replacingOccurrences(of: "\ndate: 2016-01-25", with: "\ndate: 2106-01-25") }
    #expect(warnings(today: today) == [
        "content/demand-and-volumes.csv:4:24: warning: the observation's date, 2105-03-31, is after today (2026-11-25), so the whole site will say it is as at 2105-03-31; check the year; to publish ahead of that date, build with --as-at",
        "content/progress/2016-01-quality-assurance.yaml:4:7: warning: the progress report's date, 2106-01-25, is after today (2026-11-25), so the whole site will say it is as at 2106-01-25; check the year; to publish ahead of that date, build with --as-at",
    ])
    #expect(warnings(today: ContentDate(year: 2106, month: 2, day: 1)).isEmpty, "by then they are past")
    #expect(warnings(today: today, asAt: "2016-06").isEmpty, "a site built as at a date it is given says nothing of later dates")
}

/// A tab where YAML wants spaces was reported on the line after it, in the parser's words, or as a field named "\tx":
/// it is an error at the tab that says so.
@Test func aTabInYAMLIndentationIsAnErrorAtTheTab() throws {
    let root = try Fixture.copy()
    let original = try String(contentsOf: root.appendingPathComponent("content/work-areas/1.yaml"), encoding: .utf8)
    try put(root, "content/work-areas/1.yaml", original.replacingOccurrences(of: "summary:\n  why: |", with: "summary:\n\twhy: |"))
    let broken = Fixture.build(root, write: false)
    #expect(broken.diagnostics.errors.map(\.formatted) == ["content/work-areas/1.yaml:6:1: error: a tab character here; YAML indents and separates with spaces only (the parser gave up at line 6); replace the tab with spaces"])
    try put(root, "content/work-areas/1.yaml", original.replacingOccurrences(of: "addresses:\n  ofsted-2015:", with: "addresses:\n \tofsted-2015:"))
    let second = Fixture.build(root, write: false).diagnostics.errors.map(\.formatted)
    #expect(second.first?.hasPrefix("content/work-areas/1.yaml:4:2: error: a tab character") == true, "\(second)")
}

/// A heading that skips a level (#### after ##, or ## at the start of a text shown under its section's h3) was
/// published without a word: it is a warning at the heading, saying what to write.
@Test func aHeadingThatSkipsALevelIsAWarningAtIt() throws {
    let root = try Fixture.copy()
    let intro = try String(contentsOf: root.appendingPathComponent("content/pages/intro.md"), encoding: .utf8)
    let lines = intro.split(separator: "\n", omittingEmptySubsequences: false).count - (intro.hasSuffix("\n") ? 1 : 0)
    try put(root, "content/pages/intro.md", intro + "\n## Two\n\n### Three\n\n## Two again\n\n#### Four\n")
    let area = try String(contentsOf: root.appendingPathComponent("content/work-areas/1.yaml"), encoding: .utf8)
    try put(root, "content/work-areas/1.yaml", area.replacingOccurrences(of: "  why: |\n    Because the MASH was slow.", with: "  why: |\n    ## Why\n\n    Because the MASH was slow.\n\n    ##### Deep\n\n    Deeper than h6 once shifted."))
    let warnings = Fixture.build(root, write: false).diagnostics.warnings.map(\.formatted).filter { $0.contains("skipping a level") }
    #expect(warnings == [
        "content/pages/intro.md:\(lines + 8):1: warning: the heading 'Four' is written #### after a heading written ##, skipping a level (screen-reader users move by heading level, and a skipped level reads as a missing section); write it ###",
        "content/work-areas/1.yaml:7:5: warning: the heading 'Why' is written ## at the start of this text (it sits under its section's heading), skipping a level (screen-reader users move by heading level, and a skipped level reads as a missing section); write it #",
        // Written as written, not as shifted and capped at h6.
        "content/work-areas/1.yaml:11:5: warning: the heading 'Deep' is written ##### after a heading written ##, skipping a level (screen-reader users move by heading level, and a skipped level reads as a missing section); write it ###",
    ], "\(warnings)")
}

/// A link that would run code said only "'javascript:' is not a kind of reference"; a list where 'addresses' wants a
/// text said what it must be but not how to write it.
@Test func anUnsafeLinkAndAListOfNumbersSayWhatToWrite() throws {
    let root = try Fixture.copy()
    let intro = try String(contentsOf: root.appendingPathComponent("content/pages/intro.md"), encoding: .utf8)
    try put(root, "content/pages/intro.md", intro + "\nSee [x](JavaScript:alert(1)) and [y](data:text/html,hi).\n")
    let unsafe = Fixture.build(root, write: false).diagnostics.errors.map(\.formatted)
    #expect(unsafe.count == 2 && unsafe.allSatisfy { $0.contains(": error: a '") && $0.contains("' link is not allowed: it would run code or open a page of its own in the reader's browser; link to a page of the site") }, "\(unsafe)")
    #expect(unsafe.first?.contains("'javascript:' link") == true && unsafe.last?.contains("'data:' link") == true, "\(unsafe)")
    try put(root, "content/pages/intro.md", intro)
    let area = try String(contentsOf: root.appendingPathComponent("content/work-areas/1.yaml"), encoding: .utf8)
    try put(root, "content/work-areas/1.yaml", area.replacingOccurrences(of: "  ofsted-2015: \"1-2\"", with: "  ofsted-2015: [1, 2]"))
    #expect(Fixture.build(root, write: false).diagnostics.errors.map(\.formatted) == [
        "content/work-areas/1.yaml:4:16: error: each entry of 'addresses' must be 'register-id: numbers'; write the numbers as one quoted text, e.g. ofsted-2015: \"2, 3, 5-7\"",
    ])
}

/// A site's own style sheet that loads from another site, or leads to a script, is an error where it does.
@Test func aThemesStyleSheetIsCheckedWhereItLoadsFromElsewhere() throws {
    let root = try Fixture.copy()
    let css = try String(contentsOf: Fixture.repository.appendingPathComponent("Sources/PlanRendering/Theme/assets/style.css"), encoding: .utf8)
    let lines = css.split(separator: "\n", omittingEmptySubsequences: false).count - (css.hasSuffix("\n") ? 1 : 0)
    try put(root, "themes/default/assets/style.css", css + "\n  @import url(https://example.org/track.css);\n")
    let result = Fixture.build(root)
    #expect(result.exitCode == 1)
    #expect(result.diagnostics.errors.map(\.formatted) == ["themes/default/assets/style.css:\(lines + 2):15: error: the style sheet loads 'https://example.org/track.css' from another site, which would report each reader's visit to it; put the file in the theme's assets folder and give its path there"])
    try put(root, "themes/default/assets/style.css", css)
    #expect(Fixture.build(root).exitCode == 0)
}

/// "1-99" of a register of 2 gave one error per number past the end, capped at 20, all at the list's quote; "1--2"
/// was said to span more items than a register holds. Each is one error, at the range, saying what is wrong.
@Test func aRangePastTheRegisterIsOneErrorAtTheRange() throws {
    let root = try Fixture.copy()
    let area = try String(contentsOf: root.appendingPathComponent("content/work-areas/1.yaml"), encoding: .utf8)
    try put(root, "content/work-areas/1.yaml", area.replacingOccurrences(of: "  ofsted-2015: \"1-2\"", with: "  ofsted-2015: \"1, 1-99\""))
    let errors = Fixture.build(root, write: false).diagnostics.errors.map(\.formatted)
    #expect(errors.count == 1 && errors.first?.hasPrefix("content/work-areas/1.yaml:4:20: error: '1-99' runs past the recommendations of ofsted-2015, which are numbered 1-") == true, "\(errors)")
    try put(root, "content/work-areas/1.yaml", area.replacingOccurrences(of: "  ofsted-2015: \"1-2\"", with: "  ofsted-2015: \"1--2\""))
    #expect(Fixture.build(root, write: false).diagnostics.errors.map(\.formatted) == ["content/work-areas/1.yaml:4:17: error: '1--2' has 2 dashes: a range is two numbers joined by one; write ranges as low-high, e.g. 1-11"])
}

/// Two sibling pages of one order were placed by their file names without a word.
@Test func siblingPagesOfOneOrderAreAWarningAtTheLaterOne() throws {
    let root = try Fixture.copy()
    try put(root, "content/pages/zz-another.md", "---\ntitle: Another\norder: 20\n---\nText.\n")
    try put(root, "content/pages/child-two.md", "---\ntitle: A second child\norder: 5\nparent: intro\n---\nText.\n")
    let warnings = Fixture.build(root, write: false).diagnostics.warnings.map(\.formatted).filter { $0.contains("have one order") }
    #expect(warnings == [
        "content/pages/child-two.md:3:8: warning: the pages 'child' and 'child-two' have one order, 5 under 'intro', so they are placed by their file names; give each its own order, e.g. 6 here if it comes after 'child'",
        "content/pages/zz-another.md:3:8: warning: the pages 'part-2' and 'zz-another' have one order, 20, so they are placed by their file names; give each its own order, e.g. 21 here if it comes after 'part-2'",
    ], "\(warnings)")
}
