// PlanLoading/YAMLReader: reads YAML through Yams' node API so that every
// scalar stays the text it was written as (`1.10` is not 1.1, `yes` is not
// true, dates stay text), every value knows its line and column, and unknown
// keys are reported with the nearest known key.

import Foundation
import PlanModel
import Yams

/// Collects diagnostics while loading.
public final class DiagnosticSink {
    public private(set) var diagnostics: [Diagnostic] = []
    public init() {}
    public func add(_ d: Diagnostic) { diagnostics.append(d) }
    public func error(_ code: String, at location: SourceLocation?, _ message: String, suggestion: String? = nil) {
        add(.error(code, at: location, message, suggestion: suggestion))
    }
    public func warning(_ code: String, at location: SourceLocation?, _ message: String, suggestion: String? = nil) {
        add(.warning(code, at: location, message, suggestion: suggestion))
    }
}

/// A YAML document of one file.
struct YAMLFile {
    let path: String
    let sink: DiagnosticSink
    /// What the file is written in, as its syntax errors name it: YAML, or JSON (read as YAML's flow style).
    var language = "YAML"
    /// Lines before the YAML text in its file (front matter starts after `---`).
    var lineOffset = 0
    /// What an empty text is, and how to fill it (a page's front matter is not the whole file).
    var empty = (what: "the file", fix: "add the fields described in docs/content-format.md")
    /// The YAML text's lines (of the text given to `root(_:)`), for block-scalar indentation and error messages:
    /// split the first time they are asked for, as most files never ask.
    var lines: Lines { linesBox.lines }
    private let linesBox = LinesBox()
    final class LinesBox {
        var text = ""
        private var split: Lines?
        var lines: Lines {
            if let split { return split }
            let made = Lines(text)
            split = made
            return made
        }
        func reset(_ text: String) { self.text = text; split = nil }
    }

    /// A text's lines, each made as it is asked for from where the lines start (found as bytes with memchr: "\n"
    /// is a character of its own, and "\r\n" was made "\n" on reading), as `split(separator: "\n")` keeping
    /// empty lines would give them.
    struct Lines: RandomAccessCollection {
        let text: String
        /// The UTF-8 offset of each line's start.
        let starts: [Int]

        init(_ text: String) {
            var text = text
            text.makeContiguousUTF8()
            self.text = text
            starts = text.utf8.withContiguousStorageIfAvailable { b -> [Int] in
                var starts = [0]
                guard let base = b.baseAddress else { return starts }
                var i = 0
                while i < b.count, let at = memchr(base + i, 0x0A, b.count - i) {
                    i = base.distance(to: at.assumingMemoryBound(to: UInt8.self)) + 1
                    starts.append(i)
                }
                return starts
            } ?? [0]
        }

        var startIndex: Int { 0 }
        var endIndex: Int { starts.count }
        subscript(position: Int) -> Substring {
            let utf8 = text.utf8
            let start = utf8.index(utf8.startIndex, offsetBy: starts[position])
            let end = position + 1 < starts.count ? utf8.index(utf8.startIndex, offsetBy: starts[position + 1] - 1) : utf8.endIndex
            return Substring(utf8[start..<end])
        }
    }

    init(path: String, sink: DiagnosticSink, lineOffset: Int = 0) {
        self.path = path; self.sink = sink; self.lineOffset = lineOffset
    }

