// PlanServe/LiveReload: what `serve` adds to the HTML pages it serves (never to
// a built file): a small script that listens for the server's events and
// reloads the page when it changed, and the overlay that shows the diagnostics
// while the site is broken. Also the server-sent event stream itself.

import Foundation
import FlyingFox
import FlyingSocks

/// The path of the server-sent event stream.
public let eventsPath = "/__plansite/events"

enum LiveReload {
    /// The page with the reload script (and, while the site is broken, the overlay) inserted before `</body>`.
    static func inject(into html: Data, generation: Int, report: String?) -> Data {
        var addition = ""
        if let report { addition += overlay(report) }
        addition += script(generation: generation)
        let marker = Data("</body>".utf8)
        guard let range = html.range(of: marker, options: .backwards) else {
            return html + Data(addition.utf8)
        }
        var out = html
        out.replaceSubrange(range.lowerBound..<range.lowerBound, with: Data(addition.utf8))
        return out
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    static let overlayTitle = "The site has errors: this is the last good build"

    /// The overlay as the server puts it in a page loaded while the site is broken; the script builds the same markup.
    static func overlay(_ report: String) -> String {
        """
        <div id="plansite-overlay" role="alert" aria-labelledby="plansite-overlay-title" style="\(overlayStyle)">\
        <p id="plansite-overlay-title" style="\(titleStyle)">\(overlayTitle)</p>\
        <pre style="\(preStyle)">\(escape(report))</pre>\
        <p style="margin:.5em 0 0">\(overlayHint) \
        <button type="button" onclick="this.closest('#plansite-overlay').remove()" style="\(buttonStyle)">Hide</button></p>\
        </div>
        """
    }

    static let overlayStyle = "position:fixed;left:0;right:0;bottom:0;z-index:2147483647;max-height:60vh;overflow:auto;margin:0;padding:1em 1.25em;background:#fff;color:#0b0c0c;border-top:6px solid #d4351c;box-shadow:0 -2px 8px rgba(0,0,0,.3);font:16px/1.4 system-ui,sans-serif"
    static let overlayHint = "Fix the files named above and save: this page updates by itself."
    static let titleStyle = "margin:0 0 .5em;font-weight:bold;font-size:1.1em"
    static let buttonStyle = "font:inherit;padding:.2em .8em;border:2px solid #0b0c0c;background:#f3f2f1;color:#0b0c0c"
    static let preStyle = "margin:0;white-space:pre-wrap;overflow-wrap:anywhere;font:15px/1.45 ui-monospace,monospace;color:#0b0c0c"

    static func script(generation: Int) -> String {
        """
        <script id="plansite-live">
        (function () {
          var generation = \(generation);
          var here = decodeURIComponent(location.pathname).replace(/^\\//, "");
          if (here === "" || here.slice(-1) === "/") here += "index.html";
          function overlay(text) {
            var box = document.getElementById("plansite-overlay");
            if (text === null) { if (box) box.remove(); return; }
            if (!box) {
              box = document.createElement("div");
              box.id = "plansite-overlay";
              box.setAttribute("role", "alert");
              box.setAttribute("aria-labelledby", "plansite-overlay-title");
              box.style.cssText = \(jsString(overlayStyle));
              var title = document.createElement("p");
              title.id = "plansite-overlay-title";
              title.style.cssText = \(jsString(titleStyle));
              title.textContent = \(jsString(overlayTitle));
              var pre = document.createElement("pre");
              pre.style.cssText = \(jsString(preStyle));
              var foot = document.createElement("p");
              foot.style.cssText = "margin:.5em 0 0";
              foot.textContent = \(jsString(overlayHint)) + " ";
              var hide = document.createElement("button");
              hide.type = "button";
              hide.textContent = "Hide";
              hide.style.cssText = \(jsString(buttonStyle));
              hide.addEventListener("click", function () { box.remove(); });
              foot.appendChild(hide);
              box.appendChild(title);
              box.appendChild(pre);
              box.appendChild(foot);
              document.body.appendChild(box);
            }
            box.querySelector("pre").textContent = text;
          }
          var events = new EventSource("\(eventsPath)?page=" + encodeURIComponent(here));
          events.addEventListener("hello", function (e) {
            if (JSON.parse(e.data).generation !== generation) location.reload();
          });
          events.addEventListener("reload", function (e) {
            var d = JSON.parse(e.data);
            if (!d.broken) overlay(null);
            var mine = d.all || d.paths.some(function (p) { return p === here || /\\.(css|js|png|jpe?g|gif|svg|webp|woff2?)$/.test(p); });
            if (mine) location.reload(); else generation = d.generation;
          });
          events.addEventListener("error", function (e) {
            if (typeof e.data === "string") overlay(JSON.parse(e.data).report);
          });
        })();
        </script>
        """
    }

    /// A JavaScript string literal.
    static func jsString(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])) ?? Data("[\"\"]".utf8)
        let array = String(decoding: data, as: UTF8.self)
        return String(array.dropFirst().dropLast()).replacingOccurrences(of: "</", with: "<\\/")
    }
}

