// PlanLinking/LinkedPlan: the plan with every reference resolved and indexed
// in both directions: actions and their repeats, register items and what
// addresses them, site paths of every citable thing, rendered markdown with
// its links checked.

import Foundation
import Markdown
import PlanModel

/// The key of a register item: `ofsted-2015:7`, `dfe-notice-2016:10c`.
public struct ItemKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let register: String
    public let number: String
    public init(_ register: String, _ number: String) { self.register = register; self.number = number }
    public var description: String { "\(register):\(number)" }
    public var anchor: String { "\(register)-\(number)" }
    public static func < (a: ItemKey, b: ItemKey) -> Bool {
        a.register != b.register ? a.register < b.register : NaturalOrder.less(a.number, b.number)
    }
}

/// A register item with its place in the register.
public struct IndexedItem: Sendable {
    public let key: ItemKey
    public let item: RegisterItem
    public let headings: [String]
    /// Set for a sub-point: the paragraph it belongs to.
    public let parent: ItemKey?
}

/// What addresses a register item.
public struct Addressers: Sendable {
    public var workAreas: [Int] = []
    /// Actions citing the item themselves.
    public var actions: [String] = []
    public var taken: String?
    /// Sub-points addressed, by their full number (`10a`): the item is then addressed in part.
    public var subPoints: [String] = []
    public init() {}
    public var isAddressed: Bool { !workAreas.isEmpty || !actions.isEmpty || taken != nil || !subPoints.isEmpty }
}

/// Markdown rendered once, with internal links left as placeholders to be made relative per page.
public struct RenderedText: Sendable {
    public let html: String
    public let headings: [MarkdownHeading]
}

/// Where things live in the built site (paths relative to the site root).
public enum SitePath {
    public static func page(_ id: String) -> String { id == "index" ? "index.html" : "\(id).html" }
    public static func workArea(_ n: Int) -> String { "work-areas/\(n).html" }
    public static func action(_ ref: String) -> String { "actions/\(ref).html" }
    public static func coverage(_ register: String) -> String { "coverage/\(register).html" }
    public static let placeholderPrefix = "plansite-root:/"

    /// `from` and `to` are site paths; returns the relative URL from one page to another.
    public static func relative(from: String, to: String) -> String {
        String(repeating: "../", count: max(0, segmentCount(from) - 1)) + to
    }

    /// How many non-empty segments `path` has between its slashes (as `split(separator: "/").count`), read as bytes.
    public static func segmentCount(_ path: String) -> Int {
        var path = path
        return path.withUTF8 { bytes in
            var count = 0, inSegment = false
            for b in bytes {
                if b == UInt8(ascii: "/") { inSegment = false } else if !inSegment { inSegment = true; count += 1 }
            }
            return count
        }
    }

    /// Replaces placeholder links in rendered HTML with links relative to `page` (one pass over the bytes).
    public static func resolvePlaceholders(in html: String, forPage page: String) -> String {
        var html = html
        html.makeContiguousUTF8()
        let needle = Array(placeholderPrefix.utf8)
        let prefix = Array(String(repeating: "../", count: max(0, segmentCount(page) - 1)).utf8)
        var out: [UInt8] = []
        var found = false
        html.utf8.withContiguousStorageIfAvailable { b in
            guard let base = b.baseAddress else { return }
            var i = 0, copied = 0
            // The needle is looked for by its ":" (memchr), far rarer in HTML than its "p", then compared whole.
            let colon = needle.firstIndex(of: UInt8(ascii: ":"))!
            while i + needle.count <= b.count {
                guard let at = memchr(base + i + colon, Int32(needle[colon]), b.count - i - colon) else { break }
                i = base.distance(to: at.assumingMemoryBound(to: UInt8.self)) - colon
                guard i + needle.count <= b.count else { break }
                if memcmp(base + i, needle, needle.count) == 0 {
                    if !found { found = true; out.reserveCapacity(b.count) }
                    out += b[copied..<i]
                    out += prefix
                    i += needle.count
                    copied = i
                    continue
                }
                i += 1
            }
            if found { out += b[copied...] }
        }
        return found ? String(decoding: out, as: UTF8.self) : html
    }

    /// The site path a link leads to from `page` ("../actions/1.2.html" from "work-areas/1.html" is
    /// "actions/1.2.html"), resolving "." and ".." as a file URL would, without building one.
    public static func resolve(_ href: String, from page: String) -> String {
        if let simple = resolveSimply(href, from: page) { return simple }
        return resolveSegments(href, from: page)
    }

    /// `resolve` for the links a site is made of ("../actions/1.2.html", "work-areas/3.html#focus"): a page path
    /// not starting with "/", and an href of leading "../" then segments none of which is empty, "." or "..". The
    /// page's folder is cut back once for each "../", and the rest put after it, without splitting either into
    /// segments. Nil for anything else (`resolveSegments` takes it).
    static func resolveSimply(_ href: String, from page: String) -> String? {
        var href = href, page = page
        return href.withUTF8 { h in page.withUTF8 { p in resolveSimply(h, from: p) } }
    }

