// "Done when": two site folders made by hand from the real content (three actions reworded or re-led,
// one dropped, one added, a scorecard value changed) give exactly those six changes, in text, JSON and markdown.

import Foundation
import PlanBuild
import PlanDiff
import Testing

@Suite struct RealPairTests {
    @Test func sixChangesInEveryFormat() throws {
        let old = try Real.copySite(), new = try Real.copySite()
        defer { try? FileManager.default.removeItem(at: old); try? FileManager.default.removeItem(at: new) }
        let areas = "content/work-areas/5.yaml"
        try Real.edit(new, areas, replacing: "what: Review and revise level of needs document", with: "what: Review, revise and publish the level of needs document")
        try Real.edit(new, areas, replacing: """
                what: Review our processes and pathways for children in need – then embed into business as usual.
                lead:
                  - Area Head of Children's Services (South East)
        """, with: """
                what: Review our processes and pathways for children in need – then embed into business as usual.
                lead:
                  - Director of Children's Services
        """)
        try Real.edit(new, areas, replacing: "what: Test and start to implement new operating model", with: "what: Test and implement the new operating model")
        try Real.edit(new, areas, replacing: """
              - ref: "5.4"
                what: Simplify and clarify our partnership early help approach, working with the Surrey Safeguarding Children Board - then embed this.
                lead:
                  - Director of Children's Services
                source: "000:766"

        """, with: "")
        try Real.edit(new, areas, replacing: """
                source: "000:768"
        """, with: """
                source: "000:768"
              - ref: "5.7"
                what: Publish a practice guide for partners on thresholds.
                lead:
                  - Surrey Safeguarding Children Board
        """)
        try Real.edit(new, "content/scorecard.csv", replacing: "Children in need,2,% of re-referrals.,22%,25%,23%", with: "Children in need,2,% of re-referrals.,22%,26%,23%")

        let set = try Comparison.run(old: ComparisonSide(source: .folder(old), label: "old"), new: ComparisonSide(source: .folder(new), label: "new"))
        let expected = ["action-re-led action:5.2", "action-withdrawn action:5.4", "action-added action:5.7",
                        "action-reworded action:5.1", "action-reworded action:5.3", "measure-value-changed measure:2"]
        #expect(set.changes.map { "\($0.kind.rawValue) \($0.entity)" }.sorted() == expected.sorted())

        let text = ChangeReport.text(set)
        #expect(text.contains("6 changes: 1 action withdrawn; 1 action added; 1 action re-led; 2 actions reworded; 1 measure value changed"))
        for entity in ["action:5.1", "action:5.2", "action:5.3", "action:5.4", "action:5.7", "measure:2"] {
            #expect(text.components(separatedBy: "  \(entity)  ").count == 2, "text lists \(entity) once")
        }
        #expect(text.contains("words: [-Review and-] {+Review,+} revise {+and publish the+} level"))

        let json = try JSONSerialization.jsonObject(with: Data(ChangeReport.json(set).utf8)) as! [String: Any]
        #expect(json["count"] as? Int == 6)
        #expect((json["changes"] as! [[String: Any]]).map { "\($0["kind"]!) \($0["entity"]!)" }.sorted() == expected.sorted())

        let markdown = ChangeReport.markdown(set)
        #expect(markdown.components(separatedBy: "\n- ").count - 1 == 6)
        #expect(markdown.contains("[Action 5.2](action:5.2) is now led by Director of Children's Services"))
        #expect(markdown.contains("[Measure 2: % of re-referrals.](measure:2), July 2015: 25% is now 26%."))
        // the same input gives the same bytes
        let again = try Comparison.run(old: ComparisonSide(source: .folder(old), label: "old"), new: ComparisonSide(source: .folder(new), label: "new"))
        #expect(ChangeReport.text(again) == text)
    }
}
