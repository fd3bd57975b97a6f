// Issue 13, hardening, on a real disk: containment (paths and symbolic links
// that leave the site root, an output folder plansite did not write), text
// hygiene of bytes on disk, size limits, and the removal of staging folders a
// killed build left behind.

import Foundation
import PlanBuild
import PlanLinking
import PlanModel
import PlanRendering
import Markdown
import Scratch
import Testing

@Suite("Hardening: containment and self-cleaning")
struct HardeningTests {
    let fm = FileManager.default

    /// A fixture copy with a secret file beside the site root.
    func siteWithSecret() throws -> (root: URL, secret: URL) {
        let root = try Fixture.copy()
        let secret = root.deletingLastPathComponent().appendingPathComponent("secret.yaml")
        try "terms:\n  - term: TOPSECRET-7f3a\n    description: TOPSECRET-7f3a\n".write(to: secret, atomically: true, encoding: .utf8)
        return (root, secret)
    }

    func replace(_ old: String, with new: String, in file: URL) throws {
        try (try String(contentsOf: file, encoding: .utf8)).replacingOccurrences(of: old, with: new).write(to: file, atomically: true, encoding: .utf8)
    }

    func expectRefused(_ result: BuildResult, _ expected: [String], root: URL, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(result.exitCode == 1, sourceLocation: sourceLocation)
        #expect(result.diagnostics.errors.map(\.formatted) == expected, sourceLocation: sourceLocation)
        #expect(!result.diagnostics.map(\.formatted).joined().contains("TOPSECRET"), sourceLocation: sourceLocation)
        #expect(!fm.fileExists(atPath: root.appendingPathComponent("output").path), sourceLocation: sourceLocation)
    }

    @Test func aSiteYAMLEntryWithDotDotIsRefusedAtTheEntry() throws {
        let (root, _) = try siteWithSecret()
        try replace("glossary: content/glossary.yaml", with: "glossary: ../secret.yaml", in: root.appendingPathComponent("site.yaml"))
        expectRefused(Fixture.build(root), [
            "site.yaml:16:11: error: '../secret.yaml' is outside the site root; plansite reads only files inside the folder holding site.yaml; "
                + "move the file into the site folder and name it by a path relative to site.yaml, without '..'",
        ], root: root)
    }

    @Test func aSystemFileIsRefusedWithoutQuotingIt() throws {
        let root = try Fixture.copy()
        let up = String(repeating: "../", count: root.pathComponents.count)
        try replace("glossary: content/glossary.yaml", with: "glossary: \(up)etc/passwd", in: root.appendingPathComponent("site.yaml"))
        let result = Fixture.build(root)
        #expect(result.exitCode == 1)
        #expect(result.diagnostics.errors.map(\.formatted).allSatisfy { $0.hasPrefix("site.yaml:16:11: error: '\(up)etc/passwd' is outside the site root") })
        #expect(!result.diagnostics.map(\.formatted).joined().contains("root:"))
    }

