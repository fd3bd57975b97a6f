// Tests of `plansite serve`: a server on a free port over a copy of the
// fixture site; pages fetched over HTTP; edits seen, rebuilt and announced on
// the event stream; a broken edit keeps the last good page and shows the
// overlay; a busy port is a clear error; nothing is written.

import Foundation
import Testing
@testable import PlanBuild
import PlanRendering
@testable import PlanServe
#if canImport(Glibc)
import Glibc
#endif

/// A started server over a fresh copy of the fixture, and what it told the terminal.
final class Running: @unchecked Sendable {
    let root: URL
    let server: PreviewServer
    private let box = LineBox()

    init() async throws {
        root = try ServeFixture.copy()
        let box = self.box
        server = PreviewServer(root: root, port: 0, watchInterval: 0.02) { message in
            switch message {
            case .info(let line): box.add(line)
            case .problems(let report): box.add(report)
            }
        }
        try await server.start()
    }
    var terminal: [String] { box.lines }
    var port: UInt16 { server.port }
}

final class LineBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func add(_ line: String) { lock.withLock { stored.append(line) } }
    var lines: [String] { lock.withLock { stored } }
}

/// The page built from content/pages/intro.md.
func introPage(_ site: PreviewSite) throws -> String {
    for candidate in ["intro.html", "pages/intro.html", "intro/index.html"] where site.file(candidate) != nil { return candidate }
    throw TestError(description: "no page for intro.md")
}

@Suite(.serialized) struct ServeTests {
    @Test func servesPagesWithTheReloadScriptOnlyWhenServed() async throws {
        let run = try await Running()
        defer { Task { await run.server.stop() } }
        let home = try fetch(run.port, "/")
        #expect(home.status == 200)
        #expect(home.headers["content-type"] == "text/html; charset=utf-8")
        #expect(home.text.contains("<script id=\"plansite-live\">"))
        #expect(home.text.contains("new EventSource(\"/__plansite/events?page=\" + encodeURIComponent(here))"))
        #expect(home.text.contains("</script></body>"), "the script goes just before </body>")
        // The built bytes themselves never hold the script: only the served response does.
        let built = try #require(run.server.site.file("index.html"))
        #expect(!String(decoding: built, as: UTF8.self).contains("plansite-live"))
        // Other files come with their own type, untouched.
        let css = run.server.site.fileCount > 0 ? try fetch(run.port, "/assets/style.css") : nil
        if let css, css.status == 200 {
            #expect(css.headers["content-type"] == "text/css; charset=utf-8")
            #expect(!css.text.contains("plansite-live"))
        }
        let json = try fetch(run.port, "/data/plan.json")
        #expect(json.status == 200 && json.headers["content-type"] == "application/json")
        #expect(try fetch(run.port, "/plan.epub").headers["content-type"] == "application/epub+zip")
        #expect(try fetch(run.port, "/plan.txt").headers["content-type"] == "text/plain; charset=utf-8")
        let head = try fetch(run.port, "/", method: "HEAD")
        #expect(head.status == 200 && head.headers["content-length"] == String(home.body.count))
        // Serving writes nothing: no output folder appears.
        #expect(!FileManager.default.fileExists(atPath: run.root.appendingPathComponent("output").path))
        await run.server.stop()
    }

    @Test func missingPagesFoldersAndTraversal() async throws {
        let run = try await Running()
        let missing = try fetch(run.port, "/no-such-page.html")
        #expect(missing.status == 404)
        #expect(missing.text.contains("Page not found") && missing.text.contains("plansite-live"))
        // `..` never leaves the site, however it is spelled.
        for target in ["/../site.yaml", "/%2e%2e/site.yaml", "/actions/../../site.yaml", "/..%2fsite.yaml"] {
            let reply = try fetch(run.port, target)
            #expect(reply.status == 403 || reply.status == 404, "\(target): \(reply.status)")
            #expect(!reply.text.contains("organisation:"), "\(target) served a source file")
        }
        #expect(SiteRequestHandler.resolve(raw: "/a/../../x", path: "/x", site: run.server.site) == .refused)
        // A folder with an index.html is redirected to its slash form, so that relative links work.
        if let folder = run.server.site.linkedFolderIndex() {
            let reply = try fetch(run.port, "/" + folder)
            #expect(reply.status == 301 && reply.headers["location"] == "/\(folder)/")
            #expect(try fetch(run.port, "/\(folder)/").status == 200)
        }
        #expect(try fetch(run.port, "/", method: "POST").status == 405)
        #expect(try fetch(run.port, "/__plansite/events", method: "HEAD").headers["content-type"] == "text/event-stream; charset=utf-8")
        await run.server.stop()
    }

