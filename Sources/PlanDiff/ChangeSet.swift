// PlanDiff/ChangeSet: what changed between two states of a plan, entity by
// entity (identity is the id: `action:2.4`), in a stable order: the kinds
// reviewers want first (status, then timing) lead.

import Foundation

/// The kinds of change, in the order reports give them (most important first).
public enum ChangeKind: String, Codable, CaseIterable, Sendable, Comparable {
    case statusMoved = "status-moved"
    case actionRetimed = "action-re-timed"
    case actionRetimedRevised = "action-re-timed-revised"
    case actionWithdrawn = "action-withdrawn"
    case actionAdded = "action-added"
    case actionReled = "action-re-led"
    case actionMoved = "action-moved"
    case actionReworded = "action-reworded"
    case actionRepeatsGained = "action-repeats-gained"
    case actionRepeatsLost = "action-repeats-lost"
    case coverageGained = "coverage-gained"
    case coverageLost = "coverage-lost"
    case registerAdded = "register-added"
    case registerRemoved = "register-removed"
    case itemAdded = "item-added"
    case itemRemoved = "item-removed"
    case itemReworded = "item-reworded"
    case measureValueChanged = "measure-value-changed"
    case measureNewObservation = "measure-new-observation"
    case measureAdded = "measure-added"
    case measureRemoved = "measure-removed"
    case eventAdded = "event-added"
    case eventChanged = "event-changed"
    case eventRemoved = "event-removed"
    case workAreaAdded = "workarea-added"
    case workAreaRemoved = "workarea-removed"
    case workAreaRetitled = "workarea-retitled"
    case pageAdded = "page-added"
    case pageRemoved = "page-removed"
    case pageRenamed = "page-renamed"
    case pageRetitled = "page-retitled"
    case pageSectionChanged = "page-section-changed"
    case pageSectionAdded = "page-section-added"
    case pageSectionRemoved = "page-section-removed"
    case termAdded = "term-added"
    case termRemoved = "term-removed"
    case termChanged = "term-changed"

    public var rank: Int { ChangeKind.allCases.firstIndex(of: self) ?? 0 }
    public static func < (a: ChangeKind, b: ChangeKind) -> Bool { a.rank < b.rank }

    /// The heading of the group in reports.
    public var heading: String {
        switch self {
        case .statusMoved: return "Status moved"
        case .actionRetimed: return "Timeframes changed"
        case .actionRetimedRevised: return "Revised timeframes"
        case .actionWithdrawn: return "Actions withdrawn"
        case .actionAdded: return "Actions added"
        case .actionReled: return "Leads changed"
        case .actionMoved: return "Actions moved"
        case .actionReworded: return "Actions reworded"
        case .actionRepeatsGained: return "Actions placed in more work areas"
        case .actionRepeatsLost: return "Actions placed in fewer work areas"
        case .coverageGained: return "Recommendations and requirements newly addressed"
        case .coverageLost: return "Recommendations and requirements no longer addressed"
        case .registerAdded: return "Registers added"
        case .registerRemoved: return "Registers removed"
        case .itemAdded: return "Recommendations and requirements added"
        case .itemRemoved: return "Recommendations and requirements removed"
        case .itemReworded: return "Recommendations and requirements reworded"
        case .measureValueChanged: return "Measure values changed"
        case .measureNewObservation: return "New measure values"
        case .measureAdded: return "Measures added"
        case .measureRemoved: return "Measures removed"
        case .eventAdded: return "Reports and events added"
        case .eventChanged: return "Reports and events changed"
        case .eventRemoved: return "Reports and events removed"
        case .workAreaAdded: return "Work areas added"
        case .workAreaRemoved: return "Work areas removed"
        case .workAreaRetitled: return "Work areas retitled"
        case .pageAdded: return "Pages added"
        case .pageRemoved: return "Pages removed"
        case .pageRenamed: return "Pages renamed"
        case .pageRetitled: return "Pages retitled"
        case .pageSectionChanged: return "Page sections changed"
        case .pageSectionAdded: return "Page sections added"
        case .pageSectionRemoved: return "Page sections removed"
        case .termAdded: return "Glossary terms added"
        case .termRemoved: return "Glossary terms removed"
        case .termChanged: return "Glossary terms changed"
        }
    }

