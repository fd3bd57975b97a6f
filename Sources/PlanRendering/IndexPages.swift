// PlanRendering/IndexPages: the ways into the plan besides its contents. The
// search page (search.html, over search-index.js and assets/search.js), "All
// key actions" (actions/index.html: one table, complete without JavaScript,
// filtered by work area, lead and status when it runs), a page per lead role
// and the index of leads, and the short texts that say what a cited item asks.
// Views are dictionaries (MustacheParent), as in ProgressPages.swift.

import Foundation
import Markdown
import PlanLinking
import PlanModel

public enum IndexPath {
    public static let search = "search.html"
    public static let searchIndex = "search-index.js"
    public static let actions = "actions/index.html"
    public static let leads = "leads/index.html"
    public static let data = "data.html"
}

extension SiteRenderer {
    /// The pages of this file, in the order they join the site (none is in the reading sequence).
    /// The index pages in three parts that can be drafted at once, in this order; none is in the reading sequence.
    func indexDraftParts(_ leads: LeadIndex) -> [() -> [PageDraft]] {
        func outOfSequence(_ drafts: [PageDraft]) -> [PageDraft] { drafts.map { var d = $0; d.inSequence = false; return d } }
        return [{ outOfSequence([self.searchDraft(), self.actionsIndexDraft(leads), self.leadsIndexDraft(leads)]) },
                { outOfSequence(self.leadDrafts(leads)) },
                { outOfSequence([self.dataDraft()]) }]
    }

    /// The other files of this feature: the search index, the CSV files and their data package, the images.
    func indexFiles() throws -> [OutputFile] {
        var files = [OutputFile(path: IndexPath.searchIndex, bytes: try SearchIndexBuilder(linked: linked).script())]
        files += try openDataFiles()
        // Images of the assets folder, which pages show (checked at linking).
        files += linked.plan.images.sorted { $0.key < $1.key }.map { OutputFile(path: "images/" + $0.key, bytes: $0.value) }
        return files
    }

    // MARK: Search

    func searchDraft() -> PageDraft {
        let page = IndexPath.search
        let v: View = [
            "actions": link(IndexPath.actions, from: page, "").href,
            "leads": link(IndexPath.leads, from: page, "").href,
            "glossary": linked.plan.terms.isEmpty ? false : link(linked.glossaryPath, from: page, "").href,
            "contents": link("index.html", from: page, "").href + "#contents",
            "registers": linked.plan.registers.map { ["href": link(linked.path(ofRegister: $0.id), from: page, "").href, "text": $0.title] as View },
            "data": link(IndexPath.data, from: page, "").href,
        ]
        return PageDraft(path: page, title: "Search the plan", content: templates.render(v, "search"), breadcrumbs: [],
                         description: "Search the actions, recommendations, measures, terms, pages and progress updates of the plan.")
    }

    // MARK: All key actions

    func statusText(ofAction ref: String) -> String {
        progress.current(.action(linked.original[ref] ?? ref))?.status.label ?? "No status reported"
    }

    /// The rows of the actions table, for any page that lists actions.
    /// The rows of the all-actions and lead tables. Each action's row is rendered (action-row.mustache) once for all
    /// the pages at one depth, the all-actions page and every lead page (all one folder down, so their links read the
    /// same), and its text copied into each table that lists it: at ~10,000 pages every row was rendered three times.
    func actionRowsKey(page: String) -> String { "action rows\u{0}" + SitePath.relative(from: page, to: "") }

