// PlanLoading/ProgressLoader: the plan over time. The status vocabulary in
// site.yaml, the progress reports (one YAML file per report, its updates
// inside), and measures observed over time (a long-format CSV with a YAML
// declaring its measures beside it). Dates are checked here (malformed,
// impossible); references are checked by PlanLinking.

import Foundation
import PlanModel

struct ProgressLoader {
    let source: ContentSource
    let sink: DiagnosticSink

    /// Loads the statuses from site.yaml, then every report and observation file site.yaml names.
    func load(into plan: inout Plan, siteText: String, read: (String) -> String?, list: (String) -> [String]?) {
        plan.progress.statuses = statuses(siteText: siteText)
        if let folder = plan.config.progressFolder {
            if let names = list(folder) {
                var texts: [String: String] = [:]   // a report's text → its file
                for name in ContentFolder.files(names, in: folder, endings: [".yaml", ".yml"], what: "progress reports", sink: sink) {
                    let path = folder + "/" + name
                    guard let text = read(path) else { continue }
                    // A copy made to start the next report from, left as it was: every update would be shown twice.
                    if let original = texts[text] {
                        sink.warning("copied-report", at: SourceLocation(file: path), "this progress report is an exact copy of \(original)",
                                     suggestion: "remove it, or make it the report it was meant to be: its title, date, source and updates")
                    } else { texts[text] = path }
                    if let report = report(text, path: path, id: (name as NSString).deletingPathExtension) {
                        plan.progress.reports.append(report)
                    }
                }
            } else {
                ContentFolder.missing("progress", folder: folder, holding: "the progress reports", source: source,
                                      at: plan.config.locations[folder] ?? SourceLocation(file: "site.yaml"), sink: sink)
            }
        }
        var seen: [String: SourceLocation] = [:]
        for path in plan.config.observationFiles {
            guard let text = read(path) else { continue }
            let measuresPath = ContentFolder.yamlBeside(path, what: "the measures", source: source, sink: sink)
            let declared: Bool
            do { declared = try source.read(measuresPath) != nil } catch { declared = true }   // a refused path is reported by read
            guard declared else {
                sink.error("missing-file", at: SourceLocation(file: path), "the measures of \(path) are not declared: there is no \(measuresPath)",
                           suggestion: "create \(measuresPath) with 'group:' and 'measures:' (id, title, polarity, chart)")
                continue
            }
            guard let measuresText = read(measuresPath) else { continue }
            for series in observations(text, path: path, measuresText: measuresText, measuresPath: measuresPath) {
                if let first = seen[series.id] {
                    sink.error("duplicate-measure", at: series.location, "the measure '\(series.id)' is declared twice (first at \(first.description))",
                               suggestion: "give each measure its own id")
                    continue
                }
                seen[series.id] = series.location
                plan.progress.series.append(series)
            }
        }
    }

    // MARK: Statuses

    func statuses(siteText: String) -> StatusVocabulary {
        let file = YAMLFile(path: "site.yaml", sink: DiagnosticSink())   // site.yaml's own errors are reported by SiteConfigLoader
        guard let root = file.root(siteText), case let .mapping(mapping) = root,
              let node = mapping.first(where: { if case let .scalar(k) = $0.key { return k.string == "statuses" }; return false })?.value
        else { return .standard }
        let checked = YAMLFile(path: "site.yaml", sink: sink)
        guard case let .sequence(list) = node else {
            sink.error("yaml-shape", at: checked.location(node), "'statuses' in site.yaml must be a list of statuses",
                       suggestion: "write each status as '- id: in-progress' with 'label', 'meaning' and 'rollup'")
            return .standard
        }
        var out: [StatusDefinition] = []
        for item in list {
            guard let r = checked.record(item, what: "a status", allowed: ["id", "label", "meaning", "rollup", "colour"]),
                  let id = r.string("id", required: true) else { continue }
            let label = r.string("label", required: true) ?? id
            let rollupText = r.string("rollup") ?? "open"
            guard let rollup = StatusRollup(rawValue: rollupText) else {
                sink.error("bad-rollup", at: r.location(of: "rollup"), "'\(rollupText)' is not a roll-up rule",
                           suggestion: "write 'done' (counts as delivered), 'open' (not yet delivered) or 'excluded' (left out of roll-ups)")
                continue
            }
            if !id.allSatisfy({ ($0.isLetter && $0.isLowercase) || $0.isNumber || $0 == "-" }) {
                sink.error("bad-status-id", at: r.location(of: "id"), "'\(id)' cannot be a status id",
                           suggestion: "use lower-case letters, digits and '-', e.g. in-progress")
                continue
            }
            if out.contains(where: { $0.id == id }) {
                sink.error("duplicate-status", at: r.location(of: "id"), "the status '\(id)' is declared twice", suggestion: "remove one of them")
                continue
            }
            if let same = out.first(where: { $0.label.lowercased() == label.lowercased() }) {
                sink.error("duplicate-status", at: r.location(of: "label"), "the statuses '\(id)' and '\(same.id)' have one label, '\(label)'",
                           suggestion: "readers could not tell them apart: give each status its own label")
            }
            var status = StatusDefinition(id: id, label: label, meaning: r.string("meaning") ?? "", rollup: rollup,
                                          colour: r.string("colour"), location: r.location(of: "id"))
            if status.colour != nil { status.colourLocation = r.location(of: "colour") }   // checked against the theme's colours by the build
            out.append(status)
        }
        return out.isEmpty ? .standard : StatusVocabulary(statuses: out)
    }

