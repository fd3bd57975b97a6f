// Tests of diagnostics: their text form, their order, and suggestions.

import Foundation
import PlanModel
import Testing

@Test func diagnosticFormatNamesFileLineColumnAndFix() {
    let d = Diagnostic.error("dangling-also", at: SourceLocation(file: "content/work-areas/2.yaml", line: 14, column: 15),
                             "action 2.4 repeats action 1.22, which does not exist", suggestion: "did you mean 1.2?")
    #expect(d.formatted == "content/work-areas/2.yaml:14:15: error: action 2.4 repeats action 1.22, which does not exist; did you mean 1.2?")
}

@Test func diagnosticsSortByPlace() {
    let a = Diagnostic.warning("x", at: SourceLocation(file: "b.yaml", line: 1), "b")
    let b = Diagnostic.error("x", at: SourceLocation(file: "a.yaml", line: 9), "a9")
    let c = Diagnostic.error("x", at: SourceLocation(file: "a.yaml", line: 2), "a2")
    #expect([a, b, c].sortedForOutput().map(\.message) == ["a2", "a9", "b"])
}

@Test func suggestionsFindTheNearestCandidate() {
    #expect(Suggest.nearest(to: "1.22", in: ["1.2", "2.2", "3.14"]) == "1.2")
    #expect(Suggest.nearest(to: "lead", in: ["ref", "what", "lead", "timeframe"]) == "lead")
    #expect(Suggest.nearest(to: "zzzzzz", in: ["ref", "what"]) == nil)
    #expect(Suggest.didYouMean("forword", in: ["foreword", "feedback"]) == "did you mean foreword?")
}

@Test func trimmingMatchesFoundation() {
    // The fast trimming must remove exactly what CharacterSet.whitespaces / .whitespacesAndNewlines remove.
    let samples = ["", " ", "\t a b \t", "\n\r\n text \u{0B}\u{0C}", "\u{A0}no-break\u{A0}", "\u{2003}em\u{2009}",
                   "\u{2028}line\u{2029}", "\u{85}next\u{85}", "\u{200B}zero-width\u{200B}", "\u{FEFF}bom", "é\u{301} ",
                   " 👩‍👧 ", "\u{3000}ideographic\u{3000}", "plain", "\u{1680}ogham", "\u{180E}mongolian\u{180E}", "\u{2060}joiner\u{2060}", "\u{202F}narrow\u{205F}"]
    for s in samples {
        #expect(s.trimmingWhitespace() == s.trimmingCharacters(in: .whitespaces), "\(s.unicodeScalars.map { $0.value })")
        #expect(s.trimmingWhitespaceAndNewlines() == s.trimmingCharacters(in: .whitespacesAndNewlines), "\(s.unicodeScalars.map { $0.value })")
        #expect(s[...].trimmingWhitespace() == s.trimmingCharacters(in: .whitespaces))
    }
}
