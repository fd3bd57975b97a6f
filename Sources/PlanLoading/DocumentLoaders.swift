// PlanLoading/DocumentLoaders: the documents around the plan, one YAML file
// per document in the folder site.yaml names as `documents`. Shapes and dates
// are checked here (an impossible date is a located error); references,
// grades and provenance are checked by PlanLinking (DocumentLinker).

import Foundation
import PlanModel

struct DocumentLoader {
    let source: ContentSource
    let sink: DiagnosticSink
    var threads = 1
    var cache: ParseCache? = nil

    func load(into plan: inout Plan, read: (String) -> String?, list: (String) -> [String]?) {
        guard let folder = plan.config.documentsFolder else { return }
        guard let names = list(folder) else {
            ContentFolder.missing("documents", folder: folder, holding: "the documents", source: source,
                                  at: plan.config.locations[folder] ?? SourceLocation(file: "site.yaml"), sink: sink)
            return
        }
        // Read in order (reading reports into the sink), then parse each file on its own, in parallel.
        let paths = ContentFolder.files(names, in: folder, endings: [".yaml", ".yml"], what: "documents", sink: sink).map { folder + "/" + $0 }
        let files = paths.compactMap { path in read(path).map { (path: path, text: $0) } }
        plan.documents += parseEach(files, threads: threads, cache: cache, into: sink) { text, path, own in
            DocumentLoader(source: source, sink: own).document(text, path: path)
        }
    }

    // MARK: Helpers

    func date(_ r: YAMLRecord, _ key: String, required: Bool = false, years: Bool = false) -> ContentDate? {
        r.date(key, required: required, forms: years ? "YYYY-MM-DD, YYYY-MM for a whole month or YYYY for a whole year" : nil,
               check: "check the month and the day against the source")
    }

    /// What `key` holds when it is written as a year alone (`2017`: a source that dates something by its year only):
    /// nil when it is not written so, `.some(nil)` when it is but is no year (reported here).
    func year(_ r: YAMLRecord, _ key: String) -> Int?? {
        guard case let .scalar(scalar)? = r.value(key) else { return nil }
        let text = scalar.string.trimmingWhitespaceAndNewlines()
        guard text.count == 4, text.allSatisfy({ $0.isASCII && $0.isNumber }), let y = Int(text) else { return nil }
        guard y >= 1000 else {
            sink.error("bad-date", at: r.location(of: key), "'\(text)' is not a year",
                       suggestion: "write the year in full, e.g. 2017")
            return .some(nil)
        }
        return y
    }

    /// `date:` alone, or `start:` with an optional `end:` (not before the start). Each is a day, a month or a year
    /// (`2017`: the source gives the year only); a span of years gives both ends as years.
    func span(_ r: YAMLRecord) -> DateSpan? {
        if r.value("date") != nil {
            for key in ["start", "end"] where r.value(key) != nil {   // else the span would be the date alone, the other dropped
                sink.error("bad-date", at: r.location(of: key), "\(r.what) has both 'date' and '\(key)'",
                           suggestion: "give 'date' for one day, month or year, or 'start' and 'end' for a span, not both")
            }
            if let y = year(r, "date") { return y.map { DateSpan(year: $0) } }
            return date(r, "date", years: true).map { DateSpan(start: $0) }
        }
        if let startYear = year(r, "start") {
            guard let first = startYear else { return nil }
            guard r.value("end") != nil else { return DateSpan(year: first) }
            guard let endYear = year(r, "end") else {
                if let end = r.string("end") {
                    sink.error("bad-date", at: r.location(of: "end"), "the start \(first) is a year but the end '\(end)' is not",
                               suggestion: "write both as years (start: \(first), end: \(first + 1)), or both as months or days")
                }
                return nil
            }
            guard let last = endYear else { return nil }
            if last < first {
                sink.error("bad-date", at: r.location(of: "end"), "the end \(last) is before the start \(first)",
                           suggestion: "swap them, or check the years against the source")
            }
            return DateSpan(year: first, through: last)
        }
        guard let start = date(r, "start", required: true, years: true) else { return nil }
        if let endYear = year(r, "end") {
            if let y = endYear {
                sink.error("bad-date", at: r.location(of: "end"), "the end \(y) is a year but the start \(start) is not",
                           suggestion: "write both as years, or write the end as a month or a day (e.g. \(y)-12)")
            }
            return nil
        }
        let end = date(r, "end", years: true)
        if let end, end.endDay < ContentDate(year: start.year, month: start.month, day: start.day ?? 1) {
            sink.error("bad-date", at: r.location(of: "end"), "the end \(end) is before the start \(start)",
                       suggestion: "swap them, or check the dates against the source")
        }
        return DateSpan(start: start, end: end)
    }

