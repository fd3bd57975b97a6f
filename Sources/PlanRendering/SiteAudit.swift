// PlanRendering/SiteAudit: the build's own checks of what it renders, run on
// every build before anything is written: every internal link and anchor
// resolves, every page has a language, a title and one h1, every table has a
// caption or a label and header cells with a scope. Its findings stop the
// build; its totals fill the accessibility statement.

import Foundation
import Markdown
import PlanLinking
import PlanModel

public struct SiteAudit: Sendable {
    public var pages = 0
    public var links = 0
    public var tables = 0
    public var problems: [String] = []

    /// What the audit needs to know of one page, read in one pass over its tokens while the site renders.
    /// Its ids and links are kept as the bytes the page has them in, each with a hash: the collector makes a
    /// string only of one it has not seen before (most are the layout's, the same on every page of a folder).
    public struct PageFacts: Sendable, Equatable {
        /// The ids and links, as written, one after another; the i-th ends at `ends[i]`, and `hashes[i]` is its hash.
        var text: [UInt8] = []
        var ends: [Int32] = []
        var hashes: [UInt64] = []
        /// Which of them are ids, and which links (href and src), in the page's order.
        var ids: [Int32] = []
        var hrefs: [Int32] = []
        var tables = 0
        var problems: [String] = []

        /// Keeps `bytes` as the next string; its number among the page's.
        mutating func keep(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
            text.append(contentsOf: bytes)
            ends.append(Int32(text.count))
            hashes.append(SiteAudit.hash(bytes))
            return Int32(ends.count - 1)
        }

        /// Where the i-th string lies in `text`.
        func range(_ i: Int32) -> Range<Int> { (i == 0 ? 0 : Int(ends[Int(i) - 1]))..<Int(ends[Int(i)]) }

        func string(_ i: Int32) -> String { String(decoding: text[range(i)], as: UTF8.self) }
    }

    /// A hash of bytes, eight at a time, to tell strings apart before their bytes are compared (a string is never
    /// taken for another on its hash alone).
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        guard let base = UnsafeRawPointer(bytes.baseAddress) else { return h }
        var i = 0
        while i + 8 <= bytes.count {
            h = (h ^ base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        var last: UInt64 = 0
        var shift: UInt64 = 0
        while i < bytes.count { last |= UInt64(bytes[i]) << shift; shift += 8; i += 1 }
        h = (h ^ last) &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 33)
    }