    @Test func aSymbolicLinkInContentThatLeadsOutIsRefusedAtTheLink() throws {
        let (root, secret) = try siteWithSecret()
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("content/pages/leak.md").path, withDestinationPath: secret.path)
        expectRefused(Fixture.build(root), [
            "content/pages/leak.md:1:1: error: 'content/pages/leak.md' is a symbolic link that leads outside the site root; "
                + "plansite reads only files inside the folder holding site.yaml; replace the link with the file itself, inside the site folder",
        ], root: root)
    }

    /// A link out of the site in the progress or documents folder, or in place of a YAML file read beside a CSV, was
    /// reported at site.yaml:1:1 (which names no such file); in the pages folder it was at the link. Each is at the link.
    @Test func aLinkOutOfTheSiteInAContentFolderIsRefusedAtTheLink() throws {
        let root = try Fixture.copyRealPlan()
        let secret = root.deletingLastPathComponent().appendingPathComponent("secret.yaml")
        try "title: TOPSECRET-7f3a\n".write(to: secret, atomically: true, encoding: .utf8)
        let content = root.appendingPathComponent("content")
        for link in ["progress/out.yaml", "documents/out.yaml", "pages/out.md", "demand-and-volumes.yaml", "scorecard.yaml"] {
            try? fm.removeItem(at: content.appendingPathComponent(link))
            try fm.createSymbolicLink(atPath: content.appendingPathComponent(link).path, withDestinationPath: secret.path)
        }
        let result = Fixture.build(root, write: false)
        #expect(result.exitCode == 1)
        let rule = "is a symbolic link that leads outside the site root; plansite reads only files inside the folder holding site.yaml; "
            + "replace the link with the file itself, inside the site folder"
        #expect(result.diagnostics.errors.filter { $0.code == "outside-root" }.map(\.formatted).sorted() == [
            "content/demand-and-volumes.yaml:1:1: error: 'content/demand-and-volumes.yaml' \(rule)",
            "content/documents/out.yaml:1:1: error: 'content/documents/out.yaml' \(rule)",
            "content/pages/out.md:1:1: error: 'content/pages/out.md' \(rule)",
            "content/progress/out.yaml:1:1: error: 'content/progress/out.yaml' \(rule)",
            "content/scorecard.yaml:1:1: error: 'content/scorecard.yaml' \(rule)",
        ])
        #expect(!result.diagnostics.map(\.formatted).joined().contains("TOPSECRET"))
    }

    @Test func aLinkedFolderThatLeadsOutIsRefusedAtTheSiteYAMLEntry() throws {
        let (root, secret) = try siteWithSecret()
        let outside = secret.deletingLastPathComponent().appendingPathComponent("elsewhere")
        try fm.createDirectory(at: outside, withIntermediateDirectories: true)
        try fm.copyItem(at: secret, to: outside.appendingPathComponent("glossary.yaml"))
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("content/shared").path, withDestinationPath: outside.path)
        try replace("glossary: content/glossary.yaml", with: "glossary: content/shared/glossary.yaml", in: root.appendingPathComponent("site.yaml"))
        expectRefused(Fixture.build(root), [
            "site.yaml:16:11: error: 'content/shared/glossary.yaml' leads, through the symbolic link 'content/shared', outside the site root; "
                + "plansite reads only files inside the folder holding site.yaml; replace the link with the file itself, inside the site folder",
        ], root: root)
    }

    @Test func aLinkThatStaysInsideTheRootIsFollowed() throws {
        let root = try Fixture.copy()
        try fm.moveItem(at: root.appendingPathComponent("content/glossary.yaml"), to: root.appendingPathComponent("terms.yaml"))
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("content/glossary.yaml").path, withDestinationPath: "../terms.yaml")
        #expect(Fixture.build(root, write: false).exitCode == 0)
    }

    @Test func aThemeLinkThatLeadsOutIsRefusedAtTheLink() throws {
        let (root, secret) = try siteWithSecret()
        let templates = root.appendingPathComponent("themes/default/templates")
        try fm.createDirectory(at: templates, withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: templates.appendingPathComponent("page.mustache").path, withDestinationPath: secret.path)
        expectRefused(Fixture.build(root), [
            "themes/default/templates/page.mustache:1:1: error: 'themes/default/templates/page.mustache' is a symbolic link that leads outside the site root; "
                + "plansite reads only files inside the folder holding site.yaml; replace the link with the file itself, inside the site folder",
        ], root: root)
    }

    /// A link whose target is gone was reported as a file "named by site.yaml" that "does not exist", at site.yaml
    /// (which names no such file), or passed over; a loop of links the same. Each is an error at the link itself.
    @Test func aSymbolicLinkThatLeadsNowhereIsAnErrorAtTheLink() throws {
        let root = try Fixture.copyRealPlan()
        let content = root.appendingPathComponent("content")
        for (link, target) in [("progress/ghost.yaml", "nowhere.yaml"), ("documents/ghost.yaml", "nowhere.yaml"), ("pages/ghost.md", "nowhere.md"),
                               ("progress/loop.yaml", "loop.yaml"), ("documents/a.yaml", "b.yaml"), ("documents/b.yaml", "a.yaml")] {
            try fm.createSymbolicLink(atPath: content.appendingPathComponent(link).path, withDestinationPath: target)
        }
        let result = Fixture.build(root, write: false)
        #expect(result.exitCode == 1)
        let nowhere = "which does not exist; remove the link or restore its target"
        let loop = "which leads round a loop of links, never to a file; remove the link, or point it at the file itself"
        #expect(result.diagnostics.errors.map(\.formatted).sorted() == [
            "content/documents/a.yaml:1:1: error: this is a symbolic link to 'b.yaml', \(loop)",
            "content/documents/b.yaml:1:1: error: this is a symbolic link to 'a.yaml', \(loop)",
            "content/documents/ghost.yaml:1:1: error: this is a symbolic link to 'nowhere.yaml', \(nowhere)",
            "content/pages/ghost.md:1:1: error: this is a symbolic link to 'nowhere.md', \(nowhere)",
            "content/progress/ghost.yaml:1:1: error: this is a symbolic link to 'nowhere.yaml', \(nowhere)",
            "content/progress/loop.yaml:1:1: error: this is a symbolic link to 'loop.yaml', \(loop)",
        ])
        // The optional description of the scorecard's groups: the outcomes of the groups were lost without a word.
        try fm.removeItem(at: content.appendingPathComponent("scorecard.yaml"))
        try fm.createSymbolicLink(atPath: content.appendingPathComponent("scorecard.yaml").path, withDestinationPath: "nowhere")
        #expect(Fixture.build(root, write: false).diagnostics.errors.map(\.formatted).contains(
            "content/scorecard.yaml:1:1: error: this is a symbolic link to 'nowhere', \(nowhere)"))
        // A folder site.yaml names that is such a link: at the link too, not "the folder does not exist" at site.yaml.
        try fm.removeItem(at: content.appendingPathComponent("pages"))
        try fm.createSymbolicLink(atPath: content.appendingPathComponent("pages").path, withDestinationPath: "old-pages")
        #expect(Fixture.build(root, write: false).diagnostics.errors.map(\.formatted).contains(
            "content/pages:1:1: error: this is a symbolic link to 'old-pages', \(nowhere)"))
    }

    @Test func invalidUTF8OnDiskIsLocatedAtTheBadByte() throws {
        let root = try Fixture.copy()
        let page = root.appendingPathComponent("content/pages/intro.md")
        var bytes = try Data(contentsOf: page)
        // Line 10 is "## Our promise": put a lone continuation byte after "## Our".
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let offset = lines.prefix(9).reduce(0) { $0 + $1.count + 1 } + 6
        bytes.insert(0x80, at: offset)
        try bytes.write(to: page)
        let result = Fixture.build(root)
        #expect(result.diagnostics.errors.map(\.formatted) == [
            "content/pages/intro.md:10:7: error: this byte is not UTF-8 text; save the file as UTF-8",
        ])
    }

    @Test func aUTF16OrUTF32FileIsSaidToBeOneNotABadByte() throws {
        let root = try Fixture.copy()
        let page = root.appendingPathComponent("content/pages/intro.md")
        let text = try String(contentsOf: page, encoding: .utf8)
        let forms: [(String.Encoding, [UInt8], String)] = [
            (.utf16LittleEndian, [0xFF, 0xFE], "UTF-16"), (.utf16BigEndian, [], "UTF-16"), (.utf16LittleEndian, [], "UTF-16"),
            (.utf32LittleEndian, [0xFF, 0xFE, 0, 0], "UTF-32"), (.utf32BigEndian, [], "UTF-32"),
        ]
        for (encoding, mark, name) in forms {
            try (Data(mark) + (try #require(text.data(using: encoding)))).write(to: page)
            #expect(Fixture.build(root).diagnostics.errors.map(\.formatted) == [
                "content/pages/intro.md:1:1: error: this file looks like \(name) text, not UTF-8; save it as UTF-8 (in the editor's 'Save as', choose the encoding UTF-8)",
            ], "\(encoding), mark \(mark)")
        }
    }

    @Test func aNULInACSVCellIsLocated() throws {
        let root = try Fixture.copy()
        let csv = root.appendingPathComponent("content/scorecard.csv")
        var lines = try String(contentsOf: csv, encoding: .utf8).components(separatedBy: "\n")
        lines[1] = "\u{0}" + lines[1]
        try lines.joined(separator: "\n").write(to: csv, atomically: true, encoding: .utf8)
        #expect(Fixture.build(root).diagnostics.errors.map(\.formatted) == [
            "content/scorecard.csv:2:1: error: a NUL byte (U+0000) is not allowed in text; remove it; text may hold tabs and line breaks, but no other control characters",
        ])
    }

    @Test func aFileOverTheSizeLimitIsRefused() throws {
        let root = try Fixture.copy()
        let page = root.appendingPathComponent("content/pages/intro.md")
        let handle = try FileHandle(forWritingTo: page)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(repeating: UInt8(ascii: "a"), count: 1_000_001))
        try handle.close()
        let result = Fixture.build(root, write: false)
        #expect(result.diagnostics.errors.map(\.formatted).first?.hasPrefix("content/pages/intro.md:1:1: error: the file is 1,00") == true)
        #expect(result.diagnostics.errors.map(\.formatted).first?.hasSuffix("bytes, over the limit of 1,000,000 bytes per text file; split it into smaller files; see 'Limits' in docs/content-format.md") == true)
    }

    @Test func markdownNestedTooDeepIsRefusedAtTheMarkerPastTheLimitBeforeItIsParsed() throws {
        let root = try Fixture.copy()
        let page = root.appendingPathComponent("content/pages/intro.md")
        let lines = try String(contentsOf: page, encoding: .utf8).components(separatedBy: "\n")
        // 40,000 nested quotes, then 40,000 lines: parsed, this took about 20 s.
        let deep = " " + String(repeating: "> ", count: 40_000) + "deep"
        let text = (lines + [deep] + Array(repeating: "a", count: 40_000)).joined(separator: "\n")
        try text.write(to: page, atomically: true, encoding: .utf8)
        let clock = ContinuousClock()
        var result: BuildResult?
        let took = clock.measure { result = Fixture.build(root, write: false) }
        // The 33rd marker is past the limit: after " " and 32 "> ", at column 2 + 64.
        #expect(result?.diagnostics.errors.map(\.formatted) == [
            "content/pages/intro.md:\(lines.count + 1):66: error: this line nests 40000 quotes or lists inside each other; "
                + "at most 32 are allowed; remove the extra '>' or list markers at the start of the line",
        ])
        #expect(result?.exitCode == 1)
        #expect(took < .seconds(10), "refused before parsing, not after")
    }

    @Test func nestingUpToTheLimitAndThematicBreaksAreFine() {
        #expect(MarkdownNesting.firstTooDeep(in: String(repeating: "> ", count: 32) + "ok") == nil)
        #expect(MarkdownNesting.firstTooDeep(in: String(repeating: "- ", count: 60)) == nil, "a thematic break, not a list")
        #expect(MarkdownNesting.firstTooDeep(in: "x\n" + String(repeating: "1. ", count: 33) + "item")! == (2, 97, 33))
        #expect(MarkdownNesting.firstTooDeep(in: "plain text " + String(repeating: "> ", count: 40)) == nil, "not at the start of the line")
    }

    @Test func entriesOfContentFoldersThatAreNotReadAreEachAWarningAtThemselves() throws {
        let root = try Fixture.copy()
        let content = root.appendingPathComponent("content")
        func write(_ text: String, _ path: String) throws {
            let url = content.appendingPathComponent(path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let site = root.appendingPathComponent("site.yaml")
        try (String(contentsOf: site, encoding: .utf8) + "progress: content/progress\ndocuments: content/documents\n").write(to: site, atomically: true, encoding: .utf8)
        try write("---\ntitle: Sub\n---\nText.\n", "pages/sub/x.md")
        try write("---\ntitle: Intro again\n---\nText.\n", "pages/Later.MD")
        try write("title: A report\n", "progress/2017/a.yaml")
        try write("notes", "progress/notes.txt")
        try write("title: A document\n", "documents/extra.YAML")
        try write("swap", "documents/.extra.yaml.swp")
        try write("backup", "pages/intro.md~")
        // An editor's lock file (Emacs: .#intro.md, a link that leads nowhere) and a hidden page are passed over too.
        try fm.createSymbolicLink(atPath: content.appendingPathComponent("pages/.#intro.md").path, withDestinationPath: "user@host.1234:1700000000")
        try write("---\ntitle: Hidden\n---\nText.\n", "pages/.hidden.md")
        let result = Fixture.build(root, write: false)
        #expect(!result.diagnostics.map(\.formatted).joined().contains(".hidden") && !result.diagnostics.map(\.formatted).joined().contains(".#intro"))
        #expect(result.diagnostics.filter { $0.code == "not-read" }.map(\.formatted) == [
            "content/documents/extra.YAML:1:1: warning: 'content/documents/extra.YAML' is not read: the documents are the files directly in "
                + "'content/documents' whose names end in '.yaml' or '.yml'; rename it to end in '.yaml' (in lower case): 'extra.yaml'",
            "content/pages/Later.MD:1:1: warning: 'content/pages/Later.MD' is not read: the pages are the files directly in 'content/pages' "
                + "whose names end in '.md'; rename it to end in '.md' (in lower case): 'Later.md'",
            "content/pages/sub:1:1: warning: 'content/pages/sub' is not read: the pages are the files directly in 'content/pages' whose names "
                + "end in '.md'; move it out of 'content/pages', or, if it is one of the pages, into 'content/pages' itself with a name ending in '.md'",
            "content/progress/2017:1:1: warning: 'content/progress/2017' is not read: the progress reports are the files directly in "
                + "'content/progress' whose names end in '.yaml' or '.yml'; move it out of 'content/progress', or, if it is one of the "
                + "progress reports, into 'content/progress' itself with a name ending in '.yaml' or '.yml'",
            "content/progress/notes.txt:1:1: warning: 'content/progress/notes.txt' is not read: the progress reports are the files directly in "
                + "'content/progress' whose names end in '.yaml' or '.yml'; move it out of 'content/progress', or, if it is one of the "
                + "progress reports, into 'content/progress' itself with a name ending in '.yaml' or '.yml'",
        ])
        #expect(result.exitCode == 0)
        #expect(SiteBuilder(options: BuildOptions(root: root, strict: true, write: false)).run().exitCode == 1, "--strict stops on them")
    }

    @Test func aFolderOrAPipeWhereAFileIsReadIsAnErrorAtItNotAMissingFile() throws {
        let root = try Fixture.copy()
        let glossary = root.appendingPathComponent("content/glossary.yaml")
        try fm.removeItem(at: glossary)
        try fm.createDirectory(at: glossary, withIntermediateDirectories: false)
        try fm.createDirectory(at: root.appendingPathComponent("content/pages/extra.md"), withIntermediateDirectories: false)
        #expect(mkfifo(root.appendingPathComponent("content/pages/pipe.md").path, 0o644) == 0)
        let result = Fixture.build(root, write: false)
        #expect(result.diagnostics.errors.map(\.formatted) == [
            "content/glossary.yaml:1:1: error: 'content/glossary.yaml' is a folder, where a file is read; "
                + "put the file itself at this path, or name the file in site.yaml",
            "content/pages/extra.md:1:1: error: 'content/pages/extra.md' is a folder, where a file is read; "
                + "put the file itself at this path, or name the file in site.yaml",
            "content/pages/pipe.md:1:1: error: 'content/pages/pipe.md' is not a regular file (a device or a pipe), where a file is read; "
                + "replace it with a plain text file",
        ])
        #expect(result.exitCode == 1)
    }

    @Test func aHeadingNamedLikeAnIdOfTheLayoutGetsAnotherIdAndTheSiteBuilds() throws {
        let root = try Fixture.copy()
        let page = root.appendingPathComponent("content/pages/intro.md")
        try (String(contentsOf: page, encoding: .utf8) + "\n## Main\n\nText.\n\n## In this part\n\nMore.\n").write(to: page, atomically: true, encoding: .utf8)
        let output = root.appendingPathComponent("out")
        let result = Fixture.build(root, output: output)
        #expect(result.exitCode == 0, "\(result.outcome)")
        let html = try String(contentsOf: output.appendingPathComponent("intro.html"), encoding: .utf8)
        #expect(html.contains("<h2 id=\"main-2\">Main</h2>"))
        #expect(html.contains("<h2 id=\"in-this-part-2\">In this part</h2>"))
        #expect(html.components(separatedBy: "id=\"main\"").count == 2, "the layout's own <main id=\"main\"> once")
    }

    @Test func textsShownTogetherOnOnePageShareNoHeadingOrFootnoteId() throws {
        // Two updates of one report with a heading '## Detail' and a footnote [^1] each (the report card shows both),
        // and a register's intro with the heading of the page that shows it: the build failed its own audit, the theme blamed.
        let root = try Fixture.copy(Fixture.testsFolder.appendingPathComponent("Fixtures/progress"))
        let report = root.appendingPathComponent("content/progress/2016-01.yaml")
        var text = try String(contentsOf: report, encoding: .utf8)
        for said in ["Interviews are arranged.", "The first report is drafted."] {
            text = text.replacingOccurrences(of: "text: \(said)}", with: "text: \"## Detail\\n\\n\(said)[^1]\\n\\n[^1]: A note.\"}")
        }
        try text.write(to: report, atomically: true, encoding: .utf8)
        let recs = root.appendingPathComponent("content/recs.yaml")
        try String(contentsOf: recs, encoding: .utf8).replacingOccurrences(of: "item_name: recommendation\n", with: "item_name: recommendation\nintro: |\n  ## Background\n\n  Why.[^1]\n\n  [^1]: A note.\n")
            .write(to: recs, atomically: true, encoding: .utf8)
        let page = root.appendingPathComponent("content/pages/recs.md")
        // Headings named as the intro's footnote ids would be ("intro-fn-1", "intro-fnref-1") leave those ids to it.
        try (String(contentsOf: page, encoding: .utf8) + "\n## Background\n\nMore.[^1]\n\n## Intro fn 1\n\n## Intro fnref 1\n\n[^1]: Another note.\n").write(to: page, atomically: true, encoding: .utf8)
        let output = root.appendingPathComponent("out")
        let result = Fixture.build(root, output: output)
        #expect(result.exitCode == 0, "\(result.outcome)")
        let card = try String(contentsOf: output.appendingPathComponent("report-cards/2016-01.html"), encoding: .utf8)
        #expect(card.contains("id=\"2016-01-detail\"") && card.contains("id=\"2016-01-detail-2\""))
        #expect(card.contains("<li id=\"2016-01-1-fn-1\">") && card.contains("<li id=\"2016-01-2-fn-1\">"))
        let recsPage = try String(contentsOf: output.appendingPathComponent("recs.html"), encoding: .utf8)
        #expect(recsPage.contains("<h2 id=\"background\">") && recsPage.contains("id=\"background-2\"") && recsPage.contains("<li id=\"intro-fn-1\">"))
        #expect(recsPage.contains("<h2 id=\"intro-fn-1-2\">Intro fn 1</h2>") && recsPage.contains("<h2 id=\"intro-fnref-1-2\">Intro fnref 1</h2>"), "\(recsPage)")
        #expect(recsPage.components(separatedBy: " id=\"intro-fn-1\"").count == 2 && recsPage.components(separatedBy: " id=\"intro-fnref-1\"").count == 2)
    }

    @Test func theLayoutAndPageTemplatesWriteNoLiteralIdThatPageHeadingsCouldTake() {
        for name in ["layout", "page"] {
            let text = Theme.builtIn.templates[name] ?? ""
            var ids = Set<String>()
            var rest = Substring(text)
            while let r = rest.range(of: " id=\"") {
                let value = rest[r.upperBound...].prefix { $0 != "\"" }
                if !value.contains("{") { ids.insert(String(value)) }
                rest = rest[r.upperBound...]
            }
            #expect(ids.isSubset(of: LinkedPlan.pageLayoutIDs), "\(name).mustache writes \(ids.subtracting(LinkedPlan.pageLayoutIDs).sorted()): add them to LinkedPlan.pageLayoutIDs")
        }
    }

    @Test func twoGlossaryEntriesWithOneAnchorAreAnErrorAtTheSecond() throws {
        let root = try Fixture.copy()
        let glossary = root.appendingPathComponent("content/glossary.yaml")
        try (String(contentsOf: glossary, encoding: .utf8) + "  - term: MASH\n    description: The hub.\n").write(to: glossary, atomically: true, encoding: .utf8)
        let lines = try String(contentsOf: glossary, encoding: .utf8).components(separatedBy: "\n")
        let result = Fixture.build(root, write: false)
        #expect(result.diagnostics.errors.map(\.formatted) == [
            "content/glossary.yaml:\(lines.count - 2):5: error: this entry ('MASH') would have the same anchor on the glossary page, 'term-mash', "
                + "as the entry 'MASH' at content/glossary.yaml:2:5; merge the two entries, or, if the abbreviation has two meanings, give each entry its own 'sense:'",
        ])
        #expect(result.exitCode == 1)
    }

    @Test func aMistakeInThePlanIsReportedOnceNotAgainForEveryReleaseItStops() throws {
        let root = try Fixture.copyRealPlan()
        let page = root.appendingPathComponent("content/pages/partnership.md")
        let text = try String(contentsOf: page, encoding: .utf8)
        let at = try #require(text.range(of: "page:improvement-board"))
        try text.replacingCharacters(in: at, with: "page:improvment-board").write(to: page, atomically: true, encoding: .utf8)
        let result = Fixture.build(root, write: false)
        let errors = result.diagnostics.errors.map(\.formatted)
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.hasPrefix("content/pages/partnership.md:") == true)
        #expect(errors.first?.contains("there is no page 'improvment-board'; did you mean improvement-board?") == true)
        #expect(result.exitCode == 1)
    }

    @Test func anOutputFolderInsideContentOrThemesIsRefusedAndNothingIsWritten() throws {
        let root = try Fixture.copy()
        let rootPath = root.standardizedFileURL.resolvingSymlinksInPath().path
        for folder in ["content", "themes"] {
            let output = root.appendingPathComponent("\(folder)/site-out")
            let result = Fixture.build(root, output: output)
            #expect(result.exitCode == 2)
            guard case .failure(let message) = result.outcome else { Issue.record("built into \(folder)/"); continue }
            #expect(message.hasSuffix("is inside the site's \(folder)/ folder, where the build would read it back (and serve would watch it); "
                                      + "choose an --output outside \(folder)/, e.g. \(rootPath)/output"))
            #expect(!fm.fileExists(atPath: output.path))
        }
    }

    @Test func anOutputFolderInsideAFolderSiteYamlNamesOutsideContentIsRefused() throws {
        // assets: pictures is read whole, sub-folders and all: a build into pictures/site-out read its last output back.
        let root = try Fixture.copy()
        let rootPath = root.standardizedFileURL.resolvingSymlinksInPath().path
        let pictures = root.appendingPathComponent("pictures")
        try fm.createDirectory(at: pictures, withIntermediateDirectories: true)
        try Data("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>".utf8).write(to: pictures.appendingPathComponent("dot.svg"))
        let site = root.appendingPathComponent("site.yaml")
        try (String(contentsOf: site, encoding: .utf8) + "\nassets: pictures\n").write(to: site, atomically: true, encoding: .utf8)
        for output in [pictures.appendingPathComponent("site-out"), pictures] {
            let result = Fixture.build(root, output: output)
            #expect(result.exitCode == 2)
            guard case .failure(let message) = result.outcome else { Issue.record("built into \(output.path)"); continue }
            #expect(message.hasSuffix("is inside the site's pictures/ folder, where the build would read it back (and serve would watch it); "
                                      + "choose an --output outside pictures/, e.g. \(rootPath)/output"), "\(message)")
        }
        #expect(!fm.fileExists(atPath: pictures.appendingPathComponent("site-out").path))
        #expect(try fm.contentsOfDirectory(atPath: pictures.path) == ["dot.svg"])
    }

    @Test func aLinkToAPageLeftOutAsAtADateSaysWhyNotThatThereIsNoSuchPage() throws {
        // The real plan as at a date before the 2015 recommendations were published: annex 2 shows them.
        let result = SiteBuilder(options: BuildOptions(root: Fixture.repository, write: false, asAt: "2015-06-01")).run()
        let errors = result.diagnostics.errors.map(\.message)
        #expect(!errors.isEmpty && errors.allSatisfy {
            $0 == "the page 'annex-2' is not in the plan as at 2015-06-01: it shows the register ofsted-2015, dated 2015-06-03, after 2015-06-01"
        }, "\(errors)")
    }

    @Test func anAsAtDateAfterEverythingTheContentGivesIsNoted() throws {
        func notices(_ asAt: String) throws -> [String] {
            switch SiteBuilder(options: BuildOptions(root: Fixture.repository, write: false, asAt: asAt)).prepare() {
            case .success(let prepared): return prepared.notices
            case .failure(let stopped): Issue.record("\(stopped.result.outcome)"); return []
            }
        }
        // The real plan's latest date is its release of 28 July 2020: a year typed 2106 for 2016 is noted, not refused.
        let far = try notices("2106-01-31")
        #expect(far.contains { $0.hasPrefix("note: --as-at 2106-01-31 is after the latest date the content gives (2020-07-28)") }, "\(far)")
        #expect(try notices("2020-07").allSatisfy { !$0.contains("--as-at") })
        #expect(try notices("2016-01-31").allSatisfy { !$0.contains("--as-at") })
    }

    @Test func aDocumentsUnresolvedReferenceIsReportedAtItsFieldWithTheNearestId() throws {
        let root = try Fixture.copyRealPlan()
        let report = root.appendingPathComponent("content/documents/ofsted-2018-report.yaml")
        let lines = try String(contentsOf: report, encoding: .utf8).components(separatedBy: "\n")
        let findings = try #require(lines.firstIndex { $0.hasSuffix("findings: ofsted-2018-findings") })
        var changed = lines
        changed[findings] = changed[findings].replacingOccurrences(of: "ofsted-2018-findings", with: "ofsted-2018-finding")
        try changed.joined(separator: "\n").write(to: report, atomically: true, encoding: .utf8)
        let column = lines[findings].range(of: "ofsted-2018-findings")!.lowerBound.utf16Offset(in: lines[findings]) + 1
        let result = Fixture.build(root, write: false)
        #expect(result.diagnostics.errors.map(\.formatted) == [
            "content/documents/ofsted-2018-report.yaml:\(findings + 1):\(column): error: the inspection ofsted-2018 names the findings 'ofsted-2018-finding', "
                + "which no document lists; did you mean ofsted-2018-findings?",
        ])
    }

    @Test func aForeignFolderShapedLikeASiteIsNotReplaced() throws {
        let root = try Fixture.copy()
        let foreign = root.deletingLastPathComponent().appendingPathComponent("foreign")
        try fm.createDirectory(at: foreign.appendingPathComponent("data"), withIntermediateDirectories: true)
        try "<p>mine</p>".write(to: foreign.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
        try "{}".write(to: foreign.appendingPathComponent("data/plan.json"), atomically: true, encoding: .utf8)
        try "keep me".write(to: foreign.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let before = snapshot(foreign)
        let result = Fixture.build(root, output: foreign)
        #expect(result.exitCode == 2)
        if case .failure(let message) = result.outcome {
            #expect(message == "\(foreign.path) is not empty and has no .plansite-output marker, so plansite did not write it, and a build replaces the whole folder; empty it, or choose another --output")
        }
        #expect(snapshot(foreign) == before)
        // An empty folder, and plansite's own output, are replaced.
        let empty = root.deletingLastPathComponent().appendingPathComponent("empty")
        try fm.createDirectory(at: empty, withIntermediateDirectories: true)
        #expect(Fixture.build(root, output: empty).exitCode == 0)
        #expect(Fixture.build(root, output: empty).exitCode == 0)
    }

    @Test func leftoversOfAKilledBuildAreRemovedAndNothingElse() throws {
        let root = try Fixture.copy()
        #expect(Fixture.build(root).exitCode == 0)
        let marker = ".plansite-output"
        func folder(_ name: String, marked: Bool) throws -> URL {
            let url = root.appendingPathComponent(name)
            try fm.createDirectory(at: url.appendingPathComponent("pages"), withIntermediateDirectories: true)
            try "x".write(to: url.appendingPathComponent("pages/a.html"), atomically: true, encoding: .utf8)
            if marked { try "plansite".write(to: url.appendingPathComponent(marker), atomically: true, encoding: .utf8) }
            return url
        }
        let deadPID = Int32(999_999_0)   // above any pid_max: no such process
        let stale = try [folder(".output.staging-\(deadPID)", marked: true), folder(".output.previous-\(deadPID + 1)", marked: true)]
        let unmarked = try folder(".output.staging-\(deadPID + 2)", marked: false)
        let live = try folder(".output.staging-1", marked: true)   // pid 1 is running
        let other = try folder(".other.staging-\(deadPID)", marked: true)
        #expect(Fixture.build(root).exitCode == 0)
        for url in stale { #expect(!fm.fileExists(atPath: url.path), "\(url.lastPathComponent)") }
        for url in [unmarked, live, other] { #expect(fm.fileExists(atPath: url.path), "\(url.lastPathComponent)") }
    }
}
