// Markdown: a small Swift wrapper over cmark-gfm. Parses GitHub-flavoured
// markdown, reports headings and links with their source positions, lets the
// caller rewrite link targets and texts, gives every heading an id, marks the
// first use of known abbreviations with <abbr>, and renders HTML or plain text.
//
// cmark-gfm's parser is not thread-safe (a process-global table of special
// characters), so every parse runs behind one lock.

import CCmarkGFM
import Foundation

/// A heading found in a document, with the id given to it.
public struct MarkdownHeading: Equatable, Sendable {
    public let level: Int
    public let text: String
    public let id: String
    public let line: Int
    /// The level as written (`#####`: 5), before the text's shift and the cap at h6.
    public var written: Int = 0
}

/// A link found in a document. `line` and `column` are 1-based within the markdown text.
public struct MarkdownLink: Equatable, Sendable {
    public let destination: String
    public let text: String
    public let line: Int
    public let column: Int
    /// An image (`![alt](src)`), not a link.
    public var isImage = false
    /// The link's or image's title (`![alt](src "title")`), or "".
    public var title = ""
}

/// What the caller wants done with a link: keep it, or point it elsewhere
/// (optionally giving it a text when its own text is empty).
public enum LinkRewrite: Sendable, Equatable {
    case keep
    case replace(destination: String, generatedText: String?)
}

/// Options for one render.
public struct MarkdownOptions: Sendable {
    /// Pass raw HTML through (cmark's UNSAFE). Off by default: raw HTML is dropped.
    public var allowRawHTML: Bool
    /// Demote or promote headings so that the shallowest level in the text is this one (nil: as written).
    public var headingOffset: Int
    /// Prefix for heading ids, so that several documents can share one HTML page.
    public var idPrefix: String

    /// Ids the page already holds around this text: a heading whose id would be one of them gets the next free one.
    public var reservedIDs: Set<String> = []
    /// Prefix for the footnotes' ids (`fn-1`, `fnref-1`; nil: `idPrefix`), so that two texts shown on one page,
    /// each with a footnote [^1], do not share ids.
    public var footnotePrefix: String? = nil
    public init(allowRawHTML: Bool = false, headingOffset: Int = 0, idPrefix: String = "") {
        self.allowRawHTML = allowRawHTML
        self.headingOffset = headingOffset
        self.idPrefix = idPrefix
    }
}

/// The result of rendering one markdown document.
public struct RenderedMarkdown: Sendable {
    public let html: String
    public let headings: [MarkdownHeading]
    public let links: [MarkdownLink]
    /// Lines of tables that have no "Table: ..." caption paragraph before them.
    public var uncaptionedTables: [Int] = []
    /// Where raw HTML was dropped (line, character column), when raw HTML is not allowed; HTML comments are not counted.
    public var droppedHTML: [(line: Int, column: Int)] = []
    /// Of those, the HTML blocks that run over lines after their own (a `<div>` and the text up to the next blank
    /// line, which is dropped with it): their first line, and how many lines follow.
    public var droppedHTMLBlocks: [Int: Int] = [:]
    /// Set when the text was not parsed because a line opens more than `MarkdownNesting.limit` quotes or lists
    /// inside each other: where that line's first marker past the limit is (line, character column) and how deep it goes.
    public var tooDeep: (line: Int, column: Int, depth: Int)?
    /// Set (and nothing rendered) when a line has more table cell separators than `MarkdownTableWidth.limit`.
    public var tooWide: (line: Int, column: Int, cells: Int)?
    /// Links cmark left as text because their target holds a space after its scheme (`[one](action: 1.1)`): where
    /// each starts (line, character column of its '['), the scheme and the target as written ("action: 1.1").
    public var spacedLinks: [(line: Int, column: Int, scheme: String, target: String)] = []
    /// Footnote references with no definition (`[^nope]`, shown as written): line, character column, label.
    public var undefinedFootnotes: [(line: Int, column: Int, label: String)] = []
    /// Footnote definitions nothing refers to (`[^x]: ...`, left out by cmark): line, character column, label.
    public var unusedFootnotes: [(line: Int, column: Int, label: String)] = []
    /// Footnote definitions of a label defined above (cmark keeps the first): line, character column, label.
    public var duplicateFootnotes: [(line: Int, column: Int, label: String)] = []
    /// An HTML comment (`<!--`) opened at the start of a block and never closed: it runs to the end of the text,
    /// which is left out of the site. Its line and character column, and the lines after it that it hides.
    public var unclosedComment: (line: Int, column: Int, hiddenLines: Int)?
}

/// `[text](scheme: key)` in a line of text: a link whose target has a space after its scheme's colon, which cmark
/// leaves as text, between two byte columns (a text node's). Each hit gives the 1-based byte column of its '[' (of the '](' when no '[' opens it on the line),
/// the scheme and the target as written.
enum SpacedLink {
    static func isSchemeByte(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: "-")
    }

    /// Whether the `](` at byte `i` is followed by what `find` reports: spaces, a scheme, a colon, a space or tab.
    static func targetFollows(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        var j = i + 2
        while j < b.count, b[j] == UInt8(ascii: " ") { j += 1 }
        let schemeStart = j
        while j < b.count, isSchemeByte(b[j]) { j += 1 }
        return j > schemeStart && j + 1 < b.count && b[j] == UInt8(ascii: ":") && (b[j + 1] == UInt8(ascii: " ") || b[j + 1] == UInt8(ascii: "\t"))
    }

    static func find(in b: [UInt8], from byteColumn: Int, to endColumn: Int) -> [(byteColumn: Int, scheme: String, target: String)] {
        var out: [(byteColumn: Int, scheme: String, target: String)] = []
        var i = max(0, byteColumn - 1)
        while i + 1 < b.count, i < endColumn {
            defer { i += 1 }
            guard b[i] == UInt8(ascii: "]"), b[i + 1] == UInt8(ascii: "(") else { continue }
            var j = i + 2
            while j < b.count, b[j] == UInt8(ascii: " ") { j += 1 }
            let schemeStart = j
            while j < b.count, isSchemeByte(b[j]) { j += 1 }
            guard j > schemeStart, j + 1 < b.count, b[j] == UInt8(ascii: ":"), b[j + 1] == UInt8(ascii: " ") || b[j + 1] == UInt8(ascii: "\t") else { continue }
            let close = b[(j + 1)...].firstIndex(of: UInt8(ascii: ")")) ?? b.count
            var depth = 0, open = i
            for k in stride(from: i - 1, through: 0, by: -1) {
                if b[k] == UInt8(ascii: "]") { depth += 1 } else if b[k] == UInt8(ascii: "[") {
                    if depth == 0 { open = k; break }
                    depth -= 1
                }
            }
            out.append((open + 1, String(decoding: b[schemeStart..<j], as: UTF8.self),
                        String(decoding: b[schemeStart..<close], as: UTF8.self).trimmingCharacters(in: .whitespaces)))
        }
        return out
    }
}

/// Footnotes written in a line: references `[^label]` left as text, and a definition `[^label]:` opening a line.
enum Footnotes {
    /// The label of `[^label]` starting at byte `i` of `b`, and the byte after its ']'.
    private static func label(_ b: [UInt8], at i: Int) -> (label: String, end: Int)? {
        guard i + 3 < b.count, b[i] == UInt8(ascii: "["), b[i + 1] == UInt8(ascii: "^") else { return nil }
        var j = i + 2
        while j < b.count, b[j] != UInt8(ascii: "]"), b[j] != UInt8(ascii: "["), b[j] != UInt8(ascii: " "), b[j] != UInt8(ascii: "\t") { j += 1 }
        guard j < b.count, j > i + 2, b[j] == UInt8(ascii: "]") else { return nil }
        return (String(decoding: b[(i + 2)..<j], as: UTF8.self), j + 1)
    }

    /// `[^label]` between two byte columns (a text node's): each with the 1-based byte column of its '['.
    static func references(in b: [UInt8], from byteColumn: Int, to endColumn: Int) -> [(byteColumn: Int, label: String)] {
        var out: [(byteColumn: Int, label: String)] = []
        var i = max(0, byteColumn - 1)
        while i < min(b.count, endColumn) {
            if let hit = label(b, at: i) { out.append((i + 1, hit.label)); i = hit.end } else { i += 1 }
        }
        return out
    }

