// PlanServe/PreviewServer: `plansite serve`. Builds the site in memory, serves
// it on 127.0.0.1 (FlyingFox), watches the sources, rebuilds on an edit and
// tells open pages which files changed over server-sent events. A broken edit
// keeps the last good site served and shows its diagnostics in the terminal and
// over the pages. It never writes a file.

import Foundation
import FlyingFox
import FlyingSocks
import PlanBuild
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the server could not start.
public enum ServeError: Error, Equatable, CustomStringConvertible {
    case portInUse(UInt16)
    case cannotListen(port: UInt16, reason: String)

    public var description: String {
        switch self {
        case .portInUse(let port):
            return "port \(port) is in use; pick another with --port N"
        case .cannotListen(let port, let reason):
            return "cannot listen on 127.0.0.1:\(port): \(reason); pick another port with --port N"
        }
    }
}

/// What the terminal is told.
public enum ServeMessage: Sendable {
    /// A plain line.
    case info(String)
    /// The site is broken: the diagnostics, one per line, as `plansite check` prints them.
    case problems(String)
}

public final class PreviewServer: @unchecked Sendable {
    /// The port `plansite serve` listens on unless told otherwise.
    public static let defaultPort: UInt16 = Preview.defaultPort

    public let site: PreviewSite
    public let root: URL
    private let requestedPort: UInt16
    private let watchInterval: TimeInterval
    private let log: @Sendable (ServeMessage) -> Void
    private let hub = EventHub()
    /// This run of the server, told to every page: a page served by an earlier run (serve stopped and started again,
    /// its generations counted from 1 again) reloads.
    public let run = String(UInt64.random(in: 1...UInt64.max), radix: 36)
    /// What the last good rebuild changed, told to every page that connects (or asks) after it: a page that missed the
    /// reload event (its tab was handing the event stream to another) still learns whether its files changed.
    let lastChange = Locked<LastChange?>(nil)
    /// The last generation whose reload event has gone out (or been built before any page could connect): a page
    /// told of a later one waits for its reload event, rather than reloading for want of knowing what it changed.
    let announced = Locked<Int>(0)
    private let queue = DispatchQueue(label: "plansite.serve.rebuild")
    private var http: HTTPServer?
    private var runTask: Task<Void, Never>?
    private var watcher: SourceWatcher?
    private var heartbeat: DispatchSourceTimer?
    private var wasBroken = false
    /// The port listened on, once started.
    public private(set) var port: UInt16 = 0

    /// - Parameters:
    ///   - port: the port on 127.0.0.1; 0 picks a free one (tests).
    ///   - prepare: loads and links the site (default: the pipeline up to rendering, in memory, with a parse cache).
    /// What stops a report's build, in words: "errors", or, under --strict with warnings only, what counts as errors.
    static func trouble(_ report: String) -> String {
        report.contains("--strict counts these warnings as errors") ? "warnings, which --strict counts as errors" : "errors"
    }

    public init(root: URL, port: UInt16 = PreviewServer.defaultPort, strict: Bool = false, asAt: String? = nil, watchInterval: TimeInterval = 0.1,
                prepare: ((RebuildRequest) -> Result<PreparedSite, BuildStopped>)? = nil, log: @escaping @Sendable (ServeMessage) -> Void) {
        self.root = root
        self.requestedPort = port
        self.watchInterval = watchInterval
        self.log = log
        self.site = PreviewSite(root: root, strict: strict, asAt: asAt, prepare: prepare)
    }

