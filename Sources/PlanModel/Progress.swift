// PlanModel/Progress: what happens to the plan over time. Progress reports
// (one file per report, holding dated updates on any citable item), the status
// vocabulary, measures observed over time, content dates, and "the plan as at
// a date" as a pure filter over the loaded plan. No I/O here.

import Foundation

/// A date written in content: a day (`2016-01-25`) or a whole month, a reporting period (`2016-01`).
public struct ContentDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    /// Nil for a whole month.
    public let day: Int?

    public init(year: Int, month: Int, day: Int?) { self.year = year; self.month = month; self.day = day }

    public enum Problem: Error, Equatable, Sendable { case malformed, impossible }

    /// Parses `YYYY-MM-DD` or `YYYY-MM`; says whether a failure is a malformed text or an impossible date (2016-02-30).
    public static func parse(_ text: String) -> Result<ContentDate, Problem> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), parts[0].count == 4, parts[1].count == 2,
              parts.count == 2 || parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let y = Int(parts[0]), let m = Int(parts[1]) else { return .failure(.malformed) }
        guard (1...12).contains(m), y >= 1000 else { return .failure(.impossible) }
        if parts.count == 2 { return .success(ContentDate(year: y, month: m, day: nil)) }
        guard let d = Int(parts[2]), (1...ContentDate.daysIn(month: m, year: y)).contains(d) else { return .failure(.impossible) }
        return .success(ContentDate(year: y, month: m, day: d))
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The last day this date covers (the month's last day for a whole month).
    public var lastDay: Int { day ?? ContentDate.daysIn(month: month, year: year) }
    /// The date as a day: a month becomes its last day.
    public var endDay: ContentDate { ContentDate(year: year, month: month, day: lastDay) }
    /// The first day covered: the day itself, or the first of the month.
    public var startDay: ContentDate { ContentDate(year: year, month: month, day: day ?? 1) }
    /// The reporting month holding this date: `2016-01`.
    public var monthKey: String { Numerals.zeroPadded(year, width: 4) + "-" + Numerals.zeroPadded(month, width: 2) }

    public var description: String {
        day.map { monthKey + "-" + Numerals.zeroPadded($0, width: 2) } ?? monthKey
    }

    public static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                                    "September", "October", "November", "December"]

    /// The month a text names in full, as a tracker writes its progress checks: "May 2016"; nil otherwise.
    public static func month(named text: String) -> ContentDate? {
        let words = text.split(separator: " ")
        guard words.count == 2, let m = monthNames.firstIndex(of: String(words[0])), words[1].count == 4,
              words[1].allSatisfy({ $0.isASCII && $0.isNumber }), let y = Int(words[1]), y >= 1000 else { return nil }
        return ContentDate(year: y, month: m + 1, day: nil)
    }

    /// "25 January 2016", or "January 2016" for a month.
    public var text: String {
        let name = ContentDate.monthNames[month - 1]
        return day.map { "\($0) \(name) \(year)" } ?? "\(name) \(year)"
    }

    /// The financial-year quarter holding this date, written as the plan writes quarters: `Q4 15/16`.
    public var quarter: String {
        let q = month >= 4 ? (month - 4) / 3 + 1 : 4
        let startYear = month >= 4 ? year : year - 1
        return "Q\(q) " + Numerals.zeroPadded(startYear % 100, width: 2) + "/" + Numerals.zeroPadded((startYear + 1) % 100, width: 2)
    }

    /// Ordered by the last day covered, then a day before the month that holds it.
    public static func < (a: ContentDate, b: ContentDate) -> Bool {
        let x = (a.year, a.month, a.lastDay), y = (b.year, b.month, b.lastDay)
        if x != y { return x < y }
        return a.day != nil && b.day == nil
    }
}

/// Financial-year quarters as the plan writes them: `Q3 15/16`.
public enum FinancialQuarter {
    /// (start year, quarter) for `Q3 15/16`; nil when malformed or the years do not follow each other.
    public static func parse(_ text: String) -> (year: Int, quarter: Int)? {
        let parts = text.split(separator: " ")
        guard parts.count == 2, parts[0].count == 2, parts[0].first == "Q", let q = Int(parts[0].dropFirst()), (1...4).contains(q) else { return nil }
        let years = parts[1].split(separator: "/")
        guard years.count == 2, years[0].count == 2, years[1].count == 2, let a = Int(years[0]), let b = Int(years[1]),
              (a + 1) % 100 == b else { return nil }
        return (2000 + a, q)
    }

