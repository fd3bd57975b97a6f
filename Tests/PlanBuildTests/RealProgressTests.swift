// The real progress content: the Social Care Services Board's reports of
// October 2015 and January 2016, and the demand and volumes figures of seeds
// 003 and 004; each update and observation cites a line of its seed, and the
// cited line holds what the content says.

import Foundation
import PlanBuild
import PlanLinking
import PlanModel
import Testing

@Suite struct RealProgressTests {
    func check(asAt: String? = nil) throws -> LinkedPlan {
        let result = SiteBuilder(options: BuildOptions(root: Fixture.repository, write: false, asAt: asAt)).run()
        #expect(result.diagnostics.errors.isEmpty, "\(result.diagnostics.errors.map(\.formatted))")
        return try #require(result.linked)
    }

    @Test func januaryProgressOnAction21() throws {
        let linked = try check()
        let p = linked.progress
        let current = try #require(p.current(.action("2.1")))
        #expect(current.status.id == "in-progress")
        #expect(current.update.update.quote == "The result is a short list of agreed practice values that are now being embedded into our practice.")
        #expect(current.update.update.date.description == "2016-01-25")
        // 3.3 repeats 2.1: one history.
        #expect(p.history[.action("3.3")] == nil)
        #expect(p.periods.map(\.key) == ["2016-01", "2015-10"])
        #expect(Set(p.history.keys) == [.plan, .action("2.1"), .action("1.12"), .action("3.2"), .action("2.2"), .action("1.13"), .action("2.3")])
        #expect(p.current(.action("2.3")) == nil)   // the source gives no status for 2.3
    }

    @Test func asAtDates() throws {
        let before = try check(asAt: "2015-09-30")
        #expect(before.progress.reports.isEmpty && before.progress.history.isEmpty)
        #expect(before.plan.registers.map(\.id) == ["ofsted-2015"])
        let january = try check(asAt: "2016-01-31")
        #expect(january.progress.reports.count == 2)
        #expect(january.plan.registers.map(\.id) == ["ofsted-2015", "dfe-notice-2016"])
        let latest = try check()
        #expect(latest.progress.asAt?.description == "2018-05-16")
        #expect(latest.progress.asAtRequested == false)
    }

    @Test func demandAndVolumesFigures() throws {
        let linked = try check()
        let cp = try #require(linked.progress.series.first { $0.id == "child-protection-plans" })
        #expect(cp.observations.map(\.value) == ["925", "995", "843", "985"])
        let lac = try #require(linked.progress.series.first { $0.id == "looked-after-children" })
        #expect(lac.observations.map(\.value) == ["793", "779", "870", "930"])
    }

    /// Every cited line of a seed holds the figure (or quoted words) the content gives.
    @Test func citationsHoldWhatTheContentSays() throws {
        let linked = try check()
        func seedLines(_ seed: String) throws -> [String] {
            let names = try FileManager.default.contentsOfDirectory(atPath: Fixture.seeds.path)
            let name = try #require(names.first { $0.hasPrefix(seed + "_") })
            return try String(contentsOf: Fixture.seeds.appendingPathComponent(name), encoding: .utf8).components(separatedBy: "\n")
        }
        let words = ["five": "5", "nine": "9"]
        for series in linked.progress.series {
            for o in series.observations {
                let cite = try #require(o.cite)
                let parts = cite.split(separator: ":")
                let line = try seedLines(String(parts[0]))[Int(parts[1])! - 1]
                let value = o.value ?? ""
                let found = line.contains(value) || words.contains { line.contains($0.key) && $0.value == value }
                #expect(found, "\(series.id) \(o.period): \(value) not on \(cite)")
            }
        }
        let lines003 = try seedLines("003").joined(separator: " ")
        for report in linked.progress.reports {
            for u in report.updates {
                if let quote = u.quote { #expect(lines003.contains(quote), "quote not in 003: \(quote)") }
                #expect(u.cite != nil)
            }
        }
    }
}

@Test func realPlanJSONCarriesProgress() throws {
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("plansite-progress-\(UUID().uuidString)")
    let result = SiteBuilder(options: BuildOptions(root: Fixture.repository, output: output, asAt: "2016-01-31")).run()
    #expect(result.exitCode == 0, "\(result.diagnostics.errors.map(\.formatted))")
    let data = try Data(contentsOf: output.appendingPathComponent("data/plan.json"))
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let progress = try #require(json["progress"] as? [String: Any])
    #expect(progress["asAt"] as? String == "2016-01-31")
    let reports = try #require(progress["reports"] as? [[String: Any]])
    #expect(reports.map { $0["id"] as? String } == ["2016-01-quality-assurance", "2015-10-board-minute-39"])
    let current = try #require(progress["current"] as? [[String: Any]])
    #expect(current.first { $0["target"] as? String == "action:2.1" }?["status"] as? String == "in-progress")
    let statuses = try #require(progress["statuses"] as? [[String: Any]])
    #expect(statuses.count == 6)
    let series = try #require(progress["series"] as? [[String: Any]])
    let cp = try #require(series.first { $0["id"] as? String == "child-protection-plans" })
    // As at January 2016: the 2017 and 2018 figures are not yet known.
    #expect((cp["observations"] as? [[String: Any]])?.compactMap { $0["value"] as? String } == ["925", "995"])
    try? FileManager.default.removeItem(at: output)
}
