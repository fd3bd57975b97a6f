// Tests of the renderer's byte-level pieces (internal): the substring search, the edits made to cmark's HTML in
// one copy, the lines looked at again after the parse, and the ASCII path of slugs.

@testable import Markdown
import Testing

/// A deterministic stream of bytes from a small alphabet, so that needles are found often and at every place.
private struct Bytes {
    var state: UInt64
    mutating func next(_ alphabet: [UInt8]) -> UInt8 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return alphabet[Int((state >> 33) % UInt64(alphabet.count))]
    }
}

@Test func findAgreesWithANaiveSearch() {
    var bytes = Bytes(state: 42)
    let alphabet = Array("<h2> id=\"tab\n".utf8)
    let haystack = (0..<4000).map { _ in bytes.next(alphabet) }
    for needle in ["<h2>", " id=\"", "<table>", "<t", "\"", "h", "2>", "ab\n<"].map({ Array($0.utf8) }) {
        for from in [0, 1, 7, 1000, 3990, 3999, 4000] {
            var naive: Int?
            if from <= haystack.count - needle.count {
                for i in from...(haystack.count - needle.count) where Array(haystack[i..<(i + needle.count)]) == needle { naive = i; break }
            }
            #expect(TableEnhancer.find(needle, in: haystack, from: from) == naive, "needle \(String(decoding: needle, as: UTF8.self)) from \(from)")
        }
    }
}

@Test func editsAreMadeInOneCopyInTheOrderOfTheBytes() {
    let text = Array("abcdefghij".utf8)
    let edits = [ByteEdit(at: 8, remove: 2, insert: Array("XY!".utf8)),
                 ByteEdit(at: 0, remove: 0, insert: Array("<".utf8)),
                 ByteEdit(at: 3, remove: 1, insert: [])]
    #expect(text.withUnsafeBufferPointer { ByteEdit.apply(edits, to: $0) } == "<abcefghXY!")
    #expect(text.withUnsafeBufferPointer { ByteEdit.apply([], to: $0) } == "abcdefghij")
}

