// PlanLoading/SiteRoot: the rules every file the build reads goes through.
// Containment: after resolving symbolic links, a file lies inside the site
// root (the folder holding site.yaml), or it is not read. Text hygiene: a file
// is UTF-8 without control characters (tab, newline and carriage return
// aside), and no larger than the documented limit.

import Foundation
import PlanModel
#if canImport(Glibc)
import Glibc
#endif

/// Why a file was not read. Never carries any of the file's content.
public enum ContentError: Error, Equatable {
    /// The path leaves the site root; `link` is the symbolic link (relative to the root) that leads out, if any.
    case outsideRoot(link: String?)
    /// The path is absolute.
    case absolutePath
    /// The file is larger than `ContentLimits.maxFileBytes`.
    case tooLarge(bytes: Int, limit: Int)
    /// The first byte that is not UTF-8, at a 1-based line and column.
    case notUTF8(line: Int, column: Int)
    /// The file is text in another Unicode encoding ("UTF-16", "UTF-32"), by its byte-order mark or its zero bytes.
    case wideEncoding(String)
    /// A control character (U+0000-U+001F except tab, newline and carriage return, U+007F-U+009F), or a bidirectional
    /// embedding, override or isolate (U+202A-U+202E, U+2066-U+2069).
    case controlCharacter(UInt32, line: Int, column: Int)
    /// The path names a folder, or something else that is not a file (a device, a pipe), where a file is read.
    case notAFile(folder: Bool)
    /// `link` (relative to the root), a symbolic link on the way to the path or the path itself, leads nowhere: its
    /// `target` (as written in the link) does not exist, or following it comes round to a link again (`loop`).
    case brokenLink(link: String, target: String, loop: Bool)
    /// `path` (relative to the root: the file itself, or a folder on the way to it or listed) may not be read by the
    /// user running plansite: its permissions (or a folder's above it) refuse it.
    case permissionDenied(path: String, folder: Bool)

    /// A system error reading `path` that says the permissions refuse it (Foundation's "You don't have permission",
    /// EACCES, EPERM), as `permissionDenied`; nil for any other error.
    public static func unreadable(_ error: Error, path: String, folder: Bool) -> ContentError? {
        if let content = error as? ContentError { return content }
        let ns = error as NSError
        let denied: (NSError) -> Bool = { e in
            (e.domain == NSCocoaErrorDomain && e.code == CocoaError.fileReadNoPermission.rawValue)
                || (e.domain == NSPOSIXErrorDomain && (e.code == Int(EACCES) || e.code == Int(EPERM)))
        }
        if denied(ns) || (ns.userInfo[NSUnderlyingErrorKey] as? NSError).map(denied) == true {
            return .permissionDenied(path: path, folder: folder)
        }
        return nil
    }
}

/// Documented in docs/content-format.md, "Limits".
public enum ContentLimits {
    /// The largest file the build reads: 1 MB (1,000,000 bytes), fifteen times the largest file of the real plan.
    public static let maxFileBytes = 1_000_000
    /// The largest image the build copies: 10 MB.
    public static let maxImageBytes = 10_000_000
    /// The most key actions, register items (sub-points included) and scorecard measures a site may hold, each.
    public static let maxEntities = 50_000
}

/// The site root, resolved, and the containment rule.
public struct SiteRoot: Sendable {
    /// The root with every symbolic link resolved.
    public let path: String

    public init(_ url: URL) {
        let standard = url.standardizedFileURL.path
        path = SiteRoot.realPath(standard) ?? standard
    }

    /// The resolved file a path relative to the root names, or nil when there is none.
    /// Throws `ContentError.outsideRoot` or `.absolutePath` when it would leave the root.
    public func resolve(_ relative: String) throws -> String? {
        if relative.hasPrefix("/") || relative.hasPrefix("~") { throw ContentError.absolutePath }
        let full = path + "/" + relative
        guard let real = SiteRoot.realPath(full) else {
            let failure = errno
            // A folder on the way that may not be searched: the file may well be there, so it is not called missing.
            if failure == EACCES, let folder = unsearchableFolder(relative) { throw ContentError.permissionDenied(path: folder, folder: true) }
            // Missing: still refuse a path that leaves the root by its '..'.
            if !contains(URL(fileURLWithPath: full).standardizedFileURL.path) { throw ContentError.outsideRoot(link: linkLeadingOut(relative)) }
            // A link whose target is gone is a mistake at the link, not a file that was never there: said so, at it.
            if let broken = brokenLink(relative) { throw broken }
            return nil
        }
        guard contains(real) else { throw ContentError.outsideRoot(link: linkLeadingOut(relative)) }
        return real
    }

