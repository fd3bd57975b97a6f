// PlanModel/Trimming: Foundation's trimming of white space, without the trip
// through NSString (which copies every string as UTF-16). Same characters as
// CharacterSet.whitespaces and .whitespacesAndNewlines; a test compares them.

extension StringProtocol {
    /// `trimmingCharacters(in: .whitespaces)`: spaces (general category Zs) and tabs.
    public func trimmingWhitespace() -> String { trimmed(newlines: false) }

    /// `trimmingCharacters(in: .whitespacesAndNewlines)`: also line breaks (U+000A-U+000D, U+0085, Zl, Zp).
    public func trimmingWhitespaceAndNewlines() -> String { trimmed(newlines: true) }

    private func trimmed(newlines: Bool) -> String {
        let string = String(self)
        let scalars = string.unicodeScalars
        // Most values have nothing to trim: a letter at both ends.
        if let first = scalars.first, let last = scalars.last, !Self.isSpace(first, newlines), !Self.isSpace(last, newlines) {
            return string
        }
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, Self.isSpace(scalars[start], newlines) { start = scalars.index(after: start) }
        while end > start, Self.isSpace(scalars[scalars.index(before: end)], newlines) { end = scalars.index(before: end) }
        return String(Substring(scalars[start..<end]))
    }

    private static func isSpace(_ s: Unicode.Scalar, _ newlines: Bool) -> Bool {
        switch s.value {
        case 0x20, 0x09, 0x200B: return true   // Foundation counts ZERO WIDTH SPACE as white space too
        case 0x0A...0x0D, 0x85: return newlines
        case 0..<0x80: return false
        default:
            switch s.properties.generalCategory {
            case .spaceSeparator: return true
            case .lineSeparator, .paragraphSeparator: return newlines
            default: return false
            }
        }
    }
}
