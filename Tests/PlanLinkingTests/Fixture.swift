// Fixture for the linking tests: a minimal valid site held in memory, and
// helpers that load and link it with one or more files replaced.
//
// Line numbers matter: the diagnostic tests compute expected line:column
// positions by hand from the texts below (and from the replacement texts
// written out in full in each test). The numbered listings in the comments
// are there to make that counting easy.

import PlanLinking
import PlanLoading
import PlanModel
import Testing

enum Site {
    static let siteYAML = "site.yaml"
    static let workArea1 = "content/work-areas/1.yaml"
    static let workArea2 = "content/work-areas/2.yaml"
    static let register = "content/registers/ofsted-2015.yaml"
    static let glossary = "content/glossary.yaml"
    static let foreword = "content/pages/foreword.md"
    static let approach = "content/pages/approach.md"

    //  1 title: Test improvement plan
    //  2 organisation: Test Council
    //  3 release:
    //  4   version: "1.0"
    //  5   date: 2015-09-01
    //  6 pages: content/pages
    //  7 work_areas:
    //  8   - content/work-areas/1.yaml
    //  9   - content/work-areas/2.yaml
    // 10 registers:
    // 11   - content/registers/ofsted-2015.yaml
    // 12 glossary: content/glossary.yaml
    static let siteText = """
    title: Test improvement plan
    organisation: Test Council
    release:
      version: "1.0"
      date: 2015-09-01
    pages: content/pages
    work_areas:
      - content/work-areas/1.yaml
      - content/work-areas/2.yaml
    registers:
      - content/registers/ofsted-2015.yaml
    glossary: content/glossary.yaml

    """

    //  1 number: 1
    //  2 title: Leadership and governance
    //  3 addresses:
    //  4   ofsted-2015: "1-3"
    //  5 summary:
    //  6   why: |
    //  7     Leaders must know the quality of practice; see [the foreword](page:foreword).
    //  8   achieve: |
    //  9     - Every child is seen by a permanent social worker.
    // 10 focus:
    // 11   - title: "Area of focus: leadership"
    // 12     body: |
    // 13       - System wide leadership, led by [action 1.2](action:1.2).
    // 14 actions:
    // 15   - heading: Leadership
    // 16     rows:
    // 17       - ref: "1.1"
    // 18         what: Complete a shaping leaders exercise.
    // 19         lead:
    // 20           - Director of Children's Services
    // 21         timeframe: [Q3 15/16, Q4 15/16]
    // 22       - ref: "1.2"
    // 23         what: Establish a community of practice.
    // 24         lead: [Director of Children's Services]
    static let workArea1Text = """
    number: 1
    title: Leadership and governance
    addresses:
      ofsted-2015: "1-3"
    summary:
      why: |
        Leaders must know the quality of practice; see [the foreword](page:foreword).
      achieve: |
        - Every child is seen by a permanent social worker.
    focus:
      - title: "Area of focus: leadership"
        body: |
          - System wide leadership, led by [action 1.2](action:1.2).
    actions:
      - heading: Leadership
        rows:
          - ref: "1.1"
            what: Complete a shaping leaders exercise.
            lead:
              - Director of Children's Services
            timeframe: [Q3 15/16, Q4 15/16]
          - ref: "1.2"
            what: Establish a community of practice.
            lead: [Director of Children's Services]

    """

    //  1 number: 2
    //  2 title: Practice and culture
    //  3 addresses:
    //  4   ofsted-2015: "4"
    //  5 actions:
    //  6   - heading: Culture
    //  7     rows:
    //  8       - ref: "2.1"
    //  9         what: Train every social worker in the practice model.
    // 10         lead: [Head of Practice]
    // 11         addresses:
    // 12           ofsted-2015: "3"
    // 13       - ref: "2.2"
    // 14         what: Establish a community of practice (also 1.2).
    // 15         lead: [Director of Children's Services]
    // 16         also: "1.2"
    static let workArea2Text = """
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
          - ref: "2.2"
            what: Establish a community of practice (also 1.2).
            lead: [Director of Children's Services]
            also: "1.2"

    """