    /// `[^label]:` after the markers of the quotes and list items it stands in (`> `, `- `, `1. `) and spaces: the
    /// 1-based byte column of its '[' and the label.
    static func definition(afterMarkersIn b: [UInt8]) -> (byteColumn: Int, label: String)? {
        var i = 0
        func blank(_ k: Int) -> Bool { k < b.count && (b[k] == UInt8(ascii: " ") || b[k] == UInt8(ascii: "\t")) }
        while i < b.count {
            if blank(i) || b[i] == UInt8(ascii: ">") { i += 1; continue }
            if [UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "+")].contains(b[i]), blank(i + 1) { i += 2; continue }
            var digits = i
            while digits < b.count, digits - i < 9, b[digits] >= UInt8(ascii: "0"), b[digits] <= UInt8(ascii: "9") { digits += 1 }
            if digits > i, digits < b.count, b[digits] == UInt8(ascii: ".") || b[digits] == UInt8(ascii: ")"), blank(digits + 1) { i = digits + 2; continue }
            break
        }
        guard let hit = label(b, at: i), hit.end < b.count, b[hit.end] == UInt8(ascii: ":") else { return nil }
        return (i + 1, hit.label)
    }
}

/// The lines of a markdown text as byte offsets, and the lines that may hold a spaced link (`](scheme: `) or a
/// footnote (`[^`): found with memchr-driven searches over the bytes before the parse, so that a text without them (most) costs
/// the renderer's checks nothing more, and one with them is looked at again only on those lines.
struct SourceLines {
    let text: String
    private(set) var spacedLinkLines = Set<Int>()
    private(set) var footnoteLines = Set<Int>()
    private var lineStarts: [Int]?

    init(_ text: String) {
        self.text = text
        var spacedAt: [Int] = [], footnoteAt: [Int] = []
        var copy = text
        copy.withUTF8 { b in
            var at = 0
            let close = Array("](".utf8), caret = Array("[^".utf8)
            while let i = TableEnhancer.find(close, in: b, from: at) {
                if SpacedLink.targetFollows(b, at: i) { spacedAt.append(i) }
                at = i + 2
            }
            at = 0
            while let i = TableEnhancer.find(caret, in: b, from: at) { footnoteAt.append(i); at = i + 2 }
        }
        guard !spacedAt.isEmpty || !footnoteAt.isEmpty else { return }
        let starts = self.starts
        func line(of offset: Int) -> Int {   // the number of lines starting at or before the offset
            var (low, high) = (0, starts.count)
            while low < high { let mid = (low + high) / 2; if starts[mid] <= offset { low = mid + 1 } else { high = mid } }
            return low
        }
        spacedLinkLines = Set(spacedAt.map(line(of:)))
        footnoteLines = Set(footnoteAt.map(line(of:)))
    }

    /// The byte offset where each line starts (line n at index n - 1); found once, when first asked for.
    var starts: [Int] {
        mutating get {
            if let lineStarts { return lineStarts }
            var starts = [0]
            var copy = text
            copy.withUTF8 { buffer in
                guard let base = buffer.baseAddress else { return }
                var offset = 0
                while offset < buffer.count, let hit = memchr(base + offset, Int32(UInt8(ascii: "\n")), buffer.count - offset) {
                    offset = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
                    starts.append(offset)
                }
            }
            lineStarts = starts
            return starts
        }
    }

    /// Line `n`'s bytes (1-based), without its newline.
    mutating func line(_ n: Int) -> [UInt8] {
        let starts = self.starts
        guard n >= 1, n <= starts.count else { return [] }
        let utf8 = text.utf8
        let start = starts[n - 1], end = n < starts.count ? starts[n] - 1 : utf8.count
        return Array(utf8[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: max(start, end))])
    }
}

/// How deep a line's block markers nest. cmark-gfm matches every line against each block still open, so a text
/// nesting thousands of quotes (`> > > …`) and then going on for thousands of lines takes time growing with both
/// (a 160 kB page took 20 s): such a text is refused before it is parsed. No real plan comes near the limit.
public enum MarkdownNesting {
    public static let limit = 32

    /// The first line whose quote and list markers (`>`, `-`, `*`, `+`, `1.`, `1)`, each followed by a space, one
    /// after another at the start of the line) open more than `limit` blocks: its line, the character column of the
    /// first marker past the limit, and the number of markers. A line of list markers and nothing else is a
    /// thematic break (`- - -`), not a nesting.
    public static func firstTooDeep(in text: String) -> (line: Int, column: Int, depth: Int)? {
        // Only a line with more than `limit` bytes can hold more than `limit` markers.
        MarkdownLines.first(in: text, longerThan: limit) { b, i, lineEnd, line -> (line: Int, column: Int, depth: Int)? in
            var j = i, depth = 0, quotes = 0, pastLimit = i
            func space(_ k: Int) -> Bool { k >= lineEnd || b[k] == UInt8(ascii: " ") || b[k] == UInt8(ascii: "\t") }
            while true {
                while j < lineEnd, b[j] == UInt8(ascii: " ") || b[j] == UInt8(ascii: "\t") { j += 1 }
                guard j < lineEnd else { break }
                let c = b[j]
                var next = j
                if c == UInt8(ascii: ">") {
                    next = j + 1
                    quotes += 1
                } else if (c == UInt8(ascii: "-") || c == UInt8(ascii: "*") || c == UInt8(ascii: "+")) && space(j + 1) {
                    next = j + 1
                } else if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) {
                    var k = j
                    while k < lineEnd, k - j < 9, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b[k]) { k += 1 }
                    guard k < lineEnd, b[k] == UInt8(ascii: ".") || b[k] == UInt8(ascii: ")"), space(k + 1) else { break }
                    next = k + 1
                } else {
                    break
                }
                depth += 1
                if depth == limit + 1 { pastLimit = j }
                j = next
            }
            let onlyListMarkers = j >= lineEnd && quotes == 0
            guard depth > limit, !onlyListMarkers else { return nil }
            return (line, MarkdownLines.column(b, i, pastLimit), depth)
        }
    }
}

/// The lines of a text, walked for the checks made before every parse.
enum MarkdownLines {
    /// The first non-nil `check(bytes, start, end, line number)` over the lines longer than `length` bytes. memchr:
    /// the text is scanned for line ends at memory speed.
    static func first<T>(in text: String, longerThan length: Int, _ check: (UnsafeBufferPointer<UInt8>, Int, Int, Int) -> T?) -> T? {
        var text = text
        return text.withUTF8 { b -> T? in
            let n = b.count
            var i = 0, line = 1
            guard let base = b.baseAddress else { return nil }
            while i < n {
                let lineEnd = memchr(base + i, Int32(UInt8(ascii: "\n")), n - i).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? n
                if lineEnd - i > length, let found = check(b, i, lineEnd, line) { return found }
                i = lineEnd + 1
                line += 1
            }
            return nil
        }
    }

    /// The character column of byte `at` of the line starting at byte `start`.
    static func column(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ at: Int) -> Int {
        String(decoding: UnsafeBufferPointer(rebasing: b[start..<at]), as: UTF8.self).count + 1
    }
}

/// How wide a table may be. cmark-gfm (0.29.0.gfm.6, Debian's) appends each cell of a table row to a list by walking
/// the list, so a row's time grows with the square of its cells: a 20,000-column table in a page took 50 s to build.
/// A table row with more cell separators than `limit` is refused before it is parsed. No real plan comes near it.
/// Only table rows count: the delimiter row (`|---|---|`), the header above it and the rows below it up to a blank
/// line, outside fenced code; pipes in a paragraph or in code are text, and cost nothing.
public enum MarkdownTableWidth {
    public static let limit = 200

