// End-to-end tests of `plansite build` on a small fixture site: the pages,
// the links, plan.json, determinism, the theme override, and what happens to
// output/ when the content is wrong.

import Foundation
import PlanBuild
import PlanModel
import Testing

@Test func fixtureSiteBuildsWithEveryPageAndWorkingLinks() throws {
    let root = try Fixture.copy()
    let result = Fixture.build(root)
    #expect(result.exitCode == 0, "\(result.diagnostics.map(\.formatted))")
    #expect(result.diagnostics.errors.isEmpty && result.diagnostics.warnings.isEmpty)
    let out = snapshot(root.appendingPathComponent("output"))
    for path in ["index.html", "intro.html", "child.html", "part-2.html", "recommendations.html", "scorecard.html",
                 "glossary.html", "schedule.html", "work-areas/1.html", "work-areas/2.html", "actions/1.1.html",
                 "actions/1.10.html", "actions/2.2.html", "coverage/ofsted-2015.html",
                 "accessibility.html", "data/plan.json", "assets/style.css"] {
        #expect(out[path] != nil, "missing \(path)")
    }
    #expect(brokenLinks(in: root.appendingPathComponent("output")) == [])
}

/// Unpacks the site's output/plan.epub into a folder named `name` beside the site; the folder.
func extractEPUB(_ root: URL, into name: String) throws -> URL {
    let folder = root.deletingLastPathComponent().appendingPathComponent(name)
    let unzip = Process()
    unzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    unzip.arguments = ["python3", "-c", "import zipfile,sys; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])", root.appendingPathComponent("output/plan.epub").path, folder.path]
    try unzip.run()
    unzip.waitUntilExit()
    return folder
}

func page(_ root: URL, _ path: String) -> String {
    (try? String(contentsOf: root.appendingPathComponent("output/\(path)"), encoding: .utf8)) ?? ""
}

@Test func pagesShowWhatTheReaderNeeds() throws {
    let root = try Fixture.copy()
    #expect(Fixture.build(root).exitCode == 0)
    let intro = page(root, "intro.html")
    #expect(intro.contains("<a href=\"recommendations.html#ofsted-2015-2\">recommendation 2</a>"))
    #expect(intro.contains("<a href=\"actions/1.2.html\">action 1.2</a>"), "empty link text is generated")
    #expect(intro.contains("<a href=\"part-2.html#how-to-read\">the work areas</a>"))
    #expect(intro.contains("<h2 id=\"our-promise\">"))
    #expect(intro.contains("<abbr title=\"Multi Agency Safeguarding Hub\">MASH</abbr>"))
    #expect(intro.components(separatedBy: "<h1").count == 2, "one h1")

    let area = page(root, "work-areas/1.html")
    #expect(area.contains("<caption id=\"key-actions-caption\">Key actions for work area 1: Leadership</caption>"))
    #expect(area.contains("<th scope=\"col\">Lead</th>"))
    #expect(area.contains("<li>Deputy Director of Children, Schools and Families</li>"))
    #expect(area.contains("Q3 15/16, Q4 15/16"))
    #expect(area.contains("<span class=\"not-given\">Not given</span>"))
    #expect(area.contains("<th scope=\"rowgroup\" colspan=\"4\">Governance</th>"))

    let repeated = page(root, "actions/2.2.html")
    #expect(repeated.contains("repeats <a href=\"../actions/1.2.html\">action 1.2</a>"))
    let original = page(root, "actions/1.2.html")
    #expect(original.contains("<a href=\"../actions/2.2.html\">2.2</a> in <a href=\"../work-areas/2.html\">"), "the original lists its repeat")
    #expect(original.contains("Ofsted 2015 recommendation 2"), "answers shown through the work area")

    let register = page(root, "recommendations.html")
    #expect(register.contains("id=\"ofsted-2015-3\""))
    #expect(register.contains("id=\"ofsted-2015-3a\""))
    #expect(register.contains("Addressed by an action already taken:</strong> The role was reviewed in June 2015."))

    let scorecard = page(root, "scorecard.html")
    #expect(scorecard.contains("<span class=\"not-given\">Not available</span>"))
    #expect(scorecard.contains("64% <span class=\"period\">(13/14)</span>"))
    #expect(scorecard.contains("<td class=\"num\">1</td>\n<th scope=\"row\" class=\"measure\">Number of open cases</th>"))

    let schedule = page(root, "schedule.html")
    #expect(schedule.contains("<td colspan=\"2\" class=\"annotation\">Dates to be confirmed</td>"))

    let coverage = page(root, "coverage/ofsted-2015.html")
    #expect(coverage.contains("<strong>4 of 4</strong>"))
}

