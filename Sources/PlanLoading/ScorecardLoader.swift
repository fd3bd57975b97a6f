// PlanLoading/ScorecardLoader: the scorecard CSV (parsed by SwiftCSV) and its
// optional group descriptions (scorecard.yaml). Diagnostics name the line of
// the record in the file, even when a quoted cell spans several lines.

import Foundation
import PlanModel
import SwiftCSV

struct ScorecardLoader {
    let sink: DiagnosticSink

    func load(_ text: String, path: String, groupsText: String?, groupsPath: String) -> Scorecard? {
        guard let table = CSVTable.parse(text, path: path, sink: sink) else { return nil }   // CSVTable.swift
        let (header, recordLines) = (table.header, table.recordLines)
        let fixed = ["group", "number", "measure"]
        guard header.count >= 4, Array(header.prefix(3)) == fixed, header.last == "benchmark" else {
            let wrong = zip(header, fixed).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? (header.count < 4 ? header.count : header.count - 1)
            sink.error("csv-header", at: recordLines.location(file: path, row: -1, cell: wrong), "the header must be 'group,number,measure', then one column per period, then 'benchmark'; found '\(header.joined(separator: ","))'",
                       suggestion: "e.g. group,number,measure,Oct 2014,July 2015,benchmark")
            return nil
        }
        let periods = Array(header[3..<(header.count - 1)])
        // A period column without a name, or two of one name, would be shown as a period with no name, or as one
        // period twice with two different figures.
        var periodCells: [String: SourceLocation] = [:]
        for (i, period) in periods.enumerated() {
            let cell = recordLines.location(file: path, row: -1, cell: 3 + i)
            if period.isEmpty {
                sink.error("csv-header", at: cell, "this period column has no name in the header",
                           suggestion: "name the period its figures are for, e.g. Oct 2014, or remove the column")
            } else if let first = periodCells[period] {
                sink.error("csv-header", at: cell, "the header names the period '\(period)' twice (first at \(first.description))",
                           suggestion: "give each period column its own name, e.g. Oct 2014 and July 2015")
            } else {
                periodCells[period] = cell
            }
        }
        var measures: [Measure] = []
        var numbers: [String: SourceLocation] = [:]
        var groupCells: [String: SourceLocation] = [:]   // where each group is first named
        var rejected = (numbers: Set<String>(), groups: Set<String>())   // of rows reported as broken
        for (index, row) in table.rows.enumerated() {
            let line = index + 1 < recordLines.lines.count ? recordLines.lines[index + 1] : index + 2
            let location = SourceLocation(file: path, line: line)
            if row.allSatisfy({ $0.trimmingWhitespace().isEmpty }) { continue }
            func at(_ cell: Int) -> SourceLocation { recordLines.location(file: path, row: index, cell: cell) }
            guard row.count == header.count else {
                sink.error("csv-columns", at: at(min(row.count, header.count)), "this row has \(row.count) cells but the header has \(header.count)",
                           suggestion: "quote any cell that contains a comma, e.g. \"1,700\"")
                // Its group and number are still the team's: what scorecard.yaml says of them is not then a second error.
                if row.count > 1 { let n = row[1].trimmingWhitespaceAndNewlines(); rejected.numbers.insert(NumberForm.canonical(n) ?? n) }
                if let group = row.first?.trimmingWhitespaceAndNewlines() { rejected.groups.insert(group) }
                continue
            }
            let cells = row.map { $0.trimmingWhitespaceAndNewlines() }
            var number = cells[1]
            if number.isEmpty {
                sink.error("missing-field", at: at(1),
                           "measure '\(cells[2].prefix(40))' has no number", suggestion: "give every measure a number in the 'number' column")
                continue
            }
            // Cited as `measure:N`: a number, perhaps with parts after dots or a letter (7, 7a, 2.1), never a word.
            if !(number.first.map { $0.isASCII && $0.isNumber } ?? false) || !number.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == ".") }) {
                sink.error("bad-number", at: at(1), "the measure number '\(number)' is not a number",
                           suggestion: "write it in digits, e.g. 7 (it is cited so: measure:7)")
            } else if let wrong = NumberForm.error("the measure number", number, at: at(1)) {
                sink.add(wrong)
                number = NumberForm.canonical(number) ?? number   // as it is cited: one error, not one at each citation
            }
            // A measure without a group or text would still be shown, under a heading or in a row with nothing in it.
            if cells[0].isEmpty {
                sink.error("missing-field", at: at(0), "measure \(number) has no group",
                           suggestion: "write the group it belongs to in the 'group' column, as the measures around it do")
            } else if groupCells[cells[0]] == nil {
                groupCells[cells[0]] = at(0)
            }
            if cells[2].isEmpty {
                sink.error("missing-field", at: at(2), "measure \(number) has no text",
                           suggestion: "write what it measures in the 'measure' column, as the source words it")
            }
            if let first = numbers[number] {
                sink.error("duplicate-measure", at: at(1), "measure \(number) appears twice (first at line \(first.line))",
                           suggestion: "give each measure its own number")
            }
            numbers[number] = location
            // An empty figure is not "not available" ('-' says that): a figure deleted by accident would read as one.
            for i in 3..<cells.count where cells[i].trimmingWhitespace().isEmpty {
                let column = i < 3 + periods.count ? periods[i - 3] : "benchmark"
                sink.error("empty-figure", at: at(i), "measure \(number) has no figure for \(column)",
                           suggestion: "write the figure as the source gives it, or '-' where the source gives none")
            }
            let observations = periods.enumerated().map { i, period in Observation.parse(cells[3 + i], column: period) }
            let benchmark = Observation.parse(cells[cells.count - 1], column: "benchmark")
            // Each figure as the other observations are written: digits (1,700, 22%, 8.1%), a period after it in
            // brackets where the source gives one, or '-' for none.
            for (i, observation) in (observations + [benchmark]).enumerated() {
                guard let value = observation.value else { continue }
                let problem: String
                switch ObservationValue.check(value) {
                case .number, .none: continue
                case .notANumber: problem = "'\(cells[3 + i])' is not a figure"
                case .tooLarge: problem = "the figure '\(value)' has more than \(ObservationValue.maxDigits) digits before its decimal point"
                }
                sink.error("bad-value", at: at(3 + i), "\(problem) (measure \(number), \(observation.column))",
                           suggestion: "write the figure in digits, e.g. 1,700, 22% or 8.1%, with the period it is for in brackets where it is not the column's, e.g. 52% (Feb 15); '-' where there is none")
            }
            measures.append(Measure(number: number, group: cells[0], text: cells[2], observations: observations,
                                    benchmark: benchmark, location: location))
        }
        var groups: [ScorecardGroup] = []
        if let groupsText {
            let file = YAMLFile(path: groupsPath, sink: sink)
            if let root = file.root(groupsText), let r = file.record(root, what: "the scorecard groups", allowed: ["groups", "measures"]) {
                // A group or measure given twice: an error at the repeat, which is left out (else one would win unseen).
                func once(_ key: String, at: SourceLocation, in seen: inout [String: SourceLocation], _ what: String, fix: String) -> Bool {
                    if let first = seen[key] {
                        sink.error("duplicate-\(what.split(separator: " ")[0])", at: at, "\(what) is listed twice (first at \(first.description))", suggestion: fix)
                        return false
                    }
                    seen[key] = at
                    return true
                }
                var described: [String: SourceLocation] = [:]
                groups = r.list("groups").compactMap { node in
                    guard let g = file.record(node, what: "a scorecard group", allowed: ["name", "outcome", "rationale"]),
                          let name = g.string("name", required: true),
                          once(name, at: g.location(of: "name"), in: &described, "group '\(name)'", fix: "describe each group once") else { return nil }
                    if !measures.contains(where: { $0.group == name }), !rejected.groups.contains(name) {
                        sink.error("unknown-group", at: g.location(of: "name"), "no measure in \(path) is in the group '\(name)'",
                                   suggestion: Suggest.didYouMean(name, in: Array(Set(measures.map(\.group))).sorted()) ?? "use a group name from the CSV's 'group' column")
                    }
                    return ScorecardGroup(name: name, outcome: g.string("outcome"), rationale: g.string("rationale"))
                }
                // A group the CSV names that is not described (a typo, most likely) would be a group of its own, with
                // no outcome: an error at the CSV's cell, as a described group that no measure is in is at its name.
                if !described.isEmpty {
                    for (name, cell) in groupCells.sorted(by: { $0.value < $1.value }) where described[name] == nil {
                        sink.error("unknown-group", at: cell, "the group '\(name)' is not described in \(groupsPath)",
                                   suggestion: Suggest.didYouMean(name, in: described.keys.sorted()) ?? "describe it under 'groups:' in \(groupsPath), or use a group it describes")
                    }
                }
                // Which way is better for a measure, where the team states it: `measures: [{number: "1", polarity: lower}]`.
                var stated: [String: SourceLocation] = [:]
                for node in r.list("measures") {
                    guard let m = file.record(node, what: "a scorecard measure", allowed: ["number", "polarity"]),
                          let number = m.string("number", required: true) else { continue }
                    guard once(number, at: m.location(of: "number"), in: &stated, "measure \(number)", fix: "state its polarity once") else { continue }
                    if let wrong = NumberForm.error("the measure number", number, at: m.location(of: "number")) {
                        sink.add(wrong)
                        continue
                    }
                    guard let i = measures.firstIndex(where: { $0.number == number }) else {
                        if rejected.numbers.contains(number) { continue }   // its row is reported already
                        sink.error("unknown-measure", at: m.location(of: "number"), "no measure in \(path) has the number '\(number)'",
                                   suggestion: Suggest.didYouMean(number, in: measures.map(\.number)) ?? "use a number from the CSV's 'number' column")
                        continue
                    }
                    guard let text = m.string("polarity", required: true) else { continue }
                    guard let polarity = Polarity(rawValue: text) else {
                        sink.error("bad-polarity", at: m.location(of: "polarity"), "'\(text)' is not a polarity",
                                   suggestion: "write higher (higher is better), lower (lower is better) or neither")
                        continue
                    }
                    measures[i].polarity = polarity
                }
            }
        }
        return Scorecard(periods: periods, measures: measures, groups: groups, location: SourceLocation(file: path))
    }

}