    func contains(_ resolved: String) -> Bool { resolved == path || resolved.hasPrefix(path == "/" ? "/" : path + "/") }

    /// The first symbolic link along `relative` whose target lies outside the root.
    private func linkLeadingOut(_ relative: String) -> String? {
        var prefix = ""
        for part in relative.split(separator: "/") where part != "." {
            prefix = prefix.isEmpty ? String(part) : prefix + "/" + part
            var info = stat()
            guard lstat(path + "/" + prefix, &info) == 0 else { return nil }
            if info.st_mode & S_IFMT == S_IFLNK {
                if let target = SiteRoot.realPath(path + "/" + prefix), !contains(target) { return prefix }
            }
        }
        return nil
    }

    /// The folder along `relative` (relative to the root; "." for the root) whose permissions stop the way to it.
    private func unsearchableFolder(_ relative: String) -> String? {
        var prefix = ""
        for part in relative.split(separator: "/") where part != "." {
            let next = prefix.isEmpty ? String(part) : prefix + "/" + part
            var info = stat()
            if lstat(path + "/" + next, &info) != 0 { return errno == EACCES ? (prefix.isEmpty ? "." : prefix) : nil }
            prefix = next
        }
        return nil
    }

    /// The first symbolic link along `relative` that cannot be followed: its target is missing, or it is in a loop.
    private func brokenLink(_ relative: String) -> ContentError? {
        var prefix = ""
        for part in relative.split(separator: "/") where part != "." {
            prefix = prefix.isEmpty ? String(part) : prefix + "/" + part
            var info = stat()
            guard lstat(path + "/" + prefix, &info) == 0 else { return nil }   // plainly missing: no link to blame
            guard info.st_mode & S_IFMT == S_IFLNK else { continue }
            if let resolved = realpath(path + "/" + prefix, nil) { free(resolved); continue }
            let loop = errno == ELOOP
            var target = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(path + "/" + prefix, &target, target.count - 1)
            let written = length < 0 ? "" : String(decoding: target[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return .brokenLink(link: prefix, target: written, loop: loop)
        }
        return nil
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// UTF-8 decoding and the control-character rule, located by line and column.
public enum TextHygiene {
    /// Decodes UTF-8 (a byte-order mark is dropped later by the loaders), or names the first bad byte.
    public static func decode(_ data: Data) throws -> String {
        let bytes = [UInt8](data)
        if let wide = wideEncoding(bytes) { throw ContentError.wideEncoding(wide) }
        guard let bad = firstInvalidByte(bytes) else { return String(decoding: bytes, as: UTF8.self) }
        let lineStart = bytes[..<bad].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        let line = bytes[..<bad].reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        let column = String(decoding: bytes[lineStart..<bad], as: UTF8.self).count + 1
        throw ContentError.notUTF8(line: line, column: column)
    }

    /// "UTF-16" or "UTF-32" when `bytes` are text in that encoding: by its byte-order mark, or, without one, by the
    /// zero bytes every Latin character has there (the first 64 characters or so: most of them zero where the
    /// encoding puts them, none where it does not). Nil for anything else, UTF-8 included.
    static func wideEncoding(_ bytes: [UInt8]) -> String? {
        let b = bytes
        if b.count >= 4, b[0] == 0xFF, b[1] == 0xFE, b[2] == 0, b[3] == 0 { return "UTF-32" }
        if b.count >= 4, b[0] == 0, b[1] == 0, b[2] == 0xFE, b[3] == 0xFF { return "UTF-32" }
        if b.count >= 2, (b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF) { return "UTF-16" }
        guard b.count >= 4, b[0] == 0 || b[1] == 0 else { return nil }
        let head = Array(b.prefix(256))
        func share(_ unit: Int, zeroAt: [Int]) -> Bool {
            let units = head.count / unit
            guard units >= 2 else { return false }
            let matching = (0..<units).filter { u in
                (0..<unit).allSatisfy { k in zeroAt.contains(k) ? head[u * unit + k] == 0 : true } && zeroAt.count < unit
                    && (0..<unit).contains { k in !zeroAt.contains(k) && head[u * unit + k] != 0 }
            }.count
            return matching * 4 >= units * 3
        }
        if share(4, zeroAt: [1, 2, 3]) || share(4, zeroAt: [0, 1, 2]) { return "UTF-32" }
        if share(2, zeroAt: [1]) || share(2, zeroAt: [0]) { return "UTF-16" }
        return nil
    }

    /// Throws `controlCharacter` for the first control character other than tab, newline and carriage return.
    public static func check(_ text: String) throws {
        var text = text
        guard text.withUTF8(mayHoldControlCharacter) else { return }
        var line = 1
        var lineStart = text.unicodeScalars.startIndex
        var index = text.unicodeScalars.startIndex
        while index < text.unicodeScalars.endIndex {
            let scalar = text.unicodeScalars[index]
            let next = text.unicodeScalars.index(after: index)
            if scalar == "\n" {
                line += 1
                lineStart = next
            } else if isForbidden(scalar) {
                let column = Substring(text.unicodeScalars[lineStart..<index]).count + 1
                throw ContentError.controlCharacter(scalar.value, line: line, column: column)
            }
            index = next
        }
    }

    /// Whether UTF-8 bytes may hold a forbidden character: a C0 control other than tab, newline and carriage return,
    /// DEL, a C1 control (0xC2 0x80...0x9F), or a bidirectional control (0xE2 0x80 0xAA...0xAE, 0xE2 0x81 0xA6...0xA9).
    /// Most text holds none, and is read byte by byte, not by scalar.
    static func mayHoldControlCharacter(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for (i, byte) in bytes.enumerated() {
            switch byte {
            case 0x09, 0x0A, 0x0D: continue
            case 0x00...0x1F, 0x7F: return true
            case 0xC2 where i + 1 < bytes.count && (0x80...0x9F).contains(bytes[i + 1]): return true
            case 0xE2 where i + 2 < bytes.count && (bytes[i + 1] == 0x80 && (0xAA...0xAE).contains(bytes[i + 2])
                                                    || bytes[i + 1] == 0x81 && (0xA6...0xA9).contains(bytes[i + 2])): return true
            default: continue
            }
        }
        return false
    }

    public static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return false
        case 0x00...0x1F, 0x7F...0x9F: return true
        default: return bidiControlName(scalar.value) != nil
        }
    }

    /// The name of a bidirectional embedding, override or isolate: characters that show the text around them in
    /// another order than it is written (so that it reads as something else), and are themselves invisible.
    public static func bidiControlName(_ value: UInt32) -> String? {
        switch value {
        case 0x202A: "left-to-right embedding"
        case 0x202B: "right-to-left embedding"
        case 0x202C: "pop directional formatting"
        case 0x202D: "left-to-right override"
        case 0x202E: "right-to-left override"
        case 0x2066: "left-to-right isolate"
        case 0x2067: "right-to-left isolate"
        case 0x2068: "first strong isolate"
        case 0x2069: "pop directional isolate"
        default: nil
        }
    }

    /// The offset of the first byte that does not start or continue a valid UTF-8 sequence.
    static func firstInvalidByte(_ bytes: [UInt8]) -> Int? {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF   // the allowed range of the second byte
            switch b {
            case 0x00...0x7F: i += 1; continue
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return i
            }
            for k in 1..<length {
                guard i + k < bytes.count else { return i }
                let c = bytes[i + k]
                if k == 1 ? !(low...high).contains(c) : !(0x80...0xBF).contains(c) { return i }
            }
            i += length
        }
        return nil
    }
}

extension ContentError {
    /// The diagnostic for this error about `path`, located where the mistake is: the site.yaml entry
    /// that names the file (`namedBy`) or the link that leads out of the root, the bad byte or character.
    /// Never quotes the file's content.
    public func diagnostic(path: String, namedBy: SourceLocation?) -> Diagnostic {
        let here = SourceLocation(file: path)
        let rule = "plansite reads only files inside the folder holding site.yaml"
        switch self {
        case .outsideRoot(let link?):
            let what = link == path ? "'\(path)' is a symbolic link that leads" : "'\(path)' leads, through the symbolic link '\(link)',"
            return .error("outside-root", at: namedBy ?? SourceLocation(file: link), "\(what) outside the site root; \(rule)",
                          suggestion: "replace the link with the file itself, inside the site folder")
        case .outsideRoot(nil):
            return .error("outside-root", at: namedBy ?? here, "'\(path)' is outside the site root; \(rule)",
                          suggestion: "move the file into the site folder and name it by a path relative to site.yaml, without '..'")
        case .absolutePath:
            return .error("outside-root", at: namedBy ?? here, "'\(path)' is an absolute path; \(rule)",
                          suggestion: "move the file into the site folder and name it by a path relative to site.yaml")
        case let .tooLarge(bytes, limit):
            let what = limit == ContentLimits.maxImageBytes ? "image" : "text file"
            return .error("too-large", at: here, "the file is \(bytes.formatted) bytes, over the limit of \(limit.formatted) bytes per \(what)",
                          suggestion: "split it into smaller files; see 'Limits' in docs/content-format.md")
        case let .notUTF8(line, column):
            return .error("encoding", at: SourceLocation(file: path, line: line, column: column), "this byte is not UTF-8 text",
                          suggestion: "save the file as UTF-8")
        case .wideEncoding(let encoding):
            return .error("encoding", at: SourceLocation(file: path, line: 1, column: 1), "this file looks like \(encoding) text, not UTF-8",
                          suggestion: "save it as UTF-8 (in the editor's 'Save as', choose the encoding UTF-8)")
        case let .brokenLink(link, target, loop):
            let location = SourceLocation(file: link)
            if loop {
                return .error("broken-link", at: location, "this is a symbolic link to '\(target)', which leads round a loop of links, never to a file",
                              suggestion: "remove the link, or point it at the file itself")
            }
            return .error("broken-link", at: location, "this is a symbolic link to '\(target)', which does not exist",
                          suggestion: "remove the link or restore its target")
        case let .permissionDenied(denied, folder):
            let what = folder ? "folder" : "file"
            let on = denied == path ? "" : " (on the way to '\(path)')"
            return .error("permission-denied", at: SourceLocation(file: denied), "the \(what) '\(denied)'\(on) cannot be read: permission denied",
                          suggestion: folder ? "let the user running plansite read it and open it: chmod a+rx '\(denied)' (a folder needs both r and x)"
                                             : "let the user running plansite read it: chmod a+r '\(denied)'")
        case .notAFile(let folder):
            return .error("not-a-file", at: here, "'\(path)' is \(folder ? "a folder" : "not a regular file (a device or a pipe)"), where a file is read",
                          suggestion: folder ? "put the file itself at this path, or name the file in site.yaml" : "replace it with a plain text file")
        case let .controlCharacter(value, line, column):
            if let bidi = TextHygiene.bidiControlName(value) {
                return .error("bidi-control", at: SourceLocation(file: path, line: line, column: column),
                              "the invisible character U+\(String(value, radix: 16, uppercase: true)) (\(bidi)) is not allowed in text: it changes the order in which the text around it is shown, and so can disguise it",
                              suggestion: "remove it; text in a right-to-left language is shown in its order without it")
            }
            let name = value == 0 ? "a NUL byte (U+0000)" : "the control character U+\(String(value, radix: 16, uppercase: true).leftPadded(to: 4))"
            return .error("control-character", at: SourceLocation(file: path, line: line, column: column), "\(name) is not allowed in text",
                          suggestion: "remove it; text may hold tabs and line breaks, but no other control characters")
        }
    }
}

extension Int {
    /// 1,000,000
    var formatted: String {
        let digits = Array(String(self))
        return String(digits.enumerated().flatMap { i, d in (i > 0 && (digits.count - i) % 3 == 0) ? [",", d] : [d] })
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
