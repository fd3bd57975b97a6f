// The progress pages over a fixture with a status on every action, three
// monthly report cards, a slipped timeframe, a repeat, register progress and
// scorecard polarity (Fixtures/progress); and the starter site of `plansite new`.

import Foundation
import Scratch
import PlanBuild
import PlanRendering
import Testing

/// The text of a page's HTML with tags removed and whitespace collapsed.
func plainText(_ html: String) -> String {
    var out = html.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
    for (entity, char) in [("&amp;", "&"), ("&#39;", "'"), ("&quot;", "\""), ("&lt;", "<"), ("&gt;", ">")] {
        out = out.replacingOccurrences(of: entity, with: char)
    }
    return out.replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression)
}

@Suite struct ProgressPagesTests {
    static let fixture = Fixture.testsFolder.appendingPathComponent("Fixtures/progress")

    func pages(asAt: String? = nil) throws -> [String: String] {
        let result = SiteBuilder(options: BuildOptions(root: Self.fixture, strict: true, write: false, asAt: asAt)).run()
        #expect(result.exitCode == 0, "\(result.diagnostics.map(\.formatted))")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.formatted))")
        return Dictionary(uniqueKeysWithValues: result.files.filter { $0.path.hasSuffix(".html") }.map { ($0.path, String(decoding: $0.bytes, as: UTF8.self)) })
    }

