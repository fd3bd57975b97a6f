// Regression tests for bugs found while writing the diagnostic tests (all
// fixed): each states the behaviour the content format promises.

@testable import PlanLinking
import PlanLoading
import PlanModel
import Testing

@Suite("Regressions")
struct RegressionTests {
    @Test("a missing file is located at the site.yaml entry that names it")
    func missingFileLocation() throws {
        // 12 glossary: content/glossary.yaml   (the value at col 11)
        let loaded = Site.load([Site.glossary: nil])
        #expect(loaded.diagnostics.map(\.formatted) == [
            "site.yaml:12:11: error: the file 'content/glossary.yaml' named by site.yaml does not exist; "
                + "create it, or correct its path in site.yaml (paths are relative to the folder holding site.yaml)",
        ])
    }

    @Test("an unknown abbreviation is located at the word, not at the start of its line")
    func abbreviationColumn() throws {
        //  9 The ABCD panel meets weekly.   (ABCD at col 5)
        let page = """
        ---
        title: Foreword
        order: 10
        ---
        We will do better for children.

        ## Our promise

        The ABCD panel meets weekly.

        """
        let linked = try Site.link([Site.foreword: page])
        #expect(linked.diagnostics.formatted(code: "unknown-abbreviation") == [
            "content/pages/foreword.md:9:5: warning: the abbreviation ABCD is used but not in the glossary; add ABCD to the glossary with its expansion",
        ])
    }

    @Test("a plural abbreviation is located on its own line")
    func pluralAbbreviationLine() throws {
        let page = """
        ---
        title: Foreword
        order: 10
        ---
        We will do better for children.

        ## Our promise

        The LSCBs meet monthly.

        """
        let linked = try Site.link([Site.foreword: page])
        let d = try #require(linked.diagnostics.with(code: "unknown-abbreviation").first)
        #expect(d.message == "the abbreviation LSCB is used but not in the glossary")
        #expect(d.location?.line == 9)
    }

    @Test("capitals inside a link's URL are not abbreviations")
    func abbreviationsInURLs() throws {
        let page = """
        ---
        title: Foreword
        order: 10
        ---
        Read [the guidance](https://example.org/GUIDANCE/2015) first.

        ## Our promise

        """
        let linked = try Site.link([Site.foreword: page])
        #expect(linked.diagnostics.with(code: "unknown-abbreviation").map(\.formatted) == [])
    }

    @Test("capitals in code, comments, autolinks, addresses and link definitions are not abbreviations; in prose they are")
    func abbreviationsOutsideProse() throws {
        let page = """
        ---
        title: Foreword
        order: 10
        ---
        Run `SELECT COUNT` and see <https://example.org/ABCD>, www.example.org/QRST and [the board][b].
        <!-- TODO: FIXME
        NOTE -->

        ```
        GROUP BY AREA
        ```

        [b]: https://example.org/EFGH
        The XYZW team.

        """
        let linked = try Site.link([Site.foreword: page])
        #expect(linked.diagnostics.with(code: "unknown-abbreviation").map(\.formatted) == [
            "content/pages/foreword.md:14:5: warning: the abbreviation XYZW is used but not in the glossary; add XYZW to the glossary with its expansion",
        ])
    }

    @Test("a link in a YAML block scalar is located at its column in the file")
    func blockScalarLinkColumns() throws {
        // 12     body: |                                   ('|' at col 11)
        // 13       - System wide leadership, led by [action 1.9](action:1.9).   ('[' at col 40)
        // 14       - And by [the other one](action:1.8).                         ('[' at col 16)
        let text = Site.workArea1Text.replacingOccurrences(
            of: "      - System wide leadership, led by [action 1.2](action:1.2).\n",
            with: "      - System wide leadership, led by [action 1.9](action:1.9).\n      - And by [the other one](action:1.8).\n")
        let linked = try Site.link([Site.workArea1: text])
        // The lines are right...
        #expect(linked.diagnostics.errors.map(\.location?.line) == [13, 14])
        #expect(linked.diagnostics.errors.map(\.message) == ["there is no action 1.9", "there is no action 1.8"])
        // ...the columns are not.
        #expect(linked.diagnostics.errors.map(\.formatted) == [
            "content/work-areas/1.yaml:13:40: error: there is no action 1.9; did you mean 1.1?",
            "content/work-areas/1.yaml:14:16: error: there is no action 1.8; did you mean 1.1?",
        ])
    }

    @Test("a link after non-ASCII text is located by characters, not bytes")
    func nonASCIIColumn() throws {
        //  9 We’ll see [x](page:nope).   ('[' is the 11th character, the 13th byte)
        let linked = try Site.link([Site.foreword: """
        ---
        title: Foreword
        order: 10
        ---
        We will do better for children.

        ## Our promise

        We’ll see [x](page:nope).

        """])
        #expect(linked.diagnostics.errors.map(\.message) == ["there is no page 'nope'"])
        #expect(linked.diagnostics.errors.map(\.formatted) == [
            "content/pages/foreword.md:9:11: error: there is no page 'nope'; a page's id is its file name without .md",
        ])
    }

    @Test("a repeat's text drift is found when both texts contain '(also' in the middle")
    func driftHiddenByInnerAlso() throws {
        // The original 1.2 and its repeat 2.2 differ ("leaders" / "managers"), but
        // AlsoSuffix.stripped cuts both at their inner "(also known as", so they compare equal.
        let wa1 = Site.workArea1Text.replacingOccurrences(
            of: "what: Establish a community of practice.",
            with: "what: Establish a community of practice (also known as the forum) for leaders.")
        let wa2 = Site.workArea2Text.replacingOccurrences(
            of: "what: Establish a community of practice (also 1.2).",
            with: "what: Establish a community of practice (also known as the forum) for managers.")
        let linked = try Site.link([Site.workArea1: wa1, Site.workArea2: wa2])
        #expect(linked.original["2.2"] == "1.2")
        #expect(linked.diagnostics.with(code: "drift").count == 1)
    }

    @Test("a numbering gap after a duplicated item is located at the item after the gap")
    func gapLocationAfterDuplicate() throws {
        //  9   - number: "2"   (the duplicate)
        // 11   - number: "4"   (after the gap)
        let register = """
        id: ofsted-2015
        title: Ofsted recommendations, June 2015
        issuer: Ofsted
        items:
          - number: "1"
            text: Ensure that leaders know the quality of practice.
          - number: "2"
            text: Ensure that the board challenges its partners.
          - number: "2"
            text: Improve the timeliness of assessments.
          - number: "4"
            text: Ensure that supervision is regular and reflective.

        """
        let linked = Linker().link(try #require(Site.load([Site.register: register]).plan))
        #expect(linked.diagnostics.formatted(code: "duplicate-item") == [
            "content/registers/ofsted-2015.yaml:9:5: error: recommendation 2 appears twice in ofsted-2015 (first at content/registers/ofsted-2015.yaml:7:5); number each recommendation once",
        ])
        #expect(linked.diagnostics.formatted(code: "numbering-gap") == [
            "content/registers/ofsted-2015.yaml:11:5: warning: ofsted-2015 goes from recommendation 2 to 4: 3 is missing; "
                + "check the source for a lost or misnumbered recommendation",
        ])
    }

    @Test("a page saved with CRLF line endings loads")
    func crlfPage() throws {
        let page = Site.forewordText.replacingOccurrences(of: "\n", with: "\r\n")
        let loaded = Site.load([Site.foreword: page])
        #expect(loaded.diagnostics.map(\.formatted) == [])
        #expect(loaded.plan?.pages.first { $0.id == "foreword" }?.title == "Foreword")
    }
}
