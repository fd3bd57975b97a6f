// PlanServe/LiveReload: what `serve` adds to the HTML pages it serves (never to
// a built file): a small script that listens for the server's events and
// reloads the page when it changed, and the overlay that shows the diagnostics
// while the site is broken. Also the server-sent event stream itself.

import Foundation
import FlyingFox
import FlyingSocks

/// The path of the server-sent event stream.
public let eventsPath = "/__plansite/events"
/// The path of the server's state now (generation, run, report), as JSON: asked once by a page that does not hold
/// the event stream itself.
public let statePath = "/__plansite/state"

enum LiveReload {
    /// The page with the reload script (and, while the site is broken, the overlay) inserted before `</body>`.
    /// `run`: this server's own id (a page from an earlier run of serve reloads); `good`: whether any build was good.
    static func inject(into html: Data, generation: Int, report: String?, run: String = "", good: Bool = true) -> Data {
        var addition = ""
        if let report { addition += overlay(report, good: good) }
        addition += script(generation: generation, run: run)
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
    static let overlayTitleNoGoodBuild = "The site has errors: there is no good build to show yet"

    /// The report's lines as the overlay shows them: each line's `path:line:column:` kept on one line (a span that
    /// does not wrap), the text the same as the terminal's.
    static func reportMarkup(_ report: String) -> String {
        report.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard let split = locationEnd(String(line)) else { return escape(String(line)) }
            let text = String(line)
            return "<span style=\"white-space:nowrap\">\(escape(String(text[..<split])))</span>\(escape(String(text[split...])))"
        }.joined(separator: "\n")
    }