/// One server-sent event, as bytes on the wire.
struct ServerEvent {
    static func make(_ name: String, _ payload: [String: Any]) -> Data {
        let json = (try? JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return Data("event: \(name)\ndata: ".utf8) + json + Data("\n\n".utf8)
    }
    static let ping = Data(": ping\n\n".utf8)
}

/// Hands each event to every open event stream.
final class EventHub: @unchecked Sendable {
    private let lock = NSLock()
    private var streams: [UUID: AsyncStream<Data>.Continuation] = [:]
    /// The page each stream was opened by (the path in the site), when it said.
    private var pages: [UUID: String] = [:]
    private var closed = false

    /// A new stream, starting with `first`.
    func subscribe(first: [Data], page: String? = nil) -> AsyncStream<Data> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<Data>.makeStream(bufferingPolicy: .bufferingNewest(64))
        for event in first { continuation.yield(event) }
        continuation.onTermination = { [weak self] _ in self?.remove(id) }
        lock.withLock {
            if closed { continuation.finish() } else {
                streams[id] = continuation
                if let page, !page.isEmpty, page.count < 1024 { pages[id] = page }
            }
        }
        return stream
    }

    var count: Int { lock.withLock { streams.count } }
    /// The pages with an event stream open.
    var openPages: Set<String> { lock.withLock { Set(pages.values) } }

    func send(_ event: Data) {
        let targets = lock.withLock { Array(streams.values) }
        for continuation in targets { continuation.yield(event) }
    }

    /// Ends every stream (the server is stopping).
    func close() {
        let targets = lock.withLock { () -> [AsyncStream<Data>.Continuation] in
            closed = true
            defer { streams = [:]; pages = [:] }
            return Array(streams.values)
        }
        for continuation in targets { continuation.finish() }
    }

    private func remove(_ id: UUID) {
        lock.withLock {
            streams[id] = nil
            pages[id] = nil
        }
    }
}

/// A never-ending response body made of the events of one stream (sent chunked, each event flushed as it comes).
struct EventStreamBody: AsyncBufferedSequence {
    typealias Element = UInt8
    let events: AsyncStream<Data>

    func makeAsyncIterator() -> Iterator { Iterator(base: events.makeAsyncIterator()) }

    struct Iterator: AsyncBufferedIteratorProtocol {
        var base: AsyncStream<Data>.Iterator
        var pending: [UInt8] = []

        mutating func next() async throws -> UInt8? {
            guard let buffer = try await nextBuffer(suggested: 1) else { return nil }
            return buffer.first
        }

        mutating func nextBuffer(suggested count: Int) async throws -> [UInt8]? {
            if pending.isEmpty {
                guard let event = await base.next() else { return nil }
                pending = Array(event)
            }
            let n = Swift.max(1, Swift.min(count, pending.count))
            let out = Array(pending.prefix(n))
            pending.removeFirst(n)
            return out
        }
    }
}
