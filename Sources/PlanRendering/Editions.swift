// PlanRendering/Editions: the alternative formats, made from the same page
// drafts as the site: a one-page edition (for reading, printing, "save as
// PDF"), a large-print edition, and the sections an EPUB is made of. Each
// page becomes a section; its ids are prefixed so that they stay unique, its
// headings move down one level under the section's heading, and every link
// between pages becomes a link inside the edition.

import Foundation
import Markdown
import PlanModel
import PlanLinking

/// One section of an edition: a page of the site.
struct EditionSection {
    /// The site page it comes from.
    let sitePath: String
    let id: String
    let title: String
    /// Content with links resolved relative to the site page, scanned once for every edition.
    let scanned: ScannedHTML
    /// Depth in the contents (0 for top-level pages).
    let depth: Int
}

extension EditionSection {
    init(sitePath: String, id: String, title: String, html: String, depth: Int) {
        self.init(sitePath: sitePath, id: id, title: title, scanned: ScannedHTML(html), depth: depth)
    }
}

/// Rewrites the HTML of site pages for an edition.
struct EditionRewriter {
    /// Where each site page lives in the edition: file name ("" for the same file) and section id.
    let placement: [String: (file: String, id: String)]
    /// Site path of an action page → site path of its work area (actions are rows there).
    let actionHome: [String: String]
    /// What to do with a link to a page outside the edition: keep it relative to the site root, or drop the link.
    let keepOutsideLinks: Bool
    /// The file being written ("" for a single-file edition).
    let currentFile: String
    /// How many levels the pages' headings move down (1 when the section title is an h2, 0 under an h1).
    var headingShift = 1
    /// Write well-formed XHTML (for the EPUB).
    var xhtml = false

    /// A unique id per site page: "p-" for a page at the root (page ids hold no dots or slashes),
    /// "s-" plus the folder for the others ("s-work-areas-1", "s-coverage-ofsted-2015").
    static func sectionID(for sitePath: String) -> String {
        let name = sitePath.hasSuffix(".html") ? String(sitePath.dropLast(5)) : sitePath
        if !name.contains("/") { return "p-" + name }
        return "s-" + name.replacingOccurrences(of: "/", with: "-").replacingOccurrences(of: ".", with: "_")
    }

