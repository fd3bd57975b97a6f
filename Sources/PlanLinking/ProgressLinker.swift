// PlanLinking/ProgressLinker: resolves what each progress update is about,
// checks updates against the plan and the status vocabulary, and indexes the
// history of every item (newest first), its current status, revised
// timeframe and roll-ups. Pure: a function of the linked plan.

import Foundation
import PlanModel

/// What an update is about.
public enum ProgressTarget: Hashable, Comparable, Sendable, CustomStringConvertible {
    case plan
    /// An action, by the ref of its original (a repeat's updates are its original's).
    case action(String)
    case workArea(Int)
    case item(ItemKey)

    public var description: String {
        switch self {
        case .plan: return "the plan as a whole"
        case .action(let ref): return "action \(ref)"
        case .workArea(let n): return "work area \(n)"
        case .item(let key): return key.description
        }
    }

    private var rank: (Int, String) {
        switch self {
        case .plan: return (0, "")
        case .workArea(let n): return (1, Numerals.zeroPadded(n, width: 6))
        case .action(let r): return (2, r.split(separator: ".").map { Numerals.zeroPadded(Int($0) ?? 0, width: 6) }.joined(separator: "."))
        case .item(let k): return (3, k.register + ":" + Numerals.zeroPadded(Int(k.number.prefix { $0.isNumber }) ?? 0, width: 6) + k.number)
        }
    }
    public static func < (a: ProgressTarget, b: ProgressTarget) -> Bool { a.rank < b.rank }
}

/// An update with what it is about and the report it came from.
public struct LinkedUpdate: Sendable {
    public let target: ProgressTarget
    public let update: ProgressUpdate
    public let reportID: String
    /// Its position in its report (for the rendered text's key).
    public let index: Int
    public var textKey: String { "progress:\(reportID):\(index)" }
}

/// Counts of actions by status, for a roll-up.
public struct StatusCounts: Sendable {
    /// (status, actions with it), in vocabulary order; statuses no action has are left out.
    public var byStatus: [(status: StatusDefinition, refs: [String])] = []
    /// Actions no update has given a status.
    public var noStatus: [String] = []
    public var total: Int { byStatus.reduce(0) { $0 + $1.refs.count } + noStatus.count }
    /// Delivered, of those that count (withdrawn left out).
    public var done: Int { byStatus.filter { $0.status.rollup == .done }.reduce(0) { $0 + $1.refs.count } }
    public var counted: Int { total - byStatus.filter { $0.status.rollup == .excluded }.reduce(0) { $0 + $1.refs.count } }
}

/// The plan over time, linked.
public struct LinkedProgress: Sendable {
    public var vocabulary: StatusVocabulary = .standard
    /// Reports, newest first (ties by id).
    public var reports: [ProgressReport] = []
    /// Every resolved update by target, newest first.
    public var history: [ProgressTarget: [LinkedUpdate]] = [:]
    /// The updates of each report, in its order.
    public var updatesByReport: [String: [LinkedUpdate]] = [:]
    public var series: [MeasureSeries] = []
    public var asAt: ContentDate?
    public var asAtRequested = false

    public init() {}

    /// The latest status given to a target, with the update that gave it.
    public func current(_ target: ProgressTarget) -> (status: StatusDefinition, update: LinkedUpdate)? {
        for u in history[target] ?? [] {
            if let id = u.update.status, let s = vocabulary.status(id) { return (s, u) }
        }
        return nil
    }

    /// The latest revised timeframe of an action, with the update that gave it.
    public func revisedTimeframe(_ target: ProgressTarget) -> (quarters: [String], update: LinkedUpdate)? {
        for u in history[target] ?? [] where !u.update.timeframe.isEmpty { return (u.update.timeframe, u) }
        return nil
    }

    /// Statuses of these actions (originals), counted.
    public func counts(_ refs: [String]) -> StatusCounts {
        var out = StatusCounts()
        var by: [String: [String]] = [:]
        for ref in refs {
            if let s = current(.action(ref)) { by[s.status.id, default: []].append(ref) } else { out.noStatus.append(ref) }
        }
        out.byStatus = vocabulary.statuses.compactMap { s in by[s.id].map { (s, $0) } }
        return out
    }

