// PlanModel/Documents: the documents around the plan (the inspections, the
// notice, the scrutiny board's papers, later updates), as typed, citable data.
// A document holds inspections (with judgements and team), numbered lists of
// citable items (findings, minutes' recommendations, planned activities),
// meetings with their minutes, a recommendations tracker, statistics, dated
// events, links between items and recorded contradictions. Every entry keeps
// its source (`004:166-167`: seed and lines). No I/O here.

import Foundation

/// How precisely a source dates something: a day, a month, or only a year.
public enum DatePrecision: String, Sendable, CaseIterable {
    case day, month, year
}

/// A date or a span of dates as the source gives it: `2018-02-26` to `2018-03-22`, a month, or a year.
public struct DateSpan: Sendable, Hashable {
    public var start: ContentDate
    public var end: ContentDate?
    /// `year` when the source gives only the year: `start` is then January of the first year and `end` December of the last.
    public var precision: DatePrecision
    public init(start: ContentDate, end: ContentDate? = nil) {
        self.start = start; self.end = end; precision = start.day == nil ? .month : .day
    }
    /// The whole of a year, or of the years from `first` to `last`, as a source writes "2017" or "2013-2017".
    public init(year first: Int, through last: Int? = nil) {
        start = ContentDate(year: first, month: 1, day: nil)
        end = ContentDate(year: last ?? first, month: 12, day: nil)
        precision = .year
    }

    /// "26 February 2018 to 22 March 2018", "September 2018", "2017".
    public var text: String {
        if precision == .year {
            let last = (end ?? start).year
            return last == start.year ? "\(start.year)" : "\(start.year) to \(last)"
        }
        guard let end, end != start else { return start.text }
        return "\(start.text) to \(end.text)"
    }
    /// The first and last date as data: `2016-02-26`, `2016-02`, or `2017` for a year.
    public var startDescription: String { precision == .year ? "\(start.year)" : start.description }
    public var endDescription: String { precision == .year ? "\((end ?? start).year)" : (end ?? start).description }
    /// The last day the span covers.
    public var last: ContentDate { (end ?? start).endDay }
}

/// One grade given by an inspection to one area.
public struct Judgement: Sendable {
    /// "1", "2.1", or "overall".
    public var area: String
    public var title: String
    /// A grade id of the inspectorate's scale: `inadequate`.
    public var grade: String
    /// The grade as the source writes it: "Requires improvement to be good".
    public var asWritten: String?
    public var cite: String?
    public var location: SourceLocation
    public var gradeLocation: SourceLocation
    public init(area: String, title: String, grade: String, asWritten: String?, cite: String?, location: SourceLocation, gradeLocation: SourceLocation) {
        self.area = area; self.title = title; self.grade = grade; self.asWritten = asWritten; self.cite = cite
        self.location = location; self.gradeLocation = gradeLocation
    }
}

/// The people of an inspection team under one role.
public struct TeamRole: Sendable {
    public var role: String
    public var names: [String]
    public init(role: String, names: [String]) { self.role = role; self.names = names }
}

/// An inspection, re-inspection, monitoring visit or annual conversation.
public struct Inspection: Sendable {
    public var id: String
    public var title: String
    /// `ofsted`.
    public var inspectorate: String
    /// One of `kinds`.
    public var kind: String
    /// The kinds of inspection, as the content writes them.
    public static let kinds = ["full-inspection", "re-inspection", "monitoring-visit", "annual-conversation"]
    public var number: String?
    public var dates: DateSpan
    /// The dates as the source writes them, when they are vaguer than `dates`.
    public var datesAsWritten: String?
    public var published: ContentDate?
    /// `held` (the default), `cancelled`, `planned`.
    public var status: String
    public var focus: String?
    public var note: String?
    /// The register holding its recommendations, and the list holding its findings.
    public var register: String?
    public var findings: String?
    public var previous: String?
    public var judgements: [Judgement]
    public var team: [TeamRole]
    public var cite: String?
    public var document: String
    public var location: SourceLocation
    public var previousLocation: SourceLocation?
    /// Where `register` and `findings` are written (nil when they are not).
    public var registerLocation: SourceLocation?
    public var findingsLocation: SourceLocation?
    public init(id: String, title: String, inspectorate: String, kind: String, number: String? = nil, dates: DateSpan,
                datesAsWritten: String? = nil, published: ContentDate? = nil, status: String = "held", focus: String? = nil,
                note: String? = nil, register: String? = nil, findings: String? = nil, previous: String? = nil,
                judgements: [Judgement] = [], team: [TeamRole] = [], cite: String? = nil, document: String,
                location: SourceLocation, previousLocation: SourceLocation? = nil) {
        self.id = id; self.title = title; self.inspectorate = inspectorate; self.kind = kind; self.number = number
        self.dates = dates; self.datesAsWritten = datesAsWritten; self.published = published; self.status = status
        self.focus = focus; self.note = note; self.register = register; self.findings = findings; self.previous = previous
        self.judgements = judgements; self.team = team; self.cite = cite; self.document = document; self.location = location
        self.previousLocation = previousLocation
    }
}