    /// The section's HTML for the edition, in one pass over its tokens: the pages' own navigation ("On this
    /// page", "In this part") dropped, since an edition has its contents; ids prefixed with the section's id;
    /// headings moved down; links mapped into the edition (or, without `keepOutsideLinks`, links to pages
    /// outside it replaced by their text).
    func rewrite(_ section: EditionSection) -> String {
        let s = section.scanned
        var out: [UInt8] = []
        s.bytes.withUnsafeBufferPointer { b in
            out.reserveCapacity(b.count + b.count / 8)
            // What is not changed is copied in runs: `out` holds the edition's bytes for b[..<copied], and the bytes
            // from `copied` on are the same in the edition until the next change.
            var copied = 0
            func flush(to end: Int) {
                if end > copied { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[copied..<end])) }
                copied = max(copied, end)
            }
            func drop(_ t: HTMLToken) { flush(to: t.range.lowerBound); copied = t.range.upperBound }
            var navDepth = 0            // inside an in-page navigation being dropped
            var droppedNav = false      // the newline after it goes too
            var dropClosingAnchor = false
            HTMLScanner.scan(s.bytes) { t in
                if navDepth > 0 {
                    if s.isTag(t, "nav") { navDepth += t.closing ? -1 : 1 }
                    droppedNav = navDepth == 0
                    drop(t)
                    return
                }
                if droppedNav {
                    droppedNav = false
                    if t.kind == .text, b[t.range.lowerBound] == UInt8(ascii: "\n") {
                        flush(to: t.range.lowerBound)
                        copied = t.range.lowerBound + 1
                        return
                    }
                }
                guard t.kind == .tag else { return }
                if s.isTag(t, "nav"), !t.closing, let c = s.attribute("class", of: t), c == "toc" || c == "children" {
                    navDepth = 1
                    drop(t)
                    return
                }
                if !keepOutsideLinks, s.isTag(t, "a") {
                    if t.closing, dropClosingAnchor { dropClosingAnchor = false; drop(t); return }
                    if !t.closing, let href = s.attribute("href", of: t), let (path, _) = target(of: href, from: section.sitePath),
                       placement[path] == nil, actionHome[path] == nil {
                        dropClosingAnchor = true
                        drop(t)
                        return
                    }
                }
                // "<" or "</", then the name (a heading's level moved down), the attributes and the end of the tag.
                if headingShift > 0, let level = s.headingLevel(t) {
                    flush(to: t.name.lowerBound)
                    out.append(UInt8(ascii: "h"))
                    out.append(UInt8(ascii: "0") + UInt8(min(6, level + headingShift)))
                    copied = t.name.upperBound
                }
                rewriteAttributes(of: t, in: s, b, section: section, copied: &copied, into: &out)
                if xhtml, !t.closing, Self.isVoidElement(t, in: s) {
                    flush(to: t.attributes.upperBound)
                    while let last = out.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\n") { out.removeLast() }
                    out += Array(" />".utf8)
                    copied = t.range.upperBound
                }
            }
            flush(to: b.count)
        }
        return String(decoding: out, as: UTF8.self)
    }

    static let voidElements: [StaticString] = ["br", "hr", "img", "input", "meta", "link", "col", "wbr"]

    /// Whether the tag is of a void element (compared in place, any case: no string is made for each tag).
    static func isVoidElement(_ t: HTMLToken, in s: ScannedHTML) -> Bool {
        guard (2...5).contains(t.name.count) else { return false }
        return voidElements.contains { s.isTag(t, $0) }
    }

    /// The attributes the rewriter changes, told apart by their bytes.
    enum RewrittenAttribute { case href, src, idList, other }

    static func rewritten(_ name: Range<Int>, in s: ScannedHTML) -> RewrittenAttribute {
        switch name.count {
        case 4: return s.bytes(name, are: "href") ? .href : .other
        case 3: return s.bytes(name, are: "src") ? .src : .other
        case 2: return s.bytes(name, are: "id") ? .idList : .other
        case 15: return s.bytes(name, are: "aria-labelledby") ? .idList : .other
        case 16: return s.bytes(name, are: "aria-describedby") ? .idList : .other
        default: return .other
        }
    }

    /// Copies a tag's attributes, with hrefs mapped and ids (and references to ids) prefixed; for XHTML,
    /// bare attributes get a value (`data-footnotes=""`) and void elements close themselves (`<br />`).
    func rewriteAttributes(of t: HTMLToken, in s: ScannedHTML, _ b: UnsafeBufferPointer<UInt8>, section: EditionSection,
                           copied: inout Int, into out: inout [UInt8]) {
        // Only what changes is written; the rest stays in place for the rewriter's next copy (see `rewrite`).
        func flush(to end: Int) {
            if end > copied { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[copied..<end])) }
            copied = max(copied, end)
        }
        var i = t.attributes.lowerBound
        let end = t.attributes.upperBound
        while i < end {
            let nameStart = i
            while i < end && (HTMLScanner.isNameByte(b[i]) || b[i] == UInt8(ascii: ":")) { i += 1 }
            guard i > nameStart else { i += 1; continue }
            guard i < end, b[i] == UInt8(ascii: "=") else {
                if xhtml { flush(to: i); out.append(UInt8(ascii: "=")); out.append(HTMLScanner.quote); out.append(HTMLScanner.quote) }
                continue
            }
            guard i + 1 < end, b[i + 1] == HTMLScanner.quote else { i += 1; continue }
            let start = i + 2
            var close = start
            while close < end && b[close] != HTMLScanner.quote { close += 1 }
            let kind = Self.rewritten(nameStart..<i, in: s)
            if kind != .other {
                flush(to: start)
                switch kind {
                // Read as the browser reads it (`it&#x27;s.png` is one name, not a link to `it&` with a fragment),
                // and written back escaped.
                case .href:
                    let written = s.string(start..<close)
                    let href = HTML.unescape(written)
                    out += (href == written ? mapHref(href, from: section.sitePath, sectionID: section.id)
                                            : HTML.escape(mapHref(href, from: section.sitePath, sectionID: section.id))).utf8
                // An image's source, as a path from the site root: the editions and the EPUB's documents sit at their root.
                case .src:
                    let written = s.string(start..<close)
                    let src = HTML.unescape(written)
                    let path = target(of: src, from: section.sitePath)?.path ?? src
                    out += (src == written ? path : HTML.escape(path)).utf8
                case .idList:
                    // Each id of the list prefixed with the section's id, in place.
                    var first = true
                    for part in b[start..<close].split(separator: UInt8(ascii: " ")) {
                        if !first { out.append(UInt8(ascii: " ")) }
                        first = false
                        out += section.id.utf8
                        out.append(UInt8(ascii: "-")); out.append(UInt8(ascii: "-"))
                        out.append(contentsOf: UnsafeBufferPointer(rebasing: part))
                    }
                case .other: break
                }
                copied = close   // the closing quote is copied with what follows
            }
            i = close
            if i < end { i += 1 }
        }
    }

    /// The target of a link as a site path and fragment, or nil for an external link.
    func target(of href: String, from page: String) -> (path: String, fragment: String?)? {
        if Reference.isExternal(href) { return nil }
        let hash = href.utf8.firstIndex(of: UInt8(ascii: "#"))
        let file = hash.map { String(href[..<$0]) } ?? href
        let fragment = hash.map { String(href[href.utf8.index(after: $0)...]) }.flatMap { $0.isEmpty ? nil : $0 }
        if file.isEmpty { return (page, fragment) }
        return (SitePath.resolve(file, from: page), fragment)
    }

    /// An action page's file name without ".html" (every ".html" in it taken out, as the name has always been
    /// read): "actions/1.2.html" gives "1.2". Plain string work: Foundation's took a tenth of the editions' time.
    static func actionName(_ path: String) -> String {
        let name = path.utf8.lastIndex(of: UInt8(ascii: "/")).map { String(path[path.index(after: $0)...]) } ?? path
        let stem = name.hasSuffix(".html") ? String(name.dropLast(5)) : name
        // (A byte search first: String.contains(String) goes through Foundation's range(of:).)
        return stem.utf8.count >= 5 && stem.utf8.indices.contains(where: { stem.utf8[$0...].starts(with: ".html".utf8) })
            ? stem.replacing(".html", with: "") : stem
    }

    func mapHref(_ href: String, from page: String, sectionID: String) -> String {
        guard var (path, fragment) = target(of: href, from: page) else { return href }
        if let home = actionHome[path] {
            fragment = "action-" + Self.actionName(path)
            path = home
        }
        if let place = placement[path] {
            let file = place.file == currentFile ? "" : place.file
            return file + "#" + (fragment.map { "\(place.id)--\($0)" } ?? place.id)
        }
        return path + (fragment.map { "#\($0)" } ?? "")
    }

}

