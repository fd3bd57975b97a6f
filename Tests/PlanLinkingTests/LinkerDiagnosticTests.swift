// Errors the linker reports, each with its exact located, formatted message.
// Expected positions are counted by hand from the texts (1-based). For a
// markdown page the body starts on the line after the closing '---'.

@testable import PlanLinking
import PlanLoading
import PlanModel
import Testing

/// Work area 2 with its first row (lines 1-10 as in the fixture) and `rows` appended from line 11.
/// `rows` is written with the file's own indentation (rows at 6 spaces).
private func workArea2(addresses: String = "ofsted-2015: \"4\"", rows: String) -> String {
    """
    number: 2
    title: Practice and culture
    addresses:
      \(addresses)
    actions:
      - heading: Culture
        rows:
          - ref: "2.1"
            what: Train every social worker in the practice model.
            lead: [Head of Practice]

    """ + rows
}

/// The foreword with `line9` as its ninth line (the "Our promise" heading stays on line 7).
private func foreword(line9: String) -> String {
    """
    ---
    title: Foreword
    order: 10
    ---
    We will do better for children.

    ## Our promise

    \(line9)

    """
}

/// The approach page with `line7` as its seventh line (the first line of its body).
private func approach(parent: String = "foreword", line7: String) -> String {
    """
    ---
    title: Our approach
    order: 20
    parent: \(parent)
    show: register:ofsted-2015
    ---
    \(line7)

    """
}

@Suite("Linker errors")
struct LinkerDiagnosticTests {
    // MARK: Actions and repeats

