// PlanModel/Plan: the typed plan as loaded from content/, every node with its
// source location. Pure values; no cross-file knowledge (that is PlanLinking's).

import Foundation

/// `site.yaml`: what the site is and which files make it.
public struct SiteConfig: Sendable {
    public struct Contact: Sendable {
        public var name: String?
        public var email: String?
        public var text: String?
        public init(name: String? = nil, email: String? = nil, text: String? = nil) {
            self.name = name; self.email = email; self.text = text
        }
    }

    public var title: String
    public var organisation: String
    public var language: String
    public var version: String
    public var date: String
    public var theme: String
    public var rawHTML: Bool
    public var contact: Contact
    public var pagesFolder: String?
    public var workAreaFiles: [String]
    public var registerFiles: [String]
    public var scorecardFile: String?
    public var glossaryFile: String?
    public var scheduleFile: String?
    public var accessibilityChecksFile: String?
    /// The folder of progress reports, the measures-over-time CSV files and the status vocabulary (see Progress.swift).
    public var progressFolder: String?
    public var observationFiles: [String] = []
    /// The folder of source documents (one YAML file per document).
    public var documentsFolder: String?
    /// How the release date is written for readers ("September 2015"), when the day is not known.
    public var dateLabel: String?
    /// True for an example plan (`example: true`, as `plansite new` writes it): every page says so.
    public var example = false
    /// Where the site is published (`https://example.org/plan/`), for absolute URLs (the Atom feed, sitemap.xml); nil: neither is written.
    public var baseURL: String?
    /// Where site.yaml names each file, for diagnostics about that file.
    public var locations: [String: SourceLocation]
    /// The licence the open data is published under (default: the Open Government Licence v3.0).
    public var licence = Licence.openGovernment
    /// A folder of images markdown pages may show (`![alt](assets/logo.png)`), copied to the output.
    public var assetsFolder: String?

    /// A licence: a short name (an SPDX-style id), its title and where it is published.
    public struct Licence: Sendable, Equatable {
        public var name: String
        public var title: String
        public var url: String
        public init(name: String, title: String, url: String) { self.name = name; self.title = title; self.url = url }
        public static let openGovernment = Licence(name: "OGL-UK-3.0", title: "Open Government Licence v3.0",
                                                   url: "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/")
    }

    public init(title: String, organisation: String, language: String = "en-GB", version: String, date: String,
                theme: String = "default", rawHTML: Bool = false, contact: Contact = Contact(),
                pagesFolder: String? = nil, workAreaFiles: [String] = [], registerFiles: [String] = [],
                scorecardFile: String? = nil, glossaryFile: String? = nil, scheduleFile: String? = nil,
                locations: [String: SourceLocation] = [:]) {
        self.locations = locations
        self.title = title; self.organisation = organisation; self.language = language
        self.version = version; self.date = date; self.theme = theme; self.rawHTML = rawHTML
        self.contact = contact; self.pagesFolder = pagesFolder; self.workAreaFiles = workAreaFiles
        self.registerFiles = registerFiles; self.scorecardFile = scorecardFile
        self.glossaryFile = glossaryFile; self.scheduleFile = scheduleFile
    }
}

/// A generated block a page shows after its text.
public enum PageBlock: Hashable, Sendable {
    case workAreas, scorecard, schedule, glossary
    /// The documents around the plan: inspections, scrutiny, timeline (Documents.swift).
    case documents
    case register(String)
    case coverage(String)

    public init?(_ text: String) {
        switch text {
        case "work-areas": self = .workAreas
        case "scorecard": self = .scorecard
        case "schedule": self = .schedule
        case "glossary": self = .glossary
        case "documents": self = .documents
        default:
            if text.hasPrefix("register:") { self = .register(String(text.dropFirst(9))) }
            else if text.hasPrefix("coverage:") { self = .coverage(String(text.dropFirst(9))) }
            else { return nil }
        }
    }

    /// How a page may write `show:`, for the message naming the blocks: each block, `ID` standing for a register's id.
    /// A new block joins this list too (a test checks that each of these is read back as a block, and every block's
    /// way of writing is here).
    public static let written = ["work-areas", "scorecard", "schedule", "glossary", "documents", "register:ID", "coverage:ID"]

