// Test support: the real plan loaded once, plans changed in memory, temporary site copies.

import Foundation
import Scratch
import PlanDiff
import PlanLinking
import PlanLoading
import PlanModel
import Testing

enum Real {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixture = repository.appendingPathComponent("Tests/PlanBuildTests/Fixtures/site")

    /// The real plan as loaded (not linked).
    static let plan: Plan = {
        let loaded = PlanLoader(source: DiskContentSource(root: repository)).load()
        return loaded.plan!
    }()

    static func diff(_ change: (inout Plan) -> Void, base: Plan = plan) -> ChangeSet {
        var changed = base
        change(&changed)
        let a = Linker().link(base.asAt(nil)), b = Linker().link(changed.asAt(nil))
        return PlanDiffer().diff(a, b, oldState: PlanState(label: "old"), newState: PlanState(label: "new"))
    }

    /// A temporary copy of the real site (site.yaml and content/) or of another folder.
    static func copySite(from source: URL = repository) throws -> URL {
        let dir = Scratch.folder("plansite-diff-test")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        if source == repository {
            try FileManager.default.copyItem(at: source.appendingPathComponent("site.yaml"), to: dir.appendingPathComponent("site.yaml"))
            try FileManager.default.copyItem(at: source.appendingPathComponent("content"), to: dir.appendingPathComponent("content"))
        } else {
            for name in try FileManager.default.contentsOfDirectory(atPath: source.path) {
                try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: dir.appendingPathComponent(name))
            }
        }
        return dir
    }

    static func edit(_ site: URL, _ path: String, replacing old: String, with new: String) throws {
        let url = site.appendingPathComponent(path)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains(old), "\(path) has no '\(old)'")
        try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
    }
}

extension Plan {
    /// Changes the action row with this ref wherever it is.
    mutating func editAction(_ ref: String, _ change: (inout ActionRow) -> Void) {
        for w in workAreas.indices { for g in workAreas[w].groups.indices { for r in workAreas[w].groups[g].rows.indices where workAreas[w].groups[g].rows[r].ref == ref {
            change(&workAreas[w].groups[g].rows[r])
        } } }
    }
    mutating func removeAction(_ ref: String) {
        for w in workAreas.indices { for g in workAreas[w].groups.indices { workAreas[w].groups[g].rows.removeAll { $0.ref == ref } } }
    }
}
