// PlanLinking/References: the reference grammar. Namespaced ids
// (`action:1.13`, `ofsted-2015:7`, `dfe-notice-2016:10c`, `term:MASH`,
// `page:annex-2#heading`) and the list syntax of YAML fields
// ("1-11", "2,3,5", "6, 14, 15 and 22").

import Foundation
import Markdown
import PlanModel

/// A parsed reference: a scheme (register id or entity kind) and a key.
public struct Reference: Hashable, Sendable, CustomStringConvertible {
    public let scheme: String
    public let key: String
    /// `page:foreword#our-promise` → `our-promise`.
    public let fragment: String?

    public init(scheme: String, key: String, fragment: String? = nil) {
        self.scheme = scheme; self.key = key; self.fragment = fragment
    }

    /// Kinds of entity that are not registers.
    public static let entitySchemes: Set<String> = ["action", "workarea", "measure", "term", "page"]
    /// Schemes that leave the site.
    public static let externalSchemes: Set<String> = ["http", "https", "mailto", "tel", "ftp"]

    /// True for a link that leaves the site (http, https, mailto, tel, ftp; any case).
    public static func isExternal(_ destination: String) -> Bool {
        guard let colon = destination.utf8.firstIndex(of: UInt8(ascii: ":")) else { return false }
        return externalSchemes.contains(destination[..<colon].lowercased())
    }

    /// Parses `scheme:key#fragment`; nil for a destination without a scheme.
    public static func parse(_ text: String) -> Reference? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let scheme = String(text[..<colon])
        guard !scheme.isEmpty, scheme.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else { return nil }
        var rest = String(text[text.index(after: colon)...])
        var fragment: String?
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = String(rest[..<hash])
        }
        return Reference(scheme: scheme, key: rest.removingPercentEncoding ?? rest, fragment: fragment)
    }

    public var description: String { "\(scheme):\(key)" + (fragment.map { "#\($0)" } ?? "") }

    /// An error when the number of this reference (to an action, a work area, a measure, or an item of a register or a
    /// list: the caller knows which schemes number their things) is not written as numbers are: `action:2.01`.
    public func numberFormError(at location: SourceLocation?) -> Diagnostic? {
        NumberForm.error("the reference", key, written: { Reference(scheme: scheme, key: $0, fragment: fragment).description }, at: location)
    }
}

/// Parses the list syntax of YAML reference fields.
public enum ReferenceList {
    public enum Problem: Equatable, Sendable {
        case badRange(String)
        case empty
        /// An empty entry ("1,,2", "1, 2,"): the character offset of its second separator (or the last one).
        case emptyEntry(Int)
        /// A number not written as numbers are (`03`, `3.`): cited as it should be, reported as written.
        case numberForm(String)
    }

