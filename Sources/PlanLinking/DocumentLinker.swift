// PlanLinking/DocumentLinker: the documents around the plan, linked. Resolves
// every reference a document makes (links, events' items, tracker rows'
// meetings and minutes, inspections' registers and previous inspections),
// checks grades against the inspectorate's scale and every link's provenance
// (a `source:` or `editorial: true`), builds the one timeline of dated events
// and reports the contradictions the content records, once each.

import Foundation
import PlanModel

/// Where the document pages live (paths relative to the site root).
public enum DocumentPath {
    public static func inspection(_ id: String) -> String { "inspections/\(id).html" }
    public static let inspections = "inspections/index.html"
    public static let comparison = "inspections/2015-to-2018.html"
    public static let scrutiny = "scrutiny/index.html"
    public static func meeting(_ id: String) -> String { "scrutiny/\(id).html" }
    public static func tracker(_ id: String) -> String { "scrutiny/\(id).html" }
    public static func list(_ id: String) -> String { "documents/\(id).html" }
    public static let timeline = "timeline.html"
    public static let easyRead = "easy-read.html"

    /// The page that shows a list: the easy read for a summary, its inspection's page for findings, else its own.
    public static func page(of list: DocumentList, in docs: LinkedDocuments) -> String {
        if list.kind == "summary" { return easyRead }
        if let i = docs.inspectionOrder.first(where: { $0.findings == list.id }) { return inspection(i.id) }
        return self.list(list.id)
    }
}

/// One entry of the timeline.
public struct TimelineEntry: Sendable {
    public var dates: DateSpan
    public var datesAsWritten: String?
    public var title: String
    public var kind: String
    public var status: String
    /// A reference to the item it belongs to (`inspection:ofsted-2018`, `meeting:ssb-2015-10-30`).
    public var item: String?
    public var cite: String?
    public var document: String
    /// The entry's own reference when it is an event of the content (`event:interim-dcs-2017`): its anchor on the
    /// timeline, and what a contradiction about its date names.
    public var ref: String? = nil
}

/// What the documents say, linked.
public struct LinkedDocuments: Sendable {
    public var documents: [SourceDocument] = []
    public var inspections: [String: Inspection] = [:]
    public var lists: [String: DocumentList] = [:]
    public var meetings: [String: Meeting] = [:]
    public var statistics: [String: Statistic] = [:]
    /// Every link, resolved, in content order.
    public var links: [ItemLink] = []
    /// Links by the reference at either end.
    public var linksFrom: [String: [ItemLink]] = [:]
    public var linksTo: [String: [ItemLink]] = [:]
    /// Tracker rows by the meeting and minute they follow up (`ssb-2015-10-30:39`).
    public var trackerRowsByMinute: [String: [(tracker: String, row: TrackerRow)]] = [:]
    /// Every dated event, in date order.
    public var timeline: [TimelineEntry] = []
    /// Contradictions by what they are about (`inspection:ofsted-2014`).
    public var contradictionsAbout: [String: [Contradiction]] = [:]
    public init() {}

    public var isEmpty: Bool { documents.isEmpty }
    public var inspectionOrder: [Inspection] {
        documents.flatMap(\.inspections).sorted { DocumentLinker.sortKey($0.dates.start) < DocumentLinker.sortKey($1.dates.start) }
    }
    public var meetingOrder: [Meeting] { documents.flatMap(\.meetings).sorted { DocumentLinker.sortKey($0.date) < DocumentLinker.sortKey($1.date) } }
    public var trackers: [Tracker] { documents.flatMap(\.trackers) }
    public func document(_ id: String) -> SourceDocument? { documents.first { $0.id == id } }
}

public struct DocumentLinker {
    public let linked: LinkedPlan
    public init(linked: LinkedPlan) { self.linked = linked }

    public static func attach(to linked: inout LinkedPlan) {
        let (documents, diagnostics) = DocumentLinker(linked: linked).link()
        linked.documents = documents
        linked.diagnostics += diagnostics
    }

    /// Orders dates by their start: a month before the days in it.
    public static func sortKey(_ d: ContentDate) -> Int { (d.year * 100 + d.month) * 100 + (d.day ?? 0) }
    /// Orders spans by their start: a year before the months in it, a month before its days.
    public static func sortKey(_ span: DateSpan) -> Int { span.precision == .year ? span.start.year * 10_000 : sortKey(span.start) }

