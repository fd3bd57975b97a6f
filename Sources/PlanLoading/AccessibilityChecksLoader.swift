// PlanLoading/AccessibilityChecksLoader: the recorded accessibility checks
// (`accessibility_checks:` in site.yaml, a JSON file written by
// tests-a11y/record.py). Read by a small JSON reader that keeps where each key
// and value is, so that every problem (a syntax error, a duplicate or unknown
// key, a count that is negative or not a number) is reported at its line and
// column, in plain words.

import PlanModel

struct AccessibilityChecksLoader {
    let sink: DiagnosticSink

    static let fields = ["tools", "pages_checked", "epubs_checked", "counts", "widths", "axe_tags"]
    static let tools = ["axe-core", "chromium", "vnu", "epubcheck"]
    static let counts = ["axe_violations", "axe_violation_nodes", "reflow_failures", "vnu_errors", "epub_fatals", "epub_errors", "epub_warnings"]
    /// The counts the accessibility statement publishes: a missing one would be published as 0.
    static let requiredCounts = ["axe_violations", "reflow_failures", "vnu_errors", "epub_fatals", "epub_errors", "epub_warnings"]
    static let fix = "run scripts/test.sh, which writes this file"

    func load(_ text: String, path: String) -> AccessibilityChecks? {
        let root: LocatedJSON
        do {
            root = try LocatedJSON.parse(text)
        } catch let e as LocatedJSON.SyntaxError {
            sink.error("bad-checks", at: SourceLocation(file: path, line: e.line, column: e.column), "malformed JSON: \(e.message)",
                       suggestion: Self.fix)
            return nil
        } catch {
            return nil
        }
        let errors = sink.diagnostics.count
        func at(_ node: LocatedJSON) -> SourceLocation { SourceLocation(file: path, line: node.line, column: node.column) }
        func error(_ node: LocatedJSON, _ message: String, _ suggestion: String = Self.fix) {
            sink.error("bad-checks", at: at(node), message, suggestion: suggestion)
        }
        /// The members of an object, each key once and known; nil (reported) when `node` is no object.
        func members(_ node: LocatedJSON, _ what: String, allowed: [String]) -> [String: LocatedJSON]? {
            guard case let .object(pairs) = node.value else {
                error(node, "\(what) must be an object ({ ... }), found \(node.described)")
                return nil
            }
            var out: [String: LocatedJSON] = [:]
            var keys: [String: LocatedJSON] = [:]
            for pair in pairs {
                if let first = keys[pair.key] {
                    let there = first.line == pair.keyNode.line ? "at column \(first.column)" : "at line \(first.line)"
                    error(pair.keyNode, "the key '\(pair.key)' appears twice in \(what) (first \(there))", "remove one of them")
                    continue
                }
                keys[pair.key] = pair.keyNode
                if !allowed.contains(pair.key) {
                    error(pair.keyNode, "unknown key '\(pair.key)' in \(what)",
                          Suggest.didYouMean(pair.key, in: allowed) ?? "the keys are: \(allowed.joined(separator: ", "))")
                    continue
                }
                out[pair.key] = pair.value
            }
            return out
        }
        /// A count: a whole number, 0 or more (1 or more when `positive`).
        func count(_ node: LocatedJSON, _ name: String, positive: Bool = false) -> Int? {
            guard case let .number(n) = node.value, let value = Int(n) else {
                error(node, "'\(name)' must be a whole number, found \(node.described)")
                return nil
            }
            guard value >= (positive ? 1 : 0) else {
                error(node, "'\(name)' must be \(positive ? "1" : "0") or more, found \(value)")
                return nil
            }
            return value
        }
        func textValue(_ node: LocatedJSON, _ name: String) -> String? {
            guard case let .string(s) = node.value else {
                error(node, "'\(name)' must be text in double quotes, found \(node.described)")
                return nil
            }
            return s
        }
        func list(_ node: LocatedJSON, _ name: String) -> [LocatedJSON] {
            guard case let .array(items) = node.value else {
                error(node, "'\(name)' must be a list ([ ... ]), found \(node.described)")
                return []
            }
            return items
        }

        guard let fields = members(root, "the recorded accessibility checks", allowed: Self.fields) else { return nil }
        for key in Self.fields where fields[key] == nil {
            sink.error("bad-checks", at: SourceLocation(file: path, line: root.line, column: root.column),
                       "the recorded accessibility checks have no '\(key)'", suggestion: Self.fix)
        }
        var tools: [String: String] = [:]
        if let node = fields["tools"], let m = members(node, "'tools'", allowed: Self.tools) {
            for (key, value) in m { tools[key] = textValue(value, key) }
        }
        var counts: [String: Int] = [:]
        if let node = fields["counts"], let m = members(node, "'counts'", allowed: Self.counts) {
            for (key, value) in m { counts[key] = count(value, key) }
            for key in Self.requiredCounts where m[key] == nil {
                error(node, "'counts' has no '\(key)'")
            }
        }
        let pages = fields["pages_checked"].flatMap { count($0, "pages_checked") }
        let epubs = fields["epubs_checked"].flatMap { count($0, "epubs_checked") }
        let widths = fields["widths"].map { list($0, "widths").compactMap { count($0, "widths", positive: true) } } ?? []
        let tags = fields["axe_tags"].map { list($0, "axe_tags").compactMap { textValue($0, "axe_tags") } } ?? []
        guard sink.diagnostics.count == errors, let pages, let epubs else { return nil }
        return AccessibilityChecks(tools: tools, pagesChecked: pages, epubsChecked: epubs, counts: counts, widths: widths, axeTags: tags)
    }
}