    /// Builds the site, starts listening and watching. Returns the port listened on.
    /// Throws `ServeError.portInUse` when the port is taken.
    @discardableResult
    public func start() async throws -> UInt16 {
        // A taken port is said at once, not after building the whole site (listening below finds it again, if it is
        // taken in between).
        if requestedPort != 0, let problem = Self.bindProblem(port: requestedPort) { throw problem }
        let started = DispatchTime.now()
        let first = site.rebuild()
        let ms = Self.milliseconds(since: started)
        announced.value = site.generation
        switch first {
        case .built:
            let warnings = site.warningCount
            if warnings > 0 { log(.problems(site.warnings.joined(separator: "\n"))) }
            log(.info("plansite: built \(site.pageCount) pages, \(site.fileCount) files in memory in \(ms) ms; \(warnings) warning\(warnings == 1 ? "" : "s")"))
        case .broken(let report):
            wasBroken = true
            log(.problems(report))
            log(.info("plansite: the site has \(Self.trouble(report)); serving an error page until they are fixed"))
        }

        let address: sockaddr_in
        do { address = try .inet(ip4: "127.0.0.1", port: requestedPort) } catch {
            throw ServeError.cannotListen(port: requestedPort, reason: "\(error)")
        }
        let server = HTTPServer(address: address, timeout: 30, logger: .disabled,
                                handler: SiteRequestHandler(site: site, hub: hub, run: run, lastChange: lastChange, announced: announced))
        let failure = Locked<(any Error)?>(nil)
        runTask = Task {
            do { try await server.run() } catch { failure.value = error }
        }
        let deadline = Date().addingTimeInterval(10)
        while !(await server.isListening) {
            if let error = failure.value { throw Self.explain(error, port: requestedPort) }
            if Date() > deadline { throw ServeError.cannotListen(port: requestedPort, reason: "timed out") }
            try await Task.sleep(nanoseconds: 2_000_000)
        }
        http = server
        if case .ip4(_, let listening)? = await server.listeningAddress { port = listening } else { port = requestedPort }

        let watcher = SourceWatcher(root: root, interval: watchInterval, queue: queue) { [weak self] changed in
            self?.sourcesChanged(changed)
        }
        queue.sync {
            watcher.watch(also: readPaths())
            watcher.start()
        }
        self.watcher = watcher
        // A comment every 15 s keeps idle event streams open through proxies and finds closed ones.
        let beat = DispatchSource.makeTimerSource(queue: queue)
        beat.schedule(deadline: .now() + 15, repeating: 15)
        beat.setEventHandler { [hub] in hub.send(ServerEvent.ping) }
        beat.resume()
        heartbeat = beat
        return port
    }

    /// Rebuilds now, as after an edit (the watcher calls this on its queue).
    public func sourcesChanged(_ paths: [String]) {
        // The pages open in a browser that render on their own are told first, before the rest of the site is rendered.
        var told = Set<String>()
        let warningsBefore = Set(site.warnings)
        let before = site.generation
        let outcome = site.rebuild(changed: paths, open: hub.openPages) { [hub] generation, changed in
            told = Set(changed)
            // Early: the rest of what changed comes later, so a page not named here is not yet known to be unchanged.
            hub.send(ServerEvent.make("reload", ["generation": generation, "paths": changed, "all": false, "early": true]))
        }
        // site.yaml may now name a file or folder outside content/ (`pages: pages`): watch it from now on.
        watcher?.watch(also: readPaths())
        let ms = Int(site.lastRebuildMilliseconds.rounded())
        let what = paths.count == 1 ? paths[0] : "\(paths.count) files"
        switch outcome {
        case .built(let generation, let all):
            let changed = all.filter { !told.contains($0) }
            let fixed = wasBroken ? "fixed; " : ""
            wasBroken = false
            let allPages = all.filter { $0.hasSuffix(".html") }.count
            // The warnings this edit brought are printed (the others were printed when they first came); the count is of all.
            let warnings = site.warnings
            let new = warnings.filter { !warningsBefore.contains($0) }
            if !new.isEmpty { log(.problems(new.joined(separator: "\n"))) }
            let count = "\(warnings.count) warning\(warnings.count == 1 ? "" : "s")\(new.isEmpty ? "" : " (\(new.count) new)")"
            log(.info("plansite: \(what) changed; \(fixed)linked in \(Int(site.lastPrepareMilliseconds.rounded())) ms, rebuilt in \(ms) ms: \(allPages) page\(allPages == 1 ? "" : "s") and \(all.count - allPages) other file\(all.count - allPages == 1 ? "" : "s") changed; \(count)"))
            // A long list is sent as "all": a page reloads when it is listed, or when a style sheet, script, image or font changed.
            let many = changed.count > 500
            lastChange.value = LastChange(from: before, to: generation, paths: all.count > 500 ? [] : all, all: all.count > 500)
            announced.value = generation
            hub.send(ServerEvent.make("reload", ["generation": generation, "paths": many ? [] : changed, "all": many]))
        case .broken(let report):
            wasBroken = true
            log(.problems(report))
            log(.info("plansite: \(what) changed; the site has \(Self.trouble(report)), still serving the last good build (\(ms) ms)"))
            hub.send(ServerEvent.make("error", ["report": report, "good": site.generation > 0]))
            // Pages served from the version that failed to render go back to the last good build (with the overlay).
            let abandoned = site.takeAbandoned()
            if !abandoned.isEmpty {
                hub.send(ServerEvent.make("reload", ["generation": site.generation, "paths": abandoned, "all": false, "broken": true]))
            }
        }
    }

