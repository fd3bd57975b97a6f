// PlanRendering/ReleasePages: the site's releases. A releases index (newest
// first), a "What changed" page per release (its change note, then the
// semantic change list linking each changed item), "Last updated in release X"
// with "Show all updates" on each changed item's page (word-level changes as
// <ins>/<del> that screen readers announce), and a page for each withdrawn
// action at its old URL. Views are dictionaries; every decision is made here.

import Foundation
import Markdown
import PlanDiff
import PlanLinking
import PlanModel

public enum ReleasePath {
    public static let index = "releases/index.html"
    public static func release(_ r: Release) -> String { "releases/\(r.slug).html" }
}

extension SiteRenderer {
    var releases: [ReleaseChanges] { releaseHistory?.releases ?? [] }

    func releaseName(_ r: Release) -> String { "Release \(r.version), \(r.dateText)" }

    /// Word-level changes as HTML: `<del>`/`<ins>` with visually hidden words saying which is which.
    func wordsHTML(_ spans: [WordSpan]) -> String {
        spans.map { s in
            let text = HTML.escape(s.text)
            switch s.kind {
            case .same: return text
            case .removed: return "<del><span class=\"visually-hidden\">[removed: </span>\(text)<span class=\"visually-hidden\">]</span></del>"
            case .added: return "<ins><span class=\"visually-hidden\">[added: </span>\(text)<span class=\"visually-hidden\">]</span></ins>"
            }
        }.joined(separator: " ")
    }

