// PlanRendering/OpenDataDocuments: the documents around the plan in
// data/plan.json: source documents, inspections with judgements and teams,
// lists of citable items (findings, planned activities), meetings with their
// minutes, trackers, statistics, links (with their provenance), the timeline
// and the recorded contradictions. Documented in docs/plan-json.md and
// docs/plan.schema.json. Absent when the site has no documents.

import Foundation
import PlanLinking
import PlanModel

extension OpenData {
    struct DocumentsDoc: Encodable {
        let sources: [SourceDocumentDoc]
        let inspections: [InspectionDoc]
        let lists: [ListDoc]
        let meetings: [MeetingDoc]
        let trackers: [TrackerDoc]
        let statistics: [StatisticDoc]
        let links: [LinkDoc]
        let phases: [PhaseDoc]
        let timeline: [EventDoc]
        let contradictions: [ContradictionDoc]
        let counts: DocumentCountsDoc
    }
    struct SourceDocumentDoc: Encodable { let id, title, kind, issuer, date: String; let dateAsWritten, source, summary: String? }
    struct JudgementDoc: Encodable { let area, title, grade, gradeLabel: String; let asWritten, source: String? }
    struct TeamDoc: Encodable { let role: String; let names: [String] }
    struct InspectionDoc: Encodable {
        let id, title, document, inspectorate, kind, start, end, status, url: String
        let number, datesAsWritten, published, focus, note, register, findings, previous, source: String?
        let judgements: [JudgementDoc]
        let team: [TeamDoc]
    }
    struct DocItemDoc: Encodable { let id, number, text, url: String; let flags: [String]; let source: String? }
    struct DocItemGroupDoc: Encodable { let heading, intro, afterHeading, source: String?; let after: [String]; let items: [DocItemDoc] }
    struct ListDoc: Encodable { let id, title, document, kind, itemName, url: String; let intro, source: String?; let groups: [DocItemGroupDoc] }
    struct MinuteDoc: Encodable {
        let number, title: String
        let item, summary, actions, nextSteps, source: String?
        let witnesses: [String]
        let recommendations: [DocItemDoc]
        let trackerRows: [String]
    }
    struct MeetingDoc: Encodable {
        let id, body, date, status, document, url: String
        let time, place, note, source: String?
        let minutes: [MinuteDoc]
    }
    struct TrackerRowDoc: Encodable {
        let id, number, meeting, item, text, completed: String
        let minute, reference, to, response, progressCheck, source: String?
    }
    struct TrackerDoc: Encodable { let id, title, body, document, url: String; let intro, completionNote, source: String?; let rows: [TrackerRowDoc] }
    struct StatisticDoc: Encodable { let id, document, label, value, period: String; let date, rate, comparison, group, source: String? }
    struct LinkDoc: Encodable { let from, to, type: String; let editorial: Bool; let source, note: String? }
    struct PhaseDoc: Encodable { let number: Int; let title, start, end, datesAsWritten: String; let source: String? }
    struct EventDoc: Encodable { let start, end, precision, title, kind, status, document: String; let id, datesAsWritten, item, source: String? }
    struct ClaimDoc: Encodable { let value, source: String; let quote: String? }
    struct ContradictionDoc: Encodable { let id, fact: String; let claims: [ClaimDoc]; let resolution: String?; let about: [String] }
    struct DocumentCountsDoc: Encodable {
        let inspections, findings, findingsTagged, monitoringVisits, monitoringVisitsCancelled, meetings, trackerRows, listItems, events, links, editorialLinks: Int
    }

