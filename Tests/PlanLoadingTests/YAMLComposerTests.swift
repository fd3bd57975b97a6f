// The loaders' YAML tree is composed from libyaml's events (YAMLNode.swift);
// these tests hold it to the tree Yams composes from the same text: on every
// YAML file of the real plan, on the accessibility results (JSON read as
// YAML), and on the unusual documents it leaves to Yams.

import Foundation
@testable import PlanLoading
import Testing
import Yams

/// A tree as text: each node's kind, text, style and place, so that two trees compare as strings.
private func dump(_ node: PlanLoading.Node) -> String {
    func mark(_ m: PlanLoading.Mark?) -> String { m.map { "@\($0.line):\($0.column)" } ?? "@-" }
    switch node {
    case .scalar(let s): return "s\(mark(s.mark))[\(s.style)|\(s.string)]"
    case .sequence(let s): return "q\(mark(s.mark))(" + s.map(dump).joined(separator: ",") + ")"
    case .mapping(let m): return "m\(mark(m.mark)){" + m.map { dump($0.key) + "=" + dump($0.value) }.joined(separator: ",") + "}"
    }
}

private func yamsTree(_ text: String) throws -> String? {
    try Yams.compose(yaml: text, .basic, .default, .utf8).map { dump(PlanLoading.Node($0)) }
}

@Test func theComposerGivesYamsTreeForEveryRealYAMLFile() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let enumerator = try #require(FileManager.default.enumerator(at: root.appendingPathComponent("content"), includingPropertiesForKeys: nil))
    var compared = 0
    for case let url as URL in enumerator where ["yaml", "json"].contains(url.pathExtension) || url.lastPathComponent == "site.yaml" {
        let text = try String(contentsOf: url, encoding: .utf8)
        let fast = try #require(YAMLComposer.compose(text), "\(url.lastPathComponent) left to Yams")
        #expect(dump(fast) == (try yamsTree(text)), "\(url.path)")
        compared += 1
    }
    let site = try String(contentsOf: root.appendingPathComponent("site.yaml"), encoding: .utf8)
    #expect(YAMLComposer.compose(site).map(dump) == (try yamsTree(site)))
    #expect(compared >= 20)
}

@Test func theComposerKeepsStylesPlacesAndAnchors() throws {
    let text = """
    # a comment
    plain: 1.10
    quoted: "yes"
    single: 'it''s'
    literal: |
      line one
      line two
    folded: >
      a
      b
    flow: [a, "b", {c: d}]
    empty:
    tilde: ~
    anchored: &a {x: 1}
    again: *a
    unicode: "Café – ü"
    list:
      - one
      -
      - - nested
    """
    let fast = try #require(YAMLComposer.compose(text))
    #expect(dump(fast) == (try yamsTree(text)))
    // A mapping's text lookup, as Yams': the value of the key.
    #expect(fast["quoted"]?.string == "yes")
    #expect(fast["again"]?["x"]?.string == "1")
    #expect(fast["missing"] == nil)
    #expect(fast["literal"]?.scalar?.style == .literal)
    #expect(fast["plain"]?.mark == PlanLoading.Mark(line: 2, column: 8))
}

@Test func documentsTheComposerLeavesToYams() {
    // Each is left to Yams, which reports it (a syntax error, a repeated key, an alias to nothing, two documents)
    // or composes it (an empty file is no document).
    for text in ["", "# only a comment\n", "a: [1, 2\n", "a: 1\na: 2\n", "'a': 1\na: 2\n", "a: *nothing\n",
                 "a: 1\n---\nb: 2\n", "? [x]\n: 1\n", "a: \"unclosed\n", "!!int a: 1\n"] {
        #expect(YAMLComposer.compose(text) == nil, "\(text.debugDescription)")
    }
}

@Test func aRepeatedKeyIsStillReportedAtTheRepeat() {
    let result = PlanLoader(source: MemoryContentSource(["site.yaml": minimalSite, "wa.yaml": "number: 1\ntitle: A\ntitle: B\nactions: []\n"])).load()
    let message = result.diagnostics.map(\.formatted).joined(separator: "\n")
    #expect(message.contains("wa.yaml:3:1"), "\(message)")
    #expect(message.contains("the key 'title' appears twice"), "\(message)")
}

@Test func aFilesLinesAreItsTextSplitAtNewlines() {
    for text in ["", "a", "a\n", "\n", "a\nb", "a\n\nb\n", "  - x: |\n    é ü\n    – dash\n", "\n\n\n"] {
        let lines = YAMLFile.Lines(text)
        let split = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Substring($0) }
        #expect(Array(lines) == split, "\(text.debugDescription)")
        #expect(lines.count == split.count)
    }
}

@Test func anActionRefIsDigitsADotAndDigits() {
    for ref in ["1.1", "10.12", "0.0", "2.01"] { #expect(RefText.isActionRef(ref), "\(ref)") }
    for ref in ["", "1", "1.", ".1", "1..2", "1.2.3", "2-1", "a.1", "1.a", "١.٢", "1.2 ", " 1.2", "1.²"] { #expect(!RefText.isActionRef(ref), "\(ref)") }
}
