// PlanRendering/TextEdition: plan.txt, the plain-text edition that a screen
// reader or a braille embosser reads in order. Made from the same sections as
// the other editions; tables are read out row by row, each cell named by its
// column header.

import Foundation
import PlanModel

struct TextEdition {
    let renderer: SiteRenderer

    func file(_ input: EditionInput) -> OutputFile {
        let sections = input.sections
        let site = renderer.siteView
        var out = underline(site.title, "=") + "\n"
        out += "\(site.organisation). Release \(site.version), \(site.dateText).\n\n"
        if site.example { out += SiteRenderer.exampleNotice + "\n\n" }
        out += "Contents\n\n"
        for s in sections { out += String(repeating: "  ", count: s.depth) + "- " + s.title + "\n" }
        for (s, text) in zip(sections, Parallel.map(sections, threads: renderer.threads) { HTMLText.convert($0.scanned) }) {
            out += "\n\n" + underline(s.title, "=") + "\n\n"
            out += text
        }
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }
        let bytes = Array(out.utf8)
        let start = bytes.firstIndex { !blank($0) } ?? bytes.endIndex
        let end = bytes.lastIndex { !blank($0) }.map { $0 + 1 } ?? start
        return OutputFile(path: "plan.txt", bytes: Data(bytes[start..<max(start, end)]) + Data("\n".utf8))
    }

    func underline(_ s: String, _ c: Character) -> String { s + "\n" + String(repeating: c, count: min(72, s.count)) }
}

/// Converts the HTML this tool writes into readable plain text.
enum HTMLText {

    struct Table {
        var headers: [String] = []
        var row: [(text: String, isHeader: Bool, span: Int)] = []
        var inHead = false
        var caption = ""
    }

    static func convert(_ html: String) -> String { convert(ScannedHTML(html)) }

    /// The text of a page's HTML, without its own navigation ("On this page", "In this part").
    static func convert(_ html: ScannedHTML) -> String {
        var out = ""
        var line = ""
        var lists: [(ordered: Bool, count: Int)] = []
        var tables: [Table] = []
        var cell: String?
        var cellSpan = 1
        var captionText: String?
        var headingLevel: Int?

        func flush(blank: Bool = false) {
            let collapsed = collapse(line)
            let text = collapsed.isEmpty ? "" : String(line.prefix { $0 == " " }) + collapsed
            if !text.isEmpty {
                if let level = headingLevel {
                    out += text + "\n" + String(repeating: level <= 2 ? "=" : "-", count: min(72, text.count)) + "\n\n"
                } else {
                    out += text + "\n" + (blank ? "\n" : "")
                }
            }
            line = ""
        }
        func append(_ text: String) {
            if cell != nil { cell! += text } else if captionText != nil { captionText! += text } else { line += text }
        }

        var navDepth = 0
        HTMLScanner.scan(html.bytes) { t in
            if navDepth > 0 {
                if html.isTag(t, "nav") { navDepth += t.closing ? -1 : 1 }
                return
            }
            switch t.kind {
            case .other: return
            case .text:
                // Most text has no entity: made a string as it is, without a second look.
                let entity = html.bytes.withUnsafeBufferPointer { memchr($0.baseAddress! + t.range.lowerBound, 0x26, t.range.count) != nil }
                append(entity ? decode(html.string(t.range)) : html.string(t.range))
                return
            case .tag: break
            }
            let closing = t.closing
            let tag = TextTag(t, html)
            if case .nav = tag, !closing, let c = html.attribute("class", of: t), c == "toc" || c == "children" {
                navDepth = 1
                return
            }
            if let text = cell {
                // A list inside a table cell reads as items separated by "; ".
                switch tag {
                case .ul, .ol: return
                case .li:
                    if !closing, !text.trimmingWhitespaceAndNewlines().isEmpty { cell! += "; " }
                    return
                default: break
                }
            }
            switch (tag, closing) {
            case (.h(let level), false):
                flush(blank: true); headingLevel = level
            case (.h, true):
                flush(); headingLevel = nil
            case (.p, true), (.dd, true):
                flush(blank: true)
            case (.p, false), (.div, _), (.section, _), (.nav, _), (.dl, _), (.blockquote, _):
                flush()
            case (.dt, false): flush()
            case (.dt, true): line += ":"; flush()
            case (.br, _): append(" ")
            case (.ul, false):
                flush(); lists.append((false, 0))
            case (.ol, false):
                flush(); lists.append((true, 0))
            case (.ul, true), (.ol, true):
                flush(); _ = lists.popLast(); if lists.isEmpty { out += "\n" }
            case (.li, false):
                flush()
                if var top = lists.popLast() {
                    top.count += 1
                    lists.append(top)
                    line = String(repeating: "  ", count: lists.count - 1) + (top.ordered ? "\(top.count). " : "- ")
                }
            case (.li, true): flush()
            case (.table, false): flush(); tables.append(Table())
            case (.table, true): _ = tables.popLast(); out += "\n"
            case (.caption, false): captionText = ""
            case (.caption, true):
                if let c = captionText { out += "Table: " + collapse(c) + "\n\n" }
                captionText = nil
            case (.thead, false): if !tables.isEmpty { tables[tables.count - 1].inHead = true }
            case (.thead, true): if !tables.isEmpty { tables[tables.count - 1].inHead = false }
            case (.tr, false): if !tables.isEmpty { tables[tables.count - 1].row = [] }
            case (.th, false), (.td, false):
                cell = ""
                cellSpan = Int(html.attribute("colspan", of: t) ?? "") ?? 1
            case (.th, true), (.td, true):
                guard !tables.isEmpty, let text = cell else { cell = nil; break }
                if case .th = tag { tables[tables.count - 1].row.append((collapse(text), true, cellSpan)) }
                else { tables[tables.count - 1].row.append((collapse(text), false, cellSpan)) }
                cell = nil
            case (.tr, true):
                guard var table = tables.popLast() else { break }
                if table.inHead {
                    table.headers = table.row.map(\.text)
                } else {
                    out += readRow(table.row, headers: table.headers)
                }
                tables.append(table)
            default:
                break
            }
        }
        flush()
        return collapseBlankLines(out)
    }