    /// "2 actions reworded": the phrase for a count in the summary line.
    public func phrase(_ n: Int) -> String {
        func noun(_ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
        switch self {
        case .statusMoved: return noun("status moved", "statuses moved")
        case .actionRetimed: return noun("timeframe changed", "timeframes changed")
        case .actionRetimedRevised: return noun("timeframe revised", "timeframes revised")
        case .actionWithdrawn: return noun("action", "actions") + " withdrawn"
        case .actionAdded: return noun("action", "actions") + " added"
        case .actionReled: return noun("action", "actions") + " re-led"
        case .actionMoved: return noun("action", "actions") + " moved"
        case .actionReworded: return noun("action", "actions") + " reworded"
        case .actionRepeatsGained: return noun("action", "actions") + " placed in more work areas"
        case .actionRepeatsLost: return noun("action", "actions") + " placed in fewer work areas"
        case .coverageGained: return noun("item", "items") + " newly addressed"
        case .coverageLost: return noun("item", "items") + " no longer addressed"
        case .registerAdded: return noun("register", "registers") + " added"
        case .registerRemoved: return noun("register", "registers") + " removed"
        case .itemAdded: return noun("register item", "register items") + " added"
        case .itemRemoved: return noun("register item", "register items") + " removed"
        case .itemReworded: return noun("register item", "register items") + " reworded"
        case .measureValueChanged: return noun("measure value", "measure values") + " changed"
        case .measureNewObservation: return noun("new measure value", "new measure values")
        case .measureAdded: return noun("measure", "measures") + " added"
        case .measureRemoved: return noun("measure", "measures") + " removed"
        case .eventAdded: return noun("report or event", "reports or events") + " added"
        case .eventChanged: return noun("report or event", "reports or events") + " changed"
        case .eventRemoved: return noun("report or event", "reports or events") + " removed"
        case .workAreaAdded: return noun("work area", "work areas") + " added"
        case .workAreaRemoved: return noun("work area", "work areas") + " removed"
        case .workAreaRetitled: return noun("work area", "work areas") + " retitled"
        case .pageAdded: return noun("page", "pages") + " added"
        case .pageRemoved: return noun("page", "pages") + " removed"
        case .pageRenamed: return noun("page", "pages") + " renamed"
        case .pageRetitled: return noun("page", "pages") + " retitled"
        case .pageSectionChanged: return noun("page section", "page sections") + " changed"
        case .pageSectionAdded: return noun("page section", "page sections") + " added"
        case .pageSectionRemoved: return noun("page section", "page sections") + " removed"
        case .termAdded: return noun("glossary term", "glossary terms") + " added"
        case .termRemoved: return noun("glossary term", "glossary terms") + " removed"
        case .termChanged: return noun("glossary term", "glossary terms") + " changed"
        }
    }
}

/// One change to one entity.
public struct Change: Codable, Equatable, Sendable {
    public var kind: ChangeKind
    /// The entity's id: `action:2.4`, `ofsted-2015:7`, `measure:3`, `series:child-protection-plans`, `page:foreword`,
    /// `register:ofsted-2018`, `report:2016-01-quality-assurance`, `workarea:2`, `term:MASH`.
    public var entity: String
    /// How readers name it: "Action 2.4", "Ofsted 2015 recommendation 7".
    public var title: String
    /// What changed about it: `text`, `leads`, `timeframe`, `status`, a period, a section heading.
    public var field: String?
    public var old: String?
    public var new: String?
    /// Word-level changes, for a text that was reworded.
    public var words: [WordSpan]?
    /// A note: "slipped", "brought forward", "was 2.4", a withdrawal's reason.
    public var detail: String?
    /// Set when the change concerns an action's status and its timing both: how many quarters it slipped (positive) or came forward.
    public var quarters: Int?

    public init(_ kind: ChangeKind, entity: String, title: String, field: String? = nil, old: String? = nil, new: String? = nil,
                words: [WordSpan]? = nil, detail: String? = nil, quarters: Int? = nil) {
        self.kind = kind; self.entity = entity; self.title = title; self.field = field; self.old = old; self.new = new
        self.words = words; self.detail = detail; self.quarters = quarters
    }