    /// The first table row with more than `limit` `|` characters (not escaped as `\|`): its line, the character
    /// column of the first `|` past the limit, and the number of them on the line.
    public static func firstTooWide(in text: String) -> (line: Int, column: Int, cells: Int)? {
        var text = text
        return text.withUTF8 { b -> (line: Int, column: Int, cells: Int)? in
            guard let base = b.baseAddress, b.count > limit else { return nil }
            // Most texts have far fewer pipes than the limit in all: nothing to look at.
            var total = 0
            var p = memchr(base, Int32(UInt8(ascii: "|")), b.count)
            while let hit = p {
                total += 1
                if total > limit { break }
                let at = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base + 1
                p = at < b.count ? memchr(base + at, Int32(UInt8(ascii: "|")), b.count - at) : nil
            }
            guard total > limit else { return nil }
            func wide(_ start: Int, _ end: Int, _ line: Int) -> (line: Int, column: Int, cells: Int)? {
                guard end - start > limit else { return nil }
                var pipes = 0, pastLimit = start, j = start
                while j < end {
                    if b[j] == UInt8(ascii: "\\") { j += 2; continue }
                    if b[j] == UInt8(ascii: "|") {
                        pipes += 1
                        if pipes == limit + 1 { pastLimit = j }
                    }
                    j += 1
                }
                return pipes > limit ? (line, MarkdownLines.column(b, start, pastLimit), pipes) : nil
            }
            var i = 0, line = 1
            var fence: UInt8?          // the fence character while inside fenced code
            var inTable = false
            var previous: (start: Int, end: Int, line: Int)?
            while i < b.count {
                let end = memchr(base + i, Int32(UInt8(ascii: "\n")), b.count - i).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? b.count
                var k = i
                while k < end, k - i < 4, b[k] == UInt8(ascii: " ") { k += 1 }
                let blank = (i..<end).allSatisfy { b[$0] == UInt8(ascii: " ") || b[$0] == UInt8(ascii: "\t") || b[$0] == UInt8(ascii: "\r") }
                if k + 2 < end, b[k] == b[k + 1], b[k] == b[k + 2], b[k] == UInt8(ascii: "`") || b[k] == UInt8(ascii: "~") {
                    if fence == nil { fence = b[k]; inTable = false } else if fence == b[k] { fence = nil }
                } else if fence == nil {
                    if blank {
                        inTable = false
                    } else if !inTable, Self.isDelimiterRow(b, i, end) {
                        inTable = true
                        if let header = previous, let found = wide(header.start, header.end, header.line) { return found }
                    }
                    if inTable, let found = wide(i, end, line) { return found }
                }
                previous = blank || fence != nil ? nil : (i, end, line)
                i = end + 1
                line += 1
            }
            return nil
        }
    }

    /// A table's delimiter row: pipes, dashes, colons and spaces only, with a dash and a pipe.
    static func isDelimiterRow(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var dash = false, pipe = false
        for j in start..<end {
            switch b[j] {
            case UInt8(ascii: "-"): dash = true
            case UInt8(ascii: "|"): pipe = true
            case UInt8(ascii: ":"), UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): break
            default: return false
            }
        }
        return dash && pipe
    }
}

/// An abbreviation to expand on its first use: `<abbr title="expansion">ABBR</abbr>`.
public struct Abbreviation: Sendable {
    public let abbreviation: String
    public let expansion: String
    public init(_ abbreviation: String, expansion: String) {
        self.abbreviation = abbreviation
        self.expansion = expansion
    }
}

private let parserLock = NSLock()
private let extensionsRegistered: Void = { cmark_gfm_core_extensions_ensure_registered() }()
private let extensionNames = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]

/// Renders already made, kept for texts that are rendered again: the same text is rendered for the plan and
/// for each release's plan as at its date, and again by `plansite serve` after an edit elsewhere. An entry is
/// used only when every link in the text is still rewritten as it was (the caller's `rewrite` is asked again,
/// in the same order, so that it sees every link as a render would); otherwise the text is rendered afresh.
/// Thread-safe.
public final class MarkdownCache: @unchecked Sendable {
    struct Key: Hashable {
        let text: String
        let allowRawHTML: Bool
        let headingOffset: Int
        let idPrefix: String
        let abbreviations: [String]
        let used: [String]
        let reservedIDs: Set<String>
        let footnotePrefix: String?
    }
    struct Entry {
        let result: RenderedMarkdown
        let usedAfter: Set<String>
        let links: [(link: MarkdownLink, rewrite: LinkRewrite)]
        /// The sweep this entry was last used in.
        var round = 0
    }
    private let lock = NSLock()
    private var entries: [Key: Entry] = [:]
    private var round = 0
    /// Renders reused and made, since the cache was made.
    public private(set) var hits = 0, misses = 0
    /// How many renders are kept.
    public var count: Int { lock.withLock { entries.count } }
    public init() {}

    func entry(_ key: Key) -> Entry? { lock.withLock { entries[key] } }
    func store(_ key: Key, _ entry: Entry, hit: Bool) {
        lock.withLock {
            var entry = entry
            entry.round = round
            if hit { hits += 1 } else { misses += 1 }
            entries[key] = entry
        }
    }

    /// Lets go of every render not used since the last sweep (`plansite serve` sweeps after each rebuild, so that
    /// the texts of earlier edits are not kept for the rest of the session).
    public func sweep() {
        lock.withLock {
            entries = entries.filter { $0.value.round == round }
            round += 1
        }
    }
}

/// Renders GitHub-flavoured markdown through cmark-gfm.
public enum MarkdownRenderer {
    /// As `render(_:options:abbreviations:usedAbbreviations:rewrite:)`, through `cache`: a text rendered before with
    /// the same options, abbreviations and abbreviations already used, whose links are all rewritten as before,
    /// gives the kept result without being parsed again.
    public static func render(
        _ markdown: String,
        options: MarkdownOptions = MarkdownOptions(),
        abbreviations: [Abbreviation] = [],
        usedAbbreviations: inout Set<String>,
        cache: MarkdownCache?,
        rewrite: (MarkdownLink) -> LinkRewrite = { _ in .keep }
    ) -> RenderedMarkdown {
        guard let cache else {
            return render(markdown, options: options, abbreviations: abbreviations, usedAbbreviations: &usedAbbreviations, rewrite: rewrite)
        }
        let key = MarkdownCache.Key(text: markdown, allowRawHTML: options.allowRawHTML, headingOffset: options.headingOffset,
                                    idPrefix: options.idPrefix, abbreviations: abbreviations.flatMap { [$0.abbreviation, $0.expansion] },
                                    used: usedAbbreviations.sorted(), reservedIDs: options.reservedIDs, footnotePrefix: options.footnotePrefix)
        // The links' rewrites asked while checking a kept render are not asked again if the text is rendered afresh.
        var asked: [LinkRewrite] = []
        if let kept = cache.entry(key) {
            var same = true
            for (link, before) in kept.links {
                let now = rewrite(link)
                asked.append(now)
                if now != before { same = false; break }
            }
            if same {
                cache.store(key, kept, hit: true)
                usedAbbreviations = kept.usedAfter
                return kept.result
            }
        }
        var links: [(link: MarkdownLink, rewrite: LinkRewrite)] = []
        let result = render(markdown, options: options, abbreviations: abbreviations, usedAbbreviations: &usedAbbreviations) { link in
            let decision = links.count < asked.count ? asked[links.count] : rewrite(link)
            links.append((link, decision))
            return decision
        }
        cache.store(key, MarkdownCache.Entry(result: result, usedAfter: usedAbbreviations, links: links), hit: false)
        return result
    }