    // MARK: Reports

    func date(_ r: YAMLRecord, _ key: String, required: Bool) -> ContentDate? {
        r.date(key, required: required)
    }

    func report(_ text: String, path: String, id: String) -> ProgressReport? {
        let file = YAMLFile(path: path, sink: sink)
        guard let root = file.root(text),
              let r = file.record(root, what: "a progress report", allowed: ["title", "date", "source", "summary", "audits", "risks", "updates"]) else { return nil }
        let title = r.string("title", required: true)
        let reportDate = date(r, "date", required: true)
        var citation: SourceCitation?
        if let s = r.record("source", what: "the report's source", allowed: ["title", "date", "cite", "url"]) {
            if let t = s.string("title", required: true) {
                citation = SourceCitation(title: t, date: date(s, "date", required: false), cite: s.string("cite"), url: s.string("url"))
            }
        } else if r.value("source") == nil {   // (one given in the wrong shape is reported by r.record)
            sink.error("missing-field", at: r.location, "a progress report has no 'source'",
                       suggestion: "add 'source:' with 'title:' (the report or meeting that said so) and 'date:'")
        }
        var updates: [ProgressUpdate] = []
        for node in r.list("updates") {
            guard let u = file.record(node, what: "an update", allowed: ["target", "date", "status", "quote", "timeframe", "cite", "text"]) else { continue }
            guard let target = u.string("target", required: true, hint: "add 'target:' naming what the update is about, e.g. action:2.1, workarea:3, ofsted-2015:7 or plan") else { continue }
            let updateDate: ContentDate?
            if u.value("date") != nil { updateDate = date(u, "date", required: false) } else { updateDate = reportDate }
            guard let body = u.text("text", required: true) else { continue }
            let status = u.string("status")
            let quote = u.string("quote")
            if status != nil, quote == nil {
                sink.error("status-without-quote", at: u.location(of: "status"), "the update on \(target) gives a status but not the source's words for it",
                           suggestion: "add 'quote:' with the words of the source that support the status, or remove 'status'")
            }
            let timeframe = Quarter.checked(u.stringEntries("timeframe"), sink: sink,
                                            fix: "write quarters as the plan does: Q4 15/16 (the quarter, then the financial year)")
            guard let updateDate else { continue }
            // The same update pasted twice would be published twice: a warning at the repeat, which is left out when
            // it says nothing the first does not (as a repeated row of observations is).
            if let first = updates.first(where: { $0.target == target && $0.date == updateDate && $0.text.text == body.text }) {
                // What the repeat gives that the first does not (a field it leaves out adds nothing).
                let quarters: ([String]) -> String? = { $0.isEmpty ? nil : $0.joined(separator: ", ") }
                let fields: [(name: String, repeat: String?, first: String?)] = [
                    ("status", status, first.status), ("quote", quote, first.quote), ("cite", u.string("cite"), first.cite),
                    ("timeframe", quarters(timeframe), quarters(first.timeframe)),
                ]
                let more = fields.filter { $0.repeat != nil && $0.repeat != $0.first }.map(\.name)
                let same = "this update repeats the update on \(target) of \(updateDate) at line \(first.location.line), with the same text"
                if more.isEmpty {
                    sink.warning("repeated-update", at: u.location, same + "; it is not read", suggestion: "remove one of the two")
                    continue
                }
                let differs = more.count == 1 ? "its \(more[0]) differs" : "its " + more.dropLast().joined(separator: ", ") + " and \(more.last!) differ"
                sink.warning("repeated-update", at: u.location, same + ", so the text would be shown twice; " + differs,
                             suggestion: "keep one update: move what this one adds into the first and remove it, or correct its target, date or text")
            }
            updates.append(ProgressUpdate(target: target, targetLocation: u.location(of: "target"), date: updateDate,
                                          dateLocation: u.value("date") != nil ? u.location(of: "date") : r.location(of: "date"),
                                          text: body, status: status, statusLocation: status == nil ? nil : u.location(of: "status"),
                                          quote: quote, timeframe: timeframe, timeframeLocation: timeframe.isEmpty ? nil : u.location(of: "timeframe"),
                                          cite: u.string("cite"), location: u.location))
        }
        guard let title, let reportDate, let citation else { return nil }
        for u in updates where u.date.startDay > reportDate.endDay {   // a month is after the report only if all of it is
            sink.error("update-after-report", at: u.dateLocation, "this update is dated \(u.date) but its report is dated \(reportDate)",
                       suggestion: "a report cannot tell of later progress: correct the date, or move the update to a later report")
        }
        var report = ProgressReport(id: id, title: title, date: reportDate, source: citation, summary: r.text("summary"),
                                    audits: r.text("audits"), risks: r.text("risks"), updates: updates,
                                    location: SourceLocation(file: path))
        report.dateLocation = r.location(of: "date")
        return report
    }

