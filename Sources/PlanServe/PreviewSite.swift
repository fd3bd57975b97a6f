// PlanServe/PreviewSite: the site as `plansite serve` holds it in memory: the
// last good build (path → bytes, and the linked plan), and the diagnostics of
// the current build when it is broken. A rebuild replaces the site only when it
// succeeds, and says which files changed.

import Foundation
import Markdown
import PlanBuild
import PlanLinking
import PlanLoading
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

/// A site loaded and linked, not yet rendered: a file rendered on its own when it can be (an action's page),
/// and the whole site.
public struct PreparedSite {
    /// One file rendered on its own, the same bytes the whole site has; nil when this path needs the whole site.
    public var renderOne: (String) -> OutputFile?
    /// Every file, with the report and the diagnostics (as `SiteBuilder.run()` without writing).
    public var renderAll: () -> BuildResult
    public init(renderOne: @escaping (String) -> OutputFile?, renderAll: @escaping () -> BuildResult) {
        self.renderOne = renderOne
        self.renderAll = renderAll
    }
}

/// The site held in memory. Thread-safe: rebuilds run on the watcher's queue, requests on the server's tasks.
///
/// A rebuild goes in two steps. First the changed files are parsed again (the others come from the parse
/// cache) and the plan is linked and checked: a broken edit stops there, and the last good site stays served.
/// Then, while the whole site renders, the next generation is already being served: a page that can be
/// rendered on its own (an action's page, the page usually being edited) is rendered when asked for; any
/// other file waits for the whole site.
public final class PreviewSite: @unchecked Sendable {
    public let root: URL
    public let strict: Bool
    /// Prepares the site (load, link, check); replaceable so that tests can hold a site in memory.
    private let prepare: (RebuildRequest) -> Result<PreparedSite, BuildStopped>
    private let lock = NSCondition()
    private var _files: [String: Data] = [:]
    private var _generation = 0
    private var _report: String?
    private var _linked: LinkedPlan?
    private var _warnings: [String] = []
    private var _milliseconds = 0.0
    private var _preparedMilliseconds = 0.0
    /// The generation being rendered (`token` tells one from the next): the site prepared, and its files rendered so far.
    private var pending: (token: Int, site: PreparedSite, files: [String: Data])?
    /// Numbers given out to generations, good or abandoned: never used twice, so that a page of a generation that
    /// failed to render never passes for one of a later generation (`generation` in the reload script).
    private var tokens = 0
    /// Paths served from a generation that then failed to render, not yet told to reload (`takeAbandoned`).
    private var abandoned: Set<String> = []
    public let asAt: String?
    /// The parses of the last build, so that a rebuild parses only the files that changed.
    public let parseCache: ParseCache
    /// The markdown rendered by the last build, so that a rebuild renders only the texts that changed.
    public let markdownCache: MarkdownCache
    /// Every path of the site the builds asked for: the server watches them (site.yaml may name `pages: pages`).
    public let readLog = ReadLog()

    /// A site built by `build` in one step (tests): nothing is rendered on its own.
    public convenience init(root: URL, strict: Bool = false, asAt: String? = nil, build: @escaping (RebuildRequest) -> BuildResult) {
        self.init(root: root, strict: strict, asAt: asAt, prepare: { request in
            let result = build(request)
            return .success(PreparedSite(renderOne: { _ in nil }, renderAll: { result }))
        })
    }

    /// - Parameter prepare: loads and links the site (default: `SiteBuilder.prepare()` with the parse cache, never writing).
    public init(root: URL, strict: Bool = false, asAt: String? = nil, prepare: ((RebuildRequest) -> Result<PreparedSite, BuildStopped>)? = nil) {
        self.root = root
        self.strict = strict
        self.asAt = asAt
        let cache = ParseCache(), templates = TemplateCache(), markdown = MarkdownCache()
        self.parseCache = cache
        self.markdownCache = markdown
        let readLog = self.readLog
        self.prepare = prepare ?? { request in PreviewSite.prepareSite(request, cache: cache, templates: templates, markdown: markdown, readLog: readLog) }
    }

