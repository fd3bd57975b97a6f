// An action row keeps its fields in a shared box (copied on change): copies must still behave as values.

import PlanModel
import Testing

@Test func aChangedCopyOfARowLeavesTheOthersAsTheyWere() {
    let at = SourceLocation(file: "content/work-areas/1.yaml", line: 3, column: 5)
    let row = ActionRow(ref: "1.1", what: "Review the front door", leads: ["AD"], timeframe: ["Q3 15/16"], workArea: 1, group: "", location: at)
    var copy = row
    copy.what = "Changed"
    copy.leads.append("HoS")
    copy.withdrawn = nil
    copy.leadLocations = [at]
    #expect(row.what == "Review the front door" && row.leads == ["AD"] && row.leadLocations.isEmpty)
    #expect(copy.what == "Changed" && copy.leads == ["AD", "HoS"] && copy.leadLocations.count == 1)
    #expect(copy.ref == row.ref && copy.whatLocation == at && row.whatLocation == at)
    // A row no other copy shares is changed where it is, many times over, as a value.
    var own = ActionRow(ref: "2.1", what: "", leads: [], workArea: 2, group: "g", location: at)
    for n in 1...50 { own.timeframe.append("Q\(n % 4 + 1) 15/16") }
    #expect(own.timeframe.count == 50 && own.group == "g")
    // Copies made on other threads see the value they were made from.
    let rows = Parallel.map(Array(0..<64), threads: 4) { i -> ActionRow in var r = row; r.what = "\(i)"; return r }
    #expect(rows.map(\.what) == (0..<64).map { "\($0)" } && row.what == "Review the front door")
}