    /// A request line or header past 16 KiB, or more than 256 header lines, ends the connection unanswered, at once;
    /// the line was read in time quadratic in its length (FlyingFox 0.27.1: Vendor/FlyingFox/PATCHES.md), a request
    /// line of 1 MB holding a core for hours.
    @Test func aLongRequestLineIsRefusedQuickly() async throws {
        let run = try await Running()
        #expect(try fetch(run.port, "/" + String(repeating: "a", count: 10_000) + ".html").status == 404)
        for request in ["GET /" + String(repeating: "a", count: 1_000_000) + " HTTP/1.1\r\n\r\n",
                        "GET /index.html HTTP/1.1\r\nX-Long: " + String(repeating: "b", count: 20_000) + "\r\n\r\n",
                        "GET /index.html HTTP/1.1\r\n" + (0..<300).map { "X-\($0): y\r\n" }.joined() + "\r\n"] {
            let (reply, error) = try exchange(run.port, request)
            // Answered 400, then closed (a client still sending the megabyte may see the close as a reset first).
            #expect(reply.hasPrefix("HTTP/1.1 400 Bad Request\r\n") || (reply.isEmpty && error == ECONNRESET),
                    "\(request.prefix(30)): expected 400 and the connection closed, got '\(reply.prefix(60))' (errno \(error))")
        }
        #expect(try fetch(run.port, "/index.html").status == 200)
        await run.server.stop()
    }

    /// FlyingFox closed the connection on a request it could not read, without a word: a client (or a person
    /// trying `printf 'nonsense\r\n\r\n' | nc`) saw the server hang up.
    @Test func aRequestThatCannotBeReadIsAnsweredBadRequest() async throws {
        let run = try await Running()
        for request in ["nonsense\r\n\r\n", "GET\r\n\r\n", "GET /index.html HTTP/1.1\r\nX-Long: " + String(repeating: "b", count: 20_000) + "\r\n\r\n",
                        "GET /index.html HTTP/1.1\r\n" + (0..<300).map { "X-\($0): y\r\n" }.joined() + "\r\n",
                        "POST /index.html HTTP/1.1\r\nContent-Length: many\r\n\r\n"] {
            let (reply, error) = try exchange(run.port, request)
            #expect(reply.hasPrefix("HTTP/1.1 400 Bad Request\r\n"), "\(request.prefix(30)): got '\(reply.prefix(60))' (errno \(error))")
            #expect(reply.contains("\r\nConnection: close\r\n") && reply.contains("the request could not be read"))
        }
        #expect(try fetch(run.port, "/index.html").status == 200)
        await run.server.stop()
    }

    /// Sends `request` on a new connection and reads until the server closes it: what came back, and errno if
    /// the read ended in an error.
    func exchange(_ port: UInt16, _ request: String) throws -> (String, Int32) {
        let fd = try connectLoopback(port, timeout: 10)
        defer { close(fd) }
        sendAll(fd, request)
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n > 0 { bytes += buffer[0..<n]; continue }
            return (String(decoding: bytes, as: UTF8.self), n < 0 ? errno : 0)
        }
    }

    @Test func anEditIsRebuiltServedAndAnnounced() async throws {
        let run = try await Running()
        let page = try introPage(run.server.site)
        let before = try fetch(run.port, "/" + page)
        #expect(before.status == 200 && !before.text.contains("Edited while serving"))
        let events = try EventStreamReader(port: run.port)
        defer { events.stop() }
        let hello = try await events.next("hello")
        #expect(hello.data == "{\"generation\":1,\"run\":\"\(run.server.run)\"}")

        try ServeFixture.edit(run.root, "content/pages/intro.md") { $0.replacingOccurrences(of: "The MASH will answer every call.", with: "The MASH will answer every call. Edited while serving.") }
        let reload = try await events.next("reload")
        #expect(reload.data.contains("\"\(page)\""), "the reload names the page: \(reload.data)")
        #expect(reload.data.contains("\"generation\":2"))
        #expect(!reload.data.contains("\"index.html\""), "a page the edit does not touch is not reloaded: \(reload.data)")
        let after = try fetch(run.port, "/" + page)
        #expect(after.status == 200 && after.text.contains("Edited while serving."))
        #expect(after.text.contains("var generation = 2, run = \"\(run.server.run)\";"))
        #expect(run.terminal.contains { $0.contains("content/pages/intro.md changed; linked in") })
        #expect(!FileManager.default.fileExists(atPath: run.root.appendingPathComponent("output").path))
        await run.server.stop()
        #expect(await eventually { events.ended }, "stopping ends the event streams")
    }

    @Test func anOpenActionPageIsRenderedAndAnnouncedBeforeTheRest() async throws {
        let run = try await Running()
        let page = "actions/1.2.html"
        #expect(try fetch(run.port, "/" + page).status == 200)
        let open = try EventStreamReader(port: run.port, page: page)
        defer { open.stop() }
        _ = try await open.next("hello")
        #expect(await eventually { run.server.openEventStreams == 1 })

        try ServeFixture.edit(run.root, "content/work-areas/1.yaml") {
            $0.replacingOccurrences(of: "Establish a community of practice.", with: "Establish a community of practice, edited while open.")
        }
        // First the open page alone, rendered on its own; then the rest of what changed once the whole site is rendered.
        let first = try await open.next("reload")
        #expect(first.data == "{\"all\":false,\"early\":true,\"generation\":2,\"paths\":[\"actions/1.2.html\"]}", "\(first.data)")
        let second = try await open.next("reload", after: open.events.firstIndex(of: first)! + 1)
        #expect(second.data.contains("\"work-areas/1.html\"") || second.data.contains("work-areas\\/1.html"), "\(second.data)")
        #expect(!second.data.contains("1.2.html"), "the open page is not announced twice: \(second.data)")
        let after = try fetch(run.port, "/" + page)
        #expect(after.text.contains("edited while open") && after.text.contains("var generation = 2, run = "))
        // A page that connects after the rebuild (its tab took the stream over from one that reloaded) hears what the
        // rebuild changed, from which generation, so that it reloads only if its own files did.
        let late = try EventStreamReader(port: run.port, page: "intro.html")
        defer { late.stop() }
        let hello = try JSONSerialization.jsonObject(with: Data(try await late.next("hello").data.utf8)) as? [String: Any]
        #expect(hello?["generation"] as? Int == 2 && hello?["from"] as? Int == 1 && hello?["all"] as? Bool == false)
        let changed = hello?["changed"] as? [String] ?? []
        #expect(changed.contains("actions/1.2.html") && changed.contains("work-areas/1.html") && !changed.contains("intro.html"), "\(changed)")
        let state = try JSONSerialization.jsonObject(with: Data(try fetch(run.port, statePath).text.utf8)) as? [String: Any]
        #expect(state?["from"] as? Int == 1 && (state?["changed"] as? [String]) == changed)
        await run.server.stop()
    }

    @Test func aBrokenEditKeepsTheLastGoodPageAndShowsTheOverlay() async throws {
        let run = try await Running()
        let page = try introPage(run.server.site)
        let good = try fetch(run.port, "/" + page)
        #expect(!good.text.contains("plansite-overlay\" role"))
        let events = try EventStreamReader(port: run.port)
        defer { events.stop() }
        _ = try await events.next("hello")

        try ServeFixture.edit(run.root, "content/pages/intro.md") { $0.replacingOccurrences(of: "(ofsted-2015:2)", with: "(ofsted-2015:99)") }
        let error = try await events.next("error")
        let payload = try JSONSerialization.jsonObject(with: Data(error.data.utf8)) as? [String: Any]
        let report = try #require(payload?["report"] as? String)
        #expect(payload?["good"] as? Bool == true, "there is a last good build to show")
        let line = try #require(report.split(separator: "\n").first.map(String.init))
        #expect(line.range(of: #"^content/pages/intro\.md:\d+:\d+: error: "#, options: .regularExpression) != nil, "\(report)")
        // The terminal shows the same located text.
        #expect(await eventually { run.terminal.contains { $0.contains(line) } })

        // The last good page is still served, now with the overlay and the same text.
        let broken = try fetch(run.port, "/" + page)
        #expect(broken.status == 200)
        #expect(broken.text.contains("<div id=\"plansite-overlay\" role=\"alert\""))
        // The same text, its location kept on one line.
        let location = try #require(LiveReload.locationEnd(line).map { String(line[..<$0]) })
        #expect(broken.text.contains("<span style=\"white-space:nowrap\">\(escapeHTML(location))</span>"))
        #expect(broken.text.replacingOccurrences(of: "<span style=\"white-space:nowrap\">", with: "").replacingOccurrences(of: "</span>", with: "").contains(escapeHTML(line)))
        #expect(broken.text.contains(LiveReload.overlayTitle))
        // A page that holds no event stream asks the state once, and hears the same report.
        let state = try JSONSerialization.jsonObject(with: Data(try fetch(run.port, statePath).text.utf8)) as? [String: Any]
        #expect(state?["report"] as? String == report && state?["generation"] as? Int == 1 && state?["run"] as? String == run.server.run)
        let withoutOverlay = broken.text.replacingOccurrences(of: #"<div id="plansite-overlay"[\s\S]*?</p></div>"#, with: "", options: .regularExpression)
        #expect(withoutOverlay == good.text, "apart from the overlay, the last good page")
        // A new event stream is told at once.
        let late = try EventStreamReader(port: run.port)
        defer { late.stop() }
        #expect(try await late.next("error").data == error.data)

        // Fixing it clears the overlay.
        let seen = events.events.count
        try ServeFixture.edit(run.root, "content/pages/intro.md") { $0.replacingOccurrences(of: "(ofsted-2015:99)", with: "(ofsted-2015:2)") }
        let reload = try await events.next("reload", after: seen)
        #expect(reload.data.contains("\"generation\":2"))
        let fixed = try fetch(run.port, "/" + page)
        #expect(!fixed.text.contains("<div id=\"plansite-overlay\""))
        #expect(run.terminal.contains { $0.contains("fixed; linked in") })
        await run.server.stop()
    }

    /// The warnings an edit brings are printed when it is rebuilt, with the count of all; they are not printed again.
    @Test func theWarningsAnEditBringsArePrintedWithTheCount() async throws {
        let run = try await Running()
        let before = run.server.site.warningCount
        let events = try EventStreamReader(port: run.port)
        defer { events.stop() }
        _ = try await events.next("hello")
        try ServeFixture.edit(run.root, "content/pages/intro.md") { $0.replacingOccurrences(of: "The MASH will answer every call.", with: "The MASH will answer every call. The QZXV will too.") }
        _ = try await events.next("reload")
        #expect(await eventually { run.terminal.contains { $0.contains("content/pages/intro.md changed") } })
        let warning = try #require(run.terminal.first { $0.contains("QZXV") })
        #expect(warning.range(of: #"^content/pages/intro\.md:\d+:\d+: warning: the abbreviation QZXV"#, options: .regularExpression) != nil, "\(warning)")
        let line = try #require(run.terminal.last { $0.contains("content/pages/intro.md changed") })
        #expect(line.hasSuffix("; \(before + 1) warning\(before + 1 == 1 ? "" : "s") (1 new)"), "\(line)")
        // Another edit: the warning stays, and is not printed again.
        let seen = events.events.count
        try ServeFixture.edit(run.root, "content/pages/intro.md") { $0.replacingOccurrences(of: "The QZXV will too.", with: "The QZXV will too, again.") }
        _ = try await events.next("reload", after: seen)
        #expect(await eventually { run.terminal.filter { $0.contains("content/pages/intro.md changed") }.count == 2 })
        #expect(run.terminal.filter { $0.contains("warning: the abbreviation QZXV") }.count == 1)
        #expect(run.terminal.last { $0.contains("content/pages/intro.md changed") }?.hasSuffix("; \(before + 1) warning\(before + 1 == 1 ? "" : "s")") == true)
        await run.server.stop()
    }

    @Test func aBusyPortIsAClearError() async throws {
        // Hold a port.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var size = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, size) } }
        #expect(listen(fd, 1) == 0)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &size) } }
        let port = UInt16(bigEndian: addr.sin_port)

        let server = PreviewServer(root: try ServeFixture.copy(), port: port) { _ in }
        await #expect(throws: ServeError.portInUse(port)) { try await server.start() }
        #expect(ServeError.portInUse(port).description == "port \(port) is in use; pick another with --port N")
        await server.stop()

        // The command says so and exits 2.
        if FileManager.default.fileExists(atPath: plansiteBinary().path) {
            let r = try runPlansite(["serve", "--root", try ServeFixture.copy().path, "--port", String(port)], until: nil)
            #expect(r.status == 2)
            #expect(r.err.contains("plansite: error: port \(port) is in use; pick another with --port N"), "\(r.err)")
            #expect(!r.out.contains("built"), "the port is checked before the site is built: \(r.out)")
        }
    }

    @Test func liveReloadInsertsBeforeTheLastBodyTag() {
        let html = Data("<html><body><p>&lt;/body&gt;</p></body></html>".utf8)
        let out = String(decoding: LiveReload.inject(into: html, generation: 3, report: "a.md:1:2: error: <bad>"), as: UTF8.self)
        #expect(out.hasPrefix("<html><body><p>&lt;/body&gt;</p><div id=\"plansite-overlay\""))
        #expect(out.hasSuffix("</script></body></html>"))
        #expect(out.contains("<pre style=") && out.contains("><span style=\"white-space:nowrap\">a.md:1:2:</span> error: &lt;bad&gt;</pre>"))
        #expect(out.contains("var generation = 3, run = \"\";"))
        #expect(out.contains(">\(LiveReload.overlayTitle)</p>") && !out.contains(">\(LiveReload.overlayTitleNoGoodBuild)</p>"))
        let first = String(decoding: LiveReload.inject(into: html, generation: 0, report: "a.md:1:2: error: x", run: "r1", good: false), as: UTF8.self)
        #expect(first.contains(">\(LiveReload.overlayTitleNoGoodBuild)</p>") && first.contains("var generation = 0, run = \"r1\";"))
        // A line without a location, and one whose first word only looks like one, are left whole.
        #expect(LiveReload.reportMarkup("plansite: error: the build failed\nsee a b:1:2: x") == "plansite: error: the build failed\nsee a b:1:2: x")
        #expect(LiveReload.reportMarkup("content/work-areas/2.yaml:72:15: error: a & b") == "<span style=\"white-space:nowrap\">content/work-areas/2.yaml:72:15:</span> error: a &amp; b")
    }
}