    func documentsDocument() -> DocumentsDoc? {
        let d = linked.documents
        guard !d.isEmpty else { return nil }
        func url(_ path: String) -> String { path }
        func listPath(_ l: DocumentList) -> String {
            if l.kind == "summary" { return DocumentPath.easyRead }
            if let i = d.inspectionOrder.first(where: { $0.findings == l.id }) { return DocumentPath.inspection(i.id) }
            return DocumentPath.list(l.id)
        }
        func item(_ i: DocumentItem, id: String, path: String) -> DocItemDoc {
            DocItemDoc(id: id, number: i.number, text: i.text, url: path, flags: i.flags, source: i.cite)
        }
        let inspections = d.inspectionOrder.map { i in
            InspectionDoc(id: i.id, title: i.title, document: i.document, inspectorate: i.inspectorate, kind: i.kind,
                          start: i.dates.startDescription, end: i.dates.endDescription, status: i.status,
                          url: DocumentPath.inspection(i.id), number: i.number, datesAsWritten: i.datesAsWritten,
                          published: i.published?.description, focus: i.focus, note: i.note, register: i.register, findings: i.findings,
                          previous: i.previous, source: i.cite,
                          judgements: i.judgements.map { JudgementDoc(area: $0.area, title: $0.title, grade: $0.grade,
                                                                      gradeLabel: GradeScale.known[i.inspectorate]?.label($0.grade) ?? $0.grade,
                                                                      asWritten: $0.asWritten, source: $0.cite) },
                          team: i.team.map { TeamDoc(role: $0.role, names: $0.names) })
        }
        let lists = d.documents.flatMap(\.lists).map { l in
            ListDoc(id: l.id, title: l.title, document: l.document, kind: l.kind, itemName: l.itemName, url: listPath(l), intro: l.intro, source: l.cite,
                    groups: l.groups.map { g in
                        DocItemGroupDoc(heading: g.heading, intro: g.intro, afterHeading: g.afterHeading, source: g.cite, after: g.after,
                                     items: g.items.map { item($0, id: "\(l.id):\($0.number)", path: listPath(l) + "#\(l.id)-\($0.number)") })
                    })
        }
        let meetings = d.meetingOrder.map { m in
            MeetingDoc(id: m.id, body: m.body, date: m.date.description, status: m.status, document: m.document, url: DocumentPath.meeting(m.id),
                       time: m.time, place: m.place, note: m.note, source: m.cite,
                       minutes: m.minutes.map { mn in
                           MinuteDoc(number: mn.number, title: mn.title, item: mn.item, summary: mn.summary, actions: mn.actions, nextSteps: mn.nextSteps,
                                     source: mn.cite, witnesses: mn.witnesses,
                                     recommendations: mn.recommendations.map { item($0, id: "minute:\(m.id):\(mn.number).\($0.number)",
                                                                                    path: DocumentPath.meeting(m.id) + "#minute-\(mn.number)-\($0.number)") },
                                     trackerRows: (d.trackerRowsByMinute["\(m.id):\(mn.number)"] ?? []).map { "\($0.tracker):\($0.row.number)" })
                       })
        }
        let trackers = d.trackers.map { t in
            TrackerDoc(id: t.id, title: t.title, body: t.body, document: t.document, url: DocumentPath.tracker(t.id), intro: t.intro,
                       completionNote: t.completionNote, source: t.cite,
                       rows: t.rows.map { r in
                           TrackerRowDoc(id: "\(t.id):\(r.number)", number: r.number, meeting: r.meeting, item: r.item, text: r.text, completed: r.completed,
                                         minute: r.minute, reference: r.reference, to: r.to, response: r.response, progressCheck: r.progressCheck, source: r.cite)
                       })
        }
        let statistics = d.documents.flatMap { doc in doc.statistics.map { s in
            StatisticDoc(id: s.id, document: doc.id, label: s.label, value: s.value, period: s.period, date: s.date?.description, rate: s.rate,
                         comparison: s.comparison, group: s.group, source: s.cite)
        } }
        let findings = d.inspectionOrder.compactMap { $0.findings.flatMap { d.lists[$0] } }.flatMap(\.items)
        let visits = d.inspectionOrder.filter { $0.kind == "monitoring-visit" }
        return DocumentsDoc(
            sources: d.documents.map { SourceDocumentDoc(id: $0.id, title: $0.title, kind: $0.kind, issuer: $0.issuer, date: $0.date.description,
                                                         dateAsWritten: $0.dateAsWritten, source: $0.cite, summary: $0.summary) },
            inspections: inspections, lists: lists, meetings: meetings, trackers: trackers, statistics: statistics,
            links: d.links.map { LinkDoc(from: $0.from, to: $0.to, type: $0.type, editorial: $0.editorial, source: $0.cite, note: $0.note) },
            phases: linked.plan.allPhases.sorted { $0.number < $1.number }.map {
                PhaseDoc(number: $0.number, title: $0.title, start: $0.dates.startDescription, end: $0.dates.endDescription,
                         datesAsWritten: $0.datesAsWritten, source: $0.cite)
            },
            timeline: d.timeline.map { EventDoc(start: $0.dates.startDescription, end: $0.dates.endDescription, precision: $0.dates.precision.rawValue,
                                                title: $0.title, kind: $0.kind, status: $0.status, document: $0.document,
                                                id: $0.ref.map { String($0.drop { $0 != ":" }.dropFirst()) }, datesAsWritten: $0.datesAsWritten,
                                                item: $0.item, source: $0.cite) },
            contradictions: linked.plan.allContradictions.map { c in
                ContradictionDoc(id: c.id, fact: c.fact, claims: c.claims.map { ClaimDoc(value: $0.value, source: $0.cite, quote: $0.quote) },
                                 resolution: c.resolution, about: c.about)
            },
            counts: DocumentCountsDoc(inspections: inspections.count, findings: findings.count,
                                      findingsTagged: findings.filter { $0.flags.contains("recommendation") }.count,
                                      monitoringVisits: visits.count, monitoringVisitsCancelled: visits.filter { $0.status == "cancelled" }.count,
                                      meetings: meetings.count, trackerRows: trackers.reduce(0) { $0 + $1.rows.count },
                                      listItems: lists.reduce(0) { $0 + $1.groups.reduce(0) { $0 + $1.items.count } },
                                      events: d.timeline.count, links: d.links.count, editorialLinks: d.links.filter(\.editorial).count))
    }
}