    /// The facts of one HTML page: its own problems (language, title, headings, tables, duplicate ids) and
    /// what it links to, which `Collector.finish` checks once every page is known.
    /// The page's tokens are read one at a time as they are scanned, never all held at once.
    static func facts(path: String, bytes: [UInt8]) -> PageFacts {
        let html = ScannedHTML(bytes: bytes)
        var f = PageFacts()
        var ids = IDSet()
        func keep(_ range: Range<Int>) -> Int32 {
            bytes.withUnsafeBufferPointer { f.keep(UnsafeBufferPointer(rebasing: $0[range])) }
        }
        var lang = false, title = false, inTitle = false, h1 = 0
        var repeated: String?
        var table: (caption: Bool, labelled: Bool, unscoped: Bool)?
        var lastTag: HTMLToken?
        HTMLScanner.scan(bytes) { t in
            switch t.kind {
            case .other: return
            case .text:
                if inTitle, html.bytes[t.range].contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\n") }) { title = true }
                return
            case .tag: break
            }
            defer { lastTag = t }
            // The elements looked at, told apart by the length of their name first (most tags are none of them).
            let length = t.name.count
            if t.closing {
                guard length == 5 else { return }
                if html.isTag(t, "title") { inTitle = false }
                if html.isTag(t, "table"), let tb = table {
                    if !tb.caption && !tb.labelled { f.problems.append("\(path): a table without a caption or label") }
                    if tb.unscoped { f.problems.append("\(path): a header cell without scope") }
                    table = nil
                }
                return
            }
            // The first id, href and src of the tag (as a search for each would find), in one pass over it.
            var id: Range<Int>?, href: Range<Int>?, src: Range<Int>?
            html.forEachAttribute(of: t) { name, value in
                switch name.count {
                case 2 where id == nil && html.bytes(name, are: "id"): id = value
                case 4 where href == nil && html.bytes(name, are: "href"): href = value
                case 3 where src == nil && html.bytes(name, are: "src"): src = value
                default: break
                }
            }
            if let id {
                let i = keep(id)
                f.ids.append(i)
                if repeated == nil, !ids.insert(i, of: f) { repeated = f.string(i) }
            }
            if let href { f.hrefs.append(keep(href)) }
            if let src { f.hrefs.append(keep(src)) }
            guard length == 2 || length == 4 || length == 5 || length == 7 else { return }
            if html.isTag(t, "html") { lang = !(html.attribute("lang", of: t) ?? "").isEmpty }
            else if html.isTag(t, "title") { inTitle = true }
            else if html.headingLevel(t) == 1 { h1 += 1 }
            else if html.isTag(t, "table") {
                f.tables += 1
                // A table has a caption, or (markdown tables whose author gave none, which check warns about) a labelled region around it.
                let labelled = lastTag.map { (html.attribute("aria-label", of: $0) ?? "").hasPrefix("Table: ") && html.attribute("tabindex", of: $0) == "0" } ?? false
                table = (false, labelled, false)
            } else if html.isTag(t, "caption") { table?.caption = true }
            else if html.isTag(t, "th"), html.attribute("scope", of: t) == nil { table?.unscoped = true }
        }
        if let id = repeated { f.problems.append("\(path): duplicate id '\(id)'") }
        if !lang { f.problems.append("\(path): no lang on <html>") }
        if !title { f.problems.append("\(path): empty <title>") }
        if h1 != 1 { f.problems.append("\(path): \(h1) h1 headings (one expected)") }
        return f
    }

    /// The ids of one page seen so far, by hash, their bytes compared on a match.
    struct IDSet {
        var first: [UInt64: Int32] = [:]
        /// Ids whose hash is that of another id of the page (in practice never): kept as strings.
        var others: Set<String> = []

        /// Adds the page's i-th string; false when the page already has that id.
        mutating func insert(_ i: Int32, of f: PageFacts) -> Bool {
            let h = f.hashes[Int(i)]
            guard let j = first[h] else { first[h] = i; return true }
            if f.text[f.range(j)] == f.text[f.range(i)] { return false }
            return others.insert(f.string(i)).inserted
        }
    }

    /// Gathers the facts of each file as it is written, and checks the links between them at the end.
    /// A page's ids and links are kept as numbers into one table of the distinct strings: most links of a
    /// page are the layout's, the same on every page of a folder, so the table stays small.
    public struct Collector {
        var paths = Set<String>()
        var pages: [String: Kept] = [:]
        /// The distinct ids and links, and each one's number: found by hash, then compared byte for byte.
        var strings: [String] = []
        var byHash: [UInt64: Int32] = [:]
        /// Strings whose hash is that of another (in practice none), by their text.
        var collided: [String: Int32] = [:]
        public init() {}

        /// A page's facts as kept: its ids (sorted numbers), its links in order (numbers), its tables and problems.
        struct Kept {
            var ids: [Int32]
            var hrefs: [Int32]
            var tables: Int
            var problems: [String]
        }

        /// Whether the string numbered `n` has these bytes.
        func string(_ n: Int32, is bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            var s = strings[Int(n)]
            return s.withUTF8 { $0.count == bytes.count && ($0.isEmpty || memcmp($0.baseAddress!, bytes.baseAddress!, $0.count) == 0) }
        }