    @Test func slippageIsFlaggedInWords() throws {
        let p = try pages()
        // 2.2 repeats 1.2: an update on the repeat is one on its original, shown on both pages.
        for path in ["actions/1.2.html", "actions/2.2.html"] {
            let text = plainText(try #require(p[path]))
            #expect(text.contains("Slipped: The revised timeframe ends in Q1 16/17, later than planned (Q4 15/16)."), "\(path)")
            #expect(text.contains("Current status: At risk"), "\(path)")
        }
        #expect(plainText(p["actions/2.2.html"]!).contains("This row repeats action 1.2"))
        let card = plainText(try #require(p["report-cards/2016-02.html"]))
        #expect(card.contains("Slipped: The revised timeframe ends in Q1 16/17, later than planned (Q4 15/16)."))
        // An action with a timeframe that did not move says nothing about slipping.
        #expect(!plainText(p["actions/2.1.html"]!).contains("Slipped"))
    }

    @Test func workAreasRollUpTheirActionsOnce() throws {
        let p = try pages()
        let one = plainText(try #require(p["work-areas/1.html"]))
        #expect(one.contains("Of 3 actions: 1 at risk, 1 complete, 1 withdrawn."))
        #expect(one.contains("Withdrawn actions are left out of the totals."))
        // Work area 2 holds 2.1, 2.3 and 2.2, a repeat of 1.2: counted as 1.2, once.
        let two = plainText(try #require(p["work-areas/2.html"]))
        #expect(two.contains("Of 3 actions: 2 in progress, 1 at risk."))
        #expect(p["work-areas/1.html"]!.contains("role=\"img\""))
    }

    @Test func reportCardsListWhatMovedFirstAndTheActionsNotUpdated() throws {
        let p = try pages()
        let index = plainText(try #require(p["report-cards/index.html"]))
        let titles = ["Report card: March 2016", "Report card: February 2016", "Report card: January 2016"]
        let positions = titles.map { index.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "newest first")

        let card = plainText(try #require(p["report-cards/2016-02.html"]))
        #expect(card.contains("What moved Since the January 2016 report card: Action 1.1 : from in progress to complete Action 1.2 : from in progress to at risk Action 2.1 : from in progress to off track"))
        let moved = try #require(card.range(of: "What moved")), updates = try #require(card.range(of: "Updates on the key actions"))
        #expect(moved.lowerBound < updates.lowerBound)
        #expect(card.contains("One action has no update in this period: 1.3 ."))
        #expect(card.contains("One action has no update in this period: 2.3 ."))

        // March: 1.1 is complete, so it is not listed as missing an update; 1.2 (at risk) is.
        let march = plainText(try #require(p["report-cards/2016-03.html"]))
        #expect(march.contains("No update needed, as already delivered or withdrawn: 1.1 (complete)."))
        #expect(march.contains("One action has no update in this period: 1.2 ."))
        #expect(march.contains("Action 1.3 : from not started to withdrawn"))
        let january = plainText(try #require(p["report-cards/2016-01.html"]))
        #expect(january.contains("The first statuses reported:"))
    }

    /// An action withdrawn after progress was reported on it keeps that progress: on the report cards of the months
    /// it stood in and on its page, which names its last status as reported before it was withdrawn. It leaves the
    /// roll-ups from then on.
    @Test func aWithdrawnActionKeepsTheProgressReportedBeforeItWasWithdrawn() throws {
        let root = try Fixture.copy(Self.fixture)
        defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
        try edit(root, "content/wa2.yaml") {
            $0.replacingOccurrences(of: "        timeframe: [Q1 16/17]\n        addresses:\n          recs: \"3\"",
                                    with: "        timeframe: [Q1 16/17]\n        withdrawn: {date: 2016-02-10, reason: Merged into 2.1.}\n        addresses:\n          recs: \"3\"")
        }
        try edit(root, "content/progress/2016-03.yaml") { $0.replacingOccurrences(of: "  - {target: \"action:2.3\", status: in-progress, quote: Training has started., text: Training has started.}\n", with: "") }
        let result = SiteBuilder(options: BuildOptions(root: root, write: false)).run()
        #expect(result.exitCode == 0, "\(result.diagnostics.map(\.formatted))")
        let p = Dictionary(uniqueKeysWithValues: result.files.filter { $0.path.hasSuffix(".html") }.map { ($0.path, plainText(String(decoding: $0.bytes, as: UTF8.self))) })
        let page = try #require(p["actions/2.3.html"])
        #expect(page.contains("This action was withdrawn on 10 February 2016"))
        #expect(page.contains("Last status reported before it was withdrawn: Not started (reported 26 January 2016)."))
        #expect(page.contains("26 January 2016 : Not started Training starts in April."))
        #expect(!page.contains("As at 29 March 2016."), "the progress of a withdrawn action is not as at the build's date")
        #expect(page.contains("Progress Last status reported"), "nothing between the heading and the status")
        let january = try #require(p["report-cards/2016-01.html"])
        #expect(january.contains("Action 2.3 : not started (its first status)"))
        #expect(january.contains("Training starts in April."))
        // February: it stood until the 10th, with no update; March: gone.
        let february = try #require(p["report-cards/2016-02.html"])
        #expect(february.contains("No update needed, as already delivered or withdrawn: 2.3 (withdrawn on 10 February 2016)."), "\(february)")
        #expect(!february.contains("One action has no update in this period: 2.3"))
        #expect(!(try #require(p["report-cards/2016-03.html"])).contains("2.3"))
        #expect(try #require(p["work-areas/2.html"]).contains("Of 2 actions: 1 in progress, 1 at risk."))
        // Its update is found by search, with its work area and lead as facets.
        let index = String(decoding: try #require(result.files.first { $0.path == "search-index.js" }).bytes, as: UTF8.self)
        #expect(index.contains("{\"f\":{\"lead\":[4],\"status\":[3],\"workArea\":[1]},\"i\":\"\",\"k\":5,\"p\":\"Improvement Board, item 3\",\"t\":\"Update on action 2.3, 26 January 2016\""))
    }

    @Test func registerItemsShowTheProgressOfWhatAddressesThem() throws {
        let p = try pages()
        let text = plainText(try #require(p["recs.html"]))
        #expect(text.contains("The progress of each item counts every action that addresses it"))
        #expect(text.contains("Recommendation 1 Strengthen leadership. Addressed by work area 1 Progress of the 3 actions that address it: 1 at risk, 1 complete and 1 withdrawn. 1 of 2 delivered."))
        #expect(text.contains("Progress of the action that addresses it: 1 in progress."))
        // An update on the item itself.
        #expect(text.contains("Updates on it, newest first: 29 March 2016 The inspectorate's visit found caseloads lower."))
    }

    @Test func everyPageSaysAsAtTheContentsLatestDate() throws {
        let p = try pages()
        for (path, html) in p where html.contains("<header class=\"site-header\">") {
            #expect(html.contains("<p class=\"site-as-at\">As at 29 March 2016</p>"), "\(path)")
            #expect(!html.contains("example-banner"), "\(path)")
        }
        let earlier = try pages(asAt: "2016-02-29")
        #expect(earlier["index.html"]!.contains("As at 29 February 2016"))
        #expect(earlier["report-cards/2016-03.html"] == nil)
        #expect(plainText(earlier["work-areas/1.html"]!).contains("Of 3 actions: 1 not started, 1 at risk, 1 complete."))
    }

    @Test func scorecardDirectionOfTravelWhereAuthored() throws {
        let text = plainText(try #require(try pages()["scorecard.html"]))
        #expect(text.contains("Direction of travel"))
        #expect(text.contains("Higher than the previous figure (22, Feb 2016): worse, as lower is better. Above the benchmark (17)."))
        #expect(text.contains("Higher than the previous figure (35%, Feb 2016): better, as higher is better."))
        #expect(text.contains("Not stated"))   // measure 3 has no polarity
    }
}

@Suite struct StarterSiteTests {
    @Test func embeddedFilesMatchTheStarterFolder() throws {
        // The starter site is embedded by scripts/embed-starter.py; this fails when the two differ.
        let folder = Fixture.repository.appendingPathComponent("Sources/PlanBuild/Starter")
        let onDisk = snapshot(folder)
        let embedded = Dictionary(uniqueKeysWithValues: StarterSite.files.map { ($0.path, $0.bytes) })
        #expect(Set(onDisk.keys) == Set(embedded.keys), "run scripts/embed-starter.py")
        for (path, bytes) in onDisk { #expect(embedded[path] == bytes, "\(path) differs: run scripts/embed-starter.py") }
    }

    @Test func newSiteBuildsCleanAndIsMarkedAsAnExample() throws {
        let dir = Scratch.folder("plansite-new")
        defer { try? FileManager.default.removeItem(at: dir) }
        try StarterSite.write(to: dir)
        let result = SiteBuilder(options: BuildOptions(root: dir, strict: true)).run()
        #expect(result.exitCode == 0)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.formatted))")
        let output = dir.appendingPathComponent("output")
        #expect(brokenLinks(in: output).isEmpty, "\(brokenLinks(in: output))")
        let html = snapshot(output).filter { $0.key.hasSuffix(".html") }.mapValues { String(decoding: $0, as: UTF8.self) }
        let pages = html.filter { $0.value.contains("<header class=\"site-header\">") }
        #expect(pages.count >= 20)
        for (path, page) in pages { #expect(page.contains("This is an example plan."), "\(path)") }
        // The editions say so too: a printed or saved copy must not read as a real council's plan.
        for path in ["plan.html", "large-print.html"] { #expect(html[path]?.contains("<strong>This is an example plan.</strong>") == true, "\(path)") }
        let text = String(decoding: try #require(FileManager.default.contents(atPath: output.appendingPathComponent("plan.txt").path)), as: UTF8.self)
        #expect(text.prefix(600).contains("This is an example plan. The council, its actions"))
        let unzip = Process()
        unzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        unzip.arguments = ["python3", "-c", "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); print(sum(1 for n in z.namelist() if n.endswith('.xhtml') and n != 'EPUB/nav.xhtml' and b'This is an example plan.' not in z.read(n)))", output.appendingPathComponent("plan.epub").path]
        let pipe = Pipe()
        unzip.standardOutput = pipe
        try unzip.run()
        unzip.waitUntilExit()
        #expect(String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) == "0\n", "every section of the EPUB says it is an example")
        // A run of monthly report cards, newest first.
        let index = plainText(try #require(html["report-cards/index.html"]))
        #expect(["January 2026", "December 2025", "November 2025", "October 2025"].allSatisfy { index.contains("Report card: \($0)") })
        // Every status of the vocabulary is used; a timeframe slipped; charts with an accessible name.
        let everything = html.values.joined()
        for label in ["Not started", "In progress", "At risk", "Off track", "Complete", "Withdrawn"] {
            #expect(everything.contains(">\(label)</"), "\(label)")
        }
        #expect(everything.contains("Slipped:"))
        #expect(html["demand-and-volumes-over-time.html"]!.contains("role=\"img\""))
    }

    /// A measure declared without rows was published as a heading over "No figures are available. No figure is
    /// available.", an empty <figure> and an empty table; an empty change note as a release page without a word.
    @Test func measureWithoutRowsAndEmptyNoteAreSaidAndPublishedCleanly() throws {
        let dir = Scratch.folder("plansite-no-rows")
        defer { try? FileManager.default.removeItem(at: dir) }
        try StarterSite.write(to: dir)
        let measures = dir.appendingPathComponent("content/demand-and-volumes.yaml")
        let declared = try String(contentsOf: measures, encoding: .utf8)
        let line = declared.split(separator: "\n", omittingEmptySubsequences: false).count + (declared.hasSuffix("\n") ? 0 : 1)
        try (declared + (declared.hasSuffix("\n") ? "" : "\n") + "  - id: vacancies\n    title: Social work vacancies\n").write(to: measures, atomically: true, encoding: .utf8)
        try "\n  \n".write(to: dir.appendingPathComponent("content/releases/1.1.md"), atomically: true, encoding: .utf8)
        let result = SiteBuilder(options: BuildOptions(root: dir)).run()
        #expect(result.exitCode == 0)
        #expect(result.diagnostics.map(\.formatted) == [
            "content/demand-and-volumes.yaml:\(line):9: warning: the measure 'vacancies' has no rows in content/demand-and-volumes.csv, so its page section says only that no figures are available; "
                + "add its figures to content/demand-and-volumes.csv (vacancies,YYYY-MM-DD,period,value,,source), or remove the measure until there are some",
            "content/releases/1.1.md:1:1: warning: the change note of release 1.1 is empty, so its page says nothing of what changed; "
                + "write what changed in this release (what readers should know), or remove 'note:' from its entry in site.yaml",
        ].sorted(), "\(result.diagnostics.map(\.formatted))")
        let page = String(decoding: try #require(FileManager.default.contents(atPath: dir.appendingPathComponent("output/demand-and-volumes-over-time.html").path)), as: UTF8.self)
        let section = try #require(page.range(of: "<h3 id=\"measure-vacancies\">").map { String(page[$0.lowerBound...]) })
        #expect(section.hasPrefix("<h3 id=\"measure-vacancies\">Social work vacancies</h3>\n<p>No figures are available.</p>\n"), "\(section.prefix(300))")
        #expect(!section.contains("<table") && !section.contains("<figure"))
        // No measure of the example is left with an empty figure.
        #expect(!page.contains("<figure class=\"chart-figure\"></figure>"))
    }

    @Test func newRefusesAFolderThatIsNotEmpty() throws {
        let dir = try Fixture.copy()
        #expect(throws: StarterSite.Failure.self) { try StarterSite.write(to: dir) }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("content/progress").path))
    }
}

@Test(.enabled(if: FileManager.default.fileExists(atPath: plansiteBinary().path)))
func newCommandRefusesANonEmptyFolderWithExitTwo() throws {
    let dir = try Fixture.copy()
    let r = try runPlansite(["new", dir.path])
    #expect(r.status == 2)
    #expect(r.err.contains("is not empty"), "\(r.err)")
    let fresh = dir.deletingLastPathComponent().appendingPathComponent("fresh")
    let made = try runPlansite(["new", fresh.path])
    #expect(made.status == 0, "\(made.err)")
    #expect(FileManager.default.fileExists(atPath: fresh.appendingPathComponent("site.yaml").path))
}
