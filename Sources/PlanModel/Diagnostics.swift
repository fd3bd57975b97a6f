// PlanModel/Diagnostics: source locations and the diagnostics every stage
// reports instead of failing. No I/O here.

import Foundation

/// Where something came from: a file (relative to the site root), 1-based line and column.
public struct SourceLocation: Hashable, Comparable, Sendable, Codable {
    public let file: String
    public let line: Int
    public let column: Int

    public init(file: String, line: Int = 1, column: Int = 1) {
        self.file = file
        self.line = max(1, line)
        self.column = max(1, column)
    }

    /// The same file, moved down by `lines` (for text embedded at an offset, such as a page body).
    public func offset(lines: Int, column newColumn: Int? = nil) -> SourceLocation {
        SourceLocation(file: file, line: line + lines, column: newColumn ?? column)
    }

    public var description: String { "\(file):\(line):\(column)" }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// How serious a diagnostic is.
public enum Severity: String, Sendable, Codable, Comparable {
    case error, warning, note

    private var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// One problem with the input, located, with what to do about it.
public struct Diagnostic: Hashable, Sendable, Codable {
    public let severity: Severity
    public let location: SourceLocation?
    public let message: String
    /// How to fix it ("did you mean 1.2?"), shown after the message.
    public let suggestion: String?
    /// A stable code naming the kind of problem (`unknown-reference`, `drift`, ...).
    public let code: String

    public init(_ severity: Severity, _ code: String, at location: SourceLocation?, _ message: String, suggestion: String? = nil) {
        self.severity = severity
        self.code = code
        self.location = location
        self.message = message
        self.suggestion = suggestion
    }

    public static func error(_ code: String, at location: SourceLocation?, _ message: String, suggestion: String? = nil) -> Diagnostic {
        Diagnostic(.error, code, at: location, message, suggestion: suggestion)
    }

    public static func warning(_ code: String, at location: SourceLocation?, _ message: String, suggestion: String? = nil) -> Diagnostic {
        Diagnostic(.warning, code, at: location, message, suggestion: suggestion)
    }

    /// `path:line:column: error: message; suggestion`
    public var formatted: String {
        let place = location.map { "\($0.description): " } ?? "plansite: "
        let fix = suggestion.map { "; \($0)" } ?? ""
        return "\(place)\(severity.rawValue): \(message)\(fix)"
    }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.severity == .error } }
    public var errors: [Diagnostic] { filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { filter { $0.severity == .warning } }

    /// Sorted by file, line, column, then severity and message: a stable order for output.
    public func sortedForOutput() -> [Diagnostic] {
        sorted { a, b in
            switch (a.location, b.location) {
            case let (x?, y?) where x != y: return x < y
            case (nil, .some): return true
            case (.some, nil): return false
            default: return (a.severity, a.message) < (b.severity, b.message)
            }
        }
    }
}

/// Suggests the nearest of `candidates` to `word` ("did you mean ...?"), or nil when none is close.
public enum Suggest {
    public static func nearest(to word: String, in candidates: [String], maxDistance: Int? = nil) -> String? {
        let limit = maxDistance ?? max(1, word.count / 3)
        var best: (String, Int)?
        for candidate in candidates {
            let d = distance(word.lowercased(), candidate.lowercased())
            if d <= limit, best == nil || d < best!.1 || (d == best!.1 && candidate < best!.0) { best = (candidate, d) }
        }
        return best?.0
    }

    public static func didYouMean(_ word: String, in candidates: [String]) -> String? {
        nearest(to: word, in: candidates).map { "did you mean \($0)?" }
    }

    /// Levenshtein distance.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

/// Dates written as text: `YYYY-MM-DD`.
public enum DateText {
    public static func isISODate(_ s: String) -> Bool {
        let parts = s.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let m = Int(parts[1]), let d = Int(parts[2]), Int(parts[0]) != nil else { return false }
        return (1...12).contains(m) && (1...31).contains(d)
    }
}
