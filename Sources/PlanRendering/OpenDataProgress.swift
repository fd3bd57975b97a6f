// PlanRendering/OpenDataProgress: the plan over time in data/plan.json:
// the status vocabulary, every progress report with its updates, each item's
// current status, and measures observed over time. Documented in
// docs/plan-json.md and docs/plan.schema.json.

import Foundation
import PlanLinking
import PlanModel

/// Where the progress pages live in the built site.
public enum ProgressPath {
    public static let reportCards = "report-cards/index.html"
    public static func reportCard(_ monthKey: String) -> String { "report-cards/\(monthKey).html" }
    public static let demandAndVolumes = "demand-and-volumes-over-time.html"
}

extension ProgressTarget {
    /// The target as a reference: `action:2.1`, `workarea:3`, `ofsted-2015:7`, `plan`.
    public var id: String {
        switch self {
        case .plan: return "plan"
        case .action(let ref): return "action:\(ref)"
        case .workArea(let n): return "workarea:\(n)"
        case .item(let key): return key.description
        }
    }
}

extension OpenData {
    struct ProgressDoc: Encodable {
        let asAt: String?
        let asAtRequested: Bool
        let statuses: [StatusDoc]
        let reports: [ReportDoc]
        let current: [CurrentDoc]
        let series: [SeriesDoc]
    }
    struct StatusDoc: Encodable { let id, label, meaning, rollup: String; let colour: String? }
    struct SourceDoc: Encodable { let title: String; let date, cite, url: String? }
    struct UpdateDoc: Encodable {
        let target, targetAsWritten, date, text: String
        let status, quote, cite: String?
        let timeframe: [String]
    }
    struct ReportDoc: Encodable {
        let id, title, date, url: String
        let source: SourceDoc
        let updates: [UpdateDoc]
    }
    struct CurrentDoc: Encodable { let target, status, date, report: String; let timeframe: [String]? }
    struct TimedObservationDoc: Encodable { let date, period: String; let value, qualifier, source: String? }
    struct SeriesDoc: Encodable {
        let id, title, group, polarity, chart: String
        let unit, target, benchmark, description: String?
        let observations: [TimedObservationDoc]
    }

    func progressDocument() -> ProgressDoc {
        let p = linked.progress
        let reports = p.reports.map { r in
            ReportDoc(id: r.id, title: r.title, date: r.date.description, url: ProgressPath.reportCard(r.date.monthKey),
                      source: SourceDoc(title: r.source.title, date: r.source.date?.description, cite: r.source.cite, url: r.source.url),
                      updates: (p.updatesByReport[r.id] ?? []).map { u in
                          UpdateDoc(target: u.target.id, targetAsWritten: u.update.target, date: u.update.date.description,
                                    text: u.update.text.text, status: u.update.status, quote: u.update.quote, cite: u.update.cite,
                                    timeframe: u.update.timeframe)
                      })
        }
        let current = p.history.keys.sorted().compactMap { target -> CurrentDoc? in
            guard let c = p.current(target) else { return nil }
            return CurrentDoc(target: target.id, status: c.status.id, date: c.update.update.date.description, report: c.update.reportID,
                              timeframe: p.revisedTimeframe(target)?.quarters)
        }
        let series = p.series.map { s in
            SeriesDoc(id: s.id, title: s.title, group: s.group, polarity: s.polarity.rawValue, chart: s.chart, unit: s.unit,
                      target: s.target, benchmark: s.benchmark, description: s.description,
                      observations: s.observations.map { TimedObservationDoc(date: $0.date.description, period: $0.period, value: $0.value, qualifier: $0.qualifier, source: $0.cite) })
        }
        return ProgressDoc(asAt: p.asAt?.description, asAtRequested: p.asAtRequested,
                           statuses: p.vocabulary.statuses.map { StatusDoc(id: $0.id, label: $0.label, meaning: $0.meaning, rollup: $0.rollup.rawValue, colour: $0.colour) },
                           reports: reports, current: current, series: series)
    }
}