    public var text: String {
        switch self {
        case .workAreas: return "work-areas"
        case .scorecard: return "scorecard"
        case .schedule: return "schedule"
        case .glossary: return "glossary"
        case .documents: return "documents"
        case .register(let id): return "register:\(id)"
        case .coverage(let id): return "coverage:\(id)"
        }
    }
}

/// A markdown page with its front matter.
public struct Page: Sendable {
    public var id: String
    public var title: String
    public var order: Int
    public var parent: String?
    public var parentLocation: SourceLocation?
    public var show: PageBlock?
    public var showLocation: SourceLocation?
    public var summary: String?
    public var markdown: String
    /// Line of the file on which the markdown body starts (1-based).
    public var bodyLine: Int
    public var location: SourceLocation
    /// Where its `title:` value is written.
    public var titleLocation: SourceLocation?
    /// Where its `order` is written.
    public var orderLocation: SourceLocation?

    public init(id: String, title: String, order: Int, parent: String? = nil, parentLocation: SourceLocation? = nil,
                show: PageBlock? = nil, showLocation: SourceLocation? = nil, summary: String? = nil,
                markdown: String, bodyLine: Int = 1, location: SourceLocation) {
        self.id = id; self.title = title; self.order = order; self.parent = parent
        self.parentLocation = parentLocation; self.show = show; self.showLocation = showLocation
        self.summary = summary; self.markdown = markdown; self.bodyLine = bodyLine; self.location = location
    }
}

/// A markdown text held inside a YAML file, with where it starts (for link diagnostics).
public struct LocatedText: Sendable, Hashable {
    public var text: String
    /// Where the text's first character is written.
    public var location: SourceLocation
    /// Where the text's lines are written, when they are not its file's lines one after another from `location`
    /// (a folded `>` YAML scalar, or a plain or quoted one written over several lines, joins its lines with spaces):
    /// in the text's order; a place of the text lies in the last piece starting at or before it. Nil: line n of the
    /// text is `location.line + n - 1`, its columns counted from `location.column`.
    public var origins: [TextOrigin]?
    public init(_ text: String, at location: SourceLocation, origins: [TextOrigin]? = nil) {
        self.text = text; self.location = location; self.origins = origins
    }

    /// Where a place of the text (1-based line and character column within it) is written in its file.
    public func location(line: Int, column: Int) -> SourceLocation {
        guard let origins, let piece = origins.last(where: { ($0.textLine, $0.textColumn) <= (line, column) }) else {
            return SourceLocation(file: location.file, line: location.line + line - 1, column: location.column + column - 1)
        }
        // Past a line the text added (a blank line of a folded scalar), the piece's own line: columns from its start.
        let column = piece.textLine == line ? piece.column + column - piece.textColumn : piece.column
        return SourceLocation(file: location.file, line: piece.line, column: column)
    }
}

/// Where a piece of a text (from its 1-based line and character column) is written in its file (line, column).
public struct TextOrigin: Sendable, Hashable {
    public var textLine: Int
    public var textColumn: Int
    public var line: Int
    public var column: Int
    public init(textLine: Int, textColumn: Int, line: Int, column: Int) {
        self.textLine = textLine; self.textColumn = textColumn; self.line = line; self.column = column
    }
}

/// A reference field in YAML: `ofsted-2015: "1-11, 14"`. Parsed by PlanLinking.
public struct ReferenceField: Sendable, Hashable {
    public var register: String
    public var text: String
    public var location: SourceLocation
    /// The column where the text itself starts when it is written on one line as it reads (after a quote, for a
    /// quoted scalar); nil when it is not (a block scalar).
    public var textColumn: Int?
    public init(register: String, text: String, location: SourceLocation, textColumn: Int? = nil) {
        self.register = register; self.text = text; self.location = location; self.textColumn = textColumn
    }