/// A JSON value with the line and column (1-based, in characters) where it starts; an object keeps its keys in
/// order, repeated ones included.
struct LocatedJSON {
    indirect enum Value {
        case object([(key: String, keyNode: LocatedJSON, value: LocatedJSON)])
        case array([LocatedJSON])
        case string(String)
        /// The number as written.
        case number(String)
        case bool(Bool)
        case null
    }
    let value: Value
    let line: Int
    let column: Int

    /// How a message names what was found: "the text \"none\"", "a list".
    var described: String {
        switch value {
        case .object: return "an object"
        case .array: return "a list"
        case .string(let s): return "the text \"\(s)\""
        case .number(let n): return n
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        }
    }

    struct SyntaxError: Error {
        let line: Int
        let column: Int
        let message: String
    }

    /// Parses a whole JSON text; throws a located `SyntaxError` at the first mistake.
    static func parse(_ text: String) throws -> LocatedJSON {
        var reader = Reader(Array(text.unicodeScalars))
        if reader.peek == "\u{FEFF}" { reader.advance(); reader.column = 1 }
        reader.skipSpace()
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        if reader.peek != nil { throw reader.error("there is more after the end of the JSON value") }
        return value
    }

    private struct Reader {
        let s: [Unicode.Scalar]
        var i = 0, line = 1, column = 1
        init(_ s: [Unicode.Scalar]) { self.s = s }

        var peek: Unicode.Scalar? { i < s.count ? s[i] : nil }
        mutating func advance() {
            if s[i] == "\n" { line += 1; column = 1 } else { column += 1 }
            i += 1
        }
        mutating func skipSpace() {
            while let c = peek, c == " " || c == "\t" || c == "\n" || c == "\r" { advance() }
        }
        func error(_ message: String) -> SyntaxError { SyntaxError(line: line, column: column, message: message) }
        func found() -> String {
            guard let c = peek else { return "the file ends before the JSON is complete" }
            return "found '\(Character(c))'"
        }

