// Progress over time: the report files, the status vocabulary, measures over
// time and the plan as at a date. Each check's diagnostic is asserted exactly,
// with positions counted by hand from the texts below (1-based).

@testable import PlanLinking
import PlanLoading
import PlanModel
import Testing

private let siteWithProgress = Site.siteText + """
progress: content/progress
observations:
  - content/demand.csv

"""

private let measuresText = """
group: Demand and volumes
measures:
  - id: cp
    title: Children subject of a child protection plan
    polarity: lower

"""

private let demandCSV = """
measure,date,period,value,qualifier,source
cp,2014-03-31,March 2014,925,,003:1354
cp,2015-03-31,March 2015,995,,003:1354

"""

//  1 title: January 2016 update
//  2 date: 2016-01-25
//  3 source:
//  4   title: Board, 25 January 2016
//  5   date: 2016-01-25
//  6 updates:
//  7   - target: action:1.1
//  8     status: in-progress
//  9     quote: now being embedded
// 10     text: Workshops were held.
// 11   - target: action:2.2
// 12     timeframe: [Q4 15/16]
// 13     text: The community of practice met.
private let january = """
title: January 2016 update
date: 2016-01-25
source:
  title: Board, 25 January 2016
  date: 2016-01-25
updates:
  - target: action:1.1
    status: in-progress
    quote: now being embedded
    text: Workshops were held.
  - target: action:2.2
    timeframe: [Q4 15/16]
    text: The community of practice met.

"""

/// A report dated `date` whose one update (line 7 onwards) is `update`.
private func report(date: String = "2016-02-29", _ update: String) -> String {
    """
    title: Another update
    date: \(date)
    source:
      title: Board
      date: \(date)
    updates:
    \(update)

    """
}

private let jan = "content/progress/2016-01.yaml"
private let feb = "content/progress/2016-02.yaml"

private func files(_ extra: [String: String?] = [:]) -> [String: String?] {
    var f: [String: String?] = [Site.siteYAML: siteWithProgress, "content/demand.csv": demandCSV, "content/demand.yaml": measuresText, jan: january]
    for (k, v) in extra { f[k] = v }
    return f
}

