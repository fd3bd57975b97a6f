// PlanRendering/ProgressPages: the plan over time on the site. Each action's
// current status, timeline and history; each work area's roll-up; a report
// card per reporting month and their index; measures over time with SVG charts
// (built here, no JavaScript) beside their data tables. Views are dictionaries
// (MustacheParent); every decision is made here, templates only lay it out.

import Foundation
import Markdown
import PlanLinking
import PlanModel

extension SiteRenderer {
    typealias View = [String: Any]

    var progress: LinkedProgress { linked.progress }

    /// "As at 31 January 2016".
    var asAtText: String? { progress.asAt.map { "As at \($0.endDay.text)" } }

    func statusView(_ s: StatusDefinition) -> StatusView {
        StatusView(label: s.label, meaning: s.meaning, cssClass: "progress-status progress-status-\(s.colour ?? "none")")
    }

    func sourceText(_ source: SourceCitation) -> String {
        source.title + (source.date.map { ", \($0.text)" } ?? "")
    }

    func updateView(_ u: LinkedUpdate, page: String, showTarget: Bool) -> UpdateView {
        let report = progress.reports.first { $0.id == u.reportID }
        let month = report?.date ?? u.update.date
        let target = showTarget ? targetLink(u.target, page: page) : nil
        return UpdateView(
            date: u.update.date.text, html: linked.rendered[u.textKey]?.html ?? "",
            source: report.map { sourceText($0.source) } ?? "",
            reportCard: link(ProgressPath.reportCard(month.monthKey), from: page, "").href,
            reportCardText: "Report card: \(ContentDate(year: month.year, month: month.month, day: nil).text)",
            status: u.update.status.flatMap { progress.vocabulary.status($0) }.map(statusView),
            quote: u.update.quote, timeframe: u.update.timeframe.isEmpty ? nil : u.update.timeframe.joined(separator: " to "),
            target: target.map { LinkView(href: $0["href"] as? String ?? "", text: $0["text"] as? String ?? "") },
            updateSlippage: slippage(of: u))
    }

    /// "Slipped: the revised timeframe ends in Q1 26/27, later than planned (Q4 25/26)." for an update revising an action's timeframe.
    func slippage(of u: LinkedUpdate) -> String? {
        guard case .action(let ref) = u.target, !u.update.timeframe.isEmpty,
              let planned = linked.actionRow(ref)?.timeframe.compactMap(FinancialQuarter.index).max(),
              let revised = u.update.timeframe.compactMap(FinancialQuarter.index).max(), revised > planned else { return nil }
        return "The revised timeframe ends in \(FinancialQuarter.text(index: revised)), later than planned (\(FinancialQuarter.text(index: planned)))."
    }

    func targetLink(_ target: ProgressTarget, page: String) -> View {
        switch target {
        case .plan: return ["href": link("index.html", from: page, "").href, "text": "The plan as a whole"]
        case .action(let ref): return ["href": link(SitePath.action(ref), from: page, "").href, "text": "Action \(ref)"]
        case .workArea(let n): return ["href": link(SitePath.workArea(n), from: page, "").href, "text": "Work area \(n)"]
        case .item(let key):
            let name = linked.register(key.register).map { "\($0.shortTitle) \($0.itemName) \(key.number): \(shortText(key))" } ?? key.description
            return ["href": link(linked.path(of: key), from: page, "").href, "text": name]
        }
    }

    // MARK: Actions

    /// The action's progress section: current status, timeline and history.
    /// A withdrawn action's (`withdrawn`): the progress reported on it before it was withdrawn, its last status so named.
    func actionProgressHTML(_ row: ActionRow, page: String, withdrawn: Bool = false) -> String {
        let origin = linked.original[row.ref] ?? row.ref
        guard origin != row.ref || !(progress.history[.action(origin)] ?? []).isEmpty else {
            // No update names the action (so it has no status and no revised timeframe either): the section says
            // the same on every such page at the same depth, and is rendered once for them.
            let reportCards = link(ProgressPath.reportCards, from: page, "").href
            return memo.value("progress-action none\u{0}\(withdrawn)\u{0}\(reportCards)") {
                makeActionProgressHTML(row, page: page, withdrawn: withdrawn)
            }
        }
        return makeActionProgressHTML(row, page: page, withdrawn: withdrawn)
    }