    /// The entity's type: the part of its id before the first colon (`action`), or a register's id for its items.
    public var entityType: String { String(entity.split(separator: ":", maxSplits: 1).first ?? "") }
}

/// One side of a comparison: what it is and the date it is as at.
public struct PlanState: Codable, Equatable, Sendable {
    /// How the user named it: a folder, `2016-01-31`, a git revision, a release version.
    public var label: String
    public var version: String?
    public var asAt: String?
    public init(label: String, version: String? = nil, asAt: String? = nil) { self.label = label; self.version = version; self.asAt = asAt }
}

/// Every change between two states of a plan, in report order.
public struct ChangeSet: Codable, Equatable, Sendable {
    public var old: PlanState
    public var new: PlanState
    public var changes: [Change]

    public init(old: PlanState, new: PlanState, changes: [Change]) {
        self.old = old; self.new = new
        // Within one entity, changes keep the order the differ found them in (periods by date, sections in page order).
        self.changes = changes.enumerated().sorted { a, b in
            ChangeSet.order(a.element, b.element) || (!ChangeSet.order(b.element, a.element) && a.offset < b.offset)
        }.map(\.element)
    }

    public var isEmpty: Bool { changes.isEmpty }

    /// The changes of one entity, in report order.
    public func changes(of entity: String) -> [Change] { changes.filter { $0.entity == entity } }

    /// The changes grouped by kind, in report order.
    public var groups: [(kind: ChangeKind, changes: [Change])] {
        ChangeKind.allCases.compactMap { kind in
            let list = changes.filter { $0.kind == kind }
            return list.isEmpty ? nil : (kind, list)
        }
    }

    /// The headline: status and timing deltas first ("4 actions moved to Complete; 2 deadlines slipped"), then counts by kind.
    public var summary: [String] {
        var out: [String] = []
        var byStatus: [(noun: String, label: String, n: Int)] = []
        for c in changes where c.kind == .statusMoved {
            let label = c.new ?? "no status", noun = c.entityType == "action" ? "action" : "item"
            if let i = byStatus.firstIndex(where: { $0.noun == noun && $0.label == label }) { byStatus[i].n += 1 } else { byStatus.append((noun, label, 1)) }
        }
        for s in byStatus { out.append("\(s.n) \(s.noun)\(s.n == 1 ? "" : "s") moved to \(s.label.lowercased())") }
        let timing = changes.filter { $0.kind == .actionRetimed || $0.kind == .actionRetimedRevised }
        let slipped = timing.filter { ($0.quarters ?? 0) > 0 }.count
        let forward = timing.filter { ($0.quarters ?? 0) < 0 }.count
        let other = timing.count - slipped - forward
        if slipped > 0 { out.append("\(slipped) \(slipped == 1 ? "deadline" : "deadlines") slipped") }
        if forward > 0 { out.append("\(forward) \(forward == 1 ? "deadline" : "deadlines") brought forward") }
        if other > 0 { out.append("\(other) \(other == 1 ? "timeframe" : "timeframes") changed") }
        for (kind, list) in groups where ![.statusMoved, .actionRetimed, .actionRetimedRevised].contains(kind) {
            out.append(kind.phrase(list.count))
        }
        return out
    }

    /// "6 changes: 1 action withdrawn; ...", or "No changes."
    public var headline: String {
        guard !changes.isEmpty else { return "No changes." }
        return "\(changes.count) change\(changes.count == 1 ? "" : "s"): " + summary.joined(separator: "; ")
    }

    static func order(_ a: Change, _ b: Change) -> Bool {
        if a.kind != b.kind { return a.kind < b.kind }
        return a.entity != b.entity && NaturalKey.less(a.entity, b.entity)
    }
}

/// Ordering of ids with numbers in them: `action:2.10` after `action:2.9`.
enum NaturalKey {
    static func less(_ a: String, _ b: String) -> Bool {
        let x = runs(a), y = runs(b)
        for (p, q) in zip(x, y) where p != q {
            switch (p, q) {
            case (.number(let m), .number(let n)): return m < n
            case (.number, .text): return true
            case (.text, .number): return false
            case (.text(let s), .text(let t)): return s < t
            }
        }
        return x.count != y.count ? x.count < y.count : a < b
    }

    enum Run: Equatable { case number(Int), text(String) }

    static func runs(_ s: String) -> [Run] {
        var out: [Run] = []
        var current = "", digits = false
        func flush() {
            guard !current.isEmpty else { return }
            out.append(digits ? .number(Int(current) ?? Int.max) : .text(current))
            current = ""
        }
        for c in s {
            let d = c.isASCII && c.isNumber
            if d != digits { flush(); digits = d }
            current.append(c)
        }
        flush()
        return out
    }
}