@Test func planJSONHasTheLinkedPlan() throws {
    let root = try Fixture.copy()
    #expect(Fixture.build(root).exitCode == 0)
    let data = try Data(contentsOf: root.appendingPathComponent("output/data/plan.json"))
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let counts = try #require(json["counts"] as? [String: Int])
    #expect(counts["actionRows"] == 5 && counts["distinctActions"] == 4 && counts["repeats"] == 1)
    #expect(counts["registerItems"] == 4 && counts["measures"] == 3 && counts["terms"] == 2 && counts["scheduleRows"] == 2)
    let actions = try #require(json["actions"] as? [[String: Any]])
    let repeated = try #require(actions.first { $0["ref"] as? String == "2.2" })
    #expect(repeated["repeatOf"] as? String == "1.2")
    let original = try #require(actions.first { $0["ref"] as? String == "1.2" })
    #expect(original["repeats"] as? [String] == ["2.2"])
    #expect((original["addresses"] as? [String: [String]])?["viaWorkArea"] == ["ofsted-2015:1", "ofsted-2015:2", "ofsted-2015:3"])
    let registers = try #require(json["registers"] as? [[String: Any]])
    let items = try #require(registers.first?["items"] as? [[String: Any]])
    #expect(items.map { $0["id"] as? String } == ["ofsted-2015:1", "ofsted-2015:2", "ofsted-2015:3", "ofsted-2015:3a", "ofsted-2015:3b", "ofsted-2015:4"])
}

@Test func identicalInputGivesIdenticalBytes() throws {
    let root = try Fixture.copy()
    let a = root.deletingLastPathComponent().appendingPathComponent("a")
    let b = root.deletingLastPathComponent().appendingPathComponent("b")
    #expect(Fixture.build(root, output: a).exitCode == 0)
    #expect(Fixture.build(root, output: b).exitCode == 0)
    let sa = snapshot(a), sb = snapshot(b)
    #expect(sa.keys.sorted() == sb.keys.sorted())
    #expect(sa == sb)
}

@Test func theBytesDoNotDependOnTheNumberOfThreads() throws {
    // The real plan (every kind of page, the editions and the EPUB) with one thread and with several.
    let parent = try Fixture.copy().deletingLastPathComponent()
    var outputs: [[String: Data]] = []
    for threads in [1, 3, 8] {
        var options = BuildOptions(root: Fixture.repository, output: parent.appendingPathComponent("t\(threads)"))
        options.threads = threads
        var reported: [(Int, Int)] = []
        options.progress = { reported.append(($0, $1)) }
        let result = SiteBuilder(options: options).run()
        #expect(result.exitCode == 0)
        #expect(result.pageCount > 100 && result.fileCount > result.pageCount)
        #expect(reported.last.map { $0.0 == $0.1 } == true, "progress ends at the total")
        #expect(reported.last?.1 == result.fileCount, "the total announced is the number of files written")
        #expect(zip(reported, reported.dropFirst()).allSatisfy { $0.0 < $1.0 }, "progress only moves forward")
        outputs.append(snapshot(parent.appendingPathComponent("t\(threads)")))
    }
    #expect(outputs[0].count > 100)
    #expect(outputs[0] == outputs[1])
    #expect(outputs[0] == outputs[2])
}

@Test func unchangedFilesKeepTheirModificationTime() throws {
    let root = try Fixture.copy()
    #expect(Fixture.build(root).exitCode == 0)
    let out = root.appendingPathComponent("output")
    let attrs = { (p: String) in try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(p).path)[.modificationDate] as? Date }
    let glossaryBefore = try attrs("glossary.html")
    let introBefore = try attrs("intro.html")
    Thread.sleep(forTimeInterval: 1.1)
    // Change one page's text only.
    let intro = root.appendingPathComponent("content/pages/intro.md")
    try (try String(contentsOf: intro, encoding: .utf8) + "\nA new sentence.\n").write(to: intro, atomically: true, encoding: .utf8)
    let result = Fixture.build(root)
    #expect(result.exitCode == 0)
    #expect(try attrs("glossary.html") == glossaryBefore)
    #expect(try attrs("intro.html") != introBefore)
    #expect((result.written?.written ?? 0) >= 1 && (result.written?.unchanged ?? 0) > 10)
    #expect(page(root, "intro.html").contains("A new sentence."))
}