    private func makeActionProgressHTML(_ row: ActionRow, page: String, withdrawn: Bool) -> String {
        let origin = linked.original[row.ref] ?? row.ref
        let target = ProgressTarget.action(origin)
        let history = progress.history[target] ?? []
        var v: View = ["hasUpdates": !history.isEmpty,
                       "currentLabel": withdrawn ? "Last status reported before it was withdrawn" : "Current status",
                       "reportCards": link(ProgressPath.reportCards, from: page, "").href]
        if !withdrawn, let asAtText { v["asAt"] = asAtText }
        if origin != row.ref { v["original"] = "This row repeats action \(origin): its progress is the progress of action \(origin)." }
        if let c = progress.current(target) {
            v["current"] = statusView(c.status)
            v["currentDate"] = c.update.update.date.text
        }
        v["updates"] = history.map { updateView($0, page: page, showTarget: false) }
        // Timeline: planned and revised quarters as a table with the quarters as columns.
        let planned = (linked.rows[origin] ?? row).timeframe
        let revised = progress.revisedTimeframe(target)?.quarters ?? []
        let indices = (planned + revised).compactMap(FinancialQuarter.index)
        if !revised.isEmpty, let lo = indices.min(), let hi = indices.max() {
            let columns = (lo...hi).map { FinancialQuarter.text(index: $0) }
            func cells(_ quarters: [String]) -> [View] {
                let set = Set(quarters.compactMap(FinancialQuarter.index))
                let range = set.isEmpty ? nil : (set.min()!...set.max()!)
                return (lo...hi).map { i in range?.contains(i) == true ? ["text": "Planned", "on": true] : ["text": "–", "on": false] }
            }
            var rows: [View] = []
            rows.append(["heading": "Planned", "cells": planned.isEmpty ? (lo...hi).map { _ in ["text": "not stated", "on": false] as View } : cells(planned)])
            rows.append(["heading": "Revised", "cells": cells(revised).map { c -> View in var c = c; if c["on"] as? Bool == true { c["text"] = "Revised" }; return c }])
            v["timeline"] = ["columns": columns, "rows": rows, "caption": "Timeframe of action \(origin) by quarter (financial years)"] as View
            if let pEnd = planned.compactMap(FinancialQuarter.index).max(), let rEnd = revised.compactMap(FinancialQuarter.index).max() {
                if rEnd > pEnd {
                    v["slippage"] = "The revised timeframe ends in \(FinancialQuarter.text(index: rEnd)), later than planned (\(FinancialQuarter.text(index: pEnd)))."
                } else {
                    v["onTime"] = "The revised timeframe ends within the planned timeframe."
                }
            } else if planned.isEmpty {
                v["onTime"] = "The plan does not state a timeframe for this action; the latest update gives \(revised.joined(separator: " to "))."
            }
        }
        return templates.render(v, "progress-action")
    }

    // MARK: Register items

    /// The actions that address a register item: those citing it (or one of its sub-points) themselves, and every
    /// action of a work area that addresses it; each counted once, by its original.
    func actionsAddressing(_ key: ItemKey) -> [String] {
        var keys = [key]
        if let item = linked.items[key]?.item { keys += item.items.map { ItemKey(key.register, key.number + $0.number) } }
        var refs: [String] = []
        for k in keys {
            let by = linked.addressedBy[k] ?? Addressers()
            refs += by.actions
            for n in by.workAreas.sorted() { refs += linked.rows(ofWorkArea: n).map(\.ref) }
        }
        var unique: [String] = [], seen = Set<String>()
        for r in refs.map({ linked.original[$0] ?? $0 }) where seen.insert(r).inserted { unique.append(r) }
        return unique
    }

    /// "Progress of the 4 actions that address it: 1 complete, 2 in progress and 1 with no status reported."
    func itemProgress(_ key: ItemKey, page: String) -> ItemProgressView? {
        let refs = actionsAddressing(key)
        let updates = (progress.history[.item(key)] ?? []).map { updateView($0, page: page, showTarget: false) }
        guard !refs.isEmpty || !updates.isEmpty else { return nil }
        var text = ""
        var parts: [String] = []
        if !refs.isEmpty {
            let counts = progress.counts(refs)
            let phrases = counts.byStatus.map { "\($0.refs.count) \($0.status.label.lowercased())" }
                + (counts.noStatus.isEmpty ? [] : ["\(counts.noStatus.count) with no status reported"])
            text = "Progress of the \(refs.count == 1 ? "action" : "\(refs.count) actions") that address\(refs.count == 1 ? "es" : "") it: " + Prose.list(phrases) + "."
            if counts.counted > 0, !counts.byStatus.isEmpty {
                text += " \(counts.done) of \(counts.counted) delivered."
            }
            parts = counts.byStatus.map { s in "\(s.status.label): " + Prose.list(s.refs.map { "<a href=\"\(HTML.escape(SitePath.relative(from: page, to: SitePath.action($0))))\">\($0)</a>" }) }
        }
        let current = progress.current(.item(key))
        return ItemProgressView(text: text, hasText: !text.isEmpty, actionsHTML: parts.joined(separator: "; "),
                                current: current.map { statusView($0.status) }, currentDate: current?.update.update.date.text ?? "",
                                updates: updates, hasUpdates: !updates.isEmpty)
    }