func escapeHTML(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
}

extension PreviewSite {
    /// A folder of the site that has an index.html, if any.
    func linkedFolderIndex() -> String? {
        for folder in ["actions", "work-areas", "registers", "pages"] where file(folder + "/index.html") != nil { return folder }
        return nil
    }
}

/// A site held in memory without building anything: a builder that returns these files.
func memorySite(_ files: [String: String]) -> PreviewSite {
    let site = PreviewSite(root: URL(fileURLWithPath: "/nonexistent")) { _ in
        var result = BuildResult(outcome: .success, diagnostics: [])
        result.files = files.sorted { $0.key < $1.key }.map { OutputFile(path: $0.key, text: $0.value) }
        return result
    }
    site.rebuild()
    return site
}

@Test func pathsResolveToFilesFoldersOrNothing() {
    let site = memorySite(["index.html": "<body></body>", "docs/index.html": "<body></body>", "docs/a.html": "x", "style.css": "x"])
    func resolve(_ path: String, raw: String? = nil) -> SiteRequestHandler.Resolution {
        SiteRequestHandler.resolve(raw: raw ?? path, path: path, site: site)
    }
    #expect(resolve("/") == .file("index.html"))
    #expect(resolve("") == .file("index.html"))
    #expect(resolve("/docs/") == .file("docs/index.html"))
    #expect(resolve("/docs") == .redirect("/docs/"))
    #expect(resolve("/docs/a.html") == .file("docs/a.html"))
    #expect(resolve("/./style.css") == .file("style.css"))
    #expect(resolve("/nope.html") == .missing("nope.html"))
    #expect(resolve("/x", raw: "/docs/../../x") == .refused)
    #expect(resolve("/../x") == .refused)
    #expect(SiteRequestHandler.contentType("a/b.svg") == "image/svg+xml")
    #expect(SiteRequestHandler.contentType("feed.xml") == "application/xml")
    #expect(SiteRequestHandler.contentType("data/x.csv") == "text/csv; charset=utf-8")
    #expect(SiteRequestHandler.contentType("unknown.bin") == "application/octet-stream")
}

