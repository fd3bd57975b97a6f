// PlanRendering/ViewModels: what each template sees. All decisions about
// what to show live here, in Swift; templates only lay it out.

import Foundation
import Markdown
import PlanLinking
import PlanModel

public struct LinkView: Sendable {
    public let href: String
    public let text: String
    /// Extra words for screen readers and context (e.g. the work area's title).
    public var detail: String? = nil
}

struct SiteView {
    let title: String
    let organisation: String
    let language: String
    let version: String
    let date: String
    let dateText: String
    let contactName: String?
    let contactEmail: String?
    let contactText: String?
    /// An example plan (`example: true`): every page carries a banner saying so.
    let example: Bool
}

struct LayoutView {
    let site: SiteView
    let title: String
    /// The `<title>`: the page's title, the site's and the organisation's, each once.
    let documentTitle: String
    let root: String
    let content: String
    let breadcrumbs: [LinkView]
    let hasBreadcrumbs: Bool
    let previous: LinkView?
    let next: LinkView?
    let hasPager: Bool
    let noindex: Bool
    let description: String
    let homeHref: String
    let contentsHref: String
    let formatsHref: String
    let accessibilityHref: String
    /// The "About this edition" page (the page with the id `about-this-edition`), when the site has one.
    let aboutHref: String?
    let dataHref: String
    let stylesheetHref: String
    let printStylesheetHref: String
    /// "As at 31 January 2016": the date the whole site speaks as at (from the content, never the clock).
    let asAt: String?
    /// The report cards' index, when there are progress reports.
    let reportCardsHref: String?
    /// The Atom feed (Feed.swift), when the site writes one; the releases index, when the site has releases.
    let feedHref: String?
    let releasesHref: String?

    /// The fields that are the same on every page at the same depth (`root`): the site, and links made from `root`
    /// to fixed places. The layout's runs that read only these are rendered once per depth (InvariantRuns). A field
    /// that can differ between two pages at one depth must not be listed here.
    static let sameAtADepth: Set<String> = [
        "site", "root", "homeHref", "contentsHref", "formatsHref", "accessibilityHref", "aboutHref", "dataHref",
        "stylesheetHref", "printStylesheetHref", "asAt", "reportCardsHref", "feedHref", "releasesHref",
    ]
}

struct SummaryBlockView { let heading: String; let html: String; let id: String }
struct FocusView { let title: String; let html: String }

struct RowView {
    let ref: String
    let href: String
    let what: String
    let leads: [String]
    let timeframe: String
    let timeframeStated: Bool
    let isRepeat: Bool
    let original: LinkView?
    let repeats: [LinkView]
    let hasRepeats: Bool
    /// "<a>2.5</a> (work area 2), <a>3.5</a> (work area 3)"
    let repeatsHTML: String
}

struct RowGroupView { let heading: String; let hasHeading: Bool; let rows: [RowView] }

struct AddressListView {
    let registerTitle: String
    let itemName: String
    let items: [LinkView]
    let coverageHref: String
}

struct WorkAreaView {
    let number: Int
    let title: String
    let summary: [SummaryBlockView]
    let focus: [FocusView]
    let hasFocus: Bool
    let addresses: [AddressListView]
    let citesNothing: Bool
    let groups: [RowGroupView]
    let caption: String
    let rowCount: Int
    let repeatCount: Int
    let hasRepeats: Bool
    let timeframeNote: String?
}

/// `group` is this placement's own sub-heading; `hasGroup` is always set, so that a placement without one
/// never shows the group of the action whose page lists it (a template looks a missing value up outside).
struct PlacementView { let ref: LinkView; let workArea: LinkView; let group: String; let hasGroup: Bool; let isThis: Bool }

struct ItemLinkView { let link: LinkView; let text: String }
struct ViaWorkAreaView { let workArea: LinkView; let items: [ItemLinkView] }

struct ActionView {
    let ref: String
    let what: String
    let leads: [String]
    let hasLeads: Bool
    let timeframe: String
    let timeframeStated: Bool
    let workArea: LinkView
    let group: String
    let hasGroup: Bool
    let isRepeat: Bool
    let original: LinkView?
    let originalWhat: String?
    let placements: [PlacementView]
    let hasSeveralPlacements: Bool
    let direct: [ItemLinkView]
    let hasDirect: Bool
    let via: [ViaWorkAreaView]
    let hasVia: Bool
    let answersNothing: Bool
}

struct ItemView {
    let anchor: String
    let number: String
    let label: String
    let text: String
    let note: String?
    let taken: String?
    let subItems: [ItemView]
    let hasSubItems: Bool
    let workAreas: [LinkView]
    let actions: [LinkView]
    let isAddressed: Bool
    let showCoverage: Bool
    /// "Addressed", "Addressed in part", "Not addressed by any work area or action".
    let statusText: String
    /// " by work area 1, work area 2 and action 1.2" (links), or "".
    let addressedByHTML: String
    /// The progress of what addresses it, and updates on the item itself (top-level items only).
    var progress: ItemProgressView? = nil
}

struct RegisterEntryView {
    let isHeading: Bool
    let level: Int
    let heading: String
    let headingID: String
    let item: ItemView?
}