    /// How a register item's progress is counted, stated once on each page that shows it.
    var itemRollUpRule: String {
        let done = progress.vocabulary.statuses.filter { $0.rollup == .done }.map(\.label)
        let excluded = progress.vocabulary.statuses.filter { $0.rollup == .excluded }.map(\.label)
        return "The progress of each item counts every action that addresses it: the actions that cite it (or one of its sub-points) themselves, and every action of a work area that addresses it. Each action is counted once, under its latest reported status; an action repeated in another work area is counted once. "
            + (done.isEmpty ? "" : "\(done.joined(separator: " or ")) counts as delivered. ")
            + (excluded.isEmpty ? "" : "\(excluded.joined(separator: " or ")) actions are left out of the number delivered. ")
            + "Updates on the item itself are listed beneath it, newest first."
    }

    // MARK: Work areas

    func rollUpView(_ refs: [String], page: String, caption: String, chartID: String) -> View {
        let counts = progress.counts(refs)
        var rows: [View] = counts.byStatus.map { ["label": $0.status.label, "count": $0.refs.count,
                                                   "refs": $0.refs.map { r in ["href": link(SitePath.action(r), from: page, r).href, "text": r] as View }] }
        if !counts.noStatus.isEmpty {
            rows.append(["label": "No status reported", "count": counts.noStatus.count, "refs": [View]()])
        }
        let bars = counts.byStatus.map { ($0.status.label, Double($0.refs.count)) } + (counts.noStatus.isEmpty ? [] : [("No status reported", Double(counts.noStatus.count))])
        let summary = counts.byStatus.isEmpty
            ? "No status has been reported on any of its \(counts.total) action\(counts.total == 1 ? "" : "s")."
            : "Of \(counts.total) action\(counts.total == 1 ? "" : "s"): " + (counts.byStatus.map { "\($0.refs.count) \($0.status.label.lowercased())" } + (counts.noStatus.isEmpty ? [] : ["\(counts.noStatus.count) with no status reported"])).joined(separator: ", ") + "."
        return ["rows": rows, "caption": caption, "summary": summary, "done": counts.done, "counted": counts.counted,
                "chart": counts.byStatus.isEmpty ? "" : SVGChart.bars(id: chartID, title: caption, summary: summary, bars: bars, horizontal: true)]
    }

    func workAreaProgressHTML(_ area: WorkArea, page: String) -> String {
        let refs = linked.rows(ofWorkArea: area.number).map { linked.original[$0.ref] ?? $0.ref }
        var unique: [String] = []
        var seen = Set<String>()
        for r in refs where seen.insert(r).inserted { unique.append(r) }
        var v = rollUpView(unique, page: page, caption: "Actions of work area \(area.number) by status", chartID: "workarea-\(area.number)-status")
        v["asAt"] = asAtText ?? ""
        v["rule"] = rollUpRule
        v["updates"] = (progress.history[.workArea(area.number)] ?? []).map { updateView($0, page: page, showTarget: false) }
        return templates.render(v, "progress-rollup")
    }

    var rollUpRule: String {
        let done = progress.vocabulary.statuses.filter { $0.rollup == .done }.map(\.label)
        let excluded = progress.vocabulary.statuses.filter { $0.rollup == .excluded }.map(\.label)
        return "Each action is counted once, under its latest reported status; an action repeated in another work area is counted once. "
            + (done.isEmpty ? "" : "\(done.joined(separator: " or ")) counts as delivered. ")
            + (excluded.isEmpty ? "" : "\(excluded.joined(separator: " or ")) actions are left out of the totals.")
    }

    // MARK: Report cards and measures over time

    /// `rows`, with `extra` (withdrawn actions) each put before the first row whose ref comes after its own.
    static func inRefOrder(_ rows: [ActionRow], adding extra: [ActionRow]) -> [ActionRow] {
        var out = rows
        for w in extra.sorted(by: { ProgressTarget.action($0.ref) < ProgressTarget.action($1.ref) }) {
            out.insert(w, at: out.firstIndex { ProgressTarget.action(w.ref) < ProgressTarget.action($0.ref) } ?? out.count)
        }
        return out
    }

    /// The withdrawn actions (as at the build's date), which keep the progress reported before they were withdrawn.
    var withdrawnRows: [ActionRow] { linked.plan.withdrawnActions.filter { linked.rows[$0.ref] == nil } }

