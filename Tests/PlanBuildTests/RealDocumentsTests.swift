// The documents around the plan (content/documents): counts taken from the
// seed text itself (the 2018 findings and their tags, the monitoring visits,
// the planned activities, the tracker rows), compared with the linked plan and
// plan.json; every item's source line holds the item's text; and the checks
// of the document format (impossible date, unknown meeting or minute, unmarked
// editorial link, grade off the scale) give located errors.

import Foundation
import Scratch
import PlanBuild
import PlanLinking
import PlanModel
import Testing

@Suite struct RealDocumentsTests {
    func seed(_ n: String) throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: Fixture.seeds.path)
        let name = try #require(names.first { $0.hasPrefix(n + "_") })
        return try String(contentsOf: Fixture.seeds.appendingPathComponent(name), encoding: .utf8).components(separatedBy: "\n")
    }

    func linked() throws -> LinkedPlan {
        let result = SiteBuilder(options: BuildOptions(root: Fixture.repository, write: false)).run()
        #expect(result.diagnostics.errors.isEmpty, "\(result.diagnostics.errors.map(\.formatted))")
        return try #require(result.linked)
    }

    /// The 2018 findings from 004's text: paragraph numbers 19-110 in order, and the "(Recommendation)" tags per judgement section.
    func findingsFromSeed() throws -> (paragraphs: [Int], tagsBySection: [Int]) {
        let lines = try seed("004")
        var paragraphs: [Int] = []
        var tags: [Int] = []
        var inFindings = false
        for line in lines {
            let s = line.trimmingCharacters(in: .whitespaces)
            if s.hasPrefix("<p><b>The experiences") || s.hasPrefix("<b>Leadership") || s.hasPrefix("**The graded judgement") { tags.append(0); inFindings = true }
            if s.hasPrefix("## **Information about this inspection") { inFindings = false }
            guard inFindings else { continue }
            if let dot = s.firstIndex(of: "."), let n = Int(s[..<dot]), n == (paragraphs.last ?? 18) + 1 { paragraphs.append(n) }
            if s.contains("(Recommendation)") { tags[tags.count - 1] += 1 }
        }
        return (paragraphs, tags)
    }

    @Test func findingsAndTagsMatchTheSeed() throws {
        let source = try findingsFromSeed()
        #expect(source.paragraphs == Array(19...110))
        #expect(source.tagsBySection == [14, 11, 1, 5, 13])
        let d = try linked().documents
        let list = try #require(d.lists["ofsted-2018-findings"])
        #expect(list.items.map(\.number) == source.paragraphs.map(String.init))
        #expect(list.groups.map { $0.items.filter { $0.flags.contains("recommendation") }.count } == source.tagsBySection)
        #expect(d.inspections["ofsted-2018"]?.findings == "ofsted-2018-findings")
    }

    @Test func judgements2018AgainstThe2015Ones() throws {
        let d = try linked().documents
        let now = try #require(d.inspections["ofsted-2018"]), before = try #require(d.inspections["ofsted-2014"])
        #expect(now.previous == before.id)
        #expect(now.judgements.count == 6 && before.judgements.count == 6)
        for j in now.judgements { #expect(before.judgements.first { $0.area == j.area }?.grade == j.grade, "\(j.area)") }
        // "The inspection team consisted of seven Her Majesty's Inspectors (HMI)" (004:335): the lead, the deputy and five team inspectors.
        #expect(now.team.prefix(3).flatMap(\.names).count == 7 && now.team.flatMap(\.names).count == 10)
        // 004:61 gives the previous judgements after "published in August 2015"; the contradiction is recorded on the 2014 inspection.
        #expect(d.contradictionsAbout["inspection:ofsted-2014"]?.contains { $0.id == "ofsted-2015-published" } == true)
        #expect(d.contradictionsAbout["statistic:sgo-2018"]?.first?.claims.map(\.value) == ["50", "55"])
    }

    @Test func monitoringVisitsPrioritiesAndAuditFigures() throws {
        let lines002 = try seed("002")
        let visitLines = lines002.filter { $0.trimmingCharacters(in: .whitespaces).range(of: #"^- Visit \d:"#, options: .regularExpression) != nil }
        let activityLines = lines002.filter { $0.range(of: #"^\s*-?\s*[a-j]\) "#, options: .regularExpression) != nil }
        let priorities = lines002.filter { $0.contains("Planned Activities:") }.count
        #expect(visitLines.count == 4 && activityLines.count == 40 && priorities == 7)
        let d = try linked().documents
        let visits = d.inspectionOrder.filter { $0.kind == "monitoring-visit" }
        #expect(visits.count == visitLines.count + 1)   // visit 5 is described in prose (002:34)
        let five = try #require(visits.last)
        #expect(five.number == "5" && five.status == "cancelled" && five.dates.text == "7 April 2020 to 8 April 2020")
        let plan = try #require(d.lists["cfllc-priorities-2020"])
        #expect(plan.groups.count == priorities && plan.items.count == activityLines.count)
        #expect(plan.groups.allSatisfy { !$0.after.isEmpty })
        let figures = d.statistics.values.filter { $0.group == "Monthly case audit programme" }.map { "\($0.value) \($0.period)" }.sorted()
        #expect(figures == ["1,088 to date (the programme was introduced in November 2018)",
                            "18% In the most recent 3 months of the programme", "22% In the first 3 months of the programme",
                            "26% In the most recent 3 months of the programme", "7% In the first 3 months of the programme"])
        #expect(d.lists["cfllc-update-2020-recommendations"]?.items.map(\.number) == ["48", "49"])
    }

    @Test func thematicAuditsAreTheReportsOwnLists() throws {
        // 002:88-99: "22. To date the following thematic audits have been completed:" and "24. The following thematic
        // audits are also underway:", each followed by its bullets (unnumbered in the report).
        let lines002 = try seed("002")
        func bullets(after lead: String) throws -> [String] {
            let start = try #require(lines002.firstIndex { $0.contains(lead) })
            return lines002[(start + 1)...].prefix { $0.hasPrefix(" - ") }.map { String($0.dropFirst(3)).trimmingCharacters(in: .whitespaces) }
        }
        let completed = try bullets(after: "To date the following thematic audits have been completed:")
        let underway = try bullets(after: "The following thematic audits are also underway:")
        #expect(completed.count == 5 && underway.count == 4)
        let list = try #require(try linked().documents.lists["cfllc-thematic-audits-2020"])
        #expect(list.groups.map(\.heading) == ["Completed", "Underway"])
        #expect(list.groups.map(\.after) == [completed, underway])
        #expect(list.items.isEmpty)   // nothing numbered that the report does not number
    }

    @Test func minute39LeadsToItsRecommendationsAndTheTracker() throws {
        let lines003 = try seed("003")
        let start = try #require(lines003.firstIndex { $0.hasPrefix("SOCIAL CARE SERVICES SCRUTINY BOARD ACTIONS") })
        let end = try #require(lines003.firstIndex { $0.hasPrefix("Social Care Services Board – Forward Work Programme") })
        // A tracker row starts with a date cell; rows continued over a page start with a tab; headers repeat.
        let rows = lines003[start..<end].filter { $0.contains("\t") && !$0.hasPrefix("\t") && !$0.hasPrefix("Date of meeting") }
        let d = try linked().documents
        let tracker = try #require(d.trackers.first)
        #expect(tracker.rows.count == rows.count)
        #expect(tracker.rows.allSatisfy { $0.completed == "unknown" })
        let meeting = try #require(d.meetings["ssb-2015-10-30"])
        let minute = try #require(meeting.minutes.first { $0.number == "39" })
        #expect(minute.recommendations.count == 4)
        let followUp = try #require(d.trackerRowsByMinute["ssb-2015-10-30:39"])
        #expect(followUp.count == 1 && followUp[0].row.progressCheck == "May 2016")
    }

    @Test func timelineRunsFromThe2014InspectionToJuly2020() throws {
        let d = try linked().documents
        // The improvement journey starts in October 2014 with the inspection; what the documents date earlier comes before it.
        let journey = try #require(d.timeline.first { DocumentLinker.sortKey($0.dates) >= DocumentLinker.sortKey(ContentDate(year: 2014, month: 10, day: nil)) })
        #expect(journey.item == "inspection:ofsted-2014")
        #expect(d.timeline.contains { $0.dates.start.description == "2020-07-28" })
        #expect(d.timeline.contains { $0.item == "inspection:ofsted-mv-5" && $0.status == "cancelled" })
        let keys = d.timeline.map { DocumentLinker.sortKey($0.dates) }
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(d.links.filter { !$0.editorial }.allSatisfy { $0.cite != nil })
    }

    /// Dated events the five documents give, added to the timeline with their precision and source (issue 9's audit).
    @Test func timelineHoldsTheDocumentsDatedEvents() throws {
        let d = try linked().documents
        func event(_ id: String) throws -> TimelineEntry { try #require(d.timeline.first { $0.ref == "event:\(id)" }, "\(id)") }
        // 004: leadership changes, with the month the report gives; the hostel, with the year only.
        let dcs = try event("interim-dcs-2017")
        #expect(dcs.dates.text == "October 2017" && dcs.dates.precision == .month && dcs.cite == "004:71, 004:289" && dcs.document == "ofsted-2018-report")
        let hostel = try event("uasc-hostel")
        #expect(hostel.dates.text == "2017" && hostel.dates.precision == .year && hostel.dates.startDescription == "2017" && hostel.cite == "004:285")
        #expect(try event("chief-executive-2018").dates.start.description == "2018-03")
        #expect(try event("health-passport").status == "planned")
        // 002: a year-only inspection and a dated letter.
        let hmip = try event("hmip-yos-inspection")
        #expect(hmip.dates.text == "2019" && hmip.kind == "inspection" && hmip.cite == "002:162")
        #expect(try event("ofsted-mv-letter-2019-12-18").dates.start.description == "2019-12-18")
        // 000: Annex 1's governance meetings and the schedule's dated note.
        let srn = try event("srn-2015-08-13")
        #expect(srn.dates.start.description == "2015-08-13" && srn.kind == "meeting" && srn.cite == "000:1160")
        #expect(try event("audit-governance-2015-07-29").cite == "000:1161-1169, 000:1174")
        let governance = try event("governance-panel-review")
        #expect(governance.dates.text == "September 2015 to October 2015" && governance.status == "planned")
        #expect(try event("member-seminars-report-to-council").dates.start.description == "2016-05")
        // 003: the safeguarding board's meetings, its annual report's dates, the agenda's deadline.
        let sscb = try event("sscb-2014-11-25")
        #expect(sscb.dates.start.description == "2014-11-25" && sscb.kind == "meeting" && sscb.cite?.hasPrefix("003:1639-1650") == true)
        #expect(try event("sscb-established").dates.start.description == "2006-04")
        #expect(try event("scr-child-x").dates.start.description == "2015-01")
        let questions = try event("questions-deadline-2016-01")
        #expect(questions.dates.start.description == "2016-01-18" && questions.item == "meeting:ssb-2016-01-25" && questions.cite == "003:88-89")
        let published = try event("sscb-annual-report-published")
        #expect(published.dates.start.description == "2015-12-01" && published.cite == "003:3011")
        #expect(d.contradictionsAbout["event:sscb-annual-report-published"]?.first?.claims.map(\.value) == ["September 2015", "1 December 2015"])
        // The tracker's progress checks: one entry per month, naming its rows (minute 39's row 22 is due in May 2016).
        let may = try #require(d.timeline.first { $0.item == "tracker:ssb-tracker-2016-01" && $0.dates.start.description == "2016-05" })
        #expect(may.title.hasSuffix("rows 11, 22, 23 and 24") && may.kind == "deadline" && may.cite?.contains("003:3329-3332") == true)
        #expect(d.timeline.filter { $0.item == "tracker:ssb-tracker-2016-01" }.count == 5)
    }

    /// Every event's cited lines give its date: the year, or the month's name when the source gives the month alone.
    @Test func everyEventsSourceLinesGiveItsDate() throws {
        let d = try linked().documents
        var checked = 0
        // Reckoned from another date the source gives: "within 12 months of the date of this notice" (26 January 2016).
        let reckoned: Set = ["dfe-actions-within-12-months"]
        for doc in d.documents {
            for e in doc.events where !reckoned.contains(e.id) {
                let text = try Fixture.citedText(try #require(e.cite, "\(e.id) has no source"))
                let month = ContentDate.monthNames[e.dates.start.month - 1]
                let gives = text.contains(String(e.dates.start.year)) || (e.dates.precision != .year && text.contains(month.prefix(3)))
                #expect(gives, "\(e.id): \(e.cite ?? "") does not give \(e.dates.text)")
                checked += 1
            }
        }
        #expect(checked >= 120)
    }

    /// Every item that cites a single seed line (or the first of a range) has the start of its text on that line.
    @Test func everyItemsSourceLineHoldsItsText() throws {
        let d = try linked().documents
        var seeds: [String: [String]] = [:]
        var checked = 0
        func holds(_ cite: String?, _ text: String) throws {
            guard let cite, let colon = cite.firstIndex(of: ":") else { Issue.record("no source for \(text.prefix(30))"); return }
            let s = String(cite[..<colon])
            let lineText = cite[cite.index(after: colon)...].prefix { $0.isNumber }
            let line = try #require(Int(lineText))
            if seeds[s] == nil { seeds[s] = try seed(s) }
            let words = text.split(separator: " ").prefix(4).joined(separator: " ")
            #expect(seeds[s]![line - 1].contains(words), "\(cite): \(words)")
            checked += 1
        }
        for l in d.documents.flatMap(\.lists) { for i in l.items { try holds(i.cite, i.text) } }
        for m in d.meetings.values { for mn in m.minutes { for r in mn.recommendations { try holds(r.cite, r.text) } } }
        for t in d.trackers { for r in t.rows { try holds(r.cite, r.text) } }
        #expect(checked == 92 + 9 + 40 + 2 + 4 + 24)
    }

    /// The 2018 report's summaries (the executive summary, and the summary under each of three judgements) are
    /// the seed's words: every paragraph of each is in seed 004 (its apostrophes and quotes made plain), and both
    /// reach the built pages.
    @Test func the2018SummariesAreTheReportsWords() throws {
        // The seed's words: its tags taken out and its line and page breaks made single spaces.
        let report = try seed("004").joined(separator: " ").replacingOccurrences(of: "\u{2019}", with: "'").replacingOccurrences(of: "\u{2018}", with: "'")
            .replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let findings = try #require(try linked().documents.documents.flatMap(\.lists).first { $0.id == "ofsted-2018-findings" })
        let summaries = findings.groups.map(\.summary)
        #expect(summaries.map(\.count) == [7, 7, 0, 0, 6])
        for paragraph in summaries.joined() {
            // a paragraph the source splits across a page break is whole here: each of its sentences is in the seed
            for sentence in paragraph.components(separatedBy: ". ") where sentence.count > 40 {
                let found = report.contains(sentence.prefix(60))
                #expect(found, "not in seed 004: \(sentence.prefix(60))")
            }
        }
        let output = Scratch.folder("plansite-summaries")
        #expect(Fixture.build(Fixture.repository, output: output).outcome == .success)
        let inspection = try String(contentsOf: output.appendingPathComponent("inspections/ofsted-2018.html"), encoding: .utf8)
        #expect(inspection.components(separatedBy: "<div class=\"doc-summary\">").count - 1 == 3)
        #expect(inspection.contains("<p>There are widespread and serious failures in the assessment, planning and management of risk"))
        let page = try String(contentsOf: output.appendingPathComponent("ofsted-2018.html"), encoding: .utf8)
        let executive = try seed("004")[19]   // 004:20, the executive summary's first paragraph
        #expect(page.contains("<h2 id=\"executive-summary\">Executive summary</h2>") && page.contains(String(executive.prefix(120))))
        try? FileManager.default.removeItem(at: output)
    }

    @Test func builtSiteAndPlanJSONHoldTheDocuments() throws {
        let output = Scratch.folder("plansite-docs")
        let result = Fixture.build(Fixture.repository, output: output)
        #expect(result.outcome == .success)
        let data = try Data(contentsOf: output.appendingPathComponent("data/plan.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let docs = try #require(json["documents"] as? [String: Any])
        let counts = try #require(docs["counts"] as? [String: Int])
        #expect(counts["findings"] == 92 && counts["findingsTagged"] == 44)
        #expect(counts["monitoringVisits"] == 5 && counts["monitoringVisitsCancelled"] == 1)
        for page in ["inspections/ofsted-2018.html", "inspections/2015-to-2018.html", "timeline.html", "easy-read.html",
                     "scrutiny/ssb-2015-10-30.html", "scrutiny/ssb-tracker-2016-01.html", "documents/cfllc-priorities-2020.html"] {
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(page).path), "\(page)")
        }
        let inspection = try String(contentsOf: output.appendingPathComponent("inspections/ofsted-2018.html"), encoding: .utf8)
        #expect(inspection.components(separatedBy: "<span class=\"doc-tag\">(Recommendation)</span>").count - 1 == 44)
        #expect(inspection.contains("Every grade is unchanged."))
        let coverage = try String(contentsOf: output.appendingPathComponent("coverage/ofsted-2018.html"), encoding: .utf8)
        #expect(coverage.contains("No mapping has been published") && !coverage.contains(">Not addressed<"))
        #expect(coverage.contains("linked by the editors, not by the report"))
        #expect(brokenLinks(in: output) == [])
        try? FileManager.default.removeItem(at: output)
    }
}

@Suite struct DocumentCheckTests {
    /// A copy of the fixture site with `document` as its one document file.
    func site(with document: String) throws -> URL {
        let root = try Fixture.copy()
        try (try String(contentsOf: root.appendingPathComponent("site.yaml"), encoding: .utf8) + "\ndocuments: documents\n")
            .write(to: root.appendingPathComponent("site.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("documents"), withIntermediateDirectories: true)
        try document.write(to: root.appendingPathComponent("documents/doc.yaml"), atomically: true, encoding: .utf8)
        return root
    }

    func check(_ document: String) throws -> [Diagnostic] {
        Fixture.build(try site(with: document), write: false).diagnostics
    }

    static let head = """
    id: doc
    title: A report
    issuer: Ofsted
    date: 2018-05-16

    """

    /// An inspection 'i' whose judgements follow (from line 12 after `head`).
    static let inspection = """
    inspections:
      - id: i
        title: An inspection
        inspectorate: ofsted
        kind: re-inspection
        date: 2018-03
        judgements:

    """

    /// A list of two findings, 19 and 20 (lines 5-10 after `head`).
    static let findings = """
    lists:
      - id: findings
        title: Findings
        items:
          - {number: "19", text: A finding}
          - {number: "20", text: Another}

    """

    @Test func impossibleEventDate() throws {
        let d = try check(Self.head + "events:\n  - id: e\n    title: An event\n    date: 2016-02-30\n")
        let e = try #require(d.first { $0.code == "bad-date" })
        #expect(e.severity == .error && e.location?.file == "documents/doc.yaml" && e.location?.line == 8)
        #expect(e.message.contains("2016-02-30") && e.suggestion != nil)
    }

    @Test func eventsDatedByTheYearAndTheirChecks() throws {
        let d = try check(Self.head + """
        events:
          - {id: a, title: A year, date: 2017}
          - {id: b, title: Some years, start: 2013, end: 2017}
          - {id: c, title: Mixed, start: 2015, end: 2015-06}
          - {id: d, title: Backwards, start: 2017, end: 2015}
          - {id: e, title: No year, date: "0999"}
          - {id: f, title: Odd kind, kind: party, status: happened, date: 2016-01}

        """)
        let dates = d.filter { $0.code == "bad-date" }
        #expect(dates.map { $0.location?.line } == [8, 9, 10])
        #expect(dates[0].message.contains("is a year but the end '2015-06' is not") && dates[0].suggestion?.contains("both as years") == true)
        #expect(dates[2].message.contains("is not a year"))
        let kind = try #require(d.first { $0.code == "bad-event-kind" })
        #expect(kind.location?.line == 11 && kind.suggestion?.contains("milestone") == true)
        let status = try #require(d.first { $0.code == "bad-event-status" })
        #expect(status.location?.line == 11 && status.suggestion?.contains("planned") == true)
        #expect(d.filter { $0.severity == .error }.count == 5)
    }

    @Test func yearEventOnTheTimelineAndInPlanJSON() throws {
        let root = try site(with: Self.head + "events:\n  - {id: hostel, title: A hostel opens, date: 2017, source: \"004:285\"}\n  - {id: later, title: Later that year, date: 2017-01}\n")
        let output = root.deletingLastPathComponent().appendingPathComponent("out")
        let result = Fixture.build(root, output: output)
        #expect(result.outcome == .success)
        let timeline = try #require(result.linked?.documents.timeline)
        let year = try #require(timeline.firstIndex { $0.ref == "event:hostel" }), month = try #require(timeline.firstIndex { $0.ref == "event:later" })
        #expect(year < month && timeline[year].dates.text == "2017")
        let page = try String(contentsOf: output.appendingPathComponent("timeline.html"), encoding: .utf8)
        #expect(page.contains("<tr id=\"event-hostel\"><td>2017</td>"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: output.appendingPathComponent("data/plan.json"))) as? [String: Any])
        let events = try #require((json["documents"] as? [String: Any])?["timeline"] as? [[String: Any]])
        let hostel = try #require(events.first { $0["id"] as? String == "hostel" })
        #expect(hostel["start"] as? String == "2017" && hostel["end"] as? String == "2017" && hostel["precision"] as? String == "year")
    }

    @Test func trackerRowNamingAMissingMeetingOrMinute() throws {
        let d = try check(Self.head + """
        meetings:
          - id: m-2015-10-30
            body: Board
            date: 2015-10-30
            minutes:
              - {number: "39", title: Update}
        trackers:
          - id: t
            title: Tracker
            rows:
              - {number: "1", meeting: m-2015-10-31, item: X, text: Y}
              - {number: "2", meeting: m-2015-10-30, minute: "40", item: X, text: Y}
              - {number: "3", meeting: m-2015-10-30, minute: "39", item: X, text: Y}

        """)
        let meeting = try #require(d.first { $0.code == "unknown-meeting" })
        #expect(meeting.location?.line == 15 && meeting.suggestion == "did you mean m-2015-10-30?")
        let minute = try #require(d.first { $0.code == "unknown-minute" })
        #expect(minute.location?.line == 16 && minute.message.contains("minute 40"))
        #expect(d.filter { $0.severity == .error }.count == 2)
    }

    /// Two minutes of one number in a meeting, two recommendations of one number in a minute, or two rows of one number
    /// in a tracker passed `check` only for `build` to fail (status 2) on the page's duplicate anchor, blaming the theme.
    @Test func minutesRecommendationsAndTrackerRowsAreNumberedOnce() throws {
        let d = try check(Self.head + """
        meetings:
          - id: m-1
            body: Board
            date: 2015-10-30
            minutes:
              - {number: "39", title: Update, recommendations: [{number: "1", text: A}, {number: "1", text: B}]}
              - {number: "39", title: Again}
        trackers:
          - id: t
            title: Tracker
            rows:
              - {number: "1", meeting: m-1, item: X, text: Y}
              - {number: "1", meeting: m-1, item: X, text: Z}

        """)
        #expect(d.filter { $0.severity == .error }.map(\.formatted) == [
            "documents/doc.yaml:10:81: error: minute 39 has two recommendations numbered 1 (first at documents/doc.yaml:10:57); check the numbering against the source",
            "documents/doc.yaml:11:9: error: the meeting 'm-1' has two minutes numbered 39 (first at documents/doc.yaml:10:9); check the numbering against the source",
            "documents/doc.yaml:17:9: error: the tracker 't' has two rows numbered 1 (first at documents/doc.yaml:16:9); check the numbering against the source",
        ])
    }

    /// Two contradictions of one id, two phases of one number, or two judgements of one area in an inspection were all
    /// published as they were (the contradiction warned of twice, the phase and the grade shown twice).
    @Test func contradictionsPhasesAndJudgementsAreGivenOnce() throws {
        let d = try check(Self.head + Self.inspection + """
              - {area: overall, title: Overall effectiveness, grade: inadequate}
              - {area: overall, title: Overall effectiveness, grade: good}
        phases:
          - {number: 1, title: Responding, start: 2014-10, end: 2015-09}
          - {number: 1, title: Strengthening, start: 2015-09, end: 2016-10}

        """)
        #expect(d.filter { $0.severity == .error }.map(\.formatted) == [
            "documents/doc.yaml:13:9: error: the inspection 'i' has two judgements of the area overall (first at documents/doc.yaml:12:9); check the numbering against the source",
            "documents/doc.yaml:16:5: error: the document 'doc' has two phases numbered 1 (first at documents/doc.yaml:15:5); check the numbering against the source",
        ])
        let twice = try check(Self.head + """
        contradictions:
          - {id: c, fact: A date, claims: [{value: "1", source: "001:8"}, {value: "2", source: "004:61"}]}
          - {id: c, fact: A date, claims: [{value: "1", source: "001:8"}, {value: "2", source: "004:61"}]}

        """)
        #expect(twice.filter { $0.severity == .error }.map(\.formatted) == [
            "documents/doc.yaml:7:5: error: the contradiction 'c' has the id of something else (at documents/doc.yaml:6:5); give each document, inspection, list, meeting, tracker, statistic, event and contradiction its own id",
        ])
    }

    @Test func linkWithoutProvenance() throws {
        let d = try check(Self.head + Self.findings + """
        links:
          - {from: "findings:19", to: "findings:20", type: relates}
          - {from: "findings:19", to: "findings:20", type: relates, editorial: true}
          - {from: "findings:19", to: "findings:20", type: relates, source: "004:166"}
          - {from: "findings:19", to: "findings:21", type: relates, editorial: true}

        """)
        let unmarked = d.filter { $0.code == "unmarked-editorial-link" }
        #expect(unmarked.count == 1 && unmarked[0].location?.line == 12 && unmarked[0].suggestion?.contains("editorial: true") == true)
        let unknown = try #require(d.first { $0.code == "unknown-reference" })
        #expect(unknown.location?.line == 15 && unknown.message.contains("no item 21"))
    }

    /// `to: "findings:20#x"` linked to item 20, the '#x' dropped without a word.
    @Test func aLinkWithAHashPartIsAnError() throws {
        let d = try check(Self.head + Self.findings + """
        links:
          - {from: "findings:19", to: "findings:20#x", type: relates, editorial: true}

        """)
        #expect(d.filter { $0.severity == .error }.map(\.formatted) == [
            "documents/doc.yaml:12:31: error: the link's 'to' cannot be resolved: '#x' cannot follow a reference here: a link joins whole items; check the reference",
        ])
    }

    /// A link from an item to itself, or a link given twice, was published as it was (the item "relates to" itself;
    /// the same link listed twice).
    @Test func aLinkToItselfOrGivenTwiceIsAnError() throws {
        let d = try check(Self.head + Self.findings + """
        links:
          - {from: "findings:19", to: "findings:19", type: relates, editorial: true}
          - {from: "findings:19", to: "findings:20", type: relates, editorial: true}
          - {from: "findings:19", to: "findings:20", type: relates, source: "004:166"}

        """)
        #expect(d.filter { $0.severity == .error }.map(\.formatted) == [
            "documents/doc.yaml:12:31: error: the link goes from findings:19 to itself; link it to another item, or remove the link",
            "documents/doc.yaml:14:5: error: this link repeats the one at documents/doc.yaml:13:5 (from findings:19 to findings:20, relates); remove one of them",
        ])
    }

    @Test func gradeOutsideTheScale() throws {
        let d = try check(Self.head + Self.inspection + """
              - {area: "1", title: Help and protection, grade: inadequate}
              - {area: "2", title: Looked after, grade: requires-improvement-to-be-good}

        """)
        let bad = d.filter { $0.code == "bad-grade" }
        #expect(bad.count == 1 && bad[0].location?.line == 13 && bad[0].suggestion?.contains("requires-improvement") == true)
    }

    /// An id names a page (`inspections/ID.html`, `scrutiny/ID.html`) or an anchor: one with `..` wrote a file outside the
    /// output folder, one with a space gave an invalid HTML id, and a meeting and a tracker of one id, or a meeting called
    /// `index`, gave two files at one path; `check` passed them all and `build` failed (status 2) blaming the theme.
    /// An event (or inspection, or phase) with `date:` and `end:` (or `start:`) was shown on the `date` alone: the end
    /// was dropped without a word.
    @Test func aDateWithAStartOrAnEndIsAnErrorAtTheSecond() throws {
        let d = try check(Self.head + """
        events:
          - {id: a, title: Reviews, date: 2016-07-26, end: 2016-09-01}
          - {id: b, title: Reviews, start: 2016-07, date: 2016-07-26}

        """)
        #expect(d.filter { $0.severity == .error }.map(\.formatted) == [
            "documents/doc.yaml:6:52: error: an event has both 'date' and 'end'; give 'date' for one day, month or year, or 'start' and 'end' for a span, not both",
            "documents/doc.yaml:7:36: error: an event has both 'date' and 'start'; give 'date' for one day, month or year, or 'start' and 'end' for a span, not both",
        ])
    }

    @Test func idsAreSafeNamesAndNoTwoPagesShareAPath() throws {
        let root = try site(with: Self.head + """
        inspections:
          - {id: "../../escaped", title: An inspection, inspectorate: ofsted, kind: re-inspection, date: 2018-03}
        events:
          - {id: Dfe First, title: An event, date: 2016-02}

        """)
        let result = Fixture.build(root)
        #expect(result.exitCode == 1)
        #expect(result.diagnostics.errors.map(\.formatted) == [
            "documents/doc.yaml:6:10: error: '../../escaped' cannot be the id of an inspection: an id may hold only lower-case letters (a-z), digits and hyphens; write it as escaped",
            "documents/doc.yaml:8:10: error: 'Dfe First' cannot be the id of an event: an id may hold only lower-case letters (a-z), digits and hyphens; write it as dfe-first",
        ])
        #expect(!FileManager.default.fileExists(atPath: root.deletingLastPathComponent().appendingPathComponent("escaped.html").path))
        let paths = try check(Self.head + """
        inspections:
          - {id: index, title: Another, inspectorate: ofsted, kind: re-inspection, date: 2018-04}
        meetings:
          - {id: m-1, body: Board, date: 2015-10-30}
        trackers:
          - {id: m-1, title: Tracker}

        """)
        #expect(paths.filter { $0.severity == .error }.map(\.formatted) == [
            "documents/doc.yaml:6:5: error: the inspection 'index' would be written to inspections/index.html, where the build writes the index of inspections; give the inspection another id",
            "documents/doc.yaml:10:5: error: the tracker 'm-1' would be written to scrutiny/m-1.html, as the meeting 'm-1' is (documents/doc.yaml:8:5); give one of them another id",
        ])
    }

    @Test func contradictionIsAWarningWhereItIsRecorded() throws {
        let d = try check(Self.head + """
        contradictions:
          - id: c
            fact: The publication date
            claims:
              - {value: "3 June 2015", source: "001:8"}
              - {value: "August 2015", source: "004:61"}

        """)
        let w = d.filter { $0.code == "source-contradiction" }
        #expect(w.count == 1 && w[0].severity == .warning && w[0].location?.line == 6)
        #expect(d.filter { $0.severity == .error }.isEmpty)
    }
}