    /// The pipeline up to rendering, in memory, with unchanged files taken from `cache` and unchanged templates from `templates`. Serve never writes, least of all into output/.
    public static func prepareSite(_ request: RebuildRequest, cache: ParseCache?, templates: TemplateCache? = nil,
                                   markdown: MarkdownCache? = nil, readLog: ReadLog? = nil) -> Result<PreparedSite, BuildStopped> {
        var options = BuildOptions(root: request.root, strict: request.strict, write: false, asAt: request.asAt)
        options.readLog = readLog
        options.parseCache = cache
        options.templateCache = templates
        options.markdownCache = markdown
        return SiteBuilder(options: options).prepare().map { prepared in
            PreparedSite(renderOne: { prepared.renderer.renderOne($0) }, renderAll: { SiteBuilder.renderInMemory(prepared) })
        }
    }

    /// The bytes of a file of the site being served: while a rebuild renders, the new generation's (rendered on
    /// its own at once when it can be, else when the whole site is ready); else the last good build's.
    public func file(_ path: String) -> Data? { served(path)?.bytes }

    /// A file of the site being served with the generation its bytes belong to and the report to show over it (the
    /// diagnostics of a broken site; none for a page of a generation still rendering), read together.
    public func served(_ path: String) -> (bytes: Data, generation: Int, report: String?)? {
        lock.lock()
        defer { lock.unlock() }
        while let p = pending {
            if let bytes = p.files[path] {
                servedFromPending.insert(path)
                return (bytes, p.token, nil)
            }
            lock.unlock()
            let one = p.site.renderOne(path)
            lock.lock()
            guard pending?.token == p.token else { continue }   // another generation began meanwhile: ask it
            if let one, one.path == path {
                pending?.files[path] = one.bytes
                servedFromPending.insert(path)
                return (one.bytes, p.token, nil)
            }
            while pending?.token == p.token { lock.wait() }   // the whole site is on its way
        }
        return _files[path].map { ($0, _generation, _report) }
    }

    /// Paths served from the pending generation so far (kept in case it fails to render).
    private var servedFromPending: Set<String> = []

    /// The paths served from generations that failed to render since last asked: pages that must reload to show
    /// the last good build again (the server tells them at once).
    public func takeAbandoned() -> [String] {
        lock.withLock {
            defer { abandoned = [] }
            return abandoned.sorted()
        }
    }

