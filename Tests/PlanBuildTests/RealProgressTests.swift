// The real progress content: the Social Care Services Board's reports of
// October 2015 and January 2016, and the demand and volumes figures of seeds
// 003 and 004; each update and observation cites a line of its seed, and the
// cited line holds what the content says.

import Foundation
import Scratch
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
        #expect(latest.progress.asAt?.description == "2020-07-28")   // release 2020.1 and the 2020 update, not the 2018 register
        #expect(latest.progress.asAtRequested == false)
    }

    @Test func demandAndVolumesFigures() throws {
        let linked = try check()
        let cp = try #require(linked.progress.series.first { $0.id == "child-protection-plans" })
        #expect(cp.observations.map(\.value) == ["925", "995", "843", "985"])
        let lac = try #require(linked.progress.series.first { $0.id == "looked-after-children" })
        #expect(lac.observations.map(\.value) == ["793", "779", "870", "930"])
    }

    /// The 2018 re-inspection's figures "At 31 January 2018" feed the series, with their as-at dates and sources (004:93-121).
    @Test func figuresOf2018FeedTheSeries() throws {
        let linked = try check()
        func series(_ id: String) throws -> MeasureSeries { try #require(linked.progress.series.first { $0.id == id }, "\(id)") }
        func at(_ id: String, _ date: String) throws -> TimedObservation {
            try #require(try series(id).observations.first { $0.date.description == date }, "\(id) at \(date)")
        }
        let cin = try at("children-in-need", "2018-01-31")
        #expect(cin.value == "6,120" && cin.cite == "004:97" && cin.period == "31 January 2018")
        // Rates per 10,000 children, as the report gives them beside the counts, with the 31 March 2017 comparison.
        #expect(try series("child-protection-plans-rate").observations.map { "\($0.date) \($0.value ?? "")" } == ["2017-03-31 33", "2018-01-31 38"])
        #expect(try series("looked-after-children-rate").observations.map { "\($0.date) \($0.value ?? "")" } == ["2017-03-31 34", "2018-01-31 36"])
        let outside = try at("looked-after-outside-area", "2018-01-31")
        #expect(outside.value == "445" && outside.qualifier == "or 49%" && outside.cite == "004:104-105")
        #expect(try at("looked-after-foster-families", "2018-01-31").value == "657")
        // January 2018, the month the report gives, beside the 2015 figure from 003.
        let uasc = try series("unaccompanied-asylum-seeking-children")
        #expect(uasc.observations.map { "\($0.date) \($0.value ?? "")" } == ["2015-03-31 102", "2018-01 111"])
        // Every dated figure of the report is in a series, at the same date and with the same value.
        let stats = try #require(linked.documents.document("ofsted-2018-report")).statistics.filter { $0.date != nil }
        #expect(stats.count == 10)
        func lines(_ cite: String?) -> Set<String> { Set(Fixture.citedLines(cite).map { "\($0.seed):\($0.line)" }) }
        let observed = linked.progress.series.flatMap(\.observations)
        for s in stats {
            let match = observed.first { $0.date == s.date && s.value.hasPrefix($0.value ?? "-") && !lines($0.cite).isDisjoint(with: lines(s.cite)) }
            #expect(match != nil, "\(s.id) (\(s.value), \(s.date?.description ?? "")) feeds no series")
        }
        // Figures for "the last 12 months" have no as-at date: not in the series; the special guardianship orders' two
        // figures are recorded once, and shown with the statistic and with finding 67.
        #expect(try #require(linked.documents.statistics["sgo-2018"]).date == nil)
        #expect(linked.plan.allContradictions.filter { $0.about.contains("statistic:sgo-2018") }.count == 1)
        #expect(linked.documents.contradictionsAbout["ofsted-2018-findings:67"]?.map(\.id) == ["sgo-2018"])
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
                let line = try Fixture.citedText(cite)   // "004:107, 004:113", "004:104-105": every line cited
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
    let output = Scratch.folder("plansite-progress")
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

@Test func realProgressPages() throws {
    func build(_ asAt: String?) throws -> URL {
        let output = Scratch.folder("plansite-pages")
        let result = SiteBuilder(options: BuildOptions(root: Fixture.repository, output: output, asAt: asAt)).run()
        #expect(result.exitCode == 0, "\(result.outcome)")
        return output
    }
    func read(_ root: URL, _ path: String) -> String {
        (try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)) ?? ""
    }
    let latest = try build(nil)
    let action = read(latest, "actions/2.1.html")
    #expect(action.contains("Current status: <strong class=\"progress-status progress-status-blue\">In progress</strong> (reported 25 January 2016)"))
    #expect(action.contains("Source: Social Care Services Board, 25 January 2016, item 10"))
    #expect(read(latest, "actions/3.3.html").contains("This row repeats action 2.1: its progress is the progress of action 2.1."))
    #expect(read(latest, "actions/1.1.html").contains("No progress has been reported on this action."))
    let index = read(latest, "report-cards/index.html")
    #expect(index.contains("Report card: January 2016") && index.contains("Report card: October 2015"))
    #expect(index.range(of: "January 2016")!.lowerBound < index.range(of: "October 2015")!.lowerBound)
    let demand = read(latest, "demand-and-volumes-over-time.html")
    #expect(demand.contains("<svg class=\"chart\" role=\"img\" aria-labelledby=\"measure-child-protection-plans-chart-title measure-child-protection-plans-chart-desc\""))
    #expect(demand.contains("<caption id=\"measure-looked-after-children-caption\">Looked after children: figures</caption>"))
    #expect(demand.contains("31 January 2018") && demand.contains("March 2014"))
    #expect(brokenLinks(in: latest) == [])
    let before = try build("2015-09-30")
    #expect(read(before, "actions/2.1.html").contains("No progress has been reported on this action."))
    #expect(read(before, "report-cards/index.html").contains("No progress has been reported yet."))
    #expect(read(before, "actions/2.1.html").contains("As at 30 September 2015."))
    let january = try build("2016-01-31")
    #expect(read(january, "actions/2.1.html").contains("In progress"))
    #expect(!read(january, "report-cards/2016-01.html").isEmpty)
    for url in [latest, before, january] { try? FileManager.default.removeItem(at: url) }
}
