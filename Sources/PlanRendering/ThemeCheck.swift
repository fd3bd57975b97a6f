// PlanRendering/ThemeCheck: the checks of a site's own templates before any
// page is rendered, reported as located diagnostics like the content's: a tag
// or section that is not closed, a partial the theme does not have (it would
// render nothing, and a page would lose what it held without a word), a
// partial that includes itself outside any section (rendering it would never
// end), and a template file no page uses (a misspelt file name).

import Foundation
import Mustache
import PlanModel

extension Theme {
    /// The problems of the templates the site overrides or adds (the built-in ones are the tool's, and tested).
    public func templateProblems() -> [Diagnostic] {
        // Only the site's own templates can be wrong: the default theme's are checked by the tests.
        guard !sources.isEmpty else { return [] }
        var problems: [Diagnostic] = []
        var scanned: [String: TemplateScan] = [:]
        for (name, path) in sources.sorted(by: { $0.key < $1.key }) {
            guard let text = templates[name] else { continue }
            if Theme.builtIn.templates[name] != nil, text.allSatisfy(\.isWhitespace) {
                problems.append(.error("template-empty", at: SourceLocation(file: path), "this template is empty, so what the default theme's '\(name)' makes would be empty",
                                       suggestion: "copy the default theme's \(name).mustache and change what you need, or remove this file to use the default"))
                continue
            }
            let scan = TemplateScan(text)
            if let problem = scan.problem {
                problems.append(.error("template-syntax", at: SourceLocation(file: path, line: problem.line, column: problem.column),
                                       problem.message, suggestion: problem.suggestion))
                continue
            }
            // What swift-mustache refuses that the scan let through (a malformed tag of a kind the scan does not read).
            do {
                _ = try MustacheTemplate(string: text)
            } catch let error as MustacheTemplate.ParserError {
                problems.append(.error("template-syntax", at: SourceLocation(file: path, line: error.context.lineNumber, column: error.context.columnNumber),
                                       "the template cannot be read here (\(Self.words(error.error)))",
                                       suggestion: "check the tag here against the Mustache rules: {{name}}, {{#section}}…{{/section}}, {{^inverted}}…{{/inverted}}, {{> partial}}, {{! comment}}"))
                continue
            } catch {
                problems.append(.error("template-syntax", at: SourceLocation(file: path), "the template cannot be read (\(error))"))
                continue
            }
            scanned[name] = scan
        }
        let names = templates.keys.sorted()
        // Partials: each must be a template of the theme.
        for (name, scan) in scanned.sorted(by: { $0.key < $1.key }) {
            let path = sources[name]!
            for partial in scan.partials where templates[partial.name] == nil {
                problems.append(.error("template-partial", at: SourceLocation(file: path, line: partial.line, column: partial.column),
                                       "there is no template '\(partial.name)' for this partial to include, so it would include nothing",
                                       suggestion: Suggest.didYouMean(partial.name, in: names) ?? "name one of the theme's templates (\(names.joined(separator: ", "))), or add themes/…/templates/\(partial.name).mustache"))
            }
        }
        // A partial outside any section that leads back to its own template: rendering it would never end.
        func unconditional(_ name: String) -> [String] {
            if let scan = scanned[name] { return scan.partials.filter { !$0.inSection }.map(\.name) }
            if sources[name] != nil { return [] }   // a template that could not be read is reported above
            return templates[name].map { TemplateScan($0).partials.filter { !$0.inSection }.map(\.name) } ?? []
        }
        for (name, scan) in scanned.sorted(by: { $0.key < $1.key }) {
            for partial in scan.partials where !partial.inSection && templates[partial.name] != nil {
                guard let cycle = Self.path(from: partial.name, to: name, edges: unconditional) else { continue }
                let chain = ([name] + cycle).map { "'\($0)'" }.joined(separator: " → ")
                problems.append(.error("template-recursion", at: SourceLocation(file: sources[name]!, line: partial.line, column: partial.column),
                                       "this partial includes '\(name)' in itself (\(chain)) outside any section, so rendering it would never end",
                                       suggestion: "remove it, or put it inside a section over something that ends (as contents-list includes itself inside {{#children}})"))
            }
        }
        // A name no view has ({{site.titel}}): it renders nothing, without a word.
        let known = Theme.knownFieldNames
        for (name, scan) in scanned.sorted(by: { $0.key < $1.key }) {
            var said = Set<String>()
            for tag in scan.names where tag.name != "." {
                guard let unknown = tag.name.split(separator: ".").map(String.init).first(where: { !known.contains($0) }), said.insert(tag.name).inserted else { continue }
                problems.append(.warning("template-field", at: SourceLocation(file: sources[name]!, line: tag.line, column: tag.column),
                                         "this tag names '\(tag.name)', but no view has a field '\(unknown)', so it renders nothing",
                                         // (Two letters swapped, 'titel', first: Levenshtein counts it as two changes.)
                                         suggestion: (known.sorted().first { $0.count == unknown.count && $0.sorted() == unknown.sorted() && Suggest.distance($0, unknown) <= 2 }
                                            ?? Suggest.nearest(to: unknown, in: known.sorted(), maxDistance: 2)).map { "did you mean \($0)?" }
                                            ?? "see the default theme's templates for the names each view has"))
            }
        }
        // A file that no page uses: not one of the theme's templates, and included by none.
        let included = Set(templates.keys.flatMap { name in (scanned[name] ?? (sources[name] == nil ? templates[name].map(TemplateScan.init) : nil))?.partials.map(\.name) ?? [] })
        for (name, path) in sources.sorted(by: { $0.key < $1.key }) where Theme.builtIn.templates[name] == nil && !included.contains(name) {
            let builtIn = Theme.builtIn.templates.keys.sorted()
            problems.append(.warning("template-unused", at: SourceLocation(file: path),
                                     "the theme has no template '\(name)' and no template includes it, so this file is never used",
                                     suggestion: Suggest.didYouMean(name, in: builtIn).map { "\($0) (a template overrides the default theme's by its name)" }
                                        ?? "name it after the template it overrides (\(builtIn.joined(separator: ", "))), or include it from one with {{> \(name)}}"))
        }
        return problems
    }

