// The numbers that name things are written one way: without leading zeros and without a dot after them. Action
// `2.01` beside `2.1` was a second action, `workarea:01` went to work area 1 without a word, a register item
// numbered `3.` was an item apart from `3`. Each is now an error at the number, saying how to write it, wherever
// the number is given (a work area, an action ref, a register item, a document's list, a measure) or cited (a
// markdown link, 'addresses', 'also' and "(also 1.2)", a progress report's target, a document's link, a tracker row's
// minute). Positions are counted by hand (1-based).

import PlanLinking
import PlanLoading
import PlanModel
import Testing

@Suite("Number forms")
struct NumberFormTests {
    @Test("the form: leading zeros and a trailing dot are dropped; anything that is no number is left alone")
    func canonicalForm() {
        let cases: [(String, String?)] = [
            ("2.01", "2.1"), ("01", "1"), ("3.", "3"), ("03.", "3"), ("010c", "10c"), ("00", "0"), ("02.1", "2.1"),
            ("2.1", nil), ("10", nil), ("1.10", nil), ("0", nil), ("10c", nil), ("a", nil), ("01-intro", nil), ("1..2", nil), ("", nil),
        ]
        for (written, canonical) in cases { #expect(NumberForm.canonical(written) == canonical, "\(written)") }
        #expect(NumberForm.fault("2.01") == "has a leading zero")
        #expect(NumberForm.fault("3.") == "ends with a dot")
        #expect(NumberForm.fault("03.") == "has a leading zero and ends with a dot")
        #expect(NumberForm.fault("3") == nil)
    }

    @Test("a list of numbers cites each as it should be written, and names each written otherwise")
    func referenceList() {
        let parsed = ReferenceList.parse("01-03, 5. and 7")
        #expect(parsed.items == ["1", "2", "3", "5", "7"])
        #expect(parsed.problems == [.numberForm("01"), .numberForm("03"), .numberForm("5.")])
    }

    @Test("where a number is given: a work area, an action ref beside the same ref written plainly, a register item")
    func definitions() throws {
        //  1 number: 02                 ('02' at col 9)
        //  8       - ref: "2.1"
        // 11       - ref: "2.01"        ('"2.01"' at col 14)
        let area = Site.workArea2Text.replacingOccurrences(of: "number: 2\n", with: "number: 02\n")
            .replacingOccurrences(of: "      - ref: \"2.2\"", with: "      - ref: \"2.01\"")
        // 17       - number: "3."       ('"3."' at col 17)
        let register = Site.registerText.replacingOccurrences(of: "number: \"3\"", with: "number: \"3.\"")
        let loaded = Site.load([Site.workArea2: area, Site.register: register])
        #expect(loaded.diagnostics.map(\.formatted) == [
            "content/work-areas/2.yaml:1:9: error: the work area number '02' has a leading zero; write 2, not 02",
            "content/work-areas/2.yaml:13:14: error: the action ref '2.01' has a leading zero; write 2.1, not 2.01",
            "content/registers/ofsted-2015.yaml:17:17: error: the item number '3.' ends with a dot; write 3, not 3.",
        ])
        // Each is read as it should be written, as citations write it: 2.01 is a second action 2.1, and item 3 is cited
        // without an error at each citation.
        let linked = Linker().link(try #require(loaded.plan))
        #expect(linked.diagnostics.problems == [
            "content/work-areas/2.yaml:13:9: error: action ref 2.1 is used twice (first at content/work-areas/2.yaml:8:9); "
                + "give this row its own ref; to repeat an action in another work area, use 'also: \"2.1\"' on a row with its own ref",
        ])
    }

    @Test("where a number is cited: markdown links, 'addresses', 'also' and '(also …)'")
    func references() throws {
        //  9 See [area](workarea:01), [action](action:1.01), [it](ofsted-2015:3.) and [page](page:foreword).
        //        ^ col 5              ^ col 26               ^ col 49
        let page = Site.forewordText.replacingOccurrences(
            of: "We answer [recommendation 3](ofsted-2015:3) with [action 1.1](action:1.1).",
            with: "See [area](workarea:01), [action](action:1.01), [it](ofsted-2015:3.) and [page](page:foreword).")
        //  4   ofsted-2015: "04"            ('"04"' at col 16)
        // 14         what: Establish a community of practice (also 1.02).   (the text at col 15)
        // 16         also: "1.02"           ('"1.02"' at col 15)
        let area = Site.workArea2Text.replacingOccurrences(of: "ofsted-2015: \"4\"", with: "ofsted-2015: \"04\"")
            .replacingOccurrences(of: "(also 1.2)", with: "(also 1.02)").replacingOccurrences(of: "also: \"1.2\"", with: "also: \"1.02\"")
        let linked = try Site.link([Site.foreword: page, Site.workArea2: area])
        #expect(linked.diagnostics.problems == [
            "content/pages/foreword.md:9:5: error: the reference 'workarea:01' has a leading zero; write workarea:1, not workarea:01",
            "content/pages/foreword.md:9:26: error: the reference 'action:1.01' has a leading zero; write action:1.1, not action:1.01",
            "content/pages/foreword.md:9:49: error: the reference 'ofsted-2015:3.' ends with a dot; write ofsted-2015:3, not ofsted-2015:3.",
            "content/work-areas/2.yaml:4:17: error: the recommendation number '04' has a leading zero; write 4, not 04",
            "content/work-areas/2.yaml:16:15: error: the row's 'also: \"1.02\"' has a leading zero; write also: \"1.2\", not also: \"1.02\"",
        ])
        // Without the field, the text's own "(also 1.02)".
        let suffixOnly = Site.workArea2Text.replacingOccurrences(of: "(also 1.2)", with: "(also 1.02)").replacingOccurrences(of: "        also: \"1.2\"\n", with: "")
        #expect(try Site.link([Site.workArea2: suffixOnly]).diagnostics.problems == [
            "content/work-areas/2.yaml:14:49: error: the row's '(also 1.02)' has a leading zero; write (also 1.2), not (also 1.02)",
        ])
        // The same text folded over two lines: at the '(also' on the second.
        // 14         what: >
        // 15           Establish a community
        // 16           of practice (also 1.02).     ('(also' at col 23)
        let folded = suffixOnly.replacingOccurrences(of: "what: Establish a community of practice", with: "what: >\n          Establish a community\n          of practice")
        #expect(try Site.link([Site.workArea2: folded]).diagnostics.problems == [
            "content/work-areas/2.yaml:16:23: error: the row's '(also 1.02)' has a leading zero; write (also 1.2), not (also 1.02)",
        ])
    }

    @Test("where a number is cited: a progress report's target, a document's link")
    func progressAndDocuments() throws {
        //  7   - target: workarea:01        ('workarea:01' at col 13)
        let report = "title: Update\ndate: 2016-01-25\nsource:\n  title: Board\n  date: 2016-01-25\nupdates:\n  - target: workarea:01\n    text: Done.\n"
        let site = Site.siteText + "progress: content/progress\n"
        let progress = try Site.link([Site.siteYAML: site, "content/progress/2016-01.yaml": report])
        #expect(progress.diagnostics.problems == [
            "content/progress/2016-01.yaml:7:13: error: the reference 'workarea:01' has a leading zero; write workarea:1, not workarea:01",
        ])
        //  6 links:
        //  7   - {from: "ofsted-2015:3", to: "action:1.01", type: addresses, editorial: true}   ('"action:1.01"' at col 33)
        let document = "id: report\ntitle: Report\nkind: plan\nissuer: Council\ndate: 2016-01\nlinks:\n  - {from: \"ofsted-2015:3\", to: \"action:1.01\", type: addresses, editorial: true}\n"
        let documents = try Site.link([Site.siteYAML: Site.siteText + "documents: content/documents\n", "content/documents/report.yaml": document])
        #expect(documents.diagnostics.problems == [
            "content/documents/report.yaml:7:33: error: the link's 'to' cannot be resolved: the reference 'action:1.01' has a leading zero (write action:1.1, not action:1.01); check the reference",
        ])
    }

    @Test("a document's link written 'action: 1.2' or 'ACTION:1.1': no double space, and the form that resolves")
    func documentLinkSpaceAndCapitals() throws {
        //  7   - {from: "ofsted-2015:3", to: "action: 1.2", ...}   ('"action: 1.2"' at col 33)
        //  8   - {from: "ofsted-2015:3", to: "ACTION:1.1", ...}    ('"ACTION:1.1"' at col 33)
        //  9   - {from: "ofsted-2015:3", to: "action: 9.9", ...}   ('"action: 9.9"' at col 33)
        let rows = ["action: 1.2", "ACTION:1.1", "action: 9.9"].map { "  - {from: \"ofsted-2015:3\", to: \"\($0)\", type: addresses, editorial: true}\n" }
        let document = "id: report\ntitle: Report\nkind: plan\nissuer: Council\ndate: 2016-01\nlinks:\n" + rows.joined()
        let documents = try Site.link([Site.siteYAML: Site.siteText + "documents: content/documents\n", "content/documents/report.yaml": document])
        #expect(documents.diagnostics.problems == [
            "content/documents/report.yaml:7:33: error: the link's 'to' cannot be resolved: 'action: 1.2' has a space after its colon, which a reference cannot hold; write it action:1.2, without the space",
            "content/documents/report.yaml:8:33: error: the link's 'to' cannot be resolved: 'ACTION' is not a register, a list or a kind of item; did you mean action:1.1?",
            "content/documents/report.yaml:9:33: error: the link's 'to' cannot be resolved: there is no action 9.9; check the reference",
        ])
    }
}
