// PlanRendering/HTMLScanner: one linear pass over the bytes of HTML this tool
// wrote itself, as a list of tokens (text, tags, comments) with their byte
// ranges. The editions, the plain-text edition and the build's own audit read
// a page's HTML through it once, instead of running regular expressions over
// finished pages. It is not a general HTML parser: it relies on what the
// renderer writes (quoted attribute values, no '<' inside text).

import Foundation

struct HTMLToken {
    enum Kind: UInt8 { case text, tag, other }
    // Stored compactly (a site's one-page edition has hundreds of thousands of tokens).
    private let start: Int32, end: Int32, nameStart: Int32, nameEnd: Int32, attributesEnd: Int32
    let kind: Kind
    /// For tags: `</x>` rather than `<x>`.
    let closing: Bool

    init(kind: Kind, range: Range<Int>, closing: Bool = false, name: Range<Int> = 0..<0, attributes: Range<Int> = 0..<0) {
        self.kind = kind
        self.closing = closing
        start = Int32(range.lowerBound); end = Int32(range.upperBound)
        nameStart = Int32(name.lowerBound); nameEnd = Int32(name.upperBound)
        attributesEnd = Int32(attributes.upperBound)
    }

    /// The whole token.
    var range: Range<Int> { Int(start)..<Int(end) }
    /// For tags: the element name, lower case as the renderer writes it.
    var name: Range<Int> { Int(nameStart)..<Int(nameEnd) }
    /// For tags: from after the name to before the closing `>` (or `/>`).
    var attributes: Range<Int> { Int(nameEnd)..<Int(attributesEnd) }
}

/// The bytes of an HTML fragment, and its tokens when asked for.
struct ScannedHTML {
    let bytes: [UInt8]

    init(_ html: String) { self.init(bytes: Array(html.utf8)) }

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// The tokens, scanned each time they are asked for: a reader walks them once, and a whole plan's worth
    /// (the editions' sections, kept while the four editions are made) is never held as tokens, only as bytes.
    var tokens: [HTMLToken] { HTMLScanner.tokens(bytes) }

    func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    /// Whether the tag's name is `name` (ASCII, as written).
    func isTag(_ token: HTMLToken, _ name: StaticString) -> Bool {
        guard token.kind == .tag, token.name.count == name.utf8CodeUnitCount else { return false }
        return name.withUTF8Buffer { want in
            var i = 0
            for b in bytes[token.name] { if b | 0x20 != want[i] { return false }; i += 1 }
            return true
        }
    }

    /// The heading level of an `h1`…`h6` tag, or nil.
    func headingLevel(_ token: HTMLToken) -> Int? {
        guard token.kind == .tag, token.name.count == 2, bytes[token.name.lowerBound] | 0x20 == UInt8(ascii: "h") else { return nil }
        let d = bytes[token.name.lowerBound + 1]
        return (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(d) ? Int(d - UInt8(ascii: "0")) : nil
    }

    /// Each attribute of a tag written ` name="value"` (as the renderer writes them), in order: where its name and its
    /// value (as written, still escaped) lie. One pass over the tag, however many attributes are wanted.
    func forEachAttribute(of token: HTMLToken, _ body: (_ name: Range<Int>, _ value: Range<Int>) -> Void) {
        let range = token.attributes
        bytes.withUnsafeBufferPointer { b in
            var i = range.lowerBound
            let end = range.upperBound
            while i < end {
                guard b[i] == UInt8(ascii: " ") else { i += 1; continue }
                let nameStart = i + 1
                var j = nameStart
                while j < end, b[j] != UInt8(ascii: "="), b[j] != UInt8(ascii: " "), b[j] != UInt8(ascii: "\"") { j += 1 }
                guard j + 1 < end, b[j] == UInt8(ascii: "="), b[j + 1] == UInt8(ascii: "\"") else { i = max(j, nameStart); continue }
                var valueEnd = j + 2
                while valueEnd < end, b[valueEnd] != UInt8(ascii: "\"") { valueEnd += 1 }
                body(nameStart..<j, (j + 2)..<valueEnd)
                i = valueEnd + 1
            }
        }
    }

    /// Whether the bytes at `range` are `name` (ASCII).
    func bytes(_ range: Range<Int>, are name: StaticString) -> Bool {
        guard range.count == name.utf8CodeUnitCount else { return false }
        return name.withUTF8Buffer { want in
            var i = 0
            for b in bytes[range] { if b != want[i] { return false }; i += 1 }
            return true
        }
    }

    /// The value of attribute `name` (written ` name="value"`) in a tag, as written (still escaped).
    func attribute(_ name: String, of token: HTMLToken) -> String? {
        attributeRange(name, in: token.attributes).map(string)
    }

    /// Where the value of ` name="…"` lies within `range` (no allocation: the name's bytes are compared in place).
    func attributeRange(_ name: String, in range: Range<Int>) -> Range<Int>? {
        var name = name
        return name.withUTF8 { want -> Range<Int>? in
            let n = want.count
            return bytes.withUnsafeBufferPointer { b -> Range<Int>? in
                var i = range.lowerBound
                while i + n + 3 <= range.upperBound {
                    if b[i] == UInt8(ascii: " "), b[i + n + 1] == UInt8(ascii: "="), b[i + n + 2] == UInt8(ascii: "\"") {
                        var same = true
                        for k in 0..<n where b[i + 1 + k] != want[k] { same = false; break }
                        if same {
                            let start = i + n + 3
                            var end = start
                            while end < range.upperBound && b[end] != UInt8(ascii: "\"") { end += 1 }
                            return start..<end
                        }
                    }
                    i += 1
                }
                return nil
            }
        }
    }
}

enum HTMLScanner {
    /// Whether `bytes` hold `needle` anywhere (a plain byte loop: no generic collection search).
    static func contains(_ bytes: [UInt8], _ needle: StaticString) -> Bool {
        let n = needle.utf8CodeUnitCount
        guard n > 0, bytes.count >= n else { return n == 0 }
        let want = needle.utf8Start
        return bytes.withUnsafeBufferPointer { b in
            var i = 0
            while i + n <= b.count {
                if b[i] == want[0] {
                    var k = 1
                    while k < n && b[i + k] == want[k] { k += 1 }
                    if k == n { return true }
                }
                i += 1
            }
            return false
        }
    }

