// PlanRendering/EPUBBuilder: plan.epub, an EPUB 3 with a navigation document
// and accessibility metadata, one XHTML file per page of the site. The zip is
// made in memory with fixed entry dates (the release date), so the same plan
// gives the same bytes.

import Foundation
import PlanModel
import Markdown
import PlanLinking
import ZIPFoundation

struct EPUBBuilder {
    let renderer: SiteRenderer

    func file(_ input: EditionInput) throws -> OutputFile {
        OutputFile(path: "plan.epub", bytes: try archive(input))
    }

    func archive(_ input: EditionInput) throws -> Data {
        let sections = input.sections
        let fileName = { (s: EditionSection) in "\(s.id).xhtml" }
        let placement = Dictionary(uniqueKeysWithValues: sections.map { ($0.sitePath, (file: fileName($0), id: $0.id)) })
        var files: [(path: String, bytes: Data, compress: Bool)] = []
        files.append(("mimetype", Data("application/epub+zip".utf8), false))
        files.append(("META-INF/container.xml", Data(container.utf8), true))
        let documents = Parallel.map(sections, threads: renderer.threads) { section -> (path: String, bytes: Data, compress: Bool) in
            var rewriter = EditionRewriter(placement: placement, actionHome: input.actionHomes, keepOutsideLinks: false, currentFile: fileName(section))
            rewriter.headingShift = 0   // the section title is this document's h1; the page's own h2s stay h2
            rewriter.xhtml = true
            let body = "<section id=\"\(section.id)\" aria-labelledby=\"\(section.id)-title\">\n<h1 id=\"\(section.id)-title\">\(HTML.escape(section.title))</h1>\n"
                + rewriter.rewrite(section) + "\n</section>"
            return ("EPUB/" + fileName(section), Data(page(title: section.title, body: body).utf8), true)
        }
        files += documents
        let contents = renderer.editionContents(sections) { fileName($0) }
        files.append(("EPUB/nav.xhtml", Data(nav(contents).utf8), true))
        files.append(("EPUB/style.css", renderer.theme.assets["style.css"] ?? Data(), true))
        // Images the sections show (from the assets folder), beside the documents as on the site.
        let shown = images(in: documents.map(\.bytes))
        files += shown.map { ("EPUB/" + $0.path, $0.bytes, true) }
        files.append(("EPUB/package.opf", Data(package(sections: sections, fileName: fileName, images: shown.map(\.path)).utf8), true))

        let archive = try Archive(data: Data(), accessMode: .create)
        let date = releaseDate
        for f in files {
            try archive.addEntry(with: f.path, type: .file, uncompressedSize: Int64(f.bytes.count), modificationDate: date,
                                 permissions: 0o644, compressionMethod: f.compress ? .deflate : .none) { position, size in
                f.bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw ThemeError(template: "plan.epub", message: "the EPUB archive could not be written") }
        return data
    }

    /// Noon UTC on the release's date (the archive's entries carry it, so that the file is the same from build to
    /// build). Counted from the civil date (days from 1970-01-01, proleptic Gregorian), without a calendar object,
    /// whose time-zone data took a tenth of the EPUB's time to load.
    var releaseDate: Date {
        let parts = renderer.siteView.date.split(separator: "-").compactMap { Int($0) }
        let year = parts.first ?? 2000, month = parts.count > 1 ? parts[1] : 1, day = parts.count > 2 ? parts[2] : 1
        return Date(timeIntervalSince1970: TimeInterval(Self.daysFromCivil(year: year, month: month, day: day)) * 86_400 + 12 * 3_600)
    }

    /// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (Howard Hinnant's days_from_civil). The
    /// month is 1-12 (the release date is checked on loading); a day past the month's end runs on into the next.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year           // the year counted from March
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400                           // 0...399
        let doy = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    let container = """
    <?xml version="1.0" encoding="UTF-8"?>
    <container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
    <rootfiles><rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/></rootfiles>
    </container>

    """

    func page(title: String, body: String, extraNamespace: String = "") -> String {
        let lang = renderer.siteView.language
        return """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE html>
        <html xmlns="http://www.w3.org/1999/xhtml"\(extraNamespace) xml:lang="\(lang)" lang="\(lang)">
        <head>
        <meta charset="utf-8" />
        <title>\(HTML.escape(title))</title>
        <link rel="stylesheet" type="text/css" href="style.css" />
        </head>
        <body>
        \(renderer.siteView.example ? "<p class=\"example-banner\"><strong>\(HTML.escape(SiteRenderer.exampleNotice))</strong></p>\n" : "")\(body)
        </body>
        </html>

        """
    }

    func nav(_ entries: [EditionContentsEntry]) -> String {
        func list(_ entries: [EditionContentsEntry]) -> String {
            "<ol>\n" + entries.map { e in
                "<li><a href=\"\(HTML.escape(e.href))\">\(HTML.escape(e.title))</a>" + (e.hasChildren ? "\n" + list(e.children) : "") + "</li>\n"
            }.joined() + "</ol>"
        }
        let body = "<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\" aria-labelledby=\"toc-title\">\n<h1 id=\"toc-title\">Contents</h1>\n\(list(entries))\n</nav>"
        return page(title: "Contents", body: body, extraNamespace: " xmlns:epub=\"http://www.idpf.org/2007/ops\"")
    }

    /// The images of the plan that the documents show, by their path (`images/…`), sorted.
    func images(in documents: [Data]) -> [(path: String, bytes: Data)] {
        let all = renderer.linked.plan.images
        guard !all.isEmpty else { return [] }
        // Each `src="images/…"` as the reader's browser reads it (a name with a space is written `my%20chart.png`).
        var shown = Set<String>()
        for document in documents {
            let text = String(decoding: document, as: UTF8.self)
            var rest = text[...]
            while let at = rest.range(of: "src=\"images/") {
                let value = rest[at.upperBound...].prefix { $0 != "\"" }
                let name = HTML.unescape(String(value))
                shown.insert(name.removingPercentEncoding ?? name)
                rest = rest[value.endIndex...]
            }
        }
        return all.keys.sorted().filter { shown.contains($0) }.map { ("images/" + $0, all[$0]!) }
    }

    /// The characters a path of a URL may hold as they are (RFC 3986's unreserved and sub-delimiters, '/', ':' and '@').
    static let pathAllowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/")

    static func mediaType(_ path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "svg": return "image/svg+xml"
        case "webp": return "image/webp"
        default: return "application/octet-stream"
        }
    }