    /// Each number once in one numbered list (its page gives each an anchor: `minute-34`, `row-1`): a repeat is an
    /// error at it, `problem(number, first)` saying what is numbered twice.
    func numberedOnce(_ entries: [(number: String, location: SourceLocation)], _ problem: (String, SourceLocation) -> String) {
        var seen: [String: SourceLocation] = [:]
        for (number, at) in entries {
            if let wrong = NumberForm.error("the number", number, at: at) { sink.add(wrong) }
            if let first = seen[number] {
                sink.error("duplicate-item", at: at, problem(number, first), suggestion: "check the numbering against the source")
            } else { seen[number] = at }
        }
    }

    func records(_ r: YAMLRecord, _ key: String, what: String, allowed: [String]) -> [YAMLRecord] {
        r.list(key).compactMap { r.file.record($0, what: what, allowed: allowed) }
    }

    func item(_ r: YAMLRecord) -> DocumentItem? {
        guard let number = r.string("number", required: true), let text = r.string("text", required: true) else { return nil }
        return DocumentItem(number: number, text: text, flags: r.strings("flags"), cite: r.string("source"), location: r.location)
    }

    // MARK: Document

    func document(_ text: String, path: String) -> SourceDocument? {
        let file = YAMLFile(path: path, sink: sink)
        guard let root = file.root(text),
              let r = file.record(root, what: "a document", allowed: [
                "id", "title", "kind", "issuer", "date", "date_as_written", "source", "summary", "inspections", "lists",
                "meetings", "trackers", "statistics", "events", "links", "contradictions", "phases"]) else { return nil }
        guard let id = r.identifier(of: "a document"), let title = r.string("title", required: true),
              let date = self.date(r, "date", required: true) else { return nil }
        let kind = r.choice("kind", of: SourceDocument.kinds, fallback: "document", what: "a kind of document") ?? "document"
        var doc = SourceDocument(id: id, title: title, kind: kind, issuer: r.string("issuer", required: true) ?? "",
                                 date: date, dateAsWritten: r.string("date_as_written"), cite: r.string("source"), summary: r.string("summary"),
                                 location: r.location)
        doc.inspections = records(r, "inspections", what: "an inspection", allowed: [
            "id", "title", "inspectorate", "kind", "number", "date", "start", "end", "dates_as_written", "published", "status", "focus", "note",
            "register", "findings", "previous", "judgements", "team", "source"]).compactMap { inspection($0, document: id) }
        doc.lists = records(r, "lists", what: "a list", allowed: ["id", "title", "item_name", "kind", "intro", "groups", "items", "source"])
            .compactMap { list($0, document: id) }
        doc.meetings = records(r, "meetings", what: "a meeting", allowed: ["id", "body", "date", "time", "place", "status", "note", "minutes", "source"])
            .compactMap { meeting($0, document: id) }
        doc.trackers = records(r, "trackers", what: "a tracker", allowed: ["id", "title", "body", "intro", "completion_note", "rows", "source"])
            .compactMap { tracker($0, document: id) }
        doc.statistics = records(r, "statistics", what: "a statistic", allowed: [
            "id", "label", "value", "date", "period", "rate", "comparison", "group", "source"]).compactMap { s -> Statistic? in
            guard let sid = s.identifier(of: "a statistic"), let label = s.string("label", required: true),
                  let value = s.string("value", required: true), let period = s.string("period", required: true) else { return nil }
            return Statistic(id: sid, label: label, value: value, date: self.date(s, "date"), period: period, rate: s.string("rate"),
                             comparison: s.string("comparison"), group: s.string("group"), cite: s.string("source"), location: s.location)
        }
        doc.events = records(r, "events", what: "an event", allowed: [
            "id", "title", "kind", "date", "start", "end", "dates_as_written", "status", "item", "source"]).compactMap { e -> TimelineEvent? in
            guard let eid = e.identifier(of: "an event"), let title = e.string("title", required: true), let dates = span(e) else { return nil }
            let kind = e.string("kind") ?? "milestone", status = e.string("status") ?? "held"
            if !TimelineEvent.kinds.contains(kind) {
                sink.error("bad-event-kind", at: e.location(of: "kind"), "'\(kind)' is not a kind of event",
                           suggestion: "write one of \(TimelineEvent.kinds.joined(separator: ", "))")
            }
            if !TimelineEvent.statuses.contains(status) {
                sink.error("bad-event-status", at: e.location(of: "status"), "'\(status)' is not the status of an event",
                           suggestion: "write 'held' (the default: it took place), 'planned' (the source looks ahead to it) or 'cancelled'")
            }
            var event = TimelineEvent(id: eid, title: title, kind: kind, dates: dates, datesAsWritten: e.string("dates_as_written"),
                                      status: status, item: e.string("item"), cite: e.string("source"), document: id,
                                      location: e.location, dateLocation: e.location(of: e.value("date") != nil ? "date" : "start"))
            if e.value("item") != nil { event.itemLocation = e.location(of: "item") }
            return event
        }
        doc.links = records(r, "links", what: "a link", allowed: ["from", "to", "type", "source", "editorial", "note"]).compactMap { l -> ItemLink? in
            guard let from = l.string("from", required: true), let to = l.string("to", required: true) else { return nil }
            guard let type = l.choice("type", of: ItemLink.types, fallback: "relates", what: "a type of link") else { return nil }
            return ItemLink(from: from, to: to, type: type, cite: l.string("source"), editorial: l.bool("editorial") ?? false,
                            note: l.string("note"), location: l.location, fromLocation: l.location(of: "from"), toLocation: l.location(of: "to"))
        }
        doc.contradictions = records(r, "contradictions", what: "a contradiction", allowed: ["id", "fact", "claims", "resolution", "about"]).compactMap { c -> Contradiction? in
            guard let cid = c.identifier(of: "a contradiction"), let fact = c.string("fact", required: true) else { return nil }
            let claims = records(c, "claims", what: "a claim", allowed: ["value", "source", "quote"]).compactMap { k -> Contradiction.Claim? in
                guard let v = k.string("value", required: true), let s = k.string("source", required: true) else { return nil }
                return Contradiction.Claim(value: v, cite: s, quote: k.string("quote"))
            }
            if claims.count < 2 {
                sink.error("bad-contradiction", at: c.location, "the contradiction '\(cid)' needs at least two claims",
                           suggestion: "list each differing value under 'claims:' with its 'source:'")
            }
            var contradiction = Contradiction(id: cid, fact: fact, claims: claims, resolution: c.string("resolution"), about: c.strings("about"), location: c.location)
            if c.value("about") != nil { contradiction.aboutLocation = c.location(of: "about") }
            return contradiction
        }
        doc.phases = records(r, "phases", what: "a phase", allowed: ["number", "title", "start", "end", "date", "dates_as_written", "source"]).compactMap { p -> JourneyPhase? in
            guard let n = p.int("number", required: true), let title = p.string("title", required: true), let dates = span(p) else { return nil }
            return JourneyPhase(number: n, title: title, dates: dates, datesAsWritten: p.string("dates_as_written") ?? dates.text, cite: p.string("source"), location: p.location)
        }
        numberedOnce(doc.phases.map { (String($0.number), $0.location) }) { "the document '\(id)' has two phases numbered \($0) (first at \($1.description))" }
        return doc
    }

