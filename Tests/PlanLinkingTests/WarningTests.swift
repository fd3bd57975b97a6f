// Warnings: drift between a repeat and its original, gaps in a register's
// numbering, abbreviations missing from the glossary, recommendations that
// nothing addresses.

@testable import PlanLinking
import PlanLoading
import PlanModel
import Testing

@Suite("Linker warnings")
struct WarningTests {
    /// Work area 2 with row 2.2 (a repeat of 1.2) written as given, from line 13.
    private func workArea2(row22: String) -> String {
        """
        number: 2
        title: Practice and culture
        addresses:
          ofsted-2015: "4"
        actions:
          - heading: Culture
            rows:
              - ref: "2.1"
                what: Train every social worker in the practice model.
                lead: [Head of Practice]
                addresses:
                  ofsted-2015: "3"

        """ + row22
    }

    @Test("text drift of a repeat")
    func textDrift() throws {
        // 14         what: Establish a community of learning (also 1.2).   (the value at col 15)
        let row = """
              - ref: "2.2"
                what: Establish a community of learning (also 1.2).
                lead: [Director of Children's Services]
                also: "1.2"

        """
        let linked = try Site.link([Site.workArea2: workArea2(row22: row)])
        #expect(linked.diagnostics.problems == [
            "content/work-areas/2.yaml:14:15: warning: action 2.2 repeats 1.2 but its text differs: "
                + "\"Establish a community of learning\" vs \"Establish a community of practice.\"; "
                + "keep the source's wording, or align the two if the difference is an error",
        ])
        #expect(linked.diagnostics.with(code: "drift").first?.severity == .warning)
        #expect(linked.original["2.2"] == "1.2", "a drifting repeat is still a repeat")
    }

    @Test("punctuation and case are not drift")
    func punctuationIsNotDrift() throws {
        let row = """
              - ref: "2.2"
                what: "Establish a Community of Practice; (also 1.2)"
                lead: [Director of Children's Services]
                also: "1.2"

        """
        let linked = try Site.link([Site.workArea2: workArea2(row22: row)])
        #expect(linked.diagnostics.problems == [])
    }

    @Test("lead drift of a repeat")
    func leadDrift() throws {
        // 13       - ref: "2.2"   (the row starts at col 9)
        let row = """
              - ref: "2.2"
                what: Establish a community of practice (also 1.2).
                lead: [Head of Practice, Director of Children's Services]
                also: "1.2"

        """
        let linked = try Site.link([Site.workArea2: workArea2(row22: row)])
        #expect(linked.diagnostics.problems == [
            "content/work-areas/2.yaml:13:9: warning: action 2.2 repeats 1.2 but its lead differs: "
                + "Head of Practice; Director of Children's Services vs Director of Children's Services; "
                + "keep the source's leads, or align the two if the difference is an error",
        ])
        #expect(linked.diagnostics.with(code: "drift").first?.severity == .warning)
    }

    @Test("gap in a register's numbering (1, 2, 4)")
    func numberingGap() throws {
        //  9   - number: "4"   (the item's mapping starts at 'number', col 5)
        let register = """
        id: ofsted-2015
        title: Ofsted recommendations, June 2015
        issuer: Ofsted
        items:
          - number: "1"
            text: Ensure that leaders know the quality of practice.
          - number: "2"
            text: Ensure that the board challenges its partners.
          - number: "4"
            text: Ensure that supervision is regular and reflective.

        """
        let linked = try Site.link([Site.register: register])
        #expect(linked.diagnostics.formatted(code: "numbering-gap") == [
            "content/registers/ofsted-2015.yaml:9:5: warning: ofsted-2015 goes from recommendation 2 to 4: 3 is missing; "
                + "check the source for a lost or misnumbered recommendation",
        ])
        #expect(linked.diagnostics.with(code: "numbering-gap").first?.severity == .warning)
        // Work area 1 cites 1-3, action 2.1 cites 3 and the foreword links to 3 (9:11):
        // 3 is outside the register, now 1-4.
        #expect(linked.diagnostics.formatted(code: "unknown-item") == [
            "content/pages/foreword.md:9:11: error: ofsted-2015 has no recommendation 3; its recommendations are numbered 1 to 4; remove it or correct the number",
            "content/work-areas/1.yaml:4:16: error: ofsted-2015 has no recommendation 3, though its numbers run 1-4; check ofsted-2015 for a recommendation numbered twice or lost, or correct the number here",
            "content/work-areas/2.yaml:12:25: error: ofsted-2015 has no recommendation 3, though its numbers run 1-4; check ofsted-2015 for a recommendation numbered twice or lost, or correct the number here",
        ])
    }

    @Test("a register that does not start at 1, and a wider gap")
    func numberingStartAndWideGap() throws {
        let register = """
        id: ofsted-2015
        title: Ofsted recommendations, June 2015
        issuer: Ofsted
        items:
          - number: "2"
            text: Ensure that the board challenges its partners.
          - number: "3"
            text: Improve the timeliness of assessments.
          - number: "7"
            text: Ensure that supervision is regular and reflective.

        """
        let linked = Linker().link(try #require(Site.load([Site.register: register]).plan))
        #expect(linked.diagnostics.formatted(code: "numbering-gap") == [
            "content/registers/ofsted-2015.yaml:1:1: warning: ofsted-2015 starts at recommendation 2, not 1; check that no recommendation was lost",
            "content/registers/ofsted-2015.yaml:9:5: warning: ofsted-2015 goes from recommendation 3 to 7: 4-6 are missing; "
                + "check the source for a lost or misnumbered recommendation",
        ])
    }

    /// The register ofsted-2015 with one item per entry of `letters`, numbered 1, 2, ..., each with sub-points of those
    /// letters. Item N is on line 5 + its predecessors' lines; its first sub-point's number two lines below.
    func linkSubPoints(_ letters: [[String]]) throws -> LinkedPlan {
        var register = "id: ofsted-2015\ntitle: Ofsted recommendations, June 2015\nissuer: Ofsted\nitems:\n"
        for (i, subs) in letters.enumerated() {
            register += "  - number: \"\(i + 1)\"\n    text: \"Ensure that:\"\n    items:\n"
            for letter in subs { register += "      - number: \(letter)\n        text: the board challenges its partners.\n" }
        }
        return Linker().link(try #require(Site.load([Site.register: register]).plan))
    }

    @Test("a gap in the letters of an item's sub-points")
    func letterGap() throws {
        let linked = try linkSubPoints([["a", "c"]])
        #expect(linked.diagnostics.formatted(code: "numbering-gap") == [
            "content/registers/ofsted-2015.yaml:10:9: warning: ofsted-2015 1: sub-point c follows a; check the source for a lost sub-point",
        ])
        #expect(linked.items[ItemKey("ofsted-2015", "1c")]?.parent == ItemKey("ofsted-2015", "1"))
    }

    /// Sub-points that did not start at a said "sub-point b follows `" (the character before a), and a repeated letter,
    /// left out of the check, shifted every later letter onto the wrong sub-point ("sub-point a follows a").
    @Test("sub-points that start past a, or repeat a letter")
    func letterStartAndRepeat() throws {
        let linked = try linkSubPoints([["b", "c"], ["a", "a", "b"]])
        #expect(linked.diagnostics.formatted(code: "numbering-gap") == [
            "content/registers/ofsted-2015.yaml:8:9: warning: ofsted-2015 1: the sub-points start at b, not a; check the source for a lost sub-point",
        ])
        #expect(linked.diagnostics.formatted(code: "duplicate-item") == [
            "content/registers/ofsted-2015.yaml:17:9: error: 2a appears twice in ofsted-2015; letter each sub-point once",
        ])
    }

    /// One role written two ways ("Children's" and "Childrens") became two roles, each with its own page under leads/,
    /// without a word.
    @Test("a lead written two ways that differ only in case or punctuation")
    func leadSpelledTwoWays() throws {
        // 24         lead: [Director of Childrens services]   (the role at col 16)
        let text = Site.workArea1Text.replacingOccurrences(of: "lead: [Director of Children's Services]", with: "lead: [Director of Childrens services]")
        let linked = try Site.link([Site.workArea1: text])
        #expect(linked.diagnostics.formatted(code: "lead-spelling") == [
            "content/work-areas/1.yaml:24:16: warning: the lead 'Director of Childrens services' differs only in case or punctuation from "
                + "'Director of Children's Services' (action 1.1, content/work-areas/1.yaml:20:13); the site lists them as two roles; write the role the same way each time",
        ])
    }

    /// Two pages of one title were two entries alike in the contents and the search, without a word.
    @Test("two pages of one title (case aside): a warning at the second's title")
    func twoPagesOfOneTitle() throws {
        //  2 title: FOREWORD      ('FOREWORD' at col 8 of approach.md, read before foreword.md)
        let approach = Site.approachText.replacingOccurrences(of: "title: Our approach", with: "title: FOREWORD")
        let linked = try Site.link([Site.approach: approach])
        #expect(linked.diagnostics.problems == [
            "content/pages/foreword.md:2:8: warning: the pages 'approach' and 'foreword' have one title, 'Foreword' (first at content/pages/approach.md:2:8); "
                + "readers could not tell them apart in the contents and the search: give each page its own title",
        ])
    }

    @Test("unknown abbreviation in a page")
    func unknownAbbreviation() throws {
        //  9 The ABCD panel meets weekly with the MASH.   (ABCD at col 5)
        let page = """
        ---
        title: Foreword
        order: 10
        ---
        We will do better for children.

        ## Our promise

        The ABCD panel meets weekly with the MASH.

        """
        let linked = try Site.link([Site.foreword: page])
        let warnings = linked.diagnostics.with(code: "unknown-abbreviation")
        #expect(warnings.count == 1)
        let d = try #require(warnings.first)
        #expect(d.severity == .warning)
        #expect(d.location?.file == Site.foreword)
        #expect(d.location?.line == 9)
        #expect(d.message == "the abbreviation ABCD is used but not in the glossary")
        #expect(d.suggestion == "add ABCD to the glossary with its expansion")
        #expect(linked.diagnostics.problems.count == 1, "MASH is in the glossary: \(linked.diagnostics.problems)")
    }

    @Test("unknown abbreviation in an action's text, reported once")
    func unknownAbbreviationInAction() throws {
        let text = Site.workArea1Text.replacingOccurrences(of: "Complete a shaping leaders exercise.", with: "Complete a CSE audit.")
            .replacingOccurrences(of: "Establish a community of practice.", with: "Repeat the CSE audit.")
        let linked = try Site.link([Site.workArea1: text])
        let warnings = linked.diagnostics.with(code: "unknown-abbreviation")
        #expect(warnings.map(\.message) == ["the abbreviation CSE is used but not in the glossary"])
        #expect(warnings.first?.location?.file == Site.workArea1)
        #expect(warnings.first?.location?.line == 18)
    }

    @Test("an abbreviation that is a glossary term's all-capitals name is known")
    func allCapitalsTermIsKnown() throws {
        let glossary = Site.glossaryText + """
          - term: OFSTED
            description: The Office for Standards in Education.

        """
        let linked = try Site.link([
            Site.glossary: glossary,
            Site.foreword: Site.forewordText.replacingOccurrences(of: "We will do better", with: "OFSTED says we will do better"),
        ])
        #expect(linked.diagnostics.problems == [])
    }

    @Test("a recommendation of a cited register addressed by nothing")
    func unaddressed() throws {
        // Work area 2 cites nothing now; item 4 is at 19:9 of the register.
        let text = Site.workArea2Text.replacingOccurrences(of: "addresses:\n  ofsted-2015: \"4\"\n", with: "")
        let linked = try Site.link([Site.workArea2: text])
        #expect(linked.diagnostics.problems == [
            "content/registers/ofsted-2015.yaml:19:9: warning: recommendation ofsted-2015:4 is addressed by no work area or action; "
                + "cite it in a work area's or action's 'addresses', or record an action already taken with 'taken:'",
        ])
        #expect(linked.diagnostics.with(code: "unaddressed").first?.severity == .warning)
        #expect(linked.addressedBy[ItemKey("ofsted-2015", "4")]?.isAddressed != true)
    }

    @Test("an item with 'taken:' counts as addressed")
    func takenCountsAsAddressed() throws {
        // Item 5 is cited by nothing but has 'taken:' in the fixture: no warning.
        let linked = try Site.link()
        #expect(linked.diagnostics.with(code: "unaddressed").isEmpty)
        #expect(linked.addressedBy[ItemKey("ofsted-2015", "5")]?.isAddressed == true)

        // Without 'taken:' the same item is reported (at 21:9).
        let register = Site.registerText.replacingOccurrences(of: "        taken: A recruitment campaign ran in spring 2015.\n", with: "")
        let without = try Site.link([Site.register: register])
        #expect(without.diagnostics.problems == [
            "content/registers/ofsted-2015.yaml:21:9: warning: recommendation ofsted-2015:5 is addressed by no work area or action; "
                + "cite it in a work area's or action's 'addresses', or record an action already taken with 'taken:'",
        ])
    }

    @Test("a register cited by nothing is not reported item by item")
    func uncitedRegisterIsNotReported() throws {
        let wa1 = Site.workArea1Text.replacingOccurrences(of: "addresses:\n  ofsted-2015: \"1-3\"\n", with: "")
        let wa2 = Site.workArea2Text.replacingOccurrences(of: "addresses:\n  ofsted-2015: \"4\"\n", with: "")
            .replacingOccurrences(of: "        addresses:\n          ofsted-2015: \"3\"\n", with: "")
        let linked = try Site.link([Site.workArea1: wa1, Site.workArea2: wa2])
        #expect(linked.diagnostics.problems == [])
        #expect(linked.diagnostics.formatted(code: "cites-nothing") == [
            "content/work-areas/1.yaml:1:1: note: work area 1 cites no recommendation",
            "content/work-areas/2.yaml:1:1: note: work area 2 cites no recommendation",
        ])
    }

    @Test("a link whose target has a space after its scheme ('[one](action: 1.1)'), left as text by cmark, is a warning at its '['")
    func spacedLinkTarget() throws {
        // 11 Also [one](action: 1.1), `[x](page: foreword)` in code, [n](Note: aside) and ½ [r](ofsted-2015: 3).
        let page = Site.forewordText + "\nAlso [one](action: 1.1), `[x](page: foreword)` in code, [n](Note: aside) and ½ [r](ofsted-2015: 3).\n"
        let linked = try Site.link([Site.foreword: page])
        #expect(linked.diagnostics.formatted(code: "spaced-link") == [
            "content/pages/foreword.md:11:6: warning: this link is shown as plain text, not a link: its target 'action: 1.1' has a space in it; remove the space: write (action:1.1)",
            "content/pages/foreword.md:11:80: warning: this link is shown as plain text, not a link: its target 'ofsted-2015: 3' has a space in it; remove the space: write (ofsted-2015:3)",
        ])
    }

    @Test("an undefined footnote reference '[^nope]' and a footnote nothing refers to are warnings at each")
    func undefinedAndUnusedFootnotes() throws {
        // 11 See [^nope], [^a] and `[^code]`.   13 [^a]: used   14 [^x]: unused   17 [^y]: in code
        let page = Site.forewordText + "\nSee [^nope], [^a] and `[^code]`.\n\n[^a]: used\n[^x]: unused\n\n```\n[^y]: in code\n```\n"
        let linked = try Site.link([Site.foreword: page])
        #expect(linked.diagnostics.formatted().filter { $0.contains("footnote") } == [
            "content/pages/foreword.md:11:5: warning: there is no footnote '[^nope]' in this text, so it is shown as written; add its note on a line of its own, '[^nope]: the note', or remove it",
            "content/pages/foreword.md:14:1: warning: nothing refers to footnote '[^x]', so its note is left out of the site; refer to it with [^x] where the note belongs, or remove it",
        ])
    }
}
