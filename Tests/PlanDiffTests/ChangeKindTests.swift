// Every kind of change, over pairs of plans made from the real plan in memory.

import Foundation
import PlanDiff
import PlanModel
import Testing

@Suite struct ChangeKindTests {
    func kinds(_ set: ChangeSet) -> [String] { set.changes.map { "\($0.kind.rawValue) \($0.entity)" } }

    @Test func identicalPlansHaveNoChanges() {
        let set = Real.diff { _ in }
        #expect(set.isEmpty)
        #expect(ChangeReport.text(set).contains("No changes."))
    }

    @Test func actionChanges() {
        let set = Real.diff { plan in
            plan.editAction("5.1") { $0.what = "Review, revise and publish the level of needs document." }
            plan.editAction("5.2") { $0.leads = ["Director of Children's Services"] }
            plan.editAction("5.3") { $0.timeframe = ["Q1 16/17"] }
            plan.editAction("5.5") { $0.group = "Partnership" }
            plan.removeAction("5.4")
            plan.workAreas[4].groups[0].rows.append(ActionRow(ref: "5.9", what: "Publish a practice guide for all partners.", leads: ["Director of Children's Services"],
                                                              workArea: 5, group: "Leadership", location: SourceLocation(file: "x")))
        }
        #expect(kinds(set).sorted() == ["action-added action:5.9", "action-moved action:5.5", "action-re-led action:5.2",
                                        "action-re-timed action:5.3", "action-reworded action:5.1", "action-withdrawn action:5.4"])
        // timing leads the report
        #expect(set.changes.first?.kind == .actionRetimed)
        let reworded = set.changes.first { $0.kind == .actionReworded }
        #expect(reworded?.old?.hasPrefix("Review and revise") == true)
        #expect(reworded?.words?.contains(WordSpan(.added, "publish")) == true || reworded?.words?.contains { $0.kind == .added } == true)
    }

    @Test func aWithdrawnActionRewordedIsAChange() throws {
        // 5.4 withdrawn in both plans: its page still shows its words.
        var base = Real.plan
        base.editAction("5.4") { $0.withdrawn = Withdrawal(date: ContentDate(year: 2016, month: 1, day: 31), location: SourceLocation(file: "x")) }
        let was = try #require(base.workAreas[4].groups[0].rows.first { $0.ref == "5.4" }?.what)
        let set = Real.diff({ plan in plan.editAction("5.4") { $0.what = was + " Publish it." } }, base: base)
        #expect(kinds(set) == ["action-reworded action:5.4"])
        #expect(set.changes.first?.detail == "a withdrawn action")
        #expect(set.changes.first?.words?.contains(WordSpan(.added, "Publish it.")) == true, "\(set.changes.first?.words ?? [])")
        // Unchanged words: no change.
        #expect(Real.diff({ _ in }, base: base).isEmpty)
    }

    @Test func aRenumberedActionIsAMoveNotARemoval() throws {
        let set = Real.diff { plan in
            var row = plan.workAreas[4].groups[0].rows.first { $0.ref == "5.4" }!
            plan.removeAction("5.4")
            row.ref = "6.20"; row.workArea = 6
            plan.workAreas[5].groups[0].rows.append(row)
        }
        #expect(kinds(set) == ["action-moved action:6.20"])
        #expect(set.changes[0].detail == "was action 5.4")
    }

    @Test func slippedTimeframeIsSaidToSlip() {
        let set = Real.diff { plan in plan.editAction("1.1") { $0.timeframe = ["Q1 16/17"] } }
        let change = set.changes.first { $0.kind == .actionRetimed }
        #expect(change != nil)
        if let q = change?.quarters { #expect(set.summary.contains(q > 0 ? "1 deadline slipped" : "1 deadline brought forward") || q == 0) }
    }

    @Test func repeatsGainedAndLost() {
        let set = Real.diff { plan in
            plan.workAreas[5].groups[0].rows.append(ActionRow(ref: "6.21", what: "Review our processes and pathways for children in need.", leads: ["x"], also: "5.2",
                                                              workArea: 6, group: plan.workAreas[5].groups[0].heading, location: SourceLocation(file: "x")))
        }
        #expect(kinds(set) == ["action-repeats-gained action:5.2"])
    }

    @Test func statusAndRevisedTimeframeComeFromProgress() {
        let base = Real.plan.asAt(ContentDate(year: 2015, month: 9, day: 30))
        let set = Real.diff({ plan in plan = Real.plan.asAt(ContentDate(year: 2016, month: 1, day: 31)) }, base: base)
        #expect(set.changes.filter { $0.kind == .statusMoved }.count == 5)
        #expect(set.changes.contains { $0.kind == .actionRetimedRevised && $0.entity == "action:2.3" })
        #expect(set.changes.contains { $0.kind == .registerAdded && $0.entity == "register:dfe-notice-2016" })
        #expect(set.changes.contains { $0.kind == .eventAdded })
        #expect(set.summary.first == "5 actions moved to in progress")
    }

    @Test func registerItemsAndCoverage() {
        let set = Real.diff { plan in
            let r = plan.registers.firstIndex { $0.id == "ofsted-2015" }!
            plan.registers[r].groups[0].groups[0].items[0].text += " Within six months."
            plan.registers[r].groups[0].groups[0].items.append(RegisterItem(number: "99", text: "A new recommendation.", location: SourceLocation(file: "x")))
            plan.workAreas[0].addresses.append(ReferenceField(register: "ofsted-2015", text: "13", location: SourceLocation(file: "x")))
        }
        let k = kinds(set)
        #expect(k.contains("item-reworded ofsted-2015:1"))
        #expect(k.contains("item-added ofsted-2015:99"))
        #expect(k.contains("coverage-gained ofsted-2015:13"))
    }

    @Test func measuresPagesTermsAndWorkAreas() {
        let set = Real.diff { plan in
            plan.scorecard!.measures[1].observations[1].value = "26%"
            plan.workAreas[0].title += " (revised)"
            let p = plan.pages.firstIndex { $0.id == "foreword" }!
            plan.pages[p].markdown += "\n## A new section\n\nNew words.\n"
            let q = plan.pages.firstIndex { $0.id == "feedback" }!
            plan.pages[q].id = "your-views"
            plan.terms[0].description += " Updated."
            plan.terms.append(Term(term: "Zebra crossing", description: "A crossing.", location: SourceLocation(file: "x")))
        }
        let k = kinds(set)
        #expect(k.contains("measure-value-changed measure:2"))
        #expect(k.contains("workarea-retitled workarea:1"))
        #expect(k.contains("page-section-added page:foreword"))
        #expect(k.contains("page-renamed page:your-views"))
        #expect(!k.contains { $0.hasPrefix("page-removed") || $0.hasPrefix("page-added") })
        #expect(k.contains { $0.hasPrefix("term-changed") })
        #expect(k.contains("term-added term:zebra-crossing"))
    }

    @Test func newObservationsOfAMeasureOverTime() {
        let base = Real.plan.asAt(ContentDate(year: 2016, month: 1, day: 31))
        let set = Real.diff({ plan in plan = Real.plan.asAt(ContentDate(year: 2018, month: 5, day: 31)) }, base: base)
        #expect(set.changes.contains { $0.kind == .measureNewObservation && $0.entity == "series:child-protection-plans" })
    }

    @Test func jsonShapeIsStableAndDocumented() throws {
        let set = Real.diff { plan in plan.editAction("5.2") { $0.leads = ["Director of Children's Services"] } }
        let json = ChangeReport.json(set)
        #expect(json == ChangeReport.json(set))
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        #expect(object["schema"] as? String == "plansite-diff/1")
        #expect(Set(object.keys) == ["schema", "old", "new", "count", "summary", "counts", "changes"])
        let change = (object["changes"] as! [[String: Any]])[0]
        #expect(change["kind"] as? String == "action-re-led")
        #expect(change["entity"] as? String == "action:5.2")
        #expect(change["old"] as? String == "Area Head of Children's Services (South East)")
        #expect(change["new"] as? String == "Director of Children's Services")
        #expect((object["counts"] as? [String: Int]) == ["action-re-led": 1])
    }
}

@Test func aChangeNoteEndsEachSentenceOnceWhateverTheQuotedTextEndsWith() {
    let state = PlanState(label: "a")
    let set = ChangeSet(old: state, new: state, changes: [
        Change(.actionWithdrawn, entity: "action:8.3", title: "Action 8.3", old: "Hold a forum.", detail: "withdrawn 15 September 2015: Merged into action 8.2."),
        Change(.itemReworded, entity: "ofsted-2015:3", title: "Recommendation 3", old: "Act early.", new: "Act early, always."),
        Change(.actionReworded, entity: "action:1.1", title: "Action 1.1", old: "Plan", new: "Plan well"),
    ])
    let note = ChangeReport.markdown(set)
    #expect(note.contains("was withdrawn. It said: “Hold a forum.” (withdrawn 15 September 2015: Merged into action 8.2)."), "\(note)")
    #expect(note.contains("now reads: “Act early, always.” It read: “Act early.”"), "\(note)")
    #expect(note.contains("now reads: “Plan well”. It read: “Plan”."), "\(note)")
    #expect(!note.contains(".).") && !note.contains(".”."), "\(note)")
}