    /// Parses `markdown`, lets `rewrite` redirect links, assigns heading ids, and renders HTML.
    /// `usedAbbreviations` carries the abbreviations already expanded on this HTML page.
    public static func render(
        _ markdown: String,
        options: MarkdownOptions = MarkdownOptions(),
        abbreviations: [Abbreviation] = [],
        usedAbbreviations: inout Set<String>,
        rewrite: (MarkdownLink) -> LinkRewrite = { _ in .keep }
    ) -> RenderedMarkdown {
        _ = extensionsRegistered
        if let deep = MarkdownNesting.firstTooDeep(in: markdown) {
            var refused = RenderedMarkdown(html: "", headings: [], links: [])
            refused.tooDeep = deep
            return refused
        }
        if let wide = MarkdownTableWidth.firstTooWide(in: markdown) {
            var refused = RenderedMarkdown(html: "", headings: [], links: [])
            refused.tooWide = wide
            return refused
        }
        // Text that looks like a link cmark did not take (`](scheme: `), and footnotes: the lines that may hold them,
        // found before the parse. Only those lines are looked at again after it.
        var source = SourceLines(markdown)
        let hasFootnotes = !source.footnoteLines.isEmpty
        // Footnotes need "[^": without one, cmark is spared its walk of the whole tree looking for them.
        var cmarkOptions: Int32 = hasFootnotes ? CMARK_OPT_FOOTNOTES : CMARK_OPT_DEFAULT
        if options.allowRawHTML { cmarkOptions |= CMARK_OPT_UNSAFE }

        parserLock.lock()
        guard let parser = cmark_parser_new(cmarkOptions) else {
            parserLock.unlock()
            return RenderedMarkdown(html: "", headings: [], links: [])
        }
        for name in extensionNames {
            if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
        }
        markdown.withCString { cmark_parser_feed(parser, $0, strlen($0)) }
        let document = cmark_parser_finish(parser)
        parserLock.unlock()
        defer { cmark_parser_free(parser) }
        guard let doc = document else { return RenderedMarkdown(html: "", headings: [], links: []) }
        defer { cmark_node_free(doc) }

        // Collect first, mutate after the iteration.
        var headingNodes: [OpaquePointer] = []
        var linkNodes: [OpaquePointer] = []
        var textNodes: [OpaquePointer] = []
        var uncaptioned: [Int] = []
        var tables = 0
        var rawHTMLNodes: [OpaquePointer] = []
        var unclosedComment: (line: Int, column: Int, hiddenLines: Int)?
        // Node types asked about once each: the table extension's type, and the types known not to be it.
        var tableType: UInt32?
        var notTable: [UInt32] = []
        let collectText = !abbreviations.isEmpty
        let scanLiterals = hasFootnotes || !source.spacedLinkLines.isEmpty
        var literalNodes: [OpaquePointer] = []
        let iter = cmark_iter_new(doc)
        while true {
            let event = cmark_iter_next(iter)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iter) else { continue }
            switch cmark_node_get_type(node) {
            case CMARK_NODE_HEADING: headingNodes.append(node)
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE: linkNodes.append(node)
            case CMARK_NODE_TEXT:
                if collectText { textNodes.append(node) }
                if scanLiterals { literalNodes.append(node) }
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                let literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
                let trimmed = literal.trimmingCharacters(in: .whitespacesAndNewlines)
                if !options.allowRawHTML, !trimmed.hasPrefix("<!--") { rawHTMLNodes.append(node) }
                // A comment block runs until a line holding "-->": one never closed hides the rest of the text.
                if unclosedComment == nil, cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK, trimmed.hasPrefix("<!--"), !trimmed.contains("-->") {
                    let start = Int(cmark_node_get_start_line(node)), end = Int(cmark_node_get_end_line(node))
                    let line = source.line(start)
                    let column = (line.firstIndex(of: UInt8(ascii: "<")) ?? 0) + 1
                    unclosedComment = (start, String(decoding: line.prefix(column - 1), as: UTF8.self).count + 1, max(0, end - start))
                }
            default:
                let type = cmark_node_get_type(node).rawValue
                var isTable = type == tableType
                if !isTable, !notTable.contains(type) {
                    isTable = cmark_node_get_type_string(node).map({ String(cString: $0) }) == "table"
                    if isTable { tableType = type } else { notTable.append(type) }
                }
                if isTable {
                    tables += 1
                    let previous = cmark_node_previous(node)
                    let captioned = previous.map { cmark_node_get_type($0) == CMARK_NODE_PARAGRAPH && plainText(of: $0).hasPrefix("Table: ") } ?? false
                    if !captioned { uncaptioned.append(Int(cmark_node_get_start_line(node))) }
                }
            }
        }
        cmark_iter_free(iter)

        /// cmark counts columns in bytes; diagnostics count characters. The lines' byte offsets are found the
        /// first time a column is asked for (most texts have no link and no raw HTML).
        var counted: (line: Int, byte: Int, characters: Int)?   // the characters before `byte` on `line`
        let sourceBytes = markdown.utf8
        func characterColumn(line: Int, byteColumn: Int) -> Int {
            let starts = source.starts
            guard line >= 1, line <= starts.count, byteColumn > 1 else { return byteColumn }
            let lineEnd = line < starts.count ? starts[line] - 1 : sourceBytes.count
            let end = starts[line - 1] + min(byteColumn - 1, lineEnd - starts[line - 1])
            // Links come in the order of the text: count on from the previous one on the line (else many links on
            // one long line cost the square of its length). Each starts a character, so the counts add up.
            var (fromByte, characters) = (starts[line - 1], 0)
            if let c = counted, c.line == line, c.byte <= end { (fromByte, characters) = (c.byte, c.characters) }
            // ASCII bytes are a character each; anything else is counted as characters. (On the buffer: a slice of
            // the UTF-8 view is walked index by index.)
            characters += sourceBytes.withContiguousStorageIfAvailable { b -> Int in
                let prefix = UnsafeBufferPointer(rebasing: b[fromByte..<end])
                var high: UInt8 = 0
                for byte in prefix { high |= byte }
                return high < 0x80 ? prefix.count : String(decoding: prefix, as: UTF8.self).count
            } ?? {
                let prefix = sourceBytes[sourceBytes.index(sourceBytes.startIndex, offsetBy: fromByte)..<sourceBytes.index(sourceBytes.startIndex, offsetBy: end)]
                return prefix.allSatisfy({ $0 < 0x80 }) ? prefix.count : String(decoding: prefix, as: UTF8.self).count
            }()
            counted = (line, end, characters)
            return characters + 1
        }
        // A line's bytes are made once however many nodes it holds (a line of many links is many text nodes), and
        // only for the lines looked at.
        var lineBytes: [Int: [UInt8]] = [:]
        func bytes(_ line: Int) -> [UInt8] {
            if let b = lineBytes[line] { return b }
            let b = Array(source.line(line))
            lineBytes[line] = b
            return b
        }
        /// cmark-gfm places an inline node of a paragraph's later line as if the spaces the paragraph took off the
        /// line's start were not there ("   and [x](…)" has its '[' at column 8, and cmark says 5): how many bytes
        /// later than `byteColumn` the node, which starts with `opener`, is written. 0 when it is where cmark says.
        func shift(line: Int, byteColumn: Int, opener: [UInt8]) -> Int {
            guard line >= 1, line <= source.starts.count, byteColumn >= 1, !opener.isEmpty else { return 0 }
            let b = bytes(line)
            func opens(_ at: Int) -> Bool { at + opener.count <= b.count && b[at..<at + opener.count].elementsEqual(opener) }
            var k = 0, spaces = 0
            while byteColumn - 1 + k < b.count {
                let at = byteColumn - 1 + k
                if opens(at) { return k }
                // The taken spaces lie before the node: a later place can be it only if as many spaces precede it.
                spaces = b[0..<at + 1].reduce(0) { $0 + ($1 == 0x20 || $1 == 0x09 ? 1 : 0) }
                k += 1
                if k > spaces { break }
            }
            return 0
        }
        var droppedHTML: [(line: Int, column: Int)] = []
        var droppedHTMLBlocks: [Int: Int] = [:]
        for node in rawHTMLNodes {
            var line = Int(cmark_node_get_start_line(node)), column = Int(cmark_node_get_start_column(node))
            if line == 0, let parent = cmark_node_parent(node) {   // an inline node without its own position
                line = Int(cmark_node_get_start_line(parent))
                column = Int(cmark_node_get_start_column(parent))
            }
            if let literal = cmark_node_get_literal(node), literal.pointee != 0 {
                column += shift(line: line, byteColumn: column, opener: [UInt8(bitPattern: literal.pointee)])
            }
            droppedHTML.append((line, characterColumn(line: line, byteColumn: column)))
            // A block (`<div>` …) takes the lines after it with it, up to a blank line: what they say goes too.
            if cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK, Int(cmark_node_get_end_line(node)) > line {
                droppedHTMLBlocks[line] = Int(cmark_node_get_end_line(node)) - line
            }
        }
        var spacedLinks: [(line: Int, column: Int, scheme: String, target: String)] = []
        let lineCount = scanLiterals ? source.starts.count : 0
        var undefinedFootnotes: [(line: Int, column: Int, label: String)] = []
        var unusedFootnotes: [(line: Int, column: Int, label: String)] = []
        var duplicateFootnotes: [(line: Int, column: Int, label: String)] = []
        for node in literalNodes {
            let line = Int(cmark_node_get_start_line(node))
            // (A text node's literal is copied out by cmark when first asked for: asked only on the lines looked at.)
            let spaced = source.spacedLinkLines.contains(line), footnote = source.footnoteLines.contains(line)
            guard spaced || footnote, line >= 1, line <= lineCount, let literal = cmark_node_get_literal(node) else { continue }
            var from = Int(cmark_node_get_start_column(node)), to = Int(cmark_node_get_end_column(node))
            let moved = shift(line: line, byteColumn: from, opener: Array(UnsafeBufferPointer(start: literal, count: min(strlen(literal), 8)).map { UInt8(bitPattern: $0) }))
            (from, to) = (from + moved, to + moved)
            if spaced, strstr(literal, "](") != nil {
                for hit in SpacedLink.find(in: bytes(line), from: from, to: to) {
                    spacedLinks.append((line, characterColumn(line: line, byteColumn: hit.byteColumn), hit.scheme, hit.target))
                }
            }
            if footnote, strstr(literal, "[^") != nil {
                for hit in Footnotes.references(in: bytes(line), from: from, to: to) {
                    undefinedFootnotes.append((line, characterColumn(line: line, byteColumn: hit.byteColumn), hit.label))
                }
            }
        }
        if hasFootnotes {
            // cmark leaves an unreferenced definition out of the tree, with its text: a definition's line that no
            // block holding text covers (a paragraph, heading, code, table...; not a list, item or quote, inside
            // which a definition may stand). One flag per line, so that many blocks are looked over once.
            var covered = [Bool](repeating: false, count: lineCount + 1)
            var usedLabels = Set<String>()
            let blocks = cmark_iter_new(doc)
            while true {
                let event = cmark_iter_next(blocks)
                if event == CMARK_EVENT_DONE { break }
                guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(blocks) else { continue }
                let type = cmark_node_get_type(node)
                // A definition still in the tree is one that is used: its own line is covered (its note may start
                // on the lines below, `[^a]:` alone on its line), the lines of its note by their own blocks.
                if type == CMARK_NODE_FOOTNOTE_DEFINITION {
                    let line = Int(cmark_node_get_start_line(node))
                    if line >= 1, line <= lineCount {
                        covered[line] = true
                        if let hit = Footnotes.definition(afterMarkersIn: source.line(line)) { usedLabels.insert(hit.label.lowercased()) }
                    }
                    continue
                }
                guard type.rawValue & UInt32(CMARK_NODE_TYPE_MASK) == UInt32(CMARK_NODE_TYPE_BLOCK),
                      ![CMARK_NODE_DOCUMENT, CMARK_NODE_LIST, CMARK_NODE_ITEM, CMARK_NODE_BLOCK_QUOTE].contains(type) else { continue }
                let start = Int(cmark_node_get_start_line(node)), end = Int(cmark_node_get_end_line(node))
                if start >= 1, start <= lineCount { for l in start...min(max(start, end), lineCount) { covered[l] = true } }
            }
            cmark_iter_free(blocks)
            for line in source.footnoteLines.sorted() where line <= lineCount && !covered[line] {
                if let hit = Footnotes.definition(afterMarkersIn: source.line(line)) {
                    // A second definition of a label in use is a repeat, not a note nothing refers to.
                    if usedLabels.contains(hit.label.lowercased()) {
                        duplicateFootnotes.append((line, characterColumn(line: line, byteColumn: hit.byteColumn), hit.label))
                    } else {
                        unusedFootnotes.append((line, characterColumn(line: line, byteColumn: hit.byteColumn), hit.label))
                    }
                }
            }
        }
        var links: [MarkdownLink] = []
        // Where the last autolink of a block was found (its line and the byte after it): the next one is after it.
        var autolinkCursor: (block: OpaquePointer, line: Int, byte: Int)?
        for node in linkNodes {
            let destination = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
            var line = Int(cmark_node_get_start_line(node))
            var column = Int(cmark_node_get_start_column(node))
            // An autolink (`<page:x>`, `www.x.org`) shows its target as its text; cmark gives it no position, or a
            // wrong one.
            let shownText = plainText(of: node)
            let isAutolink = line == 0 || (cmark_node_get_type(node) == CMARK_NODE_LINK && (shownText == destination || "mailto:" + shownText == destination
                || (destination.hasPrefix("http://") && destination.dropFirst(7) == shownText))
                && !(line >= 1 && column >= 1 && column <= bytes(line).count && bytes(line)[column - 1] == UInt8(ascii: "[")))
            if isAutolink, let parent = cmark_node_parent(node) {
                // Found by their text in the lines of their block, one after another ("<action:9.9>", "www.x.org").
                var block = parent
                while Int(cmark_node_get_start_line(block)) == 0, let up = cmark_node_parent(block) { block = up }
                line = Int(cmark_node_get_start_line(block))
                column = Int(cmark_node_get_start_column(block))
                let shown = Array(shownText.utf8)
                var (l, from) = autolinkCursor.flatMap { $0.block == block ? ($0.line, $0.byte) : nil } ?? (line, 0)
                let last = max(line, Int(cmark_node_get_end_line(block)))
                search: while !shown.isEmpty, l <= last {
                    let b = bytes(l)
                    var i = from
                    while i + shown.count <= b.count {
                        if b[i] == shown[0], b[i..<i + shown.count].elementsEqual(shown) {
                            let opener = i > 0 && b[i - 1] == UInt8(ascii: "<") ? i - 1 : i
                            (line, column) = (l, opener + 1)
                            autolinkCursor = (block, l, i + shown.count)
                            break search
                        }
                        i += 1
                    }
                    (l, from) = (l + 1, 0)
                }
            } else {
                column += shift(line: line, byteColumn: column, opener: cmark_node_get_type(node) == CMARK_NODE_IMAGE ? [0x21, 0x5B] : [0x5B])
            }
            let link = MarkdownLink(destination: destination, text: shownText, line: line,
                                    column: characterColumn(line: line, byteColumn: column),
                                    isImage: cmark_node_get_type(node) == CMARK_NODE_IMAGE,
                                    title: cmark_node_get_title(node).map { String(cString: $0) } ?? "")
            links.append(link)
            if case let .replace(newDestination, generated) = rewrite(link) {
                cmark_node_set_url(node, newDestination)
                if let generated, cmark_node_first_child(node) == nil {
                    let text = cmark_node_new(CMARK_NODE_TEXT)
                    cmark_node_set_literal(text, generated)
                    cmark_node_append_child(node, text)
                }
            }
        }

