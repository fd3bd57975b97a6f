// PlanRendering/CompiledTemplates: renders the theme's Mustache templates fast.
// swift-mustache reads and checks every template (its errors name the line and
// column); this file compiles the same text once into a tree of nodes, with
// each tag's name already split into its parts and each part numbered, and
// renders that tree straight into one output buffer, asking each view model for
// a field by its number (`TemplateFields`, generated with `child(named:)` by
// scripts/gen-view-fields.py; a view given as a dictionary is asked by name).
// It follows swift-mustache's rules exactly,
// including its whitespace rules for tags alone on a line; a test renders every
// page of the real plan both ways and compares the bytes. It covers the
// Mustache a theme needs (variables, sections, inverted sections, comments,
// partials); a template that uses more (set delimiters, lambdas, transforms,
// inheritance) makes the renderer fall back to swift-mustache for the theme.

import Foundation
import Markdown
import Mustache

/// A template compiled for rendering.
struct CompiledTemplate {
    enum Node {   // (not indirect: a section's body is an array, already held apart)
        case text(String)
        case variable(path: [TemplateName], escaped: Bool)
        case section(path: [TemplateName], inverted: Bool, body: [Node])
        case partial(name: String, indentation: String?)
    }

    let nodes: [Node]

    /// Why a template cannot be compiled: it uses something this renderer leaves to swift-mustache.
    struct Unsupported: Error {}

    init(_ text: String) throws {
        var parser = Parser(Array(text))
        nodes = try parser.parse(sectionName: nil, newLine: true)
        guard parser.atEnd else { throw Unsupported() }
    }

    /// A Mustache parser with swift-mustache's rules for whitespace and lines alone.
    struct Parser {
        let c: [Character]
        var i = 0
        init(_ c: [Character]) { self.c = c }

        var atEnd: Bool { i >= c.count }

        static let nameCharacters = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*")
        static let partialNameCharacters = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*/")

        func starts(_ s: String, at position: Int) -> Bool {
            var j = position
            for ch in s {
                guard j < c.count, c[j] == ch else { return false }
                j += 1
            }
            return true
        }

        mutating func read(while allowed: (Character) -> Bool) -> String {
            let start = i
            while i < c.count, allowed(c[i]) { i += 1 }
            return String(c[start..<i])
        }

        /// Text up to the next newline (not consumed) or tag opening (consumed), and which of the two ended it.
        mutating func readText() -> (text: String, atTag: Bool) {
            var text = ""
            while i < c.count {
                if c[i].isNewline { return (text, false) }
                if c[i] == "{", starts("{{", at: i) {
                    i += 2
                    return (text, true)
                }
                text.append(c[i])
                i += 1
            }
            return (text, false)
        }

        /// Spaces and tabs, then a newline (consumed) or the end: the tag was alone on its line.
        mutating func lineFinished() -> Bool {
            if atEnd { return true }
            var j = i
            while j < c.count, c[j] == " " || c[j] == "\t" { j += 1 }
            guard j < c.count, c[j].isNewline else { return false }
            i = j + 1
            return true
        }

        mutating func name(characters: Set<Character>) throws -> String {
            _ = read { $0.isWhitespace }
            let text = read { characters.contains($0) }
            _ = read { $0.isWhitespace }
            guard starts("}}", at: i) else { throw Unsupported() }   // a transform, or a malformed tag
            i += 2
            return text
        }

        static func path(_ name: String) -> [TemplateName] {
            (name == "." ? ["."] : name.split(separator: ".").map(String.init)).map(TemplateName.init)
        }