    /// Where `token` (a number or range of the text) is written, when that can be told; else where the text is.
    public func location(of token: String) -> SourceLocation {
        guard let column = textColumn, !text.contains("\n"), !token.isEmpty else { return location }
        // The token as a whole entry: not the "1" of "11".
        var from = text.startIndex
        while let r = text.range(of: token, range: from..<text.endIndex) {
            let before = r.lowerBound == text.startIndex ? nil : text[text.index(before: r.lowerBound)]
            let after = r.upperBound == text.endIndex ? nil : text[r.upperBound]
            let edge: (Character?) -> Bool = { c in c == nil || !(c!.isNumber || c!.isLetter || c == "-" || c == "\u{2013}" || c == "\u{2014}" || c == ".") }
            if edge(before), edge(after) {
                return SourceLocation(file: location.file, line: location.line, column: column + text.distance(from: text.startIndex, to: r.lowerBound))
            }
            from = r.upperBound
        }
        return location
    }
}

/// One row of a work area's key-action table.
public struct ActionRow: Sendable {
    /// The fields live in one shared box, copied only when a row shared by several copies is changed: a row is
    /// copied into many pages, lists and editions, and a copy of thirteen separate fields (strings, arrays,
    /// locations) was that many retains and releases each time.
    private final class Storage: @unchecked Sendable {
        var ref: String
        var what: String
        var leads: [String]
        var timeframe: [String]
        var also: String?
        var alsoLocation: SourceLocation?
        var addresses: [ReferenceField]
        var workArea: Int
        var group: String
        var location: SourceLocation
        var whatLocation: SourceLocation
        var withdrawn: Withdrawal?
        var leadLocations: [SourceLocation]
        var whatOrigins: [TextOrigin]?
        var whatStart: SourceLocation?

        init(_ fields: Storage.Fields) {
            (ref, what, leads, timeframe, also, alsoLocation, addresses, workArea, group, location, whatLocation, withdrawn, leadLocations, whatOrigins, whatStart) = fields
        }

        typealias Fields = (String, String, [String], [String], String?, SourceLocation?, [ReferenceField], Int, String, SourceLocation,
                            SourceLocation, Withdrawal?, [SourceLocation], [TextOrigin]?, SourceLocation?)

        var fields: Fields { (ref, what, leads, timeframe, also, alsoLocation, addresses, workArea, group, location, whatLocation, withdrawn, leadLocations, whatOrigins, whatStart) }
    }

    private var storage: Storage

    /// The storage, made this row's own before a change when another copy shares it.
    private var owned: Storage {
        mutating get {
            if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
            return storage
        }
    }

    public var ref: String { get { storage.ref } set { owned.ref = newValue } }
    public var what: String { get { storage.what } set { owned.what = newValue } }
    public var leads: [String] { get { storage.leads } set { owned.leads = newValue } }
    /// Quarters such as `Q3 15/16`; empty when the source does not state them.
    public var timeframe: [String] { get { storage.timeframe } set { owned.timeframe = newValue } }
    /// The ref of the action this row repeats, as written.
    public var also: String? { get { storage.also } set { owned.also = newValue } }
    public var alsoLocation: SourceLocation? { get { storage.alsoLocation } set { owned.alsoLocation = newValue } }
    public var addresses: [ReferenceField] { get { storage.addresses } set { owned.addresses = newValue } }
    public var workArea: Int { get { storage.workArea } set { owned.workArea = newValue } }
    public var group: String { get { storage.group } set { owned.group = newValue } }
    public var location: SourceLocation { get { storage.location } set { owned.location = newValue } }
    public var whatLocation: SourceLocation { get { storage.whatLocation } set { owned.whatLocation = newValue } }
    /// When and why the action was withdrawn (Releases.swift); nil while it stands.
    public var withdrawn: Withdrawal? { get { storage.withdrawn } set { owned.withdrawn = newValue } }
    /// Where each of `leads` is written (empty when not known).
    public var leadLocations: [SourceLocation] { get { storage.leadLocations } set { owned.leadLocations = newValue } }
    /// Where `what` is written, piece by piece, so that a place in it can be told (its first character, after a
    /// quote; the lines of a text written over several). Nil when not known: then `whatLocation`.
    public var whatSource: LocatedText? {
        get { storage.whatStart.map { LocatedText(storage.what, at: $0, origins: storage.whatOrigins) } }
        set { owned.whatStart = newValue?.location; owned.whatOrigins = newValue?.origins }
    }

