// The linker resolves the addresses and renders the markdown at once: its result, diagnostics in their order
// included, must not depend on the number of threads.

import Foundation
@testable import PlanLinking
import PlanLoading
import PlanModel
import Testing

@Test func theLinkIsTheSameOnOneThreadAndOnSeveral() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let plan = try #require(PlanLoader(source: DiskContentSource(root: root)).load().plan)
    var one = Linker()
    one.threads = 1
    var several = Linker()
    several.threads = 4
    let (a, b) = (one.link(plan), several.link(plan))
    // The real plan has diagnostics from both steps: recommendations no action addresses (the addresses) and an
    // abbreviation missing from the glossary (the markdown).
    #expect(a.diagnostics.contains { $0.code == "unaddressed" } && a.diagnostics.contains { $0.code == "unknown-abbreviation" })
    #expect(a.diagnostics.map(\.formatted) == b.diagnostics.map(\.formatted))
    #expect(a.rendered.keys.sorted() == b.rendered.keys.sorted())
    #expect(a.rendered.keys.allSatisfy { a.rendered[$0]?.html == b.rendered[$0]?.html })
    #expect(a.addressedBy.keys.count == b.addressedBy.keys.count && a.actionAddresses == b.actionAddresses)
    // The addresses were resolved (the markdown's copy of the state never had them).
    #expect(!a.workAreaAddresses.isEmpty && a.workAreaAddresses == b.workAreaAddresses && !a.addressedBy.isEmpty)
}