/// A file of the old output that is a symbolic link (to a file with the very bytes the build makes) is not carried
/// over: the new output has a regular file there, and the file the link pointed to is untouched.
@Test func aSymbolicLinkInTheOldOutputIsNeverCarriedOver() throws {
    let root = try Fixture.copy()
    #expect(Fixture.build(root).exitCode == 0)
    let out = root.appendingPathComponent("output")
    let glossary = out.appendingPathComponent("glossary.html")
    let bytes = try Data(contentsOf: glossary)
    let elsewhere = root.deletingLastPathComponent().appendingPathComponent("elsewhere.html")
    try bytes.write(to: elsewhere)
    try FileManager.default.removeItem(at: glossary)
    try FileManager.default.createSymbolicLink(at: glossary, withDestinationURL: elsewhere)
    let result = Fixture.build(root)
    #expect(result.exitCode == 0)
    let kind = try FileManager.default.attributesOfItem(atPath: glossary.path)[.type] as? FileAttributeType
    #expect(kind == .typeRegular, "glossary.html is a regular file again")
    #expect(try Data(contentsOf: glossary) == bytes)
    #expect((result.written?.written ?? 0) >= 1)
    #expect(try Data(contentsOf: elsewhere) == bytes, "the link's target is left alone")
}

@Test func contentErrorsLeaveTheOutputExactlyAsItWas() throws {
    let root = try Fixture.copy()
    #expect(Fixture.build(root).exitCode == 0)
    let before = snapshot(root.appendingPathComponent("output"))
    // Break two files at once: both errors must be reported.
    let wa = root.appendingPathComponent("content/work-areas/2.yaml")
    try (try String(contentsOf: wa, encoding: .utf8)).replacingOccurrences(of: "(also 1.2)", with: "(also 1.22)").write(to: wa, atomically: true, encoding: .utf8)
    let intro = root.appendingPathComponent("content/pages/intro.md")
    try (try String(contentsOf: intro, encoding: .utf8)).replacingOccurrences(of: "ofsted-2015:2", with: "ofsted-2015:26").write(to: intro, atomically: true, encoding: .utf8)
    let result = Fixture.build(root)
    #expect(result.exitCode == 1)
    let messages = result.diagnostics.errors.map(\.formatted)
    #expect(messages.contains("content/work-areas/2.yaml:14:49: error: action 2.2 repeats action 1.22, which does not exist; did you mean 1.2?"), "\(messages)")
    #expect(messages.contains { $0.hasPrefix("content/pages/intro.md:6:19: error: ofsted-2015 has no recommendation 26; its recommendations are numbered 1 to 4; remove it or correct the number") }, "\(messages)")
    #expect(snapshot(root.appendingPathComponent("output")) == before)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.contains("staging") || $0.contains("previous") }
    #expect(leftovers.isEmpty)
}

@Test func strictTurnsWarningsIntoErrors() throws {
    let root = try Fixture.copy()
    let intro = root.appendingPathComponent("content/pages/intro.md")
    try (try String(contentsOf: intro, encoding: .utf8) + "\nThe XYZW team.\n").write(to: intro, atomically: true, encoding: .utf8)
    let lenient = Fixture.build(root, write: false)
    #expect(lenient.exitCode == 0)
    #expect(lenient.diagnostics.warnings.map(\.formatted) == ["content/pages/intro.md:14:5: warning: the abbreviation XYZW is used but not in the glossary; add XYZW to the glossary with its expansion"])
    #expect(Fixture.build(root, strict: true, write: false).exitCode == 1)
}

@Test func aSiteOverridesOneTemplateWithoutCopyingTheTheme() throws {
    let root = try Fixture.copy()
    let templates = root.appendingPathComponent("themes/default/templates")
    try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
    try "<div class=\"custom-page\">{{{html}}}</div>\n{{{block}}}\n".write(to: templates.appendingPathComponent("page.mustache"), atomically: true, encoding: .utf8)
    #expect(Fixture.build(root).exitCode == 0)
    #expect(page(root, "intro.html").contains("<div class=\"custom-page\">"))
    #expect(page(root, "work-areas/1.html").contains("<caption id=\"key-actions-caption\">"), "other templates stay the default")
}

@Test func aBrokenTemplateIsALocatedErrorNotACrash() throws {
    let root = try Fixture.copy()
    let templates = root.appendingPathComponent("themes/default/templates")
    try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
    try "{{#unclosed}}\n".write(to: templates.appendingPathComponent("page.mustache"), atomically: true, encoding: .utf8)
    let result = Fixture.build(root)
    #expect(result.exitCode == 1)
    #expect(result.diagnostics.errors.map(\.formatted) == ["themes/default/templates/page.mustache:1:1: error: the section 'unclosed' opened here is never closed; add {{/unclosed}} where the section ends"])
    #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("output").path))
}