    /// The names a template may give: every field of a view model, and every name the default theme's templates
    /// give (some views are read by name).
    static let knownFieldNames: Set<String> = {
        var names = Set(TemplateNames.numbers.keys)
        for text in Theme.builtIn.templates.values {
            for tag in TemplateScan(text).names { names.formUnion(tag.name.split(separator: ".").map(String.init)) }
        }
        return names
    }()

    /// The names along a chain of edges from `start` to `goal` (`start` first, `goal` last), if there is one.
    static func path(from start: String, to goal: String, edges: (String) -> [String]) -> [String]? {
        var previous: [String: String] = [:]
        var queue = [start], seen: Set<String> = [start]
        var at = 0
        while at < queue.count {
            let name = queue[at]
            at += 1
            if name == goal {
                var chain = [name]
                while let p = previous[chain[0]] { chain.insert(p, at: 0) }
                return chain
            }
            for next in edges(name) where seen.insert(next).inserted {
                previous[next] = name
                queue.append(next)
            }
        }
        return nil
    }

    static func words(_ error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "\(error)" }
        switch error {
        case .sectionCloseNameIncorrect: return "a closing tag that does not match its section"
        case .unfinishedName: return "a tag that is not finished"
        case .expectedSectionEnd: return "a section that is not closed"
        case .invalidSetDelimiter: return "a set-delimiter tag that is malformed; write it as {{=<% %>=}}"
        case .transformAppliedToInheritanceSection, .illegalTokenInsideInheritSection, .textInsideInheritSection:
            return "a block of template inheritance that is malformed"
        case .invalidConfigVariableSyntax, .unrecognisedConfigVariable: return "a configuration tag ({{% … }}) it does not know"
        }
    }
}

/// One pass over a template's tags: its partials (where, and whether inside a section) and its first syntax problem.
struct TemplateScan {
    struct Partial { let name: String; let line: Int; let column: Int; let inSection: Bool }
    struct Problem { let line: Int; let column: Int; let message: String; let suggestion: String? }

    private(set) var partials: [Partial] = []
    private(set) var problem: Problem?
    /// The names the tags give ({{name}}, {{{a.b}}}, {{#section}}), each with where its tag is.
    private(set) var names: [(name: String, line: Int, column: Int)] = []