    private static func resolveSimply(_ h: UnsafeBufferPointer<UInt8>, from p: UnsafeBufferPointer<UInt8>) -> String? {
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        var start = 0, up = 0
        while start + 3 <= h.count, h[start] == dot, h[start + 1] == dot, h[start + 2] == slash { start += 3; up += 1 }
        // Every segment of the rest is a name: not empty, not "." or "..".
        var length = 0, dots = 0
        for i in start..<h.count {
            if h[i] == slash {
                guard length > 0, dots != length || length > 2 else { return nil }
                length = 0; dots = 0
            } else {
                length += 1
                if h[i] == dot { dots += 1 }
            }
        }
        guard length > 0, dots != length || length > 2, p.first != slash else { return nil }
        // The folders as written (an empty one too: cutting at the last "/" drops one folder either way).
        func lastSlash(before end: Int) -> Int? {
            var i = end - 1
            while i >= 0 { if p[i] == slash { return i }; i -= 1 }
            return nil
        }
        var folderEnd = lastSlash(before: p.count) ?? 0
        while up > 0, folderEnd > 0 {
            folderEnd = lastSlash(before: folderEnd) ?? 0
            up -= 1
        }
        let rest = UnsafeBufferPointer(rebasing: h[start...])
        if folderEnd == 0 { return String(decoding: rest, as: UTF8.self) }
        return String(unsafeUninitializedCapacity: folderEnd + 1 + rest.count) { out in
            _ = out.initialize(from: UnsafeBufferPointer(rebasing: p[..<folderEnd]))
            out[folderEnd] = slash
            _ = UnsafeMutableBufferPointer(rebasing: out[(folderEnd + 1)...]).initialize(from: rest)
            return folderEnd + 1 + rest.count
        }
    }