    /// Where the character of `what` at `index` is written; nil when the text's place is not known.
    public func whatLocation(at index: String.Index) -> SourceLocation? {
        guard let source = whatSource, source.text == what else { return nil }
        let before = what[..<index]
        let line = before.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
        let column = before.distance(from: before.lastIndex(of: "\n").map { before.index(after: $0) } ?? before.startIndex, to: before.endIndex) + 1
        return source.location(line: line, column: column)
    }

    public init(ref: String, what: String, leads: [String], timeframe: [String] = [], also: String? = nil,
                alsoLocation: SourceLocation? = nil, addresses: [ReferenceField] = [], workArea: Int, group: String,
                location: SourceLocation, whatLocation: SourceLocation? = nil) {
        storage = Storage((ref, what, leads, timeframe, also, alsoLocation, addresses, workArea, group, location, whatLocation ?? location, nil, [], nil, nil))
    }
}

/// A sub-heading of a key-action table and its rows.
public struct ActionGroup: Sendable {
    public var heading: String
    public var rows: [ActionRow]
    public init(heading: String, rows: [ActionRow]) { self.heading = heading; self.rows = rows }
}

/// An "area of focus" block of a work area.
public struct FocusBlock: Sendable {
    public var title: String
    public var body: LocatedText
    public init(title: String, body: LocatedText) { self.title = title; self.body = body }
}

/// The four summary blocks every work area has.
public enum SummaryBlockKind: String, CaseIterable, Sendable {
    case why, achieve, how, working

    public var heading: String {
        switch self {
        case .why: return "Why we are focused on this"
        case .achieve: return "What we will achieve"
        case .how: return "How we will do this"
        case .working: return "We will know it is working when"
        }
    }
}

/// A work area of Part 2 of the plan.
public struct WorkArea: Sendable {
    public var number: Int
    public var title: String
    public var addresses: [ReferenceField]
    public var summary: [SummaryBlockKind: LocatedText]
    public var focus: [FocusBlock]
    public var groups: [ActionGroup]
    public var source: String?
    public var location: SourceLocation
    /// Where its `number:` value is written.
    public var numberLocation: SourceLocation?

    public init(number: Int, title: String, addresses: [ReferenceField] = [], summary: [SummaryBlockKind: LocatedText] = [:],
                focus: [FocusBlock] = [], groups: [ActionGroup] = [], source: String? = nil, location: SourceLocation) {
        self.number = number; self.title = title; self.addresses = addresses; self.summary = summary
        self.focus = focus; self.groups = groups; self.source = source; self.location = location
    }

    public var rows: [ActionRow] { groups.flatMap(\.rows) }
}

/// A numbered item of a register (a recommendation, a paragraph of a notice), possibly with sub-points.
public struct RegisterItem: Sendable {
    public var number: String
    public var text: String
    public var note: String?
    /// Evidence that an action already taken answers this item.
    public var taken: String?
    public var items: [RegisterItem]
    public var location: SourceLocation
    /// An authored short title, for links that cite the item by number (else its first clause is used).
    public var short: String?
    /// Where its text is written (its value), when it is.
    public var textLocation: SourceLocation?

    public init(number: String, text: String, note: String? = nil, taken: String? = nil, items: [RegisterItem] = [], location: SourceLocation) {
        self.number = number; self.text = text; self.note = note; self.taken = taken; self.items = items; self.location = location
    }
}

/// A heading of a register and what sits under it.
public struct RegisterGroup: Sendable {
    public var heading: String
    public var groups: [RegisterGroup]
    public var items: [RegisterItem]
    public init(heading: String, groups: [RegisterGroup] = [], items: [RegisterItem] = []) {
        self.heading = heading; self.groups = groups; self.items = items
    }
}

/// A register of recommendations or requirements.
public struct Register: Sendable {
    public var id: String
    public var title: String
    public var shortTitle: String
    public var issuer: String
    public var itemName: String
    public var dates: [(key: String, value: String)]
    public var source: String?
    public var intro: LocatedText?
    public var items: [RegisterItem]
    public var groups: [RegisterGroup]
    public var location: SourceLocation
    /// Where its `id` is written (a problem with the id is reported there); nil: at `location`.
    public var idLocation: SourceLocation?