    /// The paths the builds read inside the root, relative to it and without '..' (site.yaml's own are watched whole).
    func readPaths() -> [String] {
        let top = root.standardizedFileURL.path
        return site.readLog.paths.compactMap { path in
            let full = root.appendingPathComponent(path).standardizedFileURL.path
            return full.hasPrefix(top + "/") ? String(full.dropFirst(top.count + 1)) : nil
        }
    }

    /// Stops watching, ends the event streams and closes the server.
    public func stop() async {
        queue.sync {
            watcher?.stop()
            heartbeat?.cancel()
        }
        hub.close()
        if let http { await http.stop(timeout: 0.2) }   // a preview: requests still in flight may be cut short
        runTask?.cancel()
        _ = await runTask?.value
        http = nil
    }

    /// How many pages have an event stream open.
    public var openEventStreams: Int { hub.count }

    /// Why 127.0.0.1:`port` cannot be listened on now, or nil when it can (tried with a socket bound and let go).
    static func bindProblem(port: UInt16) -> ServeError? {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var yes: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound != 0 else { return nil }
        let code = errno
        return code == EADDRINUSE ? .portInUse(port) : .cannotListen(port: port, reason: String(cString: strerror(code)))
    }

    static func explain(_ error: any Error, port: UInt16) -> ServeError {
        if case SocketError.failed(_, let code, let message) = error {
            return code == EADDRINUSE ? .portInUse(port) : .cannotListen(port: port, reason: message)
        }
        return .cannotListen(port: port, reason: "\(error)")
    }

    static func milliseconds(since start: DispatchTime) -> Int {
        Int((Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1_000_000).rounded())
    }
}

/// What one good rebuild changed: from which generation to which, and the paths (`all`: too many to list).
struct LastChange {
    let from: Int, to: Int
    let paths: [String]
    let all: Bool

    /// Added to what a page hears of the generation `generation`, when this is the change that made it.
    func describe(_ generation: Int, into payload: inout [String: Any]) {
        guard to == generation else { return }
        payload["from"] = from
        payload["changed"] = paths
        payload["all"] = all
    }
}

/// A value behind a lock.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

/// Answers requests from the site in memory.
struct SiteRequestHandler: HTTPHandler {
    let site: PreviewSite
    let hub: EventHub
    var run = ""
    var lastChange = Locked<LastChange?>(nil)
    var announced = Locked<Int>(0)

    /// What a page hears of the site now: the generation, this run, and either what the last change changed or
    /// that a new generation is on its way (rendering, or built and its reload event not yet sent).
    func now() -> [String: Any] {
        let generation = site.generation
        var payload: [String: Any] = ["generation": generation, "run": run]
        if site.isRendering || announced.value != generation { payload["rendering"] = true } else { lastChange.value?.describe(generation, into: &payload) }
        return payload
    }

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard request.method == .GET || request.method == .HEAD else {
            return HTTPResponse(statusCode: .methodNotAllowed, headers: HTTPHeaders([HTTPHeader("Allow"): "GET, HEAD"]), body: Data())
        }
        if request.path == eventsPath {
            guard request.method == .GET else {
                return HTTPResponse(statusCode: .ok, headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"], body: Data())
            }
            return events(page: request.query["page"])
        }
        if request.path == statePath {
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"], body: state())
        }
        // While a rebuild renders, wait (without holding a thread) until this path can be answered from the new version.
        await site.ready(Self.candidate(request.path))
        let response: HTTPResponse
        switch Self.resolve(raw: request.target.path(percentEncoded: false), path: request.path, site: site) {
        case .file(let path): response = file(path)
        case .redirect(let to): response = HTTPResponse(statusCode: .movedPermanently, headers: HTTPHeaders([.location: to]), body: Data())
        case .refused: response = page(.forbidden, title: "Refused", text: "Paths outside the site are not served.")
        case .missing(let path): response = page(.notFound, title: "Page not found", text: "There is no \(path.isEmpty ? "/" : path) in this site.")
        }
        guard request.method == .HEAD else { return response }
        var head = HTTPResponse(statusCode: response.statusCode, headers: response.headers)
        head.headers[.contentLength] = String(try await response.bodyData.count)
        return head
    }

    enum Resolution: Equatable {
        case file(String), redirect(String), refused, missing(String)
    }