        mutating func parse(sectionName: String?, newLine startsOnNewLine: Bool) throws -> [Node] {
            var nodes: [Node] = []
            var newLine = startsOnNewLine
            var whiteSpaceBefore = ""
            while !atEnd {
                if newLine { whiteSpaceBefore = read { $0 == " " || $0 == "\t" } }
                let (text, atTag) = readText()
                if !atTag, i < c.count {
                    // A line of text, with its newline.
                    nodes.append(.text(whiteSpaceBefore + text + String(c[i])))
                    newLine = true
                    i += 1
                    continue
                }
                if !text.isEmpty {
                    nodes.append(.text(whiteSpaceBefore + text))
                    whiteSpaceBefore = ""
                    newLine = false
                }
                if !atTag { break }   // the end of the template
                guard !atEnd else { throw Unsupported() }
                var setNewLine = false
                switch c[i] {
                case "#", "^":
                    let inverted = c[i] == "^"
                    i += 1
                    let name = try name(characters: Self.nameCharacters)
                    if newLine && lineFinished() {
                        setNewLine = true
                    } else if !whiteSpaceBefore.isEmpty {
                        nodes.append(.text(whiteSpaceBefore))
                        whiteSpaceBefore = ""
                    }
                    let body = try parse(sectionName: name, newLine: setNewLine)
                    nodes.append(.section(path: Self.path(name), inverted: inverted, body: body))
                case "/":
                    i += 1
                    let name = try name(characters: Self.nameCharacters)
                    guard name == sectionName else { throw Unsupported() }
                    if newLine && lineFinished() {
                        // alone on its line: the line goes
                    } else if !whiteSpaceBefore.isEmpty {
                        nodes.append(.text(whiteSpaceBefore))
                    }
                    return nodes
                case "!":
                    i += 1
                    while !atEnd, !starts("}}", at: i) { i += 1 }
                    guard !atEnd else { throw Unsupported() }
                    i += 2
                    setNewLine = newLine && lineFinished()
                case "{", "&":
                    let triple = c[i] == "{"
                    if !whiteSpaceBefore.isEmpty {
                        nodes.append(.text(whiteSpaceBefore))
                        whiteSpaceBefore = ""
                    }
                    i += 1
                    let name = try name(characters: Self.nameCharacters)
                    if triple {
                        guard i < c.count, c[i] == "}" else { throw Unsupported() }
                        i += 1
                    }
                    nodes.append(.variable(path: Self.path(name), escaped: false))
                case ">":
                    i += 1
                    _ = read { $0.isWhitespace }
                    guard i < c.count, c[i] != "*" else { throw Unsupported() }
                    let name = try name(characters: Self.partialNameCharacters)
                    if !whiteSpaceBefore.isEmpty { nodes.append(.text(whiteSpaceBefore)) }
                    if newLine && lineFinished() {
                        setNewLine = true
                        nodes.append(.partial(name: name, indentation: whiteSpaceBefore))
                    } else {
                        nodes.append(.partial(name: name, indentation: nil))
                    }
                    whiteSpaceBefore = ""
                case "<", "$", "=", "%":
                    throw Unsupported()
                default:
                    if !whiteSpaceBefore.isEmpty {
                        nodes.append(.text(whiteSpaceBefore))
                        whiteSpaceBefore = ""
                    }
                    let name = try name(characters: Self.nameCharacters)
                    nodes.append(.variable(path: Self.path(name), escaped: true))
                }
                newLine = setNewLine
            }
            guard sectionName == nil else { throw Unsupported() }
            return nodes
        }
    }
}

/// A sequence a section repeats over.
protocol TemplateSequence {
    var templateIsEmpty: Bool { get }
    func templateForEach(_ body: (Any) -> Void)
}

extension Array: TemplateSequence {
    var templateIsEmpty: Bool { isEmpty }
    func templateForEach(_ body: (Any) -> Void) { for element in self { body(element) } }
}

/// A tag's name, or one part of a dotted name, with the number of that field name among the view models'
/// (`TemplateNames`, generated), found once as the template is compiled; -1 when no view model has the field.
struct TemplateName {
    let name: String
    let number: Int
    /// "." (the current object), known once rather than compared at each lookup.
    let isDot: Bool
    init(_ name: String) {
        self.name = name
        number = TemplateNames.numbers[name] ?? -1
        isDot = name == "."
    }
}

/// A view model that answers a field by its number (ViewFields.generated.swift), with the value sorted by kind:
/// what rendering does with a text, a yes/no, a list or a view needs no dynamic cast.
protocol TemplateFields {
    func templateField(_ number: Int) -> TemplateField
    /// `first.next` (a dotted name of two parts), or nil when this view has no `first` (the name is then looked for
    /// further down the stack). A view field's own field is read in place (generated), not through a copy of the
    /// view boxed as a `TemplateFields`.
    func templateField(_ first: Int, then next: TemplateName) -> TemplateField?
}