    func progressDrafts() -> [PageDraft] {
        var drafts: [PageDraft] = []
        let indexPage = ProgressPath.reportCards
        let periods = progress.periods
        let indexView: View = [
            "asAt": asAtText ?? "",
            "cards": periods.map { p -> View in
                let updates = p.reports.flatMap { progress.updatesByReport[$0.id] ?? [] }
                return ["href": link(ProgressPath.reportCard(p.key), from: indexPage, "").href, "title": "Report card: \(p.date.text)",
                        "reports": p.reports.map { sourceText($0.source) },
                        "count": "\(updates.count) update\(updates.count == 1 ? "" : "s")"]
            },
            "hasCards": !periods.isEmpty,
            "measures": progress.series.isEmpty ? false : link(ProgressPath.demandAndVolumes, from: indexPage, "").href,
        ]
        drafts.append(PageDraft(path: indexPage, title: "Report cards", content: templates.render(indexView, "report-cards"), breadcrumbs: []))
        for (i, p) in periods.enumerated() {
            let page = ProgressPath.reportCard(p.key)
            let periodEnd = min(p.date.endDay, progress.asAt?.endDay ?? p.date.endDay)
            let updates = p.reports.flatMap { progress.updatesByReport[$0.id] ?? [] }
            let updatedTargets = Set(updates.map(\.target))
            // What moved: each action whose status at the end of this period differs from the end of the previous one.
            let previousEnd = i + 1 < periods.count ? periods[i + 1].date.endDay : nil
            func statusAt(_ ref: String, _ end: ContentDate?) -> StatusDefinition? {
                guard let end else { return nil }
                for u in progress.history[.action(ref)] ?? [] where u.update.date <= end {
                    if let id = u.update.status, let s = progress.vocabulary.status(id) { return s }
                }
                return nil
            }
            // The withdrawn actions that stood in this period (withdrawn after the previous one ended): their updates
            // are part of it; one withdrawn in it with no update is named as withdrawn.
            let stood = withdrawnRows.filter { w in
                guard let end = previousEnd, let date = w.withdrawn?.date.endDay else { return true }
                return date > end
            }
            let withdrawnIn = Dictionary(stood.compactMap { w in w.withdrawn.flatMap { $0.date.endDay <= periodEnd ? (w.ref, $0.date) : nil } },
                                         uniquingKeysWith: { first, _ in first })
            var changed: [String: (from: StatusDefinition?, to: StatusDefinition)] = [:]
            var movedList: [View] = []
            for row in Self.inRefOrder(linked.distinctActions, adding: stood) {
                guard let to = statusAt(row.ref, periodEnd) else { continue }
                let from = statusAt(row.ref, previousEnd)
                guard from?.id != to.id else { continue }
                changed[row.ref] = (from, to)
                movedList.append(["href": link(SitePath.action(row.ref), from: page, "").href, "text": "Action \(row.ref)",
                                  "change": from.map { "from \($0.label.lowercased()) to \(to.label.lowercased())" } ?? "\(to.label.lowercased()) (its first status)",
                                  "status": statusView(to)])
            }
            var areas: [View] = []
            for area in linked.plan.workAreas.sorted(by: { $0.number < $1.number }) {
                var refs: [String] = []
                for row in Self.inRefOrder(linked.rows(ofWorkArea: area.number), adding: stood.filter { $0.workArea == area.number })
                    where linked.original[row.ref] ?? row.ref == row.ref { refs.append(row.ref) }
                // Updated actions, those whose status moved first; then the actions with no update, leaving out
                // those already delivered or withdrawn before the period began.
                let moved = refs.filter { updatedTargets.contains(.action($0)) && changed[$0] != nil }
                    + refs.filter { updatedTargets.contains(.action($0)) && changed[$0] == nil }
                let still = refs.filter { !updatedTargets.contains(.action($0)) && withdrawnIn[$0] == nil && (statusAt($0, previousEnd)?.rollup ?? .open) == .open }
                let settled = refs.filter { !updatedTargets.contains(.action($0)) && (withdrawnIn[$0] != nil || (statusAt($0, previousEnd)?.rollup ?? .open) != .open) }
                areas.append([
                    "title": "Work area \(area.number): \(area.title)",
                    "href": link(SitePath.workArea(area.number), from: page, "").href,
                    "updates": moved.flatMap { r in updates.filter { $0.target == .action(r) } }.map { u -> UpdateView in
                        var v = updateView(u, page: page, showTarget: true)
                        let ref: String = { if case .action(let r) = u.target { return r }; return "" }()
                        v.what = linked.actionRow(ref)?.what ?? ""
                        return v
                    },
                    "hasMoved": !moved.isEmpty,
                    "hasNone": !still.isEmpty,
                    "noneHTML": "\(still.count == 1 ? "One action has" : "\(still.count) actions have") no update in this period: "
                        + Prose.list(still.map { "<a href=\"\(HTML.escape(link(SitePath.action($0), from: page, "").href))\">\($0)</a>" }) + ".",
                    "hasSettled": !settled.isEmpty,
                    "settled": settled.isEmpty ? "" : "No update needed, as already delivered or withdrawn: "
                        + Prose.list(settled.map { ref in "\(ref) (\(withdrawnIn[ref].map { "withdrawn on \($0.text)" } ?? statusAt(ref, previousEnd)?.label.lowercased() ?? ""))" }) + ".",
                ])
            }
            let other = updates.filter { if case .action = $0.target { return false }; return true }.map { updateView($0, page: page, showTarget: true) }
            let measures = progress.series.compactMap { s -> View? in
                let known = s.observations.filter { $0.date <= periodEnd }
                guard let last = known.last else { return nil }
                return ["title": s.title, "value": last.value ?? "not available", "period": last.period,
                        "direction": SeriesText.direction(s, upTo: known)]
            }
            func texts(_ key: String) -> [String] { p.reports.compactMap { linked.rendered["progress:\($0.id):\(key)"]?.html } }
            let v: View = [
                "asAt": "As at \(periodEnd.text)",
                "sources": p.reports.map { r -> View in ["title": r.title, "source": sourceText(r.source), "summary": linked.rendered["progress:\(r.id):summary"]?.html ?? ""] },
                "areas": areas, "other": other, "hasOther": !other.isEmpty,
                "moved": movedList, "hasMovedList": !movedList.isEmpty,
                "movedIntro": i + 1 < periods.count ? "Since the \(periods[i + 1].date.text) report card:" : "The first statuses reported:",
                "measures": measures, "hasMeasures": !measures.isEmpty,
                "measuresHref": progress.series.isEmpty ? "" : link(ProgressPath.demandAndVolumes, from: page, "").href,
                "scorecardHref": link(linked.scorecardPath, from: page, "").href, "hasScorecard": linked.plan.scorecard != nil,
                "audits": texts("audits"), "hasAudits": !texts("audits").isEmpty,
                "risks": texts("risks"), "hasRisks": !texts("risks").isEmpty,
                "previous": i + 1 < periods.count ? ["href": link(ProgressPath.reportCard(periods[i + 1].key), from: page, "").href, "text": "Report card: \(periods[i + 1].date.text)"] as View : false,
            ]
            var d = PageDraft(path: page, title: "Report card: \(p.date.text)", content: templates.render(v, "report-card"),
                              breadcrumbs: [(indexPage, "Report cards")])
            d.inSequence = false
            drafts.append(d)
        }
        if !progress.series.isEmpty {
            let page = ProgressPath.demandAndVolumes
            var groups: [String] = []
            for s in progress.series where !groups.contains(s.group) { groups.append(s.group) }
            let v: View = [
                "asAt": asAtText ?? "",
                "groups": groups.map { g -> View in
                    ["heading": g, "series": progress.series.filter { $0.group == g }.map { s -> View in
                        let numbers = s.observations.compactMap { o in o.number.map { (o.period, $0) } }
                        let summary = SeriesText.summary(s)
                        let id = "measure-\(s.id)"
                        // No figures: the summary says so, once, with no chart or empty table under it.
                        return ["id": id, "title": s.title, "summary": summary, "direction": SeriesText.direction(s, upTo: s.observations), "hasDirection": !numbers.isEmpty,
                                "hasChart": numbers.count >= 2, "hasRows": !s.observations.isEmpty,
                                "chart": numbers.count >= 2 ? (s.chart == "bar" ? SVGChart.bars(id: id + "-chart", title: s.title, summary: summary, bars: numbers, horizontal: false)
                                                                                  : SVGChart.line(id: id + "-chart", title: s.title, summary: summary, points: numbers)) : "",
                                "unit": s.unit ?? "value",
                                "rows": s.observations.map { o -> View in ["period": o.period, "date": o.date.text, "value": o.value ?? "not available", "qualifier": o.qualifier ?? ""] },
                                "hasBenchmark": s.benchmark != nil, "benchmark": s.benchmark ?? "", "target": s.target ?? "", "hasTarget": s.target != nil]
                    }]
                },
            ]
            var d = PageDraft(path: page, title: "Demand and volumes over time", content: templates.render(v, "measures-over-time"),
                              breadcrumbs: [(indexPage, "Report cards")])
            d.inSequence = false
            drafts.append(d)
        }
        return drafts
    }