@Test func aRebuildSaysWhichFilesChanged() {
    let files = Locked<[String: String]>(["index.html": "a", "b.html": "b", "style.css": "c"])
    let site = PreviewSite(root: URL(fileURLWithPath: "/nonexistent")) { _ in
        var result = BuildResult(outcome: .success, diagnostics: [])
        result.files = files.value.sorted { $0.key < $1.key }.map { OutputFile(path: $0.key, text: $0.value) }
        return result
    }
    #expect(site.rebuild() == .built(generation: 1, changed: ["b.html", "index.html", "style.css"]))
    #expect(site.rebuild() == .built(generation: 2, changed: []))
    files.value = ["index.html": "a", "b.html": "B", "new.html": "n"]
    #expect(site.rebuild(changed: ["content/x.md"]) == .built(generation: 3, changed: ["b.html", "new.html", "style.css"]))
}

/// The build report is not a file of the site, but the preview serves it at /report.html.
@Test func thePreviewServesTheBuildReport() throws {
    let site = PreviewSite(root: try ServeFixture.copy())
    site.rebuild()
    let report = String(decoding: try #require(site.file("report.html")), as: UTF8.self)
    #expect(report.contains("<h1>Build report: "))
}

/// While the whole site renders, the new generation is already served: a page that renders on its own at once,
/// any other file when the whole site is ready; never the old bytes of a file of the new generation.
@Test func aPageThatRendersOnItsOwnIsServedBeforeTheWholeSite() async throws {
    let release = DispatchSemaphore(value: 0)
    let version = Locked(1)
    let site = twoFileSite(version) { v in
        if v > 1 { release.wait() }   // the second build's whole site waits for the test
        return nil
    }
    #expect(site.rebuild() == .built(generation: 1, changed: ["actions/1.html", "index.html"]))
    version.value = 2
    let early = Locked<[String]>([])
    let done = Locked<RebuildOutcome?>(nil)
    Thread {
        done.value = site.rebuild(changed: ["content/x.yaml"], open: ["actions/1.html", "index.html"]) { generation, paths in
            early.value = paths
            #expect(generation == 2)
        }
    }.start()
    #expect(await eventually { site.generation == 2 })
    // The whole site is still waiting: the action page is the new one already, and the open page was announced.
    #expect(site.file("actions/1.html").map { String(decoding: $0, as: UTF8.self) } == "action v2")
    #expect(early.value == ["actions/1.html"], "only the open page that renders on its own is announced early")
    #expect(done.value == nil)
    // A request task waits for the whole site without holding a thread; the page that renders on its own is ready now.
    await site.ready("actions/1.html")
    let readyForHome = Locked(false)
    let waiter = Task { await site.ready("index.html"); readyForHome.value = true }
    try await Task.sleep(nanoseconds: 50_000_000)
    #expect(!readyForHome.value, "index.html is not ready while the whole site renders")
    // Another file waits for the whole site rather than give the old bytes.
    let home = Locked<String?>(nil)
    Thread { home.value = site.file("index.html").map { String(decoding: $0, as: UTF8.self) } }.start()
    try await Task.sleep(nanoseconds: 100_000_000)
    #expect(home.value == nil)
    release.signal()
    #expect(await eventually { home.value == "home v2" })
    await waiter.value
    #expect(readyForHome.value)
    #expect(await eventually { done.value == .built(generation: 2, changed: ["actions/1.html", "index.html"]) })
}

/// A page rendered on its own is byte for byte the page of the whole site (every action page of the fixture and of the real plan).
@Test func pagesRenderedOnTheirOwnAreThoseOfTheWholeSite() throws {
    for root in [ServeFixture.site, ServeFixture.site.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()] {
        try #require(FileManager.default.fileExists(atPath: root.appendingPathComponent("site.yaml").path), "\(root.path)")
        let prepared = try PreviewSite.prepareSite(RebuildRequest(changedSources: nil, previous: nil, root: root, strict: false, asAt: nil), cache: nil).get()
        let whole = prepared.renderAll()
        let actions = whole.files.filter { $0.path.hasPrefix("actions/") && $0.path != "actions/index.html" && $0.path.hasSuffix(".html") }
        #expect(actions.count > 3, "\(root.path)")
        #expect(whole.exitCode == 0, "\(whole.outcome)")
        for file in actions {
            #expect(prepared.renderOne(file.path)?.bytes == file.bytes, "\(file.path)")
        }
        #expect(prepared.renderOne("index.html") == nil)
        #expect(prepared.renderOne("actions/no-such.html") == nil)
    }
}

/// A version that links but then fails to render is abandoned: what was served from it is named so that open
/// pages go back to the last good build, its generation number is never given again, and the report shows.
@Test func aVersionThatFailsToRenderIsAbandonedAndItsNumberNotReused() {
    let version = Locked(1)
    let site = twoFileSite(version) { v in
        v == 2 ? BuildResult(outcome: .failure("the rendered site fails its own checks (1)"), diagnostics: []) : nil
    }
    #expect(site.rebuild() == .built(generation: 1, changed: ["actions/1.html", "index.html"]))
    version.value = 2
    var announced: [String] = []
    let outcome = site.rebuild(changed: ["content/x.yaml"], open: ["actions/1.html"]) { generation, paths in
        #expect(generation == 2)
        announced = paths
    }
    guard case .broken(let report) = outcome else { Issue.record("expected a broken build, got \(outcome)"); return }
    #expect(report.contains("fails its own checks"))
    #expect(announced == ["actions/1.html"])
    #expect(site.takeAbandoned() == ["actions/1.html"], "the page announced from the abandoned version must reload")
    #expect(site.takeAbandoned() == [], "told once")
    let served = site.served("actions/1.html")
    #expect(served.map { String(decoding: $0.bytes, as: UTF8.self) } == "action v1")
    #expect(served?.generation == 1 && served?.report == report)
    version.value = 3
    #expect(site.rebuild() == .built(generation: 3, changed: ["actions/1.html", "index.html"]), "generation 2 is not given twice")
    #expect(site.served("index.html")?.report == nil)
}

/// The caches `serve` keeps across rebuilds let go of what the last build did not use.
@Test func serveCachesLetGoOfWhatTheLastBuildDidNotUse() throws {
    let root = try ServeFixture.copy()
    let site = PreviewSite(root: root)
    #expect(site.rebuild().isBuilt)
    let kept = (site.parseCache.count, site.markdownCache.count)
    #expect(kept.0 > 0 && kept.1 > 0)
    try ServeFixture.edit(root, "content/pages/intro.md") { $0.replacingOccurrences(of: "The MASH will answer every call.", with: "The MASH will answer every call, edited.") }
    #expect(site.rebuild(changed: ["content/pages/intro.md"]).isBuilt)
    #expect(site.markdownCache.count == kept.1, "the edited text's old render is let go, its new one kept")
    #expect(site.parseCache.count == kept.0)
}

extension RebuildOutcome {
    var isBuilt: Bool { if case .built = self { return true }; return false }
}

/// A site of two files, "action vN" (which renders on its own) and "home vN", N the version when the rebuild
/// began; `beforeWhole` runs before the whole site is made and may give the build's result instead.
func twoFileSite(_ version: Locked<Int>, beforeWhole: @escaping @Sendable (Int) -> BuildResult?) -> PreviewSite {
    PreviewSite(root: URL(fileURLWithPath: "/nonexistent"), prepare: { _ in
        let v = version.value
        let whole = { () -> BuildResult in
            if let instead = beforeWhole(v) { return instead }
            var result = BuildResult(outcome: .success, diagnostics: [])
            result.files = [OutputFile(path: "actions/1.html", text: "action v\(v)"), OutputFile(path: "index.html", text: "home v\(v)")]
            return result
        }
        return .success(PreparedSite(renderOne: { $0 == "actions/1.html" ? OutputFile(path: $0, text: "action v\(v)") : nil }, renderAll: whole))
    })
}

/// Under --strict, a site with warnings only is stopped, and the report says it is --strict that counts them.
@Test func underStrictAWarningsOnlyReportSaysWhyItStops() throws {
    let root = try ServeFixture.copy()
    let page = root.appendingPathComponent("content/pages/intro.md")
    try (String(contentsOf: page, encoding: .utf8) + "\nThe XQZW team met.\n").write(to: page, atomically: true, encoding: .utf8)
    if case .broken(let report) = PreviewSite(root: root).rebuild() { Issue.record("without --strict the warning stops nothing: \(report)") }
    guard case .broken(let report) = PreviewSite(root: root, strict: true).rebuild() else {
        Issue.record("--strict served a site with warnings")
        return
    }
    #expect(report.contains(": warning: "), "\(report)")
    #expect(report.hasSuffix("plansite: --strict counts these warnings as errors; fix them, or serve without --strict"), "\(report)")
    #expect(PreviewServer.trouble(report) == "warnings, which --strict counts as errors")
    #expect(PreviewServer.trouble("content/x.md:1:1: error: no") == "errors")
}

@Test func theWatcherWalksEachFolderOnceAndNeverOutsideTheRoot() throws {
    // Two links in content/ back to itself doubled the walk at each level, and a link to / walked the whole disk:
    // serve's first look never ended, and it never said it was serving.
    let root = try ServeFixture.copy()
    let content = root.appendingPathComponent("content")
    for (name, target) in [("again", "."), ("once-more", "."), ("everything", "/")] {
        try FileManager.default.createSymbolicLink(atPath: content.appendingPathComponent(name).path, withDestinationPath: target)
    }
    let watcher = SourceWatcher(root: root, queue: DispatchQueue(label: "test.watcher")) { _ in }
    let done = DispatchSemaphore(value: 0)
    let found = Locked<[String]>([])
    Thread.detachNewThread {
        found.value = Array(watcher.scan().keys)
        done.signal()
    }
    #expect(done.wait(timeout: .now() + 10) == .success, "the look did not end")
    #expect(found.value.contains("content/pages/intro.md"))
    #expect(!found.value.contains { $0.hasPrefix("content/again/") || $0.hasPrefix("content/once-more/") || $0.hasPrefix("content/everything/") })
}

@Test func anEditToAFolderSiteYamlNamesOutsideContentIsSeen() async throws {
    // pages: pages (outside content/): serve watched only site.yaml, content/ and themes/, and went on serving the old page.
    let root = try ServeFixture.copy()
    try FileManager.default.moveItem(at: root.appendingPathComponent("content/pages"), to: root.appendingPathComponent("pages"))
    try ServeFixture.edit(root, "site.yaml") { $0.replacingOccurrences(of: "pages: content/pages", with: "pages: pages") }
    let box = LineBox()
    let server = PreviewServer(root: root, port: 0, watchInterval: 0.02) { message in
        if case .info(let line) = message { box.add(line) }
    }
    try await server.start()
    let page = try introPage(server.site)
    try ServeFixture.edit(root, "pages/intro.md") { $0.replacingOccurrences(of: "The MASH will answer every call.", with: "The MASH will answer every call. Edited outside content.") }
    #expect(await eventually { box.lines.contains { $0.contains("pages/intro.md changed; linked in") } }, "\(box.lines)")
    #expect(String(decoding: server.site.file(page) ?? Data(), as: UTF8.self).contains("Edited outside content."))
    await server.stop()
}