extension TemplateFields {
    func templateField(_ first: Int, then next: TemplateName) -> TemplateField? { templateFieldThen(first, next) }

    /// `first.next` read through the value of `first`, as `lookUp` reads a longer dotted name.
    func templateFieldThen(_ first: Int, _ next: TemplateName) -> TemplateField? {
        switch templateField(first) {
        case .missing: return nil
        case .object(let object): return object.templateField(next.number)
        case .other(let value): return TemplateFrame(value).field(next)
        default: return .missing
        }
    }
}

/// A field's value as `TemplateFields` gives it. `missing` is what swift-mustache's `child(named:)` gives as nil
/// (no such field, or an optional that is nil): the name is then looked for further down the context stack.
enum TemplateField {
    case missing
    case text(String)
    case bool(Bool)
    case object(TemplateFields)
    case list(TemplateList)
    /// Anything else (a number, a dictionary, a list of dictionaries): handled as swift-mustache handles it.
    case other(Any)

    static func views<T: TemplateFields>(_ array: [T]) -> TemplateField { .list(TemplateViews(array: array)) }
    static func values<T>(_ array: [T]) -> TemplateField { .list(TemplateValues(array: array)) }

    /// The value as `child(named:)` gives it.
    var value: Any? {
        switch self {
        case .missing: return nil
        case .text(let s): return s
        case .bool(let b): return b
        case .object(let o): return o
        case .list(let l): return l.value
        case .other(let v): return v
        }
    }
}

/// A list of a view model's: its elements become frames of the context stack without dynamic casts where their
/// type is known.
protocol TemplateList {
    var isEmpty: Bool { get }
    var value: Any { get }
    func forEachFrame(_ body: (TemplateFrame) -> Void)
}

struct TemplateViews<T: TemplateFields>: TemplateList {
    let array: [T]
    var isEmpty: Bool { array.isEmpty }
    var value: Any { array }
    func forEachFrame(_ body: (TemplateFrame) -> Void) { for element in array { body(.fields(element)) } }
}

struct TemplateValues<T>: TemplateList {
    let array: [T]
    var isEmpty: Bool { array.isEmpty }
    var value: Any { array }
    func forEachFrame(_ body: (TemplateFrame) -> Void) { for element in array { body(TemplateFrame(element)) } }
}

/// An object on the context stack, sorted once, as it is pushed, by how its fields are found.
enum TemplateFrame {
    /// A view model: fields by number.
    case fields(TemplateFields)
    /// A view given as a dictionary: found with a cast to that one type (cheap, where the cast to MustacheParent,
    /// a conditional conformance of Dictionary, is looked up each time).
    case dictionary([String: Any])
    /// Any other parent: fields by name.
    case parent(MustacheParent, Any)
    /// A value without fields (a text in a list, a number).
    case value(Any)

    init(_ value: Any) {
        if let text = value as? String { self = .value(text) }
        else if let dictionary = value as? [String: Any] { self = .dictionary(dictionary) }
        else if let fields = value as? TemplateFields { self = .fields(fields) }
        else if let parent = value as? MustacheParent { self = .parent(parent, value) }
        else { self = .value(value) }
    }

    /// What `name` is in this frame's object (as swift-mustache's `child(named:)`; a dictionary's is `self[name]`).
    func field(_ name: TemplateName) -> TemplateField {
        switch self {
        case .fields(let fields): return fields.templateField(name.number)
        case .dictionary(let dictionary): return dictionary[name.name].map(TemplateField.other) ?? .missing
        case .parent(let parent, _): return parent.child(named: name.name).map(TemplateField.other) ?? .missing
        case .value: return .missing
        }
    }

    /// The object itself ("." in a template).
    var value: Any {
        switch self {
        case .fields(let fields): return fields
        case .dictionary(let dictionary): return dictionary
        case .parent(_, let value), .value(let value): return value
        }
    }
}