    @Test("two actions with one ref ('duplicate-ref')")
    func duplicateRef() throws {
        // 11       - ref: "2.1"   (the row's mapping starts at 'ref', col 9; the first 2.1 is at 8:9)
        let rows = """
              - ref: "2.1"
                what: Run a practice week.
                lead: [Head of Practice]

        """
        let linked = try Site.link([Site.workArea2: workArea2(rows: rows)])
        #expect(linked.diagnostics.problems == [
            "content/work-areas/2.yaml:11:9: error: action ref 2.1 is used twice (first at content/work-areas/2.yaml:8:9); "
                + "give this row its own ref; to repeat an action in another work area, use 'also: \"2.1\"' on a row with its own ref",
        ])
        #expect(linked.diagnostics.with(code: "duplicate-ref").first?.severity == .error)
        #expect(linked.rows["2.1"]?.what == "Train every social worker in the practice model.", "the first row wins")
    }

    /// A number given to two work areas was reported at 1:1 of the second file, naming only the first file.
    @Test("two work areas of one number: an error at the repeat's number, naming the first's")
    func duplicateWorkArea() throws {
        let site = Site.siteText.replacingOccurrences(of: "  - content/work-areas/2.yaml\n", with: "  - content/work-areas/2.yaml\n  - content/work-areas/3.yaml\n")
        //  1 # Work area 3
        //  2 number: 2       ('2' at col 9)
        let linked = try Site.link([Site.siteYAML: site, "content/work-areas/3.yaml": "# Work area 3\nnumber: 2\ntitle: Quality assurance\n"])
        #expect(linked.diagnostics.problems == [
            "content/work-areas/3.yaml:2:9: error: work area 2 is defined twice (first at content/work-areas/2.yaml:1:9); give each work area its own number",
        ])
    }

    @Test("dangling 'also', with 'did you mean'")
    func danglingAlso() throws {
        // 14         also: "1.22"   ('also' at col 9, the quoted value at col 15)
        let rows = """
              - ref: "2.2"
                what: Establish a community of practice.
                lead: [Director of Children's Services]
                also: "1.22"

        """
        let linked = try Site.link([Site.workArea2: workArea2(rows: rows)])
        #expect(linked.diagnostics.problems == [
            "content/work-areas/2.yaml:14:15: error: action 2.2 repeats action 1.22, which does not exist; did you mean 1.2?",
        ])
        #expect(linked.diagnostics.with(code: "dangling-also").first?.severity == .error)
        #expect(linked.original["2.2"] == "2.2")
        #expect(linked.repeats["1.2"] == nil)
    }

    @Test("a repeat of a repeat")
    func repeatOfRepeat() throws {
        let rows = """
              - ref: "2.2"
                what: Establish a community of practice (also 1.2).
                lead: [Director of Children's Services]
                also: "1.2"
              - ref: "2.3"
                what: Establish a community of practice (also 2.2).
                lead: [Director of Children's Services]
                also: "2.2"

        """
        let linked = try Site.link([Site.workArea2: workArea2(rows: rows)])
        #expect(linked.diagnostics.problems == [
            "content/work-areas/2.yaml:18:15: error: action 2.3 repeats 2.2, which is itself a repeat of 1.2; point 'also' at the original: also: \"1.2\"",
        ])
        #expect(linked.diagnostics.with(code: "repeat-of-repeat").first?.severity == .error)
        #expect(linked.original["2.2"] == "1.2")
        #expect(linked.original["2.3"] == "2.3")
        #expect(linked.repeats["1.2"] == ["2.2"])
    }

    @Test("a cycle: two rows repeating each other")
    func repeatCycle() throws {
        let rows = """
              - ref: "2.2"
                what: Run a practice week.
                lead: [Head of Practice]
                also: "2.3"
              - ref: "2.3"
                what: Run a practice week.
                lead: [Head of Practice]
                also: "2.2"

        """
        let linked = try Site.link([Site.workArea2: workArea2(rows: rows)])
        #expect(linked.diagnostics.problems == [
            "content/work-areas/2.yaml:14:15: error: actions 2.2 and 2.3 repeat each other; one of them must be the original: remove its 'also' (or the '(also …)' that ends its text)",
            "content/work-areas/2.yaml:18:15: error: actions 2.3 and 2.2 repeat each other; one of them must be the original: remove its 'also' (or the '(also …)' that ends its text)",
        ])
        #expect(linked.diagnostics.with(code: "repeat-cycle").allSatisfy { $0.severity == .error })
        #expect(linked.original["2.2"] == "2.2")
        #expect(linked.original["2.3"] == "2.3")
    }

    @Test("a row repeating a withdrawn action says it was withdrawn, with no 'did you mean'")
    func repeatOfWithdrawn() throws {
        let rows = """
              - ref: "2.2"
                what: Run a practice week.
                lead: [Head of Practice]
                withdrawn: {date: 2016-02-01}
              - ref: "2.3"
                what: Run a practice week.
                lead: [Head of Practice]
                also: "2.2"

        """
        let loaded = Site.load([Site.workArea2: workArea2(rows: rows)])
        let linked = Linker().link(try #require(loaded.plan).asAt(nil))   // as the build links it: withdrawn rows taken out
        #expect(linked.diagnostics.problems == [
            "content/work-areas/2.yaml:18:15: error: action 2.3 repeats action 2.2, which was withdrawn on 2016-02-01 (content/work-areas/2.yaml:14:20); "
                + "withdraw this row too, on the same date, or remove its 'also' if it now stands on its own",
        ])
    }

    @Test("a row repeating itself")
    func repeatsItself() throws {
        let rows = """
              - ref: "2.2"
                what: Run a practice week.
                lead: [Head of Practice]
                also: "2.2"

        """
        let linked = try Site.link([Site.workArea2: workArea2(rows: rows)])
        #expect(linked.diagnostics.problems == [
            "content/work-areas/2.yaml:14:15: error: action 2.2 repeats itself; remove 'also', or name the action this row repeats",
        ])
        // Said in the text only, the fix names the text, not an 'also' the row does not have.
        let inText = try Site.link([Site.workArea2: workArea2(rows: """
              - ref: "2.2"
                what: Run a practice week (also 2.2).
                lead: [Head of Practice]

        """)])
        #expect(inText.diagnostics.problems == [
            "content/work-areas/2.yaml:12:35: error: action 2.2 repeats itself; remove '(also 2.2)' from the end of its text, or name the action this row repeats",
        ])
    }

    @Test("'also' and the '(also X)' text suffix disagree")
    func alsoMismatch() throws {
        let rows = """
              - ref: "2.2"
                what: Establish a community of practice (also 1.1).
                lead: [Director of Children's Services]
                also: "1.2"

        """
        let linked = try Site.link([Site.workArea2: workArea2(rows: rows)])
        #expect(linked.diagnostics.formatted(code: "also-mismatch") == [
            "content/work-areas/2.yaml:14:15: error: action 2.2 says 'also: 1.2' but its text ends '(also 1.1)'; make them name the same action",
        ])
    }

    @Test("the '(also 1.2)' text suffix is a repeat even without an 'also' field")
    func alsoSuffixWithoutField() throws {
        let rows = """
              - ref: "2.2"
                what: Establish a community of practice (also 1.2).
                lead: [Director of Children's Services]
              - ref: "2.3"
                what: Run a practice week.
                lead: [Head of Practice]

        """
        let linked = try Site.link([Site.workArea2: workArea2(rows: rows)])
        #expect(linked.diagnostics.problems == [])
        #expect(linked.rows["2.2"]?.also == nil)
        #expect(linked.original["2.2"] == "1.2")
        #expect(linked.original["2.3"] == "2.3")
        #expect(linked.repeats["1.2"] == ["2.2"])
        #expect(linked.distinctActions.map(\.ref) == ["1.1", "1.2", "2.1", "2.3"])
    }

    @Test("a dangling '(also X)' text suffix is located at the row's text")
    func danglingAlsoSuffix() throws {
        // 12         what: Run a practice week (also 1.9).   (the "(also" at col 35)
        let rows = """
              - ref: "2.2"
                what: Run a practice week (also 1.9).
                lead: [Head of Practice]

        """
        let linked = try Site.link([Site.workArea2: workArea2(rows: rows)])
        #expect(linked.diagnostics.problems == [
            "content/work-areas/2.yaml:12:35: error: action 2.2 repeats action 1.9, which does not exist; did you mean 1.1?",
        ])
    }

    // MARK: Addresses

    @Test("'addresses' naming an unknown register, with 'did you mean'")
    func unknownRegister() throws {
        //  4   ofsted-2105: "4"   (the value at col 16)
        let text = Site.workArea2Text.replacingOccurrences(of: "  ofsted-2015: \"4\"", with: "  ofsted-2105: \"4\"")
        let linked = try Site.link([Site.workArea2: text])
        #expect(linked.diagnostics.errors.map(\.formatted) == [
            "content/work-areas/2.yaml:4:16: error: work area 2 cites the register 'ofsted-2105', which does not exist; did you mean ofsted-2015?",
        ])
        #expect(linked.diagnostics.with(code: "unknown-register").first?.severity == .error)
        // Item 4 is now addressed by nothing, and work area 2 cites nothing.
        #expect(linked.diagnostics.warnings.map(\.code) == ["unaddressed"])
        #expect(linked.diagnostics.formatted(code: "cites-nothing") == [
            "content/work-areas/2.yaml:1:1: note: work area 2 cites no recommendation",
        ])
    }

    @Test("an action citing an unknown register")
    func actionCitesUnknownRegister() throws {
        // 12           ofsted-2014: "3"   (the value at col 24)
        let text = Site.workArea2Text.replacingOccurrences(of: "      ofsted-2015: \"3\"", with: "      ofsted-2014: \"3\"")
        let linked = try Site.link([Site.workArea2: text])
        #expect(linked.diagnostics.problems == [
            "content/work-areas/2.yaml:12:24: error: action 2.1 cites the register 'ofsted-2014', which does not exist; did you mean ofsted-2015?",
        ])
    }

    @Test("a recommendation number outside its register")
    func itemOutsideRegister() throws {
        let text = Site.workArea2Text.replacingOccurrences(of: "  ofsted-2015: \"4\"", with: "  ofsted-2015: \"4, 26\"")
        let linked = try Site.link([Site.workArea2: text])
        #expect(linked.diagnostics.problems == [
            "content/work-areas/2.yaml:4:20: error: recommendation 26 is outside ofsted-2015 (1-5); its recommendations are numbered 1 to 5; remove it or correct the number",
        ])
        #expect(linked.diagnostics.with(code: "unknown-item").first?.severity == .error)
        #expect(linked.workAreaAddresses[2] == [ItemKey("ofsted-2015", "4")], "the valid number is still indexed")
    }

    @Test("a bad range '11-1'")
    func badRange() throws {
        let text = Site.workArea2Text.replacingOccurrences(of: "  ofsted-2015: \"4\"", with: "  ofsted-2015: \"4, 11-1\"")
        let linked = try Site.link([Site.workArea2: text])
        #expect(linked.diagnostics.problems == [
            "content/work-areas/2.yaml:4:20: error: '11-1' runs backwards (11 is after 1); write ranges as low-high, e.g. 1-11",
        ])
        #expect(linked.diagnostics.with(code: "bad-range").first?.severity == .error)
    }

    @Test("an empty reference list")
    func emptyReference() throws {
        let text = Site.workArea2Text.replacingOccurrences(of: "  ofsted-2015: \"4\"", with: "  ofsted-2015: \", \"")
        let linked = try Site.link([Site.workArea2: text])
        #expect(linked.diagnostics.errors.map(\.formatted) == [
            "content/work-areas/2.yaml:4:16: error: work area 2 cites no recommendation of ofsted-2015; list numbers, e.g. \"1-11, 14\"",
        ])
    }

    // MARK: Markdown links

    @Test("markdown link to an unknown action, with and without 'did you mean'")
    func unknownAction() throws {
        //  9 See [this action](action:1.99) and [that one](action:1.22).
        //        ^ col 5                        ^ col 36
        let page = foreword(line9: "See [this action](action:1.99) and [that one](action:1.22).")
        let linked = try Site.link([Site.foreword: page])
        #expect(linked.diagnostics.problems == [
            "content/pages/foreword.md:9:5: error: there is no action 1.99; action refs look like 1.13",
            "content/pages/foreword.md:9:36: error: there is no action 1.22; did you mean 1.2?",
        ])
        #expect(linked.diagnostics.with(code: "unknown-action").allSatisfy { $0.severity == .error })
    }

    @Test("a link on the first body line is located on the line after the front matter")
    func linkOnFirstBodyLine() throws {
        //  7 Read [the work](action:1.3) first.   ('[' at col 6)
        let linked = try Site.link([Site.approach: approach(line7: "Read [the work](action:1.3) first.")])
        #expect(linked.diagnostics.problems == [
            "content/pages/approach.md:7:6: error: there is no action 1.3; did you mean 1.1?",
        ])
    }

    @Test("unknown scheme, suggesting the register")
    func unknownScheme() throws {
        let linked = try Site.link([Site.foreword: foreword(line9: "See [x](ofsted-2051:3).")])
        #expect(linked.diagnostics.problems == [
            "content/pages/foreword.md:9:5: error: 'ofsted-2051:' is not a kind of reference; did you mean ofsted-2015?",
        ])
        #expect(linked.diagnostics.with(code: "unknown-scheme").first?.severity == .error)
    }

    @Test("unknown item of a known register")
    func unknownItemLink() throws {
        //  9 See [x](ofsted-2015:9) and [y](ofsted-2015:3a).   ('[' at cols 5 and 28)
        let linked = try Site.link([Site.foreword: foreword(line9: "See [x](ofsted-2015:9) and [y](ofsted-2015:3a).")])
        #expect(linked.diagnostics.problems == [
            "content/pages/foreword.md:9:5: error: ofsted-2015 has no recommendation 9; its recommendations are numbered 1 to 5; remove it or correct the number",
            "content/pages/foreword.md:9:28: error: ofsted-2015 has no recommendation 3a; did you mean 3?",
        ])
        #expect(linked.diagnostics.with(code: "unknown-item").allSatisfy { $0.severity == .error })
    }

    @Test("unknown page, with 'did you mean'")
    func unknownPage() throws {
        let linked = try Site.link([Site.approach: approach(line7: "Read [the foreword](page:forword) first.")])
        #expect(linked.diagnostics.problems == [
            "content/pages/approach.md:7:6: error: there is no page 'forword'; did you mean foreword?",
        ])
        #expect(linked.diagnostics.with(code: "unknown-page").first?.severity == .error)
    }

    @Test("unknown .md file link, with 'did you mean'")
    func unknownMarkdownFile() throws {
        let linked = try Site.link([Site.approach: approach(line7: "Read [the foreword](forword.md) first.")])
        #expect(linked.diagnostics.problems == [
            "content/pages/approach.md:7:6: error: the link points to 'forword.md', which is not a page; did you mean foreword.md?",
        ])
    }

    @Test("a link to an existing .md file resolves to the page")
    func markdownFileLink() throws {
        let linked = try Site.link([Site.approach: approach(line7: "Read [the foreword](foreword.md#our-promise) first.")])
        #expect(linked.diagnostics.problems == [])
        #expect(linked.rendered["page:approach"]?.html.contains("plansite-root:/foreword.html#our-promise") == true)
    }

    @Test("unknown heading anchor on another page")
    func unknownAnchor() throws {
        let linked = try Site.link([Site.approach: approach(line7: "Read [the foreword](page:foreword#nope) first.")])
        #expect(linked.diagnostics.problems == [
            "content/pages/approach.md:7:6: error: page 'foreword' has no heading with the id 'nope'; its headings are: our-promise",
        ])
        #expect(linked.diagnostics.with(code: "unknown-anchor").first?.severity == .error)
    }

    @Test("misspelt heading anchor, with 'did you mean'")
    func misspeltAnchor() throws {
        let linked = try Site.link([Site.approach: approach(line7: "Read [the foreword](page:foreword#our-promis) first.")])
        #expect(linked.diagnostics.problems == [
            "content/pages/approach.md:7:6: error: page 'foreword' has no heading with the id 'our-promis'; did you mean our-promise?",
        ])
    }

    /// A '#…' after a reference other than a page's was dropped without a word: [x](action:1.1#progress) went to the
    /// top of the action's page.
    @Test("a '#' part after a reference that is not a page's is an error")
    func fragmentOnANonPageReference() throws {
        let linked = try Site.link([Site.approach: approach(line7: "See [it](action:1.1#progress) and [that](term:MASH#q).")])
        #expect(linked.diagnostics.problems == [
            "content/pages/approach.md:7:5: error: '#progress' cannot follow an action reference: only a page's headings can be linked to (page:ID#heading); remove '#progress'",
            "content/pages/approach.md:7:35: error: '#q' cannot follow a term reference: only a page's headings can be linked to (page:ID#heading); remove '#q'",
        ])
    }

    /// A link to a heading of a page without headings ended "its headings are: " and nothing.
    @Test("a heading link to a page with no headings says it has none")
    func anchorOnAPageWithoutHeadings() throws {
        let linked = try Site.link([Site.approach: approach(line7: "Read [it](page:approach#scope) first.")])
        #expect(linked.diagnostics.problems == [
            "content/pages/approach.md:7:6: error: page 'approach' has no heading with the id 'scope'; it has no headings: link to the page itself, page:approach",
        ])
    }

    /// A register's id used twice, or a reserved one, was reported at 1:1 of its file, not at the id.
    @Test("a register id used twice, or reserved, is an error at the id")
    func registerIDAtTheID() throws {
        let site = Site.siteText.replacingOccurrences(of: "  - content/registers/ofsted-2015.yaml\n",
                                                      with: "  - content/registers/ofsted-2015.yaml\n  - content/registers/again.yaml\n  - content/registers/page.yaml\n")
        let linked = try Site.link([Site.siteYAML: site, "content/registers/again.yaml": Site.registerText,
                                    "content/registers/page.yaml": Site.registerText.replacingOccurrences(of: "id: ofsted-2015", with: "id: page")])
        #expect(linked.diagnostics.problems.filter { $0.contains("register id") } == [
            "content/registers/again.yaml:1:5: error: register id 'ofsted-2015' is used twice (first in content/registers/ofsted-2015.yaml); give each register its own id",
            "content/registers/page.yaml:1:5: error: 'page' is reserved and cannot be a register id; choose another id, e.g. ofsted-2015",
        ])
    }

    @Test("unknown term")
    func unknownTerm() throws {
        let linked = try Site.link([Site.approach: approach(line7: "Read about [open cases](term:open-case) first.")])
        #expect(linked.diagnostics.problems == [
            "content/pages/approach.md:7:12: error: the glossary has no term 'open-case'; did you mean open-cases?",
        ])
        #expect(linked.diagnostics.with(code: "unknown-term").first?.severity == .error)
    }

    @Test("a term cited by the slug of a term that has an abbreviation")
    func termBySlug() throws {
        let linked = try Site.link([Site.approach: approach(line7: "Read about [the hub](term:multi-agency-safeguarding-hub).")])
        #expect(linked.diagnostics.problems == [])
        #expect(linked.rendered["page:approach"]?.html.contains("plansite-root:/glossary.html#term-mash") == true)
    }

    /// A term's id dropped its accented letters ("Café" was term:caf) and a term of no letters a-z ("Ребёнок", "😀") had
    /// the id '' and the anchor `term-`: two such terms were "defined '' twice", one was cited by nothing.
    @Test("a term's id: accents folded, and one with no letters a-z or digits is an error at it")
    func termIDs() throws {
        let glossary = Site.glossaryText + """
          - term: Café
            description: A place.
          - term: Ребёнок
            description: A child.
          - term: Дитя
            description: A child, too.

        """
        let linked = try Site.link([Site.glossary: glossary,
                                    Site.approach: approach(line7: "Read about [the cafe](term:cafe).")])
        #expect(linked.diagnostics.problems == [
            "content/glossary.yaml:9:5: error: the term 'Ребёнок' has no letter a-z or digit to make its id (term:ID) from; give it an 'abbreviation:' of letters a-z or digits",
            "content/glossary.yaml:11:5: error: the term 'Дитя' has no letter a-z or digit to make its id (term:ID) from; give it an 'abbreviation:' of letters a-z or digits",
        ])
        #expect(linked.rendered["page:approach"]?.html.contains("plansite-root:/glossary.html#term-cafe") == true)
    }

    @Test("unknown parent page")
    func unknownParent() throws {
        //  4 parent: forward   (the value at col 9)
        let linked = try Site.link([Site.approach: approach(parent: "forward", line7: "Our approach.")])
        #expect(linked.diagnostics.problems == [
            "content/pages/approach.md:4:9: error: parent page 'forward' does not exist; did you mean foreword?",
        ])
        #expect(linked.diagnostics.with(code: "unknown-page").first?.severity == .error)
    }

    @Test("pages that are each other's parent")
    func pageCycle() throws {
        let forewordText = """
        ---
        title: Foreword
        order: 10
        parent: approach
        ---
        We will do better for children.

        ## Our promise

        """
        let linked = try Site.link([Site.foreword: forewordText])
        #expect(linked.diagnostics.errors.map(\.formatted) == [
            "content/pages/approach.md:4:9: error: page 'approach' is its own ancestor; give one page of the cycle another parent",
            "content/pages/foreword.md:4:9: error: page 'foreword' is its own ancestor; give one page of the cycle another parent",
        ])
    }

    @Test("a block shown by two pages")
    func duplicateBlock() throws {
        let forewordText = """
        ---
        title: Foreword
        order: 10
        show: register:ofsted-2015
        ---
        ## Our promise

        """
        let linked = try Site.link([Site.foreword: forewordText])
        // Pages are checked in id order: approach claims the block first.
        #expect(linked.diagnostics.problems == [
            "content/pages/foreword.md:4:7: error: 'register:ofsted-2015' is already shown by page 'approach'; show each block on one page only",
        ])
    }

    // MARK: Several problems in one run

    @Test("two loader errors in two files are both reported")
    func twoLoaderErrorsInTwoFiles() throws {
        let workArea = Site.workArea2Text.replacingOccurrences(of: "lead: [Head of Practice]", with: "leed: [Head of Practice]")
        let page = """
        ---
        order: 10
        ---
        ## Our promise

        """
        let loaded = Site.load([Site.workArea2: workArea, Site.foreword: page])
        #expect(loaded.diagnostics.sortedForOutput().map(\.formatted) == [
            "content/pages/foreword.md:2:1: error: the front matter has no 'title'; add 'title: ...'",
            "content/work-areas/2.yaml:8:9: error: key action 2.1 has no 'lead'; add 'lead:' with the lead role(s) as a list",
            "content/work-areas/2.yaml:10:9: error: unknown field 'leed' in a key action; did you mean lead?",
        ])
    }

    @Test("two linker errors in two files are both reported")
    func twoLinkerErrorsInTwoFiles() throws {
        let rows = """
              - ref: "2.2"
                what: Establish a community of practice.
                lead: [Director of Children's Services]
                also: "1.22"

        """
        let linked = try Site.link([
            Site.workArea2: workArea2(rows: rows),
            Site.approach: approach(line7: "Read [the foreword](page:forword) first."),
            Site.foreword: foreword(line9: "See [x](ofsted-2051:3)."),
        ])
        #expect(linked.diagnostics.problems == [
            "content/pages/approach.md:7:6: error: there is no page 'forword'; did you mean foreword?",
            "content/pages/foreword.md:9:5: error: 'ofsted-2051:' is not a kind of reference; did you mean ofsted-2015?",
            "content/work-areas/2.yaml:14:15: error: action 2.2 repeats action 1.22, which does not exist; did you mean 1.2?",
        ])
    }
}