    /// The draft with `html` added after its content.
    func appending(_ html: String, to d: PageDraft) -> PageDraft {
        var out = PageDraft(path: d.path, title: d.title, content: d.content + html, breadcrumbs: d.breadcrumbs)
        out.inSequence = d.inSequence; out.noindex = d.noindex; out.description = d.description
        return out
    }
}

/// A status in words, with its colour class as a supplement.
struct StatusView { let label: String; let meaning: String; let cssClass: String }

extension Theme {
    /// The colours a status may be given: the NAMEs of the `.progress-status-NAME` rules of the theme's style sheets
    /// (a status of another colour would be shown in the plain `.progress-status` colour, without a word).
    public var statusColours: [String] {
        var names = Set<String>()
        let marker = Array(".progress-status-".utf8)
        // A byte search (Foundation's components(separatedBy:) over the style sheet took a millisecond of every build).
        for (path, bytes) in assets where path.hasSuffix(".css") {
            bytes.withUnsafeBytes { (css: UnsafeRawBufferPointer) in
                guard let base = css.baseAddress else { return }
                var at = 0
                while at + marker.count <= css.count, let dot = memchr(base + at, Int32(marker[0]), css.count - at) {
                    let hit = base.distance(to: UnsafeRawPointer(dot))
                    guard hit + marker.count <= css.count, memcmp(base + hit, marker, marker.count) == 0 else { at = hit + 1; continue }
                    let start = hit + marker.count
                    var end = start
                    while end < css.count, HTMLScanner.isNameByte(css[end]) { end += 1 }
                    if end > start { names.insert(String(decoding: css[start..<end], as: UTF8.self)) }
                    at = end
                }
            }
        }
        return names.sorted()
    }

