// PlanLoading/CSVTable: a CSV file as every CSV loader reads it (the scorecard,
// the observations): its header and raw rows, with where each record and cell
// starts. A mistake in the file's syntax is found here, before SwiftCSV parses
// it, and reported at the mistake itself in plain words: SwiftCSV stops with
// "Can't have non-quote here" and no place.

import Foundation
import PlanModel
import SwiftCSV

struct CSVTable {
    /// The header's cells, trimmed.
    let header: [String]
    /// The rows after the header as they are written: not padded to the header's length, so a missing cell shows.
    let rows: [[String]]
    let recordLines: CSVRecordLines

    /// The table in `text`, or nil after an error at the first mistake in its syntax.
    static func parse(_ text: String, path: String, sink: DiagnosticSink) -> CSVTable? {
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        if let problem = CSVSyntax.firstProblem(in: text) {
            sink.error("csv-syntax", at: SourceLocation(file: path, line: problem.line, column: problem.column), problem.message, suggestion: problem.fix)
            return nil
        }
        let recordLines = CSVRecordLines.startLines(of: text)
        if let unclosed = recordLines.unclosedQuote {
            sink.error("csv-syntax", at: SourceLocation(file: path, line: unclosed.line, column: unclosed.column), "this quote is never closed",
                       suggestion: "add the closing '\"'; a quote inside a quoted cell is written twice (\"\")")
            return nil
        }
        final class Rows { var rows: [[String]] = [] }
        let collected = Rows()
        do {
            let csv = try EnumeratedCSV(string: text, delimiter: .comma, loadColumns: false)
            try csv.enumerateAsArray(startAt: 1, rowLimit: nil) { collected.rows.append($0) }
            return CSVTable(header: csv.header.map { $0.trimmingWhitespace() }, rows: collected.rows, recordLines: recordLines)
        } catch {
            // Not expected: CSVSyntax follows SwiftCSV's own rules. Said as SwiftCSV says it, rather than not at all.
            sink.error("csv-syntax", at: SourceLocation(file: path), "malformed CSV: \(CSVProblem.describe(error))",
                       suggestion: "a cell with a comma or a quote must be quoted whole, with a quote written twice")
            return nil
        }
    }
}

/// The mistakes in a CSV file's syntax that SwiftCSV refuses without saying where, found by following its rules.
enum CSVSyntax {
    struct Problem: Equatable {
        let line: Int, column: Int
        let message: String, fix: String
    }

    /// The first mistake: a file separated by semicolons or tabs, a quote inside a cell that is not quoted, or text
    /// after the quote that closes a quoted cell. Nil when there is none (a quote never closed is found elsewhere).
    static func firstProblem(in text: String) -> Problem? {
        let scalars = Array(text.unicodeScalars)
        let headerEnd = scalars.firstIndex(of: "\n") ?? scalars.count
        if !scalars[..<headerEnd].contains(","),
           let separator = scalars[..<headerEnd].firstIndex(where: { $0 == ";" || $0 == "\t" }) {
            let name = scalars[separator] == ";" ? "semicolons (';')" : "tabs"
            return Problem(line: 1, column: separator + 1, message: "the cells of this file are separated by \(name), but the file must be comma-separated",
                           fix: "save it again as CSV with commas between the cells (in a spreadsheet: 'Save as', CSV, comma-delimited)")
        }
        // SwiftCSV's states: at the start of a cell, inside an unquoted cell, inside a quoted one; `quote` is where the
        // last quote was when it may end the cell or start a doubled quote.
        enum State { case start, plain, quoted }
        var state = State.start
        var quote: (index: Int, line: Int, column: Int)?
        var cellStart = 0
        var line = 1, column = 0
        for (i, c) in scalars.enumerated() {
            column += 1
            defer { if c == "\n" { line += 1; column = 0 } }
            let endsCell = c == "," || c == "\n" || c == "\r"
            switch state {
            case .start:
                if c == "\"" { state = .quoted } else if !endsCell && c != " " && c != "\t" { state = .plain; cellStart = i }
            case .plain:
                if let q = quote {
                    quote = nil
                    if c == "\"" { continue }   // a doubled quote: SwiftCSV takes it as one
                    let end = scalars[i...].firstIndex { $0 == "," || $0 == "\n" || $0 == "\r" } ?? scalars.count
                    let cell = String(String.UnicodeScalarView(scalars[cellStart..<end])).trimmingWhitespace()
                    return Problem(line: q.line, column: q.column, message: "a quote inside an unquoted cell",
                                   fix: "put the whole cell in double quotes and double the quotes inside it (\"\(cell.replacingOccurrences(of: "\"", with: "\"\""))\")")
                }
                if c == "\"" { quote = (i, line, column) } else if endsCell { state = .start }
            case .quoted:
                if let q = quote {
                    if c == "\"" { quote = nil; continue }   // a doubled quote inside the cell
                    if endsCell { quote = nil; state = .start; continue }
                    if c == " " || c == "\t" { continue }
                    return Problem(line: q.line, column: q.column, message: "this quote closes a quoted cell, but the cell goes on after it",
                                   fix: "double each quote inside a quoted cell, e.g. \"He said \"\"no\"\" twice\"; a quoted cell ends at its closing quote, then a comma")
                }
                if c == "\"" { quote = (i, line, column) }
            }
        }
        return nil
    }
}
