// Unit tests of rendering pieces: the built-in theme, the plain-text
// conversion, the edition link rewriting and the site audit.

import Foundation
@testable import PlanLinking
import PlanLoading
@testable import PlanRendering
import Markdown
import Testing

/// A build checks only a site's own templates (the default theme's are not scanned on every build): this checks
/// the default theme's, each as if a site had written it, and that the check does find a mistake in one.
@Test func defaultThemeTemplatesPassTheThemeCheck() {
    var theme = Theme.builtIn
    #expect(theme.templateProblems().isEmpty)
    for name in theme.templates.keys { theme.sources[name] = "themes/default/templates/\(name).mustache" }
    #expect(theme.templateProblems().map { "\($0)" } == [])
    theme.templates["page"] = theme.templates["page"]! + "{{#open}}"
    #expect(theme.templateProblems().map(\.code) == ["template-syntax"])
    // A name no view has renders nothing: a warning at the tag, with the name meant.
    var typo = Theme.builtIn
    typo.templates["layout"] = typo.templates["layout"]!.replacingOccurrences(of: "<title>{{documentTitle}}</title>", with: "<title>{{site.titel}}</title>")
    typo.sources["layout"] = "themes/mine/templates/layout.mustache"
    #expect(typo.templateProblems().map(\.formatted) == [
        "themes/mine/templates/layout.mustache:6:8: warning: this tag names 'site.titel', but no view has a field 'titel', so it renders nothing; did you mean title?",
    ])
}

@Test func builtInThemeMatchesTheThemeFolder() throws {
    // The theme is embedded by scripts/embed-theme.py; this fails when the two differ.
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/PlanRendering/Theme")
    let templates = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("templates").path).filter { $0.hasSuffix(".mustache") }
    #expect(Set(templates.map { String($0.dropLast(9)) }) == Set(Theme.builtIn.templates.keys), "run scripts/embed-theme.py")
    for name in templates {
        let text = try String(contentsOf: folder.appendingPathComponent("templates/\(name)"), encoding: .utf8)
        #expect(Theme.builtIn.templates[String(name.dropLast(9))] == text, "\(name) differs: run scripts/embed-theme.py")
    }
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("assets").path) {
        #expect(Theme.builtIn.assets[name] == FileManager.default.contents(atPath: folder.appendingPathComponent("assets/\(name)").path), "\(name) differs: run scripts/embed-theme.py")
    }
    for name in Theme.requiredTemplates { #expect(Theme.builtIn.templates[name] != nil, "missing \(name)") }
}

@Test func htmlTextReadsListsHeadingsAndTables() {
    let html = """
    <h2 id="x">Key actions</h2>
    <p>Some <em>text</em> &amp; more.</p>
    <ul><li>One</li><li>Two</li></ul>
    <table><caption>Actions</caption>
    <thead><tr><th scope="col">Ref</th><th scope="col">What</th><th scope="col">Lead</th></tr></thead>
    <tbody><tr class="group"><th scope="colgroup" colspan="3">Leadership</th></tr>
    <tr><th scope="row">1.1</th><td>Do it.</td><td>Director</td></tr>
    <tr><th scope="row">1.2</th><td>Two leads.</td><td><ul class="leads"><li>Director</li><li>Chair, Board</li></ul></td></tr>
    <tr><th scope="row">1.3</th><td colspan="2">Spans two columns.</td></tr></tbody></table>
    <ul><li>Outer<ul><li>Inner</li></ul></li></ul>
    """
    let text = HTMLText.convert(html)
    #expect(text.contains("Key actions\n===========\n"))
    #expect(text.contains("Some text & more.\n"))
    #expect(text.contains("- One\n- Two\n"))
    #expect(text.contains("Table: Actions\n"))
    #expect(text.contains("\nLeadership\n"))
    #expect(text.contains("- Ref 1.1; What: Do it.; Lead: Director\n"))
    #expect(text.contains("- Ref 1.2; What: Two leads.; Lead: Director; Chair, Board\n"), "a list in a cell reads as items separated by semicolons")
    #expect(text.contains("- Ref 1.3; What to Lead: Spans two columns.\n"), "a cell across columns names the first and last")
    #expect(text.contains("- Outer\n  - Inner\n"), "nested lists keep their indentation")
}

