// Word-level differences.

import PlanDiff
import Testing

@Suite struct WordDiffTests {
    @Test func keepsCommonWordsAndMarksTheRest() {
        let spans = WordDiff.spans(old: "Test and start to implement new operating model", new: "Test and implement the new operating model")
        #expect(WordDiff.inline(spans) == "Test and [-start to-] implement {+the+} new operating model")
    }

    @Test func identicalTextsHaveOnlySameSpans() {
        #expect(WordDiff.spans(old: "a  b\nc", new: "a b c") == [WordSpan(.same, "a b c")])
        #expect(WordDiff.similarity("a b c d", "a b c d") == 1)
    }

    @Test func replacementPutsRemovalBeforeAddition() {
        #expect(WordDiff.spans(old: "lead by A", new: "lead by B") == [WordSpan(.same, "lead by"), WordSpan(.removed, "A"), WordSpan(.added, "B")])
    }

    @Test func wordsSplitWhereCharactersThatAreWhitespaceSplit() {
        // The scalar split must agree with splitting the characters on `isWhitespace`, for every kind of space the
        // sources hold: tabs, CRLF, no-break and em spaces, line and paragraph separators, accents and emoji.
        let texts = ["", " ", "a", "  lead  by\tA\r\nB  ", "Ofsted\u{00A0}2015", "x\u{2003}y\u{2028}z\u{2029}w", "café naïve",
                     "e\u{0301}t\u{00E9} \u{1F600} ok", "\r\n\r\n", "a\u{000B}b\u{000C}c\u{0085}d", "word\u{200B}joined"]
        for text in texts {
            #expect(WordDiff.words(text) == text.split(whereSeparator: { $0.isWhitespace }).map(String.init), "\(text.debugDescription)")
        }
        #expect(WordDiff.words(" a\u{00A0}b c ") == ["a", "b", "c"])
        // A mark after a space is kept, with the word it comes before (splitting characters dropped it with the space).
        #expect(WordDiff.words("a \u{301}b") == ["a", "\u{301}b"])
    }
}