/// A value stored in an `Any` that is itself an optional.
private protocol TemplateOptional {
    var templateWrapped: Any? { get }
}

extension Optional: TemplateOptional {
    var templateWrapped: Any? { self }
}

/// The first partial that went deeper than `CompiledLibrary.maxPartialDepth`, if any. Thread-safe.
final class PartialOverflow: @unchecked Sendable {
    private let lock = NSLock()
    private var first: String?
    func note(_ name: String) { lock.withLock { if first == nil { first = name } } }
    func reset() { lock.withLock { first = nil } }
    var partial: String? { lock.withLock { first } }
}

/// Renders compiled templates against view models.
struct CompiledLibrary {
    let templates: [String: CompiledTemplate]
    /// Partials inside partials deeper than this stop (a section that includes its own template over a value that
    /// never ends: `{{#title}}{{> page}}{{/title}}`), and `overflow` says where, for the build to report.
    static let maxPartialDepth = 64
    let overflow = PartialOverflow()

    /// Compiles every template, or nil when one uses what only swift-mustache renders.
    init?(_ sources: [String: String]) {
        var templates: [String: CompiledTemplate] = [:]
        for (name, text) in sources {
            guard let compiled = try? CompiledTemplate(text) else { return nil }
            templates[name] = compiled
        }
        self.templates = templates
    }

    /// `capacity`: the bytes the caller expects (the layout knows its page's content), reserved at once so that the
    /// text is not copied each time it outgrows its storage.
    func render(_ object: Any, _ name: String, capacity: Int = 0) -> String? {
        render(TemplateFrame(object), name, capacity: capacity)
    }

    /// A view model known as one: its frame made without a cast.
    func render(_ object: some TemplateFields, _ name: String, capacity: Int = 0) -> String? {
        render(.fields(object), name, capacity: capacity)
    }

    /// A view model whose template has runs of nodes that read only `runs.fields` (fields the same for every view
    /// with the same `key`): each such run is rendered once per key and its text copied after (InvariantRuns).
    func render(_ object: some TemplateFields, _ name: String, capacity: Int, runs: InvariantRuns, key: String) -> String? {
        guard let template = templates[name] else { return nil }
        let segments = runs.segments(of: name, template)
        var known = runs.texts(of: name, key: key, count: segments.count)
        var made = false
        var out = ""
        out.reserveCapacity(capacity)
        var stack: [TemplateFrame] = [.fields(object)]
        stack.reserveCapacity(8)
        for (index, segment) in segments.enumerated() {
            guard segment.invariant else {
                for node in template.nodes[segment.nodes] { render(node, stack: &stack, indentation: nil, depth: 0, into: &out) }
                continue
            }
            if let text = known[index] { out += text; continue }
            var text = ""
            for node in template.nodes[segment.nodes] { render(node, stack: &stack, indentation: nil, depth: 0, into: &text) }
            known[index] = text
            made = true
            out += text
        }
        if made { runs.store(known, of: name, key: key) }
        return out
    }

    private func render(_ frame: TemplateFrame, _ name: String, capacity: Int) -> String? {
        guard let template = templates[name] else { return nil }
        var out = ""
        out.reserveCapacity(capacity)
        var stack: [TemplateFrame] = [frame]
        stack.reserveCapacity(8)
        render(template.nodes, stack: &stack, indentation: nil, depth: 0, into: &out)
        return out
    }

    private func render(_ nodes: [CompiledTemplate.Node], stack: inout [TemplateFrame], indentation: String?, depth: Int, into out: inout String) {
        guard let indentation, !indentation.isEmpty else {
            for node in nodes { render(node, stack: &stack, indentation: indentation, depth: depth, into: &out) }
            return
        }
        // As swift-mustache: in an indented partial, a piece that starts after a newline starts indented.
        var piece = ""
        var local = ""
        for node in nodes {
            piece.removeAll(keepingCapacity: true)
            render(node, stack: &stack, indentation: indentation, depth: depth, into: &piece)
            if !piece.isEmpty, local.last == "\n" { local += indentation }
            local += piece
        }
        out += local
    }