    /// A sortable index of a quarter (later quarters are larger).
    public static func index(_ text: String) -> Int? { parse(text).map { $0.year * 4 + $0.quarter - 1 } }

    /// The quarter of an index, written `Q1 16/17`.
    public static func text(index: Int) -> String {
        let year = index / 4, q = index % 4 + 1
        return "Q\(q) " + Numerals.zeroPadded(year % 100, width: 2) + "/" + Numerals.zeroPadded((year + 1) % 100, width: 2)
    }
}

/// How a status counts when progress is rolled up to a work area, a register item or the plan.
public enum StatusRollup: String, Sendable, CaseIterable {
    /// Counts as delivered.
    case done
    /// Counts as not yet delivered.
    case open
    /// Left out of roll-ups (withdrawn, superseded).
    case excluded
}

/// One status of the site's vocabulary.
public struct StatusDefinition: Sendable, Hashable {
    public var id: String
    /// The words readers see: "In progress".
    public var label: String
    /// What it means, shown beside the status where it is explained.
    public var meaning: String
    public var rollup: StatusRollup
    /// An optional colour (a supplement to the words, never instead of them): one of the theme's, which are by default
    /// `green`, `amber`, `red`, `grey`, `blue`.
    public var colour: String?
    public var location: SourceLocation?
    /// Where its `colour:` value is written.
    public var colourLocation: SourceLocation?

    public init(id: String, label: String, meaning: String, rollup: StatusRollup, colour: String? = nil, location: SourceLocation? = nil) {
        self.id = id; self.label = label; self.meaning = meaning; self.rollup = rollup; self.colour = colour; self.location = location
    }
}

/// The statuses an update may give, in order from least to most advanced.
public struct StatusVocabulary: Sendable {
    public var statuses: [StatusDefinition]
    public init(statuses: [StatusDefinition]) { self.statuses = statuses }

    public func status(_ id: String) -> StatusDefinition? { statuses.first { $0.id == id } }
    public var ids: [String] { statuses.map(\.id) }

    /// The vocabulary used when site.yaml declares none.
    public static let standard = StatusVocabulary(statuses: [
        StatusDefinition(id: "not-started", label: "Not started", meaning: "Work on this has not yet begun.", rollup: .open, colour: "grey"),
        StatusDefinition(id: "in-progress", label: "In progress", meaning: "Work has started and no risk to its timeframe has been reported.", rollup: .open, colour: "blue"),
        StatusDefinition(id: "at-risk", label: "At risk", meaning: "Work has started, but it may not be delivered within its timeframe.", rollup: .open, colour: "amber"),
        StatusDefinition(id: "off-track", label: "Off track", meaning: "It will not be delivered within its timeframe without further action.", rollup: .open, colour: "red"),
        StatusDefinition(id: "complete", label: "Complete", meaning: "It has been delivered.", rollup: .done, colour: "green"),
        StatusDefinition(id: "withdrawn", label: "Withdrawn", meaning: "It is no longer being pursued, and is left out of roll-ups.", rollup: .excluded, colour: "grey"),
    ])
}

/// Where a report or update comes from: the report or meeting that said so, and its date.
public struct SourceCitation: Sendable, Hashable {
    public var title: String
    public var date: ContentDate?
    /// Where in the source documents: `003:3023-3097`.
    public var cite: String?
    public var url: String?
    public init(title: String, date: ContentDate? = nil, cite: String? = nil, url: String? = nil) {
        self.title = title; self.date = date; self.cite = cite; self.url = url
    }
}

/// A dated statement about one citable item.
public struct ProgressUpdate: Sendable {
    /// What it is about, as written: `action:2.1`, `workarea:3`, `ofsted-2015:7`, `dfe-notice-2016:10c`, `plan`.
    public var target: String
    public var targetLocation: SourceLocation
    public var date: ContentDate
    public var dateLocation: SourceLocation
    /// Markdown.
    public var text: LocatedText
    /// A status id of the vocabulary; nil when the source gives none.
    public var status: String?
    public var statusLocation: SourceLocation?
    /// The source's own words that support the status, quoted.
    public var quote: String?
    /// A revised timeframe: quarters such as `Q4 15/16`.
    public var timeframe: [String]
    public var timeframeLocation: SourceLocation?
    /// Where in the source documents: `003:3043`.
    public var cite: String?
    public var location: SourceLocation