        /// The number of the page's i-th string, given it if it is new.
        mutating func number(_ facts: PageFacts, _ i: Int32) -> Int32 {
            let h = facts.hashes[Int(i)]
            return facts.text.withUnsafeBufferPointer { all in
                let bytes = UnsafeBufferPointer(rebasing: all[facts.range(i)])
                if let n = byHash[h] {
                    if string(n, is: bytes) { return n }
                    let s = String(decoding: bytes, as: UTF8.self)
                    if let m = collided[s] { return m }
                    let m = Int32(strings.count)
                    strings.append(s)
                    collided[s] = m
                    return m
                }
                let n = Int32(strings.count)
                strings.append(String(decoding: bytes, as: UTF8.self))
                byHash[h] = n
                return n
            }
        }

        /// The number of a string already seen, or nil.
        func number(of text: Substring) -> Int32? {
            var text = text
            return text.withUTF8 { bytes in
                if let n = byHash[SiteAudit.hash(bytes)], string(n, is: bytes) { return n }
                return collided[String(decoding: bytes, as: UTF8.self)]
            }
        }

        public mutating func add(_ path: String, _ facts: PageFacts?) {
            paths.insert(path)
            guard let facts else { return }
            pages[path] = Kept(ids: facts.ids.map { number(facts, $0) }.sorted(), hrefs: facts.hrefs.map { number(facts, $0) },
                               tables: facts.tables, problems: facts.problems)
        }

        /// Whether the page at `target` has an element with this id.
        func has(_ target: String, id: Substring) -> Bool {
            guard let ids = pages[target]?.ids else { return false }
            return has(ids, id: id)
        }

        /// Whether a page's ids (sorted numbers) hold this id.
        func has(_ ids: [Int32], id: Substring) -> Bool {
            guard let n = number(of: id) else { return false }
            var low = 0, high = ids.count
            while low < high {
                let mid = (low + high) / 2
                if ids[mid] < n { low = mid + 1 } else { high = mid }
            }
            return low < ids.count && ids[low] == n
        }

        /// Checks every page's links once every page is known: in pieces of about equal numbers of links on several
        /// threads, joined in path order. A page with many links (the one-page editions link to every section) is cut
        /// into several pieces, so that no one piece holds the others up.
        public func finish(threads: Int = Parallel.defaultThreads) -> SiteAudit {
            let sorted = pages.sorted(by: { $0.key < $1.key })
            let totalLinks = sorted.reduce(0) { $0 + $1.value.hrefs.count + 1 }
            let pieceSize = max(2048, (totalLinks + threads * 8 - 1) / max(1, threads * 8))
            var pieces: [[Piece]] = [[]]
            var filled = 0
            for (path, kept) in sorted {
                var start = 0
                repeat {
                    let end = min(kept.hrefs.count, start + max(0, pieceSize - filled))
                    pieces[pieces.count - 1].append(Piece(path: path, kept: kept, links: start..<end))
                    filled += end - start + (start == 0 ? 1 : 0)
                    if filled >= pieceSize { pieces.append([]); filled = 0 }
                    start = end
                } while start < kept.hrefs.count
            }
            var audit = SiteAudit()
            for part in Parallel.map(pieces, threads: threads, check) {
                audit.pages += part.pages
                audit.tables += part.tables
                audit.links += part.links
                audit.problems += part.problems
            }
            return audit
        }

        /// The fragment of a link within its page ("#id": "id"), when "#" is its first character (the byte after it
        /// ASCII, or none); nil for any other link.
        static func fragmentOnly(_ href: String) -> Substring? {
            let utf8 = href.utf8
            guard utf8.first == UInt8(ascii: "#") else { return nil }
            let rest = utf8.index(after: utf8.startIndex)
            guard rest == utf8.endIndex || utf8[rest] < 0x80 else { return nil }
            return href[rest...]
        }

        /// Some of a page's links; the piece holding its first link also counts the page, its tables and problems.
        struct Piece {
            let path: String
            let kept: Kept
            let links: Range<Int>
        }