    /// The file a request path most likely names (`/` and `a/` are their index.html), to wait for before resolving it.
    static func candidate(_ path: String) -> String {
        let relative = path.split(separator: "/").filter { $0 != "." && $0 != ".." }.joined(separator: "/")
        return relative.isEmpty ? "index.html" : path.hasSuffix("/") ? relative + "/index.html" : relative
    }

    /// Which file of the site a request path names: `/` and folders are their index.html; `..` is refused.
    static func resolve(raw: String, path: String, site: PreviewSite) -> Resolution {
        let rawParts = raw.split(separator: "/", omittingEmptySubsequences: false)
        if rawParts.contains(where: { $0 == ".." || $0.contains("\0") || $0.contains("\\") }) { return .refused }
        let parts = path.split(separator: "/").filter { $0 != "." }
        if parts.contains(where: { $0 == ".." }) { return .refused }
        var relative = parts.joined(separator: "/")
        // The request's own path keeps the trailing slash of a folder (`/actions/`) where `path` may not.
        if relative.isEmpty || path.hasSuffix("/") || raw.hasSuffix("/") {
            relative = relative.isEmpty ? "index.html" : relative + "/index.html"
        }
        if site.file(relative) != nil { return .file(relative) }
        if site.hasFolder(relative) { return .redirect("/" + relative + "/") }
        return .missing(relative)
    }

    func file(_ path: String) -> HTTPResponse {
        // The bytes, the generation they belong to and the report over them, read together.
        guard let served = site.served(path) else { return page(.notFound, title: "Page not found", text: "There is no \(path) in this site.") }
        var bytes = served.bytes
        let type = Self.contentType(path)
        if path.hasSuffix(".html") || path.hasSuffix(".htm") {
            bytes = LiveReload.inject(into: bytes, generation: served.generation, report: served.report, run: run, good: served.generation > 0)
        }
        return HTTPResponse(statusCode: .ok, headers: [.contentType: type, .cacheControl: "no-store"], body: bytes)
    }

    /// A small page of the server's own (404, 403, or the error page before the first good build), with the reload script.
    func page(_ status: HTTPStatusCode, title: String, text: String) -> HTTPResponse {
        var heading = title, body = text
        if site.generation == 0 {
            heading = "The site has errors"
            body = "There is no good build to show yet: fix the errors below and save."
        }
        let html = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(LiveReload.escape(heading)) – plansite serve</title></head>
        <body style="font:18px/1.5 system-ui,sans-serif;margin:2em;color:#0b0c0c"><main><h1>\(LiveReload.escape(heading))</h1>
        <p>\(LiveReload.escape(body))</p><p><a href="/">Home page</a></p></main>
        </body></html>
        """
        let generation = site.generation
        let bytes = LiveReload.inject(into: Data(html.utf8), generation: generation, report: site.report, run: run, good: generation > 0)
        return HTTPResponse(statusCode: site.generation == 0 ? .init(503, phrase: "Service Unavailable") : status,
                            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"], body: bytes)
    }

    /// The event stream of a page (`page`: its path in the site, which the script sends, so that a rebuild renders it first).
    func events(page: String?) -> HTTPResponse {
        let stream = hub.subscribe(page: page) {
            let hello = now()
            let generation = hello["generation"] as? Int ?? 0
            var first = [Data("retry: 1000\n\n".utf8), ServerEvent.make("hello", hello)]
            if let report = site.report { first.append(ServerEvent.make("error", ["report": report, "good": generation > 0])) }
            return first
        }
        return HTTPResponse(statusCode: .ok,
                            headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"],
                            body: HTTPBodySequence(from: EventStreamBody(events: stream), suggestedBufferSize: 16_384))
    }

    /// What a page that does not hold the event stream asks once: the generation served, this run, and the report
    /// while the site is broken.
    func state() -> Data {
        var payload = now()
        let generation = payload["generation"] as? Int ?? 0
        payload["good"] = generation > 0
        if let report = site.report { payload["report"] = report }
        return (try? JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    }

    static func contentType(_ path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "html", "htm": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "json": return "application/json"
        case "svg": return "image/svg+xml"
        case "epub": return "application/epub+zip"
        case "txt": return "text/plain; charset=utf-8"
        case "md": return "text/markdown; charset=utf-8"
        case "csv": return "text/csv; charset=utf-8"
        case "xml": return "application/xml"
        case "rss": return "application/rss+xml"
        case "atom": return "application/atom+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "ico": return "image/x-icon"
        case "woff2": return "font/woff2"
        case "woff": return "font/woff"
        case "pdf": return "application/pdf"
        default: return "application/octet-stream"
        }
    }
}