struct EditionContentsEntry { let href: String; let title: String; let children: [EditionContentsEntry]; let hasChildren: Bool }

/// What the edition template sees.
struct EditionView {
    let language: String
    let title: String
    let organisation: String
    let version: String
    let dateText: String
    let largePrint: Bool
    /// An example plan (`example: true`): the edition says so at its top, as every web page does.
    let example: Bool
    let stylesheetHref: String
    let siteHref: String
    let contentsRoot: EditionContentsRoot
    let sections: [EditionSectionView]
}

struct EditionContentsRoot { let children: [EditionContentsEntry] }

struct EditionSectionView { let id: String; let title: String; let html: String }

extension SiteRenderer {
    /// The pages an edition holds, in reading order, with their depth; each scanned once for every edition.
    func editionInput(_ drafts: [PageDraft]) -> EditionInput {
        let included = drafts.filter { $0.inSequence && $0.path != "index.html" } + drafts.filter { $0.path.hasPrefix("coverage/") }
        let sections = Parallel.map(included, threads: threads) { d in
            EditionSection(sitePath: d.path, id: EditionRewriter.sectionID(for: d.path), title: d.title,
                           scanned: ScannedHTML(SitePath.resolvePlaceholders(in: d.content, forPage: d.path)), depth: d.breadcrumbs.count)
        }
        let homes = Dictionary(linked.rowOrder.compactMap { ref in linked.rows[ref].map { (SitePath.action(ref), SitePath.workArea($0.workArea)) } },
                               uniquingKeysWith: { first, _ in first })
        return EditionInput(sections: sections, actionHomes: homes)
    }

    /// Nested contents from sections with depths.
    func editionContents(_ sections: [EditionSection], href: (EditionSection) -> String) -> [EditionContentsEntry] {
        func build(_ slice: ArraySlice<EditionSection>, depth: Int) -> [EditionContentsEntry] {
            var out: [EditionContentsEntry] = []
            var i = slice.startIndex
            while i < slice.endIndex {
                let s = slice[i]
                var j = i + 1
                while j < slice.endIndex && slice[j].depth > s.depth { j += 1 }
                let kids = build(slice[(i + 1)..<j], depth: depth + 1)
                out.append(EditionContentsEntry(href: href(s), title: s.title, children: kids, hasChildren: !kids.isEmpty))
                i = j
            }
            return out
        }
        return build(sections[...], depth: 0)
    }

    /// The one-page and large-print editions: one HTML file each at the site root, the same sections in both.
    /// plan.html and large-print.html, one after the other: each goes to `emit` before the next is made.
    func emitSingleFileEditions(_ input: EditionInput, _ emit: (OutputFile) throws -> Void) rethrows {
        let sections = input.sections
        let placement = Dictionary(uniqueKeysWithValues: sections.map { ($0.sitePath, (file: "", id: $0.id)) })
        let rewriter = EditionRewriter(placement: placement, actionHome: input.actionHomes, keepOutsideLinks: true, currentFile: "")
        let rewritten = Parallel.map(sections, threads: threads) { EditionSectionView(id: $0.id, title: $0.title, html: rewriter.rewrite($0)) }
        let contents = EditionContentsRoot(children: editionContents(sections) { "#\($0.id)" })
        for largePrint in [false, true] {
            let view = EditionView(
                language: siteView.language, title: siteView.title, organisation: siteView.organisation, version: siteView.version,
                dateText: siteView.dateText, largePrint: largePrint, example: siteView.example,
                stylesheetHref: largePrint ? "assets/large-print.css" : "assets/style.css", siteHref: "index.html",
                contentsRoot: contents, sections: rewritten)
            try emit(OutputFile(path: largePrint ? "large-print.html" : "plan.html", text: templates.render(view, "edition")))
        }
    }
}

/// What every edition is made from: the sections, and where each action's row lives.
struct EditionInput {
    let sections: [EditionSection]
    /// Site path of an action page → site path of its work area (actions are rows there).
    let actionHomes: [String: String]
}