    func inspection(_ r: YAMLRecord, document: String) -> Inspection? {
        guard let id = r.identifier(of: "an inspection"), let title = r.string("title", required: true),
              let inspectorate = r.string("inspectorate", required: true), r.string("kind", required: true) != nil,
              let kind = r.choice("kind", of: Inspection.kinds, fallback: "", what: "a kind of inspection"),
              let dates = span(r) else { return nil }
        let status = r.choice("status", of: TimelineEvent.statuses, fallback: "held", what: "the status of an inspection") ?? "held"
        let judgements = records(r, "judgements", what: "a judgement", allowed: ["area", "title", "grade", "as_written", "source"]).compactMap { j -> Judgement? in
            guard let area = j.string("area", required: true), let title = j.string("title", required: true),
                  let grade = j.string("grade", required: true) else { return nil }
            return Judgement(area: area, title: title, grade: grade, asWritten: j.string("as_written"), cite: j.string("source"),
                             location: j.location, gradeLocation: j.location(of: "grade"))
        }
        numberedOnce(judgements.map { ($0.area, $0.location) }) { "the inspection '\(id)' has two judgements of the area \($0) (first at \($1.description))" }
        let team = records(r, "team", what: "a team role", allowed: ["role", "names"]).compactMap { t -> TeamRole? in
            guard let role = t.string("role", required: true) else { return nil }
            return TeamRole(role: role, names: t.strings("names"))
        }
        var inspection = Inspection(id: id, title: title, inspectorate: inspectorate, kind: kind, number: r.string("number"), dates: dates,
                          datesAsWritten: r.string("dates_as_written"), published: date(r, "published"), status: status,
                          focus: r.string("focus"), note: r.string("note"), register: r.string("register"), findings: r.string("findings"),
                          previous: r.string("previous"), judgements: judgements, team: team, cite: r.string("source"), document: document,
                          location: r.location, previousLocation: r.value("previous") != nil ? r.location(of: "previous") : nil)
        if r.value("register") != nil { inspection.registerLocation = r.location(of: "register") }
        if r.value("findings") != nil { inspection.findingsLocation = r.location(of: "findings") }
        return inspection
    }