    func package(sections: [EditionSection], fileName: (EditionSection) -> String, images: [String] = []) -> String {
        let s = renderer.siteView
        let identifier = "urn:plansite:" + Slug.make(s.organisation) + ":" + Slug.make(s.title) + ":" + s.version
        let items = sections.enumerated().map { i, sec in
            // A document holding inline SVG (the progress charts) declares it, as EPUB 3 requires.
            let svg = HTMLScanner.contains(sec.scanned.bytes, "<svg") ? " properties=\"svg\"" : ""
            return "<item id=\"p\(i + 1)\" href=\"\(fileName(sec))\" media-type=\"application/xhtml+xml\"\(svg)/>"
        }.joined(separator: "\n")
        let spine = sections.indices.map { "<itemref idref=\"p\($0 + 1)\"/>" }.joined(separator: "\n")
        // An item's href is a URL: a name with a space or an accent is %-escaped, as the documents' sources are.
        let imageItems = images.enumerated().map { "<item id=\"img\($0 + 1)\" href=\"\(HTML.escape($1.addingPercentEncoding(withAllowedCharacters: Self.pathAllowed) ?? $1))\" media-type=\"\(Self.mediaType($1))\"/>" }.joined(separator: "\n")
        let media = images.isEmpty ? "There are no images, audio or video." : "Every image that carries meaning has a text alternative; decorative images are marked as such. There is no audio or video."
        let summary = "This publication is the text of \(s.title) by \(s.organisation). Every page has a heading structure, the tables have captions and header cells, and a table of contents links to every section. \(media) It meets the accessibility requirements of WCAG 2.2 level AA as far as the reading system allows."
        return """
        <?xml version="1.0" encoding="UTF-8"?>
        <package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="\(s.language)">
        <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
        <dc:identifier id="uid">\(HTML.escape(identifier))</dc:identifier>
        <dc:title>\(HTML.escape(s.title))</dc:title>
        <dc:language>\(s.language)</dc:language>
        <dc:creator>\(HTML.escape(s.organisation))</dc:creator>
        <dc:publisher>\(HTML.escape(s.organisation))</dc:publisher>
        <dc:date>\(s.date)</dc:date>
        <meta property="dcterms:modified">\(s.date)T12:00:00Z</meta>
        <meta property="schema:accessMode">textual</meta>\(images.isEmpty ? "" : "\n<meta property=\"schema:accessMode\">visual</meta>\n<meta property=\"schema:accessibilityFeature\">alternativeText</meta>")
        <meta property="schema:accessModeSufficient">textual</meta>
        <meta property="schema:accessibilityFeature">structuralNavigation</meta>
        <meta property="schema:accessibilityFeature">tableOfContents</meta>
        <meta property="schema:accessibilityFeature">readingOrder</meta>
        <meta property="schema:accessibilityFeature">displayTransformability</meta>
        <meta property="schema:accessibilityHazard">none</meta>
        <meta property="schema:accessibilitySummary">\(HTML.escape(summary))</meta>
        <meta property="dcterms:conformsTo">http://www.idpf.org/epub/a11y/accessibility-20170105.html#wcag-aa</meta>
        </metadata>
        <manifest>
        <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
        <item id="css" href="style.css" media-type="text/css"/>
        \(items)\(imageItems.isEmpty ? "" : "\n" + imageItems)
        </manifest>
        <spine>
        <itemref idref="nav"/>
        \(spine)
        </spine>
        </package>

        """
    }
}