    public init(target: String, targetLocation: SourceLocation, date: ContentDate, dateLocation: SourceLocation, text: LocatedText,
                status: String? = nil, statusLocation: SourceLocation? = nil, quote: String? = nil, timeframe: [String] = [],
                timeframeLocation: SourceLocation? = nil, cite: String? = nil, location: SourceLocation) {
        self.target = target; self.targetLocation = targetLocation; self.date = date; self.dateLocation = dateLocation
        self.text = text; self.status = status; self.statusLocation = statusLocation; self.quote = quote
        self.timeframe = timeframe; self.timeframeLocation = timeframeLocation; self.cite = cite; self.location = location
    }
}

/// One progress report: a file such as `progress/2016-01-quality-assurance.yaml`.
public struct ProgressReport: Sendable {
    /// The file name without `.yaml`.
    public var id: String
    public var title: String
    /// The date the report speaks as at.
    public var date: ContentDate
    public var source: SourceCitation
    /// Markdown: what the report is.
    public var summary: LocatedText?
    /// Markdown: the thematic audit programme, as the report gives it.
    public var audits: LocatedText?
    /// Markdown: risks, their owners and mitigation, as the report gives them.
    public var risks: LocatedText?
    public var updates: [ProgressUpdate]
    public var location: SourceLocation
    /// Where its `date:` value is written.
    public var dateLocation: SourceLocation?

    public init(id: String, title: String, date: ContentDate, source: SourceCitation, summary: LocatedText? = nil,
                audits: LocatedText? = nil, risks: LocatedText? = nil, updates: [ProgressUpdate] = [], location: SourceLocation) {
        self.id = id; self.title = title; self.date = date; self.source = source; self.summary = summary
        self.audits = audits; self.risks = risks; self.updates = updates; self.location = location
    }
}

/// Which way is better for a measure.
public enum Polarity: String, Sendable {
    case higher, lower, neither
}

/// One value of a measure over time.
public struct TimedObservation: Sendable {
    /// The date the value is as at (a day, or the month).
    public var date: ContentDate
    /// How the source names the period: "March 2014", "2014-15".
    public var period: String
    /// The value as written ("1,093", "25%"); nil when not available.
    public var value: String?
    /// A qualifier the source gives: "(Feb 15)", "provisional".
    public var qualifier: String?
    /// Where in the source documents: `003:1354`.
    public var cite: String?
    public var location: SourceLocation
    /// Where its date is written (its cell), when known.
    public var dateLocation: SourceLocation?

    public init(date: ContentDate, period: String, value: String?, qualifier: String? = nil, cite: String? = nil, location: SourceLocation,
                dateLocation: SourceLocation? = nil) {
        self.date = date; self.period = period; self.value = value; self.qualifier = qualifier; self.cite = cite; self.location = location
        self.dateLocation = dateLocation
    }

    /// The value as a number ("1,093" → 1093, "25%" → 25); nil when not a number.
    public var number: Double? {
        guard var v = value else { return nil }
        v = v.replacingOccurrences(of: ",", with: "")
        if v.hasSuffix("%") { v.removeLast() }
        return Double(v.trimmingWhitespace())
    }
}

/// A measure observed over time, declared in YAML beside its CSV of observations.
public struct MeasureSeries: Sendable {
    public var id: String
    public var title: String
    /// "children", "%", "referrals".
    public var unit: String?
    public var polarity: Polarity
    public var target: String?
    public var benchmark: String?
    /// `line` or `bar`.
    public var chart: String
    /// Markdown: what the measure counts.
    public var description: String?
    /// The group it is shown under ("Demand and volumes").
    public var group: String
    public var observations: [TimedObservation]
    public var location: SourceLocation

    public init(id: String, title: String, unit: String? = nil, polarity: Polarity = .neither, target: String? = nil,
                benchmark: String? = nil, chart: String = "line", description: String? = nil, group: String,
                observations: [TimedObservation] = [], location: SourceLocation) {
        self.id = id; self.title = title; self.unit = unit; self.polarity = polarity; self.target = target
        self.benchmark = benchmark; self.chart = chart; self.description = description; self.group = group
        self.observations = observations; self.location = location
    }
}

