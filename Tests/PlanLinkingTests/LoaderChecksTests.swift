// Bad input the loaders once let through, or reported in the wrong place:
// each is now one located error at the mistake, saying how to fix it.
// Expected positions are counted by hand from the texts (1-based).

import PlanLinking
import PlanLoading
import PlanModel
import Testing

@Suite("Loader checks")
struct LoaderChecksTests {
    // MARK: A byte order mark at the start of a YAML file

    @Test("a YAML file starting with a byte order mark is read, its columns on line 1 as an editor shows them")
    func byteOrderMark() throws {
        let clean = Site.load([Site.register: "\u{FEFF}" + Site.registerText])
        #expect(clean.diagnostics.isEmpty, "\(clean.diagnostics.map(\.formatted))")
        #expect(clean.plan?.registers.first?.id == "ofsted-2015")
        // Line 1: 'number: two' ('two' at col 9, not 10: the mark takes no column).
        let text = "\u{FEFF}" + Site.workArea2Text.replacingOccurrences(of: "number: 2", with: "number: two")
        let loaded = Site.load([Site.workArea2: text])
        #expect(loaded.diagnostics.map(\.formatted) == [
            "content/work-areas/2.yaml:1:9: error: 'number' must be a whole number, found 'two'; add 'number: N', the work area's number in the plan",
        ])
    }
}