/// The grades an inspectorate gives, best first.
public struct GradeScale: Sendable {
    public var inspectorate: String
    public var grades: [(id: String, label: String)]
    public func label(_ id: String) -> String? { grades.first { $0.id == id }?.label }
    /// Ofsted's four-point scale (the single inspection framework and ILACS).
    public static let ofsted = GradeScale(inspectorate: "ofsted", grades: [
        ("outstanding", "Outstanding"), ("good", "Good"), ("requires-improvement", "Requires improvement to be good"), ("inadequate", "Inadequate"),
    ])
    public static let known: [String: GradeScale] = ["ofsted": .ofsted]
}

/// A citable numbered entry of a document: a finding, a minute's recommendation, a planned activity.
public struct DocumentItem: Sendable {
    /// "105", "a", "39.2".
    public var number: String
    public var text: String
    /// `recommendation` for the 2018 findings' "(Recommendation)" tag.
    public var flags: [String]
    public var cite: String?
    public var location: SourceLocation
    public init(number: String, text: String, flags: [String] = [], cite: String? = nil, location: SourceLocation) {
        self.number = number; self.text = text; self.flags = flags; self.cite = cite; self.location = location
    }
}

public struct DocumentItemGroup: Sendable {
    public var heading: String?
    /// Text after the items ("What does 'success' look like").
    public var intro: String?
    public var after: [String]
    public var afterHeading: String?
    /// The source's own summary of the group, before its items: its paragraphs, word for word (a report's
    /// "Summary" under each judgement).
    public var summary: [String]
    public var cite: String?
    public var items: [DocumentItem]
    public init(heading: String?, intro: String? = nil, items: [DocumentItem], after: [String] = [], afterHeading: String? = nil,
                summary: [String] = [], cite: String? = nil) {
        self.heading = heading; self.intro = intro; self.items = items; self.after = after; self.afterHeading = afterHeading
        self.summary = summary; self.cite = cite
    }
}

/// A numbered list of a document: the findings of an inspection, planned activities, a committee's recommendations.
public struct DocumentList: Sendable {
    public var id: String
    public var title: String
    /// "paragraph", "activity", "recommendation".
    public var itemName: String
    /// One of `kinds`: `findings`, `summary` (easy read), `activities`, `recommendations`, or `items` (the default).
    public var kind: String
    /// The kinds of list, as the content writes them.
    public static let kinds = ["findings", "summary", "activities", "recommendations", "items"]
    public var intro: String?
    public var groups: [DocumentItemGroup]
    public var cite: String?
    public var document: String
    public var location: SourceLocation
    public init(id: String, title: String, itemName: String, kind: String, intro: String? = nil, groups: [DocumentItemGroup], cite: String? = nil,
                document: String, location: SourceLocation) {
        self.id = id; self.title = title; self.itemName = itemName; self.kind = kind; self.intro = intro; self.groups = groups
        self.cite = cite; self.document = document; self.location = location
    }
    public var items: [DocumentItem] { groups.flatMap(\.items) }
}

/// A minute of a meeting, with the recommendations it made.
public struct Minute: Sendable {
    public var number: String
    public var title: String
    /// The agenda item: "6".
    public var item: String?
    public var witnesses: [String]
    public var summary: String?
    public var recommendations: [DocumentItem]
    public var actions: String?
    public var nextSteps: String?
    public var cite: String?
    public var location: SourceLocation
    public init(number: String, title: String, item: String?, witnesses: [String] = [], summary: String? = nil, recommendations: [DocumentItem] = [],
                actions: String? = nil, nextSteps: String? = nil, cite: String? = nil, location: SourceLocation) {
        self.number = number; self.title = title; self.item = item; self.witnesses = witnesses; self.summary = summary
        self.recommendations = recommendations; self.actions = actions; self.nextSteps = nextSteps; self.cite = cite; self.location = location
    }
}

