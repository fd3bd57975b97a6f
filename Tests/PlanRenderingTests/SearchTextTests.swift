// The search index's words are split as bytes where that splits as the
// characters do; these hold the byte split to the character split.

@testable import PlanRendering
import Testing

private func characterWords(_ text: String) -> String {
    text.split(whereSeparator: { $0 == "\n" || $0 == " " || $0 == "\t" }).filter { $0 != "-" }.joined(separator: " ")
}

@Test func wordsAsBytesAreTheWordsAsCharacters() {
    let texts = [
        "", " ", "-", "- a", "a -", "a - b", "--", "a  b\n\n\tc ", "\n- Lead: Director; Timeframe: Q3 15/16\n",
        "Café – “quoted” ü", "e\u{301} x", "x \u{301}y", "a\u{200D} b", "tab\tand\nnew", "a-b - -c", "ends with space ",
    ]
    for text in texts {
        var t = text
        let bytes = t.withUTF8(SearchText.words)
        // Either the same words, or left to the character split (nil) where a mark could join a separator.
        if let bytes { #expect(bytes == characterWords(text), "\(text.debugDescription)") }
    }
    // Plain ASCII text always takes the byte path.
    var plain = "Work area 1: Leadership - and - more\n- Lead: Head of Service"
    #expect(plain.withUTF8(SearchText.words) == characterWords(plain))
    // A combining mark after a space makes one character of the two: the bytes are not split there.
    var joined = "x \u{301}y"
    #expect(joined.withUTF8(SearchText.words) == nil)
    #expect(SearchText.fromHTML("<p>x \u{301}y</p>") == characterWords("x \u{301}y"))
}