    func list(_ r: YAMLRecord, document: String) -> DocumentList? {
        guard let id = r.identifier(of: "a list"), let title = r.string("title", required: true) else { return nil }
        var groups: [DocumentItemGroup] = records(r, "groups", what: "a group", allowed: ["heading", "intro", "summary", "items", "after", "after_heading", "source"]).map { g in
            DocumentItemGroup(heading: g.string("heading"), intro: g.string("intro"),
                              items: records(g, "items", what: "an item", allowed: ["number", "text", "flags", "source"]).compactMap(item),
                              after: g.strings("after"), afterHeading: g.string("after_heading"),
                              summary: g.strings("summary"), cite: g.string("source"))
        }
        let loose = records(r, "items", what: "an item", allowed: ["number", "text", "flags", "source"]).compactMap(item)
        if !loose.isEmpty { groups.insert(DocumentItemGroup(heading: nil, items: loose), at: 0) }
        numberedOnce(groups.flatMap(\.items).map { ($0.number, $0.location) }) { "the list '\(id)' has two items numbered \($0) (first at \($1.description))" }
        let kind = r.choice("kind", of: DocumentList.kinds, fallback: "items", what: "a kind of list") ?? "items"
        return DocumentList(id: id, title: title, itemName: r.string("item_name") ?? "item", kind: kind,
                            intro: r.string("intro"), groups: groups, cite: r.string("source"), document: document, location: r.location)
    }

    func meeting(_ r: YAMLRecord, document: String) -> Meeting? {
        guard let id = r.identifier(of: "a meeting"), let body = r.string("body", required: true),
              let date = self.date(r, "date", required: true) else { return nil }
        let minutes = records(r, "minutes", what: "a minute", allowed: [
            "number", "title", "item", "witnesses", "summary", "recommendations", "actions", "next_steps", "source"]).compactMap { m -> Minute? in
            guard let n = m.string("number", required: true), let title = m.string("title", required: true) else { return nil }
            return Minute(number: n, title: title, item: m.string("item"), witnesses: m.strings("witnesses"), summary: m.string("summary"),
                          recommendations: records(m, "recommendations", what: "a recommendation", allowed: ["number", "text", "flags", "source"]).compactMap(item),
                          actions: m.string("actions"), nextSteps: m.string("next_steps"), cite: m.string("source"), location: m.location)
        }
        numberedOnce(minutes.map { ($0.number, $0.location) }) { "the meeting '\(id)' has two minutes numbered \($0) (first at \($1.description))" }
        for m in minutes {
            numberedOnce(m.recommendations.map { ($0.number, $0.location) }) { "minute \(m.number) has two recommendations numbered \($0) (first at \($1.description))" }
        }
        let status = r.choice("status", of: TimelineEvent.statuses, fallback: "held", what: "the status of a meeting") ?? "held"
        return Meeting(id: id, body: body, date: date, time: r.string("time"), place: r.string("place"), status: status,
                       note: r.string("note"), minutes: minutes, cite: r.string("source"), document: document, location: r.location)
    }

    func tracker(_ r: YAMLRecord, document: String) -> Tracker? {
        guard let id = r.identifier(of: "a tracker"), let title = r.string("title", required: true) else { return nil }
        let rows = records(r, "rows", what: "a tracker row", allowed: [
            "number", "meeting", "minute", "reference", "item", "text", "to", "response", "progress_check", "completed", "source"]).compactMap { t -> TrackerRow? in
            guard let n = t.string("number", required: true), let meeting = t.string("meeting", required: true),
                  let item = t.string("item", required: true), let text = t.string("text", required: true) else { return nil }
            let completed = t.string("completed") ?? "unknown"
            if !["unknown", "yes", "no"].contains(completed) {
                sink.error("bad-completed", at: t.location(of: "completed"), "'\(completed)' is not a completion state",
                           suggestion: "write 'unknown' (the source does not say), 'yes' or 'no'")
            }
            return TrackerRow(number: n, meeting: meeting, meetingLocation: t.location(of: "meeting"), minute: t.string("minute"),
                              minuteLocation: t.value("minute") != nil ? t.location(of: "minute") : nil, reference: t.string("reference"),
                              item: item, text: text, to: t.string("to"), response: t.string("response"), progressCheck: t.string("progress_check"),
                              completed: completed, cite: t.string("source"), location: t.location)
        }
        numberedOnce(rows.map { ($0.number, $0.location) }) { "the tracker '\(id)' has two rows numbered \($0) (first at \($1.description))" }
        return Tracker(id: id, title: title, body: r.string("body") ?? "", intro: r.string("intro"), completionNote: r.string("completion_note"),
                       rows: rows, cite: r.string("source"), document: document, location: r.location)
    }
}
