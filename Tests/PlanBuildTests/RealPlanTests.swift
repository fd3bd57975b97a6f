// Tests of the real plan in content/: the built plan.json is compared with
// counts taken from the source text itself (shared/seeds/000_*.txt), so that a
// lost or duplicated row fails; and `plansite check` gives exactly the plan's
// known warnings.

import Foundation
import Scratch
import PlanBuild
import PlanModel
import Testing

/// Counts read from the OCR text of the 2015 plan, without using content/.
struct SourceCounts {
    var rowsPerWorkArea: [Int: Int] = [:]
    var repeats = 0
    var recommendations = 0
    var measures = 0
    var glossaryTerms = 0
    /// Schedule lines: activity rows plus group headings.
    var scheduleLines = 0

    static let workAreaTitles = [
        "Leadership, management and governance", "Culture and practice", "Quality assurance", "Workforce",
        "Children in need", "Child sexual exploitation", "Looked after children and care leavers",
        "Experience of children and young people",
    ]

    init(seed text: String) {
        let lines = text.components(separatedBy: "\n")
        func squeeze(_ s: String) -> String { s.replacingOccurrences(of: " ", with: "") }
        func index(of prefix: String, after start: Int = 0) -> Int? {
            lines.indices.first { $0 >= start && lines[$0].hasPrefix(prefix) }
        }
        // Key-action rows: inside "<title> Key actions" sections, a line whose fields
        // hold a sentence (five or more words) followed by a lead.
        var workArea: Int?
        for line in lines {
            let s = squeeze(line)
            for (i, title) in Self.workAreaTitles.enumerated() where s.hasPrefix(squeeze(title)) {
                if s.hasSuffix("Keyactions") { workArea = i + 1 }
                if s.hasSuffix("Summary") { workArea = nil }
            }
            if s.hasPrefix("ImprovementBoard") { workArea = nil }
            guard let wa = workArea else { continue }
            let fields = line.components(separatedBy: "\t")
            let isRow = fields.count >= 3 && fields.indices.dropLast().contains { i in
                fields[i].split(separator: " ").count >= 5 && !fields[i + 1].trimmingCharacters(in: .whitespaces).isEmpty
            }
            if isRow {
                rowsPerWorkArea[wa, default: 0] += 1
                if line.range(of: #"\(also \d+\.\d+\)"#, options: .regularExpression) != nil { repeats += 1 }
            }
        }
        // Annex 2: numbered or bulleted items between its first heading and the glossary.
        if let start = index(of: "Priority and immediate action"), let end = index(of: "Glossary", after: start) {
            recommendations = lines[start..<end].filter { $0.hasPrefix("- ") || $0.range(of: #"^\d+\. "#, options: .regularExpression) != nil }.count
        }
        // Scorecard: rows whose measure text starts "% of" or "Number of".
        if let start = index(of: "Scorecard"), let end = index(of: "Demand and volumes", after: start) {
            measures = lines[start..<end].filter { l in l.components(separatedBy: "\t").contains { $0.hasPrefix("% of") || $0.hasPrefix("Number of") } }.count
        }
        // Glossary: tab-separated lines after the "Term / Short description" header.
        if let start = index(of: "Term\tShort description"), let end = index(of: "Feedback", after: start) {
            glossaryTerms = lines[(start + 1)..<end].filter { $0.contains("\t") }.count
        }
        // Schedule: lines after the month header up to "Progress reports".
        if let start = index(of: "\tSept\tOct"), let end = index(of: "Progress reports", after: start) {
            scheduleLines = lines[(start + 1)..<end].filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.count
        }
    }
}

func seedText() throws -> String {
    let names = try FileManager.default.contentsOfDirectory(atPath: Fixture.seeds.path)
    let name = try #require(names.first { $0.hasPrefix("000_") })
    return try String(contentsOf: Fixture.seeds.appendingPathComponent(name), encoding: .utf8)
}

@Test func realPlanMatchesCountsTakenFromTheSource() throws {
    let source = SourceCounts(seed: try seedText())
    // The source analysis (shared/notes/sources.md) gives 17/6/6/11/6/19/5/3 rows, 10 repeats.
    #expect(source.rowsPerWorkArea == [1: 17, 2: 6, 3: 6, 4: 11, 5: 6, 6: 19, 7: 5, 8: 3])
    #expect(source.repeats == 10 && source.recommendations == 25 && source.measures == 17 && source.glossaryTerms == 15)

    let output = Scratch.folder("plansite-real")
    let result = Fixture.build(Fixture.repository, output: output)
    #expect(result.exitCode == 0, "\(result.diagnostics.errors.map(\.formatted))")
    let data = try Data(contentsOf: output.appendingPathComponent("data/plan.json"))
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let actions = try #require(json["actions"] as? [[String: Any]])
    var perWorkArea: [Int: Int] = [:]
    for a in actions { perWorkArea[a["workArea"] as? Int ?? 0, default: 0] += 1 }
    #expect(perWorkArea == source.rowsPerWorkArea)
    #expect(actions.filter { $0["repeatOf"] != nil }.count == source.repeats)
    let counts = try #require(json["counts"] as? [String: Int])
    #expect(counts["distinctActions"] == 73 - source.repeats)
    let registers = try #require(json["registers"] as? [[String: Any]])
    let ofsted2015 = try #require(registers.first { $0["id"] as? String == "ofsted-2015" })
    #expect((ofsted2015["items"] as? [Any])?.count == source.recommendations)
    #expect((json["measures"] as? [Any])?.count == source.measures)
    #expect((json["terms"] as? [Any])?.count == source.glossaryTerms)
    let schedule = try #require(json["schedule"] as? [String: Any])
    let rows = try #require(schedule["rows"] as? [[String: Any]])
    let groups = Set(rows.compactMap { $0["group"] as? String })
    #expect(rows.count + groups.count == source.scheduleLines)
    #expect(rows.count == 17 && groups.count == 4)
    // The other registers: 18 recommendations of 2018; 15 paragraphs and 28 sub-points of the notice.
    let items2018 = registers.first { $0["id"] as? String == "ofsted-2018" }?["items"] as? [[String: Any]]
    #expect(items2018?.count == 18)
    let notice = registers.first { $0["id"] as? String == "dfe-notice-2016" }?["items"] as? [[String: Any]]
    #expect(notice?.filter { $0["parent"] == nil || $0["parent"] is NSNull }.count == 15)
    #expect(notice?.filter { $0["parent"] is String }.count == 28)
    #expect(brokenLinks(in: output) == [])
}

/// The real site names its latest release (2020.1) when built from all its content, and the release in force at
/// the date of a build as at a date: 2017 falls after release 2016.1 (31 January 2016) and before 2018.1 (31 May 2018).
@Test func realSiteNamesTheReleaseInForceAtItsAsAtDate() throws {
    func page(_ asAt: String?, _ path: String) throws -> String {
        let result = SiteBuilder(options: BuildOptions(root: Fixture.repository, write: false, asAt: asAt)).run()
        let file = try #require(result.files.first { $0.path == path })
        return String(decoding: file.bytes, as: UTF8.self)
    }
    let latest = try page(nil, "index.html")
    #expect(latest.contains("<p class=\"site-as-at\">As at 28 July 2020</p>"))   // the date of its latest release and of the 2020 update
    #expect(latest.contains("Surrey County Council: release 2020.1, 28 July 2020.") && latest.contains("Release 2020.1, 28 July 2020.</p>"))
    #expect(!latest.contains("2015.1"))
    #expect(try page("2017-03-01", "index.html").contains("Release 2016.1, January 2016.</p>"))
    #expect(try page("2018-05-31", "index.html").contains("Release 2018.1, May 2018.</p>"))
    #expect(try page("2020-07-28", "timeline.html").contains("Release 2020.1, 28 July 2020.</p>"))
}

@Test func realPlanCheckGivesExactlyTheKnownDriftsAndGaps() throws {
    let result = Fixture.build(Fixture.repository, write: false)
    #expect(result.diagnostics.errors.isEmpty, "\(result.diagnostics.errors.map(\.formatted))")
    let warnings = result.diagnostics.warnings
    // The three real drifts between a repeat and its original.
    let drifts = warnings.filter { $0.code == "drift" }.map(\.message).map { String($0.prefix(24)) }
    #expect(drifts == ["action 2.6 repeats 1.14 ", "action 4.9 repeats 1.6 b", "action 4.11 repeats 1.10"])
    // Recommendations no work area cites (25 is answered by an action already taken).
    let unaddressed = warnings.filter { $0.code == "unaddressed" }.map(\.message)
    #expect(unaddressed.map { $0.components(separatedBy: " ")[1] } == ["ofsted-2015:13", "ofsted-2015:17", "ofsted-2015:24"])
    // The facts the sources contradict, recorded once each in content/documents.
    let contradictions = warnings.filter { $0.code == "source-contradiction" }.map { $0.location?.file ?? "" }
    #expect(contradictions.sorted() == ["content/documents/ofsted-2015-report.yaml", "content/documents/ofsted-2015-report.yaml", "content/documents/ofsted-2018-report.yaml",
                                        "content/documents/ssb-pack-2016-01.yaml"])
    // Nothing else but abbreviations the plan's glossary does not define.
    #expect(warnings.allSatisfy { ["drift", "unaddressed", "unknown-abbreviation", "source-contradiction"].contains($0.code) }, "\(warnings.map(\.formatted))")
}
