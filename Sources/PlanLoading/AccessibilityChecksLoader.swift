// PlanLoading/AccessibilityChecksLoader: the recorded accessibility checks
// (`accessibility_checks:` in site.yaml, a JSON file written by
// tests-a11y/record.py). Read through Yams (JSON is YAML's flow style), which
// keeps where each key and value is, so that every problem (a syntax error, a
// duplicate or unknown key, a count that is negative or not a number) is
// reported at its line and column, in plain words.

import PlanModel
import Yams

struct AccessibilityChecksLoader {
    let sink: DiagnosticSink

    static let fields = ["tools", "pages_checked", "epubs_checked", "counts", "widths", "axe_tags"]
    static let tools = ["axe-core", "chromium", "vnu", "epubcheck"]
    static let counts = ["axe_violations", "axe_violation_nodes", "reflow_failures", "vnu_errors", "epub_fatals", "epub_errors", "epub_warnings"]
    /// The counts the accessibility statement publishes: a missing one would be published as 0.
    static let requiredCounts = ["axe_violations", "reflow_failures", "vnu_errors", "epub_fatals", "epub_errors", "epub_warnings"]
    static let fix = "run scripts/test.sh, which writes this file"

    func load(_ text: String, path: String) -> AccessibilityChecks? {
        guard let root = LocatedJSON.read(text, path: path, sink: sink) else { return nil }
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

    /// The JSON read by Yams (JSON is YAML's flow style, which libyaml reads with every position), its syntax errors
    /// and repeated keys reported as for every YAML file, at their line and column; nil once they are reported.
    static func read(_ text: String, path: String, sink: DiagnosticSink) -> LocatedJSON? {
        var file = YAMLFile(path: path, sink: sink)
        file.language = "JSON"
        guard let node = file.root(text) else { return nil }
        return located(node, in: file)
    }

    private static func located(_ node: Node, in file: YAMLFile) -> LocatedJSON {
        let at = file.location(node)
        let value: Value
        switch node {
        case .mapping(let mapping):
            value = .object(mapping.map { key, item in
                let name = key.scalar?.string ?? ""
                let keyAt = file.location(key)
                return (name, LocatedJSON(value: .string(name), line: keyAt.line ?? 1, column: keyAt.column ?? 1), located(item, in: file))
            })
        case .sequence(let sequence):
            value = .array(sequence.map { located($0, in: file) })
        case .scalar(let scalar):
            switch (scalar.style, scalar.string) {
            case (.doubleQuoted, _), (.singleQuoted, _): value = .string(scalar.string)
            case (_, "true"): value = .bool(true)
            case (_, "false"): value = .bool(false)
            case (_, "null"): value = .null
            case (_, let text) where Double(text) != nil: value = .number(text)
            default: value = .string(scalar.string)   // a bare word: reported as text where a number or a list belongs
            }
        }
        return LocatedJSON(value: value, line: at.line ?? 1, column: at.column ?? 1)
    }
}