@Test func editionRewriterMapsLinksIdsAndHeadings() {
    let rewriter = EditionRewriter(placement: ["intro.html": ("", "s-intro"), "work-areas/1.html": ("", "s-work-areas-1")],
                                   actionHome: ["actions/1.2.html": "work-areas/1.html"], keepOutsideLinks: true, currentFile: "")
    let section = EditionSection(sitePath: "work-areas/1.html", id: "s-work-areas-1", title: "Work area 1",
                                 html: ##"<h2 id="summary">Summary</h2><a href="../intro.html#our-promise">p</a> <a href="../actions/1.2.html">a</a> <a href="../report.html">r</a> <a href="https://x.org/">x</a><div aria-labelledby="cap"></div>"##,
                                 depth: 1)
    let out = rewriter.rewrite(section)
    #expect(out.contains(#"<h3 id="s-work-areas-1--summary">Summary</h3>"#))
    #expect(out.contains(##"href="#s-intro--our-promise""##))
    #expect(out.contains(##"href="#s-work-areas-1--action-1.2""##))
    #expect(out.contains(#"href="report.html""#), "pages outside the edition stay links to the site")
    #expect(out.contains(#"href="https://x.org/""#))
    #expect(out.contains(#"aria-labelledby="s-work-areas-1--cap""#))
    let epub = EditionRewriter(placement: ["intro.html": ("s-intro.xhtml", "s-intro")], actionHome: [:], keepOutsideLinks: false, currentFile: "s-other.xhtml")
    let dropped = epub.rewrite(EditionSection(sitePath: "a.html", id: "s-a", title: "A", html: #"<a href="report.html">the report</a> and <a href="intro.html">intro</a>"#, depth: 0))
    #expect(dropped == ##"the report and <a href="s-intro.xhtml#s-intro">intro</a>"##)
    // The pages' own navigation goes; for XHTML, void elements close and bare attributes get a value.
    var xhtml = EditionRewriter(placement: ["a.html": ("s-a.xhtml", "s-a")], actionHome: [:], keepOutsideLinks: false, currentFile: "s-a.xhtml")
    xhtml.xhtml = true
    xhtml.headingShift = 0
    let page = ##"<nav class="toc" aria-label="On this page"><ul><li><a href="#x">x</a></li></ul></nav>"## + "\n" + ##"<p>One<br>two<br />"##
        + ##"<sup data-footnote-ref><a href="#fn-1" id="fnref-1">1</a></sup></p><h2 id="x">X</h2><nav class="other">kept</nav>"##
    #expect(xhtml.rewrite(EditionSection(sitePath: "a.html", id: "s-a", title: "A", html: page, depth: 0))
        == ##"<p>One<br />two<br /><sup data-footnote-ref=""><a href="#s-a--fn-1" id="s-a--fnref-1">1</a></sup></p><h2 id="s-a--x">X</h2><nav class="other">kept</nav>"##)
    // Every void element closes, whatever the case it is written in; names that merely start like one do not;
    // each id of a list is prefixed; attributes named like rewritten ones but longer are copied as they are.
    let voids = ##"<IMG src="i.png" alt=""><hr><Col><wbr><meta name="m" content="c"><link rel="x" href="a.html"><input type="search"><bra><colgroup>"##
        + ##"<span aria-describedby="d1  d2" aria-labelledby="l" data-id="k" hrefx="a.html" idx="z">s</span>"##
    #expect(xhtml.rewrite(EditionSection(sitePath: "a.html", id: "s-a", title: "A", html: voids, depth: 0))
        == ##"<IMG src="i.png" alt="" /><hr /><Col /><wbr /><meta name="m" content="c" /><link rel="x" href="#s-a" /><input type="search" /><bra><colgroup>"##
        + ##"<span aria-describedby="s-a--d1 s-a--d2" aria-labelledby="s-a--l" data-id="k" hrefx="a.html" idx="z">s</span>"##)
}

@Test func anActionsNameInTheEditionsIsItsFileNameWithoutHTML() {
    #expect(EditionRewriter.actionName("actions/1.2.html") == "1.2")
    #expect(EditionRewriter.actionName("actions/10.14a.html") == "10.14a")
    #expect(EditionRewriter.actionName("1.2.html") == "1.2")
    #expect(EditionRewriter.actionName("actions/x.html.html") == "x")
    #expect(EditionRewriter.actionName("actions/plain") == "plain")
    #expect(EditionRewriter.actionName("actions/a.htmlb.html") == "ab")
    #expect(EditionRewriter.actionName("actions/.htm") == ".htm")
}

@Test func scannerTokenisesTagsTextAndComments() {
    let html = ScannedHTML(#"<!-- c --><p class="a>b">x &amp; y</p><br/>< not a tag"#)
    let kinds = html.tokens.map { t -> String in
        switch t.kind {
        case .other: return "other"
        case .text: return "text:" + html.string(t.range)
        case .tag: return (t.closing ? "/" : "") + html.string(t.name) + "[" + html.string(t.attributes) + "]"
        }
    }
    #expect(kinds == ["other", #"p[ class="a>b"]"#, "text:x &amp; y", "/p[]", "br[]", "text:< not a tag"])
    #expect(html.attribute("class", of: html.tokens[1]) == "a>b")
}

/// The audit reads each tag's attributes in one pass: it finds what a search for each attribute finds, on tags with
/// boolean attributes, unquoted or single-quoted values, a name inside another (data-id, srcset) and repeats.
@Test func oneAttributePassFindsWhatEachSearchFinds() {
    let html = ScannedHTML(##"<a hidden data-id="d" href="#h" id="i"><img srcset="s 2x" src="p.png" alt='x id="q"'><a x=1 href="u.html"><p id="a" id="b" class="href"><td colspan="2" id=""></td>"##)
    var found: [String] = []
    for t in html.tokens where t.kind == .tag && !t.closing {
        var seen: [String: String] = [:]
        html.forEachAttribute(of: t) { name, value in
            let n = html.string(name)
            if seen[n] == nil { seen[n] = html.string(value) }
        }
        for name in ["id", "href", "src"] {
            #expect(seen[name] == html.attribute(name, of: t), "\(name) of \(html.string(t.range))")
            if let v = seen[name] { found.append("\(name)=\(v)") }
        }
    }
    #expect(found == ["id=i", "href=#h", "id=q", "src=p.png", "href=u.html", "id=a", "id="])
}

@Test func auditFindsBrokenLinksMissingHeadingsAndTableHeaders() {
    func page(_ body: String) -> String { #"<html lang="en"><head><title>T</title></head><body><h1>T</h1>"# + body + "</body></html>" }
    let files = [
        OutputFile(path: "index.html", text: page(##"<a href="a.html#here">ok</a> <a href="a.html#gone">x</a> <a href="missing.html">y</a>"##)),
        OutputFile(path: "a.html", text: page(#"<h2 id="here">Here</h2><table><caption>C</caption><tr><th>no scope</th></tr></table><table><tr><td>1</td></tr></table>"#)),
        OutputFile(path: "b.html", text: "<html><head><title></title></head><body></body></html>"),
    ]
    let audit = SiteAudit.run(files)
    #expect(audit.pages == 3 && audit.links == 3 && audit.tables == 2)
    #expect(audit.problems.sorted() == [
        "a.html: a header cell without scope",
        "a.html: a table without a caption or label",
        "b.html: 0 h1 headings (one expected)",
        "b.html: empty <title>",
        "b.html: no lang on <html>",
        "index.html: broken link 'missing.html'",
        "index.html: link 'a.html#gone' to a missing anchor",
    ])
}

@Test func templateEscapingIsHTMLEscapingForEveryCharacter() {
    // The compiled templates skip escaping text without a special character: each character on its own, and
    // in longer texts, comes out as swift-mustache's escaping (HTML.escape) gives it.
    var texts = (0..<128).map { String(UnicodeScalar(UInt8($0))) } + ["", "Plain text", "“Curly” quotes — and é", "Tom's", "a<b", "x > y & z", #"say "hi""#]
    texts += texts.map { "Children’s services, " + $0 + " more" }
    for text in texts {
        var out = "prefix:"
        CompiledLibrary.escape(text, into: &out)
        #expect(out == "prefix:" + HTML.escape(text), "\(text.debugDescription)")
    }
}

@Test func theAuditTellsStringsApartByTheirBytesNotTheirHash() {
    // Ids and links are found by hash and then compared byte for byte: two strings given the same hash stay two,
    // for the page's duplicate ids as for the site's table of strings.
    var f = SiteAudit.PageFacts()
    func keep(_ s: String) -> Int32 { Array(s.utf8).withUnsafeBufferPointer { f.keep($0) } }
    let a = keep("intro"), b = keep("summary"), a2 = keep("intro"), c = keep("")
    f.hashes = f.hashes.map { _ in 42 }   // every string the same hash
    #expect(f.string(a) == "intro" && f.string(b) == "summary" && f.string(a2) == "intro" && f.string(c) == "")
    var ids = SiteAudit.IDSet()
    let inserted = [a, b, c, a2, b].map { ids.insert($0, of: f) }
    #expect(inserted == [true, true, true, false, false], "the same id twice is a duplicate, a colliding one seen again too")
    var collector = SiteAudit.Collector()
    let numbers = [a, b, a2, c, b].map { collector.number(f, $0) }
    #expect(numbers == [0, 1, 0, 2, 1])
    #expect(collector.strings == ["intro", "summary", ""])
    // Looked up by text (an anchor's target), a string kept as a collision is found as itself.
    #expect(collector.number(of: "summary") == 1 && collector.number(of: "") == 2 && collector.number(of: "other") == nil)
    // With real hashes, as the audit makes them: the same strings, the same numbers.
    var real = SiteAudit.PageFacts()
    let r = ["intro", "summary", "intro", "", "a-much-longer-link.html#with-a-fragment"].map { s in Array(s.utf8).withUnsafeBufferPointer { real.keep($0) } }
    var fresh = SiteAudit.Collector()
    let realNumbers = r.map { fresh.number(real, $0) }
    #expect(realNumbers == [0, 1, 0, 2, 3])
    #expect(fresh.number(of: "intro") == 0 && fresh.number(of: "a-much-longer-link.html#with-a-fragment") == 3 && fresh.number(of: "intr") == nil)
    // A page's first repeated id is reported, once; ids that share a prefix are not repeats.
    let page = #"<html lang="en"><head><title>T</title></head><body><h1 id="top">T</h1><p id="a-section-id-longer-than-eight"></p>"#
        + #"<p id="a-section-id-longer-than-eigh"></p><p id="b"></p><p id="a-section-id-longer-than-eight"></p><p id="b"></p></body></html>"#
    let facts = SiteAudit.facts(path: "p.html", bytes: Array(page.utf8))
    #expect(facts.problems == ["p.html: duplicate id 'a-section-id-longer-than-eight'"])
    #expect(facts.ids.count == 6 && facts.hrefs.isEmpty)
}

@Test func aLinkWithinThePageIsCheckedAgainstThatPagesOwnIds() {
    // "#id" links are checked against the page's own ids (found at once); "#" alone goes nowhere and is fine; a
    // fragment that starts with a character other than ASCII takes the general path, with the same verdict.
    func page(_ body: String) -> String { #"<html lang="en"><head><title>T</title></head><body><h1 id="top">T</h1>"# + body + "</body></html>" }
    let files = [
        OutputFile(path: "a.html", text: page(##"<p id="x"></p><p id="é"></p><a href="#x">1</a><a href="#top">2</a><a href="#">3</a><a href="#y">4</a><a href="#é">5</a><a href="#ü">6</a><a href="b.html#x">7</a>"##)),
        OutputFile(path: "b.html", text: page(##"<a href="#x">8</a><a href="a.html#y">9</a><a href="#top">10</a>"##)),
        OutputFile(path: "style.css", text: "p {}"),
    ]
    var collector = SiteAudit.Collector()
    for f in files { collector.add(f.path, SiteAudit.facts(of: f)) }
    let audit = collector.finish(threads: 1)
    #expect(audit.links == 10)
    #expect(audit.problems == [
        "a.html: link '#y' to a missing anchor", "a.html: link '#ü' to a missing anchor", "a.html: link 'b.html#x' to a missing anchor",
        "b.html: link '#x' to a missing anchor", "b.html: link 'a.html#y' to a missing anchor",
    ])
}

@Test func anAuditInPiecesFindsWhatOneThreadFinds() {
    // A page with more links than a piece holds (as the one-page editions have) is checked in several pieces, on
    // several threads: the figures and the problems, in order, are those of one thread checking it whole.
    func page(_ body: String) -> String { #"<html lang="en"><head><title>T</title></head><body><h1>T</h1>"# + body + "</body></html>" }
    var links = ""
    var ids = ""
    for i in 0..<9_000 {
        ids += "<p id=\"s\(i)\">\(i)</p>"
        links += i % 1_000 == 7 ? "<a href=\"#gone\(i)\">x</a>" : i % 1_500 == 3 ? "<a href=\"none\(i).html\">y</a>" : "<a href=\"#s\(i)\">\(i)</a>"
    }
    var files = [OutputFile(path: "big.html", text: page(ids + links + "<table><tr><td>1</td></tr></table>"))]
    for i in 0..<40 { files.append(OutputFile(path: "p\(i).html", text: page("<a href=\"big.html#s\(i * 200)\">a</a><a href=\"big.html#t\(i)\">b</a>"))) }
    var collector = SiteAudit.Collector()
    for f in files { collector.add(f.path, SiteAudit.facts(of: f)) }
    let one = collector.finish(threads: 1)
    #expect(one.pages == 41 && one.links == 9_080 && one.tables == 1)
    #expect(one.problems.count == 9 + 6 + 40 + 1)
    #expect(one.problems.first == "big.html: a table without a caption or label")
    #expect(one.problems[1] == "big.html: broken link 'none3.html'" && one.problems[2] == "big.html: link '#gone7' to a missing anchor")
    #expect(one.problems.last == "p9.html: link 'big.html#t9' to a missing anchor")
    for threads in [2, 4] {
        let many = collector.finish(threads: threads)
        #expect(many.pages == one.pages && many.links == one.links && many.tables == one.tables)
        #expect(many.problems == one.problems)
    }
}

@Test func viewModelsAnswerTemplateTagsWithoutReflection() throws {
    // ViewFields.generated.swift is written by scripts/gen-view-fields.py; this fails when it lags the view models.
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let check = Process()
    check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    check.arguments = ["python3", root.appendingPathComponent("scripts/gen-view-fields.py").path, "--check"]
    try check.run()
    check.waitUntilExit()
    #expect(check.terminationStatus == 0, "run scripts/gen-view-fields.py")
    // Every stored property a template can name is answered by name, the same value reflection would give.
    let view = RowView(ref: "2.4", href: "../actions/2.4.html", what: "Do it", leads: ["Head of Safeguarding"], timeframe: "",
                       timeframeStated: false, isRepeat: true, original: LinkView(href: "1.2.html", text: "1.2"), repeats: [],
                       hasRepeats: false, repeatsHTML: "")
    for field in Mirror(reflecting: view).children {
        guard let label = field.label else { continue }
        #expect(RowView.templateFields.contains(label))
        let reflected = String(describing: field.value)
        if let answered = view.child(named: label) {
            let unwrapped = reflected.hasPrefix("Optional(") ? String(reflected.dropFirst(9).dropLast()) : reflected
            #expect(unwrapped == String(describing: answered) || unwrapped == String(reflecting: answered), "\(label)")
        } else {
            #expect(reflected == "nil", "\(label)")
        }
    }
    #expect(view.child(named: "original") != nil)
    #expect(view.child(named: "no-such-field") == nil)
    // By number (what the compiled templates ask), every field is what it is by name, sorted by its kind.
    for label in RowView.templateFields {
        let number = try #require(TemplateNames.numbers[label])
        let byNumber = view.templateField(number)
        #expect(byNumber.value.map { String(describing: $0) } == view.child(named: label).map { String(describing: $0) }, "\(label)")
        switch label {
        case "ref", "href", "what", "timeframe", "repeatsHTML": if case .text = byNumber {} else { Issue.record("\(label) is not text") }
        case "timeframeStated", "isRepeat", "hasRepeats": if case .bool = byNumber {} else { Issue.record("\(label) is not yes/no") }
        case "leads", "repeats": if case .list = byNumber {} else { Issue.record("\(label) is not a list") }
        case "original": if case .object = byNumber {} else { Issue.record("\(label) is not a view") }
        default: Issue.record("\(label) is not expected")
        }
    }
    #expect(TemplateNames.numbers["no-such-field"] == nil)
    if case .missing = view.templateField(-1) {} else { Issue.record("an unknown number gives a value") }
}

/// plan.json's members are encoded at the same time and joined: the bytes are JSONEncoder's for the whole document,
/// for the real plan (documents, a schedule, progress) and for fixtures without documents or a schedule.
@Test func planJSONIsTheEncodersOwnBytes() throws {
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let fixtures = repository.appendingPathComponent("Tests/PlanBuildTests/Fixtures")
    var withoutDocuments = 0, withoutSchedule = 0
    for root in [repository, fixtures.appendingPathComponent("progress"), fixtures.appendingPathComponent("site")] {
        let plan = try #require(PlanLoader(source: DiskContentSource(root: root)).load().plan)
        let data = OpenData(linked: Linker().link(plan))
        let document = data.document()
        if document.documents == nil { withoutDocuments += 1 }
        if document.schedule == nil { withoutSchedule += 1 }
        let encoder = JSONEncoder()
        encoder.outputFormatting = OpenData.formatting
        let whole = try encoder.encode(document) + Data("\n".utf8)
        // The encoder plan.json and the search index are written with (JSONBytes) gives JSONEncoder's bytes.
        #expect(try Data(JSONBytes.encode(document, pretty: true)) + Data("\n".utf8) == whole, "plan.json of \(root.lastPathComponent), whole")
        // A member one level deep, written directly or (what JSONBytes leaves to JSONEncoder) encoded alone and indented.
        #expect(try OpenData.indented([UInt8](encoder.encode(document.registers))) == JSONBytes.encode(document.registers, pretty: true, depth: 1))
        #expect(try OpenData.indented([UInt8](encoder.encode(document.progress))) == JSONBytes.encode(document.progress, pretty: true, depth: 1))
        let search = SearchIndexBuilder(linked: Linker().link(plan))
        let index = search.index(search.documents())
        #expect(index.docs.count > 20)
        let searchEncoder = JSONEncoder()
        searchEncoder.outputFormatting = SearchIndexBuilder.formatting
        #expect(try Data(JSONBytes.encode(index, pretty: false)) == searchEncoder.encode(index), "search index of \(root.lastPathComponent)")
        #expect(try Data(SearchIndexBuilder.compactJSON(index)) == searchEncoder.encode(index), "search index of \(root.lastPathComponent), written directly")
        for threads in [1, 4] {
            let joined = try OpenData.json(of: document, threads: threads)
            #expect(joined == whole, "plan.json of \(root.lastPathComponent) with \(threads) threads")
        }
    }
    #expect(withoutDocuments > 0 && withoutSchedule > 0, "a fixture without documents and one without a schedule")
}

@Test func jsonBytesAreJSONEncodersForEveryShapeAndCharacter() throws {
    struct Inner: Encodable { let a: [Int]; let b: [String: [Int]]; let c: String?; let d: Bool; let e: [[String]]; let n: Int8; let u: UInt64 }
    struct Outer: Encodable {
        let zed: [Inner]; let Apple: String; let apple: Int; let empty: [Inner]; let emptyDict: [String: String]; let s: String
        let n: Int?; let a_b: Int; let a2: Int; let a10: Int; let keys: [String: Bool]; let null: String?; let nested: [String: [String: [Int]]]
    }
    let everyASCII = String(decoding: (0..<128).map { UInt8($0) }, as: UTF8.self)
    let value = Outer(
        zed: [Inner(a: [], b: [:], c: nil, d: true, e: [[], [""]], n: -128, u: .max),
              Inner(a: [1, -2, .min, .max], b: ["x": [], "B": [3], "": [0]], c: "q/\\", d: false, e: [["a", "b"]], n: 127, u: 0)],
        Apple: "A", apple: 1, empty: [], emptyDict: [:], s: everyASCII + "é“x”\u{2028}\u{1F600}", n: nil, a_b: 1, a2: 2, a10: 10,
        keys: ["é": true, "e": false, "Z": true, "z ": false, "a\"b": true, "\u{7}": false], null: nil,
        nested: ["outer": ["inner": []], "empty": [:]])
    for formatting: JSONEncoder.OutputFormatting in [[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes], [.sortedKeys, .withoutEscapingSlashes]] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = formatting
        let expected = try encoder.encode(value)
        #expect(try Data(JSONBytes.encode(value, pretty: formatting.contains(.prettyPrinted))) == expected)
        #expect(try JSONBytes.data(value, formatting: formatting) == expected)
        #expect(try Data(JSONBytes.encode([String](), pretty: formatting.contains(.prettyPrinted))) == encoder.encode([String]()))
        #expect(try Data(JSONBytes.encode([String: [Int]](), pretty: formatting.contains(.prettyPrinted))) == encoder.encode([String: [Int]]()))
        #expect(try Data(JSONBytes.encode("a/\"b", pretty: formatting.contains(.prettyPrinted))) == encoder.encode("a/\"b"))
    }
    // A custom encoding that asks for a nested container is left to JSONEncoder too.
    struct Nested: Encodable {
        enum Keys: String, CodingKey { case outer, inner }
        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            var nested = container.nestedContainer(keyedBy: Keys.self, forKey: .outer)
            try nested.encode("x", forKey: .inner)
        }
    }
    #expect(throws: JSONBytes.Unsupported.self) { try JSONBytes.encode([Nested(), Nested()], pretty: true) }
    let nestedEncoder = JSONEncoder()
    nestedEncoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    #expect(try JSONBytes.data(["a": [Nested()]], formatting: nestedEncoder.outputFormatting) == nestedEncoder.encode(["a": [Nested()]]))
    // The context of a document (its encoders and stores, which refer back to it) is let go once it is written,
    // thrown away or left to JSONEncoder: nothing of a large document stays in memory.
    for value in [[Nested()], []] as [[Nested]] {
        weak var gone: JSONBytes.Context?
        do {
            let context = JSONBytes.Context(pretty: true)
            gone = context
            _ = try? JSONBytes.encode(value, pretty: true, in: context)
            _ = try? JSONBytes.encode(["outer": value], pretty: true, in: context)
            #expect(context.isClosed)
        }
        #expect(gone == nil)
    }
    do {
        weak var gone: JSONBytes.Context?
        do {
            let context = JSONBytes.Context(pretty: false)
            gone = context
            #expect(try JSONBytes.encode(value, pretty: false, in: context) == [UInt8](JSONEncoder.sorted.encode(value)))
        }
        #expect(gone == nil)
    }
    // A floating-point number is left to JSONEncoder: the encoder says so, and `data` gives JSONEncoder's bytes.
    struct Measured: Encodable { let value: Double; let name: String }
    #expect(throws: JSONBytes.Unsupported.self) { try JSONBytes.encode(Measured(value: 1.5, name: "x"), pretty: true) }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    #expect(try JSONBytes.data([Measured(value: 0.1, name: "y")], formatting: encoder.outputFormatting) == encoder.encode([Measured(value: 0.1, name: "y")]))
}

@Test func compiledTemplatesRenderEveryPageAsSwiftMustacheDoes() throws {
    // The real plan and the progress fixture: every template of the default theme, rendered both ways.
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    for root in [repository, repository.appendingPathComponent("Tests/PlanBuildTests/Fixtures/progress")] {
        let loaded = PlanLoader(source: DiskContentSource(root: root)).load()
        let plan = try #require(loaded.plan)
        let linked = Linker().link(plan)
        let fast = try SiteRenderer(linked: linked, theme: .builtIn)
        #expect(fast.templates.compiled != nil, "the default theme compiles")
        let reference = try SiteRenderer(linked: linked, theme: .builtIn)   // a renderer of its own (a class: not a copy)
        reference.templates = try TemplateRenderer(theme: .builtIn, engine: .swiftMustache)
        #expect(fast.templates.compiled != nil && reference.templates.compiled == nil)
        fast.threads = 1
        reference.threads = 1
        let a = try fast.render(), b = try reference.render()
        #expect(a.count > 20)
        #expect(a.map(\.path) == b.map(\.path))
        for (x, y) in zip(a, b) where x.bytes != y.bytes {
            Issue.record("\(root.lastPathComponent)/\(x.path) differs between the compiled templates and swift-mustache")
        }
    }
}

@Test func runsThatReadOnlyFieldsTheSameForAKeyAreRenderedOncePerKey() throws {
    // The layout's header and footer read only the site and links made from the page's depth: a run of top-level
    // nodes that reads only such fields is rendered once per key. A page's own field, a section whose body reads one,
    // or a partial ends the run.
    let library = try #require(CompiledLibrary([
        "t": #"<a href="{{href}}">{{text}}</a>{{#href}}[{{href}}]{{/href}}{{#detail}}({{text}}){{/detail}}{{> p}}/{{href}}"#,
        "p": "p",
    ]))
    let runs = InvariantRuns(fields: ["href", "detail"])
    let segments = runs.segments(of: "t", try #require(library.templates["t"]))
    #expect(segments.map(\.invariant) == [true, false, true, false, true])
    #expect(segments.map(\.nodes) == [0..<3, 3..<4, 4..<6, 6..<8, 8..<10])   // texts and tags, one node each
    func render(_ href: String, _ text: String, key: String) -> String? {
        library.render(LinkView(href: href, text: text, detail: "d"), "t", capacity: 0, runs: runs, key: key)
    }
    #expect(render("a", "one", key: "k") == #"<a href="a">one</a>[a](one)p/a"#)
    #expect(render("a", "two", key: "k") == #"<a href="a">two</a>[a](two)p/a"#, "a page's own field is never reused")
    // Within a key the runs are reused as rendered (the contract: the listed fields are the same for one key).
    #expect(render("b", "three", key: "k") == #"<a href="a">three</a>[a](three)p/a"#)
    #expect(render("b", "three", key: "other") == #"<a href="b">three</a>[b](three)p/b"#)
    // Without runs, the same template renders each view as it is.
    #expect(library.render(LinkView(href: "b", text: "three", detail: "d"), "t") == #"<a href="b">three</a>[b](three)p/b"#)
}

@Test func compiledTemplatesFollowSwiftMustacheOnWhitespaceAndSections() throws {
    let templates = [
        "t": "<ul>\n  {{#items}}\n  <li>{{name}}{{^last}},{{/last}}</li>\n  {{/items}}\n</ul>\n{{! a comment }}\n{{#none}}x{{/none}}{{^none}}empty{{/none}} {{{raw}}} {{&raw}} {{esc}}\n  {{> p}}\nend  ",
        "p": "a\nb{{#flag}}!{{/flag}}\n",
    ]
    var theme = Theme.builtIn
    for (k, v) in templates { theme.templates[k] = v }
    let renderer = try TemplateRenderer(theme: theme)
    #expect(renderer.compiled != nil)
    let items: [[String: Any]] = [["name": "x", "last": false], ["name": "y", "last": true]]
    let view: [String: Any] = ["items": items, "none": [[String: Any]](),
                               "raw": "<b>", "esc": "<i>&'\"", "flag": true]
    let fast = renderer.render(view, "t")
    #expect(fast == (try TemplateRenderer(theme: theme, engine: .swiftMustache)).render(view, "t"))
    // A template that needs more than the compiled renderer covers is rendered by swift-mustache.
    theme.templates["t"] = "{{=<% %>=}}<%esc%>"
    let fallback = try TemplateRenderer(theme: theme)
    #expect(fallback.compiled == nil)
    #expect(fallback.render(view, "t") == "&lt;i&gt;&amp;&#39;&quot;")
    #expect(fast.contains("<li>x,</li>\n  <li>y</li>\n</ul>\n"))
    #expect(fast.contains("&lt;i&gt;&amp;&#39;&quot;"))
}

@Test func sitePathsResolveAsFileURLsDo() {
    for (href, page) in [("../actions/1.2.html", "work-areas/1.html"), ("index.html", "index.html"), ("./a/../b.html", "x/y/z.html"),
                         ("../../../up.html", "a/b.html"), ("assets/style.css", "index.html"), ("a//b.html", "p.html"), ("../", "a/b.html")] {
        let base = URL(fileURLWithPath: "/" + page).deletingLastPathComponent()
        let viaURL = String(URL(fileURLWithPath: href, relativeTo: base).standardizedFileURL.path.dropFirst())
        #expect(SitePath.resolve(href, from: page) == viaURL, "\(href) from \(page)")
    }
    #expect(SitePath.resolvePlaceholders(in: #"<a href="plansite-root:/a.html">x</a> plansite-root:/b"#, forPage: "w/p.html")
            == #"<a href="../a.html">x</a> ../b"#)
    #expect(SitePath.resolvePlaceholders(in: "no links", forPage: "w/p.html") == "no links")
}

/// The byte-wise path functions give what the string-splitting ones they replaced gave, on every combination
/// of awkward pages and links (empty segments, dots, leading and trailing slashes, going above the root, UTF-8).
@Test func sitePathsByteWiseMatchSplitting() {
    func splitResolve(_ href: String, from page: String) -> String {
        var parts = page.split(separator: "/", omittingEmptySubsequences: false).dropLast().map(String.init)
        if href.hasPrefix("/") { parts = [] }
        for part in href.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(String(part))
            }
        }
        return parts.joined(separator: "/")
    }
    let pages = ["index.html", "actions/1.2.html", "a/b/c.html", "a//b.html", "/lead.html", "dir/", "", "é/ü.html", "a/./b.html"]
    let hrefs = ["", ".", "..", "../", "./x.html", "../../..", "a/../../b", "/abs/x.html", "x//y/", "..x/.y/...", "#top",
                 "../actions/1.2.html#r", "é.html", "a/b/../../c", "./", "//", "...", "a/.."]
    for page in pages {
        #expect(SitePath.segmentCount(page) == page.split(separator: "/").count, "\(page)")
        for href in hrefs {
            #expect(SitePath.resolve(href, from: page) == splitResolve(href, from: page), "\(href) from \(page)")
        }
    }
    #expect(SitePath.relative(from: "a/b/c.html", to: "x.html") == "../../x.html")
    #expect(SitePath.relative(from: "index.html", to: "x.html") == "x.html")
    #expect(SitePath.relative(from: "", to: "x.html") == "x.html")
}

extension JSONEncoder {
    /// JSONEncoder with keys sorted and slashes unescaped (what the search index is written with).
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

/// The actions of plan.json are written directly: the same bytes as JSONEncoder's, for values of every shape
/// (empty lists, a repeat, several placements, text to escape).
@Test func planJSONActionsWrittenDirectlyAreTheEncodersBytes() throws {
    let actions = [
        OpenData.ActionDoc(ref: "1.1", text: "Say \"no\" \\ to\ttabs, é and /slashes/\u{1}", url: "actions/1.1.html", group: "", leads: [], timeframe: [],
                           workArea: 1, repeatOf: nil, repeats: [], placements: [], addresses: OpenData.AddressDoc(direct: [], viaWorkArea: [])),
        OpenData.ActionDoc(ref: "2.8", text: "A repeat (also 1.21)", url: "actions/2.8.html", group: "Sharing", leads: ["A", "B"], timeframe: ["Q3 15/16"],
                           workArea: 2, repeatOf: "1.21", repeats: ["3.1", "4.2"],
                           placements: [OpenData.PlacementDoc(ref: "1.21", workArea: 1), OpenData.PlacementDoc(ref: "2.8", workArea: 2)],
                           addresses: OpenData.AddressDoc(direct: ["review:1"], viaWorkArea: ["review:2", "review:3"])),
    ]
    let encoder = JSONEncoder()
    encoder.outputFormatting = OpenData.formatting
    for list in [actions, [], [actions[1]]] {
        #expect(OpenData.prettyJSON(list, depth: 1) == OpenData.indented([UInt8](try encoder.encode(list))))
        #expect(OpenData.prettyJSON(list, depth: 0) == [UInt8](try encoder.encode(list)))
    }
}

/// The search index's documents are written directly: the same bytes as JSONEncoder's for documents of every shape.
@Test func searchIndexWrittenDirectlyIsTheEncodersBytes() throws {
    let docs = [
        SearchIndexBuilder.Doc(k: 0, i: "a", a: ["CSE", "child \"sexual\" exploitation"], t: "T\u{7}", x: "é / x", u: "u.html", p: "", f: [:]),
        SearchIndexBuilder.Doc(k: 12, i: "b", a: nil, t: "", x: "", u: "v.html#x", p: "Work area 1",
                               f: ["workArea": [3, 1], "lead": [], "Kind": [0], "kind": [2]]),
    ]
    let index = SearchIndexBuilder.IndexDoc(facets: [SearchIndexBuilder.FacetDoc(key: "kind", label: "Kind", values: ["page", "action"])], docs: docs)
    let encoder = JSONEncoder()
    encoder.outputFormatting = SearchIndexBuilder.formatting
    #expect(try SearchIndexBuilder.compactJSON(index) == [UInt8](encoder.encode(index)))
    let empty = SearchIndexBuilder.IndexDoc(facets: [], docs: [])
    #expect(try SearchIndexBuilder.compactJSON(empty) == [UInt8](encoder.encode(empty)))
}

@Test func aShortTextIsCutAtTheSameClauseWhetherItsTextIsPlainOrNot() {
    // Plain ASCII is searched by its bytes (PlainASCII); other text by characters. The clause is the same.
    #expect(ShortText.of("Review unallocated cases; report to the board monthly.") == "Review unallocated cases")
    #expect(ShortText.of("Audit: ten cases. Then report: monthly") == "Audit: ten cases", "a stop under 12 characters in is passed over")
    #expect(ShortText.of("Improve the quality of supervision - for every team") == "Improve the quality of supervision")
    #expect(ShortText.of("Improve the quality of supervision – for every team") == "Improve the quality of supervision")
    #expect(ShortText.of("Améliorer la qualité; puis rendre compte") == "Améliorer la qualité")
    #expect(ShortText.of("one two three four five six seven eight nine ten eleven twelve thirteen") == "one two three four five six seven eight nine ten eleven twelve…")
    #expect(ShortText.of("Short; text") == "Short; text")
    #expect(ShortText.of("Carriage\r\nreturns in the text; cut here") == "Carriage\r\nreturns in the text")
}

/// A link is split at its first "#" by bytes: a name that is not ASCII before it, an empty fragment after it, a
/// second "#" in the fragment and a link from the site's root ("/...") are judged as before.
@Test func auditSplitsLinksAtTheirFirstHashWhateverComesBeforeIt() {
    func page(_ body: String) -> String { #"<html lang="en"><head><title>T</title></head><body><h1>T</h1>"# + body + "</body></html>" }
    let files = [
        OutputFile(path: "index.html", text: page(##"<a href="é.html#ü">1</a> <a href="é.html#">2</a> <a href="é.html#a#b">3</a> <a href="/é.html">4</a> <a href="é.html#ü2">5</a>"##)),
        OutputFile(path: "é.html", text: page(#"<h2 id="ü">Ü</h2><h2 id="a#b">A</h2>"#)),
    ]
    let audit = SiteAudit.run(files)
    #expect(audit.links == 5)
    #expect(audit.problems.sorted() == ["index.html: broken link '/é.html'", "index.html: link 'é.html#ü2' to a missing anchor"])
}
