// Bad input the loaders once let through, or reported in the wrong place:
// each is now one located error at the mistake, saying how to fix it.
// Expected positions are counted by hand from the texts (1-based).

import PlanLinking
import PlanLoading
import PlanModel
import Testing

@Suite("Loader checks")
struct LoaderChecksTests {
    // MARK: A byte order mark at the start of a YAML file

    @Test("a YAML file starting with a byte order mark is read, its columns on line 1 as an editor shows them")
    func byteOrderMark() throws {
        let clean = Site.load([Site.register: "\u{FEFF}" + Site.registerText])
        #expect(clean.diagnostics.isEmpty, "\(clean.diagnostics.map(\.formatted))")
        #expect(clean.plan?.registers.first?.id == "ofsted-2015")
        // Line 1: 'number: two' ('two' at col 9, not 10: the mark takes no column).
        let text = "\u{FEFF}" + Site.workArea2Text.replacingOccurrences(of: "number: 2", with: "number: two")
        let loaded = Site.load([Site.workArea2: text])
        #expect(loaded.diagnostics.map(\.formatted) == [
            "content/work-areas/2.yaml:1:9: error: 'number' must be a whole number, found 'two'; add 'number: N', the work area's number in the plan",
        ])
    }

    // MARK: A file beside the listed work areas or registers that site.yaml does not list

    @Test("a work area or register file site.yaml does not list is a warning at it; other folders are not searched")
    func unlistedFiles() throws {
        let loaded = Site.load(["content/work-areas/9.yaml": Site.workArea2Text.replacingOccurrences(of: "number: 2", with: "number: 9"),
                                "content/registers/draft.yml": Site.registerText,
                                "content/registers/.draft.yaml.swp": "x",
                                "content/registers/notes.md": "not YAML",
                                "content/notes.yaml": "a: b"])
        #expect(loaded.diagnostics.map(\.formatted) == [
            "content/work-areas/9.yaml:1:1: warning: 'content/work-areas/9.yaml' is not published: it is beside the work areas site.yaml lists under 'work_areas:', but is not one of them; add '  - content/work-areas/9.yaml' under 'work_areas:' in site.yaml to publish it, or move it out of 'content/work-areas'",
            "content/registers/draft.yml:1:1: warning: 'content/registers/draft.yml' is not published: it is beside the registers site.yaml lists under 'registers:', but is not one of them; add '  - content/registers/draft.yml' under 'registers:' in site.yaml to publish it, or move it out of 'content/registers'",
        ])
        #expect(loaded.plan?.workAreas.map(\.number).contains(9) == false)
        #expect(Site.load().diagnostics.isEmpty)
    }

    // MARK: Old Mac line ends

    @Test("a file with lone carriage returns (Excel's 'CSV (Macintosh)') is read line by line, its mistakes located")
    func loneCarriageReturns() throws {
        let text = Site.workArea2Text.replacingOccurrences(of: "title: Practice and culture", with: "title:").replacingOccurrences(of: "\n", with: "\r")
        #expect(Site.load([Site.workArea2: text]).diagnostics.map(\.formatted) == [
            "content/work-areas/2.yaml:2:1: error: 'title' in the work area is empty; write the title after 'title:'",
        ])
        // A page was "a page without front matter" at 1:1.
        let page = Site.load([Site.foreword: Site.forewordText.replacingOccurrences(of: "\n", with: "\r")])
        #expect(page.diagnostics.isEmpty, "\(page.diagnostics.map(\.formatted))")
        #expect(page.plan?.pages.contains { $0.title == "Foreword" } == true)
    }

    // MARK: A non-breaking space pasted from a word processor

    @Test("a non-breaking space after a key's colon or in the indentation is an error at it, named")
    func nonBreakingSpaces() throws {
        let afterColon = Site.workArea2Text.replacingOccurrences(of: "title: Practice", with: "title:\u{00A0}Practice")
        #expect(Site.load([Site.workArea2: afterColon]).diagnostics.map(\.formatted) == [
            "content/work-areas/2.yaml:2:7: error: a non-breaking space here, which YAML does not read as a space (the parser gave up at line 3); it is often pasted from a word processor; delete it and type an ordinary space",
        ])
        let indented = Site.workArea2Text.replacingOccurrences(of: "  ofsted-2015: \"4\"", with: "\u{00A0} ofsted-2015: \"4\"")
        #expect(Site.load([Site.workArea2: indented]).diagnostics.map(\.formatted).contains(
            "content/work-areas/2.yaml:4:1: error: a non-breaking space before 'ofsted-2015'; YAML indents with ordinary spaces only (it is often pasted from a word processor); delete it and indent with ordinary spaces"))
        // In a link's target, where it reads as nothing: "there is no action 1.1 ; did you mean 1.1?"
        let page = Site.forewordText + "\nSee [the action](action:1.1\u{00A0}).\n"
        let linked = Linker().link(try #require(Site.load([Site.foreword: page]).plan))
        #expect(linked.diagnostics.problems.contains { $0.contains("error: the link's target 'action:1.1\u{00A0}' holds a non-breaking space, which no target has (it is often pasted from a word processor); delete it: write (action:1.1)") },
                "\(linked.diagnostics.problems)")
    }

    // MARK: One '---' too many in front matter

    @Test("fields after a '---' that ends the front matter, then another '---', are a warning at the first '---'")
    func fieldsAfterTheFrontMatter() throws {
        let page = Site.forewordText.replacingOccurrences(of: "order: 10\n---\n", with: "order: 10\n---\nparent: approach\nsummary: Why.\n---\n")
        #expect(Site.load([Site.foreword: page]).diagnostics.map(\.formatted) == [
            "content/pages/foreword.md:4:1: warning: this '---' ends the front matter, but 2 fields follow it ('parent: approach'), which the page shows as a heading; remove this '---' so that the fields below are part of the front matter, or remove the '---' at line 7",
        ])
        // A page whose text starts with a line holding a colon is not taken for one.
        let prose = Site.forewordText.replacingOccurrences(of: "We will do better", with: "Note: we will do better")
        #expect(Site.load([Site.foreword: prose]).diagnostics.isEmpty)
    }

    // MARK: A one-letter path (found by the fuzzer)

    @Test("a file named by a one-letter path ('glossary: c') is an error, not a crash")
    func oneLetterPaths() throws {
        // Foundation's deletingLastPathComponent traps on "c": the check for files site.yaml does not list used it.
        let site = Site.files([:])[Site.siteYAML]!.replacingOccurrences(of: "glossary: content/glossary.yaml", with: "glossary: c")
        let loaded = Site.load([Site.siteYAML: site])
        #expect(loaded.diagnostics.map(\.code).contains("missing-file"), "\(loaded.diagnostics.map(\.formatted))")
    }

    // MARK: A required field written empty

    @Test("'title: ~' and an empty 'title:' are reported at the key, as empty")
    func emptyRequiredField() throws {
        for value in ["~", "", "\"\"", "null"] {
            let text = Site.workArea2Text.replacingOccurrences(of: "title: Practice and culture", with: "title: " + value)
            let loaded = Site.load([Site.workArea2: text])
            #expect(loaded.diagnostics.map(\.formatted) == [
                "content/work-areas/2.yaml:2:1: error: 'title' in the work area is empty; write the title after 'title:'",
            ], "title: \(value)")
        }
        // In front matter, at the key's line in the file (after the opening '---').
        let page = Site.forewordText.replacingOccurrences(of: "title: Foreword", with: "title:")
        #expect(Site.load([Site.foreword: page]).diagnostics.map(\.formatted) == [
            "content/pages/foreword.md:2:1: error: 'title' in the front matter is empty; write the title after 'title:'",
        ])
        // A required list written empty: at its key.
        let rows = Site.workArea2Text.components(separatedBy: "\n").prefix(7).joined(separator: "\n") + "\n"
        #expect(rows.hasSuffix("    rows:\n"))
        #expect(Site.load([Site.workArea2: rows]).diagnostics.map(\.formatted) == [
            "content/work-areas/2.yaml:7:5: error: 'rows' in an action group is empty; write its entries under 'rows:', each on its own line starting with '- '",
        ])
    }

    // MARK: A file or folder of site.yaml given as nothing

    @Test("'progress: ~', 'scorecard: null', 'glossary: \"\"' and 'observations: ~' are errors at the value, not the part left out")
    func emptyPathInSiteYAML() throws {
        // 10 glossary: ...   12 progress: ...   13 scorecard: ...
        for (value, column, written) in [("~", 11, "'~', which YAML reads as nothing"), ("null", 11, "'null', which YAML reads as nothing"),
                                         ("\"\"", 11, "nothing"), ("", 1, "nothing")] {
            let text = Site.siteText + "progress: \(value)\n"
            #expect(Site.load([Site.siteYAML: text]).diagnostics.map(\.formatted) == [
                "site.yaml:13:\(column): error: 'progress' in site.yaml is given \(written), not a folder's path; remove the line if there is none, or give the folder's path, e.g. 'progress: content/progress'",
            ], "progress: \(value)")
        }
        let glossary = Site.siteText.replacingOccurrences(of: "glossary: content/glossary.yaml", with: "glossary: \"\"")
        let cases = [
            (Site.siteText + "scorecard: null\n", "site.yaml:13:12: error: 'scorecard' in site.yaml is given 'null', which YAML reads as nothing, not a file's path; remove the line if there is none, or give the file's path, e.g. 'scorecard: content/scorecard.csv'"),
            (glossary, "site.yaml:12:11: error: 'glossary' in site.yaml is given nothing, not a file's path; remove the line if there is none, or give the file's path, e.g. 'glossary: content/glossary.yaml'"),
            (Site.siteText + "observations: ~\n", "site.yaml:13:15: error: 'observations' in site.yaml is given '~', which YAML reads as nothing, not a list of files; remove the line if there are none, or list the files' paths under it, e.g. '  - content/demand-and-volumes.csv'"),
        ]
        for (text, expected) in cases {
            #expect(Site.load([Site.siteYAML: text]).diagnostics.map(\.formatted) == [expected])
        }
    }

    // MARK: A folder site.yaml names that is a file

    @Test("a folder site.yaml names that is a file is said to be a file, not said not to exist")
    func folderThatIsAFile() throws {
        // 13 progress: content/progress   ('content/progress' at col 11)   14 documents: content/documents (col 12)
        let site = Site.siteText + "progress: content/progress\ndocuments: content/documents\n"
        #expect(Site.load([Site.siteYAML: site, "content/progress": "x\n"]).diagnostics.map(\.formatted) == [
            "site.yaml:13:11: error: the progress folder 'content/progress' named by site.yaml is a file, not a folder; make 'content/progress' a folder holding the progress reports (move the file out of the way), or correct 'progress' in site.yaml",
            "site.yaml:14:12: error: the documents folder 'content/documents' named by site.yaml does not exist; create it, or correct 'documents' in site.yaml",
        ])
    }

    // MARK: Empty entries of lists in work areas

    @Test("an empty entry of 'lead' is an error at its dash")
    func emptyLeadEntry() throws {
        // 10         lead:
        // 11           -
        // 12           - Head of Practice
        for dash in ["-", "- ", "- ~", "- \"\""] {
            let text = Site.workArea2Text.replacingOccurrences(of: "lead: [Head of Practice]", with: "lead:\n          \(dash)\n          - Head of Practice")
            let loaded = Site.load([Site.workArea2: text])
            #expect(loaded.diagnostics.map(\.formatted) == [
                "content/work-areas/2.yaml:11:\(dash.count > 2 ? 13 : 11): error: lead entry is empty; write the lead's name or remove the line",
            ], "'\(dash)'")
        }
    }

    @Test("an empty 'lead', an empty 'also' and an empty timeframe entry are errors")
    func emptyWorkAreaFields() throws {
        // 10         lead:                     (an action with no lead at all)
        // 15         lead: [Director of Children's Services]
        // 16         also: ""
        // 17         timeframe: [Q3 15/16, ""]  ('""' at col 31)
        let text = Site.workArea2Text
            .replacingOccurrences(of: "lead: [Head of Practice]", with: "lead:")
            .replacingOccurrences(of: "also: \"1.2\"", with: "also: \"\"\n        timeframe: [Q3 15/16, \"\"]")
        let loaded = Site.load([Site.workArea2: text])
        #expect(loaded.diagnostics.map(\.formatted) == [
            "content/work-areas/2.yaml:10:9: error: 'lead' of key action 2.1 is empty; write the lead role(s) under 'lead:', each on its own line starting with '- '",
            "content/work-areas/2.yaml:17:31: error: timeframe entry is empty; write a quarter such as Q3 15/16, or remove the line",
            "content/work-areas/2.yaml:16:9: error: 'also' of key action 2.2 is empty; write the ref of the action this row repeats, e.g. \"1.2\", or remove the line",
        ])
    }

    // MARK: The schedule's months

    //  1 title: Monitoring schedule
    //  2 months: [Sept 2015, Oct 2015, Nov 2015]
    //  3 groups:
    //  4   - heading: Boards
    //  5     rows:
    //  6       - activity: Improvement board
    //  7         notes:
    //  8           - {from: Sept 2015, text: First meeting}
    //  9           - {from: Oct 2015, to: Nov 2015, text: Monthly}
    static let scheduleText = """
    title: Monitoring schedule
    months: [Sept 2015, Oct 2015, Nov 2015]
    groups:
      - heading: Boards
        rows:
          - activity: Improvement board
            notes:
              - {from: Sept 2015, text: First meeting}
              - {from: Oct 2015, to: Nov 2015, text: Monthly}

    """

    static func loadSchedule(_ text: String) -> LoadResult {
        Site.load([Site.siteYAML: Site.siteText + "schedule: content/schedule.yaml\n", "content/schedule.yaml": text])
    }

    @Test("'months' written as text, not a list, is one error at its value, without an error at every note")
    func scheduleMonthsScalar() throws {
        #expect(Self.loadSchedule(Self.scheduleText).diagnostics.isEmpty)
        let text = Self.scheduleText.replacingOccurrences(of: "months: [Sept 2015, Oct 2015, Nov 2015]", with: "months: Sept 2015, Oct 2015, Nov 2015")
        #expect(Self.loadSchedule(text).diagnostics.map(\.formatted) == [
            "content/schedule.yaml:2:9: error: months must be a list, e.g. [Sep 2015, Oct 2015]; "
                + "put the month labels in square brackets, separated by commas, or write each on its own line starting with '- '",
        ])
        let empty = Self.scheduleText.replacingOccurrences(of: "months: [Sept 2015, Oct 2015, Nov 2015]", with: "months: []")
        #expect(Self.loadSchedule(empty).diagnostics.map(\.formatted) == [
            "content/schedule.yaml:2:1: error: 'months' in the schedule is empty; list the month labels, e.g. [Sept 2015, Oct 2015]",
        ])
    }

    /// One activity on two rows was two rows alike in the schedule, its notes split between them, without a word.
    @Test("an activity given twice (case aside, in any group) is a warning at the repeat")
    func scheduleActivityTwice() throws {
        // 10   - heading: Visits
        // 11     rows:
        // 12       - activity: improvement Board     ('improvement Board' at col 19)
        let text = Self.scheduleText + "  - heading: Visits\n    rows:\n      - activity: improvement Board\n"
        #expect(Self.loadSchedule(text).diagnostics.map(\.formatted) == [
            "content/schedule.yaml:12:19: warning: the activity 'improvement Board' is given twice in the schedule (first at content/schedule.yaml:6:19); give it one row, with all its notes",
        ])
    }

    // MARK: Dates of registers

    /// The register with `dates:` on lines 6-8 (values at col 14 for 'published', 12 for 'issued').
    static func register(dates: String) -> String {
        Site.registerText.replacingOccurrences(of: "item_name: recommendation\n", with: "item_name: recommendation\ndates:\n" + dates)
    }

    @Test("a register's dates are checked: malformed, impossible, and unknown keys")
    func registerDates() throws {
        let good = Site.load([Site.register: Self.register(dates: "  inspected: October-November 2014\n  published: 2015-06-03\n")])
        #expect(good.diagnostics.isEmpty, "\(good.diagnostics.map(\.formatted))")
        #expect(good.plan?.registers.first?.dates.map(\.value) == ["October-November 2014", "2015-06-03"])
        let cases: [(String, String)] = [
            ("  published: 2018-02-30\n", "7:14: error: '2018-02-30' is not a date that exists; check the month and the day against the source"),
            ("  published: 2018-13-01\n", "7:14: error: '2018-13-01' is not a date that exists; check the month and the day against the source"),
            ("  published: 16/05/2018\n", "7:14: error: '16/05/2018' is not a date; write it as YYYY-MM-DD, or YYYY-MM for a whole month, e.g. 2015-06-03"),
            ("  issued: 2016-02-30\n", "7:11: error: '2016-02-30' is not a date that exists; check the month and the day against the source"),
            ("  inspected: 2014-11-31\n", "7:14: error: '2014-11-31' is not a date that exists; check the month and the day against the source"),
            ("  published:\n", "7:3: error: 'published' in the register's dates is empty; write the date as YYYY-MM-DD, e.g. 2015-06-03, or remove the line"),
            ("  publised: 2018-05-16\n", "7:3: error: unknown field 'publised' in the register's dates; did you mean published?"),
        ]
        for (dates, expected) in cases {
            let loaded = Site.load([Site.register: Self.register(dates: dates)])
            #expect(loaded.diagnostics.map(\.formatted) == ["content/registers/ofsted-2015.yaml:" + expected], "\(dates)")
            #expect(loaded.plan?.registers.first?.dates.isEmpty ?? true, "a date in error is not published")
        }
    }

    // MARK: Dates of releases and withdrawals

    @Test("site.yaml's release date must exist; so must a release's and a withdrawal's")
    func releaseAndWithdrawalDates() throws {
        //  5   date: 2015-09-31   ('2015-09-31' at col 9)
        let site = Site.siteText.replacingOccurrences(of: "date: 2015-09-01", with: "date: 2015-09-31")
        #expect(Site.load([Site.siteYAML: site]).diagnostics.map(\.formatted) == [
            "site.yaml:5:9: error: release date '2015-09-31' is not a date that exists; check the month and the day",
        ])
        let month = Site.siteText.replacingOccurrences(of: "date: 2015-09-01", with: "date: 2015-09")
        #expect(Site.load([Site.siteYAML: month]).diagnostics.map(\.formatted) == [
            "site.yaml:5:9: error: release date '2015-09' is not a date; write it as YYYY-MM-DD, e.g. 2015-09-01",
        ])
        // 13 releases:
        // 14   - version: "2016.1"
        // 15     date: 2016-02-30        ('2016-02-30' at col 11)
        let releases = Site.siteText + "releases:\n  - version: \"2016.1\"\n    date: 2016-02-30\n"
        #expect(Site.load([Site.siteYAML: releases]).diagnostics.map(\.formatted) == [
            "site.yaml:15:11: error: release 2016.1: '2016-02-30' is not a date that exists; check the month and the day",
        ])
        // 17         withdrawn: {date: 2016-04-31, reason: Merged}   ('2016-04-31' at col 27)
        let withdrawn = Site.workArea2Text.replacingOccurrences(of: "also: \"1.2\"", with: "also: \"1.2\"\n        withdrawn: {date: 2016-04-31, reason: Merged}")
        #expect(Site.load([Site.workArea2: withdrawn]).diagnostics.map(\.formatted) == [
            "content/work-areas/2.yaml:17:27: error: '2016-04-31' is not a date that exists; check the month and the day",
        ])
    }

    /// A change note written like a page, with front matter, was published with its `---` lines and keys as text.
    @Test("a release's change note that starts with front matter is an error at its line 1")
    func releaseNoteWithFrontMatter() throws {
        let site = Site.siteText + "releases:\n  - version: \"2016.1\"\n    date: 2016-01-31\n    note: content/releases/2016.1.md\n"
        let note = "---\nversion: \"2016.1\"\ndate: 2016-01-31\n---\nAction 1.2 was withdrawn.\n"
        #expect(Site.load([Site.siteYAML: site, "content/releases/2016.1.md": note]).diagnostics.map(\.formatted) == [
            "content/releases/2016.1.md:1:1: error: the change note of release 2016.1 starts with front matter, which a change note does not take: it would be published as text; "
                + "remove the lines from the first '---' to the closing '---'; a release's version, date and label are given in its entry under 'releases:' in site.yaml",
        ])
        // A note may open with a thematic break.
        for text in ["---\n\nAction 1.2 was withdrawn.\n", "---\nAction 1.2 was withdrawn.\n", "Action 1.2 was withdrawn.\n\n---\ntitle: x\n"] {
            let loaded = Site.load([Site.siteYAML: site, "content/releases/2016.1.md": text])
            #expect(loaded.diagnostics.isEmpty, "\(text): \(loaded.diagnostics.map(\.formatted))")
            #expect(loaded.plan?.releases.first?.note?.text == text)
        }
    }

    /// An empty change note (or one holding only a byte-order mark) published a release page that says nothing.
    @Test("an empty change note is a warning at it")
    func emptyReleaseNote() throws {
        let site = Site.siteText + "releases:\n  - version: \"2016.1\"\n    date: 2016-01-31\n    note: content/releases/2016.1.md\n"
        for text in ["", "\n \n", "\u{FEFF}", "\u{FEFF}\n"] {
            #expect(Site.load([Site.siteYAML: site, "content/releases/2016.1.md": text]).diagnostics.map(\.formatted) == [
                "content/releases/2016.1.md:1:1: warning: the change note of release 2016.1 is empty, so its page says nothing of what changed; "
                    + "write what changed in this release (what readers should know), or remove 'note:' from its entry in site.yaml",
            ], "\(text.debugDescription)")
        }
    }

    /// `note: ~` read as "no note" published the release without the change note it was meant to have.
    @Test("a release's note given as nothing is an error at the value")
    func releaseNoteGivenAsNothing() throws {
        // 16     note: ~        ('~' at col 11)
        let site = Site.siteText + "releases:\n  - version: \"2016.1\"\n    date: 2016-01-31\n    note: ~\n"
        #expect(Site.load([Site.siteYAML: site]).diagnostics.map(\.formatted) == [
            "site.yaml:16:11: error: 'note' in a release is given '~', which YAML reads as nothing, not a file's path; "
                + "remove the line if there is none, or give the file's path, e.g. 'note: content/releases/2016.1.md'",
        ])
    }

    // MARK: Enumerated fields of documents

    //  1 id: report-2018
    //  2 title: Re-inspection report
    //  3 kind: inspection-report
    //  4 issuer: Ofsted
    //  5 date: 2018-05-16
    //  6 inspections:
    //  7   - {id: ofsted-2018, title: Re-inspection, inspectorate: ofsted, kind: re-inspection, date: 2018-03, status: held}
    //  8 lists:
    //  9   - {id: findings-2018, title: Findings, kind: findings, items: [{number: "1", text: Leaders know.}]}
    // 10 links:
    // 11   - {from: "ofsted-2015:3", to: "ofsted-2015:4", type: repeats, editorial: true}
    static let documentText = """
    id: report-2018
    title: Re-inspection report
    kind: inspection-report
    issuer: Ofsted
    date: 2018-05-16
    inspections:
      - {id: ofsted-2018, title: Re-inspection, inspectorate: ofsted, kind: re-inspection, date: 2018-03, status: held}
    lists:
      - {id: findings-2018, title: Findings, kind: findings, items: [{number: "1", text: Leaders know.}]}
    links:
      - {from: "ofsted-2015:3", to: "ofsted-2015:4", type: repeats, editorial: true}

    """

    static func loadDocument(_ text: String) -> LoadResult {
        Site.load([Site.siteYAML: Site.siteText + "documents: content/documents\n", "content/documents/report-2018.yaml": text])
    }

    @Test("a typo in a link's type or a document's kind is an error at the value, with the values allowed")
    func documentEnumerations() throws {
        let good = Self.loadDocument(Self.documentText)
        #expect(good.diagnostics.isEmpty, "\(good.diagnostics.map(\.formatted))")
        #expect(good.plan?.documents.first?.links.map(\.type) == ["repeats"])
        let path = "content/documents/report-2018.yaml:"
        let cases: [(String, String, String)] = [
            ("type: repeats", "type: repets",
             "11:56: error: 'repets' is not a type of link; did you mean repeats? write one of repeats, addresses, relates"),
            ("kind: inspection-report", "kind: plans",
             "3:7: error: 'plans' is not a kind of document; did you mean plan? write one of plan, notice, inspection-report, meeting-pack, committee-report"),
            ("kind: re-inspection", "kind: reinspection",
             "7:73: error: 'reinspection' is not a kind of inspection; did you mean re-inspection? write one of full-inspection, re-inspection, monitoring-visit, annual-conversation"),
            ("status: held", "status: hold",
             "7:111: error: 'hold' is not the status of an inspection; did you mean held? write one of held, planned, cancelled"),
            ("kind: findings", "kind: finding",
             "9:48: error: 'finding' is not a kind of list; did you mean findings? write one of findings, summary, activities, recommendations, items"),
        ]
        for (from, to, expected) in cases {
            let loaded = Self.loadDocument(Self.documentText.replacingOccurrences(of: from, with: to))
            #expect(loaded.diagnostics.map(\.formatted) == [path + expected], "\(to)")
        }
    }

    // MARK: Values of observations

    static let measuresText = """
    group: Demand and volumes
    measures:
      - {id: plans, title: Child protection plans, unit: children, polarity: neither, chart: line}

    """

    /// Line 3 is the row under test, its value at col 32 (after 'plans,2015-03-31,31 March 2015,').
    static func loadObservations(value: String) -> LoadResult {
        let csv = "measure,date,period,value,qualifier,source\nplans,2014-03-31,March 2014,925,,003:1354\nplans,2015-03-31,31 March 2015,\(value),,003:1354\n"
        return Site.load([Site.siteYAML: Site.siteText + "observations:\n  - content/volumes.csv\n",
                          "content/volumes.csv": csv, "content/volumes.yaml": measuresText])
    }

    @Test("a value of an observation that is not a finite figure is an error at its cell")
    func observationValues() throws {
        for value in ["995", "\"1,093\"", "\"12,345,678.5\"", "12.5", "52%", "-3", "-", ""] {
            let loaded = Self.loadObservations(value: value)
            #expect(loaded.diagnostics.isEmpty, "\(value): \(loaded.diagnostics.map(\.formatted))")
            #expect(loaded.plan?.progress.series.first?.observations.count == 2)
        }
        for value in ["nine hundred", "925.5.5", "NaN", "nan", "inf", "1e999", "-5e300", "0x10", "\"9,25\"", "\"1,0930\"", "12.", "."] {
            let loaded = Self.loadObservations(value: value)
            #expect(loaded.diagnostics.map(\.formatted) == [
                "content/volumes.csv:3:32: error: value must be a number (or '-' for no value), found '\(value.replacingOccurrences(of: "\"", with: ""))'; "
                    + "write the figure in digits, e.g. 925, 1,093, 12.5 or 52%; words the source adds go in 'qualifier'",
            ], "\(value)")
        }
        #expect(Self.loadObservations(value: "1234567890123456").diagnostics.map(\.formatted) == [
            "content/volumes.csv:3:32: error: the value '1234567890123456' has more than 15 digits before its decimal point; check the figure against the source",
        ])
    }

    // MARK: The recorded accessibility checks (JSON)

    static let checksText = """
    {
      "axe_tags": ["wcag2a", "wcag2aa"],
      "counts": {
        "axe_violation_nodes": 0,
        "axe_violations": 0,
        "epub_errors": 0,
        "epub_fatals": 0,
        "epub_warnings": 0,
        "reflow_failures": 0,
        "vnu_errors": 0
      },
      "epubs_checked": 1,
      "pages_checked": 181,
      "tools": {"axe-core": "4.12.1", "chromium": "156.0", "epubcheck": "4.2.6", "vnu": "26.01.03"},
      "widths": [1280, 320]
    }

    """

    static func loadChecks(_ from: String, _ to: String) -> [String] {
        let text = checksText.replacingOccurrences(of: from, with: to)
        #expect(text != checksText || from == to)
        return Site.load([Site.siteYAML: Site.siteText + "accessibility_checks: content/checks.json\n", "content/checks.json": text])
            .diagnostics.formatted()
    }

    @Test("the recorded checks: negative counts, unknown and repeated keys, wrong types and bad syntax, each at its line and column")
    func accessibilityChecks() throws {
        let clean = Site.load([Site.siteYAML: Site.siteText + "accessibility_checks: content/checks.json\n", "content/checks.json": Self.checksText])
        #expect(clean.diagnostics.isEmpty, "\(clean.diagnostics.map(\.formatted))")
        #expect(clean.plan?.accessibilityChecks == AccessibilityChecks(
            tools: ["axe-core": "4.12.1", "chromium": "156.0", "epubcheck": "4.2.6", "vnu": "26.01.03"], pagesChecked: 181, epubsChecked: 1,
            counts: ["axe_violation_nodes": 0, "axe_violations": 0, "epub_errors": 0, "epub_fatals": 0, "epub_warnings": 0, "reflow_failures": 0, "vnu_errors": 0],
            widths: [1280, 320], axeTags: ["wcag2a", "wcag2aa"]))
        let path = "content/checks.json:"
        let fix = "; run scripts/test.sh, which writes this file"
        let syntaxFix = "check the commas, brackets and double quotes about here"
        let cases: [(String, String, [String])] = [
            ("\"pages_checked\": 181", "\"pages_checked\": -1", ["13:20: error: 'pages_checked' must be 0 or more, found -1" + fix]),
            ("\"pages_checked\": 181", "\"pages_chekced\": 181", [
                "1:1: error: the recorded accessibility checks have no 'pages_checked'" + fix,
                "13:3: error: unknown key 'pages_chekced' in the recorded accessibility checks; did you mean pages_checked?",
            ]),
            ("\"axe_violations\": 0,", "\"axe_violations\": 0, \"axe_violations\": 5,",
             ["5:5: error: the key 'axe_violations' appears twice in one object; remove or rename one of them"]),
            ("\"axe_violations\": 0", "\"axe_violations\": \"none\"", ["5:23: error: 'axe_violations' must be a whole number, found the text \"none\"" + fix]),
            ("\"epubs_checked\": 1", "\"epubs_checked\": 1.5", ["12:20: error: 'epubs_checked' must be a whole number, found 1.5" + fix]),
            ("\"vnu_errors\": 0", "\"vnu_erors\": 0", [
                "3:13: error: 'counts' has no 'vnu_errors'" + fix,
                "10:5: error: unknown key 'vnu_erors' in 'counts'; did you mean vnu_errors?",
            ]),
            ("    \"axe_violation_nodes\": 0,\n", "", []),   // a count the statement does not publish may be left out
            ("[1280, 320]", "[1280, 0]", ["15:20: error: 'widths' must be 1 or more, found 0" + fix]),
            // Syntax (read by Yams, JSON being YAML's flow style): a missing comma, on the next key's line; a text never
            // closed, at its opening quote; a missing closing brace, at the end.
            ("\"epubs_checked\": 1,", "\"epubs_checked\": 1", ["13:18: error: malformed JSON: while parsing a flow mapping did not find expected ',' or '}'; " + syntaxFix]),
            ("\"vnu\": \"26.01.03\"}", "\"vnu\": \"26.01.03}", ["14:85: error: this quote (\") is never closed on its line, so the value runs on (the JSON parser gave up at line 15); "
                                                          + "add the closing double quote; inside a text, write a double quote as \\\""]),
            ("\n}\n", "\n", ["16:1: error: malformed JSON: while parsing a flow mapping did not find expected ',' or '}'; " + syntaxFix]),
        ]
        for (from, to, expected) in cases {
            let got = Self.loadChecks(from, to)
            #expect(got == expected.map { path + $0 }, "\(to)")
            #expect(!got.contains { $0.contains("DecodingError") || $0.contains("Int") || $0.contains("Debug") })
        }
    }

    // MARK: A block of 'show' the site has nothing for

    @Test("'show: documents' without a documents folder is an error at the value, as 'show: schedule' without a schedule is")
    func showDocumentsWithoutDocuments() throws {
        // Line 5 of the approach page: 'show: documents' ('documents' at column 7).
        for block in ["documents", "schedule"] {
            let page = Site.approachText.replacingOccurrences(of: "show: register:ofsted-2015", with: "show: \(block)")
            let linked = try Site.link([Site.approach: page])
            #expect(linked.diagnostics.formatted(code: "empty-block") == [
                block == "documents"
                    ? "content/pages/approach.md:5:7: error: 'show: documents' but site.yaml names no documents folder; name the folder in site.yaml ('documents: content/documents'), or remove 'show'"
                    : "content/pages/approach.md:5:7: error: 'show: schedule' but site.yaml names no schedule; name the file in site.yaml, or remove 'show'",
            ], "\(block)")
        }
    }

    @Test("an unknown block in 'show' names every block a page may show, documents among them")
    func unknownBlockNamesEveryBlock() throws {
        let page = Site.approachText.replacingOccurrences(of: "show: register:ofsted-2015", with: "show: everything")
        #expect(Site.load([Site.approach: page]).diagnostics.map(\.formatted) == [
            "content/pages/approach.md:5:7: error: unknown block 'everything' in 'show'; use work-areas, scorecard, schedule, glossary, documents, register:ID or coverage:ID",
        ])
        let misspelt = Site.approachText.replacingOccurrences(of: "show: register:ofsted-2015", with: "show: document")
        #expect(Site.load([Site.approach: misspelt]).diagnostics.map(\.formatted).first?.hasSuffix("did you mean documents?") == true)
        // The list is complete: each way of writing is read as a block, and each block is written one of these ways.
        let blocks = PageBlock.written.map { PageBlock($0.replacingOccurrences(of: ":ID", with: ":ofsted-2015")) }
        #expect(!blocks.contains(nil))
        let every: [PageBlock] = [.workAreas, .scorecard, .schedule, .glossary, .documents, .register("ofsted-2015"), .coverage("ofsted-2015")]
        for block in every {
            // (A new case of PageBlock stops this switch compiling: add it to the switch, to `every` and to `written`.)
            switch block { case .workAreas, .scorecard, .schedule, .glossary, .documents, .register, .coverage: break }
            #expect(blocks.contains(block), "\(block.text) is missing from PageBlock.written")
        }
    }
}