    /// Parses `text`; on a syntax error reports it located and returns nil.
    func root(_ text: String) -> Node? {
        // A byte order mark, which some editors put at the start of a UTF-8 file, is not part of the YAML: without
        // it, columns on line 1 are counted as the editor shows them.
        let text = text.hasPrefix("\u{FEFF}") ? String(text.unicodeScalars.dropFirst()) : text
        linesBox.reset(text)
        do {
            // The basic resolver: every scalar stays text (the loaders read numbers, dates and booleans themselves,
            // with located errors), so no regular expression runs per scalar to guess its type.
            // A plain document is composed from libyaml's events (YAMLNode.swift); anything else by Yams, whose
            // errors are reported below.
            if let node = YAMLComposer.compose(text) { return node }
            guard let node = try Yams.compose(yaml: text, .basic, .default, .utf8) else {
                sink.error("yaml-empty", at: SourceLocation(file: path), "\(empty.what) is empty", suggestion: empty.fix)
                return nil
            }
            return Node(node)
        } catch let error as YamlError {
            switch error {
            case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
                if let quote = strayQuote(before: mark.line) {
                    sink.error("yaml-syntax", at: SourceLocation(file: path, line: quote.line + lineOffset, column: quote.column),
                               "this quote (\(quote.character)) is never closed on its line, so the value runs on (the \(language) parser gave up at line \(mark.line + lineOffset))",
                               suggestion: language == "JSON" ? "add the closing double quote; inside a text, write a double quote as \\\""
                                   : "add the closing quote; inside a quoted value, write a double quote as \\\" and a single quote as ''")
                    return nil
                }
                // (JSON is all brackets: where its parser gave up is where a comma or bracket is missing.)
                if language == "YAML", let context, let opening = unclosedOpening(context) {
                    // Where the parser gave up can be far below the mistake: point at the opening instead.
                    sink.error("yaml-syntax", at: SourceLocation(file: path, line: context.mark.line + lineOffset, column: context.mark.column),
                               "this \(opening) is never closed (the \(language) parser gave up at line \(mark.line + lineOffset))",
                               suggestion: opening.hasPrefix("quote") ? "add the closing quote; inside a quoted value, write a double quote as \\\" and a single quote as ''"
                                   : "add the closing bracket, or quote the value if the bracket is part of its text")
                    return nil
                }
                if problem.contains("nesting level") {   // libyaml's limit (1,000 levels): its own words name a C function
                    sink.error("yaml-syntax", at: SourceLocation(file: path, line: mark.line + lineOffset, column: mark.column),
                               "lists and mappings are nested more than 1,000 deep here; no plan file needs so many",
                               suggestion: "check for a run of brackets ('[', '{') or of lines starting '- '")
                    return nil
                }
                // A bracket left open at the end of its line, with nothing after it but the end of the file: the
                // parser gives up past the end, on a line that is not there; the bracket is the mistake.
                if let opening = openingRightBefore(line: mark.line, column: mark.column) {
                    sink.error("yaml-syntax", at: SourceLocation(file: path, line: opening.line + lineOffset, column: opening.column),
                               "this '\(opening.character)' is never closed: nothing follows it (the \(language) parser gave up at line \(mark.line + lineOffset))",
                               suggestion: "add the closing bracket, or quote the value if the bracket is part of its text")
                    return nil
                }
                // A tab where YAML wants spaces (indenting, or after a key's colon): libyaml gives up on the line after
                // it, in words that do not say so.
                if language == "YAML", let tab = tab(near: mark.line) {
                    sink.error("yaml-tab", at: SourceLocation(file: path, line: tab.line + lineOffset, column: tab.column),
                               "a tab character here; YAML indents and separates with spaces only (the parser gave up at line \(mark.line + lineOffset))",
                               suggestion: "replace the tab with spaces")
                    return nil
                }
                // A non-breaking space (pasted from a word processor) where YAML wants a space: it reads as a letter.
                if language == "YAML", let odd = oddSpace(near: mark.line) {
                    sink.error("yaml-space", at: SourceLocation(file: path, line: odd.line + lineOffset, column: odd.column),
                               "\(odd.name) here, which YAML does not read as a space (the parser gave up at line \(mark.line + lineOffset)); it is often pasted from a word processor",
                               suggestion: "delete it and type an ordinary space")
                    return nil
                }
                let what = [context?.text, problem].compactMap { $0 }.joined(separator: " ")
                sink.error("yaml-syntax", at: SourceLocation(file: path, line: mark.line + lineOffset, column: mark.column),
                           "malformed \(language): \(what)",
                           suggestion: language == "JSON" ? "check the commas, brackets and double quotes about here" : "check the indentation and quoting on this line; a value containing ': ' or starting with a special character must be quoted")
            case let .duplicatedKeysInMapping(duplicates, context):
                let first = context.mark
                let repeated = duplicates.first.flatMap { duplicateKeyLocation($0, firstLine: first.line, firstColumn: first.column) }
                let at = repeated ?? (line: first.line, column: first.column)
                let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
                sink.error("yaml-duplicate-key", at: SourceLocation(file: path, line: at.line + lineOffset, column: at.column),
                           "the key \(keys) appears twice in one \(language == "JSON" ? "object" : "mapping")" + (repeated != nil ? " (first at line \(first.line + lineOffset))" : ""),
                           suggestion: "remove or rename one of them")
            case let .reader(problem, _, _, _):
                sink.error("yaml-encoding", at: SourceLocation(file: path), "unreadable text: \(problem)", suggestion: "save the file as UTF-8")
            default:
                sink.error("yaml-syntax", at: SourceLocation(file: path), "malformed \(language): \(error)")
            }
            return nil
        } catch {
            sink.error("yaml-syntax", at: SourceLocation(file: path), "malformed \(language): \(error)")
            return nil
        }
    }

    /// "quote" or "'['" when the error's context is an unclosed quoted scalar or flow collection.
    private func unclosedOpening(_ context: YamlError.Context) -> String? {
        let line = context.mark.line - 1, column = context.mark.column - 1
        guard line >= 0, line < lines.count, column >= 0, let c = lines[line].dropFirst(column).first else { return nil }
        if context.text.contains("quoted scalar"), c == "\"" || c == "'" { return "quote (\(c))" }
        if context.text.contains("flow"), c == "[" || c == "{" { return "'\(c)'" }
        return nil
    }