@Test func headingIDsAndTableRegionsTogether() {
    let md = """
    ## First

    Table: Who meets

    | Board | When |
    |---|---|
    | LSCB | monthly |

    ## Second

    | a | b |
    |---|---|
    | 1 | 2 |

    ## Third
    """
    let html = MarkdownRenderer.render(md).html
    #expect(html == """
    <h2 id="first">First</h2>
    <div class="table-wrap" role="region" aria-labelledby="table-1" tabindex="0">
    <table>
    <caption id="table-1">Who meets</caption>
    <thead>
    <tr>
    <th scope="col">Board</th>
    <th scope="col">When</th>
    </tr>
    </thead>
    <tbody>
    <tr>
    <td>LSCB</td>
    <td>monthly</td>
    </tr>
    </tbody>
    </table>
    </div>
    <h2 id="second">Second</h2>
    <div class="table-wrap" role="region" aria-label="Table: a, b" tabindex="0">
    <table>
    <thead>
    <tr>
    <th scope="col">a</th>
    <th scope="col">b</th>
    </tr>
    </thead>
    <tbody>
    <tr>
    <td>1</td>
    <td>2</td>
    </tr>
    </tbody>
    </table>
    </div>
    <h2 id="third">Third</h2>

    """)
}

@Test func onlyLinesThatMayHoldASpacedLinkOrAFootnoteAreLookedAtAgain() {
    let text = "one [a](b)\n[two](action: 1.1) and [^n]\nthree\n\n[^n]: note\n[x]( see: y)"
    let lines = SourceLines(text)
    #expect(lines.spacedLinkLines == [2, 6])
    #expect(lines.footnoteLines == [2, 5])
    var copy = lines
    #expect(String(decoding: copy.line(2), as: UTF8.self) == "[two](action: 1.1) and [^n]")
    #expect(copy.line(4).isEmpty)
    #expect(copy.line(7).isEmpty)
    #expect(SourceLines("no links [a](b) here").spacedLinkLines.isEmpty)
}

@Test func theASCIIPathOfSlugsAgreesWithTheGeneralOne() {
    var bytes = Bytes(state: 7)
    let alphabet = Array("aZ09 .-'_&()?!Ab\tq".utf8)
    for _ in 0..<2000 {
        let text = String(decoding: (0..<Int(bytes.next(Array(1...24)))).map { _ in bytes.next(alphabet) }, as: UTF8.self)
        #expect(Slug.makeASCII(text) == Slug.makeAny(text), "\(text)")
    }
    #expect(Slug.makeASCII("Café") == nil)
    #expect(Slug.make("Café et thé") == "cafe-et-the")
}

@Test func footnotesStillWorkWhereTheTextHasThemAndNothingChangesWhereItHasNone() {
    let with = MarkdownRenderer.render("Said[^1].\n\n[^1]: Source.\n")
    #expect(with.html.contains("data-footnote"))
    #expect(with.unusedFootnotes.isEmpty && with.undefinedFootnotes.isEmpty)
    let without = MarkdownRenderer.render("Said [1] and ^1 and [^ x].\n")
    #expect(!without.html.contains("footnote"))
    #expect(without.html == "<p>Said [1] and ^1 and [^ x].</p>\n")
}

@Test func aFootnoteNothingRefersToIsFoundInListsAndQuotesToo() {
    let md = """
    Text with a note[^used].

    - item one
    - [^list]: a note in a list item

    > [^quote]: a note in a quote

    > 1. [^deep]: in a list in a quote

    [^top]: at the top level

    - [^used]: the note that is used
    """
    let result = MarkdownRenderer.render(md)
    #expect(result.unusedFootnotes.map(\.label) == ["list", "quote", "deep", "top"])
    #expect(result.unusedFootnotes.map(\.line) == [4, 6, 8, 10])
    #expect(result.unusedFootnotes.map(\.column) == [3, 3, 6, 1])
    #expect(result.html.contains("the note that is used"))
    // Text in code only looks like a definition.
    let code = MarkdownRenderer.render("```\n[^z]: code\n```\n\nText[^y].\n\n[^y]: used\n")
    #expect(code.unusedFootnotes.isEmpty)
    // A definition may interrupt a paragraph (cmark-gfm): left out when nothing refers to it, so reported.
    let interrupting = MarkdownRenderer.render("A line\n[^x]: interrupts it\n")
    #expect(interrupting.html == "<p>A line</p>\n")
    #expect(interrupting.unusedFootnotes.map(\.label) == ["x"])
}

@Test func anIDInRawHTMLLetThroughIsNotGivenToAHeadingAndWithoutRawHTMLNoneIsTaken() {
    var options = MarkdownOptions()
    options.allowRawHTML = true
    let raw = MarkdownRenderer.render("<div id=\"plan\">x</div>\n\n## Plan\n", options: options)
    #expect(raw.headings.map(\.id) == ["plan-2"])
    // Without raw HTML the same text is escaped or dropped: it takes no id.
    let escaped = MarkdownRenderer.render("`<div id=\"plan\">` and id=\"plan\"\n\n## Plan\n")
    #expect(escaped.headings.map(\.id) == ["plan"])
}

@Test func aTableWithoutACaptionIsNamedByItsHeaderCellsOnly() {
    let html = MarkdownRenderer.render("| *Board* / group | Role |\n|:--|--:|\n| LSCB | chairs |\n").html
    #expect(html.contains("aria-label=\"Table: Board / group, Role\""), "\(html)")
    #expect(html.contains("<th scope=\"col\" align=\"left\">") && html.contains("<th scope=\"col\" align=\"right\">"), "\(html)")
    #expect(TableEnhancer.headerLabel("<thead><tr><th> a </th><th>b</th></tr></thead><tbody><tr><th>not a header</th></tr></tbody>") == "a, b")
}

@Test func aUsedFootnoteWhoseNoteStartsOnTheNextLineIsNotReportedUnused() {
    let below = MarkdownRenderer.render("Text[^a].\n\n[^a]:\n    The note, on the next line.\n")
    #expect(below.html.contains("The note, on the next line."))
    #expect(below.unusedFootnotes.isEmpty)
    #expect(MarkdownRenderer.render("Text[^a].\n\n[^a]:\n").unusedFootnotes.isEmpty)
    // An unused one inside a used one is still found.
    let nested = MarkdownRenderer.render("Text[^a].\n\n[^a]: The note.\n\n    [^b]: never cited\n")
    #expect(nested.unusedFootnotes.map(\.label) == ["b"])
}

@Test func aHeadingNamedAsAFootnoteWithItsPrefixGetsTheNextFreeId() {
    var options = MarkdownOptions()
    options.footnotePrefix = "intro-"
    let result = MarkdownRenderer.render("## Intro fn 1\n\nWhy.[^1]\n\n## Fn 1\n\n[^1]: A note.\n", options: options)
    #expect(result.headings.map(\.id) == ["intro-fn-1-2", "fn-1"], "\(result.html)")
    #expect(result.html.contains("<li id=\"intro-fn-1\">"))
}

@Test func overlappingEditsKeepTheFirstAndNeverWritePastTheEnd() {
    let text = Array("0123456789".utf8)
    let edits = [ByteEdit(at: 2, remove: 4, insert: Array("ab".utf8)),
                 ByteEdit(at: 3, remove: 6, insert: []),            // inside the first: left out
                 ByteEdit(at: 8, remove: 5, insert: Array("x".utf8)),  // past the end: left out
                 ByteEdit(at: 7, remove: 1, insert: Array("Z".utf8))]
    #expect(text.withUnsafeBufferPointer { ByteEdit.apply(edits, to: $0) } == "01ab6Z89")
}