/// A meeting of a board or committee.
public struct Meeting: Sendable {
    public var id: String
    public var body: String
    public var date: ContentDate
    public var time: String?
    public var place: String?
    public var status: String
    public var note: String?
    public var minutes: [Minute]
    public var cite: String?
    public var document: String
    public var location: SourceLocation
    public init(id: String, body: String, date: ContentDate, time: String? = nil, place: String? = nil, status: String = "held", note: String? = nil,
                minutes: [Minute] = [], cite: String? = nil, document: String, location: SourceLocation) {
        self.id = id; self.body = body; self.date = date; self.time = time; self.place = place; self.status = status; self.note = note
        self.minutes = minutes; self.cite = cite; self.document = document; self.location = location
    }
}

/// A row of a board's recommendations tracker.
public struct TrackerRow: Sendable {
    public var number: String
    /// The meeting the recommendation was made at (a meeting id), and the minute when the source names one.
    public var meeting: String
    public var meetingLocation: SourceLocation
    public var minute: String?
    public var minuteLocation: SourceLocation?
    /// The "Date of meeting and reference" cell as written.
    public var reference: String?
    public var item: String
    public var text: String
    public var to: String?
    public var response: String?
    public var progressCheck: String?
    /// `unknown` when the source showed completion only by shading.
    public var completed: String
    public var cite: String?
    public var location: SourceLocation
    public init(number: String, meeting: String, meetingLocation: SourceLocation, minute: String?, minuteLocation: SourceLocation?, reference: String?,
                item: String, text: String, to: String?, response: String?, progressCheck: String?, completed: String, cite: String?, location: SourceLocation) {
        self.number = number; self.meeting = meeting; self.meetingLocation = meetingLocation; self.minute = minute; self.minuteLocation = minuteLocation
        self.reference = reference; self.item = item; self.text = text; self.to = to; self.response = response
        self.progressCheck = progressCheck; self.completed = completed; self.cite = cite; self.location = location
    }
}

public struct Tracker: Sendable {
    public var id: String
    public var title: String
    public var body: String
    public var intro: String?
    public var completionNote: String?
    public var rows: [TrackerRow]
    public var cite: String?
    public var document: String
    public var location: SourceLocation
    public init(id: String, title: String, body: String, intro: String?, completionNote: String?, rows: [TrackerRow], cite: String?, document: String, location: SourceLocation) {
        self.id = id; self.title = title; self.body = body; self.intro = intro; self.completionNote = completionNote; self.rows = rows
        self.cite = cite; self.document = document; self.location = location
    }
}

/// A figure a document gives, with the date or period it is as at.
public struct Statistic: Sendable {
    public var id: String
    public var label: String
    public var value: String
    /// The date it is as at, when the source gives one.
    public var date: ContentDate?
    /// The period as the source gives it: "At 31 January 2018", "the first 3 months of the programme".
    public var period: String
    public var rate: String?
    public var comparison: String?
    public var group: String?
    public var cite: String?
    public var location: SourceLocation
    public init(id: String, label: String, value: String, date: ContentDate?, period: String, rate: String? = nil, comparison: String? = nil,
                group: String? = nil, cite: String? = nil, location: SourceLocation) {
        self.id = id; self.label = label; self.value = value; self.date = date; self.period = period; self.rate = rate
        self.comparison = comparison; self.group = group; self.cite = cite; self.location = location
    }
}

/// Something dated on the timeline, beyond what inspections, meetings and documents give by themselves.
public struct TimelineEvent: Sendable {
    /// The kinds of event, as the content writes them.
    public static let kinds = ["inspection", "visit", "meeting", "deadline", "publication", "milestone"]
    /// `held` (it took place), `planned` (the source looks ahead to it), `cancelled`.
    public static let statuses = ["held", "planned", "cancelled"]
    public var id: String
    public var title: String
    /// One of `kinds`.
    public var kind: String
    /// A day, a month or a year (`dates.precision`), as the source gives it.
    public var dates: DateSpan
    public var datesAsWritten: String?
    /// One of `statuses`.
    public var status: String
    /// The item it belongs to, as a reference (`inspection:ofsted-2018`, `dfe-notice-2016:5`).
    public var item: String?
    public var cite: String?
    public var document: String
    public var location: SourceLocation
    public var dateLocation: SourceLocation
    /// Where `item` is written (nil when it is not).
    public var itemLocation: SourceLocation?
    public init(id: String, title: String, kind: String, dates: DateSpan, datesAsWritten: String? = nil, status: String = "held", item: String? = nil,
                cite: String? = nil, document: String, location: SourceLocation, dateLocation: SourceLocation) {
        self.id = id; self.title = title; self.kind = kind; self.dates = dates; self.datesAsWritten = datesAsWritten; self.status = status
        self.item = item; self.cite = cite; self.document = document; self.location = location; self.dateLocation = dateLocation
    }
}