    /// An opening bracket ('[' or '{') that is the last thing written before `line`:`column` (1-based, where the
    /// parser gave up), blank lines and comments aside: one left open with nothing after it.
    private func openingRightBefore(line: Int, column: Int) -> (line: Int, column: Int, character: Character)? {
        var l = min(line, lines.count) - 1
        var limit = line - 1 < lines.count ? column - 1 : Int.max   // on the parser's line, only what comes before it
        while l >= 0 {
            var text = Array(String(lines[l]))
            if limit < text.count { text = Array(text[..<max(0, limit)]) }
            if let hash = text.indices.first(where: { text[$0] == "#" && ($0 == 0 || text[$0 - 1] == " ") }) { text = Array(text[..<hash]) }
            if let last = text.lastIndex(where: { $0 != " " && $0 != "\t" && $0 != "\r" }) {
                return text[last] == "[" || text[last] == "{" ? (l + 1, last + 1, text[last]) : nil
            }
            l -= 1
            limit = Int.max
        }
        return nil
    }

    /// The opening of a quoted value, on a line up to `errorLine` (1-based), that runs past its line and
    /// whose closing quote is followed by more text, or that never closes: the likely cause of a syntax error
    /// reported further down. A quoted value that legitimately spans lines ends at the end of a line.
    /// The first tab in the whitespace of the line before `errorLine` or of that line (1-based): at its start, or
    /// after a key's colon.
    private func tab(near errorLine: Int) -> (line: Int, column: Int)? {
        // (The parser may give up past the last line: the range is then empty.)
        let end = min(max(0, errorLine), lines.count)
        for index in min(max(0, errorLine - 2), end)..<end {
            let line = Array(lines[index])
            let lead = line.prefix(while: { $0 == " " || $0 == "\t" })
            if let i = lead.firstIndex(of: "\t") { return (index + 1, i + 1) }
            // After "key:" (the first ": " or ":\t" outside quotes is close enough for a line that failed).
            if let colon = line.firstIndex(of: ":"), colon + 1 < line.count, line[colon + 1] == "\t",
               !line[..<colon].contains("\""), !line[..<colon].contains("'") {
                return (index + 1, colon + 2)
            }
        }
        return nil
    }

    /// A space YAML does not read as one (no-break, figure, narrow no-break, ideographic, ...) in a line's
    /// indentation or right after a key's colon, on the parser's error line or the two before it.
    private func oddSpace(near errorLine: Int) -> (line: Int, column: Int, name: String)? {
        let end = min(max(0, errorLine), lines.count)
        for index in min(max(0, errorLine - 2), end)..<end {
            let line = Array(lines[index])
            guard line.contains(where: { OddSpace.name($0) != nil }) else { continue }
            let lead = line.prefix(while: { $0 == " " || OddSpace.name($0) != nil })
            if let i = lead.firstIndex(where: { OddSpace.name($0) != nil }) { return (index + 1, i + 1, OddSpace.name(line[i])!) }
            if let colon = line.firstIndex(of: ":"), colon + 1 < line.count, let name = OddSpace.name(line[colon + 1]),
               !line[..<colon].contains("\""), !line[..<colon].contains("'") {
                return (index + 1, colon + 2, name)
            }
        }
        return nil
    }

    private func strayQuote(before errorLine: Int) -> (line: Int, column: Int, character: Character)? {
        var blockIndent: Int?   // inside a block scalar ('|' or '>'), lines indented more than this
        var index = 0
        while index < min(errorLine, lines.count) {
            let line = Array(lines[index])
            let indent = line.prefix(while: { $0 == " " }).count
            if let b = blockIndent, indent > b || line.allSatisfy({ $0 == " " }) { index += 1; continue }
            blockIndent = nil
            var i = indent
            var next = index + 1
            scan: while i < line.count {
                let c = line[i]
                if c == "#", i == 0 || line[i - 1] == " " { break }
                let atValueStart = i == indent || (i >= 1 && "[{,".contains(line[i - 1])) || (i >= 2 && (line[i - 1] == " " && (line[i - 2] == ":" || line[i - 2] == "-" || line[i - 2] == ",")))
                guard atValueStart, c == "\"" || c == "'" else { i += 1; continue }
                // Find the closing quote, across lines.
                var l = index, k = i + 1
                var text = line
                while true {
                    if k >= text.count {
                        l += 1
                        guard l < lines.count else { return (index + 1, i + 1, c) }   // never closes
                        text = Array(lines[l]); k = 0
                        continue
                    }
                    if c == "\"", text[k] == "\\" { k += 2; continue }
                    if text[k] == c {
                        if c == "'", k + 1 < text.count, text[k + 1] == "'" { k += 2; continue }
                        break
                    }
                    k += 1
                }
                if l == index { i = k + 1; continue scan }
                let after = String(text[(k + 1)...]).trimmingWhitespace()
                if !(after.isEmpty || after.hasPrefix("#") || after.hasPrefix(",") || after.hasPrefix("]") || after.hasPrefix("}")) {
                    return (index + 1, i + 1, c)
                }
                next = l + 1
                break
            }
            let trimmed = line.count > indent ? String(line[indent...]).trimmingWhitespace() : ""
            if let last = trimmed.split(separator: " ").last, let first = last.first, first == "|" || first == ">", last.count <= 3 { blockIndent = indent }
            index = next
        }
        return nil
    }