    private func render(_ node: CompiledTemplate.Node, stack: inout [TemplateFrame], indentation: String?, depth: Int, into out: inout String) {
        switch node {
        case .text(let text):
            out += text
        case .variable(let path, let escaped):
            let text: String
            switch lookUp(path, in: stack) {
            case .missing: return
            case .text(let s): text = s
            case let found: text = found.value.map { $0 as? String ?? String(describing: Self.unwrappedOnce($0)) } ?? ""
            }
            if escaped { Self.escape(text, into: &out) } else { out += text }
        case .section(let path, let inverted, let body):
            let field = lookUp(path, in: stack)
            // What the view models give, by kind; anything else as swift-mustache takes it.
            switch field {
            case .missing:
                if inverted { render(body, stack: &stack, indentation: indentation, depth: depth, into: &out) }
                return
            case .bool(let bool):
                if bool != inverted { render(body, stack: &stack, indentation: indentation, depth: depth, into: &out) }
                return
            case .text(let text):
                if !inverted { push(.value(text), body, &stack, indentation, depth, &out) }
                return
            case .object(let object):
                if !inverted { push(.fields(object), body, &stack, indentation, depth, &out) }
                return
            case .list(let list):
                if !inverted {
                    list.forEachFrame { push($0, body, &stack, indentation, depth, &out) }
                } else if list.isEmpty {
                    push(TemplateFrame(list.value), body, &stack, indentation, depth, &out)
                }
                return
            case .other:
                break
            }
            let value = field.value
            if inverted {
                // Bool first: a cast to a concrete type is cheap, one to a protocol (a sequence) is looked up.
                switch value {
                case let bool as Bool:
                    if !bool { render(body, stack: &stack, indentation: indentation, depth: depth, into: &out) }
                case let sequence as TemplateSequence:
                    if sequence.templateIsEmpty { push(TemplateFrame(sequence), body, &stack, indentation, depth, &out) }
                case .some:
                    break
                case .none:
                    render(body, stack: &stack, indentation: indentation, depth: depth, into: &out)
                }
            } else {
                switch value {
                case let bool as Bool:
                    if bool { render(body, stack: &stack, indentation: indentation, depth: depth, into: &out) }
                case let sequence as TemplateSequence:
                    sequence.templateForEach { element in push(TemplateFrame(element), body, &stack, indentation, depth, &out) }
                case .some(let object):
                    push(TemplateFrame(object), body, &stack, indentation, depth, &out)
                case .none:
                    break
                }
            }
        case .partial(let name, let indented):
            guard let template = templates[name] else { return }
            guard depth < Self.maxPartialDepth else { overflow.note(name); return }
            let combined: String? = indented.map { (indentation ?? "") + $0 } ?? indentation
            // Without indentation a partial's text goes straight into the output (indented, it is put together on its own).
            render(template.nodes, stack: &stack, indentation: combined, depth: depth + 1, into: &out)
        }
    }

    private func push(_ frame: TemplateFrame, _ body: [CompiledTemplate.Node], _ stack: inout [TemplateFrame], _ indentation: String?, _ depth: Int, _ out: inout String) {
        stack.append(frame)
        render(body, stack: &stack, indentation: indentation, depth: depth, into: &out)
        stack.removeLast()
    }

    /// swift-mustache's lookup: "." is the current object; otherwise the first part is looked for from the top of
    /// the stack down, and the other parts in what it finds.
    private func lookUp(_ path: [TemplateName], in stack: [TemplateFrame]) -> TemplateField {
        guard let first = path.first else { return .missing }
        if first.isDot { return stack.last.map { .other($0.value) } ?? .missing }
        var level = stack.count - 1
        while level >= 0 {
            defer { level -= 1 }
            if path.count == 2, case .fields(let fields) = stack[level] {
                guard let found = fields.templateField(first.number, then: path[1]) else { continue }
                return found
            }
            let top = stack[level].field(first)
            if case .missing = top { continue }
            var found = top
            var part = 1
            while part < path.count {
                switch found {
                case .object(let object): found = object.templateField(path[part].number)
                case .other(let value): found = TemplateFrame(value).field(path[part])
                default: found = .missing
                }
                if case .missing = found { return .missing }
                part += 1
            }
            return found
        }
        return .missing
    }