    public init(id: String, title: String, shortTitle: String? = nil, issuer: String, itemName: String = "recommendation",
                dates: [(key: String, value: String)] = [], source: String? = nil, intro: LocatedText? = nil,
                items: [RegisterItem] = [], groups: [RegisterGroup] = [], location: SourceLocation) {
        self.id = id; self.title = title; self.shortTitle = shortTitle ?? title; self.issuer = issuer
        self.itemName = itemName; self.dates = dates; self.source = source; self.intro = intro
        self.items = items; self.groups = groups; self.location = location
    }

    /// Every top-level item in document order, with the headings above it.
    public var allItems: [(item: RegisterItem, headings: [String])] {
        var out: [(RegisterItem, [String])] = items.map { ($0, []) }
        func walk(_ group: RegisterGroup, _ path: [String]) {
            let here = group.heading.isEmpty ? path : path + [group.heading]
            out += group.items.map { ($0, here) }
            for g in group.groups { walk(g, here) }
        }
        for g in groups { walk(g, []) }
        return out
    }
}

/// One value of a measure: `52%` for `Feb 15`, or not available.
public struct Observation: Sendable, Hashable {
    /// The column's period (the CSV header).
    public var column: String
    /// The value as written, without its own period; nil when not available ("-").
    public var value: String?
    /// A period the cell gives for itself: `52% (Feb 15)` → `Feb 15`.
    public var cellPeriod: String?
    public init(column: String, value: String?, cellPeriod: String? = nil) {
        self.column = column; self.value = value; self.cellPeriod = cellPeriod
    }
}

/// A scorecard measure.
public struct Measure: Sendable {
    public var number: String
    public var group: String
    public var text: String
    public var observations: [Observation]
    public var benchmark: Observation
    /// Which way is better, where scorecard.yaml says so (`measures: [{number, polarity}]`); nil when not authored.
    public var polarity: Polarity?
    public var location: SourceLocation
    public init(number: String, group: String, text: String, observations: [Observation], benchmark: Observation,
                polarity: Polarity? = nil, location: SourceLocation) {
        self.number = number; self.group = group; self.text = text; self.observations = observations
        self.benchmark = benchmark; self.polarity = polarity; self.location = location
    }
}

/// Description of a headline group of the scorecard.
public struct ScorecardGroup: Sendable {
    public var name: String
    public var outcome: String?
    public var rationale: String?
    public init(name: String, outcome: String? = nil, rationale: String? = nil) {
        self.name = name; self.outcome = outcome; self.rationale = rationale
    }
}

/// The scorecard: measures in headline groups, one column per period.
public struct Scorecard: Sendable {
    public var periods: [String]
    public var measures: [Measure]
    public var groups: [ScorecardGroup]
    public var location: SourceLocation
    public init(periods: [String], measures: [Measure], groups: [ScorecardGroup] = [], location: SourceLocation) {
        self.periods = periods; self.measures = measures; self.groups = groups; self.location = location
    }

    /// Group names in first-seen order, with descriptions where given.
    public var orderedGroups: [ScorecardGroup] {
        var seen = Set<String>()
        var out: [ScorecardGroup] = []
        for m in measures where !seen.contains(m.group) {
            seen.insert(m.group)
            out.append(groups.first { $0.name == m.group } ?? ScorecardGroup(name: m.group))
        }
        return out
    }
}

/// A glossary entry.
public struct Term: Sendable {
    public var term: String
    public var abbreviation: String?
    public var description: String
    /// Tells apart the meanings of one abbreviation with several ("prisons", "probation" for HMIP).
    public var sense: String?
    public var location: SourceLocation
    public init(term: String, abbreviation: String? = nil, description: String, sense: String? = nil, location: SourceLocation) {
        self.term = term; self.abbreviation = abbreviation; self.description = description; self.sense = sense; self.location = location
    }

    /// The id used in references: the abbreviation where there is one, else the slug of the term.
    public var key: String { abbreviation ?? Term.slug(term) }