    /// Where `key` appears again in the mapping whose first `key` is at (firstLine, firstColumn), 1-based:
    /// later on the same line (a flow mapping), or on a later line at the same indentation (a block mapping).
    private func duplicateKeyLocation(_ key: String, firstLine: Int, firstColumn: Int) -> (line: Int, column: Int)? {
        let spellings = [key, "\"\(key)\"", "'\(key)'"]
        func isKey(at rest: Substring) -> Bool {
            spellings.contains { rest.hasPrefix($0) && rest.dropFirst($0.count).drop(while: { $0 == " " }).first == ":" }
        }
        guard firstLine >= 1, firstLine <= lines.count else { return nil }
        let firstText = Array(lines[firstLine - 1])
        var i = firstColumn   // 0-based index just after the first key's first character
        while firstText.prefix(firstColumn - 1).contains("{"), i < firstText.count {
            if (firstText[i - 1] == "," || firstText[i - 1] == " " || firstText[i - 1] == "{"), isKey(at: Substring(String(firstText[i...]))) {
                return (firstLine, i + 1)
            }
            i += 1
        }
        let indent = firstColumn - 1
        for index in firstLine..<lines.count {
            let line = lines[index]
            let leading = line.prefix(while: { $0 == " " }).count
            let rest = line.dropFirst(leading)
            if rest.isEmpty || rest.hasPrefix("#") { continue }
            if leading < indent { break }
            if leading == indent, isKey(at: rest) { return (index + 1, indent + 1) }
        }
        return nil
    }

    /// Where a list entry is: its value, or for an entry with no value (`- ` alone), its dash.
    func entryLocation(_ node: Node) -> SourceLocation {
        let at = location(node)
        guard case let .scalar(s) = node, s.string.isEmpty, s.style == .plain, let mark = node.mark,
              mark.line >= 1, mark.line <= lines.count else { return at }
        let before = Array(lines[mark.line - 1].prefix(max(0, mark.column - 1)))
        guard let dash = before.lastIndex(where: { $0 != " " }), before[dash] == "-" else { return at }
        return SourceLocation(file: path, line: at.line, column: dash + 1)
    }

    func location(_ node: Node) -> SourceLocation {
        SourceLocation(file: path, line: (node.mark?.line ?? 1) + lineOffset, column: node.mark?.column ?? 1)
    }

    /// A mapping node as a checked record, or an error saying what was expected.
    func record(_ node: Node, what: String, allowed: [String]) -> YAMLRecord? {
        guard case let .mapping(mapping) = node else {
            sink.error("yaml-shape", at: location(node), "\(what) must be a mapping of keys to values, found \(describe(node))",
                       suggestion: "write it as 'key: value' lines; see docs/content-format.md")
            return nil
        }
        var pairs: [(String, Node, Node)] = []
        for (k, v) in mapping {
            guard case let .scalar(s) = k else {
                sink.error("yaml-shape", at: location(k), "a key in \(what) must be plain text")
                continue
            }
            pairs.append((s.string, k, v))
        }
        let record = YAMLRecord(file: self, what: what, node: node, pairs: pairs)
        for (key, keyNode, _) in pairs where !allowed.contains(key) {
            // A key indented with a tab comes with the tab in its name.
            if key.first == "\t", case let trimmed = String(key.drop(while: { $0 == "\t" || $0 == " " })), !trimmed.isEmpty {
                sink.error("yaml-tab", at: location(keyNode), "a tab character before '\(trimmed)'; YAML indents with spaces only",
                           suggestion: "replace the tab with spaces")
                continue
            }
            // One indented with a non-breaking space (pasted from a word processor) comes with it in its name.
            if let first = key.first, let name = OddSpace.name(first),
               case let trimmed = String(key.drop(while: { OddSpace.name($0) != nil || $0 == " " || $0 == "\t" })), !trimmed.isEmpty {
                sink.error("yaml-space", at: location(keyNode),
                           "\(name) before '\(trimmed)'; YAML indents with ordinary spaces only (it is often pasted from a word processor)",
                           suggestion: "delete it and indent with ordinary spaces")
                continue
            }
            sink.error("unknown-field", at: location(keyNode), "unknown field '\(key)' in \(what)",
                       suggestion: Suggest.didYouMean(key, in: allowed) ?? "the fields are: \(allowed.joined(separator: ", "))")
        }
        return record
    }

    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let s): return "the text '\(s.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }
}