    func actionRowsView(_ rows: [ActionRow], page: String, leads: LeadIndex) -> [IndexRowView] {
        let cache = memo.value(actionRowsKey(page: page)) { ActionRowCache() }
        return rows.map { row in
            cache.row(row.ref) {
                let origin = linked.original[row.ref] ?? row.ref
                let view = IndexRowView(
                    ref: row.ref, href: link(SitePath.action(row.ref), from: page, "").href, what: row.what,
                    workArea: "\(row.workArea)", workAreaHref: link(SitePath.workArea(row.workArea), from: page, "").href,
                    workAreaTitle: workAreaByNumber[row.workArea]?.title ?? "",
                    leads: row.leads.map { IndexLeadView(name: $0, href: link(leads.path($0), from: page, "").href) },
                    leadsData: row.leads.joined(separator: "|"),
                    status: statusText(ofAction: row.ref),
                    timeframe: timeframeText(row), timeframeStated: !row.timeframe.isEmpty,
                    original: origin == row.ref ? nil : IndexOriginalView(href: link(SitePath.action(origin), from: page, "").href, ref: origin))
                var html = templates.render(view, "action-row")
                if html.hasSuffix("\n") { html.removeLast() }
                view.html = html
                return view
            }
        }
    }

    func actionsIndexDraft(_ leads: LeadIndex) -> PageDraft {
        let page = IndexPath.actions
        let rows = linked.rowOrder.compactMap { linked.rows[$0] }
        let areas = linked.plan.workAreas.sorted { $0.number < $1.number }
        let statuses = Set(rows.map { statusText(ofAction: $0.ref) })
        let statusOrder = progress.vocabulary.statuses.map(\.label).filter(statuses.contains) + (statuses.contains("No status reported") ? ["No status reported"] : [])
        let v: View = [
            "count": rows.count, "distinct": linked.distinctActions.count,
            "rows": actionRowsView(rows, page: page, leads: leads),
            "caption": "All \(rows.count) key actions of the plan",
            "workAreas": areas.map { ["value": "\($0.number)", "text": "Work area \($0.number): \($0.title)"] as View },
            "leads": leads.roles.map { ["value": $0.name, "text": "\($0.name) (\($0.rows.count))"] as View },
            "statuses": statusOrder.map { ["value": $0, "text": $0] as View },
            "leadsIndex": link(IndexPath.leads, from: page, "").href,
            "tableID": "all-actions",
        ]
        return PageDraft(path: page, title: "All key actions", content: templates.render(v, "actions-index"), breadcrumbs: [],
                         description: "Every key action of the plan in one table: ref, what, work area, lead, status and timeframe.")
    }

    /// The rows made so far for the pages at one depth, by action ref. Two pages wanting one row at once may both
    /// render it (the same text); neither waits for the other.
    final class ActionRowCache: @unchecked Sendable {
        private let lock = NSLock()
        private var rows: [String: IndexRowView] = [:]

        func row(_ ref: String, _ make: () -> IndexRowView) -> IndexRowView {
            if let known = lock.withLock({ rows[ref] }) { return known }
            let made = make()
            lock.withLock { rows[ref] = made }
            return made
        }
    }

    // MARK: Leads

    /// Every lead role (kept whole: a role may contain a comma) with its rows in plan order, by name, and its page.
    struct LeadIndex {
        let roles: [(name: String, rows: [ActionRow])]
        let slugs: [String: String]
        init(_ linked: LinkedPlan) {
            var byName: [String: [ActionRow]] = [:]
            for row in linked.rowOrder.compactMap({ linked.rows[$0] }) {
                var seen = Set<String>()
                for lead in row.leads where seen.insert(lead).inserted { byName[lead, default: []].append(row) }
            }
            roles = byName.keys.sorted { ($0.lowercased(), $0) < ($1.lowercased(), $1) }.map { ($0, byName[$0]!) }
            var registry = SlugRegistry()
            _ = registry.unique("index")
            var slugs: [String: String] = [:]
            for name in roles.map(\.name) { slugs[name] = registry.unique(Slug.make(name).isEmpty ? "lead" : Slug.make(name)) }
            self.slugs = slugs
        }
        func path(_ name: String) -> String { "leads/\(slugs[name] ?? "index").html" }
    }

