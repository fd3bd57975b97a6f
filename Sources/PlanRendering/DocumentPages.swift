// PlanRendering/DocumentPages: the documents around the plan on the site. A
// page per inspection (judgements against the previous ones, recommendations,
// findings with their tags, statistics, team), the 2015-to-2018 page of
// recurring concerns, the scrutiny pages (meetings with their minutes and
// recommendations, the tracker), the lists of other documents (priorities and
// planned activities), one timeline of every dated event framed by the
// improvement journey's phases, and the easy read summary for children and
// young people. Every entry shows its source; editorial links say so.

import Foundation
import Markdown
import PlanLinking
import PlanModel

extension SiteRenderer {
    var docs: LinkedDocuments { linked.documents }

    private func esc(_ s: String) -> String { HTML.escape(s) }
    private func a(_ path: String, from page: String, _ text: String) -> String {
        "<a href=\"\(esc(SitePath.relative(from: page, to: path)))\">\(esc(text))</a>"
    }

    /// "Ofsted, 16 May 2018 (004:166-167)": the document a citation points into, and where.
    func citeText(_ cite: String?) -> String {
        guard let cite, !cite.isEmpty else { return "" }
        let seed = String(cite.prefix { $0.isNumber })
        if let doc = docs.documents.first(where: { $0.cite == seed }) {
            // The date once: a title that already ends with it ("…meeting pack, 25 January 2016") is not followed by it again.
            let date = doc.title.hasSuffix(doc.date.text) ? "" : ", \(doc.date.text)"
            return "\(doc.title), \(doc.issuer)\(date) (\(cite))"
        }
        return cite
    }

    func sourceLine(_ cite: String?) -> String {
        guard let cite, !cite.isEmpty else { return "" }
        return "<p class=\"doc-source\">Source: \(esc(citeText(cite))).</p>\n"
    }

    /// The path of anything a document reference names; nil when it has no page.
    func docPath(_ ref: String) -> (path: String, text: String)? {
        guard let r = Reference.parse(ref) else { return nil }
        switch r.scheme {
        case "action": return (SitePath.action(r.key), "action \(r.key)")
        case "workarea": return Int(r.key).map { (SitePath.workArea($0), "work area \($0)") }
        case "inspection": return docs.inspections[r.key].map { (DocumentPath.inspection($0.id), $0.title + " (\($0.dates.text))") }
        case "meeting": return docs.meetings[r.key].map { (DocumentPath.meeting($0.id), "\($0.body), \($0.date.text)") }
        case "event": return docs.timeline.first { $0.ref == ref }.map { (DocumentPath.timeline + "#event-\(r.key)", "\($0.title) (\($0.dates.text))") }
        case "tracker": return docs.trackers.first { $0.id == r.key }.map { (DocumentPath.tracker($0.id), $0.title) }
        case "document":
            guard let d = docs.document(r.key) else { return nil }
            if d.kind == "plan" { return ("index.html", d.title) }
            if let i = docs.inspectionOrder.first(where: { $0.document == d.id }) { return (DocumentPath.inspection(i.id), d.title) }
            if let m = d.meetings.last(where: { $0.date == d.date }) { return (DocumentPath.meeting(m.id), d.title) }
            if let l = d.lists.first { return (listPath(l), d.title) }
            if linked.register(d.id) != nil { return (linked.path(ofRegister: d.id), d.title) }
            return nil
        case "statistic":
            guard let s = docs.statistics[r.key], let doc = docs.documents.first(where: { $0.statistics.contains { $0.id == s.id } }),
                  let i = doc.inspections.first else { return nil }
            return (DocumentPath.inspection(i.id) + "#statistic-\(s.id)", s.label)
        default:
            if let register = linked.register(r.scheme) {
                return (linked.path(of: ItemKey(r.scheme, r.key)), "\(register.shortTitle) \(register.itemName) \(r.key)")
            }
            if let list = docs.lists[r.scheme] { return (listItemPath(list, r.key), "\(list.title), \(list.itemName) \(r.key)") }
            return nil
        }
    }

    func listPath(_ list: DocumentList) -> String { DocumentPath.page(of: list, in: docs) }
    func listItemPath(_ list: DocumentList, _ number: String) -> String { listPath(list) + "#\(list.id)-\(number)" }

    func contradictionNotes(_ about: String, page: String) -> String {
        guard let list = docs.contradictionsAbout[about], !list.isEmpty else { return "" }
        return list.map { c in
            "<div class=\"note doc-contradiction\"><p><strong>The sources disagree.</strong> \(esc(c.fact)):</p><ul>" +
            c.claims.map { "<li>\(esc($0.value)): \($0.quote.map { "“\(esc($0))”, " } ?? "")\(esc(citeText($0.cite)))</li>" }.joined() +
            "</ul>" + (c.resolution.map { "<p>\(esc($0))</p>" } ?? "") + "</div>\n"
        }.joined()
    }

