// PlanRendering/CompiledTemplates: renders the theme's Mustache templates fast.
// swift-mustache reads and checks every template (its errors name the line and
// column); this file compiles the same text once into a tree of nodes, with
// each tag's name already split into its parts, and renders that tree straight
// into one output buffer, asking each view model for a value by name
// (`MustacheParent.child(named:)`). It follows swift-mustache's rules exactly,
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
    indirect enum Node {
        case text(String)
        case variable(path: [String], escaped: Bool)
        case section(path: [String], inverted: Bool, body: [Node])
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

        static func path(_ name: String) -> [String] {
            name == "." ? ["."] : name.split(separator: ".").map(String.init)
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

/// An object on the context stack, with its fields (when it has any) found once, as it is pushed.
struct TemplateFrame {
    let value: Any
    let parent: MustacheParent?
    /// A view given as a dictionary, found with a cast to that one type: cheap, where the cast to MustacheParent
    /// (a conditional conformance of Dictionary) is looked up each time, which took a fifth of rendering.
    let dictionary: [String: Any]?
    init(_ value: Any) {
        self.value = value
        if let dictionary = value as? [String: Any] {
            self.dictionary = dictionary
            self.parent = nil
        } else {
            self.dictionary = nil
            self.parent = value as? MustacheParent
        }
    }

    /// What `name` is in this frame's object (as swift-mustache's `child(named:)`; a dictionary's is `self[name]`),
    /// or nil when the object has no such field or is not a parent.
    func child(named name: String) -> Any? {
        if let dictionary { return dictionary[name] }
        return parent?.child(named: name)
    }

    /// Whether the object answers names at all.
    var isParent: Bool { dictionary != nil || parent != nil }
}

/// A value stored in an `Any` that is itself an optional.
private protocol TemplateOptional {
    var templateWrapped: Any? { get }
}

extension Optional: TemplateOptional {
    var templateWrapped: Any? { self }
}

/// Renders compiled templates against view models.
struct CompiledLibrary {
    let templates: [String: CompiledTemplate]

    /// Compiles every template, or nil when one uses what only swift-mustache renders.
    init?(_ sources: [String: String]) {
        var templates: [String: CompiledTemplate] = [:]
        for (name, text) in sources {
            guard let compiled = try? CompiledTemplate(text) else { return nil }
            templates[name] = compiled
        }
        self.templates = templates
    }

    func render(_ object: Any, _ name: String) -> String? {
        guard let template = templates[name] else { return nil }
        var out = ""
        var stack: [TemplateFrame] = [TemplateFrame(object)]
        render(template.nodes, stack: &stack, indentation: nil, into: &out)
        return out
    }

    private func render(_ nodes: [CompiledTemplate.Node], stack: inout [TemplateFrame], indentation: String?, into out: inout String) {
        guard let indentation, !indentation.isEmpty else {
            for node in nodes { render(node, stack: &stack, indentation: indentation, into: &out) }
            return
        }
        // As swift-mustache: in an indented partial, a piece that starts after a newline starts indented.
        var piece = ""
        var local = ""
        for node in nodes {
            piece.removeAll(keepingCapacity: true)
            render(node, stack: &stack, indentation: indentation, into: &piece)
            if !piece.isEmpty, local.last == "\n" { local += indentation }
            local += piece
        }
        out += local
    }

    private func render(_ node: CompiledTemplate.Node, stack: inout [TemplateFrame], indentation: String?, into out: inout String) {
        switch node {
        case .text(let text):
            out += text
        case .variable(let path, let escaped):
            guard let value = lookUp(path, in: stack) else { return }
            let text = value as? String ?? String(describing: Self.unwrappedOnce(value))
            if escaped { Self.escape(text, into: &out) } else { out += text }
        case .section(let path, let inverted, let body):
            let value = lookUp(path, in: stack)
            if inverted {
                // Bool first: a cast to a concrete type is cheap, one to a protocol (a sequence) is looked up.
                switch value {
                case let bool as Bool:
                    if !bool { render(body, stack: &stack, indentation: indentation, into: &out) }
                case let sequence as TemplateSequence:
                    if sequence.templateIsEmpty { push(sequence, body, &stack, indentation, &out) }
                case .some:
                    break
                case .none:
                    render(body, stack: &stack, indentation: indentation, into: &out)
                }
            } else {
                switch value {
                case let bool as Bool:
                    if bool { render(body, stack: &stack, indentation: indentation, into: &out) }
                case let sequence as TemplateSequence:
                    sequence.templateForEach { element in push(element, body, &stack, indentation, &out) }
                case .some(let object):
                    push(object, body, &stack, indentation, &out)
                case .none:
                    break
                }
            }
        case .partial(let name, let indented):
            guard let template = templates[name] else { return }
            let combined: String? = indented.map { (indentation ?? "") + $0 } ?? indentation
            // Without indentation a partial's text goes straight into the output (indented, it is put together on its own).
            render(template.nodes, stack: &stack, indentation: combined, into: &out)
        }
    }

    private func push(_ object: Any, _ body: [CompiledTemplate.Node], _ stack: inout [TemplateFrame], _ indentation: String?, _ out: inout String) {
        stack.append(TemplateFrame(object))
        render(body, stack: &stack, indentation: indentation, into: &out)
        stack.removeLast()
    }

    /// swift-mustache's lookup: "." is the current object; otherwise the first part is looked for from the top of
    /// the stack down, and the other parts in what it finds.
    private func lookUp(_ path: [String], in stack: [TemplateFrame]) -> Any? {
        guard let first = path.first else { return nil }
        if first == "." { return stack.last?.value }
        var level = stack.count - 1
        while level >= 0 {
            defer { level -= 1 }
            guard stack[level].isParent, let top = stack[level].child(named: first) else { continue }
            var found = top
            var part = 1
            while part < path.count {
                guard let next = TemplateFrame(found).child(named: path[part]) else { return nil }
                found = next
                part += 1
            }
            return found
        }
        return nil
    }

    /// An optional stored in an `Any`, unwrapped once (as swift-mustache prints values).
    private static func unwrappedOnce(_ value: Any) -> Any {
        guard let optional = value as? TemplateOptional else { return value }
        return optional.templateWrapped ?? value
    }

    /// HTML escaping as swift-mustache does it (& < > " and ', as `HTML.escape`); text without them is copied as it is.
    static func escape(_ text: String, into out: inout String) {
        var text = text
        let special = text.withUTF8 { bytes in bytes.contains { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 } }
        out += special ? HTML.escape(text) : text
    }
}