/// A typed reference between two items of different registers or documents.
public struct ItemLink: Sendable {
    /// `ofsted-2018:13`, `finding:ofsted-2018-findings:63`, `dfe-notice-2016:5`.
    public var from: String
    /// `ofsted-2015:20`, `action:4.5`, `workarea:1`.
    public var to: String
    /// One of `types`: `repeats` (the concern recurs), `addresses`, `relates`.
    public var type: String
    /// The types of link, as the content writes them.
    public static let types = ["repeats", "addresses", "relates"]
    /// Where the source states the link; nil for an editorial link.
    public var cite: String?
    public var editorial: Bool
    public var note: String?
    public var location: SourceLocation
    public var fromLocation: SourceLocation
    public var toLocation: SourceLocation
    public init(from: String, to: String, type: String, cite: String?, editorial: Bool, note: String?, location: SourceLocation,
                fromLocation: SourceLocation, toLocation: SourceLocation) {
        self.from = from; self.to = to; self.type = type; self.cite = cite; self.editorial = editorial; self.note = note
        self.location = location; self.fromLocation = fromLocation; self.toLocation = toLocation
    }
}

/// A fact the sources give differently, recorded once and shown where the fact appears.
public struct Contradiction: Sendable {
    public struct Claim: Sendable {
        public var value: String
        public var cite: String
        public var quote: String?
        public init(value: String, cite: String, quote: String?) { self.value = value; self.cite = cite; self.quote = quote }
    }
    public var id: String
    public var fact: String
    public var claims: [Claim]
    /// What the site uses, and why.
    public var resolution: String?
    /// Where it is shown: `inspection:ofsted-2014`, `statistic:sgo-2018`.
    public var about: [String]
    public var location: SourceLocation
    /// Where `about` is written (nil when it is not).
    public var aboutLocation: SourceLocation?
    public init(id: String, fact: String, claims: [Claim], resolution: String?, about: [String], location: SourceLocation) {
        self.id = id; self.fact = fact; self.claims = claims; self.resolution = resolution; self.about = about; self.location = location
    }
}

/// A phase of the improvement journey: the frame of the timeline.
public struct JourneyPhase: Sendable {
    public var number: Int
    public var title: String
    public var dates: DateSpan
    public var datesAsWritten: String
    public var cite: String?
    public var location: SourceLocation
    public init(number: Int, title: String, dates: DateSpan, datesAsWritten: String, cite: String?, location: SourceLocation) {
        self.number = number; self.title = title; self.dates = dates; self.datesAsWritten = datesAsWritten; self.cite = cite; self.location = location
    }
}

/// One source document.
public struct SourceDocument: Sendable {
    public var id: String
    public var title: String
    /// One of `kinds`, or `document` when the content names none.
    public var kind: String
    /// The kinds of document, as the content writes them.
    public static let kinds = ["plan", "notice", "inspection-report", "meeting-pack", "committee-report"]
    public var issuer: String
    public var date: ContentDate
    public var dateAsWritten: String?
    /// The seed file or reference: `004`.
    public var cite: String?
    public var summary: String?
    public var inspections: [Inspection]
    public var lists: [DocumentList]
    public var meetings: [Meeting]
    public var trackers: [Tracker]
    public var statistics: [Statistic]
    public var events: [TimelineEvent]
    public var links: [ItemLink]
    public var contradictions: [Contradiction]
    public var phases: [JourneyPhase]
    public var location: SourceLocation
    public init(id: String, title: String, kind: String, issuer: String, date: ContentDate, dateAsWritten: String? = nil, cite: String? = nil,
                summary: String? = nil, location: SourceLocation) {
        self.id = id; self.title = title; self.kind = kind; self.issuer = issuer; self.date = date; self.dateAsWritten = dateAsWritten
        self.cite = cite; self.summary = summary; self.location = location
        inspections = []; lists = []; meetings = []; trackers = []; statistics = []; events = []; links = []; contradictions = []; phases = []
    }
}

extension Plan {
    public var allInspections: [Inspection] { documents.flatMap(\.inspections) }
    public var allLists: [DocumentList] { documents.flatMap(\.lists) }
    public var allMeetings: [Meeting] { documents.flatMap(\.meetings) }
    public var allTrackers: [Tracker] { documents.flatMap(\.trackers) }
    public var allLinks: [ItemLink] { documents.flatMap(\.links) }
    public var allContradictions: [Contradiction] { documents.flatMap(\.contradictions) }
    public var allPhases: [JourneyPhase] { documents.flatMap(\.phases) }
}