    /// Nil when `ref` names something that exists, else why not.
    func problem(_ ref: String, _ out: LinkedDocuments) -> String? {
        guard let r = Reference.parse(ref) else { return "'\(ref)' is not a reference (write scheme:key, e.g. ofsted-2015:20)" }
        if let fragment = r.fragment { return "'#\(fragment)' cannot follow a reference here: a link joins whole items" }
        let key = r.key.trimmingWhitespace()
        if key != r.key {   // "action: 1.2": the key's spaces are no part of it
            return problem("\(r.scheme):\(key)", out) ?? "'\(ref)' has a space after its colon, which a reference cannot hold"
        }
        if ["action", "workarea"].contains(r.scheme) || linked.register(r.scheme) != nil || out.lists[r.scheme] != nil,
           let wrong = r.numberFormError(at: nil) {
            return wrong.message + " (" + (wrong.suggestion ?? "") + ")"
        }
        switch r.scheme {
        case "action": return linked.rows[r.key] == nil ? "there is no action \(r.key)" : nil
        case "workarea":
            let n = Int(r.key)
            return linked.plan.workAreas.contains { $0.number == n } ? nil : "there is no work area \(r.key)"
        case "inspection": return out.inspections[r.key] == nil ? "there is no inspection '\(r.key)'" : nil
        case "meeting": return out.meetings[r.key] == nil ? "there is no meeting '\(r.key)'" : nil
        case "statistic": return out.statistics[r.key] == nil ? "there is no statistic '\(r.key)'" : nil
        case "document": return out.document(r.key) == nil ? "there is no document '\(r.key)'" : nil
        case "event": return out.documents.contains { $0.events.contains { $0.id == r.key } } ? nil : "there is no event '\(r.key)'"
        case "tracker": return out.trackers.contains { $0.id == r.key } ? nil : "there is no tracker '\(r.key)'"
        default:
            if linked.register(r.scheme) != nil {
                return linked.items[ItemKey(r.scheme, r.key)] == nil ? "\(r.scheme) has no item \(r.key)" : nil
            }
            if let list = out.lists[r.scheme] {
                return list.items.contains { $0.number == r.key } ? nil : "the list \(r.scheme) has no item \(r.key)"
            }
            return "'\(r.scheme)' is not a register, a list or a kind of item"
        }
    }

    /// How to write `ref` so that it resolves, when only a space after its colon or capitals in its scheme stand in
    /// the way ("write it action:1.2, without the space"; "did you mean action:1.3?").
    func fix(_ ref: String, _ out: LinkedDocuments) -> String? {
        guard let r = Reference.parse(ref), r.fragment == nil else { return nil }
        let canonical = "\(r.scheme.lowercased()):\(r.key.trimmingWhitespace())"
        guard canonical != ref, problem(canonical, out) == nil else { return nil }
        return r.scheme != r.scheme.lowercased() ? "did you mean \(canonical)?" : "write it \(canonical), without the space"
    }

