// PlanDiff/WordDiff: word-level differences between two texts, as reviewers
// know them from track changes: the longest common run of words kept, the
// rest marked added or removed (Swift's CollectionDifference over words).

import Foundation

/// A run of words that is in both texts, only in the old one, or only in the new one.
public struct WordSpan: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable { case same, added, removed }
    public var kind: Kind
    public var text: String
    public init(_ kind: Kind, _ text: String) { self.kind = kind; self.text = text }
}

public enum WordDiff {
    /// The words of a text: runs of non-space characters.
    public static func words(_ text: String) -> [String] {
        // By scalars, ASCII first, without the grapheme breaking that was 3% of the real plan's build. A character
        // is whitespace when its first scalar is, so this splits where splitting the characters would, except where
        // a mark that joins the character before it (a combining accent, U+200D, U+FE0F) follows a space: it then
        // starts the next word instead of vanishing with the space.
        var out: [String] = []
        let scalars = text.unicodeScalars
        var start: String.Index?
        var i = scalars.startIndex
        while i < scalars.endIndex {
            let s = scalars[i]
            let space = s.isASCII ? (s == " " || (s.value >= 0x09 && s.value <= 0x0D)) : s.properties.isWhitespace
            if space {
                if let b = start { out.append(String(scalars[b..<i])); start = nil }
            } else if start == nil {
                start = i
            }
            i = scalars.index(after: i)
        }
        if let b = start { out.append(String(scalars[b..<scalars.endIndex])) }
        return out
    }

    /// The spans that turn `old` into `new`, removals before insertions where both fall at one place;
    /// adjacent words of one kind are joined into one span.
    public static func spans(old: String, new: String) -> [WordSpan] {
        let a = words(old), b = words(new)
        let difference = b.difference(from: a)
        var removed = Set<Int>(), inserted = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        var out: [WordSpan] = []
        func add(_ kind: WordSpan.Kind, _ word: String) {
            if let last = out.last, last.kind == kind { out[out.count - 1].text += " " + word } else { out.append(WordSpan(kind, word)) }
        }
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, removed.contains(i) { add(.removed, a[i]); i += 1; continue }
            if j < b.count, inserted.contains(j) { add(.added, b[j]); j += 1; continue }
            if i < a.count, j < b.count { add(.same, b[j]); i += 1; j += 1; continue }
            // Unreachable for a consistent difference; keep whatever is left rather than lose words.
            if i < a.count { add(.removed, a[i]); i += 1 } else { add(.added, b[j]); j += 1 }
        }
        return out
    }

    /// Git's word-diff notation: `kept [-removed-]{+added+} kept`.
    public static func inline(_ spans: [WordSpan]) -> String {
        spans.map { s in
            switch s.kind {
            case .same: return s.text
            case .removed: return "[-\(s.text)-]"
            case .added: return "{+\(s.text)+}"
            }
        }.joined(separator: " ")
    }

    /// How alike two texts are, 0...1: the share of words they keep in common.
    public static func similarity(_ old: String, _ new: String) -> Double {
        let a = words(old), b = words(new)
        guard !a.isEmpty || !b.isEmpty else { return 1 }
        let removed = b.difference(from: a).removals.count
        return Double(a.count - removed) * 2 / Double(a.count + b.count)
    }
}