    /// Where an entity of a change lives in this build, if it still has a page or an anchor.
    func sitePath(ofEntity entity: String) -> String? {
        let parts = entity.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return entity == "plan" ? "index.html" : nil }
        let (type, key) = (parts[0], parts[1])
        switch type {
        case "action":
            return linked.actionRow(key) != nil ? SitePath.action(key) : nil
        case "workarea": return Int(key).flatMap { n in linked.plan.workAreas.contains { $0.number == n } ? SitePath.workArea(n) : nil }
        case "measure": return linked.plan.scorecard?.measures.contains { $0.number == key } == true ? linked.scorecardPath + "#measure-\(key)" : nil
        case "series": return linked.progress.series.contains { $0.id == key } ? ProgressPath.demandAndVolumes : nil
        case "page": return linked.pages[key] != nil ? SitePath.page(key) : nil
        case "register": return linked.register(key) != nil ? linked.path(ofRegister: key) : nil
        case "report": return linked.progress.reports.first { $0.id == key }.map { ProgressPath.reportCard($0.date.monthKey) }
        case "term": return linked.terms[key].map { linked.glossaryPath + "#" + LinkedPlan.termAnchor($0) }
        default:
            let item = ItemKey(type, key)
            return linked.items[item] != nil ? linked.path(of: item) : nil
        }
    }

    /// One change as a list item's HTML: the item (linked where it has a page), then what changed.
    func changeHTML(_ c: Change, page: String, showTitle: Bool) -> String {
        let e = HTML.escape
        var out = ""
        if showTitle {
            let title = e(c.title)
            out += sitePath(ofEntity: c.entity).map { "<a href=\"\(e(link($0, from: page, "").href))\">\(title)</a>" } ?? "<strong>\(title)</strong>"
            out += ": "
        }
        switch (c.old, c.new, c.words) {
        case let (_, _, words?):
            out += "\(e(c.field ?? "text")) reworded: <span class=\"word-diff\">\(wordsHTML(words))</span>"
        case let (a?, b?, nil):
            out += "\(e(c.field ?? "value")) changed from \(e(a)) to \(e(b))"
        case let (nil, b?, nil):
            out += (c.kind.rawValue.hasSuffix("added") ? "added" : e(c.field ?? "now")) + ": " + e(b)
        case let (a?, nil, nil):
            out += (c.kind == .actionWithdrawn ? "withdrawn; it said: " : "removed; it said: ") + "“\(e(a))”"
        default:
            out += c.kind.rawValue.hasSuffix("added") ? "added" : c.kind.rawValue.hasSuffix("removed") ? "removed" : e(c.kind.heading.lowercased())
        }
        if let d = c.detail { out += " (\(e(d)))" }
        return out
    }

    // MARK: Pages

    func releaseDrafts() -> [PageDraft] {
        guard !releases.isEmpty else { return [] }
        var drafts: [PageDraft] = []
        let index = ReleasePath.index
        let entries: [View] = releases.reversed().map { r in
            [
                "href": link(ReleasePath.release(r.release), from: index, "").href,
                "name": releaseName(r.release),
                "major": r.release.major,
                "summary": r.isFirst ? "First release." : r.changes.headline,
            ]
        }
        drafts.append(PageDraft(path: index, title: "Releases", content: templates.render(["releases": entries] as View, "releases"),
                                breadcrumbs: [], description: "Every release of the plan, newest first, with what changed in each."))
        for (i, r) in releases.enumerated() {
            let page = ReleasePath.release(r.release)
            var v: View = [
                "name": releaseName(r.release),
                "version": r.release.version,
                "dateText": r.release.dateText,
                "major": r.release.major,
                "first": r.isFirst,
                "index": link(index, from: page, "").href,
                "headline": r.changes.headline,
                "hasChanges": !r.changes.isEmpty,
            ]
            if let html = linked.rendered["release:\(r.release.version):note"]?.html { v["note"] = html }
            if let p = r.previous {
                v["previous"] = ["href": link(ReleasePath.release(p), from: page, "").href, "name": releaseName(p)] as View
            }
            if i + 1 < releases.count {
                let n = releases[i + 1].release
                v["next"] = ["href": link(ReleasePath.release(n), from: page, "").href, "name": releaseName(n)] as View
            }
            v["groups"] = r.changes.groups.map { g -> View in
                ["heading": g.kind.heading, "count": g.changes.count, "id": "changes-" + g.kind.rawValue,
                 "changes": g.changes.map { ["html": changeHTML($0, page: page, showTitle: true)] as View }]
            }
            var d = PageDraft(path: page, title: "What changed in release \(r.release.version)", content: templates.render(v, "release"),
                              breadcrumbs: [(index, "Releases")], description: "What changed in release \(r.release.version) (\(r.release.dateText)).")
            d.inSequence = false
            drafts.append(d)
        }
        return drafts
    }

    /// "Last updated in release X" and every release's changes to the entity, for its page.
    func releaseUpdatesHTML(entity: String, page: String) -> String {
        guard let history = releaseHistory else { return "" }
        let updates = history.updates(of: entity)
        guard !updates.isEmpty else { return "" }
        let last = updates.first { $0.release.release.major }?.release ?? updates[0].release
        let v: View = [
            "last": ["href": link(ReleasePath.release(last.release), from: page, "").href, "name": releaseName(last.release),
                     "verb": updates.count == 1 && updates[0].changes.allSatisfy({ $0.kind.rawValue.hasSuffix("-added") }) ? "Added in" : "Last updated in"] as View,
            "count": updates.count,
            "updates": updates.map { u -> View in
                ["href": link(ReleasePath.release(u.release.release), from: page, "").href, "name": releaseName(u.release.release),
                 "minor": !u.release.release.major,
                 "changes": u.changes.map { ["html": changeHTML($0, page: page, showTitle: false)] as View }]
            },
        ]
        return templates.render(v, "release-updates")
    }

    func actionReleaseHTML(_ row: ActionRow, page: String) -> String {
        releaseUpdatesHTML(entity: "action:" + (linked.original[row.ref] ?? row.ref), page: page)
    }

    /// A withdrawn action's page, at the URL it had: when and why it was withdrawn, and what it said.
    func withdrawnActionPage(_ row: ActionRow) -> OutputFile {
        var d = withdrawnActionDraft(row)
        // The progress reported on it before it was withdrawn (ProgressPages.swift).
        if progress.history[.action(row.ref)] != nil { d = appending(actionProgressHTML(row, page: d.path, withdrawn: true), to: d) }
        return OutputFile(path: d.path, text: layout(d, previous: nil, next: nil))
    }

    func withdrawnActionDraft(_ row: ActionRow) -> PageDraft {
        let page = SitePath.action(row.ref)
        var v: View = [
            "ref": row.ref, "what": row.what, "leads": row.leads.joined(separator: "; "),
            "timeframe": row.timeframe.isEmpty ? "Not stated" : row.timeframe.joined(separator: " to "),
            "workArea": "Work area \(row.workArea)",
        ]
        if !row.group.isEmpty { v["group"] = row.group }   // a row under no sub-heading has none to name
        if let w = row.withdrawn {
            v["date"] = w.date.text
            if let reason = w.reason { v["reason"] = reason }
        }
        if let r = releaseHistory?.withdrawing(action: row.ref) {
            v["release"] = ["href": link(ReleasePath.release(r.release), from: page, "").href, "name": releaseName(r.release),
                            "hasNote": r.release.note != nil] as View
        }
        if linked.plan.workAreas.contains(where: { $0.number == row.workArea }) {
            v["workAreaHref"] = link(SitePath.workArea(row.workArea), from: page, "").href
        }
        var d = PageDraft(path: page, title: "Action \(row.ref) (withdrawn)", content: templates.render(v, "withdrawn-action"),
                          breadcrumbs: [], description: "Action \(row.ref) was withdrawn; what it said, and when and why it was withdrawn.")
        d.inSequence = false
        return appending(releaseUpdatesHTML(entity: "action:\(row.ref)", page: page), to: d)
    }
}
