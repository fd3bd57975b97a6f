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

/// Texts are rendered several at once (each page, work area and report on its own copy of the state): the problems
/// of texts on different pages come out in the order of one thread, page by page, whatever the thread count.
@Test func markdownProblemsOfSeveralPagesComeInTheOrderOfOneThread() throws {
    var files = Site.files([:])
    files[Site.foreword] = (files[Site.foreword] ?? "") + "\nSee [the first](page:missing-one) and [the second](page:missing-two).\n"
    files[Site.approach] = (files[Site.approach] ?? "") + "\nSee [the third](page:missing-three).\n"
    let plan = try #require(PlanLoader(source: MemoryContentSource(files)).load().plan)
    var results: [[String]] = []
    for threads in [1, 2, 4] {
        var linker = Linker()
        linker.threads = threads
        results.append(linker.link(plan).diagnostics.filter { $0.message.contains("missing-") }.map(\.formatted))
    }
    #expect(results[0].count == 3)
    #expect(results[0].firstIndex { $0.contains("missing-one") }! < results[0].firstIndex { $0.contains("missing-two") }!)
    #expect(results[1] == results[0] && results[2] == results[0])
}

/// The texts are scanned for abbreviations in pieces, several at once: an abbreviation is reported once, at its first
/// use in the plan's order (in an earlier piece than its later uses), and one defined in a text of a later piece
/// ("... (QRZ)") is known everywhere, as when every text was scanned one after another.
@Test func abbreviationsAreReportedOnceAtTheirFirstUseAcrossThePiecesScanned() throws {
    var rows = ""
    for i in 3...700 {
        let what: String
        switch i {
        case 10: what = "Audit the WVU returns."                         // first use of WVU: reported here
        case 40, 650: what = "Review the QRZ findings."                   // QRZ is defined at row 600
        case 600: what = "Set up a quality review zone (QRZ)."
        case 520: what = "Repeat the WVU audit."
        default: what = "Carry out step \(i)."
        }
        rows += "      - ref: \"2.\(i)\"\n        what: \(what)\n        lead: [Head of Practice]\n"
    }
    var files = Site.files([:])
    files[Site.workArea2] = Site.workArea2Text + rows
    let plan = try #require(PlanLoader(source: MemoryContentSource(files)).load().plan)
    let loaded = PlanLoader(source: MemoryContentSource(files)).load()
    #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics.map(\.formatted).prefix(3))")
    for threads in [1, 4] {
        var linker = Linker()
        linker.threads = threads
        let found = linker.link(plan).diagnostics.filter { $0.code == "unknown-abbreviation" }
        #expect(found.map(\.message) == ["the abbreviation WVU is used but not in the glossary"], "threads: \(threads)")
        #expect(found.first?.location?.line == 18 + (10 - 3) * 3, "threads: \(threads)")   // the rows start on line 17
    }
}

/// The short way of resolving a site's links (leading "../", then names) gives what resolving segment by segment
/// gives, for every href and page it takes; and it leaves to that way every href or page it cannot take.
@Test func resolvingALinkSimplyGivesWhatResolvingItSegmentBySegmentGives() {
    let pages = ["index.html", "work-areas/1.html", "coverage/review/2015.html", "a//b.html", "/x.html", "é/ü.html", "a/b/c/d.html"]
    let hrefs = ["actions/1.2.html", "../actions/1.2.html", "../../x.html", "../../../../x.html", "./a.html", "a/./b.html",
                 "a/../b.html", "a//b.html", "/abs.html", "..", "../", "../..", "...html", "a/.../b", ".hidden", "a/..b/c",
                 "x.html#frag", "../é.html", "", "a/", "../../a/b/c.html", "..x/y.html"]
    var simple = 0
    for page in pages {
        for href in hrefs {
            let general = SitePath.resolveSegments(href, from: page)
            if let fast = SitePath.resolveSimply(href, from: page) {
                simple += 1
                #expect(fast == general, "\(href) from \(page)")
            }
            #expect(SitePath.resolve(href, from: page) == general, "\(href) from \(page)")
        }
    }
    #expect(SitePath.resolveSimply("../actions/1.2.html", from: "work-areas/1.html") == "actions/1.2.html")
    #expect(SitePath.resolveSimply("a/./b.html", from: "index.html") == nil)
    #expect(SitePath.resolveSimply("../x.html", from: "a//b.html") == "a/x.html")
    #expect(SitePath.resolveSimply("x.html", from: "/x.html") == nil)
    #expect(simple > 50)
}
