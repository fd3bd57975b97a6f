// PlanBuild/Comparison: loads the two states `plansite diff` compares (a site
// folder, a site as at a date, a git revision of the site's repository) and
// diffs them. Git revisions are checked out, as committed, into a temporary
// folder: the user's work tree and index are never touched.

import Foundation
import PlanDiff
import PlanLinking
import PlanLoading
import PlanModel

/// One side of a comparison.
public struct ComparisonSide {
    public enum Source: Equatable {
        /// A site folder (holding site.yaml).
        case folder(URL)
        /// A git revision of the repository holding `root`; the site is at the same place inside it.
        case git(root: URL, revision: String)
    }
    public var source: Source
    /// Build the side as at this date (`YYYY-MM-DD` or `YYYY-MM`); nil: as at its latest date.
    public var asAt: String?
    /// How the report names this side.
    public var label: String
    public init(source: Source, asAt: String? = nil, label: String) { self.source = source; self.asAt = asAt; self.label = label }
}

public struct ComparisonFailure: Error, CustomStringConvertible {
    public let message: String
    /// The content errors of the side that failed to load or link, if that was the reason.
    public let diagnostics: [Diagnostic]
    public var description: String { message }
}

public enum Comparison {
    /// Loads and links both sides, then diffs them.
    public static func run(old: ComparisonSide, new: ComparisonSide) throws -> ChangeSet {
        let a = try linked(old), b = try linked(new)
        func state(_ side: ComparisonSide, _ plan: LinkedPlan) -> PlanState {
            PlanState(label: side.label, version: side.asAt == nil ? plan.plan.releaseInForce.version : nil, asAt: side.asAt)
        }
        return PlanDiffer().diff(a, b, oldState: state(old, a), newState: state(new, b))
    }

    /// The linked plan of one side.
    public static func linked(_ side: ComparisonSide) throws -> LinkedPlan {
        switch side.source {
        case .folder(let url):
            do {
                return try linked(root: url, asAt: side.asAt, label: side.label)
            } catch let failure as ComparisonFailure {
                // A site elsewhere (`plansite diff . ../other`): its files named from here, not from its own folder.
                let here = FileManager.default.currentDirectoryPath
                let root = url.standardizedFileURL.path
                guard root != here else { throw failure }
                let prefix = root.hasPrefix(here + "/") ? String(root.dropFirst(here.count + 1)) : root
                throw ComparisonFailure(message: failure.message, diagnostics: failure.diagnostics.map { d in
                    guard let at = d.location else { return d }
                    return Diagnostic(d.severity, d.code, at: SourceLocation(file: prefix + "/" + at.file, line: at.line, column: at.column),
                                      d.message, suggestion: d.suggestion)
                })
            }
        case .git(let root, let revision):
            let (folder, cleanup) = try export(root: root, revision: revision)
            defer { cleanup() }
            return try linked(root: folder, asAt: side.asAt, label: side.label)
        }
    }

    static func linked(root: URL, asAt: String?, label: String) throws -> LinkedPlan {
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent("site.yaml").path) else {
            throw ComparisonFailure(message: "\(label): no site.yaml in \(root.path)", diagnostics: [])
        }
        var date: ContentDate?
        if let asAt {
            guard case .success(let d) = ContentDate.parse(asAt) else {
                throw ComparisonFailure(message: "'\(asAt)' is not a date; write it as YYYY-MM-DD (or YYYY-MM)", diagnostics: [])
            }
            date = d
        }
        let loaded = PlanLoader(source: DiskContentSource(root: root)).load()
        guard let plan = loaded.plan, !loaded.diagnostics.hasErrors else {
            throw ComparisonFailure(message: "\(label): the content has errors", diagnostics: loaded.diagnostics.sortedForOutput())
        }
        let linked = Linker().link(plan.asAt(date))
        if linked.diagnostics.hasErrors {
            throw ComparisonFailure(message: "\(label): the content has errors", diagnostics: linked.diagnostics.sortedForOutput())
        }
        return linked
    }

    /// Runs git with these arguments in `directory`; its standard output, or a failure with its standard error.
    static func git(_ arguments: [String], in directory: URL, index: URL? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = (index.map { ["GIT_INDEX_FILE=" + $0.path] } ?? []) + ["git", "-C", directory.path] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch {
            throw ComparisonFailure(message: "cannot run git: \(error.localizedDescription)", diagnostics: [])
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errors, as: UTF8.self).trimmingWhitespaceAndNewlines()
            throw ComparisonFailure(message: "git \(arguments.joined(separator: " ")): \(message)", diagnostics: [])
        }
        return String(decoding: data, as: UTF8.self).trimmingWhitespaceAndNewlines()
    }

    /// Whether `text` names a commit of the repository holding `root`.
    public static func isRevision(_ text: String, root: URL) -> Bool {
        guard !text.hasPrefix("-") else { return false }
        return (try? git(["rev-parse", "--verify", "--quiet", "\(text)^{commit}"], in: root)) != nil
    }

    /// Exports the site folder of `revision` into a temporary folder, exactly as committed, and returns it and its
    /// cleanup: the commit's tree is read into an index of its own (the repository's index and work tree are not
    /// touched) and checked out from it. Not `git archive`, which applies `.gitattributes`' export-ignore and
    /// export-subst, so that a file marked export-ignore would have looked removed.
    static func export(root: URL, revision: String) throws -> (URL, () -> Void) {
        guard !revision.hasPrefix("-") else { throw ComparisonFailure(message: "'\(revision)' is not a git revision", diagnostics: []) }
        let commit = try git(["rev-parse", "--verify", "--quiet", "\(revision)^{commit}"], in: root)
        let prefix = try git(["rev-parse", "--show-prefix"], in: root)
        let temp = FileManager.default.temporaryDirectory.appendingPathComponent("plansite-diff-\(commit.prefix(12))-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
        let cleanup: () -> Void = { _ = try? FileManager.default.removeItem(at: temp) }
        do {
            let top = URL(fileURLWithPath: try git(["rev-parse", "--show-toplevel"], in: root))
            let index = temp.appendingPathComponent("index")
            let tree = temp.appendingPathComponent("tree")
            try FileManager.default.createDirectory(at: tree, withIntermediateDirectories: true)
            // A revision from before the site was made (or moved) has no site.yaml where the site's is now.
            let config = prefix + "site.yaml"
            if (try? git(["cat-file", "-e", "\(commit):\(config)"], in: top)) == nil {
                throw ComparisonFailure(message: "the site is not in revision \(revision) (commit \(commit.prefix(12))): it has no \(config); "
                                            + "pick a revision that has it (git -C \(root.path) log --oneline -- site.yaml lists the commits that changed it), or give a date or a site folder",
                                        diagnostics: [])
            }
            // The site's folder in that commit (the whole tree when the site is the repository's top).
            _ = try git(["read-tree", prefix.isEmpty ? commit : "\(commit):\(prefix)"], in: top, index: index)
            _ = try git(["checkout-index", "--all", "--prefix=" + tree.path + "/"], in: top, index: index)
            return (tree, cleanup)
        } catch {
            cleanup()
            throw error
        }
    }
}