    /// Where a diagnostic line's location (`path:line:column:`, no space in it) ends, if it starts with one.
    static func locationEnd(_ line: String) -> String.Index? {
        guard let range = line.range(of: #"^[^\s:][^\s]*?:\d+:\d+:"#, options: .regularExpression) else { return nil }
        return range.upperBound
    }

    /// The overlay as the server puts it in a page loaded while the site is broken; the script builds the same markup.
    static func overlay(_ report: String, good: Bool = true) -> String {
        """
        <div id="plansite-overlay" role="alert" aria-labelledby="plansite-overlay-title" style="\(overlayStyle)">\
        <div style="\(headStyle)"><p id="plansite-overlay-title" style="\(titleStyle)">\(good ? overlayTitle : overlayTitleNoGoodBuild)</p>\
        <button type="button" id="plansite-overlay-hide" style="\(buttonStyle)">Hide</button></div>\
        <pre style="\(preStyle)">\(reportMarkup(report))</pre>\
        <p style="margin:.5em 0 0">\(overlayHint)</p>\
        </div>
        """
    }

    // Fixed to the foot of the window, at most half its height; the script pads the page by its height, so that
    // nothing of the page (its footer, a focused link) is ever left beneath it.
    static let overlayStyle = "position:fixed;left:0;right:0;bottom:0;z-index:2147483647;max-height:50vh;overflow:auto;margin:0;padding:.75em 1.25em 1em;background:#fff;color:#0b0c0c;border-top:6px solid #d4351c;box-shadow:0 -2px 8px rgba(0,0,0,.3);font:16px/1.4 system-ui,sans-serif"
    static let overlayHint = "Fix the files named above and save: this page updates by itself."
    static let headStyle = "display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.25em 1em;margin:0 0 .5em"
    static let titleStyle = "margin:0;font-weight:bold;font-size:1.1em"
    static let buttonStyle = "font:inherit;padding:.2em .8em;border:2px solid #0b0c0c;background:#f3f2f1;color:#0b0c0c"
    static let preStyle = "margin:0;white-space:pre-wrap;overflow-wrap:anywhere;font:15px/1.45 ui-monospace,monospace;color:#0b0c0c"

    /// The page's script. One open page holds the event stream and passes each event on to the others (a
    /// BroadcastChannel, the stream held by whichever page holds a Web Lock): a browser opens at most six connections
    /// to one server, and an event stream per page would leave a seventh page waiting. A browser without either
    /// opens a stream per page.
    static func script(generation: Int, run: String = "") -> String {
        """
        <script id="plansite-live">
        (function () {
          var generation = \(generation), run = \(jsString(run));
          var here = decodeURIComponent(location.pathname).replace(/^\\//, "");
          if (here === "" || here.slice(-1) === "/") here += "index.html";
          var root = document.documentElement, padding = null;
          function fit(box) {
            if (padding === null) padding = [document.body.style.paddingBottom, root.style.scrollPaddingBottom];
            var h = box.offsetHeight + "px";
            document.body.style.paddingBottom = h;
            root.style.scrollPaddingBottom = h;
          }
          function unfit() {
            if (padding === null) return;
            document.body.style.paddingBottom = padding[0];
            root.style.scrollPaddingBottom = padding[1];
            padding = null;
          }
          function wire(box) {
            var hide = document.getElementById("plansite-overlay-hide");
            if (hide) hide.addEventListener("click", function () {
              var focused = box.contains(document.activeElement);
              box.remove();
              unfit();
              if (focused) {
                var main = document.querySelector("main") || document.body;
                if (!main.hasAttribute("tabindex")) main.setAttribute("tabindex", "-1");
                main.focus();
              }
            });
            fit(box);
            if (window.ResizeObserver) new ResizeObserver(function () { if (box.isConnected) fit(box); }).observe(box);
          }
          function lines(pre, text) {
            pre.textContent = "";
            text.split("\\n").forEach(function (line, i) {
              if (i > 0) pre.appendChild(document.createTextNode("\\n"));
              var m = /^[^\\s:][^\\s]*?:\\d+:\\d+:/.exec(line);
              if (m) {
                var at = document.createElement("span");
                at.style.whiteSpace = "nowrap";
                at.textContent = m[0];
                pre.appendChild(at);
                line = line.slice(m[0].length);
              }
              pre.appendChild(document.createTextNode(line));
            });
          }
          function overlay(text, hasGood) {
            var box = document.getElementById("plansite-overlay");
            if (text === null) { if (box) { box.remove(); unfit(); } return; }
            if (!box) {
              box = document.createElement("div");
              box.id = "plansite-overlay";
              box.setAttribute("role", "alert");
              box.setAttribute("aria-labelledby", "plansite-overlay-title");
              box.style.cssText = \(jsString(overlayStyle));
              var head = document.createElement("div");
              head.style.cssText = \(jsString(headStyle));
              var title = document.createElement("p");
              title.id = "plansite-overlay-title";
              title.style.cssText = \(jsString(titleStyle));
              var hide = document.createElement("button");
              hide.type = "button";
              hide.id = "plansite-overlay-hide";
              hide.textContent = "Hide";
              hide.style.cssText = \(jsString(buttonStyle));
              head.appendChild(title);
              head.appendChild(hide);
              var pre = document.createElement("pre");
              pre.style.cssText = \(jsString(preStyle));
              var foot = document.createElement("p");
              foot.style.cssText = "margin:.5em 0 0";
              foot.textContent = \(jsString(overlayHint));
              box.appendChild(head);
              box.appendChild(pre);
              box.appendChild(foot);
              document.body.appendChild(box);
              wire(box);
            }
            document.getElementById("plansite-overlay-title").textContent = hasGood === false ? \(jsString(overlayTitleNoGoodBuild)) : \(jsString(overlayTitle));
            lines(box.querySelector("pre"), text);
            fit(box);
          }
          // The files this page loads (style sheets, scripts, images, icons), as paths in the site: a change to any
          // of them, or to the page itself, reloads it; a change to other files does not.
          function loads() {
            var paths = {};
            paths[here] = true;
            var found = document.querySelectorAll("link[rel~=stylesheet][href], link[rel~=icon][href], script[src], img[src], source[src], video[src], audio[src], object[data], iframe[src], embed[src]");
            for (var i = 0; i < found.length; i++) {
              var el = found[i];
              var url = el.getAttribute(el.tagName === "LINK" ? "href" : el.tagName === "OBJECT" ? "data" : "src");
              try { url = new URL(url, location.href); } catch (e) { continue; }
              if (url.origin !== location.origin) continue;
              var path = decodeURIComponent(url.pathname).replace(/^\\//, "");
              if (path === "" || path.slice(-1) === "/") path += "index.html";
              paths[path] = true;
            }
            return paths;
          }
          function touches(all, paths) {
            var mine = loads();
            return all || paths.some(function (p) { return mine[p] || /\\.(woff2?|ttf|otf)$/.test(p); });
          }
          function handle(name, d) {
            if (name === "hello") {
              // A newer generation than this page's: reload, unless it is the one change after this page's and it
              // changed none of its files (the page missed its reload event while another page took the stream),
              // or it is still rendering (its reload event is yet to come, on this stream).
              if (d.run !== run) { location.reload(); return; }
              if (d.generation === generation || d.rendering) return;
              if (d.from === generation && d.changed && !touches(d.all, d.changed)) { generation = d.generation; return; }
              location.reload();
            } else if (name === "reload") {
              if (!d.broken) overlay(null);
              // An early event names only the open pages rendered first: the rest of what changed comes after it.
              if (touches(d.all, d.paths)) location.reload(); else if (!d.early) generation = d.generation;
            } else if (name === "error") {
              overlay(d.report, d.good);
            }
          }
          var box = document.getElementById("plansite-overlay");
          if (box) wire(box);
          var channel = null;
          try { channel = new BroadcastChannel("plansite-live"); } catch (e) { channel = null; }
          function listen() {
            var events = new EventSource("\(eventsPath)?page=" + encodeURIComponent(here));
            ["hello", "reload", "error"].forEach(function (name) {
              events.addEventListener(name, function (e) {
                if (typeof e.data !== "string") return;   // the stream's own error (a lost connection) has no data
                var d = JSON.parse(e.data);
                if (channel) channel.postMessage({ name: name, data: d });
                handle(name, d);
              });
            });
          }
          if (channel && navigator.locks && navigator.locks.request) {
            channel.onmessage = function (m) { if (m.data && m.data.name) handle(m.data.name, m.data.data); };
            // Until this page holds the stream, it asks once what it may have missed since it was served.
            fetch("\(statePath)", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (d) {
              handle("hello", d);
              if (d.report) handle("error", d);
            }).catch(function () {});
            navigator.locks.request("plansite-live", function () {
              listen();
              return new Promise(function () {});   // held while the page is open
            });
          } else {
            listen();
          }
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
    func subscribe(first: [Data], page: String? = nil) -> AsyncStream<Data> { subscribe(page: page) { first } }

    /// A new stream: `first` is made once the stream is registered, so that no event sent meanwhile is lost (one
    /// sent in between comes before them; the page's script takes either order).
    func subscribe(page: String? = nil, first: () -> [Data]) -> AsyncStream<Data> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<Data>.makeStream(bufferingPolicy: .bufferingNewest(64))
        continuation.onTermination = { [weak self] _ in self?.remove(id) }
        let open = lock.withLock { () -> Bool in
            if closed { return false }
            streams[id] = continuation
            if let page, !page.isEmpty, page.count < 1024 { pages[id] = page }
            return true
        }
        guard open else { continuation.finish(); return stream }
        for event in first() { continuation.yield(event) }
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