        if !abbreviations.isEmpty {
            markAbbreviations(in: textNodes, abbreviations: abbreviations, used: &usedAbbreviations)
        }

        var headings: [MarkdownHeading] = []
        for node in headingNodes {
            let text = plainText(of: node)
            let written = Int(cmark_node_get_heading_level(node))
            let level = max(1, min(6, written + options.headingOffset))
            cmark_node_set_heading_level(node, Int32(level))
            headings.append(MarkdownHeading(level: level, text: text, id: "", line: Int(cmark_node_get_start_line(node)), written: written))
        }

        guard let cHTML = cmark_render_html(doc, cmarkOptions, cmark_parser_get_syntax_extensions(parser)) else {
            return RenderedMarkdown(html: "", headings: headings, links: links)
        }
        defer { free(cHTML) }
        // The HTML stays bytes from cmark's buffer to the one String at the end: no copy per pass.
        let rendered = UnsafeBufferPointer(start: UnsafeRawPointer(cHTML).assumingMemoryBound(to: UInt8.self), count: strlen(cHTML))
        // A heading's id is made from its text, past the ids already taken: the layout's, those cmark gave (the
        // footnotes' fn-1 and fnref-1, raw HTML's when let through) and the tables' captions' (table-1, ...); a
        // heading "Fnref 1" or "Table 2" gets the next free id instead of a duplicate.
        var slugs = SlugRegistry()
        for id in options.reservedIDs.sorted() where id.hasPrefix(options.idPrefix) { slugs.reserve(String(id.dropFirst(options.idPrefix.count))) }
        if !headings.isEmpty {
            // (cmark gives ids only to footnotes and in raw HTML let through: without either, none to look for.)
            // A footnote's id is given the footnote prefix below (fn-1 becomes intro-fn-1): the heading's slug that
            // would make that id is the one taken.
            let footnotePrefix = options.footnotePrefix ?? options.idPrefix
            if hasFootnotes || options.allowRawHTML {
                for id in idAttributes(rendered) {
                    let final = id.hasPrefix("fn-") || id.hasPrefix("fnref-") ? footnotePrefix + id : id
                    if final.hasPrefix(options.idPrefix) { slugs.reserve(String(final.dropFirst(options.idPrefix.count))) }
                }
            }
            for n in stride(from: 1, through: tables, by: 1) { slugs.reserve("table-\(n)") }
        }
        headings = headings.map { MarkdownHeading(level: $0.level, text: $0.text, id: options.idPrefix + slugs.unique(Slug.make($0.text)), line: $0.line, written: $0.written) }
        // The headings' ids and the tables' regions are edits at places in cmark's bytes, made in one copy into
        // the page's String (not a copy per pass).
        let edits = headingIDEdits(rendered, headings: headings) + TableEnhancer.edits(in: rendered, idPrefix: options.idPrefix)
        var html = ByteEdit.apply(edits, to: rendered)
        if let prefix = options.footnotePrefix ?? Optional(options.idPrefix), !prefix.isEmpty, html.utf8.firstRange(of: "data-footnote".utf8) != nil {
            // cmark names footnotes fn-LABEL and their references fnref-LABEL (quotes in text are escaped: these are its tags).
            for name in ["fn-", "fnref-"] {
                html = html.replacingOccurrences(of: " id=\"\(name)", with: " id=\"\(prefix)\(name)")
                    .replacingOccurrences(of: " href=\"#\(name)", with: " href=\"#\(prefix)\(name)")
            }
        }
        return RenderedMarkdown(html: html, headings: headings, links: links, uncaptionedTables: uncaptioned, droppedHTML: droppedHTML, droppedHTMLBlocks: droppedHTMLBlocks,
                                spacedLinks: spacedLinks, undefinedFootnotes: undefinedFootnotes, unusedFootnotes: unusedFootnotes,
                                duplicateFootnotes: duplicateFootnotes, unclosedComment: unclosedComment)
    }

    /// Convenience: render without abbreviation state.
    public static func render(
        _ markdown: String,
        options: MarkdownOptions = MarkdownOptions(),
        rewrite: (MarkdownLink) -> LinkRewrite = { _ in .keep }
    ) -> RenderedMarkdown {
        var used = Set<String>()
        return render(markdown, options: options, usedAbbreviations: &used, rewrite: rewrite)
    }

    /// The values of the `id="…"` attributes in cmark's HTML.
    private static func idAttributes(_ b: UnsafeBufferPointer<UInt8>) -> [String] {
        let attribute = Array(" id=\"".utf8)
        var ids: [String] = []
        var position = 0
        while let start = TableEnhancer.find(attribute, in: b, from: position) {
            var end = start + attribute.count
            while end < b.count, b[end] != UInt8(ascii: "\"") { end += 1 }
            ids.append(String(decoding: b[(start + attribute.count)..<end], as: UTF8.self))
            position = end
        }
        return ids
    }

    // cmark renders headings as bare <hN> tags (raw HTML is escaped or dropped),
    // so the n-th heading tag in the output is the n-th heading node.
    private static func headingIDEdits(_ b: UnsafeBufferPointer<UInt8>, headings: [MarkdownHeading]) -> [ByteEdit] {
        var edits: [ByteEdit] = []
        edits.reserveCapacity(headings.count)
        var position = 0
        for heading in headings {
            let tag = Array("<h\(heading.level)>".utf8)
            guard let at = TableEnhancer.find(tag, in: b, from: position) else { break }
            edits.append(ByteEdit(at: at, remove: tag.count, insert: Array("<h\(heading.level) id=\"\(heading.id)\">".utf8)))
            position = at + tag.count
        }
        return edits
    }

    private static func plainText(of node: OpaquePointer) -> String {
        var text = ""
        appendPlainText(of: node, to: &text)
        return text
    }

    /// The text of `node`'s descendants, in order (a walk of the children: no iterator is allocated per link).
    private static func appendPlainText(of node: OpaquePointer, to text: inout String) {
        var child = cmark_node_first_child(node)
        while let n = child {
            let type = cmark_node_get_type(n)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE {
                if let lit = cmark_node_get_literal(n) { text += String(cString: lit) }
            } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                text += " "
            } else {
                appendPlainText(of: n, to: &text)
            }
            child = cmark_node_next(n)
        }
    }

    /// Splits text nodes so that the first use of each abbreviation is wrapped in <abbr>.
    /// One pass over each text's words, with the abbreviations indexed by their first word: linear in the text.
    private static func markAbbreviations(in textNodes: [OpaquePointer], abbreviations: [Abbreviation], used: inout Set<String>) {
        let index = AbbreviationIndex(abbreviations)
        for node in textNodes {
            if let parent = cmark_node_parent(node), isInsideLinkOrHeading(parent) { continue }
            guard let literal = cmark_node_get_literal(node) else { continue }
            let text = String(cString: literal)
            let matches = index.firstUses(in: text, used: &used)
            guard !matches.isEmpty else { continue }
            var current = node
            var start = text.startIndex
            for (abbreviation, range) in matches {
                cmark_node_set_literal(current, String(text[start..<range.lowerBound]))
                let abbr = cmark_node_new(CMARK_NODE_CUSTOM_INLINE)
                cmark_node_set_on_enter(abbr, "<abbr title=\"\(HTML.escape(abbreviation.expansion))\">")
                cmark_node_set_on_exit(abbr, "</abbr>")
                let inner = cmark_node_new(CMARK_NODE_TEXT)
                cmark_node_set_literal(inner, abbreviation.abbreviation)
                cmark_node_append_child(abbr, inner)
                cmark_node_insert_after(current, abbr)
                guard let tail = cmark_node_new(CMARK_NODE_TEXT) else { break }
                cmark_node_insert_after(abbr, tail)
                current = tail
                start = range.upperBound
            }
            cmark_node_set_literal(current, String(text[start...]))
        }
    }

    private static func isInsideLinkOrHeading(_ node: OpaquePointer) -> Bool {
        var current: OpaquePointer? = node
        while let n = current {
            let type = cmark_node_get_type(n)
            if type == CMARK_NODE_LINK || type == CMARK_NODE_HEADING { return true }
            current = cmark_node_parent(n)
        }
        return false
    }

}