    /// `resolve` segment by segment, for any href and page.
    static func resolveSegments(_ href: String, from page: String) -> String {
        // Bytes: the page's folders (every segment but the last, empty ones kept), then each non-empty segment of
        // the href: "." stays, ".." goes up one, any other goes down one. `marks` holds where each segment began.
        var out: [UInt8] = []
        var marks: [Int] = []
        func push<S: Collection>(_ segment: S) where S.Element == UInt8 {
            marks.append(out.count)
            if marks.count > 1 { out.append(UInt8(ascii: "/")) }
            out.append(contentsOf: segment)
        }
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        if !href.utf8.starts(with: [slash]) {
            let p = Array(page.utf8)
            var start = 0
            for i in 0..<p.count where p[i] == slash {
                push(p[start..<i])
                start = i + 1
            }
        }
        let h = Array(href.utf8)
        var i = 0
        while i < h.count {
            if h[i] == slash { i += 1; continue }
            var end = i
            while end < h.count && h[end] != slash { end += 1 }
            let n = end - i
            if n == 1 && h[i] == dot {
                // "." stays where it is
            } else if n == 2 && h[i] == dot && h[i + 1] == dot {
                if let mark = marks.popLast() { out.removeSubrange(mark...) }
            } else {
                push(h[i..<end])
            }
            i = end
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The linked plan: the input to rendering.
public struct LinkedPlan: Sendable {
    public let plan: Plan
    public var config: SiteConfig { plan.config }

    /// Every key-action row by its ref.
    public let rows: [String: ActionRow]
    /// Rows in plan order.
    public let rowOrder: [String]
    /// The refs of each work area's rows, in plan order (made by the linker from `rowOrder`).
    let rowRefsByWorkArea: [Int: [String]]
    /// The original of a repeat (`2.4` → `1.2`); originals map to themselves.
    public let original: [String: String]
    /// The repeats of an original (`1.2` → [`2.4`]).
    public let repeats: [String: [String]]
    /// Register items by key, in register order.
    public let items: [ItemKey: IndexedItem]
    public let itemOrder: [ItemKey]
    /// What addresses each item.
    public let addressedBy: [ItemKey: Addressers]
    /// What each work area addresses directly.
    public let workAreaAddresses: [Int: [ItemKey]]
    /// What each action addresses itself.
    public let actionAddresses: [String: [ItemKey]]
    /// Terms by key (abbreviation or slug).
    public let terms: [String: Term]
    /// Pages by id, and the site path of each page.
    public let pages: [String: Page]
    /// Page ids in reading order (depth first), and each page's children.
    public let pageOrder: [String]
    public let children: [String: [String]]
    /// The page showing each generated block, if any.
    public let pageShowing: [PageBlock: String]
    /// Rendered markdown by key (`page:ID`, `workarea:N:why`, `workarea:N:focus:I`, `register:ID:intro`).
    public let rendered: [String: RenderedText]
    public internal(set) var diagnostics: [Diagnostic]
    /// Progress updates, statuses and measures over time, linked (ProgressLinker).
    public internal(set) var progress = LinkedProgress()
    /// The documents around the plan, linked (DocumentLinker).
    public internal(set) var documents = LinkedDocuments()

    /// Rows of a work area in table order.
    public func rows(ofWorkArea n: Int) -> [ActionRow] { (rowRefsByWorkArea[n] ?? []).compactMap { rows[$0] } }

    /// The action with this ref: a row of the plan, else a withdrawn action (which keeps its page and progress).
    public func actionRow(_ ref: String) -> ActionRow? { rows[ref] ?? plan.withdrawnActions.first { $0.ref == ref } }

    /// Distinct actions (originals), in plan order.
    public var distinctActions: [ActionRow] { rowOrder.compactMap { rows[$0] }.filter { original[$0.ref] == $0.ref } }

    /// Register items addressed by an action: its own and through every work area it is placed in.
    public func addresses(ofAction ref: String) -> (direct: [ItemKey], viaWorkArea: [(workArea: Int, items: [ItemKey])]) {
        let origin = original[ref] ?? ref
        let placements = [origin] + (repeats[origin] ?? [])
        let cited = placements.flatMap { actionAddresses[$0] ?? [] }
        // Most actions are placed once and cite items in order, each once: then the list is already the answer.
        let direct = zip(cited, cited.dropFirst()).allSatisfy({ $0 < $1 }) ? cited : Array(Set(cited)).sorted()
        let areas = Array(Set(placements.compactMap { rows[$0]?.workArea })).sorted()
        return (direct, areas.map { ($0, workAreaAddresses[$0] ?? []) }.filter { !$0.items.isEmpty })
    }

    /// Site path of a register item: the page showing the register, or its own page.
    public func path(ofRegister id: String) -> String {
        pageShowing[.register(id)].map(SitePath.page) ?? "registers/\(id).html"
    }

    public func path(of key: ItemKey) -> String { path(ofRegister: key.register) + "#" + key.anchor }

    public var glossaryPath: String { pageShowing[.glossary].map(SitePath.page) ?? "glossary.html" }
    public var scorecardPath: String { pageShowing[.scorecard].map(SitePath.page) ?? "scorecard.html" }
    public var schedulePath: String { pageShowing[.schedule].map(SitePath.page) ?? "schedule.html" }
    public var workAreasPath: String { pageShowing[.workAreas].map(SitePath.page) ?? "index.html" }

    public func register(_ id: String) -> Register? { plan.registers.first { $0.id == id } }

    /// The id used for a term's anchor on the glossary page.
    /// A term with a `sense` (one abbreviation, several meanings) adds it: `term-hmip-probation`.
    /// The ids the layout and the page template write around a page's text (`<main id="main">`, the search box, the
    /// list of sub-pages): a heading of the text never takes one of them ("## Main" gets `main-2`). A test checks the
    /// default theme's templates write no other literal id.
    public static let pageLayoutIDs: Set<String> = ["main", "site-search-q", "in-this-part"]

    public static func termAnchor(_ term: Term) -> String { "term-" + Term.slug(term.key) + (term.sense.map { "-" + Term.slug($0) } ?? "") }
}

/// Natural ordering of item numbers: 2 < 10, 10a < 10b < 11.
public enum NaturalOrder {
    public static func less(_ a: String, _ b: String) -> Bool {
        // ASCII (every number of the registers): leading digits and the rest read as bytes, the same order.
        if let x = asciiSplit(a), let y = asciiSplit(b) {
            if x.number != y.number { return x.number < y.number }
            return a.utf8.dropFirst(x.digits).lexicographicallyPrecedes(b.utf8.dropFirst(y.digits))
        }
        let (na, ra) = split(a), (nb, rb) = split(b)
        if na != nb { return na < nb }
        return ra < rb
    }

    /// For ASCII text: the number its leading digits make (Int.max without any, or past Int's range, as `split`)
    /// and how many digits there are; nil for other text.
    private static func asciiSplit(_ s: String) -> (number: Int, digits: Int)? {
        var number = 0, digits = 0, overflow = false, leading = true
        for byte in s.utf8 {
            guard byte < 0x80 else { return nil }
            guard leading else { continue }
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digits += 1
                let (times, o1) = number.multipliedReportingOverflow(by: 10)
                let (plus, o2) = times.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
                overflow = overflow || o1 || o2
                number = plus
            } else {
                leading = false
            }
        }
        return (digits == 0 || overflow ? Int.max : number, digits)
    }

    private static func split(_ s: String) -> (Int, String) {
        let digits = s.prefix { $0.isNumber }
        return (Int(digits) ?? Int.max, String(s.dropFirst(digits.count)))
    }
}