    // MARK: Observations

    func observations(_ text: String, path: String, measuresText: String, measuresPath: String) -> [MeasureSeries] {
        let file = YAMLFile(path: measuresPath, sink: sink)
        guard let root = file.root(measuresText),
              let r = file.record(root, what: "the measures file", allowed: ["group", "measures"]) else { return [] }
        let group = r.string("group", required: true) ?? ""
        var series: [MeasureSeries] = []
        for node in r.list("measures", required: true) {
            guard let m = file.record(node, what: "a measure", allowed: ["id", "title", "unit", "polarity", "target", "benchmark", "chart", "description"]),
                  let id = m.identifier(of: "a measure") else { continue }
            // A measure with a mistake in its declaration is still declared (the mistake is reported, and stops the
            // build): its rows in the CSV are not then each reported as rows of an undeclared measure.
            let title = m.string("title", required: true) ?? id
            let polarityText = m.string("polarity") ?? "neither"
            let polarity = Polarity(rawValue: polarityText) ?? .neither
            if Polarity(rawValue: polarityText) == nil {
                sink.error("bad-polarity", at: m.location(of: "polarity"), "'\(polarityText)' is not a polarity",
                           suggestion: "write 'higher' (higher is better), 'lower' (lower is better) or 'neither'")
            }
            let chart = m.string("chart") ?? "line"
            if chart != "line" && chart != "bar" {
                sink.error("bad-chart", at: m.location(of: "chart"), "'\(chart)' is not a kind of chart", suggestion: "write 'line' or 'bar'")
            }
            series.append(MeasureSeries(id: id, title: title, unit: m.string("unit"), polarity: polarity, target: m.string("target"),
                                        benchmark: m.string("benchmark"), chart: chart == "bar" ? "bar" : "line",
                                        description: m.string("description"), group: group, location: m.location(of: "id")))
        }
        guard let table = CSVTable.parse(text, path: path, sink: sink) else { return series }   // CSVTable.swift
        let (header, recordLines) = (table.header, table.recordLines)
        let expected = ["measure", "date", "period", "value", "qualifier", "source"]
        guard header == expected else {
            let wrong = zip(header, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(header.count, expected.count)
            sink.error("csv-header", at: recordLines.location(file: path, row: -1, cell: wrong), "the header must be '\(expected.joined(separator: ","))'; found '\(header.joined(separator: ","))'",
                       suggestion: "one row per observation: measure,date,period,value,qualifier,source")
            return series
        }
        let ids = series.map(\.id)
        for (index, row) in table.rows.enumerated() {
            let line = index + 1 < recordLines.lines.count ? recordLines.lines[index + 1] : index + 2
            if row.allSatisfy({ $0.trimmingWhitespace().isEmpty }) { continue }
            let cells = row.map { $0.trimmingWhitespaceAndNewlines() }
            func at(_ i: Int) -> SourceLocation { recordLines.location(file: path, row: index, cell: i) }
            guard cells.count == expected.count else {
                sink.error("csv-columns", at: at(min(cells.count, expected.count)), "this row has \(cells.count) cells but the header has \(expected.count)",
                           suggestion: "quote any cell that contains a comma, e.g. \"1,093\"")
                continue
            }
            guard let i = ids.firstIndex(of: cells[0]) else {
                sink.error("unknown-measure", at: at(0), "no measure '\(cells[0])' is declared in \(measuresPath)",
                           suggestion: Suggest.didYouMean(cells[0], in: ids) ?? "declare it under 'measures:' in \(measuresPath)")
                continue
            }
            let observed: ContentDate
            switch ContentDate.parse(cells[1]) {
            case .success(let d): observed = d
            case .failure(let problem):
                sink.error("bad-date", at: at(1), problem == .malformed ? "'\(cells[1])' is not a date" : "'\(cells[1])' is not a date that exists",
                           suggestion: "write the date the value is as at, as YYYY-MM-DD (or YYYY-MM), e.g. 2015-03-31")
                continue
            }
            if cells[2].isEmpty {
                sink.error("missing-field", at: at(2), "this observation has no period", suggestion: "name the period as the source does, e.g. March 2015")
                continue
            }
            switch ObservationValue.check(cells[3]) {
            case .number, .none: break
            case .notANumber:
                sink.error("bad-value", at: at(3), "value must be a number (or '-' for no value), found '\(cells[3])'",
                           suggestion: "write the figure in digits, e.g. 925, 1,093, 12.5 or 52%; words the source adds go in 'qualifier'")
                continue
            case .tooLarge:
                sink.error("bad-value", at: at(3), "the value '\(cells[3])' has more than \(ObservationValue.maxDigits) digits before its decimal point",
                           suggestion: "check the figure against the source")
                continue
            }
            if let first = series[i].observations.first(where: { $0.date == observed }) {
                if first.value != (cells[3].isEmpty || cells[3] == "-" ? nil : cells[3]) {
                    sink.error("conflicting-observation", at: at(3), "measure '\(cells[0])' has two values for \(observed): '\(first.value ?? "not available")' (line \(first.location.line)) and '\(cells[3])'",
                               suggestion: "keep one value per date; where sources disagree, keep one and record the other in SOURCES.md")
                } else {
                    sink.add(.warning("repeated-observation", at: at(1), "measure '\(cells[0])' has \(observed) twice, with one value (first at line \(first.location.line)); this row is not read",
                                      suggestion: "remove one of the two rows"))
                }
                continue
            }
            let value = cells[3].isEmpty || cells[3] == "-" ? nil : cells[3]
            series[i].observations.append(TimedObservation(date: observed, period: cells[2], value: value,
                                                           qualifier: cells[4].isEmpty ? nil : cells[4],
                                                           cite: cells[5].isEmpty ? nil : cells[5], location: SourceLocation(file: path, line: line),
                                                           dateLocation: at(1)))
        }
        for i in series.indices { series[i].observations.sort { $0.date < $1.date } }
        // A measure declared with no rows would be published as a heading over an empty table: said, at its id.
        // (Rows given but each wrong are reported at the rows.)
        let mentioned = Set(table.rows.compactMap { $0.first?.trimmingWhitespaceAndNewlines() })
        for s in series where s.observations.isEmpty && !mentioned.contains(s.id) {
            sink.add(.warning("measure-without-rows", at: s.location, "the measure '\(s.id)' has no rows in \(path), so its page section says only that no figures are available",
                              suggestion: "add its figures to \(path) (\(s.id),YYYY-MM-DD,period,value,,source), or remove the measure until there are some"))
        }
        return series
    }
}

/// What a cell of an observations CSV's `value` column may hold: nothing or '-' (no value), or a figure in digits
/// (`925`, `1,093`, `-3`, `12.5`, `52%`). Not `NaN`, `inf` or an exponent (`1e999`): what is published, charted
/// and summed must be a finite figure as the source writes it.
enum ObservationValue: Equatable {
    case none, number, notANumber, tooLarge
    /// The most digits before the decimal point (a figure up to a thousand million million).
    static let maxDigits = 15

    static func check(_ cell: String) -> ObservationValue {
        if cell.isEmpty || cell == "-" { return .none }
        var text = Substring(cell)
        if text.hasSuffix("%") { text = text.dropLast() }
        if text.hasPrefix("-") || text.hasPrefix("+") { text = text.dropFirst() }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty else { return .notANumber }
        if parts.count == 2, parts[1].isEmpty || !parts[1].allSatisfy({ $0.isASCII && $0.isNumber }) { return .notANumber }
        // Digits, or digits grouped in threes by commas: 1093, 1,093.
        let groups = whole.split(separator: ",", omittingEmptySubsequences: false)
        guard groups.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              groups.count == 1 || (groups[0].count <= 3 && groups.dropFirst().allSatisfy { $0.count == 3 }) else { return .notANumber }
        return groups.reduce(0) { $0 + $1.count } > maxDigits ? .tooLarge : .number
    }
}