    func leadsIndexDraft(_ leads: LeadIndex) -> PageDraft {
        let page = IndexPath.leads
        let roles = leads.roles
        let v: View = [
            "caption": "Lead roles and the number of key actions each leads",
            "roles": roles.map { r in
                ["name": r.name, "href": link(leads.path(r.name), from: page, "").href, "count": r.rows.count,
                 "distinct": Set(r.rows.map { linked.original[$0.ref] ?? $0.ref }).count] as View
            },
            "count": roles.count,
            "actions": link(IndexPath.actions, from: page, "").href,
        ]
        return PageDraft(path: page, title: "Leads", content: templates.render(v, "leads-index"), breadcrumbs: [],
                         description: "Every role that leads a key action of the plan, with the number of actions it leads.")
    }

    func leadDrafts(_ leads: LeadIndex) -> [PageDraft] {
        // Each lead's page at once (a lead of many actions is a long page: at ~10,000 pages these were the longest
        // group of drafts, one after another).
        Parallel.map(leads.roles, threads: threads) { role in
            let page = leads.path(role.name)
            let distinct = Set(role.rows.map { linked.original[$0.ref] ?? $0.ref }).count
            let v: View = [
                "name": role.name, "countText": "\(role.rows.count) key action\(role.rows.count == 1 ? "" : "s")", "tableID": "lead-actions", "distinct": distinct, "hasRepeats": distinct != role.rows.count,
                "rows": actionRowsView(role.rows, page: page, leads: leads),
                "caption": "Key actions led by \(role.name)",
                "actions": link(IndexPath.actions, from: page, "").href,
            ]
            return PageDraft(path: page, title: "Lead: \(role.name)", content: templates.render(v, "lead"),
                             breadcrumbs: [(IndexPath.leads, "Leads")],
                             description: "The key actions led by \(role.name).")
        }
    }

    // MARK: What a cited item asks

    /// An item's short text, for links that cite it by number: its authored `short:`, else its first clause.
    func shortText(_ key: ItemKey) -> String { shortTexts[key] ?? "" }

    /// Every item's short text, made once per build (every action page cites some).
    static func shortTexts(_ linked: LinkedPlan, threads: Int = Parallel.defaultThreads) -> [ItemKey: String] {
        let items = Array(linked.items)
        let texts = Parallel.map(items, threads: threads) { key, entry in
            entry.item.short ?? ShortText.of(entry.item.text.isEmpty ? (entry.item.note ?? "") : entry.item.text)
        }
        return Dictionary(uniqueKeysWithValues: zip(items.map(\.key), texts))
    }
}

/// The first clause of a recommendation: up to the first ";", ":", or sentence end, at most ~12 words.
enum ShortText {
    /// The first clause of `text` (cut at the first "; ", ": ", ". ", " – " or " - " that comes at least 12
    /// characters in, in that order of preference), trimmed, and at most `limit` words.
    static func of(_ text: String, words limit: Int = 12) -> String {
        var clause = Substring(text)
        // Plain ASCII text (PlainASCII) is searched by its bytes, and has no " – " in it.
        let plain = PlainASCII.isPlain(text)
        for stop in ["; ", ": ", ". ", " – ", " - "] {
            if plain && !PlainASCII.isPlain(stop) { continue }
            let found = plain ? PlainASCII.firstRange(of: stop, inPlain: text, end: clause.utf8.count) : clause.firstRange(of: stop)
            if let r = found, clause[..<r.lowerBound].count >= 12 { clause = clause[..<r.lowerBound] }
        }
        let trim: (Character) -> Bool = { $0 == " " || $0 == "." || $0 == ";" || $0 == ":" || $0 == "," }
        while let first = clause.first, trim(first) { clause.removeFirst() }
        while let last = clause.last, trim(last) { clause.removeLast() }
        var words = 0, index = clause.startIndex, inWord = false
        while index < clause.endIndex {
            if clause[index] == " " {
                inWord = false
            } else if !inWord {
                inWord = true
                words += 1
                if words > limit {
                    return clause[..<index].split(separator: " ").joined(separator: " ") + "…"
                }
            }
            index = clause.index(after: index)
        }
        return String(clause)
    }
}
