// PlanRendering/Editions: the alternative formats, made from the same page
// drafts as the site: a one-page edition (for reading, printing, "save as
// PDF"), a large-print edition, and the sections an EPUB is made of. Each
// page becomes a section; its ids are prefixed so that they stay unique, its
// headings move down one level under the section's heading, and every link
// between pages becomes a link inside the edition.

import Foundation
import PlanLinking

/// One section of an edition: a page of the site.
struct EditionSection {
    /// The site page it comes from.
    let sitePath: String
    let id: String
    let title: String
    /// Content with links resolved relative to the site page.
    let html: String
    /// Depth in the contents (0 for top-level pages).
    let depth: Int
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

    static let attribute = try! NSRegularExpression(pattern: #"\s(href|id|aria-labelledby|aria-describedby)="([^"]*)""#)
    static let heading = try! NSRegularExpression(pattern: #"<(/?)h([1-6])([\s>])"#)
    static let anchor = try! NSRegularExpression(pattern: #"<a href="([^"]*)"([^>]*)>(.*?)</a>"#, options: [.dotMatchesLineSeparators])

    /// A unique id per site page: "p-" for a page at the root (page ids hold no dots or slashes),
    /// "s-" plus the folder for the others ("s-work-areas-1", "s-coverage-ofsted-2015").
    static func sectionID(for sitePath: String) -> String {
        let name = sitePath.hasSuffix(".html") ? String(sitePath.dropLast(5)) : sitePath
        if !name.contains("/") { return "p-" + name }
        return "s-" + name.replacingOccurrences(of: "/", with: "-").replacingOccurrences(of: ".", with: "_")
    }

    /// Removes the pages' own navigation ("On this page", "In this part"): an edition has its contents.
    static func withoutInPageNavigation(_ html: String) -> String {
        replace(inPageNavigation, in: html) { _ in "" }
    }

    static let inPageNavigation = try! NSRegularExpression(pattern: #"<nav class="(toc|children)".*?</nav>\n?"#, options: [.dotMatchesLineSeparators])

    func rewrite(_ section: EditionSection) -> String {
        // An edition has its own contents: the pages' own navigation would repeat it.
        var html = Self.withoutInPageNavigation(section.html)
        if !keepOutsideLinks { html = dropOutsideLinks(html, from: section.sitePath) }
        html = replace(Self.attribute, in: html) { groups in
            let (name, value) = (groups[1], groups[2])
            switch name {
            case "href": return " href=\"\(mapHref(value, from: section.sitePath, sectionID: section.id))\""
            default:
                let ids = value.split(separator: " ").map { "\(section.id)--\($0)" }.joined(separator: " ")
                return " \(name)=\"\(ids)\""
            }
        }
        guard headingShift > 0 else { return html }
        return replace(Self.heading, in: html) { g in "<\(g[1])h\(min(6, (Int(g[2]) ?? 1) + headingShift))\(g[3])" }
    }

    /// The target of a link as a site path and fragment, or nil for an external link.
    func target(of href: String, from page: String) -> (path: String, fragment: String?)? {
        if Reference.isExternal(href) { return nil }
        let parts = href.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let fragment = parts.count > 1 && !parts[1].isEmpty ? parts[1] : nil
        if parts[0].isEmpty { return (page, fragment) }
        let base = URL(fileURLWithPath: "/" + page).deletingLastPathComponent()
        let path = String(URL(fileURLWithPath: parts[0], relativeTo: base).standardizedFileURL.path.dropFirst())
        return (path, fragment)
    }

    func mapHref(_ href: String, from page: String, sectionID: String) -> String {
        guard var (path, fragment) = target(of: href, from: page) else { return href }
        if let home = actionHome[path] {
            fragment = "action-" + (path as NSString).lastPathComponent.replacingOccurrences(of: ".html", with: "")
            path = home
        }
        if let place = placement[path] {
            let file = place.file == currentFile ? "" : place.file
            return file + "#" + (fragment.map { "\(place.id)--\($0)" } ?? place.id)
        }
        return path + (fragment.map { "#\($0)" } ?? "")
    }

    /// Replaces links to pages outside the edition with their text (an EPUB may not link outside itself).
    func dropOutsideLinks(_ html: String, from page: String) -> String {
        replace(Self.anchor, in: html) { g in
            guard let (path, _) = target(of: g[1], from: page) else { return g[0] }
            return placement[path] != nil || actionHome[path] != nil ? g[0] : g[3]
        }
    }
}

/// Regex replacement with a closure over the match's groups.
func replace(_ regex: NSRegularExpression, in text: String, _ transform: ([String]) -> String) -> String {
    let ns = text as NSString
    var out = ""
    var last = 0
    for match in regex.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
        out += ns.substring(with: NSRange(location: last, length: match.range.location - last))
        let groups = (0..<match.numberOfRanges).map { i -> String in
            let r = match.range(at: i)
            return r.location == NSNotFound ? "" : ns.substring(with: r)
        }
        out += transform(groups)
        last = match.range.location + match.range.length
    }
    out += ns.substring(from: last)
    return out
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
    let stylesheetHref: String
    let siteHref: String
    let contentsRoot: EditionContentsRoot
    let sections: [EditionSectionView]
}

struct EditionContentsRoot { let children: [EditionContentsEntry] }

struct EditionSectionView { let id: String; let title: String; let html: String }

extension SiteRenderer {
    /// The pages an edition holds, in reading order, with their depth.
    func editionSections(_ drafts: [PageDraft]) -> [EditionSection] {
        let included = drafts.filter { $0.inSequence && $0.path != "index.html" } + drafts.filter { $0.path.hasPrefix("coverage/") }
        return included.map { d in
            EditionSection(sitePath: d.path, id: EditionRewriter.sectionID(for: d.path), title: d.title,
                           html: SitePath.resolvePlaceholders(in: d.content, forPage: d.path), depth: d.breadcrumbs.count)
        }
    }

    func actionHomes() -> [String: String] {
        Dictionary(uniqueKeysWithValues: linked.rowOrder.compactMap { ref in linked.rows[ref].map { (SitePath.action(ref), SitePath.workArea($0.workArea)) } })
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

    /// The one-page or large-print edition: one HTML file at the site root.
    func singleFileEdition(_ drafts: [PageDraft], largePrint: Bool) -> OutputFile {
        let sections = editionSections(drafts)
        let placement = Dictionary(uniqueKeysWithValues: sections.map { ($0.sitePath, (file: "", id: $0.id)) })
        let rewriter = EditionRewriter(placement: placement, actionHome: actionHomes(), keepOutsideLinks: true, currentFile: "")
        let view = EditionView(
            language: siteView.language, title: siteView.title, organisation: siteView.organisation, version: siteView.version,
            dateText: siteView.dateText, largePrint: largePrint,
            stylesheetHref: largePrint ? "assets/large-print.css" : "assets/style.css", siteHref: "index.html",
            contentsRoot: EditionContentsRoot(children: editionContents(sections) { "#\($0.id)" }),
            sections: sections.map { EditionSectionView(id: $0.id, title: $0.title, html: rewriter.rewrite($0)) })
        return OutputFile(path: largePrint ? "large-print.html" : "plan.html", text: templates.render(view, "edition"))
    }
}