/// A YAML mapping whose keys have been checked against the allowed ones.
struct YAMLRecord {
    let file: YAMLFile
    let what: String
    let node: Node
    let pairs: [(key: String, keyNode: Node, value: Node)]

    var location: SourceLocation { file.location(node) }
    var sink: DiagnosticSink { file.sink }

    func value(_ key: String) -> Node? { pairs.first { $0.key == key }?.value }

    func location(of key: String) -> SourceLocation {
        value(key).map(file.location) ?? location
    }

    /// A scalar as text. Missing or empty: nil (and an error when required).
    func string(_ key: String, required: Bool = false, hint: String? = nil) -> String? {
        guard let node = value(key) else {
            if required { missing(key, hint: hint) }
            return nil
        }
        guard case let .scalar(s) = node else {
            sink.error("yaml-shape", at: file.location(node), "'\(key)' in \(what) must be text, found \(file.describe(node))",
                       suggestion: hint)
            return nil
        }
        let text = s.string.trimmingWhitespaceAndNewlines()
        if text.isEmpty || (s.style == .plain && (text == "~" || text == "null")) {
            if required { empty(key, hint: hint) }
            return nil
        }
        return text
    }

    /// The required `id` of something with a page or an anchor of its own (an inspection's `inspections/ID.html`, a
    /// measure's `#measure-ID`): only a-z, 0-9 and hyphens, since `../x` would name a file outside the output folder
    /// and `A b` no valid anchor. A bad one is an error at it, and is kept (one mistake, one error).
    func identifier(of thing: String) -> String? {
        guard let id = string("id", required: true) else { return nil }
        if !id.unicodeScalars.allSatisfy({ ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "-" }) {
            let slug = Term.slug(id)
            sink.error("bad-id", at: location(of: "id"),
                       "'\(id)' cannot be the id of \(thing): an id may hold only lower-case letters (a-z), digits and hyphens",
                       suggestion: slug.isEmpty ? "write it as words of a-z and digits joined by hyphens, e.g. ofsted-2018" : "write it as \(slug)")
        }
        return id
    }

    /// Markdown held in a scalar (trailing whitespace trimmed), with the line it starts on.
    func text(_ key: String, required: Bool = false) -> LocatedText? {
        guard let s = string(key, required: required), let node = value(key) else { return nil }
        var loc = file.location(node)
        guard case let .scalar(scalar) = node else { return LocatedText(s, at: loc) }
        let index = loc.line - file.lineOffset   // 1-based line of the node in the YAML text: the next line's index
        let lines = file.lines
        switch scalar.style {
        case .literal, .folded:
            // Block scalars start on the next line, at the content's indentation. A literal one (|) keeps its lines
            // as written; a folded one (>) joins them with spaces, so its pieces are matched to its lines.
            let indent = index < lines.count ? lines[index].prefix(while: { $0 == " " }).count : 0
            loc = SourceLocation(file: loc.file, line: loc.line + 1, column: indent + 1)
            // A literal block is its lines as written, unless it starts after a blank line or more indented than the
            // rest (an indentation indicator, `|2`).
            if scalar.style == .folded {
                return LocatedText(s, at: loc, origins: TextOrigins.match(s, lines: lines, firstLine: index, firstColumn: nil, lineOffset: file.lineOffset))
            }
            // (The text is trimmed: its first line may have lost indentation its later lines keep.)
            let firstTextLine = s.prefix { $0 != "\n" }
            // An indentation indicator (`|2`): the block's lines are indented from the key, not from the first line.
            let header = index >= 1 && index <= lines.count ? lines[index - 1] : ""
            let indicated = header.lastIndex(of: "|").map { header[header.index(after: $0)...].prefix(2).contains(where: \.isNumber) } ?? false   // |2, |-2, |2+
            if indicated || index >= lines.count || lines[index].dropFirst(indent) != firstTextLine || s.holds("\n ") {
                let origins = TextOrigins.match(s, lines: lines, firstLine: index, firstColumn: nil, lineOffset: file.lineOffset, whole: true)
                return LocatedText(s, at: loc, origins: origins)
            }
        default:
            // A quoted text starts after its quote; one written over several lines is joined with spaces.
            if scalar.style == .singleQuoted || scalar.style == .doubleQuoted { loc = SourceLocation(file: loc.file, line: loc.line, column: loc.column + 1) }
            guard index >= 1, index <= lines.count else { break }
            // Spaces inside the quotes before the text (trimmed from it): the text starts after them.
            let lead = scalar.string.prefix { $0 == " " || $0 == "\t" }
            if !lead.isEmpty, lines[index - 1].dropFirst(loc.column - 1).hasPrefix(lead) {
                loc = SourceLocation(file: loc.file, line: loc.line, column: loc.column + lead.count)
            }
            let firstColumn = loc.column - 1
            // (Compared as bytes: the value is the file's own bytes when it is written as it reads.)
            if s.utf8.contains(0x0A) || !lines[index - 1].dropFirst(firstColumn).utf8.starts(with: s.utf8) {
                let quotes: TextOrigins.Quotes = scalar.style == .doubleQuoted ? .double : scalar.style == .singleQuoted ? .single : .none
                return LocatedText(s, at: loc, origins: TextOrigins.match(s, lines: lines, firstLine: index - 1, firstColumn: firstColumn,
                                                                          lineOffset: file.lineOffset, quotes: quotes))
            }
        }
        return LocatedText(s, at: loc)
    }