/// A status colour the theme has no rule for was shown grey without a word. The theme's colours are its style sheet's
/// `.progress-status-NAME` rules, so a site's own theme may add one.
@Test func aStatusColourTheThemeDoesNotHaveIsAnErrorAtTheColour() throws {
    let root = try Fixture.copy()
    let site = root.appendingPathComponent("site.yaml")
    // 18 statuses:
    // 19   - id: started
    // 20     label: Started
    // 21     rollup: open
    // 22     colour: purple      ('purple' at col 13)
    let statuses = "statuses:\n  - id: started\n    label: Started\n    rollup: open\n    colour: purple\n"
    try (try String(contentsOf: site, encoding: .utf8) + statuses).write(to: site, atomically: true, encoding: .utf8)
    let result = Fixture.build(root)
    #expect(result.exitCode == 1)
    #expect(result.diagnostics.map(\.formatted) == [
        "site.yaml:22:13: error: the status 'started' has the colour 'purple', which the theme does not have (it would be shown grey); use one of: amber, blue, green, grey, red, or add a rule .progress-status-purple to the theme's style sheet",
    ])
    #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("output").path))
    let assets = root.appendingPathComponent("themes/default/assets")
    try FileManager.default.createDirectory(at: assets, withIntermediateDirectories: true)
    try ".progress-status-purple { border-left-color: #4c2c92; }\n".write(to: assets.appendingPathComponent("style.css"), atomically: true, encoding: .utf8)
    let themed = Fixture.build(root)
    #expect(themed.exitCode == 0, "\(themed.diagnostics.map(\.formatted))")
    // A style sheet with no status colours at all takes the standard statuses' colours away: one error, at it.
    try FileManager.default.removeItem(at: root.appendingPathComponent("output"))
    try (try String(contentsOf: site, encoding: .utf8).replacingOccurrences(of: statuses, with: "")).write(to: site, atomically: true, encoding: .utf8)
    try "body { color: #0b0c0c; }\n".write(to: assets.appendingPathComponent("style.css"), atomically: true, encoding: .utf8)
    let bare = Fixture.build(root)
    #expect(bare.exitCode == 1)
    #expect(bare.diagnostics.errors.map(\.formatted) == [
        "themes/default/assets/style.css:1:1: error: the theme's style sheets give no status colours (no .progress-status-NAME rules), so every status would be shown grey: 'not-started' (grey), 'in-progress' (blue), 'at-risk' (amber), 'off-track' (red), 'complete' (green), 'withdrawn' (grey); copy the .progress-status-… rules of the default theme's style.css into the site's style sheet, e.g. .progress-status-grey { … }",
    ])
}

/// `contact.text` was read from site.yaml and published nowhere: it is in every page's footer, before the feedback address.
@Test func theContactTextIsInEveryPagesFooter() throws {
    let root = try Fixture.copy()
    let site = root.appendingPathComponent("site.yaml")
    let text = try String(contentsOf: site, encoding: .utf8)
    try text.replacingOccurrences(of: "  email: plan@example.org\n", with: "  email: plan@example.org\n  text: Tell us what you think of the plan & <how> we are doing.\n")
        .write(to: site, atomically: true, encoding: .utf8)
    let result = Fixture.build(root)
    #expect(result.exitCode == 0, "\(result.diagnostics.map(\.formatted))")
    let footer = "<p>Tell us what you think of the plan &amp; &lt;how&gt; we are doing.</p>\n<p>Feedback: <a href=\"mailto:plan@example.org\">"
    let pages = snapshot(root.appendingPathComponent("output")).compactMapValues { String(decoding: $0, as: UTF8.self) }
        .filter { $0.key.hasSuffix(".html") && $0.value.contains("class=\"site-footer\"") }
    #expect(pages.count > 10)
    for (path, bytes) in pages { #expect(bytes.contains(footer), "\(path)") }
    // Without it, the footer is as it was.
    let plain = try Fixture.copy()
    #expect(Fixture.build(plain).exitCode == 0)
    #expect(!page(plain, "intro.html").contains("<p>Tell us"))
    #expect(page(plain, "intro.html").contains("</ul>\n<p>Feedback: <a href=\"mailto:plan@example.org\">"))
}