    /// A status whose colour the theme does not have: an error at the colour, naming the colours it has.
    public func statusColourProblems(_ statuses: StatusVocabulary) -> [Diagnostic] {
        let colours = statusColours
        // A status the site did not declare (the standard ones) is reported at the site's own style sheet, the file
        // that took its colour away.
        let styleSheet = assetSources.filter { $0.key.hasSuffix(".css") }.sorted { $0.key < $1.key }.first.map { SourceLocation(file: $0.value) }
        guard !colours.isEmpty else {
            let missing = statuses.statuses.filter { $0.colour != nil }
            guard let first = missing.first else { return [] }
            return [.error("unknown-colour", at: first.colourLocation ?? first.location ?? styleSheet,
                           "the theme's style sheets give no status colours (no .progress-status-NAME rules), so every status would be shown grey: \(missing.map { "'\($0.id)' (\($0.colour!))" }.joined(separator: ", "))",
                           suggestion: "copy the .progress-status-… rules of the default theme's style.css into the site's style sheet, e.g. .progress-status-\(first.colour!) { … }")]
        }
        return statuses.statuses.compactMap { s in
            guard let colour = s.colour, !colours.contains(colour) else { return nil }
            return .error("unknown-colour", at: s.colourLocation ?? s.location ?? styleSheet,
                          "the status '\(s.id)' has the colour '\(colour)', which the theme does not have (it would be shown grey)",
                          suggestion: "use one of: \(colours.joined(separator: ", ")), or add a rule .progress-status-\(colour) to the theme's style sheet")
        }
    }
}

/// One dated update, as the action, work area, register and report card pages show it.
struct UpdateView {
    let date: String
    let html: String
    let source: String
    let reportCard: String
    let reportCardText: String
    let status: StatusView?
    let quote: String?
    let timeframe: String?
    let target: LinkView?
    /// Words flagging a revised timeframe that ends later than planned.
    let updateSlippage: String?
    /// The action's text, on the report card.
    var what: String = ""
}

/// The progress of a register item: its addressing actions rolled up, and updates on the item itself.
struct ItemProgressView {
    let text: String
    let hasText: Bool
    let actionsHTML: String
    let current: StatusView?
    let currentDate: String
    let updates: [UpdateView]
    let hasUpdates: Bool
}

/// Words about a measure over time.
enum SeriesText {
    static func format(_ x: Double) -> String {
        x == x.rounded() && x.magnitude < 1e15 ? Numerals.grouped(Int(x)) : String(x)
    }

    static func summary(_ s: MeasureSeries) -> String {
        let known = s.observations.filter { $0.number != nil }
        guard let first = known.first, let last = known.last else { return "No figures are available." }
        if known.count == 1 { return "\(last.value ?? "") at \(last.period)." }
        let lo = known.min { $0.number! < $1.number! }!, hi = known.max { $0.number! < $1.number! }!
        return "From \(first.value ?? "") at \(first.period) to \(last.value ?? "") at \(last.period); lowest \(lo.value ?? "") (\(lo.period)), highest \(hi.value ?? "") (\(hi.period))."
    }

