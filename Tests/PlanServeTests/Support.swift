// Test support for `serve`: a fixture copy, a small HTTP/1.1 client over a
// plain socket (no URLSession, so nothing is cached or pooled), and a reader of
// the server-sent event stream. Every wait is bounded.

import Foundation
import Scratch
#if canImport(Glibc)
import Glibc
#endif

enum ServeFixture {
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let site = testsFolder.deletingLastPathComponent().appendingPathComponent("PlanBuildTests/Fixtures/site")

    /// A fresh temporary copy of the fixture site.
    static func copy() throws -> URL {
        let dir = Scratch.folder("plansite-serve")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let target = dir.appendingPathComponent("site")
        try FileManager.default.copyItem(at: site, to: target)
        return target
    }

    /// Rewrites a file of the site, making sure its size or time changes so that the watcher sees it.
    static func edit(_ root: URL, _ path: String, _ change: (String) -> String) throws {
        let url = root.appendingPathComponent(path)
        let text = try String(contentsOf: url, encoding: .utf8)
        let changed = change(text)
        precondition(changed != text, "the edit changes nothing")
        try Data(changed.utf8).write(to: url)
    }
}

struct TestError: Error, CustomStringConvertible { let description: String }

/// Connects to 127.0.0.1:port with a receive timeout.
func connectLoopback(_ port: UInt16, timeout: Int = 5) throws -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw TestError(description: "socket: \(errno)") }
    var tv = timeval(tv_sec: timeout, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = port.bigEndian
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    let result = withUnsafePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard result == 0 else { close(fd); throw TestError(description: "connect to \(port): \(errno)") }
    return fd
}

func sendAll(_ fd: Int32, _ text: String) {
    let bytes = Array(text.utf8)
    var sent = 0
    while sent < bytes.count {
        let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if n <= 0 { return }
        sent += n
    }
}

struct HTTPReply {
    var status: Int
    var headers: [String: String]   // lower-cased names
    var body: Data
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// One request on a new connection (`Connection: close`), read to the end.
func fetch(_ port: UInt16, _ target: String, method: String = "GET") throws -> HTTPReply {
    let fd = try connectLoopback(port)
    defer { close(fd) }
    sendAll(fd, "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n")
    var raw = Data()
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
        let n = recv(fd, &buffer, buffer.count, 0)
        if n <= 0 { break }
        raw.append(contentsOf: buffer[0..<n])
        if let reply = parseReply(raw, method: method) { return reply }
    }
    guard let reply = parseReply(raw, method: method, atEnd: true) else {
        throw TestError(description: "no complete reply to \(target): \(String(decoding: raw, as: UTF8.self))")
    }
    return reply
}

private func parseReply(_ raw: Data, method: String, atEnd: Bool = false) -> HTTPReply? {
    guard let split = raw.range(of: Data("\r\n\r\n".utf8)) else { return nil }
    let head = String(decoding: raw[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
    guard let statusLine = head.first, let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") else { return nil }
    var headers: [String: String] = [:]
    for line in head.dropFirst() {
        guard let colon = line.firstIndex(of: ":") else { continue }
        headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    let body = raw[split.upperBound...]
    if method == "HEAD" { return HTTPReply(status: status, headers: headers, body: Data()) }
    if let length = headers["content-length"].flatMap(Int.init) {
        return body.count >= length ? HTTPReply(status: status, headers: headers, body: Data(body.prefix(length))) : nil
    }
    return atEnd ? HTTPReply(status: status, headers: headers, body: Data(body)) : nil
}

/// Reads `/__plansite/events` on a thread of its own and keeps every event received.
final class EventStreamReader: @unchecked Sendable {
    struct Event: Equatable { var name: String; var data: String }
    private let lock = NSLock()
    private var raw = Data()
    private var closed = false
    private let fd: Int32

    /// `page`: the page whose stream this is, as the reload script says (`?page=actions/1.2.html`).
    init(port: UInt16, page: String? = nil) throws {
        fd = try connectLoopback(port, timeout: 1)
        let query = page.map { "?page=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0) } ?? ""
        sendAll(fd, "GET /__plansite/events\(query) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: text/event-stream\r\n\r\n")
        let thread = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 16_384)
            while !lock.withLock({ closed }) {
                let n = recv(fd, &buffer, buffer.count, 0)
                if n == 0 { break }
                if n < 0 { if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { continue } else { break } }
                lock.withLock { raw.append(contentsOf: buffer[0..<n]) }
            }
            lock.withLock { closed = true }
        }
        thread.start()
    }

    deinit { close(fd) }

    func stop() { lock.withLock { closed = true } }

    /// Whether the server ended the stream.
    var ended: Bool { lock.withLock { closed } }

    /// The events received so far, in order (the chunked body decoded).
    var events: [Event] {
        let data = lock.withLock { raw }
        guard let split = data.range(of: Data("\r\n\r\n".utf8)) else { return [] }
        // Decode the chunked transfer encoding as far as it is complete.
        var body = Data()
        var rest = Data(data[split.upperBound...])
        while let lineEnd = rest.range(of: Data("\r\n".utf8)) {
            guard let size = Int(String(decoding: rest[..<lineEnd.lowerBound], as: UTF8.self), radix: 16) else { break }
            let start = lineEnd.upperBound
            guard size > 0, rest.count >= start - rest.startIndex + size + 2 else { break }
            body.append(rest[start..<(start + size)])
            rest = Data(rest[(start + size + 2)...])
        }
        var out: [Event] = []
        for block in String(decoding: body, as: UTF8.self).components(separatedBy: "\n\n") {
            var name = "message", lines: [String] = []
            var any = false
            for line in block.split(separator: "\n", omittingEmptySubsequences: true) {
                if line.hasPrefix("event: ") { name = String(line.dropFirst(7)); any = true }
                if line.hasPrefix("data: ") { lines.append(String(line.dropFirst(6))); any = true }
            }
            if any { out.append(Event(name: name, data: lines.joined(separator: "\n"))) }
        }
        return out
    }

    /// Waits (at most `timeout` seconds) for an event named `name` after the first `skip` events.
    func next(_ name: String, after skip: Int = 0, timeout: TimeInterval = 10) async throws -> Event {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let event = events.dropFirst(skip).first(where: { $0.name == name }) { return event }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        throw TestError(description: "no '\(name)' event within \(timeout) s; got \(events)")
    }
}

/// Polls `condition` until it holds or `timeout` seconds pass.
func eventually(timeout: TimeInterval = 10, _ condition: () throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return true }
        try? await Task.sleep(nanoseconds: 10_000_000)
    }
    return try condition()
}