    /// An optional stored in an `Any`, unwrapped once (as swift-mustache prints values).
    private static func unwrappedOnce(_ value: Any) -> Any {
        guard let optional = value as? TemplateOptional else { return value }
        return optional.templateWrapped ?? value
    }

    /// HTML escaping as swift-mustache does it (& < > " and ', as `HTML.escape`); text without them is copied as it is.
    static func escape(_ text: String, into out: inout String) {
        var text = text
        out += text.withUTF8(hasSpecialByte) ? HTML.escape(text) : text
    }

    /// & " ' < and >: all below 0x40, so one test of a 64-bit mask each.
    private static let specialBytes: UInt64 = 1 << 0x26 | 1 << 0x22 | 1 << 0x27 | 1 << 0x3C | 1 << 0x3E

    private static func hasSpecialByte(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = UnsafeRawPointer(bytes.baseAddress) else { return false }
        // Eight bytes at a time: whether any of them is one of the five (a byte equal to b leaves a zero byte in
        // x ^ b·0x01…01, which the classic test finds without missing one).
        @inline(__always) func has(_ x: UInt64, _ b: UInt64) -> Bool {
            let y = x ^ (0x0101_0101_0101_0101 &* b)
            return (y &- 0x0101_0101_0101_0101) & ~y & 0x8080_8080_8080_8080 != 0
        }
        var i = 0
        while i + 8 <= bytes.count {
            let x = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if has(x, 0x26) || has(x, 0x22) || has(x, 0x27) || has(x, 0x3C) || has(x, 0x3E) { return true }
            i += 8
        }
        while i < bytes.count {
            let byte = bytes[i]
            if byte < 0x40 && specialBytes >> UInt64(byte) & 1 != 0 { return true }
            i += 1
        }
        return false
    }
}

/// The runs of a template's top-level nodes that read only fields the same for every view with the same key (for the
/// layout: the site, and the links made from the page's depth), and their text for each key once rendered. Such a
/// run's text is the same for every view with that key: each name in it is one of those fields, or is found in a
/// section's value, itself one of them. A partial ends a run. Made afresh for each build (the site can change between
/// builds in `plansite serve`); thread-safe.
final class InvariantRuns: @unchecked Sendable {
    struct Segment {
        let nodes: Range<Int>
        let invariant: Bool
    }

    let fields: Set<String>
    private let lock = NSLock()
    private var segmented: [String: [Segment]] = [:]
    private var rendered: [String: [String?]] = [:]

    init(fields: Set<String>) { self.fields = fields }

    func segments(of name: String, _ template: CompiledTemplate) -> [Segment] {
        if let known = lock.withLock({ segmented[name] }) { return known }
        var segments: [Segment] = []
        for (i, node) in template.nodes.enumerated() {
            let invariant = reads(node)
            if let last = segments.last, last.invariant == invariant {
                segments[segments.count - 1] = Segment(nodes: last.nodes.lowerBound..<(i + 1), invariant: invariant)
            } else {
                segments.append(Segment(nodes: i..<(i + 1), invariant: invariant))
            }
        }
        lock.withLock { segmented[name] = segments }
        return segments
    }

    /// Whether the node reads only the invariant fields (a dotted name by its first part).
    func reads(_ node: CompiledTemplate.Node) -> Bool {
        func invariant(_ path: [TemplateName]) -> Bool { path.first.map { $0.name != "." && fields.contains($0.name) } ?? false }
        switch node {
        case .text: return true
        case .variable(let path, _): return invariant(path)
        case .section(let path, _, let body): return invariant(path) && body.allSatisfy(reads)
        case .partial: return false
        }
    }

    func texts(of name: String, key: String, count: Int) -> [String?] {
        lock.withLock { rendered[name + "\u{0}" + key] } ?? Array(repeating: nil, count: count)
    }

    func store(_ texts: [String?], of name: String, key: String) {
        lock.withLock { rendered[name + "\u{0}" + key] = texts }
    }
}