    //  1 id: ofsted-2015
    //  2 title: Ofsted recommendations, June 2015
    //  3 short_title: Ofsted 2015
    //  4 issuer: Ofsted
    //  5 item_name: recommendation
    //  6 groups:
    //  7   - heading: Priority and immediate action
    //  8     groups:
    //  9       - heading: Leadership, management and governance
    // 10         items:
    // 11           - number: "1"
    // 12             text: Ensure that leaders know the quality of practice.
    // 13           - number: "2"
    // 14             text: Ensure that the board challenges its partners.
    // 15   - heading: Areas for improvement
    // 16     items:
    // 17       - number: "3"
    // 18         text: Improve the timeliness of assessments.
    // 19       - number: "4"
    // 20         text: Ensure that supervision is regular and reflective.
    // 21       - number: "5"
    // 22         text: Recruit more permanent social workers.
    // 23         taken: A recruitment campaign ran in spring 2015.
    static let registerText = """
    id: ofsted-2015
    title: Ofsted recommendations, June 2015
    short_title: Ofsted 2015
    issuer: Ofsted
    item_name: recommendation
    groups:
      - heading: Priority and immediate action
        groups:
          - heading: Leadership, management and governance
            items:
              - number: "1"
                text: Ensure that leaders know the quality of practice.
              - number: "2"
                text: Ensure that the board challenges its partners.
      - heading: Areas for improvement
        items:
          - number: "3"
            text: Improve the timeliness of assessments.
          - number: "4"
            text: Ensure that supervision is regular and reflective.
          - number: "5"
            text: Recruit more permanent social workers.
            taken: A recruitment campaign ran in spring 2015.

    """

    //  1 terms:
    //  2   - term: Multi Agency Safeguarding Hub
    //  3     abbreviation: MASH
    //  4     description: The MASH is a team of professionals who share information.
    //  5   - term: Open cases
    //  6     description: Cases which have been opened and not yet closed.
    static let glossaryText = """
    terms:
      - term: Multi Agency Safeguarding Hub
        abbreviation: MASH
        description: The MASH is a team of professionals who share information.
      - term: Open cases
        description: Cases which have been opened and not yet closed.

    """

    //  1 ---
    //  2 title: Foreword
    //  3 order: 10
    //  4 ---
    //  5 We will do better for children. The [MASH](term:MASH) is central.
    //  6
    //  7 ## Our promise
    //  8
    //  9 We answer [recommendation 3](ofsted-2015:3) with [action 1.1](action:1.1).
    static let forewordText = """
    ---
    title: Foreword
    order: 10
    ---
    We will do better for children. The [MASH](term:MASH) is central.

    ## Our promise

    We answer [recommendation 3](ofsted-2015:3) with [action 1.1](action:1.1).

    """

    //  1 ---
    //  2 title: Our approach
    //  3 order: 20
    //  4 parent: foreword
    //  5 show: register:ofsted-2015
    //  6 ---
    //  7 Read [our promise](page:foreword#our-promise) and what [open cases](term:open-cases) are.
    static let approachText = """
    ---
    title: Our approach
    order: 20
    parent: foreword
    show: register:ofsted-2015
    ---
    Read [our promise](page:foreword#our-promise) and what [open cases](term:open-cases) are.

    """

    static let base: [String: String] = [
        siteYAML: siteText,
        workArea1: workArea1Text,
        workArea2: workArea2Text,
        register: registerText,
        glossary: glossaryText,
        foreword: forewordText,
        approach: approachText,
    ]

    /// The base files with some replaced; a nil replacement removes the file.
    static func files(_ overrides: [String: String?]) -> [String: String] {
        var files = base
        for (path, text) in overrides { files[path] = text }
        return files
    }

    /// Loads the site (with replacements).
    static func load(_ overrides: [String: String?] = [:]) -> LoadResult {
        PlanLoader(source: MemoryContentSource(files(overrides))).load()
    }

    /// Loads and links the site (with replacements). Expects the load itself to be clean,
    /// so that a linker test is not confounded by a loader error.
    static func link(_ overrides: [String: String?] = [:],
                     sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> LinkedPlan {
        let loaded = load(overrides)
        #expect(loaded.diagnostics.isEmpty, "loading should be clean: \(loaded.diagnostics.map(\.formatted))",
                sourceLocation: sourceLocation)
        let plan = try #require(loaded.plan, sourceLocation: sourceLocation)
        return Linker().link(plan)
    }
}

extension Array where Element == Diagnostic {
    /// Formatted diagnostics, optionally of one code only, in output order.
    func formatted(code: String? = nil) -> [String] {
        sortedForOutput().filter { code == nil || $0.code == code }.map(\.formatted)
    }

    /// Errors and warnings (notes left out), formatted, in output order.
    var problems: [String] {
        sortedForOutput().filter { $0.severity != .note }.map(\.formatted)
    }

    func with(code: String) -> [Diagnostic] { filter { $0.code == code } }
}