/// Abbreviations indexed by their first word, so that a text is searched for all of them in one pass.
public struct AbbreviationIndex {
    private var byFirstWord: [Substring: [Abbreviation]] = [:]

    public init(_ abbreviations: [Abbreviation]) {
        for a in abbreviations {
            guard let first = AbbreviationMatcher.words(in: a.abbreviation).first, first.lowerBound == a.abbreviation.startIndex else { continue }
            byFirstWord[a.abbreviation[first], default: []].append(a)
        }
    }

    /// The first whole-word use in `text` of each abbreviation not yet in `used`, in text order; adds them to `used`.
    public func firstUses(in text: String, used: inout Set<String>) -> [(Abbreviation, Range<String.Index>)] {
        var out: [(Abbreviation, Range<String.Index>)] = []
        var resumeAt = text.startIndex
        for word in AbbreviationMatcher.words(in: text) where word.lowerBound >= resumeAt {
            guard let candidates = byFirstWord[text[word]] else { continue }
            for a in candidates where !used.contains(a.abbreviation) {
                let rest = text[word.lowerBound...]
                guard rest.hasPrefix(a.abbreviation) else { continue }
                let end = text.index(word.lowerBound, offsetBy: a.abbreviation.count)
                if end < text.endIndex, AbbreviationMatcher.isWordCharacter(text[end]) { continue }
                used.insert(a.abbreviation)
                out.append((a, word.lowerBound..<end))
                resumeAt = end
                break
            }
        }
        return out
    }
}

/// Finds an abbreviation as a whole word (not inside a longer word).
public enum AbbreviationMatcher {
    /// The ranges of the words of `text`: runs of letters, digits, '-' and '_'.
    public static func words(in text: String) -> [Range<String.Index>] {
        var out: [Range<String.Index>] = []
        forEachWord(in: text) { out.append($0) }
        return out
    }

    /// Each word's range, in order, as `words(in:)` gives them, without making a list.
    public static func forEachWord(in text: String, _ body: (Range<String.Index>) -> Void) {
        // Plain ASCII (PlainASCII): a word is a run of word bytes, found without a string index per byte.
        var copy = text
        let plainDone = copy.withUTF8 { bytes -> Bool in
            guard PlainASCII.isPlain(bytes) else { return false }
            var start = -1
            for i in 0..<bytes.count {
                if isASCIIWordByte(bytes[i]) {
                    if start < 0 { start = i }
                } else if start >= 0 {
                    body(PlainASCII.offsets(start, i, in: text))
                    start = -1
                }
            }
            if start >= 0 { body(PlainASCII.offsets(start, bytes.count, in: text)) }
            return true
        }
        if plainDone { return }
        var start: String.Index?
        let utf8 = text.utf8
        var i = utf8.startIndex
        while i < utf8.endIndex {
            // An ASCII byte followed by another ASCII byte (or the end) is a whole character: decided by its byte.
            // Anything else (a non-ASCII character, or an ASCII one a combining mark joins) is read as a Character.
            let byte = utf8[i]
            var next = utf8.index(after: i)
            let isWord: Bool
            if byte < 0x80, next == utf8.endIndex || utf8[next] < 0x80 {
                isWord = isASCIIWordByte(byte)
            } else {
                isWord = isWordCharacter(text[i])
                next = text.index(after: i)
            }
            if isWord {
                if start == nil { start = i }
            } else if let s = start {
                body(s..<i)
                start = nil
            }
            i = next
        }
        if let s = start { body(s..<text.endIndex) }
    }