        mutating func value(depth: Int) throws -> LocatedJSON {
            guard depth < 100 else { throw error("the JSON is nested too deeply") }
            let (l, c) = (line, column)
            guard let ch = peek else { throw error("the file ends where a value was expected") }
            switch ch {
            case "{":
                advance(); skipSpace()
                var pairs: [(key: String, keyNode: LocatedJSON, value: LocatedJSON)] = []
                if peek == "}" { advance(); return LocatedJSON(value: .object(pairs), line: l, column: c) }
                while true {
                    guard peek == "\"" else { throw error("expected a key in double quotes; \(found())") }
                    let (kl, kc) = (line, column)
                    let key = try string()
                    skipSpace()
                    guard peek == ":" else { throw error("expected ':' after the key \"\(key)\"; \(found())") }
                    advance(); skipSpace()
                    let v = try value(depth: depth + 1)
                    pairs.append((key, LocatedJSON(value: .string(key), line: kl, column: kc), v))
                    skipSpace()
                    if peek == "," { advance(); skipSpace(); continue }
                    if peek == "}" { advance(); return LocatedJSON(value: .object(pairs), line: l, column: c) }
                    throw error("expected ',' or '}' after the value of \"\(key)\"; \(found())")
                }
            case "[":
                advance(); skipSpace()
                var items: [LocatedJSON] = []
                if peek == "]" { advance(); return LocatedJSON(value: .array(items), line: l, column: c) }
                while true {
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    if peek == "," { advance(); skipSpace(); continue }
                    if peek == "]" { advance(); return LocatedJSON(value: .array(items), line: l, column: c) }
                    throw error("expected ',' or ']' after a list entry; \(found())")
                }
            case "\"":
                return LocatedJSON(value: .string(try string()), line: l, column: c)
            case "-", "0"..."9":
                var n = ""
                while let d = peek, d == "-" || d == "+" || d == "." || d == "e" || d == "E" || ("0"..."9").contains(d) {
                    n.unicodeScalars.append(d); advance()
                }
                guard Self.isNumber(n) else { throw SyntaxError(line: l, column: c, message: "'\(n)' is not a number") }
                return LocatedJSON(value: .number(n), line: l, column: c)
            default:
                for (word, v) in [("true", Value.bool(true)), ("false", .bool(false)), ("null", .null)] {
                    let w = Array(word.unicodeScalars)
                    if i + w.count <= s.count, Array(s[i..<(i + w.count)]) == w {
                        for _ in w { advance() }
                        return LocatedJSON(value: v, line: l, column: c)
                    }
                }
                throw error("expected a value (text in double quotes, a number, true, false, null, [ or {); \(found())")
            }
        }

        mutating func string() throws -> String {
            let (l, c) = (line, column)
            advance()   // the opening quote
            var out = String.UnicodeScalarView()
            while true {
                guard let ch = peek, ch != "\n" else { throw SyntaxError(line: l, column: c, message: "this text's closing double quote is missing") }
                if ch == "\"" { advance(); return String(out) }
                if ch == "\\" {
                    advance()
                    guard let e = peek else { continue }
                    let simple: [Unicode.Scalar: Unicode.Scalar] = ["\"": "\"", "\\": "\\", "/": "/", "b": "\u{8}", "f": "\u{C}", "n": "\n", "r": "\r", "t": "\t"]
                    if let r = simple[e] { out.append(r); advance(); continue }
                    if e == "u" {
                        advance()
                        var hex = ""
                        while hex.count < 4, let h = peek, h.properties.isASCIIHexDigit { hex.unicodeScalars.append(h); advance() }
                        guard hex.count == 4, let code = UInt32(hex, radix: 16) else { throw error("'\\u' must be followed by four hexadecimal digits") }
                        out.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                        continue
                    }
                    throw error("'\\\(Character(e))' is not an escape JSON knows; write a backslash as \\\\")
                }
                if ch.value < 0x20 { throw error("a control character inside text must be escaped") }
                out.append(ch); advance()
            }
        }

        /// JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
        static func isNumber(_ n: String) -> Bool {
            var c = Array(n.unicodeScalars)[...]
            func digits() -> Int { let k = c.prefix(while: { ("0"..."9").contains($0) }).count; c = c.dropFirst(k); return k }
            if c.first == "-" { c = c.dropFirst() }
            if c.first == "0" { c = c.dropFirst() } else if digits() == 0 { return false }
            if c.first == "." { c = c.dropFirst(); if digits() == 0 { return false } }
            if c.first == "e" || c.first == "E" {
                c = c.dropFirst()
                if c.first == "+" || c.first == "-" { c = c.dropFirst() }
                if digits() == 0 { return false }
            }
            return c.isEmpty
        }
    }
}