    func linkProvenance(_ l: ItemLink) -> String {
        l.editorial ? "linked by the editors, not by the report" : "stated in the source: \(citeText(l.cite))"
    }

    // MARK: Drafts

    func documentDrafts() -> [PageDraft] {
        guard !docs.isEmpty else { return [] }
        var drafts: [PageDraft] = []
        func add(_ path: String, _ title: String, _ content: String) {
            var d = PageDraft(path: path, title: title, content: content, breadcrumbs: [])
            d.inSequence = false
            drafts.append(d)
        }
        add(DocumentPath.inspections, "Inspections and visits", inspectionsIndexHTML(page: DocumentPath.inspections))
        for i in docs.inspectionOrder {
            add(DocumentPath.inspection(i.id), i.title + " (\(i.dates.start.year))", inspectionHTML(i, page: DocumentPath.inspection(i.id)))
        }
        if docs.links.contains(where: { $0.type == "repeats" }) {
            add(DocumentPath.comparison, "From 2015 to 2018: the concerns that recur", comparisonHTML(page: DocumentPath.comparison))
        }
        add(DocumentPath.scrutiny, "Scrutiny: meetings, minutes and the recommendations tracker", scrutinyIndexHTML(page: DocumentPath.scrutiny))
        for m in docs.meetingOrder { add(DocumentPath.meeting(m.id), "\(m.body): \(m.date.text)", meetingHTML(m, page: DocumentPath.meeting(m.id))) }
        for t in docs.trackers { add(DocumentPath.tracker(t.id), t.title, trackerHTML(t, page: DocumentPath.tracker(t.id))) }
        for l in docs.documents.flatMap(\.lists) where listPath(l) == DocumentPath.list(l.id) {
            add(DocumentPath.list(l.id), l.title, listPageHTML(l, page: DocumentPath.list(l.id)))
        }
        add(DocumentPath.timeline, "Timeline", timelineHTML(page: DocumentPath.timeline))
        if let summary = docs.documents.flatMap(\.lists).first(where: { $0.kind == "summary" }) {
            add(DocumentPath.easyRead, "Easy read: what Ofsted found in 2018", easyReadHTML(summary, page: DocumentPath.easyRead))
        }
        return drafts
    }

    /// The block a content page shows with `show: documents`: where to find the documents' pages.
    func documentsBlockHTML(page: String) -> String {
        guard !docs.isEmpty else { return "" }
        var h = "<ul class=\"doc-index\">\n"
        h += "<li>\(a(DocumentPath.timeline, from: page, "Timeline")): every dated event, from the 2014 inspection to July 2020</li>\n"
        h += "<li>\(a(DocumentPath.inspections, from: page, "Inspections and visits")): judgements, recommendations, findings and the inspection teams</li>\n"
        if docs.links.contains(where: { $0.type == "repeats" }) {
            h += "<li>\(a(DocumentPath.comparison, from: page, "From 2015 to 2018")): the concerns that recur</li>\n"
        }
        h += "<li>\(a(DocumentPath.scrutiny, from: page, "Scrutiny")): the board's meetings, minutes and recommendations tracker</li>\n"
        for l in docs.documents.flatMap(\.lists) where listPath(l) == DocumentPath.list(l.id) {
            h += "<li>\(a(DocumentPath.list(l.id), from: page, l.title))</li>\n"
        }
        if docs.documents.flatMap(\.lists).contains(where: { $0.kind == "summary" }) {
            h += "<li>\(a(DocumentPath.easyRead, from: page, "Easy read")): what Ofsted's 2018 report says to children and young people</li>\n"
        }
        return h + "</ul>\n"
    }

    // MARK: Inspections

    func inspectionsIndexHTML(page: String) -> String {
        var h = "<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"inspections-caption\" tabindex=\"0\">\n<table>\n<caption id=\"inspections-caption\">Inspections and visits, oldest first</caption>\n"
        h += "<thead><tr><th scope=\"col\">Dates</th><th scope=\"col\">Inspection or visit</th><th scope=\"col\">Status</th><th scope=\"col\">Overall</th></tr></thead>\n<tbody>\n"
        for i in docs.inspectionOrder {
            let overall = i.judgements.first { $0.area == "overall" }.flatMap { GradeScale.known[i.inspectorate]?.label($0.grade) } ?? "No graded judgement"
            h += "<tr><td>\(esc(i.datesAsWritten.map { _ in i.dates.text } ?? i.dates.text))</td><th scope=\"row\">\(a(DocumentPath.inspection(i.id), from: page, i.title))\(i.focus.map { ": focus on \(esc($0))" } ?? "")</th>"
            h += "<td>\(esc(statusWord(i.status)))</td><td>\(esc(overall))</td></tr>\n"
        }
        return h + "</tbody>\n</table>\n</div>\n"
    }

