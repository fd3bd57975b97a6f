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
}
