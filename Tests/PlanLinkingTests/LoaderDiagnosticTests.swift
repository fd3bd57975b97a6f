// Errors the loader reports for the site, each with its exact located,
// formatted message. Expected positions are counted by hand from the texts
// (lines and columns are 1-based).

import PlanLinking
import PlanLoading
import PlanModel
import Testing

@Suite("Loader errors")
struct LoaderDiagnosticTests {
    @Test("malformed YAML in a work area")
    func malformedYAML() throws {
        //  7         what: Train every social worker: in the practice model.
        //            ^ col 9 'what', col 15 'Train'; the ': ' after 'worker' is at col 40
        let text = """
        number: 2
        title: Practice and culture
        actions:
          - heading: Culture
            rows:
              - ref: "2.1"
                what: Train every social worker: in the practice model.
                lead: [Head of Practice]

        """
        let loaded = Site.load([Site.workArea2: text])
        #expect(loaded.diagnostics.map(\.formatted) == [
            "content/work-areas/2.yaml:7:40: error: malformed YAML: mapping values are not allowed in this context; "
                + "check the indentation and quoting on this line; a value containing ': ' or starting with a special character must be quoted",
        ])
        #expect(loaded.diagnostics.first?.severity == .error)
        #expect(loaded.diagnostics.first?.code == "yaml-syntax")
        // The other files still load.
        #expect(loaded.plan?.workAreas.map(\.number) == [1])
        #expect(loaded.plan?.registers.count == 1)
    }

    @Test("unknown field, with 'did you mean'")
    func unknownField() throws {
        // 11         timefrme: [Q1 16/17]     ('timefrme' at col 9)
        let text = """
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
                timefrme: [Q1 16/17]

        """
        let loaded = Site.load([Site.workArea2: text])
        #expect(loaded.diagnostics.map(\.formatted) == [
            "content/work-areas/2.yaml:11:9: error: unknown field 'timefrme' in a key action; did you mean timeframe?",
        ])
        #expect(loaded.diagnostics.first?.severity == .error)
        #expect(loaded.diagnostics.first?.code == "unknown-field")
    }

    @Test("unknown top-level field of site.yaml")
    func unknownSiteField() throws {
        let text = Site.siteText + "glosary: content/glossary.yaml\n"   // line 13
        let loaded = Site.load([Site.siteYAML: text])
        #expect(loaded.diagnostics.map(\.formatted) == [
            "site.yaml:13:1: error: unknown field 'glosary' in site.yaml; did you mean glossary?",
        ])
    }

    @Test("a file listed twice in site.yaml is one error at the repeat, and is read once")
    func fileListedTwice() throws {
        let text = Site.siteText.replacingOccurrences(of: "  - content/work-areas/2.yaml\n", with: "  - content/work-areas/2.yaml\n  - content/work-areas/1.yaml\n")
        let loaded = Site.load([Site.siteYAML: text])
        #expect(loaded.diagnostics.map(\.formatted) == [
            "site.yaml:10:5: error: 'content/work-areas/1.yaml' is listed twice under 'work_areas' (first at site.yaml:8:5); remove this entry: each file is read once",
        ])
        #expect(loaded.plan?.workAreas.map(\.number) == [1, 2])
        let empty = Site.load([Site.siteYAML: Site.siteText.replacingOccurrences(of: "  - content/work-areas/2.yaml\n", with: "  - content/work-areas/2.yaml\n  -\n")])
        #expect(empty.diagnostics.map(\.formatted) == [
            "site.yaml:10:3: error: an entry of 'work_areas' in site.yaml is empty; write the file's path or remove the line",
        ])
    }

    @Test("a licence url that is not a web address is an error at it")
    func licenceURL() throws {
        let text = Site.siteText + "licence:\n  name: CC-BY-4.0\n  title: Creative Commons Attribution 4.0\n  url: javascript:alert(1)\n"   // url: line 16
        let loaded = Site.load([Site.siteYAML: text])
        #expect(loaded.diagnostics.map(\.formatted) == [
            "site.yaml:16:8: error: the licence's url 'javascript:alert(1)' is not a web address; "
                + "write the address of the licence's text, e.g. \(SiteConfig.Licence.openGovernment.url)",
        ])
    }

    @Test("a number too large, a word for a number and a huge range are each said for what they are")
    func numbersSaidForWhatTheyAre() throws {
        let loaded = Site.load([Site.workArea2: Site.workArea2Text.replacingOccurrences(of: "number: 2\n", with: "number: 99999999999999999999999\n")])
        let messages = loaded.diagnostics.map(\.message)
        #expect(messages.contains("'number' is 99999999999999999999999, too large a number"), "\(messages)")
        let linked = try Site.link([Site.workArea2: Site.workArea2Text.replacingOccurrences(of: "ofsted-2015: \"3\"", with: "ofsted-2015: \"one, 0-9223372036854775807\"")])
        let linkMessages = linked.diagnostics.map(\.message)
        #expect(linkMessages.contains("'0-9223372036854775807' spans more recommendations than a register holds (at most 1000 in one range)"), "\(linkMessages)")
        #expect(linkMessages.contains { $0.hasPrefix("'one' is not a recommendation number of ofsted-2015 (") }, "\(linkMessages)")
    }

    @Test("a work area without a number")
    func workAreaWithoutNumber() throws {
        // Line 1 is a comment, so the work area's mapping starts at 2:1.
        let text = """
        # work area 2, its number forgotten
        title: Practice and culture
        addresses:
          ofsted-2015: "4"
        actions:
          - heading: Culture
            rows:
              - ref: "2.1"
                what: Train every social worker in the practice model.
                lead: [Head of Practice]

        """
        let loaded = Site.load([Site.workArea2: text])
        #expect(loaded.diagnostics.map(\.formatted) == [
            "content/work-areas/2.yaml:2:1: error: the work area has no 'number'; add 'number: N', the work area's number in the plan",
        ])
        #expect(loaded.diagnostics.first?.severity == .error)
        #expect(loaded.diagnostics.first?.code == "missing-field")
        #expect(loaded.plan?.workAreas.map(\.number) == [1])
    }

    @Test("a work area number that is not a number")
    func workAreaNumberNotANumber() throws {
        let text = Site.workArea2Text.replacingOccurrences(of: "number: 2\n", with: "number: two\n")
        let loaded = Site.load([Site.workArea2: text])
        #expect(loaded.diagnostics.map(\.formatted) == [
            "content/work-areas/2.yaml:1:9: error: 'number' must be a whole number, found 'two'; add 'number: N', the work area's number in the plan",
        ])
    }

    @Test("a missing file named by site.yaml")
    func missingFile() throws {
        let loaded = Site.load([Site.glossary: nil])
        #expect(loaded.diagnostics.count == 1)
        let d = try #require(loaded.diagnostics.first)
        #expect(d.severity == .error)
        #expect(d.code == "missing-file")
        #expect(d.location?.file == "site.yaml")
        #expect(d.message == "the file 'content/glossary.yaml' named by site.yaml does not exist")
        #expect(d.suggestion == "create it, or correct its path in site.yaml (paths are relative to the folder holding site.yaml)")
        // The rest of the site still loads.
        #expect(loaded.plan?.workAreas.count == 2)
        #expect(loaded.plan?.terms.isEmpty == true)
    }

    @Test("a missing pages folder")
    func missingPagesFolder() throws {
        let loaded = Site.load([Site.foreword: nil, Site.approach: nil])
        let d = try #require(loaded.diagnostics.first)
        #expect(loaded.diagnostics.count == 1)
        #expect(d.severity == .error)
        #expect(d.location?.file == "site.yaml")
        #expect(d.message == "the pages folder 'content/pages' named by site.yaml does not exist")
    }

    @Test("no site.yaml at all")
    func noSiteYAML() throws {
        let loaded = Site.load([Site.siteYAML: nil])
        #expect(loaded.plan == nil)
        #expect(loaded.diagnostics.map(\.formatted) == [
            "plansite: error: no site.yaml in this folder; run plansite in the folder holding site.yaml, or pass --root FOLDER",
        ])
    }

    @Test("front matter not closed")
    func frontMatterNotClosed() throws {
        let text = """
        ---
        title: Foreword
        order: 10

        We will do better for children.

        """
        let loaded = Site.load([Site.foreword: text])
        #expect(loaded.diagnostics.map(\.formatted) == [
            "content/pages/foreword.md:1:1: error: the front matter is not closed; add a '---' line after the last front matter field",
        ])
        #expect(loaded.diagnostics.first?.severity == .error)
        #expect(loaded.diagnostics.first?.code == "front-matter")
        #expect(loaded.plan?.pages.map(\.id) == ["approach"])
    }

    @Test("a page with no front matter")
    func noFrontMatter() throws {
        let loaded = Site.load([Site.foreword: "We will do better for children.\n"])
        #expect(loaded.diagnostics.map(\.formatted) == [
            "content/pages/foreword.md:1:1: error: the page has no front matter; "
                + "start the file with a '---' line, 'title: ...' and 'order: ...', and a closing '---' line",
        ])
    }

    @Test("front matter without 'title'")
    func missingTitle() throws {
        // The front matter's mapping starts on file line 2 (after the opening '---').
        let text = """
        ---
        order: 10
        ---
        We will do better for children.

        """
        let loaded = Site.load([Site.foreword: text])
        #expect(loaded.diagnostics.map(\.formatted) == [
            "content/pages/foreword.md:2:1: error: the front matter has no 'title'; add 'title: ...'",
        ])
        #expect(loaded.diagnostics.first?.severity == .error)
        #expect(loaded.diagnostics.first?.code == "missing-field")
    }

    @Test("unknown front matter field is located on its file line")
    func unknownFrontMatterField() throws {
        let text = """
        ---
        title: Foreword
        order: 10
        parnet: approach
        ---
        We will do better for children.

        """
        let loaded = Site.load([Site.foreword: text])
        #expect(loaded.diagnostics.map(\.formatted) == [
            "content/pages/foreword.md:4:1: error: unknown field 'parnet' in the front matter; did you mean parent?",
        ])
    }

    @Test("a row ref of another work area ('bad-ref')")
    func refOfAnotherWorkArea() throws {
        //  8       - ref: "1.1"     ('ref' at col 9, the quoted value at col 14)
        let text = """
        number: 2
        title: Practice and culture
        addresses:
          ofsted-2015: "4"
        actions:
          - heading: Culture
            rows:
              - ref: "1.1"
                what: Train every social worker in the practice model.
                lead: [Head of Practice]

        """
        let loaded = Site.load([Site.workArea2: text])
        #expect(loaded.diagnostics.map(\.formatted) == [
            "content/work-areas/2.yaml:8:14: error: action 1.1 is in work area 2 but its ref starts with 1; "
                + "a key action's ref starts with its work area's number: 2.N; "
                + "to place another work area's action here, give this row its own ref and 'also: \"1.1\"'",
        ])
        #expect(loaded.diagnostics.first?.severity == .error)
        #expect(loaded.diagnostics.first?.code == "bad-ref")
    }

    @Test("a row ref that is not N.M ('bad-ref')")
    func refNotARef() throws {
        let text = Site.workArea2Text.replacingOccurrences(of: "- ref: \"2.1\"", with: "- ref: 2-1")
        let loaded = Site.load([Site.workArea2: text])
        #expect(loaded.diagnostics.map(\.formatted) == [
            "content/work-areas/2.yaml:8:14: error: '2-1' is not an action ref; write it as '2.N', quoted, e.g. \"2.1\"",
        ])
    }

    /// A work area numbered other than its actions (`number: 1` in the file of 2.1, 2.2, ...) gave one error per action,
    /// none at the number; `number: 0` or `-2` was taken.
    @Test("a work area's number that its actions do not share, or below 1, is one error at the number")
    func workAreaNumber() throws {
        let other = Site.load([Site.workArea2: Site.workArea2Text.replacingOccurrences(of: "number: 2\n", with: "number: 1\n")])
        #expect(other.diagnostics.map(\.formatted) == [
            "content/work-areas/2.yaml:1:9: error: this work area is numbered 1, but its key actions are numbered 2.N; "
                + "if it is work area 2, write 'number: 2'; otherwise give its actions the refs 1.1, 1.2, ...",
        ])
        let zero = Site.load([Site.workArea2: Site.workArea2Text.replacingOccurrences(of: "number: 2\n", with: "number: 0\n")])
        #expect(zero.diagnostics.map(\.formatted).first == "content/work-areas/2.yaml:1:9: error: a work area's number is a whole number from 1, found 0; write the work area's number in the plan, e.g. 'number: 2'")
    }

    /// The error was at the list (col 20) whichever of its quarters was wrong; a quarter written twice was shown twice.
    @Test("a quarter that is not a quarter, or is written twice, is an error at it")
    func badQuarter() throws {
        // 21         timeframe: [Q3 15/16, Q5 15/16]   (the list at col 20, the second quarter at col 31)
        let text = Site.workArea1Text.replacingOccurrences(of: "Q4 15/16", with: "Q5 15/16")
        let loaded = Site.load([Site.workArea1: text])
        #expect(loaded.diagnostics.map(\.formatted) == [
            "content/work-areas/1.yaml:21:31: error: 'Q5 15/16' is not a quarter; write quarters as 'Q3 15/16' (quarter 1-4, then the financial year)",
        ])
        // A financial year runs over two years that follow each other.
        let years = Site.load([Site.workArea1: Site.workArea1Text.replacingOccurrences(of: "Q4 15/16", with: "Q4 15/17")])
        #expect(years.diagnostics.map(\.formatted) == [
            "content/work-areas/1.yaml:21:31: error: 'Q4 15/17' is not a quarter; write quarters as 'Q3 15/16' (quarter 1-4, then the financial year)",
        ])
        let twice = Site.load([Site.workArea1: Site.workArea1Text.replacingOccurrences(of: "Q4 15/16", with: "Q3 15/16")])
        #expect(twice.diagnostics.map(\.formatted) == [
            "content/work-areas/1.yaml:21:31: error: the timeframe gives Q3 15/16 twice; remove the repeat",
        ])
    }
}