    /// Digits (after an optional minus) that are a whole number, only too large for one.
    static func isTooLargeWholeNumber(_ s: String) -> Bool {
        let digits = s.hasPrefix("-") ? s.dropFirst() : Substring(s)
        return !digits.isEmpty && digits.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    func int(_ key: String, required: Bool = false) -> Int? {
        guard let s = string(key, required: required) else { return nil }
        guard let n = Int(s) else {
            let tooLarge = YAMLRecord.isTooLargeWholeNumber(s)
            sink.error("yaml-type", at: location(of: key),
                       tooLarge ? "'\(key)' in \(what) is \(s), too large a number" : "'\(key)' in \(what) must be a whole number, found '\(s)'",
                       suggestion: tooLarge ? "write the number it should be" : "write a number such as 1")
            return nil
        }
        return n
    }

    func bool(_ key: String) -> Bool? {
        guard let s = string(key) else { return nil }
        switch s.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            sink.error("yaml-type", at: location(of: key), "'\(key)' must be true or false, found '\(s)'")
            return nil
        }
    }

    /// A date field, `YYYY-MM-DD` (or `YYYY-MM` for a whole month, unless `days`), every loader's one reading of dates:
    /// a text that is no date ("'16/05/2018' is not a date") or a date that does not exist ("'2018-02-30' is not a
    /// date that exists") is an error at the value. `prefix` names what is dated ("release 1.0: "); `forms`, `example`
    /// and `check` give the fix.
    func date(_ key: String, required: Bool = false, days: Bool = false, prefix: String = "",
              forms: String? = nil, example: String = "2016-01-25", check: String = "check the month and the day") -> ContentDate? {
        let forms = forms ?? (days ? "YYYY-MM-DD" : "YYYY-MM-DD, or YYYY-MM for a whole month")
        guard let text = string(key, required: required, hint: days ? "add '\(key): YYYY-MM-DD'" : "add '\(key): YYYY-MM-DD' (or YYYY-MM for a whole month)") else { return nil }
        switch ContentDate.parse(text) {
        case .success(let d) where !days || d.day != nil: return d
        case .success, .failure(.malformed):
            sink.error("bad-date", at: location(of: key), "\(prefix)'\(text)' is not a date", suggestion: "write it as \(forms), e.g. \(example)")
        case .failure(.impossible):
            sink.error("bad-date", at: location(of: key), "\(prefix)'\(text)' is not a date that exists", suggestion: check)
        }
        return nil
    }

    /// An enumerated field: one of `allowed`, or `fallback` when the key is absent. Any other text is an error at the
    /// value ("'repets' is not a type of link; did you mean repeats? write one of ...") and gives nil.
    func choice(_ key: String, of allowed: [String], fallback: String, what: String) -> String? {
        guard let text = string(key) else { return fallback }
        if allowed.contains(text) { return text }
        let list = "write one of " + allowed.joined(separator: ", ")
        sink.error("bad-value", at: location(of: key), "'\(text)' is not \(what)",
                   suggestion: Suggest.didYouMean(text, in: allowed).map { "\($0) \(list)" } ?? list)
        return nil
    }

    /// A scalar or a list of scalars, as texts. An empty entry of a list (`- ` alone, `- ~`, `- ""`) is an error at
    /// the entry, and left out: "`entry` entry is empty; `fix`" (by default "an entry of 'key' ... is empty").
    func strings(_ key: String, entry: String? = nil, fix: String? = nil) -> [String] {
        stringEntries(key, entry: entry, fix: fix).map(\.text)
    }