    /// Reporting months (`2016-01`) with their reports, newest first.
    public var periods: [(key: String, date: ContentDate, reports: [ProgressReport])] {
        var keys: [String] = []
        var by: [String: [ProgressReport]] = [:]
        for r in reports {
            if by[r.date.monthKey] == nil { keys.append(r.date.monthKey) }
            by[r.date.monthKey, default: []].append(r)
        }
        return keys.sorted(by: >).map { k in
            let rs = by[k] ?? []
            return (k, ContentDate(year: rs[0].date.year, month: rs[0].date.month, day: nil), rs)
        }
    }
}

/// Resolves and checks the updates of a linked plan.
public struct ProgressLinker {
    public let linked: LinkedPlan
    public init(linked: LinkedPlan) { self.linked = linked }

    /// Adds the linked progress and its diagnostics to `linked`.
    public static func attach(to linked: inout LinkedPlan) {
        let (progress, diagnostics) = ProgressLinker(linked: linked).link()
        linked.progress = progress
        linked.diagnostics += diagnostics
    }

    public func link() -> (LinkedProgress, [Diagnostic]) {
        let content = linked.plan.progress
        var diagnostics: [Diagnostic] = []
        var out = LinkedProgress()
        out.vocabulary = content.statuses
        out.series = content.series
        out.asAt = content.asAt
        out.asAtRequested = content.asAtRequested
        out.reports = content.reports.sorted { $0.date != $1.date ? $0.date > $1.date : $0.id < $1.id }
        var all: [LinkedUpdate] = []
        for report in content.reports.sorted(by: { $0.id < $1.id }) {
            var mine: [LinkedUpdate] = []
            for (i, update) in report.updates.enumerated() {
                switch resolve(update) {
                case .success(let target):
                    if let id = update.status, content.statuses.status(id) == nil {
                        diagnostics.append(.error("unknown-status", at: update.statusLocation ?? update.location,
                                                  "'\(id)' is not a status",
                                                  suggestion: Suggest.didYouMean(id, in: content.statuses.ids).map { "\($0) The statuses are: \(content.statuses.ids.joined(separator: ", "))" }
                                                    ?? "the statuses are: \(content.statuses.ids.joined(separator: ", ")) (declared under 'statuses' in site.yaml)"))
                    }
                    if !update.timeframe.isEmpty, case .action = target {} else if !update.timeframe.isEmpty {
                        diagnostics.append(.error("timeframe-not-action", at: update.timeframeLocation ?? update.location,
                                                  "only an action has a timeframe, but this update is about \(target)",
                                                  suggestion: "remove 'timeframe', or target the action whose timeframe is revised"))
                    }
                    let linkedUpdate = LinkedUpdate(target: target, update: update, reportID: report.id, index: i)
                    mine.append(linkedUpdate)
                    all.append(linkedUpdate)
                case .failure(let problem):
                    diagnostics.append(problem.diagnostic)
                }
            }
            out.updatesByReport[report.id] = mine
        }
        // Newest first; on one date, the later file and position first.
        all.sort { a, b in
            if a.update.date != b.update.date { return a.update.date > b.update.date }
            if a.reportID != b.reportID { return a.reportID > b.reportID }
            return a.index > b.index
        }
        for u in all { out.history[u.target, default: []].append(u) }
        // Two updates to one item on one date that disagree.
        for (target, updates) in out.history.sorted(by: { $0.key < $1.key }) {
            var byDate: [ContentDate: LinkedUpdate] = [:]
            for u in updates.reversed() {
                if let first = byDate[u.update.date] {
                    let statusDiffers = first.update.status != nil && u.update.status != nil && first.update.status != u.update.status
                    let timeframeDiffers = !first.update.timeframe.isEmpty && !u.update.timeframe.isEmpty && first.update.timeframe != u.update.timeframe
                    if statusDiffers || timeframeDiffers {
                        let what = statusDiffers ? "status '\(u.update.status ?? "")', but the update at \(first.update.location.description) gives '\(first.update.status ?? "")'"
                                                 : "timeframe \(u.update.timeframe.joined(separator: ", ")), but the update at \(first.update.location.description) gives \(first.update.timeframe.joined(separator: ", "))"
                        diagnostics.append(.error("conflicting-updates", at: u.update.statusLocation ?? u.update.timeframeLocation ?? u.update.location,
                                                  "two updates on \(target) dated \(u.update.date) disagree: this one gives \(what)",
                                                  suggestion: "make them agree, or correct the date of one of them"))
                    }
                } else {
                    byDate[u.update.date] = u
                }
            }
            // Progress reported after completion.
            let oldestFirst = Array(updates.reversed())
            if let done = oldestFirst.firstIndex(where: { $0.update.status.flatMap(content.statuses.status)?.rollup == .done }) {
                for later in oldestFirst[(done + 1)...] where later.update.date > oldestFirst[done].update.date {
                    let status = later.update.status.flatMap(content.statuses.status)
                    if status?.rollup != .done {
                        diagnostics.append(.warning("progress-after-complete", at: later.update.location,
                                                    "\(target) was reported complete on \(oldestFirst[done].update.date) (\(oldestFirst[done].update.location.description)), but this later update reports \(status.map { "it as '\($0.label)'" } ?? "further progress")",
                                                    suggestion: "if it was reopened, give the update a status saying so; otherwise check the target"))
                    }
                }
            }
        }
        return (out, diagnostics)
    }