    /// "1-11, 14 and 22" → ["1", ..., "11", "14", "22"]. Ranges need numbers at both ends.
    /// The list's entries, as written, in order ("1-11, 14 and 22" → "1-11", "14", "22").
    static func tokens(_ text: String) -> [String] {
        // Most lists are numbers and commas: Foundation's replacing (which also matches what is canonically equivalent,
        // so any text that is not ASCII goes to it) only runs where there may be something to replace.
        let normalised = !PlainASCII.isASCII(text) || PlainASCII.contains(text, " and ") || PlainASCII.contains(text, "&") || PlainASCII.contains(text, ";")
            ? text.replacingOccurrences(of: " and ", with: ",").replacingOccurrences(of: "&", with: ",").replacingOccurrences(of: ";", with: ",")
            : text
        return normalised.split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    static let dashes: [Character] = ["-", "\u{2013}", "\u{2014}"]

    /// The list's ranges whose ends are both numbers: the entry as written, and its ends.
    public static func ranges(_ text: String) -> [(token: String, low: Int, high: Int)] {
        tokens(text).compactMap { token in
            guard let dash = token.firstIndex(where: { dashes.contains($0) }) else { return nil }
            let (lo, hi) = (token[..<dash].trimmingWhitespace(), token[token.index(after: dash)...].trimmingWhitespace())
            guard let a = Int(NumberForm.canonical(lo) ?? lo), let b = Int(NumberForm.canonical(hi) ?? hi) else { return nil }
            return (token, a, b)
        }
    }

    public static func parse(_ text: String) -> (items: [String], problems: [Problem]) {
        var items: [String] = []
        var problems: [Problem] = []
        // An entry with nothing in it, between two commas (or after the last), in a list that has entries.
        if text.contains(","), !tokens(text).isEmpty {
            var previousComma: Int?
            var seenSince = false
            for (i, c) in text.enumerated() {
                if c == "," {
                    if let _ = previousComma, !seenSince { problems.append(.emptyEntry(i)); break }
                    previousComma = i
                    seenSince = false
                } else if !c.isWhitespace {
                    seenSince = true
                }
            }
            if problems.isEmpty, let last = previousComma, !seenSince { problems.append(.emptyEntry(last)) }
        }
        for token in tokens(text) {
            if let dash = token.firstIndex(where: { dashes.contains($0) }) {
                var (lo, hi) = (token[..<dash].trimmingWhitespace(), token[token.index(after: dash)...].trimmingWhitespace())
                for end in [lo, hi] where NumberForm.canonical(end) != nil { problems.append(.numberForm(end)) }
                (lo, hi) = (NumberForm.canonical(lo) ?? lo, NumberForm.canonical(hi) ?? hi)
                if let a = Int(lo), let b = Int(hi), a >= 0, a <= b, b < 1_000_000, b - a < 1000 {
                    items += (a...b).map(String.init)
                } else {
                    problems.append(.badRange(token))
                }
            } else if let canonical = NumberForm.canonical(token) {
                problems.append(.numberForm(token))
                items.append(canonical)
            } else {
                items.append(token)
            }
        }
        if items.isEmpty && problems.isEmpty { problems.append(.empty) }
        return (items, problems)
    }
}

/// The source's own habit: "(also 1.2)" at the end of an action's text.
public enum AlsoSuffix {
    /// Where the last "(also " is, its letters in any case. Searched byte by byte, whatever the text holds: the
    /// needle is ASCII, and in UTF-8 an ASCII byte is never part of another character (Foundation's search, used
    /// for text that was not ASCII, was 0.5% of the real plan's build).
    static func lastAlso(in text: String) -> Range<String.Index>? {
        let needle: [UInt8] = Array("(also ".utf8)
        var copy = text
        let found: Int? = copy.withUTF8 { bytes -> Int? in
            var start = bytes.count - needle.count
            while start >= 0 {
                // "(" and " " as they are; the letters in either case (0x20 makes an ASCII capital small).
                if bytes[start] == needle[0] {
                    var same = true
                    for k in 1..<needle.count {
                        let byte = k == needle.count - 1 ? bytes[start + k] : bytes[start + k] | 0x20
                        if byte != needle[k] { same = false; break }
                    }
                    if same { return start }
                }
                start -= 1
            }
            return nil
        }
        guard let start = found else { return nil }
        let utf8 = text.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: start)
        return lower..<utf8.index(lower, offsetBy: needle.count)
    }

    /// What may follow the ")" of a trailing "(also X.Y)": made once (a character set made for each row was most
    /// of the linking of ~10,000 rows).
    private static let trailing = CharacterSet.whitespacesAndNewlines.union(.punctuationCharacters)

    /// The ref named by a trailing "(also X.Y)", if any.
    public static func ref(in text: String) -> String? {
        guard PlainASCII.contains(text, "("), let range = lastAlso(in: text) else { return nil }
        let rest = text[range.upperBound...]
        guard let close = rest.firstIndex(of: ")") else { return nil }
        let ref = rest[..<close].trimmingWhitespace()
        let after = rest[rest.index(after: close)...].trimmingCharacters(in: trailing)
        // Only a ref ("1.2") makes a repeat: "(also known as ...)" is just text.
        let isRef = ref.split(separator: ".").count == 2 && ref.allSatisfy { $0.isNumber || $0 == "." }
        return after.isEmpty && isRef ? ref : nil
    }

    /// The text without its "(also X.Y)" suffix, for comparing a repeat with its original.
    public static func stripped(_ text: String) -> String {
        guard ref(in: text) != nil, let range = lastAlso(in: text) else { return text }
        return String(text[..<range.lowerBound])
    }
}