    /// A scorecard measure's direction of travel in words, where its polarity is authored: the last two figures compared,
    /// "Lower than the previous figure (1,700, Oct 2014): better." Nil without a polarity or two figures to compare.
    static func direction(_ m: Measure) -> String? {
        guard let polarity = m.polarity else { return nil }
        func number(_ o: Observation) -> Double? {
            o.value.flatMap { Double($0.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "%", with: "").trimmingWhitespace()) }
        }
        let known = m.observations.compactMap { o in number(o).map { (o, $0) } }
        let better = polarity == .higher ? "higher is better" : polarity == .lower ? "lower is better" : ""
        guard known.count >= 2 else {
            return "Not enough figures to show a direction of travel" + (better.isEmpty ? "." : " (\(better)).")
        }
        let (prev, a) = known[known.count - 2], (_, b) = known[known.count - 1]
        var text = b > a ? "Higher than" : b < a ? "Lower than" : "The same as"
        text += " the previous figure (\(prev.value ?? ""), \(prev.cellPeriod ?? prev.column))"
        switch (polarity, b > a, b < a) {
        case (.higher, true, _), (.lower, _, true): text += ": better, as \(better)"
        case (.higher, _, true), (.lower, true, _): text += ": worse, as \(better)"
        default: break
        }
        text += "."
        if let bench = number(m.benchmark), let value = m.benchmark.value {
            text += b > bench ? " Above the benchmark (\(value))." : b < bench ? " Below the benchmark (\(value))." : " Level with the benchmark."
        }
        return text
    }

    /// "Higher than the previous figure (995 at 31 March 2015); lower is better, so this is worse."
    static func direction(_ s: MeasureSeries, upTo known: [TimedObservation]) -> String {
        let numbered = known.filter { $0.number != nil }
        guard numbered.count >= 2 else { return numbered.isEmpty ? "No figure is available." : "There is no earlier figure to compare with." }
        let last = numbered[numbered.count - 1], previous = numbered[numbered.count - 2]
        let a = previous.number!, b = last.number!
        var text = b > a ? "Higher than" : b < a ? "Lower than" : "The same as"
        text += " the previous figure (\(previous.value ?? ""), \(previous.period))"
        switch (s.polarity, b > a, b < a) {
        case (.higher, true, _), (.lower, _, true): text += ": better"
        case (.higher, _, true), (.lower, true, _): text += ": worse"
        default: break
        }
        text += "."
        if let bench = s.benchmark.flatMap({ Double($0.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "%", with: "")) }) {
            text += b > bench ? " Above the benchmark (\(s.benchmark!))." : b < bench ? " Below the benchmark (\(s.benchmark!))." : " Level with the benchmark."
        }
        return text
    }
}

/// Charts as inline SVG, built at build time: a title and description for
/// assistive technology (the data table beside each chart carries the figures).
enum SVGChart {
    static func esc(_ s: String) -> String { HTML.escape(s) }
    static func num(_ x: Double) -> String { Numerals.oneDecimal(x) }

    static func frame(id: String, title: String, summary: String, width: Int, height: Int, body: String) -> String {
        "<svg class=\"chart\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" focusable=\"false\" xmlns=\"http://www.w3.org/2000/svg\">"
            + "<title id=\"\(id)-title\">\(esc(title))</title><desc id=\"\(id)-desc\">\(esc(summary))</desc>" + body + "</svg>"
    }

    static func line(id: String, title: String, summary: String, points: [(String, Double)]) -> String {
        let w = 640.0, h = 260.0, left = 60.0, right = 20.0, top = 20.0, bottom = 50.0
        let maxV = niceMax(points.map(\.1).max() ?? 1)
        let step = points.count > 1 ? (w - left - right) / Double(points.count - 1) : 0
        func x(_ i: Int) -> Double { left + Double(i) * step }
        func y(_ v: Double) -> Double { top + (h - top - bottom) * (1 - v / maxV) }
        var body = axes(w: w, h: h, left: left, right: right, top: top, bottom: bottom, maxV: maxV)
        body += "<polyline fill=\"none\" stroke=\"#1d70b8\" stroke-width=\"3\" points=\"" + points.enumerated().map { "\(num(x($0.offset))),\(num(y($0.element.1)))" }.joined(separator: " ") + "\"/>"
        for (i, p) in points.enumerated() {
            // The first and last labels are anchored inwards, so that they neither leave the chart nor cover the axis.
            let anchor = points.count < 2 ? "middle" : i == 0 ? "start" : i == points.count - 1 ? "end" : "middle"
            body += "<circle cx=\"\(num(x(i)))\" cy=\"\(num(y(p.1)))\" r=\"4\" fill=\"#1d70b8\"/>"
            body += "<text x=\"\(num(x(i)))\" y=\"\(num(y(p.1) - 10))\" text-anchor=\"\(anchor)\" font-size=\"13\" fill=\"#0b0c0c\">\(esc(SeriesText.format(p.1)))</text>"
            body += "<text x=\"\(num(x(i)))\" y=\"\(num(h - bottom + 20))\" text-anchor=\"\(anchor)\" font-size=\"12\" fill=\"#0b0c0c\">\(esc(p.0))</text>"
        }
        return frame(id: id, title: title, summary: summary, width: Int(w), height: Int(h), body: body)
    }