    @inline(__always) static func isASCIIWordByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "-") || b == UInt8(ascii: "_")
    }

    public static func firstWholeWord(_ word: String, in text: String) -> Range<String.Index>? {
        // Plain ASCII (no carriage return) is one character per byte: searched as bytes, with the same answer.
        if let found = PlainASCII.firstWholeWord(word, in: text, isWordByte: isASCIIWordByte) { return found.range }
        var searchStart = text.startIndex
        while let range = text[searchStart...].firstRange(of: word) {
            let beforeOK = range.lowerBound == text.startIndex || !isWordCharacter(text[text.index(before: range.lowerBound)])
            let afterOK = range.upperBound == text.endIndex || !isWordCharacter(text[range.upperBound])
            if beforeOK && afterOK { return range }
            searchStart = range.upperBound
        }
        return nil
    }

    public static func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "-" || c == "_" }
}

/// Searches in text that is plain ASCII without a carriage return, where every byte is a character of its own (a
/// character-by-character search finds the same ranges), so that its bytes can be searched instead.
public enum PlainASCII {
    /// Whether every byte is ASCII and none a carriage return ("\r\n" is one character of two bytes).
    @inline(__always) static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in bytes where b >= 0x80 || b == 0x0D { return false }
        return true
    }

    /// The UTF-8 offset of the first `needle` at or after `from` and ending by `end` (a byte match: a match of the
    /// same characters where the text is plain, or the needle ASCII).
    @inline(__always) static func firstOffset(of needle: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>, from: Int, end: Int) -> Int? {
        let n = needle.count
        guard n > 0, let base = bytes.baseAddress, let want = needle.baseAddress else { return nil }
        var i = from
        while i + n <= end {
            guard let hit = memchr(base + i, Int32(want[0]), end - n + 1 - i) else { return nil }
            let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if memcmp(base + at, want, n) == 0 { return at }
            i = at + 1
        }
        return nil
    }

    /// Whether every byte of `text` is ASCII (a carriage return too).
    public static func isASCII(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { !$0.contains(where: { $0 >= 0x80 }) }
    }

    /// Whether any text holds the bytes of the ASCII `needle` (in UTF-8 such a match is the same characters).
    public static func contains(_ text: String, _ needle: StaticString) -> Bool {
        var text = text
        return text.withUTF8 { t in
            firstOffset(of: UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount), in: t, from: 0, end: t.count) != nil
        }
    }

    /// Whether `text` is plain.
    public static func isPlain(_ text: String) -> Bool {
        var text = text
        return text.withUTF8(isPlain)
    }

    /// The first range of the plain `needle` in the plain `text` that ends by the UTF-8 offset `end`, or nil.
    public static func firstRange(of needle: String, inPlain text: String, end: Int) -> Range<String.Index>? {
        var bytes = text, needle = needle
        return bytes.withUTF8 { t in
            needle.withUTF8 { w -> Range<String.Index>? in
                firstOffset(of: w, in: t, from: 0, end: min(end, t.count)).map { offsets($0, $0 + w.count, in: text) }
            }
        }
    }

    /// The first `word` in `text` with no word byte either side, when both are plain (nil when either is not).
    static func firstWholeWord(_ word: String, in text: String, isWordByte: (UInt8) -> Bool) -> Found? {
        var bytes = text, word = word
        return bytes.withUTF8 { t in
            guard isPlain(t) else { return nil }
            return word.withUTF8 { w -> Found? in
                guard isPlain(w) else { return nil }
                var from = 0
                while let at = firstOffset(of: w, in: t, from: from, end: t.count) {
                    let end = at + w.count
                    if (at == 0 || !isWordByte(t[at - 1])) && (end == t.count || !isWordByte(t[end])) {
                        return Found(range: offsets(at, end, in: text))
                    }
                    from = end   // as the character search goes on after the whole match
                }
                return Found(range: nil)
            }
        }
    }

    /// What a byte search gave: the range, or nil when the needle is not there.
    public struct Found {
        public let range: Range<String.Index>?
    }

    static func offsets(_ lower: Int, _ upper: Int, in text: String) -> Range<String.Index> {
        let utf8 = text.utf8
        return utf8.index(utf8.startIndex, offsetBy: lower)..<utf8.index(utf8.startIndex, offsetBy: upper)
    }
}