    /// As `strings`, each text with where it is written (for an error at one entry of a list).
    func stringEntries(_ key: String, entry: String? = nil, fix: String? = nil) -> [(text: String, location: SourceLocation)] {
        guard let node = value(key) else { return [] }
        switch node {
        case .scalar(let s):
            let t = s.string.trimmingWhitespace()
            return t.isEmpty ? [] : [(t, file.location(node))]
        case .sequence(let seq):
            return seq.compactMap { item in
                guard case let .scalar(s) = item else {
                    sink.error("yaml-shape", at: file.location(item), "each entry of '\(key)' in \(what) must be text")
                    return nil
                }
                let t = s.string.trimmingWhitespace()
                if t.isEmpty || (s.style == .plain && (t == "~" || t == "null")) {
                    sink.error("empty-entry", at: file.entryLocation(item), entry.map { "\($0) entry is empty" } ?? "an entry of '\(key)' in \(what) is empty",
                               suggestion: fix ?? "write the \(entry ?? "entry")'s text or remove the line")
                    return nil
                }
                return (t, file.location(item))
            }
        default:
            sink.error("yaml-shape", at: file.location(node), "'\(key)' in \(what) must be text or a list of texts")
            return []
        }
    }

    /// A path `site.yaml` gives, of a file or a folder (`kind`), or of a list of them (`list`): one written with no
    /// path (`progress: ~`, `scorecard: null`, `pages: ""`, `progress:`) is an error at the value, since reading it as
    /// "not given" would make the part it names vanish from the site without a word. Gives the path, or nil.
    func path(_ key: String, kind: String, list: Bool = false, example: String) -> String? {
        guard let node = value(key), case let .scalar(s) = node else { return string(key) }
        let t = s.string.trimmingWhitespaceAndNewlines()
        guard t.isEmpty || (s.style == .plain && (t == "~" || t == "null")) else { return string(key) }
        let written = s.style == .plain && !t.isEmpty ? "'\(t)', which YAML reads as nothing" : "nothing"
        let at = s.style == .plain && t.isEmpty ? pairs.first { $0.key == key }.map { file.location($0.keyNode) } ?? location : file.location(node)
        sink.error("empty-path", at: at, "'\(key)' in \(what) is given \(written), not \(list ? "a list of \(kind)s" : "a \(kind)'s path")",
                   suggestion: list ? "remove the line if there are none, or list the \(kind)s' paths under it, e.g. '  - \(example)'"
                                  : "remove the line if there is none, or give the \(kind)'s path, e.g. '\(key): \(example)'")
        return nil
    }

    /// As `strings`, for a list of files in site.yaml: a file listed twice is an error at the repeat, naming the
    /// first, and is read once (else every item in it would be reported as defined twice, each at itself).
    func files(_ key: String, example: String = "content/file.yaml") -> [String] {
        guard case let .sequence(seq)? = value(key) else {
            guard case .scalar? = value(key) else { return strings(key) }
            return path(key, kind: "file", list: true, example: example).map { [$0] } ?? []
        }
        var first: [String: SourceLocation] = [:]
        var out: [String] = []
        for item in seq {
            guard case let .scalar(s) = item else {
                sink.error("yaml-shape", at: file.location(item), "each entry of '\(key)' in \(what) must be text")
                continue
            }
            let path = s.string.trimmingWhitespace()
            let at = file.location(item)
            if path.isEmpty || (s.style == .plain && (path == "~" || path == "null")) {
                sink.error("empty-entry", at: file.entryLocation(item), "an entry of '\(key)' in \(what) is empty",
                           suggestion: "write the file's path or remove the line")
                continue
            }
            if let earlier = first[path] {
                sink.error("duplicate-file", at: at, "'\(path)' is listed twice under '\(key)' (first at \(earlier.description))",
                           suggestion: "remove this entry: each file is read once")
                continue
            }
            first[path] = at
            out.append(path)
        }
        return out
    }

    /// The location of every scalar under these keys (single values and list entries), by its text (the first, for a text written twice).
    func scalarLocations(_ keys: [String]) -> [String: SourceLocation] {
        var out: [String: SourceLocation] = [:]
        for key in keys {
            guard let node = value(key) else { continue }
            let nodes: [Node]
            if case let .sequence(seq) = node { nodes = Array(seq) } else { nodes = [node] }
            for n in nodes { if case let .scalar(s) = n, out[s.string.trimmingWhitespace()] == nil { out[s.string.trimmingWhitespace()] = file.location(n) } }
        }
        return out
    }