extension Observation {
    /// `52% (Feb 15)` → value 52%, period Feb 15; `-` or empty → not available.
    public static func parse(_ cell: String, column: String) -> Observation {
        let cell = cell.trimmingWhitespace()
        if cell.isEmpty || cell == "-" || cell == "\u{2013}" { return Observation(column: column, value: nil) }
        if cell.hasSuffix(")"), let open = cell.lastIndex(of: "("), open > cell.startIndex {
            let value = cell[..<open].trimmingWhitespace()
            let period = cell[cell.index(after: open)..<cell.index(before: cell.endIndex)].trimmingWhitespace()
            if !value.isEmpty { return Observation(column: column, value: value, cellPeriod: period) }
        }
        return Observation(column: column, value: cell)
    }
}

/// The line each CSV record starts on, and where each of its cells starts, found by following quotes.
struct CSVRecordLines {
    var lines: [Int] = []
    /// Per record, where each cell's text starts (its opening quote, or its first character past leading spaces).
    var cells: [[(line: Int, column: Int)]] = []
    /// Where the quote that is never closed opens.
    var unclosedQuote: (line: Int, column: Int)?

    static func startLines(of text: String) -> CSVRecordLines {
        var result = CSVRecordLines()
        var line = 1
        var column = 0
        var inQuotes = false
        var quoteStart = (line: 1, column: 1)
        var atRecordStart = true
        var cellPending = false   // a cell has begun and its first character is not yet seen
        func startCell() { cellPending = true }
        func place(_ at: (line: Int, column: Int)) {
            if cellPending { result.cells[result.cells.count - 1].append(at); cellPending = false }
        }
        for scalar in text.unicodeScalars {
            column += 1
            if atRecordStart {   // every line outside quotes starts a record, blank ones too (SwiftCSV returns them as rows)
                result.lines.append(line)
                result.cells.append([])
                startCell()
                atRecordStart = false
            }
            if !inQuotes, scalar == "," || scalar == "\n" || scalar == "\r" {
                place((line, column))   // an empty cell: where it ends
                if scalar == "," { startCell() }
            } else if cellPending, scalar != " ", scalar != "\t" {
                place((line, column))
            }
            if scalar == "\"" {
                inQuotes.toggle()
                if inQuotes { quoteStart = (line, column) }
            } else if scalar == "\n" {
                line += 1
                column = 0
                if !inQuotes { atRecordStart = true }
            }
        }
        place((line, column + 1))
        if inQuotes { result.unclosedQuote = quoteStart }
        return result
    }

    /// Where cell `cell` of data row `row` starts (row 0 is the first after the header, -1 the header); past the last
    /// cell, where the last starts; the record's line when the row is not known.
    func location(file: String, row: Int, cell: Int) -> SourceLocation {
        guard row + 1 < cells.count else { return SourceLocation(file: file, line: row + 2) }
        let starts = cells[row + 1]
        guard let at = cell < starts.count ? starts[cell] : starts.last else { return SourceLocation(file: file, line: lines[row + 1]) }
        return SourceLocation(file: file, line: at.line, column: at.column)
    }
}

/// SwiftCSV's parse errors as plain text.
enum CSVProblem {
    static func describe(_ error: Error) -> String {
        if let e = error as? CSVParseError {
            switch e {
            case .generic(let message), .quotation(let message): return message.replacingOccurrences(of: "\\", with: "")
            }
        }
        return "\(error)"
    }
}
