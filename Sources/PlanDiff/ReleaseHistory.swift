// PlanDiff/ReleaseHistory: the site's releases, each the plan as at its date,
// diffed against the release before it. The input to the "What changed" pages,
// each item's "show all updates", withdrawn actions' pages and the feed. Pure.

import Foundation
import Markdown
import PlanLinking
import PlanModel

/// One release and what changed since the one before it.
public struct ReleaseChanges: Sendable {
    public let release: Release
    public let previous: Release?
    /// Empty for the first release (there is nothing to compare it with).
    public let changes: ChangeSet
    public var isFirst: Bool { previous == nil }
}

public struct ReleaseHistory: Sendable {
    /// Oldest first.
    public let releases: [ReleaseChanges]
    /// Diagnostics from linking each release's plan (errors there mean the release cannot be built as at its date).
    public let diagnostics: [Diagnostic]
    /// The errors behind `diagnostics`, as the release's own link reported them, with the release of each.
    public private(set) var releaseErrors: [(release: Release, error: Diagnostic)] = []

    /// One error for each mistake that stops a release from building, at the first release it stops and naming the
    /// others; none for a mistake `known` already holds (the plan's own link reports it, once, at the mistake).
    /// A mistake is its kind and place: its message may name what the plan held as at each date ("the registers
    /// are: ..."), and is then worded differently for each release.
    public func diagnostics(besides known: [Diagnostic]) -> [Diagnostic] {
        func mistake(_ d: Diagnostic) -> String { d.location.map { "\(d.code) \($0.description)" } ?? d.formatted }
        let reported = Set(known.filter { $0.severity == .error }.map(mistake))
        var order: [String] = []
        var byError: [String: (first: (release: Release, error: Diagnostic), others: [Release])] = [:]
        for (release, error) in releaseErrors where !reported.contains(mistake(error)) {
            let key = mistake(error)
            if byError[key] == nil {
                order.append(key)
                byError[key] = ((release, error), [])
            } else {
                byError[key]?.others.append(release)
            }
        }
        return order.compactMap { byError[$0] }.map { entry in
            let (release, d) = entry.first
            let also = entry.others.isEmpty ? "" : " (and " + entry.others.map { "\($0.version) as at \($0.date)" }.joined(separator: ", ") + ")"
            return .error(d.code, at: release.location,
                          "release \(release.version): the plan as at \(release.date)\(also) does not build: \(d.formatted)",
                          suggestion: "fix the content, or date the release when the plan was complete")
        }
    }

    public init(releases: [ReleaseChanges], diagnostics: [Diagnostic] = []) { self.releases = releases; self.diagnostics = diagnostics }

    /// Builds the plan as at each release's date and diffs each against the one before.
    /// - Parameter markdownCache: markdown rendered by the plan's own link (most texts are the same in every release).
    public static func make(from plan: Plan, differ: PlanDiffer = PlanDiffer(), threads: Int = Parallel.defaultThreads,
                            markdownCache: MarkdownCache? = nil) -> ReleaseHistory {
        // Each release's plan is linked on its own, and each diffed against the one before: both in parallel, the
        // results in release order.
        var linker = Linker()
        linker.warnsOfAbbreviations = false   // only a release's errors are reported
        linker.markdownCache = markdownCache
        let releases = plan.releases
        let links = Parallel.map(releases, threads: threads) { linker.link(plan.asAt($0.date)) }
        func state(_ release: Release) -> PlanState {
            PlanState(label: "release \(release.version)", version: release.version, asAt: release.date.description)
        }
        let changes = Parallel.map(Array(releases.indices), threads: threads) { i -> ChangeSet in
            i == 0 ? ChangeSet(old: state(releases[0]), new: state(releases[0]), changes: [])
                : differ.diff(links[i - 1], links[i], oldState: state(releases[i - 1]), newState: state(releases[i]))
        }
        var diagnostics: [Diagnostic] = []
        var errors: [(release: Release, error: Diagnostic)] = []
        for (release, linked) in zip(releases, links) {
            for d in linked.diagnostics where d.severity == .error {
                errors.append((release, d))
                diagnostics.append(.error(d.code, at: release.location, "release \(release.version): the plan as at \(release.date) does not build: \(d.formatted)",
                                          suggestion: "fix the content, or date the release when the plan was complete"))
            }
        }
        let out = releases.indices.map { i in ReleaseChanges(release: releases[i], previous: i == 0 ? nil : releases[i - 1], changes: changes[i]) }
        var history = ReleaseHistory(releases: out, diagnostics: diagnostics)
        history.releaseErrors = errors
        return history
    }

    /// The releases that changed an entity, newest first, with its changes in each.
    public func updates(of entity: String) -> [(release: ReleaseChanges, changes: [Change])] {
        releases.reversed().compactMap { r in
            let list = r.changes.changes(of: entity)
            return list.isEmpty ? nil : (r, list)
        }
    }

    /// The release that withdrew an action, if one did.
    public func withdrawing(action ref: String) -> ReleaseChanges? {
        releases.first { $0.changes.changes.contains { $0.kind == .actionWithdrawn && $0.entity == "action:\(ref)" } }
    }
}