    /// A list of nodes (a single mapping is not accepted as a list).
    func list(_ key: String, required: Bool = false) -> [Node] {
        guard let node = value(key) else {
            if required { missing(key, hint: nil) }
            return []
        }
        if case let .sequence(seq) = node { return Array(seq) }
        if case let .scalar(s) = node, s.string.isEmpty || (s.style == .plain && (s.string == "~" || s.string == "null")) {
            if required { empty(key, hint: "write its entries under '\(key):', each on its own line starting with '- '") }
            return []
        }
        sink.error("yaml-shape", at: file.location(node), "'\(key)' in \(what) must be a list (lines starting with '- ')",
                   suggestion: "write each entry on its own line starting with '- '")
        return []
    }

    func record(_ key: String, what: String, allowed: [String]) -> YAMLRecord? {
        guard let node = value(key) else { return nil }
        return file.record(node, what: what, allowed: allowed)
    }

    private func missing(_ key: String, hint: String?) {
        sink.error("missing-field", at: location, "\(what) has no '\(key)'", suggestion: hint ?? "add '\(key): ...'")
    }

    /// A required key written with nothing after it (`title:`, `title: ~`, `title: ""`): reported at the key.
    private func empty(_ key: String, hint: String?) {
        let at = pairs.first { $0.key == key }.map { file.location($0.keyNode) } ?? location
        sink.error("missing-field", at: at, "'\(key)' in \(what) is empty", suggestion: hint ?? "write the \(key) after '\(key):'")
    }
}

/// Matches a YAML scalar's text to the lines it is written on, for a text whose lines are not its file's lines
/// one for one from where it starts (a folded or multi-line plain or quoted scalar, whose lines YAML joins with
/// spaces, a blank line giving a line break; a block that starts with a blank line; a quoted text with escapes such
/// as `\"` or `''`): each run of the text that a line holds as written, with where it is. Matching stops at the
/// first place the text is not written as it reads: places after it are counted from the last run matched.
/// `firstColumn`: where the text starts on its first line (nil: after the line's indentation).
enum TextOrigins {
    enum Quotes { case none, single, double }

    /// `whole`: nil unless every line of the text is matched (a literal block, whose lines are otherwise placed one
    /// for one).
    static func match(_ text: String, lines: YAMLFile.Lines, firstLine: Int, firstColumn: Int?, lineOffset: Int, quotes: Quotes = .none,
                      whole: Bool = false) -> [TextOrigin]? {
        let textLines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        var origins: [TextOrigin] = []
        var tl = 0, tc = 0, si = firstLine
        var start: Int? = firstColumn
        var complete = false
        // The last line ended with an escaped line break (`\` at its end, in double quotes): the text runs on with no
        // space between, so the next line's spaces are the text's own (written as escapes such as `\ `).
        var escapedBreak = false
        func here(_ c: Int) { origins.append(TextOrigin(textLine: tl + 1, textColumn: tc + 1, line: si + 1 + lineOffset, column: c + 1)) }
        outer: while tl < textLines.count, si < lines.count {
            var t = textLines[tl]
            if tc >= t.count, tl + 1 < textLines.count { tl += 1; tc = 0; continue }
            let source = Array(lines[si])
            var c = min(start ?? 0, source.count)
            let first = start != nil
            start = nil
            if !first { while c < source.count, source[c] == " " || source[c] == "\t" { c += 1 } }
            guard c < source.count else { si += 1; continue }   // a blank line: a line break of the text, passed above
            // The spaces YAML put between two joined lines, or kept at a more-indented line's start.
            if !escapedBreak { while tc < t.count, t[tc] == " " || t[tc] == "\t", source[c] != t[tc] { tc += 1 } }
            escapedBreak = false
            let from = c
            here(c)
            while c < source.count, tc < t.count || (quotes == .double && tl + 1 < textLines.count) {
                if quotes == .double, source[c] == "\\" {
                    // An escaped line break: the text runs on from the next line.
                    guard c + 1 < source.count else { escapedBreak = true; break }
                    let e = source[c + 1]
                    c += e == "x" ? 4 : e == "u" ? 6 : e == "U" ? 10 : 2   // \xHH, \uHHHH, \UHHHHHHHH, or \n, \", \\ ...
                    if e == "n", tc >= t.count, tl + 1 < textLines.count {
                        // `\n` ends the text's line; the next one goes on from here, on this line of the file.
                        tl += 1; tc = 0; t = textLines[tl]
                    } else {
                        tc += 1
                    }
                    here(c)
                } else if tc >= t.count {
                    break
                } else if source[c] == t[tc] {
                    c += 1; tc += 1
                } else if quotes == .single, source[c] == "'", c > from, source[c - 1] == "'" {
                    c += 1   // '' is one quote
                    here(c)
                } else {
                    break
                }
            }
            guard c > from else { origins.removeLast(); break outer }
            si += 1
            if tc >= t.count, tl + 1 == textLines.count { complete = true; break }
        }
        return origins.isEmpty || (whole && !complete) ? nil : origins
    }
}