    /// `plan`, `action:2.1`, `workarea:3`, `ofsted-2015:7`, `dfe-notice-2016:10c`.
    func resolve(_ update: ProgressUpdate) -> Result<ProgressTarget, TargetProblem> {
        let text = update.target
        func fail(_ message: String, _ suggestion: String) -> Result<ProgressTarget, TargetProblem> {
            .failure(TargetProblem(diagnostic: .error("unknown-target", at: update.targetLocation, message, suggestion: suggestion)))
        }
        if text == "plan" { return .success(.plan) }
        guard let reference = Reference.parse(text), reference.fragment == nil else {
            return fail("'\(text)' is not a target", "name what the update is about: action:2.1, workarea:3, ofsted-2015:7, dfe-notice-2016:10c or plan")
        }
        if ["action", "workarea"].contains(reference.scheme) || linked.plan.registers.contains(where: { $0.id == reference.scheme }),
           let wrong = reference.numberFormError(at: update.targetLocation) {
            return .failure(TargetProblem(diagnostic: wrong))
        }
        switch reference.scheme {
        case "action":
            // A withdrawn action keeps the progress reported on it before it was withdrawn (Releases.swift).
            if linked.rows[reference.key] == nil, linked.plan.withdrawnActions.contains(where: { $0.ref == reference.key }) {
                return .success(.action(reference.key))
            }
            guard linked.rows[reference.key] != nil else {
                return fail("the update targets action \(reference.key), which does not exist",
                            Suggest.didYouMean(reference.key, in: linked.rowOrder) ?? "name an action ref of the plan, e.g. action:1.1")
            }
            return .success(.action(linked.original[reference.key] ?? reference.key))
        case "workarea":
            let numbers = linked.plan.workAreas.map { String($0.number) }
            guard let n = Int(reference.key), numbers.contains(reference.key) else {
                return fail("the update targets work area \(reference.key), which does not exist", "the work areas are: \(numbers.joined(separator: ", "))")
            }
            return .success(.workArea(n))
        default:
            let registers = linked.plan.registers.map(\.id)
            guard registers.contains(reference.scheme) else {
                return fail("the update targets '\(text)', but there is no register '\(reference.scheme)'",
                            Suggest.didYouMean(reference.scheme, in: registers + ["action", "workarea"]) ?? "targets are action:REF, workarea:N, REGISTER:NUMBER or plan; the registers are: \(registers.joined(separator: ", "))")
            }
            let key = ItemKey(reference.scheme, reference.key)
            guard linked.items[key] != nil else {
                let numbers = linked.itemOrder.filter { $0.register == reference.scheme }.map(\.number)
                return fail("the update targets \(reference.scheme) item \(reference.key), which does not exist",
                            Suggest.didYouMean(reference.key, in: numbers) ?? "name an item of \(reference.scheme), e.g. \(reference.scheme):\(numbers.first ?? "1")")
            }
            return .success(.item(key))
        }
    }
}

struct TargetProblem: Error { let diagnostic: Diagnostic }