    /// Lower-case a-z, digits and hyphens; other letters lose their accents first ("Café" → "cafe", as headings' ids do).
    public static func slug(_ s: String) -> String {
        var out = ""
        var hyphen = false
        let folded = s.utf8.allSatisfy({ $0 < 0x80 }) ? s.lowercased()
            : s.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_GB"))
        for c in folded.unicodeScalars {
            if (c >= "a" && c <= "z") || (c >= "0" && c <= "9") {
                if hyphen && !out.isEmpty { out += "-" }
                hyphen = false
                out.unicodeScalars.append(c)
            } else if c != "'" { hyphen = true }
        }
        return out
    }
}

/// A text note spanning months of a schedule row.
public struct ScheduleNote: Sendable {
    public var from: String
    public var to: String
    public var text: String
    public var location: SourceLocation
    public init(from: String, to: String, text: String, location: SourceLocation) {
        self.from = from; self.to = to; self.text = text; self.location = location
    }
}

public struct ScheduleRow: Sendable {
    public var activity: String
    public var notes: [ScheduleNote]
    public var location: SourceLocation
    public init(activity: String, notes: [ScheduleNote] = [], location: SourceLocation) {
        self.activity = activity; self.notes = notes; self.location = location
    }
}

public struct ScheduleGroup: Sendable {
    public var heading: String
    public var rows: [ScheduleRow]
    public init(heading: String, rows: [ScheduleRow]) { self.heading = heading; self.rows = rows }
}

/// The monitoring schedule: activities by month.
public struct Schedule: Sendable {
    public var title: String
    public var months: [String]
    public var marksNote: String?
    public var groups: [ScheduleGroup]
    public var location: SourceLocation
    public init(title: String, months: [String], marksNote: String? = nil, groups: [ScheduleGroup], location: SourceLocation) {
        self.title = title; self.months = months; self.marksNote = marksNote; self.groups = groups; self.location = location
    }
}

/// The results of the last browser and validator checks (axe-core, Nu Html
/// Checker, epubcheck), as recorded by the test suite in a JSON file, for the
/// accessibility statement.
public struct AccessibilityChecks: Sendable, Codable, Equatable {
    public var tools: [String: String]
    public var pagesChecked: Int
    public var epubsChecked: Int
    public var counts: [String: Int]
    public var widths: [Int]
    public var axeTags: [String]

    public init(tools: [String: String], pagesChecked: Int, epubsChecked: Int, counts: [String: Int], widths: [Int], axeTags: [String]) {
        self.tools = tools; self.pagesChecked = pagesChecked; self.epubsChecked = epubsChecked
        self.counts = counts; self.widths = widths; self.axeTags = axeTags
    }

    enum CodingKeys: String, CodingKey {
        case tools, counts, widths
        case pagesChecked = "pages_checked", epubsChecked = "epubs_checked", axeTags = "axe_tags"
    }
}

/// Everything loaded from a site folder.
public struct Plan: Sendable {
    public var config: SiteConfig
    public var pages: [Page]
    public var workAreas: [WorkArea]
    public var registers: [Register]
    public var scorecard: Scorecard?
    public var terms: [Term]
    public var schedule: Schedule?
    public var accessibilityChecks: AccessibilityChecks?
    /// Progress reports, statuses and measures over time.
    public var progress = ProgressContent()
    /// The site's releases, oldest first (Releases.swift).
    public var releases: [Release] = []
    /// Actions withdrawn as at the plan's date, taken out of the work areas (Releases.swift).
    public var withdrawnActions: [ActionRow] = []
    /// Pages left out of the plan as at a date (`asAt`), by id: why, in words ("it shows the register X, dated Y").
    public var pagesLeftOut: [String: String] = [:]
    /// The documents around the plan: inspections, meetings, lists of items, events, links (Documents.swift).
    public var documents: [SourceDocument] = []
    /// Image files of the assets folder (`assets:` in site.yaml), by their path inside it.
    public var images: [String: Data] = [:]

    public init(config: SiteConfig, pages: [Page] = [], workAreas: [WorkArea] = [], registers: [Register] = [],
                scorecard: Scorecard? = nil, terms: [Term] = [], schedule: Schedule? = nil) {
        self.config = config; self.pages = pages; self.workAreas = workAreas; self.registers = registers
        self.scorecard = scorecard; self.terms = terms; self.schedule = schedule
    }
}