struct RegisterView {
    let id: String
    let title: String
    let issuer: String
    let itemName: String
    let itemNameTitle: String
    let dates: [KeyValueView]
    let introHTML: String?
    let entries: [RegisterEntryView]
    let itemCount: Int
    let coverageHref: String
    let showCoverage: Bool
    let addressedCount: Int
    /// How an item's progress is counted, when any item shows progress.
    var progressRule: String? = nil
    var asAt: String? = nil
}

struct KeyValueView { let key: String; let value: String }

struct CellView { let text: String; let isNotAvailable: Bool; let period: String? }
struct MeasureView { let number: String; let anchor: String; let text: String; let cells: [CellView]; let benchmark: CellView; var direction: String? = nil }
struct MeasureGroupView { let name: String; let id: String; let outcome: String?; let rationale: String?; let measures: [MeasureView] }
struct ScorecardView { let caption: String; let periods: [String]; let groups: [MeasureGroupView]; let columnCount: Int; var hasDirection: Bool = false }

/// `usedInHTML`: the places using the term as links, "; " between them and none after the last.
struct TermView { let anchor: String; let term: String; let abbreviation: String?; let description: String; let usedIn: [LinkView]; let usedInHTML: String; let isUsed: Bool }
struct GlossaryView { let terms: [TermView] }

struct ScheduleCellView { let text: String; let colspan: Int; let hasText: Bool }
struct ScheduleRowView { let activity: String; let cells: [ScheduleCellView] }
struct ScheduleGroupView { let heading: String; let rows: [ScheduleRowView]; let columnCount: Int }
struct ScheduleView { let title: String; let months: [String]; let marksNote: String?; let groups: [ScheduleGroupView] }

/// One cell of the coverage matrix: the work area cites the item (`addressed`), or only an action of it does
/// (`viaAction`, "Through action 2.4"), or neither.
struct CoverageCellView { let addressed: Bool; let viaAction: Bool; let text: String; let actionsHTML: String }
struct CoverageRowView { let item: LinkView; let text: String; let cells: [CoverageCellView]; let actionsHTML: String; let status: String; let isAddressed: Bool }
struct CoverageView {
    let registerTitle: String
    let registerHref: String
    let itemName: String
    let workAreas: [LinkView]
    let rows: [CoverageRowView]
    let addressed: Int
    let total: Int
    let unaddressed: [LinkView]
    let hasUnaddressed: Bool
    let citingNothing: [LinkView]
    let hasCitingNothing: Bool
    let itemNameTitle: String
    let isCited: Bool
}

struct DiagnosticView { let location: String; let severity: String; let message: String; let suggestion: String? }
struct ReportView { let warnings: [DiagnosticView]; let count: Int; let hasWarnings: Bool; let notes: [DiagnosticView] }

struct ContentsEntryView { let link: LinkView; let summary: String?; let children: [ContentsEntryView]; let hasChildren: Bool }

struct WorkAreaListView { let entries: [ContentsEntryView] }

/// The root of a contents tree, for the recursive contents-list partial.
struct ContentsRootView { let children: [ContentsEntryView] }

struct HomeView {
    let organisation: String
    let title: String
    let version: String
    let dateText: String
    let contentsRoot: ContentsRootView
    let workAreaCount: Int
    let rowCount: Int
    let distinctCount: Int
    let registers: [RegisterSummaryView]
    let formatsHref: String
    /// The easy read page, when the site has one (DocumentPages.swift).
    var easyReadHref: String? = nil
}

struct RegisterSummaryView { let title: String; let href: String; let coverageHref: String; let addressed: Int; let total: Int; let showCoverage: Bool }

/// Human dates: 2015-09-01 → 1 September 2015.
enum HumanDate {
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
    static func text(_ iso: String) -> String {
        let parts = iso.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]) else { return iso }
        return "\(parts[2]) \(months[parts[1] - 1]) \(parts[0])"
    }
}

/// A row of a table of actions (all key actions, a lead's actions). `original` is set for a repeat only: absent,
/// a template's {{#original}} finds nothing (as a key left out of a dictionary view did).
/// A class, not a struct: the tables of all actions and of each lead hand every row to their template as a value
/// of its own, and a row of fourteen fields was copied field by field each time (at ~10,000 actions, a percent of
/// the build).
final class IndexRowView {
    let ref: String
    let href: String
    let what: String
    let workArea: String
    let workAreaHref: String
    let workAreaTitle: String
    let leads: [IndexLeadView]
    let leadsData: String
    let status: String
    let timeframe: String
    let timeframeStated: Bool
    let original: IndexOriginalView?
    /// The row as action-row.mustache writes it (without its last line ending), which action-rows.mustache copies.
    var html: String = ""

    init(ref: String, href: String, what: String, workArea: String, workAreaHref: String, workAreaTitle: String, leads: [IndexLeadView],
         leadsData: String, status: String, timeframe: String, timeframeStated: Bool, original: IndexOriginalView?) {
        self.ref = ref; self.href = href; self.what = what; self.workArea = workArea; self.workAreaHref = workAreaHref
        self.workAreaTitle = workAreaTitle; self.leads = leads; self.leadsData = leadsData; self.status = status
        self.timeframe = timeframe; self.timeframeStated = timeframeStated; self.original = original
    }
}

struct IndexLeadView { let name: String; let href: String }
struct IndexOriginalView { let href: String; let ref: String }