@Suite struct ProgressTests {
    @Test func anUpdateDatedAfterItsActionWasWithdrawnIsAnErrorAtTheUpdate() throws {
        func withdrawn(_ date: String) -> String {
            Site.workArea1Text.replacingOccurrences(of: "      - ref: \"1.1\"\n", with: "      - ref: \"1.1\"\n        withdrawn: {date: \(date)}\n")
        }
        let late = Site.load(files([Site.workArea1: withdrawn("2016-01-10")]))
        #expect(late.diagnostics.formatted() == [
            "content/progress/2016-01.yaml:7:13: error: action 1.1 was withdrawn on 2016-01-10 (content/work-areas/1.yaml:18:20); "
                + "this update of 2016-01-25 reports on it after that; remove the update, or date the withdrawal after it",
        ])
        // Withdrawn after the update: the plan as at any later date still links (the update is not read back in).
        let loaded = Site.load(files([Site.workArea1: withdrawn("2016-02-01")]))
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics.formatted())")
        let plan = try #require(loaded.plan)
        for date in ["2016-02-01", "2030-01-01"] {
            guard case .success(let d) = ContentDate.parse(date) else { Issue.record("date"); continue }
            let linked = Linker().link(plan.asAt(d))
            #expect(linked.diagnostics.errors.isEmpty, "\(date): \(linked.diagnostics.formatted())")
        }
    }

    @Test func aMistakeInAMeasuresDeclarationIsOneErrorNotOneMoreForEachOfItsRows() {
        let loaded = Site.load(files(["content/demand.yaml": measuresText.replacingOccurrences(of: "polarity: lower", with: "polarity: up")]))
        #expect(loaded.diagnostics.formatted() == [
            "content/demand.yaml:5:15: error: 'up' is not a polarity; write 'higher' (higher is better), 'lower' (lower is better) or 'neither'",
        ])
    }

    @Test func realisticReportLinks() throws {
        let linked = try Site.link(files())
        #expect(linked.diagnostics.errors.isEmpty, "\(linked.diagnostics.formatted())")
        let p = linked.progress
        #expect(p.current(.action("1.1"))?.status.label == "In progress")
        // 2.2 repeats 1.2: its update is the original's, one action not two.
        #expect(p.history[.action("1.2")]?.count == 1)
        #expect(p.history[.action("2.2")] == nil)
        #expect(p.revisedTimeframe(.action("1.2"))?.quarters == ["Q4 15/16"])
        #expect(p.current(.action("1.2")) == nil)
        #expect(p.series.first?.observations.map(\.value) == ["925", "995"])
        #expect(p.periods.map(\.key) == ["2016-01"])
        #expect(linked.rendered["progress:2016-01:0"]?.html.contains("Workshops were held.") == true)
    }

    @Test func unknownTargetIsLocated() throws {
        let linked = try Site.link(files([feb: report("  - target: action:1.3\n    text: Done.")]))
        #expect(linked.diagnostics.formatted(code: "unknown-target") == [
            "content/progress/2016-02.yaml:7:13: error: the update targets action 1.3, which does not exist; did you mean 1.1?",
        ])
    }

    @Test func unknownRegisterItemIsLocated() throws {
        let linked = try Site.link(files([feb: report("  - target: ofsted-2015:9\n    text: Done.")]))
        #expect(linked.diagnostics.formatted(code: "unknown-target") == [
            "content/progress/2016-02.yaml:7:13: error: the update targets ofsted-2015 item 9, which does not exist; did you mean 1?",
        ])
        let ok = try Site.link(files([feb: report("  - target: ofsted-2015:3\n    text: Done.")]))
        #expect(ok.diagnostics.errors.isEmpty)
        #expect(ok.progress.history[.item(ItemKey("ofsted-2015", "3"))]?.count == 1)
    }

    @Test func unknownStatusIsLocated() throws {
        let linked = try Site.link(files([feb: report("  - target: action:1.1\n    status: on-trak\n    quote: going well\n    text: Done.")]))
        #expect(linked.diagnostics.formatted(code: "unknown-status") == [
            "content/progress/2016-02.yaml:8:13: error: 'on-trak' is not a status; the statuses are: not-started, in-progress, at-risk, off-track, complete, withdrawn (declared under 'statuses' in site.yaml)",
        ])
    }

    @Test func statusNeedsTheSourcesWords() {
        let loaded = Site.load(files([feb: report("  - target: action:1.1\n    status: complete\n    text: Done.")]))
        #expect(loaded.diagnostics.formatted(code: "status-without-quote") == [
            "content/progress/2016-02.yaml:8:13: error: the update on action:1.1 gives a status but not the source's words for it; add 'quote:' with the words of the source that support the status, or remove 'status'",
        ])
    }

    /// A measure's id names its anchor on the page of measures over time (`measure-ID`): 'Child Plans' gave an HTML id
    /// with a space, which no link can reach.
    @Test func aMeasureIDIsASafeName() {
        let loaded = Site.load(files(["content/demand.yaml": measuresText.replacingOccurrences(of: "id: cp", with: "id: Child Plans"),
                                      "content/demand.csv": demandCSV.replacingOccurrences(of: "cp,", with: "Child Plans,")]))
        #expect(loaded.diagnostics.map(\.formatted) == [
            "content/demand.yaml:3:9: error: 'Child Plans' cannot be the id of a measure: an id may hold only lower-case letters (a-z), digits and hyphens; write it as child-plans",
        ])
    }

    /// As in a work area: a revised timeframe's bad or repeated quarter is an error at the quarter, not at the list.
    @Test func aRevisedTimeframesQuarterIsCheckedWhereItIsWritten() {
        let loaded = Site.load(files([feb: report("  - target: action:1.1\n    timeframe: [Q4 15/16, Q5 16/17, Q4 15/16]\n    text: Done.")]))
        #expect(loaded.diagnostics.map(\.formatted) == [
            "content/progress/2016-02.yaml:8:27: error: 'Q5 16/17' is not a quarter; write quarters as the plan does: Q4 15/16 (the quarter, then the financial year)",
            "content/progress/2016-02.yaml:8:37: error: the timeframe gives Q4 15/16 twice; remove the repeat",
        ])
    }

    @Test func malformedAndImpossibleDates() {
        let bad = Site.load(files([feb: report(date: "29/02/2016", "  - target: plan\n    text: Done.")]))
        #expect(bad.diagnostics.formatted(code: "bad-date") == [
            "content/progress/2016-02.yaml:2:7: error: '29/02/2016' is not a date; write it as YYYY-MM-DD, or YYYY-MM for a whole month, e.g. 2016-01-25",
            "content/progress/2016-02.yaml:5:9: error: '29/02/2016' is not a date; write it as YYYY-MM-DD, or YYYY-MM for a whole month, e.g. 2016-01-25",
        ])
        let impossible = Site.load(files([feb: report(date: "2015-02-29", "  - target: plan\n    text: Done.")]))
        #expect(impossible.diagnostics.formatted(code: "bad-date").first ==
            "content/progress/2016-02.yaml:2:7: error: '2015-02-29' is not a date that exists; check the month and the day")
        let csv = Site.load(files(["content/demand.csv": "measure,date,period,value,qualifier,source\ncp,2014-13-31,March 2014,925,,\n"]))
        #expect(csv.diagnostics.formatted(code: "bad-date") == [
            "content/demand.csv:2:4: error: '2014-13-31' is not a date that exists; write the date the value is as at, as YYYY-MM-DD (or YYYY-MM), e.g. 2015-03-31",
        ])
    }

    @Test func disagreeingUpdatesOnOneDate() throws {
        let linked = try Site.link(files([feb: report(date: "2016-01-25", "  - target: action:1.1\n    status: at-risk\n    quote: may slip\n    text: Late.")]))
        #expect(linked.diagnostics.formatted(code: "conflicting-updates") == [
            "content/progress/2016-02.yaml:8:13: error: two updates on action 1.1 dated 2016-01-25 disagree: this one gives status 'at-risk', but the update at content/progress/2016-01.yaml:7:5 gives 'in-progress'; make them agree, or correct the date of one of them",
        ])
    }

    @Test func progressAfterCompleteIsAWarning() throws {
        let done = report(date: "2016-01-31", "  - target: action:1.1\n    status: complete\n    quote: delivered\n    text: Delivered.")
        let later = report(date: "2016-03-31", "  - target: action:1.1\n    text: More workshops.")
        let linked = try Site.link(files(["content/progress/2016-01b.yaml": done, "content/progress/2016-03.yaml": later]))
        #expect(linked.diagnostics.formatted(code: "progress-after-complete") == [
            "content/progress/2016-03.yaml:7:5: warning: action 1.1 was reported complete on 2016-01-31 (content/progress/2016-01b.yaml:7:5), but this later update reports further progress; if it was reopened, give the update a status saying so; otherwise check the target",
        ])
        #expect(linked.progress.current(.action("1.1"))?.status.id == "complete")
    }

    /// The same update pasted twice in one report (same target, date and text) was published twice without a word.
    @Test func anUpdateRepeatedInOneReportIsAWarningAtTheRepeat() throws {
        // Lines 14-17: the update of lines 7-10 again.
        let first = "  - target: action:1.1\n    status: in-progress\n    quote: now being embedded\n    text: Workshops were held.\n"
        let pasted = Site.load(files([jan: january + first]))
        #expect(pasted.diagnostics.formatted() == [
            "content/progress/2016-01.yaml:14:5: warning: this update repeats the update on action:1.1 of 2016-01-25 at line 7, with the same text; it is not read; remove one of the two",
        ])
        let plan = try #require(pasted.plan)
        #expect(plan.progress.reports.first?.updates.count == 2)
        #expect(Linker().link(plan).progress.history[.action("1.1")]?.count == 1)
        // A repeat that adds something (a cite) is kept, and the warning says what it adds; one dated otherwise is no repeat.
        let cited = Site.load(files([jan: january + first + "    cite: \"003:3043\"\n"]))
        #expect(cited.diagnostics.formatted() == [
            "content/progress/2016-01.yaml:14:5: warning: this update repeats the update on action:1.1 of 2016-01-25 at line 7, with the same text, so the text would be shown twice; its cite differs; "
                + "keep one update: move what this one adds into the first and remove it, or correct its target, date or text",
        ])
        #expect(cited.plan?.progress.reports.first?.updates.count == 3)
        let dated = Site.load(files([jan: january + first + "    date: 2016-01-20\n"]))
        #expect(dated.diagnostics.isEmpty, "\(dated.diagnostics.formatted())")
        #expect(Site.load(files([jan: january + first.replacingOccurrences(of: "held.", with: "held again.")])).diagnostics.isEmpty)
    }

    /// A source written as one line of text was also said to be missing, at 1:1.
    @Test func aSourceWrittenAsTextIsOneErrorAtIt() {
        let report = january.replacingOccurrences(of: "source:\n  title: Board, 25 January 2016\n  date: 2016-01-25\n", with: "source: Board, 25 January 2016\n")
        #expect(Site.load(files([jan: report])).diagnostics.formatted() == [
            "content/progress/2016-01.yaml:3:9: error: the report's source must be a mapping of keys to values, found the text 'Board, 25 January 2016'; write it as 'key: value' lines; see docs/content-format.md",
        ])
    }

    /// A report copied to start the next one from, and left as it was, was read as a second report: its updates shown twice.
    @Test func aReportThatIsAnExactCopyOfAnotherIsAWarning() {
        let loaded = Site.load(files([feb: january]))
        #expect(loaded.diagnostics.formatted() == [
            "content/progress/2016-02.yaml:1:1: warning: this progress report is an exact copy of content/progress/2016-01.yaml; "
                + "remove it, or make it the report it was meant to be: its title, date, source and updates",
        ])
        let edited = Site.load(files([feb: january.replacingOccurrences(of: "Workshops were held.", with: "More workshops were held.")]))
        #expect(edited.diagnostics.formatted(code: "copied-report").isEmpty)
    }

    /// A report dated before the plan was published (a year typed wrong, most often) was read without a word.
    @Test func aReportDatedBeforeThePlanIsAWarningAtItsDate() {
        let early = Site.load(files([feb: report(date: "2015-08-31", "  - target: plan\n    text: Done.")]))
        #expect(early.diagnostics.formatted() == [
            "content/progress/2016-02.yaml:2:7: warning: this progress report is dated 2015-08-31, before the plan itself (release 1.0, dated 2015-09-01); "
                + "check the date (its year, most likely); a report on what came before the plan belongs in the documents around it",
        ])
        // A report of the plan's own month, or day, is not before it.
        for date in ["2015-09", "2015-09-01"] {
            #expect(Site.load(files([feb: report(date: date, "  - target: plan\n    text: Done.")])).diagnostics.isEmpty, "\(date)")
        }
    }

    /// A report dated a whole month (as the format allows) had each update that takes the report's date called later
    /// than its report ("this update is dated 2016-02 but its report is dated 2016-02"): one error per update, all at
    /// the report's date.
    @Test func aReportOfAWholeMonthHoldsUpdatesOfThatMonth() {
        let month = Site.load(files([feb: report(date: "2016-02", "  - target: plan\n    text: Done.\n  - target: action:1.1\n    date: 2016-02-10\n    text: Begun.")]))
        #expect(month.diagnostics.isEmpty, "\(month.diagnostics.formatted())")
        // An update of a whole month in a report of a day of it may tell of what came before that day; one of a later month may not.
        let later = Site.load(files([feb: report(date: "2016-02-15", "  - target: plan\n    date: 2016-02\n    text: Done.\n  - target: plan\n    date: 2016-03\n    text: Later.")]))
        #expect(later.diagnostics.formatted() == [
            "content/progress/2016-02.yaml:11:11: error: this update is dated 2016-03 but its report is dated 2016-02-15; "
                + "a report cannot tell of later progress: correct the date, or move the update to a later report",
        ])
    }

    @Test func unknownMeasureInCSV() {
        let loaded = Site.load(files(["content/demand.csv": "measure,date,period,value,qualifier,source\nlac,2014-03-31,March 2014,793,,\n"]))
        #expect(loaded.diagnostics.formatted(code: "unknown-measure") == [
            "content/demand.csv:2:1: error: no measure 'lac' is declared in content/demand.yaml; declare it under 'measures:' in content/demand.yaml",
        ])
    }

    /// A measure declared with no rows was published as its heading, "No figures are available. No figure is
    /// available.", an empty figure and an empty table, without a word to the team.
    @Test func measureWithoutRowsIsAWarningAtItsID() throws {
        // content/demand.yaml, line 6: "  - id: lac" (its id at column 9)
        let measures = measuresText + "  - id: lac\n    title: Looked after children\n"
        let loaded = Site.load(files(["content/demand.yaml": measures]))
        #expect(loaded.diagnostics.formatted() == [
            "content/demand.yaml:6:9: warning: the measure 'lac' has no rows in content/demand.csv, so its page section says only that no figures are available; "
                + "add its figures to content/demand.csv (lac,YYYY-MM-DD,period,value,,source), or remove the measure until there are some",
        ])
        // Rows given, each of them wrong: said at the rows, not again at the measure.
        let wrongRows = Site.load(files(["content/demand.yaml": measures, "content/demand.csv": demandCSV + "lac,2015-02-30,March 2015,12,,\n"]))
        #expect(wrongRows.diagnostics.formatted().count == 1 && wrongRows.diagnostics.formatted()[0].hasPrefix("content/demand.csv:4:5: error: '2015-02-30' is not a date that exists"),
                "\(wrongRows.diagnostics.formatted())")
    }

    @Test func declaredVocabularyReplacesTheDefault() throws {
        let statuses = """
        statuses:
          - id: red
            label: Red, not on track
            meaning: Will not be delivered on time.
            rollup: open
          - id: done
            label: Delivered
            rollup: finished

        """
        let loaded = Site.load(files([Site.siteYAML: siteWithProgress + statuses]))
        #expect(loaded.diagnostics.formatted(code: "bad-rollup") == [
            "site.yaml:23:13: error: 'finished' is not a roll-up rule; write 'done' (counts as delivered), 'open' (not yet delivered) or 'excluded' (left out of roll-ups)",
        ])
        #expect(loaded.plan?.progress.statuses.ids == ["red"])
    }

    /// Two statuses of one label ("Not started" for both) were shown alike on every page and legend.
    @Test func twoStatusesOfOneLabelAreAnError() throws {
        let statuses = """
        statuses:
          - {id: not-started, label: Not started, rollup: open}
          - {id: waiting, label: not started, rollup: open}

        """
        let loaded = Site.load(files([Site.siteYAML: siteWithProgress + statuses]))
        #expect(loaded.diagnostics.map(\.formatted) == [
            "site.yaml:18:26: error: the statuses 'waiting' and 'not-started' have one label, 'not started'; readers could not tell them apart: give each status its own label",
        ])
    }

    @Test func asAtLeavesOutLaterProgress() throws {
        let loaded = Site.load(files())
        let plan = try #require(loaded.plan)
        #expect(plan.latestDate?.description == "2016-01-25")
        let before = Linker().link(plan.asAt(try ContentDate.parse("2015-09-30").get()))
        #expect(before.progress.reports.isEmpty)
        #expect(before.progress.history.isEmpty)
        #expect(before.progress.series.first?.observations.count == 2)
        let march2014 = Linker().link(plan.asAt(try ContentDate.parse("2014-12").get()))
        #expect(march2014.progress.series.first?.observations.map(\.period) == ["March 2014"])
        let after = Linker().link(plan.asAt(try ContentDate.parse("2016-01-31").get()))
        #expect(after.progress.current(.action("1.1"))?.status.id == "in-progress")
        #expect(after.progress.asAt?.description == "2016-01-31")
    }

    /// Without --as-at the site is as at the latest date of its content, documents and releases included: a site
    /// holding a later document, or naming a later release as its own, is not said to be as at an earlier date.
    @Test func theLatestDateCountsDocumentsAndReleases() throws {
        var plan = try #require(Site.load(files()).plan)
        #expect(plan.latestDate?.description == "2016-01-25")
        let here = SourceLocation(file: "site.yaml", line: 1, column: 1)
        plan.documents.append(SourceDocument(id: "update", title: "Update", kind: "committee-report", issuer: "Council",
                                             date: try ContentDate.parse("2017-03").get(), location: here))
        #expect(plan.latestDate?.description == "2017-03")
        #expect(Linker().link(plan.asAt(nil)).progress.asAt?.description == "2017-03")
        plan.releases.append(Release(version: "2", date: try ContentDate.parse("2018-07-28").get(), label: nil, noteFile: nil,
                                     major: true, location: here))
        #expect(Linker().link(plan.asAt(nil)).progress.asAt?.description == "2018-07-28")
        // A date asked for is kept as asked, whatever the content holds after it.
        #expect(Linker().link(plan.asAt(try ContentDate.parse("2016-01-31").get())).progress.asAt?.description == "2016-01-31")
    }

    @Test func contentDates() throws {
        #expect(ContentDate.parse("2016-02-29") == .success(ContentDate(year: 2016, month: 2, day: 29)))
        #expect(ContentDate.parse("2015-02-29") == .failure(.impossible))
        #expect(ContentDate.parse("2016-1-5") == .failure(.malformed))
        #expect(try ContentDate.parse("2016-01").get() > ContentDate.parse("2016-01-25").get())
        #expect(try ContentDate.parse("2016-02-10").get().quarter == "Q4 15/16")
        #expect(try ContentDate.parse("2015-10-30").get().text == "30 October 2015")
        #expect(FinancialQuarter.index("Q1 16/17")! == FinancialQuarter.index("Q4 15/16")! + 1)
    }
}