/// Everything about the plan over time.
public struct ProgressContent: Sendable {
    public var reports: [ProgressReport]
    public var statuses: StatusVocabulary
    public var series: [MeasureSeries]
    /// The date the site is built as at (set by `asAt`, or the latest date in the content: reports, updates,
    /// observations, registers, documents and releases).
    public var asAt: ContentDate?
    /// True when the as-at date was asked for (`--as-at`), not taken from the content.
    public var asAtRequested: Bool

    public init(reports: [ProgressReport] = [], statuses: StatusVocabulary = .standard, series: [MeasureSeries] = [],
                asAt: ContentDate? = nil, asAtRequested: Bool = false) {
        self.reports = reports; self.statuses = statuses; self.series = series; self.asAt = asAt; self.asAtRequested = asAtRequested
    }
}

extension Plan {
    /// Every date the content gives: the release, reports, updates, observations, register dates, documents, releases.
    public var contentDates: [ContentDate] {
        var out: [ContentDate] = []
        if case .success(let d) = ContentDate.parse(config.date) { out.append(d) }
        for r in progress.reports { out.append(r.date); out += r.updates.map(\.date) }
        for s in progress.series { out += s.observations.map(\.date) }
        for register in registers { if let d = register.datedAt { out.append(d) } }
        // The documents around the plan and the releases: a site holding a document of July 2020, or naming
        // release 2020.1 of 28 July 2020 as its own, speaks as at that date at least (a release is a named as-at
        // date: the site built from all its content is the site as at its latest release, or later).
        out += documents.map(\.date)
        out += releases.map(\.date)
        return out
    }

    /// The latest date in the content.
    public var latestDate: ContentDate? { contentDates.max() }

    /// The plan as it stood at `date`: reports, updates and observations dated later are left out, and so are
    /// registers published later (with the pages that show them). A pure filter; nothing is changed in place.
    public func asAt(_ date: ContentDate?) -> Plan {
        var plan = withdrawingActions(upTo: date?.endDay).releasesUpTo(date?.endDay)   // Releases.swift
        guard let date else {
            plan.progress.asAt = latestDate
            plan.progress.asAtRequested = false
            return plan
        }
        let limit = date.endDay
        plan.progress.asAt = date
        plan.progress.asAtRequested = true
        // From the plan already without withdrawn actions' updates (not from self's, which still hold them).
        plan.progress.reports = plan.progress.reports.compactMap { report in
            guard report.date <= limit else { return nil }
            var r = report
            r.updates = report.updates.filter { $0.date <= limit }
            return r
        }
        for i in plan.progress.series.indices {
            plan.progress.series[i].observations = plan.progress.series[i].observations.filter { $0.date <= limit }
        }
        let dropped = Set(registers.filter { r in r.datedAt.map { $0 > limit } ?? false }.map(\.id))
        if !dropped.isEmpty {
            plan.registers = registers.filter { !dropped.contains($0.id) }
            plan.pages = pages.filter { page in
                switch page.show {
                case .register(let id)?, .coverage(let id)?:
                    guard dropped.contains(id) else { return true }
                    let dated = registers.first { $0.id == id }?.datedAt.map { ", dated \($0)" } ?? ""
                    plan.pagesLeftOut[page.id] = "it shows the register \(id)\(dated), after \(date)"
                    return false
                default: return true
                }
            }
            for i in plan.workAreas.indices {
                plan.workAreas[i].addresses.removeAll { dropped.contains($0.register) }
                for g in plan.workAreas[i].groups.indices {
                    for r in plan.workAreas[i].groups[g].rows.indices {
                        plan.workAreas[i].groups[g].rows[r].addresses.removeAll { dropped.contains($0.register) }
                    }
                }
            }
            plan.progress.reports = plan.progress.reports.map { report in
                var r = report
                r.updates.removeAll { u in dropped.contains(u.target.split(separator: ":").first.map(String.init) ?? "") }
                return r
            }
        }
        return plan
    }
}

extension Register {
    /// The date the register became known: its `published` date, else its `issued` date, else any date it gives.
    public var datedAt: ContentDate? {
        for key in ["published", "issued", "dated"] {
            if let value = dates.first(where: { $0.key == key })?.value, case .success(let d) = ContentDate.parse(value) { return d }
        }
        for (_, value) in dates { if case .success(let d) = ContentDate.parse(value) { return d } }
        return nil
    }
}