        private func check(_ chunk: [Piece]) -> SiteAudit {
            var audit = SiteAudit()
            /// What a link from a folder comes to: pages in one folder share most of their links (the layout's).
            // 0 for a link not yet seen from the folder (the verdicts are kept by the link's number, in a table as
            // long as the list of distinct strings: an index, not a hash, for each of a site's many links).
            enum Verdict: UInt8 { case fine = 1, broken, missingAnchor, external }
            var verdicts: [String: [UInt8]] = [:]   // folder → href number → verdict
            func verdict(_ written: String, from path: String) -> Verdict {
                // As the browser reads it: entities (`a&amp;b.png`, `it&#x27;s.png`) first, then the file's %-escapes.
                let href = HTML.unescape(written)
                let utf8 = href.utf8
                guard let first = utf8.first, first != UInt8(ascii: "/") else { return .broken }
                // Split at the first "#" by its byte (an ASCII byte always starts a character: the indices are valid
                // for the string, and no characters are counted).
                let hash = utf8.firstIndex(of: UInt8(ascii: "#"))
                let written = hash.map { href[..<$0] } ?? Substring(href)
                let file = written.utf8.contains(UInt8(ascii: "%")) ? (written.removingPercentEncoding ?? String(written)) : String(written)
                let target = file.isEmpty ? path : SitePath.resolve(file, from: path)
                guard paths.contains(target) else { return .broken }
                if let hash, case let id = utf8.index(after: hash), id < utf8.endIndex, target.hasSuffix(".html"),
                   !has(target, id: href[id...]) {
                    return .missingAnchor
                }
                return .fine
            }
            for piece in chunk {
                let (path, facts) = (piece.path, piece.kept)
                if piece.links.lowerBound == 0 {
                    audit.pages += 1
                    audit.tables += facts.tables
                    audit.problems += facts.problems
                }
                let folder = path.utf8.lastIndex(of: UInt8(ascii: "/")).map { String(path[..<$0]) } ?? ""
                // Taken out, so that it is changed in place, not copied.
                var known = verdicts.removeValue(forKey: folder) ?? [UInt8](repeating: 0, count: strings.count)
                let isHTML = path.hasSuffix(".html")
                for number in facts.hrefs[piece.links] {
                    // A link seen from this folder before comes to what it came to then (external ones too); one within
                    // the page ("#...") is checked against the page's own anchors each time.
                    let v: Verdict
                    if let seen = Verdict(rawValue: known[Int(number)]) {
                        v = seen
                    } else if let fragment = Self.fragmentOnly(strings[Int(number)]) {
                        // Within the page (never external: no scheme starts with "#"): its own ids, at hand.
                        v = fragment.isEmpty || !isHTML || has(facts.ids, id: fragment) ? .fine : .missingAnchor
                    } else {
                        let href = strings[Int(number)]
                        v = Reference.isExternal(href) ? .external : verdict(href, from: path)
                        if !href.hasPrefix("#") { known[Int(number)] = v.rawValue }
                    }
                    if v == .external { continue }
                    audit.links += 1
                    switch v {
                    case .fine, .external: break
                    case .broken: audit.problems.append("\(path): broken link '\(strings[Int(number)])'")
                    case .missingAnchor: audit.problems.append("\(path): link '\(strings[Int(number)])' to a missing anchor")
                    }
                }
                verdicts[folder] = known
            }
            return audit
        }
    }

    /// The facts of a file, or nil when it is not an HTML page.
    public static func facts(of file: OutputFile) -> PageFacts? {
        file.path.hasSuffix(".html") ? facts(path: file.path, bytes: Array(file.bytes)) : nil
    }

    /// Audits HTML files among `files`; other files count as link targets.
    public static func run(_ files: [OutputFile]) -> SiteAudit {
        var collector = Collector()
        for f in files { collector.add(f.path, facts(of: f)) }
        return collector.finish()
    }
}