    /// The elements the text is laid out by, told from the tag's name as bytes (in any case, as the renderer's
    /// lower-case names and markdown's raw HTML write them).
    enum TextTag {
        case h(Int), p, dd, dt, dl, br, ul, ol, li, tr, th, td, div, nav, table, thead, section, caption, blockquote, other

        static let twoLetters: [(StaticString, TextTag)] = [("dd", .dd), ("dt", .dt), ("dl", .dl), ("br", .br), ("ul", .ul), ("ol", .ol),
                                                            ("li", .li), ("tr", .tr), ("th", .th), ("td", .td)]

        init(_ t: HTMLToken, _ html: ScannedHTML) {
            switch t.name.count {
            case 1: self = html.isTag(t, "p") ? .p : .other
            case 2:
                if let level = html.headingLevel(t) { self = .h(level); return }
                self = Self.twoLetters.first { html.isTag(t, $0.0) }?.1 ?? .other
            case 3: self = html.isTag(t, "div") ? .div : html.isTag(t, "nav") ? .nav : .other
            case 5: self = html.isTag(t, "table") ? .table : html.isTag(t, "thead") ? .thead : .other
            case 7: self = html.isTag(t, "section") ? .section : html.isTag(t, "caption") ? .caption : .other
            case 10: self = html.isTag(t, "blockquote") ? .blockquote : .other
            default: self = .other
            }
        }
    }

    /// "1.1: What: Complete ...; Lead: Director; Timeframe: Not given"
    static func readRow(_ row: [(text: String, isHeader: Bool, span: Int)], headers: [String]) -> String {
        if row.count == 1 { return "\n" + row[0].text + "\n\n" }   // a group heading across the table
        var column = 0
        var parts: [String] = []
        for (i, c) in row.enumerated() {
            var header = column < headers.count ? headers[column] : ""
            let last = column + c.span - 1
            if c.span > 1, last < headers.count { header += " to " + headers[last] }   // a note across several months
            column += c.span
            if c.text.isEmpty { continue }
            if i == 0 && c.isHeader { parts.append(header.isEmpty ? c.text : "\(header) \(c.text)") }
            else { parts.append(header.isEmpty ? c.text : "\(header): \(c.text)") }
        }
        return parts.isEmpty ? "" : "- " + parts.joined(separator: "; ") + "\n"
    }

    /// No more than one blank line in a row.
    static func collapseBlankLines(_ s: String) -> String {
        var s = s
        return s.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var newlines = 0
            for b in bytes {
                if b == 0x0A { newlines += 1; if newlines > 2 { continue } } else { newlines = 0 }
                out.append(b)
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Words separated by single spaces (runs of spaces, tabs and newlines collapse).
    static func collapse(_ s: String) -> String {
        var s = s
        return s.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var pendingSpace = false
            for b in bytes {
                if b == 0x20 || b == 0x0A || b == 0x09 {
                    pendingSpace = !out.isEmpty
                } else {
                    if pendingSpace { out.append(0x20); pendingSpace = false }
                    out.append(b)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The entities the renderer writes, with what the plain text shows for each (a space for &nbsp;).
    static let entities: [(name: [UInt8], value: [UInt8])] = [
        (Array("&lt;".utf8), [0x3C]), (Array("&gt;".utf8), [0x3E]), (Array("&quot;".utf8), [0x22]),
        (Array("&#39;".utf8), [0x27]), (Array("&nbsp;".utf8), [0x20]), (Array("&amp;".utf8), [0x26]),
    ]

    /// The entities the renderer writes (&lt; &gt; &quot; &#39; &nbsp; &amp;) as their characters, in one pass.
    static func decode(_ s: String) -> String {
        guard s.utf8.contains(0x26) else { return s }
        let bytes = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        next: while i < bytes.count {
            if bytes[i] == 0x26 {
                for e in entities where HTMLScanner.matches(bytes, at: i, e.name) {
                    out += e.value
                    i += e.name.count
                    continue next
                }
            }
            out.append(bytes[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