    /// Waits, without holding a thread, until `path` can be answered at once: no rebuild renders, or the file is
    /// ready (rendered on its own, which this does now when it can). The server's request tasks call this before
    /// `file`, so that a request waiting for the whole site does not block the threads other requests need.
    public func ready(_ path: String) async {
        let waiting = lock.withLock { () -> (token: Int, site: PreparedSite)? in
            guard let p = pending, p.files[path] == nil else { return nil }
            return (p.token, p.site)
        }
        guard let waiting else { return }
        if let one = waiting.site.renderOne(path), one.path == path {
            lock.withLock { if pending?.token == waiting.token, pending?.files[path] == nil { pending?.files[path] = one.bytes } }
            return
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = lock.withLock { () -> Bool in
                guard pending?.token == waiting.token else { return true }
                waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }
    /// Request tasks waiting for the whole site (`ready`), resumed when the rebuild ends either way.
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// Ends the pending generation (under the lock) and wakes whoever waits for it. `failed`: it did not render, and
    /// what was served from it is abandoned.
    private func endPending(failed: Bool) {
        if failed { abandoned.formUnion(servedFromPending) }
        servedFromPending = []
        pending = nil
        lock.broadcast()
        let resumed = waiters
        waiters = []
        for w in resumed { w.resume() }
    }

    /// Whether the last good build has a file at this path or below it (a folder).
    public func hasFolder(_ path: String) -> Bool { file(path + "/index.html") != nil }
    /// The number of the generation served (0 before the first good build).
    public var generation: Int { lock.withLock { pending?.token ?? _generation } }
    /// The diagnostics of the current build when it is broken, else nil (nil too while a new version renders: it
    /// linked without errors).
    public var report: String? { lock.withLock { pending == nil ? _report : nil } }
    /// Whether a new generation is being rendered (its number given, its files not all made).
    public var isRendering: Bool { lock.withLock { pending != nil } }
    /// The linked plan of the last good build, kept for the next rebuild and for tools.
    public var linked: LinkedPlan? { lock.withLock { _linked } }
    /// How many files the last good build has.
    public var fileCount: Int { lock.withLock { _files.count } }
    public var pageCount: Int { lock.withLock { _files.keys.filter { $0.hasSuffix(".html") }.count } }
    public var warningCount: Int { lock.withLock { _warnings.count } }
    /// The last good build's warnings, as `plansite check` prints them.
    public var warnings: [String] { lock.withLock { _warnings } }
    /// How long the last rebuild took (building and comparing), in milliseconds.
    public var lastRebuildMilliseconds: Double { lock.withLock { _milliseconds } }
    /// How long the last rebuild took to load and link (after which its pages are served), in milliseconds.
    public var lastPrepareMilliseconds: Double { lock.withLock { _preparedMilliseconds } }

    /// Builds the site again (`changed`: the sources that changed, nil for all). On success the
    /// new site replaces the old; on failure the old stays. `early` hears, as soon as the site is linked and
    /// before the whole site renders, the new generation and which of `open` (pages open in a browser) it
    /// changed, of those that render on their own.
    @discardableResult
    public func rebuild(changed: [String]? = nil, open: Set<String> = [], early: ((Int, [String]) -> Void)? = nil) -> RebuildOutcome {
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
            lock.withLock { _milliseconds = ms }
        }
        let request = RebuildRequest(changedSources: changed, previous: linked, root: root, strict: strict, asAt: asAt)
        let result: BuildResult
        let preparation = prepare(request)
        // What a build that loaded and linked did not use (an earlier version of an edited text) is let go.
        if case .success = preparation {
            parseCache.sweep()
            markdownCache.sweep()
        }
        switch preparation {
        case .failure(let stopped):
            result = stopped.result
        case .success(let prepared):
            // The new generation is served from now on; the pages open in a browser that render on their own go first.
            let (token, first) = lock.withLock { () -> (Int, Bool) in
                _preparedMilliseconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
                tokens += 1
                pending = (tokens, prepared, [:])
                servedFromPending = []
                return (tokens, _generation == 0)
            }
            let generation = token
            if let early, !first {
                var announced: [String] = []
                for path in open.sorted() {
                    guard let one = prepared.renderOne(path), one.path == path else { continue }
                    let old = lock.withLock { () -> Data? in
                        if pending?.token == token {
                            pending?.files[path] = one.bytes
                            servedFromPending.insert(path)   // announced: open pages load it
                        }
                        return _files[path]
                    }
                    if old != one.bytes { announced.append(path) }
                }
                if !announced.isEmpty { early(generation, announced) }
            }
            result = prepared.renderAll()
        }
        return finish(result)
    }

    private func finish(_ result: BuildResult) -> RebuildOutcome {
        var problems = result.diagnostics.filter { $0.severity == .error || (strict && $0.severity == .warning) }.map(\.formatted)
        if case .failure(let message) = result.outcome { problems.append("plansite: error: \(message)") }
        if result.exitCode != 0, strict, !result.diagnostics.hasErrors, !problems.isEmpty {
            problems.append("plansite: --strict counts these warnings as errors; fix them, or serve without --strict")
        }
        guard result.exitCode == 0 else {
            let report = problems.isEmpty ? "plansite: the build failed" : problems.joined(separator: "\n")
            lock.withLock {
                _report = report
                endPending(failed: true)
            }
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
            _warnings = result.diagnostics.warnings.map(\.formatted)
            _generation = pending?.token ?? (tokens + 1)
            tokens = max(tokens, _generation)
            endPending(failed: false)
            return .built(generation: _generation, changed: changed.sorted())
        }
    }
}