/// A markdown text in a YAML scalar that YAML joins from several lines (folded `>`, or plain or quoted over several
/// lines) is located by the line each piece is written on: each diagnostic was once counted from the scalar's start
/// as if its lines were the file's, so it named the wrong line and column.
@Suite struct JoinedScalarLocationTests {
    func problems(intro: String) throws -> [String] {
        let register = Site.registerText.replacingOccurrences(of: "item_name: recommendation\n", with: "item_name: recommendation\n" + intro)
        return try Site.link([Site.register: register]).diagnostics.problems.filter { $0.contains("no page") }
    }

    @Test("folded: a link after a blank line and on a more-indented line")
    func folded() throws {
        // line 6 is `intro: >`
        #expect(try problems(intro: """
        intro: >
          The first line of the intro, which runs
          on here, then [one](page:gone-a) here.

          A new paragraph
            indented [two](page:gone-b) more.

        """) == [
            "content/registers/ofsted-2015.yaml:8:17: error: there is no page 'gone-a'; a page's id is its file name without .md",
            "content/registers/ofsted-2015.yaml:11:14: error: there is no page 'gone-b'; a page's id is its file name without .md",
        ])
    }

    @Test("a literal block after a blank line or more indented (|2), and quoted texts with escapes")
    func literalAndEscapes() throws {
        // line 6 is the `intro:` line
        #expect(try problems(intro: "intro: |\n\n  The inspection [x](page:gone-a) here.\n") == [
            "content/registers/ofsted-2015.yaml:8:18: error: there is no page 'gone-a'; a page's id is its file name without .md",
        ])
        #expect(try problems(intro: "intro: |2\n     Indented [x](page:gone-a) here.\n    And [y](page:gone-b).\n") == [
            "content/registers/ofsted-2015.yaml:7:15: error: there is no page 'gone-a'; a page's id is its file name without .md",
            "content/registers/ofsted-2015.yaml:8:9: error: there is no page 'gone-b'; a page's id is its file name without .md",
        ])
        #expect(try problems(intro: "intro: \"The \\\"senior\\\" leaders \\u00e9 [a](page:gone-a)\n    and [b](page:gone-b).\"\n") == [
            "content/registers/ofsted-2015.yaml:6:39: error: there is no page 'gone-a'; a page's id is its file name without .md",
            "content/registers/ofsted-2015.yaml:7:9: error: there is no page 'gone-b'; a page's id is its file name without .md",
        ])
        #expect(try problems(intro: "intro: 'It''s [a](page:gone-a)\n    and [b](page:gone-b).'\n") == [
            "content/registers/ofsted-2015.yaml:6:15: error: there is no page 'gone-a'; a page's id is its file name without .md",
            "content/registers/ofsted-2015.yaml:7:9: error: there is no page 'gone-b'; a page's id is its file name without .md",
        ])
    }

    /// Found by a review: spaces inside the quotes before the text, an indentation indicator with a more-indented
    /// first line, a `\n` escape, and an escaped line break followed by an escaped space each put the link a few
    /// columns off.
    @Test("spaces inside quotes, |2 with a more-indented first line, \\n and escaped line breaks")
    func quotedEdges() throws {
        // 6 intro: "  Two spaces, then [a](page:gone-a)."       ('[' at col 28)
        #expect(try problems(intro: "intro: \"  Two spaces, then [a](page:gone-a).\"\n") == [
            "content/registers/ofsted-2015.yaml:6:28: error: there is no page 'gone-a'; a page's id is its file name without .md",
        ])
        // 7 "       First [a](page:gone-a)" (col 14); 8 "    then [b](page:gone-b)." (col 10)
        #expect(try problems(intro: "intro: |2\n       First [a](page:gone-a)\n    then [b](page:gone-b).\n") == [
            "content/registers/ofsted-2015.yaml:7:14: error: there is no page 'gone-a'; a page's id is its file name without .md",
            "content/registers/ofsted-2015.yaml:8:10: error: there is no page 'gone-b'; a page's id is its file name without .md",
        ])
        // 6 intro: "One \n then [a](page:gone-a)."           ('[' at col 21)
        #expect(try problems(intro: "intro: \"One \\n then [a](page:gone-a).\"\n") == [
            "content/registers/ofsted-2015.yaml:6:21: error: there is no page 'gone-a'; a page's id is its file name without .md",
        ])
        // 6 intro: "One [a](page:gone-a)\   ('[' at col 13); 7     \ and [b](page:gone-b)."   ('[' at col 11)
        #expect(try problems(intro: "intro: \"One [a](page:gone-a)\\\n    \\ and [b](page:gone-b).\"\n") == [
            "content/registers/ofsted-2015.yaml:6:13: error: there is no page 'gone-a'; a page's id is its file name without .md",
            "content/registers/ofsted-2015.yaml:7:11: error: there is no page 'gone-b'; a page's id is its file name without .md",
        ])
    }

    @Test("plain and double-quoted texts over several lines")
    func plainAndQuoted() throws {
        #expect(try problems(intro: """
        intro: The first line,
          and on the next [one](page:gone-a) here.

        """) == ["content/registers/ofsted-2015.yaml:7:19: error: there is no page 'gone-a'; a page's id is its file name without .md"])
        #expect(try problems(intro: """
        intro: "A [quoted](page:gone-a) text
            over [two](page:gone-b) lines."

        """) == [
            "content/registers/ofsted-2015.yaml:6:11: error: there is no page 'gone-a'; a page's id is its file name without .md",
            "content/registers/ofsted-2015.yaml:7:10: error: there is no page 'gone-b'; a page's id is its file name without .md",
        ])
    }
}

@Suite struct UnclosedCommentTests {
    @Test("an HTML comment never closed is an error at its '<!--', saying what it hides")
    func unclosedComment() throws {
        let linked = try Site.link([Site.approach: approach(line7: "<!-- TODO: check this with legal\n\nThe rest [x](page:nope).")])
        #expect(linked.diagnostics.problems == [
            "content/pages/approach.md:7:1: error: this HTML comment ('<!--') is never closed, so the 2 lines after it are left out of the site; end the comment with '-->' where it should stop, or remove it",
        ])
    }
}

/// Links written almost right were published as plain text (or as dead links) without a word.
@Suite struct LinkSlipTests {
    @Test("a link written almost right is a warning at it, saying what is wrong")
    func almostLinks() throws {
        let line7 = "[sc] (page:foreword) and [sc](page:foreword then [sc2(page:foreword) and [sc3](<page:foreword) and [i](term:open cases) and (page:foreword). Fine: [ok](page:foreword), `(page:code)`, <page:foreword>."
        let linked = try Site.link([Site.approach: approach(line7: line7)])
        #expect(linked.diagnostics.with(code: "link-syntax").map(\.formatted) == [
            "content/pages/approach.md:7:5: warning: this is shown as plain text, not a link: a space between ']' and '(' parts the link's text from its target; remove the space: write ](page:foreword)",
            "content/pages/approach.md:7:30: warning: this is shown as plain text, not a link: its target 'page:foreword then [sc2(page:foreword' has a space in it; remove the space",
            "content/pages/approach.md:7:50: warning: this is shown as plain text, not a link: the link's text has no ']' before its target (page:foreword); close the text with ']' right before '('",
            "content/pages/approach.md:7:79: warning: this is shown as plain text, not a link: the '<' before its target is never closed; remove the '<', or close it with '>' before ')'",
            "content/pages/approach.md:7:103: warning: this is shown as plain text, not a link: its target 'term:open cases' has a space in it; write the term's id, its words joined by hyphens: (term:open-cases)",
            "content/pages/approach.md:7:125: warning: this is shown as plain text, not a link: the target (page:foreword) has no '[text]' right before it; write the link as [text](page:foreword)",
        ])
        let unclosed = try Site.link([Site.approach: approach(line7: "See [the foreword](page:foreword")])
        #expect(unclosed.diagnostics.with(code: "link-syntax").map(\.formatted) == [
            "content/pages/approach.md:7:19: warning: this is shown as plain text, not a link: its target '(page:foreword' is never closed; add ')' after the target",
        ])
    }

    @Test("a reference link with no definition, a definition given twice and one nothing uses are warnings at them")
    func referenceLinks() throws {
        let page = Site.forewordText + """

        See the [board][board] report, [Foreword][] and [the approach][r2], `[code][x]`.

        [unused]: page:approach
        [r2]: page:approach
        [R2]: page:foreword
        [foreword]: page:foreword

        """
        let linked = try Site.link([Site.foreword: page])
        let lines = page.split(separator: "\n", omittingEmptySubsequences: false)
        let see = lines.firstIndex { $0.hasPrefix("See the") }! + 1
        #expect(linked.diagnostics.problems.filter { $0.contains("link definition") } == [
            "content/pages/foreword.md:\(see):9: warning: there is no link definition [board] for '[board][board]', so it is shown as written; add a line '[board]: page:ID' (or an address) below the paragraph, or write the link as [text](page:ID)",
            "content/pages/foreword.md:\(see + 2):1: warning: nothing refers to the link definition [unused], so it is left out of the site; refer to it with [text][unused] where the link belongs, or remove it",
            "content/pages/foreword.md:\(see + 4):1: warning: the link definition [R2] repeats the label of one above it; only the first is used; remove one, or give each its own label",
        ])
        #expect(linked.rendered["page:foreword"]?.html.contains(">the approach</a>") == true)
    }

    @Test("an empty target after a scheme, and an address with no site or no email address, are errors at the link")
    func emptyTargets() throws {
        let line7 = "[a](page:) [b](http://) [c](mailto:) [d](https:example.org) [e](http://intranet/plan) [f](mailto:x@y.org)"
        let loaded = Site.load([Site.approach: approach(line7: line7)])
        let linked = Linker().link(try #require(loaded.plan))
        #expect(linked.diagnostics.errors.map(\.formatted) == [
            "content/pages/approach.md:7:1: error: the link 'page:' names no page after its colon; write page:ID (the page's file name without .md), or page:index for the home page",
            "content/pages/approach.md:7:12: error: the link's address 'http://' has no site after 'http://'; write the whole address, e.g. https://www.example.gov.uk/page",
            "content/pages/approach.md:7:25: error: the link's address 'mailto:' is not one email address; write it as mailto:name@example.gov.uk",
            "content/pages/approach.md:7:38: error: the link's address 'https:example.org' has no '//' after 'https:'; write it as https://example.org",
        ])
    }
}

@Suite struct HeadingAndFootnoteSlipTests {
    @Test("an empty heading is an error, '##Word' a warning, and a footnote defined twice says so")
    func slips() throws {
        let page = Site.forewordText + "\n## \n\n##Next steps\n\n#1 is a number, not a heading slip.\n\nA claim[^a].\n\n[^a]: First.\n[^a]: Second.\n"
        let lines = page.split(separator: "\n", omittingEmptySubsequences: false)
        let empty = lines.firstIndex { $0 == "## " }! + 1
        let loaded = Site.load([Site.foreword: page])
        let problems = Linker().link(try #require(loaded.plan)).diagnostics.problems
        #expect(problems == [
            "content/pages/foreword.md:\(empty):1: error: this heading is empty; write its words after the #s, or remove the line",
            "content/pages/foreword.md:\(empty + 2):1: warning: '##Next steps' is shown as text, not a heading: a heading needs a space after its #s; write it as '## Next steps'",
            "content/pages/foreword.md:\(empty + 9):1: warning: footnote '[^a]' is defined a second time, and only the first note is shown; remove this note, or give it a label of its own and refer to that",
        ])
    }
}

@Suite struct MarkdownInPlainTextTests {
    @Test("a markdown link in an action's 'what' or a register item's text is a warning at its '['")
    func linksInPlainText() throws {
        //  9         what: Train every social worker in the practice model.   (value at col 15)
        let area = Site.workArea2Text.replacingOccurrences(of: "what: Train every social worker", with: "what: Train [every](page:nope) social worker")
        // 12               text: Ensure that leaders know the quality of practice.   (value at col 19)
        let register = Site.registerText.replacingOccurrences(of: "text: Ensure that leaders know", with: "text: Ensure [that](action:2.1) leaders know")
        let linked = try Site.link([Site.workArea2: area, Site.register: register])
        #expect(linked.diagnostics.with(code: "markdown-in-text").map(\.formatted) == [
            "content/work-areas/2.yaml:9:21: warning: an action's 'what' is shown as plain text, so the link '[every](page:nope)' in it is shown as written, brackets and all; write the words without the link's markup; to link to it, do so from a page or a work area's summary",
            "content/registers/ofsted-2015.yaml:12:26: warning: a recommendation's text is shown as plain text, so the link '[that](action:2.1)' in it is shown as written, brackets and all; write the words without the link's markup; to link to it, do so from a page or a work area's summary",
        ])
        // Quoted, or over two lines: still at its '['.
        //  9         what: "Train [every](page:nope) social worker…"   ('[' at col 22)
        let quoted = Site.workArea2Text.replacingOccurrences(of: "what: Train every social worker in the practice model.", with: "what: \"Train [every](page:nope) social worker in the practice model.\"")
        //  9         what: Train every
        // 10           [social](page:nope) worker in the practice model.   ('[' at col 11)
        let twoLines = Site.workArea2Text.replacingOccurrences(of: "what: Train every social worker", with: "what: Train every\n          [social](page:nope) worker")
        for (text, at) in [(quoted, "9:22"), (twoLines, "10:11")] {
            let found = try Site.link([Site.workArea2: text]).diagnostics.with(code: "markdown-in-text").map(\.formatted)
            #expect(found.count == 1 && found[0].hasPrefix("content/work-areas/2.yaml:\(at): warning: an action's 'what' is shown as plain text"), "\(found)")
        }
    }
}

@Suite struct EmptyEntryTests {
    @Test("an empty entry in an addresses list ('4,,5', '4, 5,') is a warning at its second separator")
    func emptyEntries() throws {
        //  4   ofsted-2015: "4"   (the text at col 17)
        for (written, column) in [("4,,5", 19), ("4, 5,", 21)] {
            let area = Site.workArea2Text.replacingOccurrences(of: "  ofsted-2015: \"4\"\nactions", with: "  ofsted-2015: \"\(written)\"\nactions")
            let linked = try Site.link([Site.workArea2: area])
            #expect(linked.diagnostics.with(code: "empty-reference").map(\.formatted) == [
                "content/work-areas/2.yaml:4:\(column): warning: '\(written)' has an empty entry here, between two separators: a number may be missing; write the missing number, or remove the extra separator",
            ])
        }
    }
}