    static func bars(id: String, title: String, summary: String, bars: [(String, Double)], horizontal: Bool) -> String {
        if horizontal {
            let w = 640.0, rowH = 30.0, left = 200.0, right = 60.0
            let h = Double(bars.count) * rowH + 20
            let maxV = max(bars.map(\.1).max() ?? 1, 1)
            var body = ""
            for (i, b) in bars.enumerated() {
                let y = 10 + Double(i) * rowH
                let len = (w - left - right) * b.1 / maxV
                body += "<text x=\"\(num(left - 8))\" y=\"\(num(y + 19))\" text-anchor=\"end\" font-size=\"13\" fill=\"#0b0c0c\">\(esc(b.0))</text>"
                body += "<rect x=\"\(num(left))\" y=\"\(num(y + 4))\" width=\"\(num(len))\" height=\"\(num(rowH - 10))\" fill=\"#1d70b8\"/>"
                body += "<text x=\"\(num(left + len + 6))\" y=\"\(num(y + 19))\" font-size=\"13\" fill=\"#0b0c0c\">\(esc(SeriesText.format(b.1)))</text>"
            }
            return frame(id: id, title: title, summary: summary, width: Int(w), height: Int(h), body: body)
        }
        let w = 640.0, h = 260.0, left = 60.0, right = 20.0, top = 20.0, bottom = 50.0
        let maxV = niceMax(bars.map(\.1).max() ?? 1)
        let slot = (w - left - right) / Double(max(bars.count, 1))
        var body = axes(w: w, h: h, left: left, right: right, top: top, bottom: bottom, maxV: maxV)
        for (i, b) in bars.enumerated() {
            let barH = (h - top - bottom) * b.1 / maxV
            let x = left + Double(i) * slot + slot * 0.2
            body += "<rect x=\"\(num(x))\" y=\"\(num(h - bottom - barH))\" width=\"\(num(slot * 0.6))\" height=\"\(num(barH))\" fill=\"#1d70b8\"/>"
            body += "<text x=\"\(num(x + slot * 0.3))\" y=\"\(num(h - bottom - barH - 6))\" text-anchor=\"middle\" font-size=\"13\" fill=\"#0b0c0c\">\(esc(SeriesText.format(b.1)))</text>"
            body += "<text x=\"\(num(x + slot * 0.3))\" y=\"\(num(h - bottom + 20))\" text-anchor=\"middle\" font-size=\"12\" fill=\"#0b0c0c\">\(esc(b.0))</text>"
        }
        return frame(id: id, title: title, summary: summary, width: Int(w), height: Int(h), body: body)
    }

    static func niceMax(_ v: Double) -> Double {
        guard v > 0 else { return 1 }
        let magnitude = pow(10, floor(log10(v)))
        for m in [1.0, 2.0, 2.5, 5.0, 10.0] where m * magnitude >= v * 1.1 { return m * magnitude }
        return 10 * magnitude
    }

    static func axes(w: Double, h: Double, left: Double, right: Double, top: Double, bottom: Double, maxV: Double) -> String {
        var out = "<line x1=\"\(num(left))\" y1=\"\(num(h - bottom))\" x2=\"\(num(w - right))\" y2=\"\(num(h - bottom))\" stroke=\"#505a5f\"/>"
        for k in 0...4 {
            let v = maxV * Double(k) / 4
            let y = top + (h - top - bottom) * (1 - Double(k) / 4)
            out += "<line x1=\"\(num(left))\" y1=\"\(num(y))\" x2=\"\(num(w - right))\" y2=\"\(num(y))\" stroke=\"#b1b4b6\" stroke-dasharray=\"2 4\"/>"
            out += "<text x=\"\(num(left - 6))\" y=\"\(num(y + 4))\" text-anchor=\"end\" font-size=\"12\" fill=\"#0b0c0c\">\(esc(SeriesText.format(v)))</text>"
        }
        return out
    }
}