/// HTML escaping for text and attribute values.
public enum HTML {
    /// An attribute's value as written in HTML, with its character references (`&amp;`, `&#39;`, `&#x27;`, `&quot;`,
    /// `&lt;`, `&gt;`) made the characters they stand for.
    public static func unescape(_ written: String) -> String {
        guard written.utf8.contains(UInt8(ascii: "&")) else { return written }
        var out = ""
        var rest = Substring(written)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            if let semi = after.prefix(10).firstIndex(of: ";") {
                let name = after[..<semi]
                var value: Character?
                switch name {
                case "amp": value = "&"
                case "lt": value = "<"
                case "gt": value = ">"
                case "quot": value = "\""
                case "apos": value = "'"
                default:
                    if name.hasPrefix("#x") || name.hasPrefix("#X") { value = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map(Character.init) }
                    else if name.hasPrefix("#") { value = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map(Character.init) }
                }
                if let value {
                    out.append(value)
                    rest = after[after.index(after: semi)...]
                    continue
                }
            }
            out.append("&")
            rest = after
        }
        return out + rest
    }

    /// & < > " and ' as entities; byte-wise (every special character is ASCII, so UTF-8 passes through whole).
    public static func escape(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 16)
        for b in s.utf8 {
            switch b {
            case 0x26: out += [0x26, 0x61, 0x6D, 0x70, 0x3B]                // &amp;
            case 0x3C: out += [0x26, 0x6C, 0x74, 0x3B]                      // &lt;
            case 0x3E: out += [0x26, 0x67, 0x74, 0x3B]                      // &gt;
            case 0x22: out += [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B]          // &quot;
            case 0x27: out += [0x26, 0x23, 0x33, 0x39, 0x3B]                // &#39;
            default: out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Heading and page slugs: lower case ASCII letters, digits and hyphens.
public enum Slug {
    public static func make(_ text: String) -> String {
        makeASCII(text) ?? makeAny(text)
    }

    /// The slug of any text, by its Unicode scalars.
    static func makeAny(_ text: String) -> String {
        var out = ""
        var pendingHyphen = false
        // ASCII (nearly every heading) needs only lower case; other text loses its accents first.
        let folded = text.utf8.allSatisfy({ $0 < 0x80 }) ? text.lowercased()
            : text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_GB"))
        for c in folded.unicodeScalars {
            if (c >= "a" && c <= "z") || (c >= "0" && c <= "9") || c == "." {
                if pendingHyphen && !out.isEmpty { out += "-" }
                pendingHyphen = false
                out.unicodeScalars.append(c == "." ? "-" : c)
            } else if c == "'" || c == "\u{2019}" {
                continue
            } else {
                pendingHyphen = true
            }
        }
        return out.isEmpty ? "section" : out
    }

    /// The same for an ASCII text (nearly every heading), on its bytes; nil for any other text.
    static func makeASCII(_ text: String) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingHyphen = false
        for var c in text.utf8 {
            guard c < 0x80 else { return nil }
            if c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z") { c += 0x20 }
            if (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: ".") {
                if pendingHyphen && !out.isEmpty { out.append(UInt8(ascii: "-")) }
                pendingHyphen = false
                out.append(c == UInt8(ascii: ".") ? UInt8(ascii: "-") : c)
            } else if c != UInt8(ascii: "'") {
                pendingHyphen = true
            }
        }
        return out.isEmpty ? "section" : String(decoding: out, as: UTF8.self)
    }
}

/// Hands out unique slugs: a repeat gets -2, -3, ...
public struct SlugRegistry {
    private var seen: [String: Int] = [:]
    public init() {}
    /// Takes `slug` as used: `unique` never gives it.
    public mutating func reserve(_ slug: String) { if seen[slug] == nil { seen[slug] = 1 } }
    public mutating func unique(_ slug: String) -> String {
        if let n = seen[slug] {
            var next = n + 1
            while seen["\(slug)-\(next)"] != nil { next += 1 }
            seen[slug] = next
            seen["\(slug)-\(next)"] = 1
            return "\(slug)-\(next)"
        }
        seen[slug] = 1
        return slug
    }
}

/// A change at one place of a byte buffer: `remove` bytes at `at` give way to `insert`.
struct ByteEdit {
    let at: Int
    let remove: Int
    let insert: [UInt8]

    /// `b` with `edits` made (in any order), written once into a String. An edit that overlaps one before it is
    /// left out (the first one made there stands), before the size is counted.
    static func apply(_ edits: [ByteEdit], to b: UnsafeBufferPointer<UInt8>) -> String {
        var sorted: [ByteEdit] = []
        sorted.reserveCapacity(edits.count)
        var end = 0
        for edit in edits.sorted(by: { $0.at < $1.at }) where edit.at >= end && edit.at + edit.remove <= b.count {
            sorted.append(edit)
            end = edit.at + edit.remove
        }
        let size = b.count + sorted.reduce(0) { $0 + $1.insert.count - $1.remove }
        guard let base = b.baseAddress, size > 0 else { return String(decoding: b, as: UTF8.self) }
        return String(unsafeUninitializedCapacity: size) { out in
            guard let outBase = out.baseAddress else { return 0 }
            var (read, written) = (0, 0)
            func copy(_ from: UnsafePointer<UInt8>, _ count: Int) {
                guard count > 0 else { return }
                (outBase + written).update(from: from, count: count)
                written += count
            }
            for edit in sorted {
                copy(base + read, edit.at - read)
                edit.insert.withUnsafeBufferPointer { if let p = $0.baseAddress { copy(p, $0.count) } }
                read = edit.at + edit.remove
            }
            copy(base + read, b.count - read)
            return written
        }
    }
}

/// Makes GFM tables accessible: header cells get `scope`, a paragraph
/// "Table: text" just before a table becomes its caption, and every table sits
/// in a labelled region that can be scrolled with the keyboard on a narrow screen.
public enum TableEnhancer {
    /// The edits that make the tables in `b` accessible (made by `ByteEdit.apply` with the renderer's others): each
    /// table gets scoped header cells and a labelled, scrollable region, and a paragraph "Table: …" just before it
    /// becomes its caption.
    static func edits(in b: UnsafeBufferPointer<UInt8>, idPrefix: String) -> [ByteEdit] {
        let open = Array("<table>".utf8), close = Array("</table>".utf8), th = Array("<th".utf8)
        guard find(open, in: b, from: 0) != nil else { return [] }
        let scope = Array(" scope=\"col\"".utf8)
        let paragraph = Array("<p>".utf8), captionStart = Array("<p>Table: ".utf8), paragraphEnd = Array("</p>".utf8)
        var edits: [ByteEdit] = []
        var position = 0
        var n = 0
        func equals(_ from: Int, _ bytes: [UInt8]) -> Bool {
            from >= 0 && from + bytes.count <= b.count && bytes.indices.allSatisfy { b[from + $0] == bytes[$0] }
        }
        while let start = find(open, in: b, from: position) {
            guard let end = find(close, in: b, from: start + open.count) else { break }
            n += 1
            // The text before the table, and a caption paragraph at its end: the last paragraph, reading "Table: …".
            var beforeEnd = start
            var caption: [UInt8]?
            let trimmedEnd = start > position && b[start - 1] == UInt8(ascii: "\n") ? start - 1 : start
            if trimmedEnd - position >= paragraphEnd.count, equals(trimmedEnd - paragraphEnd.count, paragraphEnd),
               let last = findBackwards(paragraph, in: b, before: trimmedEnd, notBefore: position),
               last + captionStart.count <= trimmedEnd, equals(last, captionStart) {
                caption = Array(b[(last + captionStart.count)..<(trimmedEnd - paragraphEnd.count)])
                beforeEnd = last
            }
            let id = "\(idPrefix)table-\(n)"
            var opening: [UInt8]
            if let caption {
                opening = Array("<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"\(id)\" tabindex=\"0\">\n<table>\n<caption id=\"\(id)\">".utf8)
                opening += caption
                opening += Array("</caption>".utf8)
            } else {
                let label = headerLabel(UnsafeBufferPointer(rebasing: b[(start + open.count)..<end]))
                opening = Array("<div class=\"table-wrap\" role=\"region\" aria-label=\"Table: \(label)\" tabindex=\"0\">\n<table>".utf8)
            }
            // The caption paragraph (if any) and the <table> tag give way to the region, the table and its caption.
            edits.append(ByteEdit(at: beforeEnd, remove: start + open.count - beforeEnd, insert: opening))
            // Header cells get scope="col".
            var i = start + open.count
            while let cell = find(th, in: UnsafeBufferPointer(rebasing: b[..<end]), from: i), cell + 3 < end {
                if b[cell + 3] == UInt8(ascii: ">") || b[cell + 3] == UInt8(ascii: " ") {
                    edits.append(ByteEdit(at: cell + 3, remove: 0, insert: scope))
                }
                i = cell + 3
            }
            edits.append(ByteEdit(at: end, remove: close.count, insert: Array("</table>\n</div>".utf8)))
            position = end + close.count
        }
        return edits
    }

    static func find(_ needle: [UInt8], in b: [UInt8], from: Int) -> Int? {
        b.withUnsafeBufferPointer { find(needle, in: $0, from: from) }
    }

    static func find(_ needle: [UInt8], in buffer: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard !needle.isEmpty, needle.count <= buffer.count, from >= 0, from <= buffer.count - needle.count else { return nil }
        guard let base = buffer.baseAddress else { return nil }
        // memchr (vectorised) finds the next place of the needle's rarest byte: a needle that starts with a byte
        // common in HTML (' ', '<') is not stopped at every such byte.
        let anchor = rarestByteIndex(needle)
        let anchorByte = Int32(needle[anchor])
        let last = buffer.count - needle.count
        var i = from
        while i <= last {
            guard let hit = memchr(base + i + anchor, anchorByte, last - i + 1) else { return nil }
            i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) - anchor
            var j = 0
            while j < needle.count && buffer[i + j] == needle[j] { j += 1 }
            if j == needle.count { return i }
            i += 1
        }
        return nil
    }

    /// Bytes common in HTML and English, the most common first: a needle is looked for by its byte latest in this
    /// list, or by one not in it at all.
    private static let commonBytes = Array(" etaoinsrhldcum<>/\"=pfgwy.,\n-bvk".utf8)

    static func rarestByteIndex(_ needle: [UInt8]) -> Int {
        var best = 0, bestRank = Int.max
        for (k, byte) in needle.enumerated() {
            let rank = commonBytes.firstIndex(of: byte).map { commonBytes.count - $0 } ?? 0   // lower is rarer
            if rank < bestRank { (best, bestRank) = (k, rank) }
        }
        return best
    }

    static func findBackwards(_ needle: [UInt8], in b: UnsafeBufferPointer<UInt8>, before end: Int, notBefore start: Int) -> Int? {
        var i = end - needle.count
        while i >= start {
            if b[i] == needle[0] {
                var j = 1
                while j < needle.count && b[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i -= 1
        }
        return nil
    }

    /// "Board/group, Role, Strategies/plans": a name for a table without a caption, from its header cells' text.
    static func headerLabel(_ table: String) -> String {
        var table = table
        return table.withUTF8 { headerLabel($0) }
    }

    /// The same, from the bytes of the table (read where they are, not copied); it reads no further than the end of
    /// the header row(s).
    static func headerLabel(_ b: UnsafeBufferPointer<UInt8>) -> String {
        var cells: [String] = []
        var cell: [UInt8]?
        var tag: Range<Int>?          // the last tag's name and attributes (between '<' and '>')
        var tagStart: Int?            // set while inside a tag
        func tagIs(_ name: StaticString) -> Bool {
            guard let tag, tag.count == name.utf8CodeUnitCount else { return false }
            return name.withUTF8Buffer { n in (0..<n.count).allSatisfy { b[tag.lowerBound + $0] == n[$0] } }
        }
        var i = 0
        while i < b.count {
            let c = b[i]
            if let from = tagStart {
                if c == UInt8(ascii: ">") {
                    tagStart = nil
                    tag = from..<i
                    let isTH = i - from >= 2 && b[from] == UInt8(ascii: "t") && b[from + 1] == UInt8(ascii: "h")
                        && (i - from == 2 || b[from + 2] == UInt8(ascii: " "))
                    if isTH { cell = [] } else if tagIs("/th"), let text = cell {
                        cells.append(String(decoding: text, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
                        cell = nil
                    }
                }
            } else if c == UInt8(ascii: "<") {
                if tagIs("/thead") { break }   // no header cells after the head
                tagStart = i + 1
                tag = nil
            } else {
                cell?.append(c)
            }
            i += 1
        }
        return cells.joined(separator: ", ")
    }
}
