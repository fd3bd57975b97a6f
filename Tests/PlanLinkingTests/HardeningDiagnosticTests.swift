// Issue 13, hardening: errors located where the mistake is (the opening of an
// unclosed quote or bracket, the duplicate key, the bad character), paths that
// leave the site root, and control characters in any input. Each test gives the
// exact `path:line:column` message.

import Foundation
import PlanLinking
import PlanLoading
import PlanModel
import Testing

@Suite("Hardening: located errors")
struct HardeningDiagnosticTests {
    @Test("an unclosed quote is reported at its opening, not where the parser gave up")
    func unclosedQuote() {
        //  7         what: "Train every social worker      ('"' at col 15; libyaml reads on to the '"' of "2.2" on line 9)
        let text = """
        number: 2
        title: Practice and culture
        actions:
          - heading: Culture
            rows:
              - ref: "2.1"
                what: "Train every social worker
                lead: [Head of Practice]
              - ref: "2.2"
                what: Establish a community of practice.
                lead: [Director of Children's Services]

        """
        let loaded = Site.load([Site.workArea2: text])
        #expect(loaded.diagnostics.map(\.formatted) == [
            "content/work-areas/2.yaml:7:15: error: this quote (\") is never closed on its line, so the value runs on (the YAML parser gave up at line 9); "
                + "add the closing quote; inside a quoted value, write a double quote as \\\" and a single quote as ''",
        ])
    }

    @Test("an unclosed quote at the end of the file is reported at its opening")
    func unclosedQuoteAtTheEnd() {
        let text = "number: 2\ntitle: 'Practice\nactions: []\n"
        let loaded = Site.load([Site.workArea2: text])
        #expect(loaded.diagnostics.map(\.formatted).first?.hasPrefix("content/work-areas/2.yaml:2:8: error: this quote (') is never closed") == true,
                "\(loaded.diagnostics.map(\.formatted))")
    }

    @Test("a quoted value that spans lines is not taken for the mistake")
    func multiLineQuoteIsFine() {
        let text = "number: 2\ntitle: \"Practice\n  and culture\"\nsource: [a, b\nactions: []\n"
        let loaded = Site.load([Site.workArea2: text])
        #expect(loaded.diagnostics.map(\.formatted).first?.hasPrefix("content/work-areas/2.yaml:4:9: error: this '[' is never closed") == true,
                "\(loaded.diagnostics.map(\.formatted))")
    }

    @Test("an unclosed bracket is reported at its opening")
    func unclosedBracket() {
        //  8         lead: [Head of Practice      ('[' at col 15)
        let text = """
        number: 2
        title: Practice and culture
        actions:
          - heading: Culture
            rows:
              - ref: "2.1"
                what: Train every social worker.
                lead: [Head of Practice
              - ref: "2.2"
                what: Establish a community of practice.

        """
        let loaded = Site.load([Site.workArea2: text])
        #expect(loaded.diagnostics.map(\.formatted).count == 1)
        #expect(loaded.diagnostics.first?.formatted.hasPrefix("content/work-areas/2.yaml:8:15: error: this '[' is never closed (the YAML parser gave up at line ") == true,
                "\(loaded.diagnostics.map(\.formatted))")
    }

    @Test("a bracket left open as the last thing in a file is reported at the bracket, not past the end")
    func unclosedBracketAtTheEndOfTheFile() {
        let start = "number: 2\ntitle: Culture and practice\nactions:\n  - heading: Culture\n    rows:\n      - ref: \"2.1\"\n        what: Train every social worker.\n"
        for ending in ["        lead: [\n", "        lead: {   # to fill in\n\n", "        lead: ["] {
            let loaded = Site.load([Site.workArea2: start + ending])
            let messages = loaded.diagnostics.map(\.formatted)
            let bracket = ending.contains("[") ? "[" : "{"
            #expect(messages.count == 1 && messages.first?.hasPrefix("content/work-areas/2.yaml:8:15: error: this '\(bracket)' is never closed: nothing follows it") == true,
                    "\(messages)")
        }
    }

    @Test("a duplicate key in front matter is reported at the duplicate")
    func duplicateFrontMatterKey() {
        let page = """
        ---
        title: Foreword
        order: 10
        title: Foreword again
        ---
        We will do better for children.

        """
        let loaded = Site.load([Site.foreword: page])
        #expect(loaded.diagnostics.map(\.formatted) == [
            "content/pages/foreword.md:4:1: error: the key 'title' appears twice in one mapping (first at line 2); remove or rename one of them",
        ])
    }

    @Test("a duplicate key in a nested mapping is reported at the duplicate")
    func duplicateNestedKey() {
        let text = """
        number: 2
        title: Practice and culture
        addresses:
          ofsted-2015: "4"
          ofsted-2015: "5"
        actions: []

        """
        let loaded = Site.load([Site.workArea2: text])
        #expect(loaded.diagnostics.map(\.formatted) == [
            "content/work-areas/2.yaml:5:3: error: the key 'ofsted-2015' appears twice in one mapping (first at line 4); remove or rename one of them",
        ])
    }

    @Test("a NUL byte in a page is an error at its line and column")
    func nulInPage() {
        let page = Site.forewordText.replacingOccurrences(of: "## Our promise", with: "## Our\u{0}promise")
        let loaded = Site.load([Site.foreword: page])
        #expect(loaded.diagnostics.map(\.formatted) == [
            "content/pages/foreword.md:7:7: error: a NUL byte (U+0000) is not allowed in text; remove it; text may hold tabs and line breaks, but no other control characters",
        ])
    }

    @Test("a control character in YAML is an error at its line and column")
    func controlCharacterInYAML() {
        let glossary = Site.glossaryText.replacingOccurrences(of: "who share", with: "who\u{1B}share")
        let loaded = Site.load([Site.glossary: glossary])
        #expect(loaded.diagnostics.map(\.formatted) == [
            "content/glossary.yaml:4:57: error: the control character U+001B is not allowed in text; remove it; text may hold tabs and line breaks, but no other control characters",
        ])
    }

    @Test("tab, carriage return and a C1 control character")
    func whichControlCharacters() {
        #expect(throws: Never.self) { try TextHygiene.check("a\tb\r\nc") }
        #expect(throws: ContentError.controlCharacter(0x85, line: 2, column: 2)) { try TextHygiene.check("ab\né\u{85}") }
        #expect(throws: ContentError.controlCharacter(0x7F, line: 1, column: 1)) { try TextHygiene.check("\u{7F}") }
    }

    @Test("the byte check finds every forbidden character the scalar rule names, and no other")
    func byteCheckAgreesWithScalarRule() {
        // Text is checked byte by byte first (most holds no control character); every scalar up to U+07FF (one
        // and two bytes in UTF-8, which hold all the forbidden ones) and some beyond, alone and between letters.
        for value in Array(0...0x7FF) + Array(0x2028...0x202F) + Array(0x2064...0x206A) + [0xFEFF, 0x1F600] {
            guard let scalar = Unicode.Scalar(value) else { continue }
            for text in ["\(scalar)", "ab\né\(scalar)z"] {
                var threw = false
                do { try TextHygiene.check(text) } catch { threw = true }
                #expect(threw == TextHygiene.isForbidden(scalar), "U+\(String(value, radix: 16))")
            }
        }
    }

    /// A right-to-left override in a title showed "Leadership and governance" as "ecnanrevog dna pihsredaeL" (or
    /// made one text read as another) without a word.
    @Test("a bidirectional override or isolate is an error at its line and column, named")
    func bidiControls() {
        //  2 title: Leadership and \u{202E}governance      (U+202E at col 23)
        let area = Site.workArea1Text.replacingOccurrences(of: "title: Leadership and governance", with: "title: Leadership and \u{202E}governance")
        #expect(Site.load([Site.workArea1: area]).diagnostics.map(\.formatted) == [
            "content/work-areas/1.yaml:2:23: error: the invisible character U+202E (right-to-left override) is not allowed in text: it changes the order in which "
                + "the text around it is shown, and so can disguise it; remove it; text in a right-to-left language is shown in its order without it",
        ])
        //  9 We answer [recommendation 3](ofsted-2015:3) with \u{2067}[action 1.1](action:1.1).   (U+2067 at col 50)
        let page = Site.forewordText.replacingOccurrences(of: "with [action 1.1]", with: "with \u{2067}[action 1.1]")
        #expect(Site.load([Site.foreword: page]).diagnostics.map(\.formatted).first?.hasPrefix(
            "content/pages/foreword.md:9:50: error: the invisible character U+2067 (right-to-left isolate) is not allowed in text") == true)
        // The marks that set the direction of one character (U+200E, U+200F) and the Arabic letter mark stay allowed.
        #expect(throws: Never.self) { try TextHygiene.check("a\u{200E}b\u{200F}c\u{061C}d") }
    }

    @Test("files read at once: each file's problem reported in the order site.yaml names them")
    func problemsOfSeveralFilesInOrder() {
        let first = Site.workArea1Text.replacingOccurrences(of: "title:", with: "title:\u{1}", options: [], range: nil)
        let second = Site.workArea2Text.replacingOccurrences(of: "title:", with: "title:\u{7F}", options: [], range: nil)
        let loaded = Site.load([Site.workArea1: first, Site.workArea2: second])
        let files = loaded.diagnostics.map { $0.location?.file ?? "" }
        #expect(files.filter { $0.hasPrefix("content/work-areas/") } == [Site.workArea1, Site.workArea2])
        #expect(loaded.diagnostics.allSatisfy { $0.formatted.contains("control character") })
    }

    @Test("invalid UTF-8 names the line and column of the first bad byte")
    func invalidUTF8() {
        let bytes = Array("one\ntwo\nthé ".utf8) + [0xC3, 0x28] + Array(" four\n".utf8)
        #expect(throws: ContentError.notUTF8(line: 3, column: 5)) { try TextHygiene.decode(Data(bytes)) }
        #expect(throws: ContentError.notUTF8(line: 1, column: 1)) { try TextHygiene.decode(Data([0xFF])) }
        #expect(throws: ContentError.notUTF8(line: 1, column: 2)) { try TextHygiene.decode(Data([0x41, 0xE2, 0x82])) }   // truncated
        #expect(throws: ContentError.notUTF8(line: 1, column: 1)) { try TextHygiene.decode(Data([0xED, 0xA0, 0x80])) }   // surrogate
        #expect((try? TextHygiene.decode(Data("é€😀".utf8))) == "é€😀")
    }

    @Test("UTF-16 and UTF-32 are told from UTF-8 by their mark or their zero bytes; a stray NUL is not taken for them")
    func wideEncodings() {
        #expect(throws: ContentError.wideEncoding("UTF-16")) { try TextHygiene.decode(Data([0xFE, 0xFF, 0, 0x41])) }
        #expect(throws: ContentError.wideEncoding("UTF-32")) { try TextHygiene.decode(Data([0, 0, 0xFE, 0xFF, 0, 0, 0, 0x41])) }
        #expect(throws: ContentError.wideEncoding("UTF-16")) { try TextHygiene.decode(Data("title: x\n".data(using: .utf16LittleEndian)!)) }
        #expect((try? TextHygiene.decode(Data("ab\u{0}cdefgh\n".utf8))) == "ab\u{0}cdefgh\n")
        #expect((try? TextHygiene.decode(Data("\u{0}\u{0}abcdefgh\n".utf8))) != nil)
    }

    @Test("a site.yaml entry that leaves the site root is refused at the entry")
    func parentPathInSiteYAML() {
        // 12 glossary: ../secrets.yaml     (value at col 11)
        let site = Site.siteText.replacingOccurrences(of: "glossary: content/glossary.yaml", with: "glossary: ../secrets.yaml")
        let loaded = Site.load([Site.siteYAML: site, "../secrets.yaml": "password: hunter2\n"])
        #expect(loaded.diagnostics.map(\.formatted) == [
            "site.yaml:12:11: error: '../secrets.yaml' is outside the site root; plansite reads only files inside the folder holding site.yaml; "
                + "move the file into the site folder and name it by a path relative to site.yaml, without '..'",
        ])
    }

    @Test("an absolute path and a pages folder outside the root are refused at their entries")
    func absoluteAndFolderPaths() {
        let site = Site.siteText
            .replacingOccurrences(of: "pages: content/pages", with: "pages: content/../../pages")
            .replacingOccurrences(of: "glossary: content/glossary.yaml", with: "glossary: /etc/passwd")
        let loaded = Site.load([Site.siteYAML: site])
        #expect(loaded.diagnostics.map(\.formatted) == [
            "site.yaml:6:8: error: 'content/../../pages' is outside the site root; plansite reads only files inside the folder holding site.yaml; "
                + "move the file into the site folder and name it by a path relative to site.yaml, without '..'",
            "site.yaml:12:11: error: '/etc/passwd' is an absolute path; plansite reads only files inside the folder holding site.yaml; "
                + "move the file into the site folder and name it by a path relative to site.yaml",
        ])
    }

    @Test("more register items than the documented limit is an error at the first one over it")
    func tooManyItems() {
        // The same check as at the documented 50,000, at a limit a test can reach quickly.
        let items = (1...31).map { "  - number: \"\($0)\"\n    text: Recommendation \($0).\n" }.joined()
        var loader = PlanLoader(source: MemoryContentSource(Site.files([Site.register: "id: ofsted-2015\ntitle: R\nissuer: Ofsted\nitems:\n" + items])))
        loader.maxEntities = 30
        #expect(loader.load().diagnostics.map(\.formatted) == [
            "content/registers/ofsted-2015.yaml:65:5: error: the site has 31 register items, over the limit of 30; this is the first one over it; "
                + "a site holds at most 30 register items; see 'Limits' in docs/content-format.md",
        ])
        #expect(ContentLimits.maxEntities == 50_000, "the limit docs/content-format.md documents")
    }
}