    public func link() -> (LinkedDocuments, [Diagnostic]) {
        var out = LinkedDocuments()
        var diagnostics: [Diagnostic] = []
        var plan = linked.plan
        // The plan as at a date: nothing dated later (documents, inspections, meetings, events, statistics).
        let asAt: ContentDate? = plan.progress.asAtRequested ? plan.progress.asAt?.endDay : nil
        if let limit = asAt {
            func keep(_ d: ContentDate) -> Bool { DocumentLinker.sortKey(d) <= DocumentLinker.sortKey(limit) }
            plan.documents = plan.documents.filter { keep($0.date) }.map { doc in
                var d = doc
                d.inspections = doc.inspections.filter { keep($0.dates.start) }
                d.meetings = doc.meetings.filter { keep($0.date) }
                d.events = doc.events.filter { keep($0.dates.start) }
                d.statistics = doc.statistics.filter { s in s.date.map(keep) ?? true }
                d.phases = doc.phases.filter { keep($0.dates.start) }
                return d
            }
        }
        out.documents = plan.documents.sorted { a, b in
            a.date != b.date ? DocumentLinker.sortKey(a.date) < DocumentLinker.sortKey(b.date) : a.id < b.id
        }
        var ids: [String: SourceLocation] = [:]
        func claim(_ id: String, _ what: String, at location: SourceLocation) {
            if let first = ids[id] {
                diagnostics.append(.error("duplicate-id", at: location, "\(what) '\(id.drop { $0 != ":" }.dropFirst())' has the id of something else (at \(first.description))",
                                          suggestion: "give each document, inspection, list, meeting, tracker, statistic, event and contradiction its own id"))
            } else { ids[id] = location }
        }
        for doc in out.documents {
            claim("document:" + doc.id, "the document", at: doc.location)
            for i in doc.inspections { claim("inspection:" + i.id, "the inspection", at: i.location); out.inspections[i.id] = i }
            for l in doc.lists {
                claim("list:" + l.id, "the list", at: l.location)
                if linked.register(l.id) != nil {
                    diagnostics.append(.error("duplicate-id", at: l.location, "the list '\(l.id)' has the id of a register", suggestion: "rename the list"))
                }
                out.lists[l.id] = l
            }
            for m in doc.meetings { claim("meeting:" + m.id, "the meeting", at: m.location); out.meetings[m.id] = m }
            for s in doc.statistics { claim("statistic:" + s.id, "the statistic", at: s.location); out.statistics[s.id] = s }
            for t in doc.trackers { claim("tracker:" + t.id, "the tracker", at: t.location) }
            for e in doc.events { claim("event:" + e.id, "the event", at: e.location) }
            for c in doc.contradictions { claim("contradiction:" + c.id, "the contradiction", at: c.location) }
        }
        // Each inspection, meeting and tracker has a page of its own: no two at one path (meetings and trackers share
        // scrutiny/), and none where the build writes an index.
        var written: [String: (what: String, location: SourceLocation?)] = [
            DocumentPath.inspections: ("the index of inspections", nil), DocumentPath.comparison: ("the comparison of 2015 and 2018", nil),
            DocumentPath.scrutiny: ("the index of scrutiny", nil)]
        func claimPage(_ path: String, _ what: String, _ id: String, at location: SourceLocation) {
            guard let first = written[path] else { written[path] = ("\(what) '\(id)'", location); return }
            let kind = what.replacingOccurrences(of: "the ", with: "")
            diagnostics.append(.error("duplicate-id", at: location, "\(what) '\(id)' would be written to \(path), "
                                      + (first.location.map { "as \(first.what) is (\($0.description))" } ?? "where the build writes \(first.what)"),
                                      suggestion: first.location == nil ? "give the \(kind) another id" : "give one of them another id"))
        }
        for doc in out.documents {
            for i in doc.inspections { claimPage(DocumentPath.inspection(i.id), "the inspection", i.id, at: i.location) }
            for m in doc.meetings { claimPage(DocumentPath.meeting(m.id), "the meeting", m.id, at: m.location) }
            for t in doc.trackers { claimPage(DocumentPath.tracker(t.id), "the tracker", t.id, at: t.location) }
        }
        if asAt != nil {
            // What refers to something published after the as-at date is left out, not reported.
            for i in out.documents.indices {
                var d = out.documents[i]
                d.links = d.links.filter { problem($0.from, out) == nil && problem($0.to, out) == nil }
                d.events = d.events.map { e in var e = e; if let item = e.item, problem(item, out) != nil { e.item = nil }; return e }
                d.inspections = d.inspections.map { x in
                    var x = x
                    if let r = x.register, linked.register(r) == nil { x.register = nil }
                    if let p = x.previous, out.inspections[p] == nil { x.previous = nil }
                    return x
                }
                d.contradictions = d.contradictions.map { c in var c = c; c.about = c.about.filter { problem($0, out) == nil }; return c }
                out.documents[i] = d
                for x in d.inspections { out.inspections[x.id] = x }
            }
            plan.documents = out.documents
        }
        checkInspections(plan, out, &diagnostics)
        checkTrackers(plan, &out, &diagnostics)
        // Links: both ends exist and differ; provenance is stated; no link is given twice.
        var seenLinks: [String: SourceLocation] = [:]
        for doc in out.documents {
            for l in doc.links {
                var ok = true
                let key = "\(l.from) \(l.to) \(l.type)"
                if l.from == l.to {
                    diagnostics.append(.error("self-link", at: l.toLocation, "the link goes from \(l.from) to itself", suggestion: "link it to another item, or remove the link"))
                    ok = false
                } else if let first = seenLinks[key] {
                    diagnostics.append(.error("duplicate-link", at: l.location, "this link repeats the one at \(first.description) (from \(l.from) to \(l.to), \(l.type))",
                                              suggestion: "remove one of them"))
                    ok = false
                } else {
                    seenLinks[key] = l.location
                }
                if let p = problem(l.from, out) {
                    diagnostics.append(.error("unknown-reference", at: l.fromLocation, "the link's 'from' cannot be resolved: \(p)", suggestion: fix(l.from, out) ?? "check the reference"))
                    ok = false
                }
                if let p = problem(l.to, out) {
                    diagnostics.append(.error("unknown-reference", at: l.toLocation, "the link's 'to' cannot be resolved: \(p)", suggestion: fix(l.to, out) ?? "check the reference"))
                    ok = false
                }
                if l.cite == nil && !l.editorial {
                    diagnostics.append(.error("unmarked-editorial-link", at: l.location,
                                              "the link from \(l.from) to \(l.to) gives no source and is not marked editorial",
                                              suggestion: "add 'source: SEED:LINE' where the document states the link, or 'editorial: true' where the editors made it"))
                    ok = false
                }
                if ok {
                    out.links.append(l)
                    out.linksFrom[l.from, default: []].append(l)
                    out.linksTo[l.to, default: []].append(l)
                }
            }
        }
        out.timeline = timeline(out, asAt: asAt, &diagnostics)
        // Contradictions: shown where the fact appears, reported once.
        for c in plan.allContradictions {
            for about in c.about {
                if let p = problem(about, out) {
                    diagnostics.append(.error("unknown-reference", at: c.aboutLocation ?? c.location, "the contradiction \(c.id) is about '\(about)', which cannot be resolved: \(p)",
                                              suggestion: fix(about, out) ?? "name the item where the fact appears"))
                }
                out.contradictionsAbout[about, default: []].append(c)
            }
            let fact: String = c.fact.prefix(1).lowercased() + String(c.fact.dropFirst())
            let claims: [String] = c.claims.map { (claim: Contradiction.Claim) -> String in "\"\(claim.value)\" (\(claim.cite))" }
            let message: String = "the sources disagree on \(fact): " + claims.joined(separator: " vs ")
            diagnostics.append(.warning("source-contradiction", at: c.location, message,
                                        suggestion: "shown on the page where the fact appears; nothing to fix unless a source is corrected"))
        }
        return (out, diagnostics)
    }

