// PlanServe/PreviewSite: the site as `plansite serve` holds it in memory: the
// last good build (path → bytes, and the linked plan), and the diagnostics of
// the current build when it is broken. A rebuild replaces the site only when it
// succeeds, and says which files changed.

import Foundation
import PlanBuild
import PlanLinking
import PlanModel
import PlanRendering

/// What one rebuild did.
public enum RebuildOutcome: Equatable, Sendable {
    /// Built: the site now served is generation `generation`; `changed` lists the
    /// paths whose bytes changed, appeared or went (sorted).
    case built(generation: Int, changed: [String])
    /// The build failed: the last good site is still served; `report` is what
    /// the terminal and the overlay show (`path:line:column: error: ...` lines).
    case broken(report: String)
}

/// What a rebuild is asked for: which sources changed (nil: all, as for the first build) and
/// the linked plan of the last good build. The default builder runs the whole pipeline in memory;
/// an incremental one (re-parse only the changed files, re-render only the pages they touch)
/// takes its place through `PreviewSite(build:)` without any change to the server.
public struct RebuildRequest {
    public var changedSources: [String]?
    public var previous: LinkedPlan?
    public var root: URL
    public var strict: Bool
    /// Build the plan as it stood at this date (as `build --as-at`).
    public var asAt: String?
}

/// The site held in memory. Thread-safe: rebuilds run on the watcher's queue, requests on the server's tasks.
public final class PreviewSite: @unchecked Sendable {
    public let root: URL
    public let strict: Bool
    /// Builds the site in memory; replaceable so that a faster (or incremental) builder drops in.
    private let build: (RebuildRequest) -> BuildResult

    private let lock = NSLock()
    private var _files: [String: Data] = [:]
    private var _generation = 0
    private var _report: String?
    private var _linked: LinkedPlan?
    private var _warnings = 0
    private var _milliseconds = 0.0
    public let asAt: String?

    public init(root: URL, strict: Bool = false, asAt: String? = nil, build: ((RebuildRequest) -> BuildResult)? = nil) {
        self.root = root
        self.strict = strict
        self.asAt = asAt
        self.build = build ?? PreviewSite.wholeBuild
    }

    /// The whole pipeline, in memory. `write: false`: serve never writes, least of all into output/.
    public static func wholeBuild(_ request: RebuildRequest) -> BuildResult {
        SiteBuilder(options: BuildOptions(root: request.root, strict: request.strict, write: false, asAt: request.asAt)).run()
    }

    /// The bytes of a file of the last good build.
    public func file(_ path: String) -> Data? { lock.withLock { _files[path] } }
    /// Whether the last good build has a file at this path or below it (a folder).
    public func hasFolder(_ path: String) -> Bool {
        lock.withLock { _files[path + "/index.html"] != nil }
    }
    /// The number of the last good build (0 before the first).
    public var generation: Int { lock.withLock { _generation } }
    /// The diagnostics of the current build when it is broken, else nil.
    public var report: String? { lock.withLock { _report } }
    /// The linked plan of the last good build, kept for the next rebuild and for tools.
    public var linked: LinkedPlan? { lock.withLock { _linked } }
    /// How many files the last good build has.
    public var fileCount: Int { lock.withLock { _files.count } }
    public var pageCount: Int { lock.withLock { _files.keys.filter { $0.hasSuffix(".html") }.count } }
    public var warningCount: Int { lock.withLock { _warnings } }
    /// How long the last rebuild took (building and comparing), in milliseconds.
    public var lastRebuildMilliseconds: Double { lock.withLock { _milliseconds } }

    /// Builds the site again (`changed`: the sources that changed, nil for all). On success the
    /// new site replaces the old; on failure the old stays.
    @discardableResult
    public func rebuild(changed: [String]? = nil) -> RebuildOutcome {
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
            lock.withLock { _milliseconds = ms }
        }
        let result = build(RebuildRequest(changedSources: changed, previous: linked, root: root, strict: strict, asAt: asAt))
        var problems = result.diagnostics.filter { $0.severity == .error || (strict && $0.severity == .warning) }.map(\.formatted)
        if case .failure(let message) = result.outcome { problems.append("plansite: error: \(message)") }
        guard result.exitCode == 0 else {
            let report = problems.isEmpty ? "plansite: the build failed" : problems.joined(separator: "\n")
            lock.withLock { _report = report }
            return .broken(report: report)
        }
        var files: [String: Data] = [:]
        files.reserveCapacity(result.files.count)
        for file in result.files { files[file.path] = file.bytes }
        // The build report is never a page of the published site; the local preview serves it at /report.html.
        if let report = result.report, files["report.html"] == nil { files["report.html"] = Data(report.html.utf8) }
        return lock.withLock {
            var changed: [String] = []
            for (path, bytes) in files where _files[path] != bytes { changed.append(path) }
            for path in _files.keys where files[path] == nil { changed.append(path) }
            _files = files
            _linked = result.linked
            _report = nil
            _warnings = result.diagnostics.warnings.count
            _generation += 1
            return .built(generation: _generation, changed: changed.sorted())
        }
    }
}