    init(_ text: String) {
        let c = Array(text.utf8)
        var open: [(name: String, line: Int, column: Int)] = []
        var i = 0, line = 1, lineStart = 0
        func column(_ at: Int) -> Int { String(decoding: c[lineStart..<at], as: UTF8.self).count + 1 }
        func starts(_ s: String, _ at: Int) -> Bool {
            let b = Array(s.utf8)
            return at + b.count <= c.count && Array(c[at..<at + b.count]) == b
        }
        while i < c.count {
            if c[i] == UInt8(ascii: "\n") { line += 1; lineStart = i + 1; i += 1; continue }
            guard starts("{{", i) else { i += 1; continue }
            let tagLine = line, tagColumn = column(i)
            let triple = starts("{{{", i)
            var j = i + (triple ? 3 : 2)
            let close = triple ? "}}}" : "}}"
            // The end of the tag, on any line (a comment may span lines).
            var end = j
            while end < c.count, !starts(close, end) { end += 1 }
            guard end < c.count else {
                problem = Problem(line: tagLine, column: tagColumn, message: "this tag is never closed with \(close)", suggestion: "end the tag with \(close)")
                return
            }
            let inner = String(decoding: c[j..<end], as: UTF8.self)
            for k in i..<end where c[k] == UInt8(ascii: "\n") { line += 1; lineStart = k + 1 }
            i = end + close.count
            if triple {
                if inner.trimmingCharacters(in: .whitespaces).isEmpty {
                    problem = Problem(line: tagLine, column: tagColumn, message: "this tag names nothing, so it renders nothing",
                                      suggestion: "write the name of a field between the braces, or remove the tag")
                    return
                }
                names.append((inner.trimmingCharacters(in: .whitespaces), tagLine, tagColumn))
                continue
            }
            j = 0
            let kind = inner.first
            let name = String(inner.drop(while: { $0 == " " }).dropFirst(kind.map { "#^/>!&={<$%".contains($0) } == true ? 1 : 0)).trimmingCharacters(in: .whitespaces)
            // What only swift-mustache renders (set delimiters, inheritance, configuration, transforms) is refused:
            // its renderer has no guard against a partial that includes itself without end, and the build would crash.
            let unsupported: String? = switch kind {
            case "=": "a set-delimiter tag"
            case "$", "<": "template inheritance ({{<…}}, {{$…}})"
            case "%": "a configuration tag"
            default: name.contains("(") ? "a transform (\(name))" : nil
            }
            if let what = unsupported {
                problem = Problem(line: tagLine, column: tagColumn, message: "this tag uses \(what), which plansite's templates do not support",
                                  suggestion: "use only {{name}}, {{{name}}}, {{#section}}…{{/section}}, {{^inverted}}…{{/inverted}}, {{> partial}} and {{! comments}}; shape the text in the view, not the template")
                return
            }
            if name.isEmpty, kind != "!" {
                problem = Problem(line: tagLine, column: tagColumn, message: "this tag names nothing, so it renders nothing",
                                  suggestion: "write the name of a field between the braces, or remove the tag")
                return
            }
            if kind != "!", kind != ">", kind != "/" { names.append((name, tagLine, tagColumn)) }
            switch kind {
            case "!":
                continue
            case "#", "^":
                open.append((name, tagLine, tagColumn))
            case "/":
                guard let last = open.popLast() else {
                    problem = Problem(line: tagLine, column: tagColumn, message: "this {{/\(name)}} closes a section that was never opened",
                                      suggestion: "remove it, or open the section with {{#\(name)}} before it")
                    return
                }
                guard last.name == name else {
                    problem = Problem(line: tagLine, column: tagColumn,
                                      message: "this {{/\(name)}} closes '\(name)', but the section open here is '\(last.name)' (opened at line \(last.line), column \(last.column))",
                                      suggestion: "close '\(last.name)' first with {{/\(last.name)}}, or correct the name")
                    return
                }
            case ">":
                partials.append(Partial(name: name, line: tagLine, column: tagColumn, inSection: !open.isEmpty))
            default:
                break
            }
        }
        if let last = open.last {
            problem = Problem(line: last.line, column: last.column, message: "the section '\(last.name)' opened here is never closed",
                              suggestion: "add {{/\(last.name)}} where the section ends")
        }
    }
}