    /// Grades on the inspectorate's scale; registers, findings and previous inspections exist.
    func checkInspections(_ plan: Plan, _ out: LinkedDocuments, _ diagnostics: inout [Diagnostic]) {
        for i in plan.allInspections {
            guard let scale = GradeScale.known[i.inspectorate] else {
                diagnostics.append(.error("unknown-inspectorate", at: i.location, "'\(i.inspectorate)' is not an inspectorate plansite knows the grades of",
                                          suggestion: "write 'inspectorate: ofsted'"))
                continue
            }
            for j in i.judgements where scale.label(j.grade) == nil {
                let grades: String = scale.grades.map(\.id).joined(separator: ", ")
                diagnostics.append(.error("bad-grade", at: j.gradeLocation,
                                          "'\(j.grade)' is not a grade of \(i.inspectorate)'s scale (judgement \(j.area) of \(i.id))",
                                          suggestion: "write one of \(grades); keep the source's wording in 'as_written'"))
            }
            if let r = i.register, linked.register(r) == nil {
                diagnostics.append(.error("unknown-register", at: i.registerLocation ?? i.location, "the inspection \(i.id) names the register '\(r)', which does not exist",
                                          suggestion: Suggest.didYouMean(r, in: linked.plan.registers.map(\.id)) ?? "name a register listed in site.yaml, or remove 'register'"))
            }
            if let f = i.findings, out.lists[f] == nil {
                diagnostics.append(.error("unknown-list", at: i.findingsLocation ?? i.location, "the inspection \(i.id) names the findings '\(f)', which no document lists",
                                          suggestion: Suggest.didYouMean(f, in: Array(out.lists.keys)) ?? "add a list with 'id: \(f)', or remove 'findings'"))
            }
            if let p = i.previous, out.inspections[p] == nil {
                diagnostics.append(.error("unknown-inspection", at: i.previousLocation ?? i.location, "the inspection \(i.id) follows '\(p)', which does not exist",
                                          suggestion: "name an inspection's id, e.g. ofsted-2014"))
            }
        }
    }

    /// Tracker rows: their meeting and minute exist.
    func checkTrackers(_ plan: Plan, _ out: inout LinkedDocuments, _ diagnostics: inout [Diagnostic]) {
        let meetingIDs = out.meetings.keys.sorted()
        for t in plan.allTrackers {
            for row in t.rows {
                guard let meeting = out.meetings[row.meeting] else {
                    let prefix = String(row.meeting.prefix(11))
                    let near = meetingIDs.first { $0.hasPrefix(prefix) }
                    diagnostics.append(.error("unknown-meeting", at: row.meetingLocation,
                                              "tracker row \(row.number) names the meeting '\(row.meeting)', which does not exist",
                                              suggestion: near.map { "did you mean \($0)?" } ?? "add the meeting under 'meetings:' or correct the id"))
                    continue
                }
                guard let minute = row.minute else { continue }
                if let wrong = NumberForm.error("the minute number", minute, at: row.minuteLocation ?? row.location) {
                    diagnostics.append(wrong)
                } else if meeting.minutes.contains(where: { $0.number == minute }) {
                    out.trackerRowsByMinute["\(meeting.id):\(minute)", default: []].append((t.id, row))
                } else {
                    let range: String = meeting.minutes.isEmpty ? "transcribe the meeting's minutes, or remove 'minute'"
                        : "its minutes are \(meeting.minutes[0].number) to \(meeting.minutes[meeting.minutes.count - 1].number)"
                    diagnostics.append(.error("unknown-minute", at: row.minuteLocation ?? row.location,
                                              "tracker row \(row.number) names minute \(minute) of \(meeting.id), which has no such minute",
                                              suggestion: range))
                }
            }
        }
    }

