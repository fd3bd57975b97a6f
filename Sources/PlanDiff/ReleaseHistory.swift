// PlanDiff/ReleaseHistory: the site's releases, each the plan as at its date,
// diffed against the release before it. The input to the "What changed" pages,
// each item's "show all updates", withdrawn actions' pages and the feed. Pure.

import Foundation
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

    public init(releases: [ReleaseChanges], diagnostics: [Diagnostic] = []) { self.releases = releases; self.diagnostics = diagnostics }

    /// Builds the plan as at each release's date and diffs each against the one before.
    public static func make(from plan: Plan, differ: PlanDiffer = PlanDiffer(), threads: Int = Parallel.defaultThreads) -> ReleaseHistory {
        var out: [ReleaseChanges] = []
        var diagnostics: [Diagnostic] = []
        var previous: (release: Release, linked: LinkedPlan)?
        // Each release's plan is linked on its own (in parallel); the diffs follow in release order.
        var linker = Linker()
        linker.warnsOfAbbreviations = false   // only a release's errors are reported
        let links = Parallel.map(plan.releases, threads: threads) { linker.link(plan.asAt($0.date)) }
        for (release, linked) in zip(plan.releases, links) {
            for d in linked.diagnostics where d.severity == .error {
                diagnostics.append(.error(d.code, at: release.location, "release \(release.version): the plan as at \(release.date) does not build: \(d.formatted)",
                                          suggestion: "fix the content, or date the release when the plan was complete"))
            }
            let state = PlanState(label: "release \(release.version)", version: release.version, asAt: release.date.description)
            let changes: ChangeSet
            if let previous {
                let before = PlanState(label: "release \(previous.release.version)", version: previous.release.version, asAt: previous.release.date.description)
                changes = differ.diff(previous.linked, linked, oldState: before, newState: state)
            } else {
                changes = ChangeSet(old: state, new: state, changes: [])
            }
            out.append(ReleaseChanges(release: release, previous: previous?.release, changes: changes))
            previous = (release, linked)
        }
        return ReleaseHistory(releases: out, diagnostics: diagnostics)
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