    func statusWord(_ s: String) -> String {
        switch s {
        case "cancelled": return "Cancelled"
        case "planned": return "Planned (the source does not say whether it took place)"
        default: return "Held"
        }
    }

    func judgementsTable(_ i: Inspection, previous: Inspection?, page: String) -> String {
        let scale = GradeScale.known[i.inspectorate]
        let id = "judgements-\(i.id)"
        var h = "<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"\(id)\" tabindex=\"0\">\n<table class=\"judgements\">\n"
        h += "<caption id=\"\(id)\">Judgements of the \(esc(i.dates.start.year.description)) inspection" + (previous.map { " against those of \($0.dates.start.year)" } ?? "") + "</caption>\n"
        h += "<thead><tr><th scope=\"col\">Area</th><th scope=\"col\">\(i.dates.start.year)</th>"
        if let p = previous { h += "<th scope=\"col\">\(p.dates.start.year)</th><th scope=\"col\">Change</th>" }
        h += "<th scope=\"col\">Source</th></tr></thead>\n<tbody>\n"
        for j in i.judgements {
            let grade = scale?.label(j.grade) ?? j.grade
            h += "<tr><th scope=\"row\">\(j.area == "overall" ? "" : esc(j.area) + " ")\(esc(j.title))</th><td>\(esc(grade))\(j.asWritten.map { $0 != grade ? " <span class=\"meta\">(the report says “\(esc($0))”)</span>" : "" } ?? "")</td>"
            if let p = previous {
                if let pj = p.judgements.first(where: { $0.area == j.area }) {
                    let pg = scale?.label(pj.grade) ?? pj.grade
                    let change: String
                    if let a = scale?.grades.firstIndex(where: { $0.id == j.grade }), let b = scale?.grades.firstIndex(where: { $0.id == pj.grade }) {
                        change = a == b ? "Unchanged" : (a < b ? "Better" : "Worse")
                    } else { change = "Not comparable" }
                    h += "<td>\(esc(pg))</td><td>\(change)</td>"
                } else {
                    h += "<td>Not judged</td><td>Not comparable</td>"
                }
            }
            h += "<td>\(esc(j.cite ?? ""))</td></tr>\n"
        }
        return h + "</tbody>\n</table>\n</div>\n"
    }

    func inspectionHTML(_ i: Inspection, page: String) -> String {
        var h = ""
        let kind = ["full-inspection": "Full inspection", "re-inspection": "Re-inspection", "monitoring-visit": "Monitoring visit",
                    "annual-conversation": "Annual conversation"][i.kind] ?? i.kind
        h += "<dl class=\"doc-facts\">\n<dt>Inspectorate</dt><dd>\(i.inspectorate == "ofsted" ? "Ofsted" : esc(i.inspectorate))</dd>\n<dt>Kind</dt><dd>\(esc(kind))</dd>\n"
        h += "<dt>Dates</dt><dd>\(esc(i.dates.text))\(i.datesAsWritten.map { " <span class=\"meta\">(the source says “\(esc($0))”)</span>" } ?? "")</dd>\n"
        if let p = i.published { h += "<dt>Report published</dt><dd>\(esc(p.text))</dd>\n" }
        h += "<dt>Status</dt><dd>\(esc(statusWord(i.status)))</dd>\n"
        if let f = i.focus { h += "<dt>Focus</dt><dd>\(esc(f))</dd>\n" }
        h += "</dl>\n"
        if let n = i.note { h += "<p>\(esc(n))</p>\n" }
        h += sourceLine(i.cite)
        h += contradictionNotes("inspection:\(i.id)", page: page)
        let previous = i.previous.flatMap { docs.inspections[$0] }.flatMap { $0.judgements.isEmpty ? nil : $0 }
        if !i.judgements.isEmpty {
            h += "<h2 id=\"judgements\">Judgements</h2>\n"
            if let p = previous {
                let same = i.judgements.allSatisfy { j in p.judgements.first { $0.area == j.area }?.grade == j.grade }
                h += "<p>Beside each grade is the grade the same area was given by the \(a(DocumentPath.inspection(p.id), from: page, "\(p.dates.start.year) inspection")).\(same ? " Every grade is unchanged." : "")</p>\n"
            }
            h += judgementsTable(i, previous: previous, page: page)
        }
        if let r = i.register, let register = linked.register(r) {
            let keys = linked.itemOrder.filter { $0.register == r && linked.items[$0]?.parent == nil }
            h += "<h2 id=\"recommendations\">Recommendations</h2>\n<p>The inspection made \(keys.count) recommendations: see \(a(linked.path(ofRegister: r), from: page, register.title)) and \(a(SitePath.coverage(r), from: page, "which parts of the plan address them")).</p>\n<ol class=\"doc-recs\">\n"
            for k in keys {
                let recurs = docs.linksFrom[k.description] ?? []
                h += "<li value=\"\(esc(k.number))\">\(esc(linked.items[k]?.item.text ?? ""))"
                if !recurs.isEmpty {
                    h += " <span class=\"meta\">Recurs from " + recurs.compactMap { l in docPath(l.to).map { a($0.path, from: page, $0.text) } }.joined(separator: ", ") +
                         " (\(recurs.allSatisfy(\.editorial) ? "linked by the editors, not by the report" : "see the sources"))</span>"
                }
                h += "</li>\n"
            }
            h += "</ol>\n"
        }
        if let f = i.findings, let list = docs.lists[f] {
            let tagged = list.items.filter { $0.flags.contains("recommendation") }.count
            h += "<h2 id=\"findings\">Findings</h2>\n"
            if let intro = list.intro { h += "<p>\(esc(intro))</p>\n" }
            h += "<p>\(list.items.count) paragraphs, \(tagged) of them tagged “(Recommendation)”.</p>\n"
            for (gi, g) in list.groups.enumerated() {
                let t = g.items.filter { $0.flags.contains("recommendation") }.count
                h += "<h3 id=\"findings-\(gi + 1)\">\(esc(g.heading ?? "Findings"))</h3>\n<p class=\"meta\">Paragraphs \(esc(g.items.first?.number ?? "")) to \(esc(g.items.last?.number ?? "")): \(g.items.count) paragraphs, \(t) tagged “(Recommendation)”.</p>\n"
                h += groupSummaryHTML(g)
                h += itemsHTML(list, g.items, page: page)
            }
        }
        let doc = docs.document(i.document)
        if let stats = doc?.statistics, !stats.isEmpty, doc?.inspections.first?.id == i.id {
            h += "<h2 id=\"statistics\">Information about this area</h2>\n<p>As the report gives them; each figure is as at the date or period shown.</p>\n"
            var groups: [String] = []
            for s in stats where !groups.contains(s.group ?? "") { groups.append(s.group ?? "") }
            for (gi, g) in groups.enumerated() {
                let cid = "statistics-\(i.id)-\(gi + 1)"
                h += "<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"\(cid)\" tabindex=\"0\">\n<table>\n<caption id=\"\(cid)\">\(esc(g.isEmpty ? "Statistics" : g))</caption>\n"
                h += "<thead><tr><th scope=\"col\">Figure</th><th scope=\"col\">Value</th><th scope=\"col\">As at</th><th scope=\"col\">Rate or comparison</th><th scope=\"col\">Source</th></tr></thead>\n<tbody>\n"
                for s in stats where (s.group ?? "") == g {
                    let notes = contradictionNotes("statistic:\(s.id)", page: page)
                    h += "<tr id=\"statistic-\(esc(s.id))\"><th scope=\"row\">\(esc(s.label))</th><td>\(esc(s.value))</td><td>\(esc(s.period))</td>"
                    h += "<td>\([s.rate, s.comparison].compactMap { $0.map(esc) }.joined(separator: "; "))\(notes.isEmpty ? "" : " (the report also gives a different figure: see below)")</td><td>\(esc(s.cite ?? ""))</td></tr>\n"
                }
                h += "</tbody>\n</table>\n</div>\n"
                for s in stats where (s.group ?? "") == g { h += contradictionNotes("statistic:\(s.id)", page: page) }
            }
        }
        if !i.team.isEmpty {
            h += "<h2 id=\"team\">The inspection team</h2>\n<dl class=\"doc-facts\">\n"
            for t in i.team { h += "<dt>\(esc(t.role))</dt><dd>\(esc(t.names.joined(separator: ", ")))</dd>\n" }
            h += "</dl>\n"
        }
        if i.findings != nil, docs.documents.flatMap(\.lists).contains(where: { $0.kind == "summary" && $0.document == i.document }) {
            h += "<h2 id=\"easy-read\">Easy read</h2>\n<p>\(a(DocumentPath.easyRead, from: page, "What the report says to children and young people")), in its own words.</p>\n"
        }
        let later = docs.inspectionOrder.filter { $0.previous == i.id }
        if !later.isEmpty {
            h += "<h2 id=\"followed-by\">Followed by</h2>\n<ul>\n" + later.map { "<li>\(a(DocumentPath.inspection($0.id), from: page, $0.title)) (\(esc($0.dates.text)))</li>\n" }.joined() + "</ul>\n"
        }
        h += "<p>\(a(DocumentPath.timeline, from: page, "See the timeline")) for every inspection, visit and meeting in date order.</p>\n"
        return h
    }

    /// Numbered items with anchors, flags and sources.
    func itemsHTML(_ list: DocumentList, _ items: [DocumentItem], page: String) -> String {
        guard !items.isEmpty else { return "" }   // a group whose entries the source does not number (its `after`)
        var h = "<ol class=\"doc-items\">\n"
        for item in items {
            let key = "\(list.id):\(item.number)"
            h += "<li id=\"\(esc(list.id))-\(esc(item.number))\"\(Int(item.number).map { " value=\"\($0)\"" } ?? "")>"
            if Int(item.number) == nil { h += "<strong>\(esc(item.number))</strong> " }
            h += esc(item.text)
            if item.flags.contains("recommendation") { h += " <span class=\"doc-tag\">(Recommendation)</span>" }
            var meta: [String] = []
            if let c = item.cite { meta.append("Source: \(esc(c))") }
            meta.append("Cite as \(esc(key))")
            for l in docs.linksFrom[key] ?? [] { if let t = docPath(l.to) { meta.append("Linked to \(a(t.path, from: page, t.text)) (\(esc(linkProvenance(l))))") } }
            h += " <span class=\"meta\">\(meta.joined(separator: ". ")).</span>"
            h += contradictionNotes(key, page: page)
            h += "</li>\n"
        }
        return h + "</ol>\n"
    }

    // MARK: 2015 to 2018

    func comparisonHTML(page: String) -> String {
        var h = ""
        if let i = docs.inspectionOrder.last(where: { $0.previous != nil && !$0.judgements.isEmpty }),
           let p = i.previous.flatMap({ docs.inspections[$0] }), !p.judgements.isEmpty {
            h += "<h2 id=\"judgements\">Judgements</h2>\n"
            h += judgementsTable(i, previous: p, page: page)
        }
        h += "<h2 id=\"recurring\">Recommendations of 2018 that repeat earlier concerns</h2>\n"
        h += "<p>Each row puts a recommendation of 2018 beside the recommendation of 2015, or the action of this plan, that dealt with the same concern. The 2018 report does not make these links itself: where a link is marked “linked by the editors, not by the report”, it is our reading.</p>\n"
        h += "<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"recurring-caption\" tabindex=\"0\">\n<table>\n<caption id=\"recurring-caption\">Recurring concerns, 2015 to 2018</caption>\n"
        h += "<thead><tr><th scope=\"col\">2018 recommendation</th><th scope=\"col\">Concern</th><th scope=\"col\">Earlier recommendation or action</th><th scope=\"col\">Who made the link</th></tr></thead>\n<tbody>\n"
        for l in docs.links where l.type == "repeats" {
            guard let from = docPath(l.from), let to = docPath(l.to) else { continue }
            let fromText = Reference.parse(l.from).flatMap { r in linked.items[ItemKey(r.scheme, r.key)]?.item.text } ?? ""
            let toText: String = {
                guard let r = Reference.parse(l.to) else { return "" }
                if r.scheme == "action" { return linked.actionRow(r.key)?.what ?? "" }
                return linked.items[ItemKey(r.scheme, r.key)]?.item.text ?? ""
            }()
            h += "<tr><th scope=\"row\">\(a(from.path, from: page, from.text))<br><span class=\"meta\">\(esc(fromText))</span></th><td>\(esc(l.note ?? ""))</td>"
            h += "<td>\(a(to.path, from: page, to.text))<br><span class=\"meta\">\(esc(toText))</span></td><td>\(esc(linkProvenance(l)))</td></tr>\n"
        }
        return h + "</tbody>\n</table>\n</div>\n"
    }

    // MARK: Scrutiny

    func scrutinyIndexHTML(page: String) -> String {
        var h = "<p>The Social Care Services Board scrutinises the council's children's and adults' social care services. Its meetings, the minutes we hold and its recommendations tracker are below.</p>\n"
        for t in docs.trackers { h += "<p>\(a(DocumentPath.tracker(t.id), from: page, t.title)): \(t.rows.count) rows.</p>\n" }
        h += "<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"meetings-caption\" tabindex=\"0\">\n<table>\n<caption id=\"meetings-caption\">Meetings, oldest first</caption>\n"
        h += "<thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Meeting</th><th scope=\"col\">Minutes held</th><th scope=\"col\">Tracker rows</th></tr></thead>\n<tbody>\n"
        for m in docs.meetingOrder {
            let rows = docs.trackers.flatMap(\.rows).filter { $0.meeting == m.id }.count
            h += "<tr><td>\(esc(m.date.text))</td><th scope=\"row\">\(a(DocumentPath.meeting(m.id), from: page, m.body))\(m.status == "planned" ? " (planned)" : "")</th>"
            h += "<td>\(m.minutes.isEmpty ? "None listed" : "\(m.minutes.first!.number) to \(m.minutes.last!.number)")</td><td>\(rows)</td></tr>\n"
        }
        return h + "</tbody>\n</table>\n</div>\n"
    }

    func meetingHTML(_ m: Meeting, page: String) -> String {
        var h = "<dl class=\"doc-facts\">\n<dt>Date</dt><dd>\(esc(m.date.text))\(m.time.map { ", \(esc($0))" } ?? "")</dd>\n"
        if let p = m.place { h += "<dt>Place</dt><dd>\(esc(p))</dd>\n" }
        h += "<dt>Status</dt><dd>\(esc(statusWord(m.status)))</dd>\n</dl>\n"
        if let n = m.note { h += "<p>\(esc(n))</p>\n" }
        h += sourceLine(m.cite)
        if !m.minutes.isEmpty {
            h += "<h2 id=\"minutes\">Minutes</h2>\n"
            for minute in m.minutes {
                h += "<section class=\"doc-minute\" id=\"minute-\(esc(minute.number))\" aria-labelledby=\"minute-\(esc(minute.number))-h\">\n"
                h += "<h3 id=\"minute-\(esc(minute.number))-h\">Minute \(esc(minute.number)): \(esc(minute.title))\(minute.item.map { " (item \(esc($0)))" } ?? "")</h3>\n"
                if !minute.witnesses.isEmpty { h += "<p>Witnesses: \(esc(minute.witnesses.joined(separator: "; ")))</p>\n" }
                if let s = minute.summary { h += "<p>\(esc(s))</p>\n" }
                if !minute.recommendations.isEmpty {
                    h += "<h4 id=\"minute-\(esc(minute.number))-recommendations\">Recommendations</h4>\n<ol>\n"
                    for r in minute.recommendations { h += "<li id=\"minute-\(esc(minute.number))-\(esc(r.number))\" value=\"\(esc(r.number))\">\(esc(r.text)) <span class=\"meta\">Source: \(esc(r.cite ?? ""))</span></li>\n" }
                    h += "</ol>\n"
                }
                if let x = minute.actions { h += "<p>Actions and further information to be provided: \(esc(x))</p>\n" }
                if let x = minute.nextSteps { h += "<p>Board next steps: \(esc(x))</p>\n" }
                let rows = docs.trackerRowsByMinute["\(m.id):\(minute.number)"] ?? []
                if !rows.isEmpty {
                    h += "<p>Followed up in the recommendations tracker: " + rows.map { a(DocumentPath.tracker($0.tracker) + "#row-\($0.row.number)", from: page, "row \($0.row.number)") + " (progress check \(esc($0.row.progressCheck ?? "not given")))" }.joined(separator: ", ") + ".</p>\n"
                }
                h += "<p class=\"doc-source\">Source: \(esc(minute.cite ?? "")).</p>\n</section>\n"
            }
        }
        let rows = docs.trackers.flatMap { t in t.rows.filter { $0.meeting == m.id }.map { (t, $0) } }
        if !rows.isEmpty {
            h += "<h2 id=\"tracker\">In the recommendations tracker</h2>\n<ul>\n"
            for (t, r) in rows { h += "<li>\(a(DocumentPath.tracker(t.id) + "#row-\(r.number)", from: page, "Row \(r.number)")): \(esc(r.item))</li>\n" }
            h += "</ul>\n"
        }
        return h
    }

    func trackerHTML(_ t: Tracker, page: String) -> String {
        var h = ""
        if let i = t.intro { h += "<p>\(esc(i))</p>\n" }
        if let c = t.completionNote { h += "<p class=\"note\">\(esc(c))</p>\n" }
        h += sourceLine(t.cite)
        h += "<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"tracker-caption\" tabindex=\"0\">\n<table class=\"doc-tracker\">\n<caption id=\"tracker-caption\">\(esc(t.title))</caption>\n"
        h += "<thead><tr><th scope=\"col\">Row</th><th scope=\"col\">Date of meeting and reference</th><th scope=\"col\">Item</th><th scope=\"col\">Recommendations/ Actions</th><th scope=\"col\">To</th><th scope=\"col\">Response</th><th scope=\"col\">Progress check on</th><th scope=\"col\">Completed</th></tr></thead>\n<tbody>\n"
        for r in t.rows {
            let meeting = docs.meetings[r.meeting]
            var dateCell = meeting.map { a(DocumentPath.meeting($0.id), from: page, $0.date.text) } ?? esc(r.meeting)
            if let mn = r.minute { dateCell += ", " + a(DocumentPath.meeting(r.meeting) + "#minute-\(mn)", from: page, "minute \(mn)") }
            if let ref = r.reference, meeting == nil || ref != meeting?.date.text { dateCell += "<br><span class=\"meta\">the source says “\(esc(ref))”</span>" }
            h += "<tr id=\"row-\(esc(r.number))\"><th scope=\"row\">\(esc(r.number))</th><td>\(dateCell)</td><td>\(esc(r.item))</td><td>\(esc(r.text))</td>"
            h += "<td>\(esc(r.to ?? "Not given"))</td><td>\(esc(r.response ?? "None given"))</td><td>\(esc(r.progressCheck ?? "Not given"))</td>"
            h += "<td>\(r.completed == "unknown" ? "Not known" : r.completed == "yes" ? "Yes" : "No")</td></tr>\n"
        }
        return h + "</tbody>\n</table>\n</div>\n"
    }

    // MARK: Other lists

    /// The source's own summary of a group of items (a report's "Summary" under a judgement), before the items.
    func groupSummaryHTML(_ g: DocumentItemGroup) -> String {
        guard !g.summary.isEmpty else { return "" }
        return "<div class=\"doc-summary\">\n<p><strong>Summary</strong></p>\n" + g.summary.map { "<p>\(esc($0))</p>\n" }.joined() + "</div>\n"
    }

    func listPageHTML(_ l: DocumentList, page: String) -> String {
        var h = ""
        if let d = docs.document(l.document) { h += "<p>From \(esc(d.title)), \(esc(d.issuer)), \(esc(d.date.text)).</p>\n" }
        if let i = l.intro { h += "<p>\(esc(i))</p>\n" }
        h += sourceLine(l.cite)
        if l.groups.count > 1 || l.groups.first?.heading != nil {
            // A list the source does not number (its entries under each group's lead-in) has no items to count.
            let items = l.items.isEmpty ? "" : ", \(l.items.count) \(l.itemName)\(l.items.count == 1 ? "" : "s")"
            h += "<p>\(l.groups.count) \(l.groups.count == 1 ? "group" : "groups")\(items).</p>\n"
        }
        for (gi, g) in l.groups.enumerated() {
            if let heading = g.heading { h += "<h2 id=\"group-\(gi + 1)\">\(gi + 1). \(esc(heading))</h2>\n" }
            h += groupSummaryHTML(g)
            if let intro = g.intro { h += "<p>\(esc(intro)):</p>\n" }
            h += itemsHTML(l, g.items, page: page)
            if !g.after.isEmpty {
                h += "<p>\(esc(g.afterHeading ?? "")):</p>\n<ul>\n" + g.after.map { "<li>\(esc($0))</li>\n" }.joined() + "</ul>\n"
            }
            if let c = g.cite { h += "<p class=\"doc-source\">Source: \(esc(c)).</p>\n" }
        }
        if let d = docs.document(l.document), !d.statistics.isEmpty, d.inspections.allSatisfy({ $0.kind != "re-inspection" && $0.kind != "full-inspection" }) {
            h += "<h2 id=\"figures\">Figures the report gives</h2>\n<p>As the report gives them, with their periods. No other figure is derived from them.</p>\n"
            h += "<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"figures-caption\" tabindex=\"0\">\n<table>\n<caption id=\"figures-caption\">Figures of \(esc(d.title))</caption>\n"
            h += "<thead><tr><th scope=\"col\">Figure</th><th scope=\"col\">Value</th><th scope=\"col\">Period</th><th scope=\"col\">Source</th></tr></thead>\n<tbody>\n"
            for s in d.statistics { h += "<tr id=\"statistic-\(esc(s.id))\"><th scope=\"row\">\(esc(s.label))</th><td>\(esc(s.value))</td><td>\(esc(s.period))</td><td>\(esc(s.cite ?? ""))</td></tr>\n" }
            h += "</tbody>\n</table>\n</div>\n"
        }
        return h
    }

    // MARK: Timeline

    func timelineHTML(page: String) -> String {
        let phases = linked.plan.allPhases.sorted { $0.number < $1.number }
        let asAt = linked.progress.asAt
        var h = "<p>Every dated event in the documents we hold, oldest first: inspections and visits, meetings, deadlines and publications. Each links to its page and gives its source. The phases of the improvement journey frame the events they cover.</p>\n"
        if let asAt { h += "<p class=\"as-at\">The progress shown on this site is as at \(esc(asAt.endDay.text)); its place in the timeline is marked.</p>\n" }
        h += "<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"timeline-caption\" tabindex=\"0\">\n<table class=\"doc-timeline\">\n<caption id=\"timeline-caption\">Timeline of events, oldest first</caption>\n"
        h += "<thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Event</th><th scope=\"col\">Kind</th><th scope=\"col\">Status</th><th scope=\"col\">Source</th></tr></thead>\n"
        func phase(of d: ContentDate) -> JourneyPhase? {
            phases.last { p in (p.dates.start.year, p.dates.start.month) <= (d.year, d.month) && (d.year, d.month) < ((p.dates.end ?? p.dates.start).year, (p.dates.end ?? p.dates.start).month) }
        }
        var currentPhase: Int? = -1
        var asAtMarked = asAt == nil
        var open = false
        for e in docs.timeline {
            if !asAtMarked, let asAt, asAt.endDay < e.dates.start {
                h += "<tr class=\"doc-as-at\"><td>\(esc(asAt.endDay.text))</td><td colspan=\"4\"><strong>The site's progress pages are as at this date.</strong></td></tr>\n"
                asAtMarked = true
            }
            let p = phase(of: e.dates.start)
            if p?.number != currentPhase {
                if open { h += "</tbody>\n" }
                let title = p.map { "Phase \($0.number) of the improvement journey: \($0.title) (\($0.datesAsWritten))" }
                    ?? (e.dates.start < (phases.first?.dates.start ?? e.dates.start) ? "Before the improvement journey" : "After the improvement journey's phases")
                h += "<tbody>\n<tr class=\"doc-phase\"><th scope=\"rowgroup\" colspan=\"5\">\(esc(title))</th></tr>\n"
                open = true
                currentPhase = p?.number
            }
            let target = e.item.flatMap(docPath)
            let title = (target.map { a($0.path, from: page, e.title) } ?? esc(e.title)) + (e.ref.map { contradictionNotes($0, page: page) } ?? "")
            let kind = ["publication": "Publication", "inspection": "Inspection", "visit": "Monitoring visit", "meeting": "Meeting",
                        "deadline": "Deadline", "milestone": "Milestone"][e.kind] ?? e.kind
            h += "<tr\(e.ref.map { " id=\"\(esc($0.replacingOccurrences(of: ":", with: "-")))\"" } ?? "")><td>\(esc(e.dates.text))\(e.datesAsWritten.map { "<br><span class=\"meta\">the source says “\(esc($0))”</span>" } ?? "")</td><td>\(title)</td><td>\(esc(kind))</td>"
            h += "<td>\(e.status == "cancelled" ? "<strong>Cancelled</strong>" : e.status == "planned" ? "Planned" : "Held")</td><td>\(esc(citeText(e.cite)))</td></tr>\n"
        }
        if !asAtMarked, let asAt {
            h += "<tr class=\"doc-as-at\"><td>\(esc(asAt.endDay.text))</td><td colspan=\"4\"><strong>The site's progress pages are as at this date.</strong></td></tr>\n"
        }
        if open { h += "</tbody>\n" }
        return h + "</table>\n</div>\n"
    }

    // MARK: Easy read

    func easyReadHTML(_ l: DocumentList, page: String) -> String {
        var h = ""
        if let d = docs.document(l.document) {
            h += "<p class=\"easy-read-lead\">In 2018, Ofsted checked how well we help and protect children in Surrey. Ofsted wrote a report. This is what the report says to children and young people, in Ofsted's own words.</p>\n"
            h += "<p>The report is called “\(esc(d.title))”. It came out on \(esc(d.date.text)).</p>\n"
        }
        h += "<ul class=\"easy-read\">\n"
        for item in l.items { h += "<li id=\"\(esc(l.id))-\(esc(item.number))\">\(esc(item.text))</li>\n" }
        h += "</ul>\n"
        h += sourceLine(l.cite)
        if let i = docs.inspectionOrder.first(where: { $0.document == l.document }) {
            h += "<p>\(a(DocumentPath.inspection(i.id), from: page, "Read the full findings of the inspection")).</p>\n"
        }
        return h
    }

    // MARK: Coverage

    /// Below a register's coverage: the links the documents make from its items (the editors' mappings, marked so).
    func editorialCoverageHTML(_ register: Register, page: String) -> String {
        let links = docs.links.filter { Reference.parse($0.from)?.scheme == register.id }
        guard !links.isEmpty else { return "" }
        let editorial = links.allSatisfy(\.editorial)
        var h = "<h2 id=\"editorial-mapping\">\(editorial ? "Mapping made by the editors" : "Links to other items")</h2>\n"
        if editorial {
            h += "<p>\(esc(register.issuer)) does not say which parts of the plan answer its \(esc(register.itemName))s, and the plan does not cite them. This mapping is our reading: each link is marked “linked by the editors, not by the report”.</p>\n"
        }
        let cid = "editorial-\(register.id)"
        h += "<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"\(cid)\" tabindex=\"0\">\n<table>\n<caption id=\"\(cid)\">\(esc(register.title)): links to other items</caption>\n"
        h += "<thead><tr><th scope=\"col\">\(esc(register.itemName.capitalizedFirst))</th><th scope=\"col\">Linked to</th><th scope=\"col\">Kind of link</th><th scope=\"col\">Who made the link</th></tr></thead>\n<tbody>\n"
        for l in links {
            guard let from = docPath(l.from), let to = docPath(l.to) else { continue }
            let kind = ["repeats": "Repeats a concern of", "addresses": "Addressed by", "relates": "Related to"][l.type] ?? l.type
            h += "<tr><th scope=\"row\">\(a(from.path, from: page, from.text))</th><td>\(a(to.path, from: page, to.text))\(l.note.map { "<br><span class=\"meta\">\(esc($0))</span>" } ?? "")</td><td>\(esc(kind))</td><td>\(esc(linkProvenance(l)))</td></tr>\n"
        }
        return h + "</tbody>\n</table>\n</div>\n"
    }
}