    /// The timeline: documents, inspections, meetings, explicit events and the trackers' progress checks, in date order.
    func timeline(_ out: LinkedDocuments, asAt: ContentDate?, _ diagnostics: inout [Diagnostic]) -> [TimelineEntry] {
        var entries: [TimelineEntry] = []
        for doc in out.documents {
            entries.append(TimelineEntry(dates: DateSpan(start: doc.date), datesAsWritten: doc.dateAsWritten, title: "Published: \(doc.title)",
                                         kind: "publication", status: "held", item: "document:\(doc.id)", cite: doc.cite, document: doc.id))
            for i in doc.inspections {
                let title: String = i.title + (i.focus.map { ": focus on \($0)" } ?? "")
                entries.append(TimelineEntry(dates: i.dates, datesAsWritten: i.datesAsWritten, title: title,
                                             kind: i.kind == "monitoring-visit" ? "visit" : "inspection", status: i.status,
                                             item: "inspection:\(i.id)", cite: i.cite, document: doc.id))
                if let p = i.published, p != doc.date {
                    entries.append(TimelineEntry(dates: DateSpan(start: p), datesAsWritten: nil, title: "Report published: \(i.title)", kind: "publication",
                                                 status: "held", item: "inspection:\(i.id)", cite: i.cite, document: doc.id))
                }
            }
            for m in doc.meetings {
                entries.append(TimelineEntry(dates: DateSpan(start: m.date), datesAsWritten: nil, title: "Meeting: \(m.body)", kind: "meeting",
                                             status: m.status, item: "meeting:\(m.id)", cite: m.cite, document: doc.id))
            }
            for e in doc.events {
                if let item = e.item, let p = problem(item, out) {
                    diagnostics.append(.error("unknown-reference", at: e.itemLocation ?? e.location, "the event \(e.id) belongs to '\(item)', which cannot be resolved: \(p)",
                                              suggestion: fix(item, out) ?? "check the reference in 'item'"))
                }
                entries.append(TimelineEntry(dates: e.dates, datesAsWritten: e.datesAsWritten, title: e.title, kind: e.kind, status: e.status,
                                             item: e.item, cite: e.cite, document: doc.id, ref: "event:\(e.id)"))
            }
            for t in doc.trackers {
                entries += progressChecks(t, document: doc.id).filter { e in asAt.map { DocumentLinker.sortKey(e.dates.start) <= DocumentLinker.sortKey($0) } ?? true }
            }
        }
        let order: [(key: Int, index: Int)] = entries.indices.map { (DocumentLinker.sortKey(entries[$0].dates), $0) }
        return order.sorted { $0.key != $1.key ? $0.key < $1.key : $0.index < $1.index }.map { entries[$0.index] }
    }

    /// A tracker's "progress check on" months, one entry per month naming its rows. A cell that is not a month
    /// ("tbc") gives no entry: the tracker's page shows it as written.
    func progressChecks(_ t: Tracker, document: String) -> [TimelineEntry] {
        var months: [ContentDate] = []
        var rows: [ContentDate: [TrackerRow]] = [:]
        for row in t.rows {
            guard let check = row.progressCheck, let month = ContentDate.month(named: check) else { continue }
            if rows[month] == nil { months.append(month) }
            rows[month, default: []].append(row)
        }
        return months.map { month in
            let due = rows[month] ?? []
            let numbers = due.map(\.number)
            let list = numbers.count == 1 ? "row \(numbers[0])" : "rows " + numbers.dropLast().joined(separator: ", ") + " and " + numbers[numbers.count - 1]
            return TimelineEntry(dates: DateSpan(start: month), datesAsWritten: nil, title: "Progress check on the \(t.body)'s recommendations tracker: \(list)",
                                 kind: "deadline", status: "planned", item: "tracker:\(t.id)",
                                 cite: due.compactMap(\.cite).joined(separator: ", "), document: document)
        }
    }
}
