// Releases in a built site: the errors of a release list, a withdrawn action's page at its old URL,
// the What changed pages, the Atom feed (parsed, with the required elements), byte-identical builds.

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import PlanBuild
import PlanModel
import Testing

@Suite struct ReleaseSiteTests {
    /// The fixture site with two releases, action 1.2 withdrawn between them, and a base URL.
    func site(releases: String? = nil, baseURL: Bool = true) throws -> URL {
        let root = try Real.copySite(from: Real.fixture)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("content/releases"), withIntermediateDirectories: true)
        try "The plan as first published.\n".write(to: root.appendingPathComponent("content/releases/1.md"), atomically: true, encoding: .utf8)
        try "Action [1.10](action:1.10) was withdrawn.\n".write(to: root.appendingPathComponent("content/releases/2.md"), atomically: true, encoding: .utf8)
        let list = releases ?? """
        releases:
          - version: "1"
            date: 2015-09-30
            note: content/releases/1.md
          - version: "2"
            date: 2016-01-31
            change: major
            note: content/releases/2.md
        """
        try Real.edit(root, "site.yaml", replacing: "contact:", with: list + "\n" + (baseURL ? "base_url: https://example.org/plan\n" : "") + "contact:")
        try Real.edit(root, "content/work-areas/1.yaml", replacing: """
                what: Develop a communications strategy.
        """, with: """
                what: Develop a communications strategy.
                withdrawn:
                  date: 2015-12-01
                  reason: It was merged into the practice development programme.
        """)
        return root
    }

    func build(_ root: URL) -> (BuildResult, URL) {
        let out = root.appendingPathComponent("output")
        return (SiteBuilder(options: BuildOptions(root: root, output: out)).run(), out)
    }

    func read(_ url: URL, _ path: String) -> String { (try? String(contentsOf: url.appendingPathComponent(path), encoding: .utf8)) ?? "" }

    @Test func withdrawnActionKeepsItsURL() throws {
        let root = try site()
        defer { try? FileManager.default.removeItem(at: root) }
        let (result, out) = build(root)
        #expect(result.exitCode == 0, "\(result.diagnostics.map(\.formatted))")
        let page = read(out, "actions/1.10.html")
        #expect(page.contains("Action 1.10 (withdrawn)"))
        #expect(page.contains("This action was withdrawn</strong> on 1 December 2015, in <a href=\"../releases/2.html\">Release 2"))
        #expect(page.contains("It was merged into the practice development programme."))
        #expect(page.contains("Develop a communications strategy."))
        let release = read(out, "releases/2.html")
        #expect(release.contains("<a href=\"../actions/1.10.html\">Action 1.10</a>: withdrawn"))
        #expect(read(out, "releases/index.html").contains("href=\"../releases/2.html\">Release 2, 31 January 2016"))
        #expect(!read(out, "work-areas/1.html").contains("Develop a communications strategy."))
        #expect(page.contains("Work area 1</a>, under “Governance”</dd>"))
        // A row under no sub-heading: where it was is the work area alone.
        try Real.edit(root, "content/work-areas/1.yaml", replacing: "  - heading: Governance\n    rows:", with: "  - rows:")
        let (again, out2) = build(root)
        #expect(again.exitCode == 0, "\(again.diagnostics.map(\.formatted))")
        #expect(read(out2, "actions/1.10.html").contains("Work area 1</a></dd>"))
        #expect(!read(out2, "actions/1.10.html").contains("under “”"))
    }

    @Test func feedIsValidAtom() throws {
        let root = try site()
        defer { try? FileManager.default.removeItem(at: root) }
        let (result, out) = build(root)
        #expect(result.exitCode == 0)
        let data = try Data(contentsOf: out.appendingPathComponent("feed.xml"))
        final class Collector: NSObject, XMLParserDelegate {
            var path: [String] = []
            var seen: [String: Int] = [:]
            var text: [String: String] = [:]
            var namespace: String?
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                if name == "feed" { namespace = attributes["xmlns"] }
                path.append(name)
                seen[path.joined(separator: "/"), default: 0] += 1
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) { text[path.joined(separator: "/"), default: ""] += string }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) { path.removeLast() }
        }
        let parser = XMLParser(data: data)
        let collector = Collector()
        parser.delegate = collector
        #expect(parser.parse())
        #expect(collector.namespace == "http://www.w3.org/2005/Atom")
        for required in ["feed/id", "feed/title", "feed/updated", "feed/author/name", "feed/link"] { #expect(collector.seen[required] != nil, "\(required)") }
        let entries = collector.seen["feed/entry"] ?? 0
        #expect(entries == 2)
        for required in ["feed/entry/id", "feed/entry/title", "feed/entry/updated", "feed/entry/link"] { #expect(collector.seen[required] == entries, "\(required)") }
        #expect(collector.text["feed/id"] == "https://example.org/plan/feed.xml")
        #expect(collector.text["feed/updated"] == "2016-01-31T00:00:00Z")
        #expect(read(out, "index.html").contains("<link rel=\"alternate\" type=\"application/atom+xml\""))
        #expect(read(out, "actions/1.1.html").contains("href=\"../feed.xml\""))
    }

    @Test func noBaseURLNoFeedAndTheBuildSaysWhy() throws {
        let root = try site(baseURL: false)
        defer { try? FileManager.default.removeItem(at: root) }
        let (result, out) = build(root)
        #expect(result.exitCode == 0)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("feed.xml").path))
        #expect(result.notices.contains { $0.contains("no Atom feed written") && $0.contains("base_url") })
        #expect(!read(out, "index.html").contains("application/atom+xml"))
    }

    @Test func buildsAreByteIdentical() throws {
        let root = try site()
        defer { try? FileManager.default.removeItem(at: root) }
        let (_, out) = build(root)
        let first = snapshot(out)
        let second = root.appendingPathComponent("output2")
        _ = SiteBuilder(options: BuildOptions(root: root, output: second)).run()
        #expect(first == snapshot(second))
    }

    /// The footer, the home page, the accessibility statement and plan.json name the release in force at the build's
    /// as-at date (the latest of `releases:` dated on or before it), not site.yaml's `release:`.
    @Test func pagesNameTheReleaseInForceAtTheAsAtDate() throws {
        let root = try site()
        defer { try? FileManager.default.removeItem(at: root) }
        func built(asAt: String) throws -> (page: (String) -> String, json: [String: Any]) {
            let result = SiteBuilder(options: BuildOptions(root: root, write: false, asAt: asAt)).run()
            #expect(result.exitCode == 0, "\(result.diagnostics.map(\.formatted))")
            let files = Dictionary(result.files.map { ($0.path, $0.bytes) }, uniquingKeysWith: { a, _ in a })
            let page = { (path: String) in String(decoding: files[path] ?? Data(), as: UTF8.self) }
            let json = try #require(try JSONSerialization.jsonObject(with: files["data/plan.json"] ?? Data()) as? [String: Any])
            return (page, json)
        }
        // Between the releases: release 1 (no label, so its date in words).
        let december = try built(asAt: "2015-12-31")
        #expect(december.page("index.html").contains("Test Council: release 1, 30 September 2015."))
        #expect(december.page("index.html").contains("Test Council. Release 1, 30 September 2015.</p>"))
        #expect(december.page("index.html").contains("As at 31 December 2015"))
        #expect(december.page("accessibility.html").contains("release 1, 30 September 2015"))
        #expect((december.json["site"] as? [String: Any])?["version"] as? String == "1")
        // On the day of release 2 and after it: release 2.
        let january = try built(asAt: "2016-01-31")
        #expect(january.page("index.html").contains("Release 2, 31 January 2016.</p>") && !january.page("index.html").contains("Release 1,"))
        #expect((january.json["site"] as? [String: Any])?["date"] as? String == "2016-01-31")
        // Before the first release: site.yaml's own release.
        let before = try built(asAt: "2015-06-30")
        #expect(before.page("index.html").contains("Release 0.1, 26 January 2016.</p>"))
    }

    func errors(_ releases: String) throws -> [String] {
        let root = try site(releases: releases)
        defer { try? FileManager.default.removeItem(at: root) }
        let result = SiteBuilder(options: BuildOptions(root: root, write: false)).run()
        return result.diagnostics.filter { $0.severity == .error }.map(\.formatted)
    }

    @Test func releaseListErrorsAreLocated() throws {
        let order = try errors("""
        releases:
          - version: "1"
            date: 2016-01-31
          - version: "2"
            date: 2015-09-30
        """)
        #expect(order.count == 1 && order[0].hasPrefix("site.yaml:10:11: error: release 2 is dated 2015-09-30 but follows release 1"), "\(order)")
        let twice = try errors("""
        releases:
          - version: "1"
            date: 2015-09-30
          - version: "1"
            date: 2016-01-31
        """)
        #expect(twice.count == 1 && twice[0].hasPrefix("site.yaml:9:14: error: release 1 is listed twice"), "\(twice)")
        // Two versions of one page name (releases/2016-1.html) passed check; build failed with status 2 and no location.
        let onePage = try errors("""
        releases:
          - version: "2016/1"
            date: 2015-09-30
          - version: "2016-1"
            date: 2016-01-31
        """)
        #expect(onePage == ["site.yaml:9:14: error: release 2016-1 would have the page of release 2016/1 (releases/2016-1.html, first at site.yaml:7:14); "
                            + "give the releases versions that differ in their letters, digits, dots or hyphens"], "\(onePage)")
        let missing = try errors("""
        releases:
          - version: "1"
            date: 2015-09-30
            note: content/releases/none.md
        """)
        #expect(missing.count == 1 && missing[0].hasPrefix("site.yaml:9:11: error: the change note 'content/releases/none.md' named by site.yaml does not exist"), "\(missing)")
    }

    /// A mistake in a page's `show:` was reported once by the plan's own link and again for each release whose plan held
    /// other registers, since its message lists them ("the registers are: ...").
    @Test func aMistakeWhoseWordsDifferAsAtEachReleaseIsReportedOnce() throws {
        let root = try site()
        defer { try? FileManager.default.removeItem(at: root) }
        let register = try String(contentsOf: root.appendingPathComponent("content/recommendations.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "id: ofsted-2015", with: "id: ofsted-2016").replacingOccurrences(of: "published: 2015-06-03", with: "published: 2016-01-15")
        try register.write(to: root.appendingPathComponent("content/recommendations-2016.yaml"), atomically: true, encoding: .utf8)
        try Real.edit(root, "site.yaml", replacing: "  - content/recommendations.yaml\n", with: "  - content/recommendations.yaml\n  - content/recommendations-2016.yaml\n")
        try Real.edit(root, "content/pages/recommendations.md", replacing: "show: register:ofsted-2015", with: "show: register:inspection")
        let result = SiteBuilder(options: BuildOptions(root: root, write: false)).run()
        #expect(result.diagnostics.filter { $0.severity == .error }.map(\.formatted) == [
            "content/pages/recommendations.md:4:7: error: 'show: register:inspection' names no register; the registers are: ofsted-2015, ofsted-2016",
        ])
    }
}

func snapshot(_ folder: URL) -> [String: Data] {
    var out: [String: Data] = [:]
    guard let e = FileManager.default.enumerator(atPath: folder.path) else { return out }
    for case let name as String in e where name != ".plansite-output" {
        var isDirectory: ObjCBool = false
        let url = folder.appendingPathComponent(name)
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue { out[name] = FileManager.default.contents(atPath: url.path) }
    }
    return out
}