extension LoaderChecksTests {
    // MARK: The feedback email

    @Test("a contact email that is not one address is an error at the value, and is not published")
    func contactEmailIsOneAddress() throws {
        // Lines 13-15 after the fixture's twelve: 'email: ...' has its value at column 10.
        func load(_ email: String) -> LoadResult {
            Site.load([Site.siteYAML: Site.siteText + "contact:\n  name: Plan team\n  email: \(email)\n"])
        }
        let fix = "write one address, such as improvement.plan@example.org"
        for (email, flaw) in [
            ("improvement.plan at example.org", "it has no '@' (write '@' in place of ' at ')"),
            ("improvement.plan", "it has no '@'"),
            ("a@example.org, b@example.org", "it has 2 '@' signs, and one address has one"),
            ("plan team@example.org", "it holds a space"),
            ("\"@example.org\"", "nothing comes before its '@'"),
            ("plan@", "nothing comes after its '@'"),
            ("plan@localhost", "its domain 'localhost' is not a full domain (it needs a dot inside, as in example.org)"),
            ("plan@example.", "its domain 'example.' is not a full domain (it needs a dot inside, as in example.org)"),
        ] {
            let loaded = load(email)
            let shown = email.hasPrefix("\"") ? String(email.dropFirst().dropLast()) : email
            #expect(loaded.diagnostics.map(\.formatted) == [
                "site.yaml:15:10: error: '\(shown)' is not an email address: \(flaw); \(fix)",
            ], "\(email)")
            #expect(loaded.plan?.config.contact.email == nil)
        }
        let good = load("improvement.plan@example.org")
        #expect(good.diagnostics.isEmpty)
        #expect(good.plan?.config.contact.email == "improvement.plan@example.org")
    }
}