    static let lt = UInt8(ascii: "<"), gt = UInt8(ascii: ">"), slash = UInt8(ascii: "/"), quote = UInt8(ascii: "\""), bang = UInt8(ascii: "!")

    static func isNameByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "-")
    }

    static func matches(_ bytes: [UInt8], at i: Int, _ needle: [UInt8]) -> Bool {
        guard i + needle.count <= bytes.count else { return false }
        for j in 0..<needle.count where bytes[i + j] != needle[j] { return false }
        return true
    }

    static func tokens(_ b: [UInt8]) -> [HTMLToken] {
        var out: [HTMLToken] = []
        out.reserveCapacity(b.count / 24)
        scan(b) { out.append($0) }
        return out
    }

    /// Hands each token of `b` to `visit`, in order, without keeping them (a one-page edition has hundreds of
    /// thousands). Bytes of 2 GiB or more (beyond a token's 32-bit offsets) give one empty text token.
    static func scan(_ bytes: [UInt8], _ visit: (HTMLToken) -> Void) {
        guard bytes.count < Int(Int32.max) else { visit(HTMLToken(kind: .text, range: 0..<0)); return }
        bytes.withUnsafeBufferPointer { scan($0, visit) }
    }

    private static func scan(_ b: UnsafeBufferPointer<UInt8>, _ visit: (HTMLToken) -> Void) {
        let n = b.count
        guard let base = b.baseAddress else { return }
        var i = 0
        var textStart = 0
        func flushText(to end: Int) {
            if end > textStart { visit(HTMLToken(kind: .text, range: textStart..<end)) }
        }
        func matches(at i: Int, _ needle: StaticString) -> Bool {
            guard i + needle.utf8CodeUnitCount <= n else { return false }
            return memcmp(base + i, needle.utf8Start, needle.utf8CodeUnitCount) == 0
        }
        while i < n {
            // Text runs to the next "<" (found with memchr); the rest of the bytes are text when there is none.
            if b[i] != lt {
                guard let at = memchr(base + i, Int32(lt), n - i) else { break }
                i = base.distance(to: at.assumingMemoryBound(to: UInt8.self))
            }
            guard i + 1 < n else { i += 1; continue }
            let next = b[i + 1]
            if next == bang {
                // A comment or doctype: up to "-->" or ">".
                flushText(to: i)
                var end = i + 2
                if matches(at: i, "<!--") {
                    while end < n && !matches(at: end, "-->") { end += 1 }
                    end = min(n, end + 3)
                } else {
                    while end < n && b[end] != gt { end += 1 }
                    end = min(n, end + 1)
                }
                visit(HTMLToken(kind: .other, range: i..<end))
                i = end; textStart = end
                continue
            }
            let closing = next == slash
            let nameStart = closing ? i + 2 : i + 1
            guard nameStart < n, isNameByte(b[nameStart]) else { i += 1; continue }
            var nameEnd = nameStart
            while nameEnd < n && isNameByte(b[nameEnd]) { nameEnd += 1 }
            var end = nameEnd
            var inQuote = false
            while end < n && (inQuote || b[end] != gt) {
                if b[end] == quote { inQuote.toggle() }
                end += 1
            }
            guard end < n else { break }   // an unterminated tag is left as text
            flushText(to: i)
            let attributesEnd = end > nameEnd && b[end - 1] == slash ? end - 1 : end
            visit(HTMLToken(kind: .tag, range: i..<(end + 1), closing: closing, name: nameStart..<nameEnd, attributes: nameEnd..<attributesEnd))
            i = end + 1; textStart = i
        }
        flushText(to: n)
    }
}
