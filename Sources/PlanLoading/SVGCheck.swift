// PlanLoading/SVGCheck: whether an SVG image of the assets folder may be
// published. It is copied as it is, and a reader may open it on its own, where
// a script in it runs with the site's address: so it may hold none. The file is
// parsed as XML (as a browser parses it: entities and character references
// decoded, namespaces resolved), not searched as text, which `jav&#x61;script:`,
// a tab inside `java	script:` or a script element under another prefix got
// past. A file that is not well-formed XML is refused too: a browser shows an
// error in its place, and what it would make of it cannot be checked.

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

enum SVGCheck {
    /// What is wrong, in words that follow "the image 'x.svg' …", where, and how to fix it.
    struct Problem: Equatable {
        let line: Int, column: Int
        let message: String, fix: String
    }

    static let scriptFix = "export the SVG again without scripts, or save the image as PNG"

    /// The first problem of the SVG in `data`, or nil when it may be published.
    static func problem(_ data: Data) -> Problem? {
        let reader = Reader()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = reader
        _ = parser.parse()   // (on Linux, true even after an error: libxml2 recovers, and the errors come to the delegate)
        if let error = reader.error {
            return Problem(line: error.line, column: error.column, message: "is not well-formed XML: \(wellFormedness(error.code))",
                           fix: "save the image again as an SVG file from the program that made it (a browser shows an error in place of a file that is not well-formed)")
        }
        let tags = StartTags(String(decoding: data, as: UTF8.self))
        guard let root = reader.elements.first, root.local == "svg" else {
            return Problem(line: 1, column: 1, message: reader.elements.first.map { "is not an SVG image: its outermost element is <\($0.qualified)>, not <svg>" }
                                                        ?? "is not an SVG image (it has no <svg> element)",
                           fix: "save the image again as an SVG file, or give the file the extension of its format")
        }
        if let instruction = reader.styleSheetInstruction {
            return Problem(line: instruction.line, column: instruction.column, message: "holds an xml-stylesheet instruction, which loads a style sheet or a transformation into it",
                           fix: "remove the instruction, or export the SVG again with its styles inside it")
        }
        var cursor = 0
        for element in reader.elements {
            // The element's place in the text: the next start tag, when it is this element's (one an entity's
            // replacement text makes has no tag of its own: it is placed where the parser was).
            var tag: StartTags.Tag?
            if cursor < tags.all.count, tags.all[cursor].name == element.qualified { tag = tags.all[cursor]; cursor += 1 }
            let at = tag.map { ($0.line, $0.column) } ?? (element.line, element.column)
            func attributeAt(_ name: String) -> (Int, Int) { tag?.attributes.first { $0.name == name }.map { ($0.line, $0.column) } ?? at }
            if let what = scriptElement(element) {
                return Problem(line: at.0, column: at.1, message: "holds a script: \(what)", fix: scriptFix)
            }
            for (name, value) in element.attributes.sorted(by: { $0.key < $1.key }) {
                if let what = scriptAttribute(name, value, in: element) {
                    let place = attributeAt(name)
                    return Problem(line: place.0, column: place.1, message: "holds a script: \(what)", fix: scriptFix)
                }
            }
            if element.local == "style", let what = scriptInStyle(element.text) {
                return Problem(line: at.0, column: at.1, message: "holds a script: \(what), in its <\(element.qualified)> element", fix: scriptFix)
            }
            // A file loaded from another site (an image, a font, a style sheet) reports each reader's visit to it, and
            // is gone when that site moves it; a link (<a href>) is followed only when clicked.
            if element.local.lowercased() != "a" {
                for (name, value) in element.attributes.sorted(by: { $0.key < $1.key }) where ["href", "src"].contains(localName(name).lowercased()) {
                    guard isElsewhere(value) else { continue }
                    let place = attributeAt(name)
                    return Problem(line: place.0, column: place.1, message: "loads '\(value)' from another site ('\(name)' on <\(element.qualified)>)", fix: elsewhereFix)
                }
            }
            if element.local == "style" || element.attributes.keys.contains(where: { localName($0).lowercased() == "style" }),
               let address = loadedFromElsewhere(element.local == "style" ? element.text : element.attributes.first { localName($0.key).lowercased() == "style" }!.value) {
                return Problem(line: at.0, column: at.1, message: "loads '\(address)' from another site, in the style of <\(element.qualified)>", fix: elsewhereFix)
            }
        }
        return nil
    }

    /// What makes this element a script, or a way to one; nil when nothing does.
    static func scriptElement(_ element: Reader.Element) -> String? {
        switch element.local.lowercased() {
        case "script": return "a <\(element.qualified)> element"
        case "foreignobject": return "a <\(element.qualified)>, which can hold a web page and its scripts"
        case "iframe", "embed", "object": return "an <\(element.qualified)>, which shows another document, scripts and all"
        case "handler", "listener": return "a <\(element.qualified)> element, which runs a script on an event"
        case "set", "animate", "animatemotion", "animatetransform", "animatecolor":
            // An animation may set a link or a handler to what it likes: `<set attributeName="href" to="javascript:…">`.
            guard let target = element.attributes.first(where: { localName($0.key) == "attributeName" })?.value else { return nil }
            let local = localName(target.trimmingCharacters(in: .whitespaces)).lowercased()
            return local == "href" || local.hasPrefix("on") ? "an animation <\(element.qualified)> that sets '\(target)'" : nil
        default: return nil
        }
    }

    /// What makes this attribute a script; nil when nothing does.
    static func scriptAttribute(_ name: String, _ value: String, in element: Reader.Element) -> String? {
        let local = localName(name).lowercased()
        if local.hasPrefix("on") { return "the event handler '\(name)' on <\(element.qualified)>" }
        let address = normalisedAddress(value)
        if let scheme = ["javascript:", "vbscript:"].first(where: { address.hasPrefix($0) }) {
            return "a '\(scheme)' address in '\(name)' on <\(element.qualified)>"
        }
        if ["href", "src", "base"].contains(local), address.hasPrefix("data:"), !isRasterData(address) {
            return "a 'data:' address in '\(name)' on <\(element.qualified)> that is not a PNG, JPEG, GIF or WebP image"
        }
        if local == "style" { return scriptInStyle(value).map { "\($0), in the 'style' of <\(element.qualified)>" } }
        return nil
    }

    /// What in a style sheet (an element's or a `style` attribute's) leads to a script: a `url()` to a script or to a
    /// document that may hold one, or a script address or an `expression()` anywhere, escapes and comments undone.
    static func scriptInStyle(_ css: String) -> String? {
        let css = unescapeCSS(removingCSSComments(css))
        let plain = normalisedAddress(css)
        if let scheme = ["javascript:", "vbscript:"].first(where: { plain.contains($0) }) { return "a '\(scheme)' address" }
        if plain.contains("expression(") { return "an expression()" }
        var rest = plain[...]
        while let open = rest.range(of: "url(") {
            var address = rest[open.upperBound...].prefix { $0 != ")" }
            if let quote = address.first, quote == "\"" || quote == "'" { address = address.dropFirst().prefix { $0 != quote } }
            if address.hasPrefix("data:"), !isRasterData(String(address)) { return "a 'data:' address in url() that is not a PNG, JPEG, GIF or WebP image" }
            rest = rest[open.upperBound...]
        }
        return nil
    }

    static let elsewhereFix = "embed the file in the SVG (an image as data:image/png, text in a font the reader has), or save the image as PNG"

    /// Whether an address leads to another site: a scheme with a host (`https://`, `http://`, `ftp://`) or `//host`.
    static func isElsewhere(_ value: String) -> Bool {
        let address = normalisedAddress(value)
        return address.hasPrefix("//") || ["http:", "https:", "ftp:"].contains { address.hasPrefix($0) }
    }

    /// The first address of another site a style sheet loads (`url(…)`, `@import "…"`), if any.
    public static func loadedFromElsewhere(_ css: String) -> String? {
        let css = unescapeCSS(removingCSSComments(css))
        var rest = css[...]
        while let open = rest.range(of: "url(", options: .caseInsensitive) {
            var address = rest[open.upperBound...].prefix { $0 != ")" }.trimmingCharacters(in: .whitespaces)[...]
            if let quote = address.first, quote == "\"" || quote == "'" { address = address.dropFirst().prefix { $0 != quote } }
            if isElsewhere(String(address)) { return String(address) }
            rest = rest[open.upperBound...]
        }
        rest = css[...]
        while let at = rest.range(of: "@import", options: .caseInsensitive) {
            let after = rest[at.upperBound...].drop { $0 == " " || $0 == "\t" || $0 == "\n" }
            if let quote = after.first, quote == "\"" || quote == "'" {
                let address = String(after.dropFirst().prefix { $0 != quote })
                if isElsewhere(address) { return address }
            }
            rest = rest[at.upperBound...]
        }
        return nil
    }

    /// An address as a browser reads its scheme: without ASCII whitespace and control characters (a tab inside
    /// `java	script:` is dropped), in lower case.
    static func normalisedAddress(_ value: String) -> String {
        String(String.UnicodeScalarView(value.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F })).lowercased()
    }

    /// A `data:` address of a raster image, which holds no script: `data:image/png;base64,…`. Not `image/svg+xml`.
    static func isRasterData(_ address: String) -> Bool {
        ["png", "jpeg", "jpg", "gif", "webp"].contains { address.hasPrefix("data:image/\($0);") || address.hasPrefix("data:image/\($0),") }
    }

    static func localName(_ name: String) -> String { name.split(separator: ":").last.map(String.init) ?? name }

    static func removingCSSComments(_ css: String) -> String {
        var out = "", rest = css[...]
        while let open = rest.range(of: "/*") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "*/") else { return out }
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    /// CSS escapes undone: `\6a ` and `\j` are both `j`, so `\6a avascript:` is `javascript:`.
    static func unescapeCSS(_ css: String) -> String {
        guard css.contains("\\") else { return css }
        var out = String.UnicodeScalarView()
        let scalars = Array(css.unicodeScalars)
        var i = 0
        while i < scalars.count {
            guard scalars[i] == "\\", i + 1 < scalars.count else { out.append(scalars[i]); i += 1; continue }
            var hex = "", j = i + 1
            while j < scalars.count, hex.count < 6, scalars[j].properties.isASCIIHexDigit { hex.unicodeScalars.append(scalars[j]); j += 1 }
            if hex.isEmpty {
                if scalars[j] != "\n" { out.append(scalars[j]) }
                i = j + 1
            } else {
                out.append(UInt32(hex, radix: 16).flatMap(Unicode.Scalar.init) ?? "\u{FFFD}")
                if j < scalars.count, scalars[j] == " " || scalars[j] == "\t" || scalars[j] == "\n" { j += 1 }
                i = j
            }
        }
        return String(out)
    }

    /// libxml2's error codes (those XMLParser passes on) in words, for the mistakes an edited SVG is likely to have.
    static func wellFormedness(_ code: Int) -> String {
        switch code {
        case 3: return "it does not begin with an element (or an <?xml …?> declaration)"
        case 4: return "the file is empty"
        case 5, 86: return "something follows the end of the <svg> element"
        case 9: return "it holds a character XML does not allow"
        case 22, 23: return "an '&' that does not begin an entity such as &amp; (write a lone '&' as &amp;)"
        case 26, 27: return "it names an entity that XML does not know (such as &nbsp;, which is HTML's: write &#160;)"
        case 38: return "an attribute's value holds a '<' (write it as &lt;)"
        case 39, 41, 75: return "an attribute without '=' and a quoted value"
        case 40: return "an attribute's value is not closed by its quote"
        case 42: return "an element gives one attribute twice"
        case 45: return "a comment is not closed by '-->'"
        case 65, 73, 77: return "a tag is not closed, or the file ends inside one (is it cut short?)"
        case 76: return "an end tag does not match the element it closes"
        case 85: return "the elements are not closed in the order they were opened, or the file ends before they are (is it cut short?)"
        case 89: return "an entity refers to itself, or its entities expand to far too much text"
        case 200...299: return "a prefix (such as xlink:) is used without its xmlns: declaration"
        default: return "the XML parser stopped here (libxml2 error \(code))"
        }
    }

    /// The parser's events that the check reads.
    final class Reader: NSObject, XMLParserDelegate {
        struct Element {
            let local: String, qualified: String
            let attributes: [String: String]
            let line: Int, column: Int
            var text = ""   // a <style> element's text
        }
        var elements: [Element] = []
        var error: (line: Int, column: Int, code: Int)?
        var styleSheetInstruction: (line: Int, column: Int)?
        private var open: [Int] = []   // the elements open, by index

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            open.append(elements.count)
            elements.append(Element(local: name, qualified: qualifiedName ?? name, attributes: attributes, line: parser.lineNumber, column: parser.columnNumber))
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) { _ = open.popLast() }
        func parser(_ parser: XMLParser, foundCharacters string: String) { appendText(string) }
        func parser(_ parser: XMLParser, foundCDATA block: Data) { appendText(String(decoding: block, as: UTF8.self)) }
        private func appendText(_ text: String) {
            // Text goes to the <style> element it is in, at any depth; other text cannot run.
            if let style = open.last(where: { elements[$0].local == "style" }) { elements[style].text += text }
        }
        func parser(_ parser: XMLParser, foundProcessingInstructionWithTarget target: String, data: String?) {
            if target.lowercased() == "xml-stylesheet", styleSheetInstruction == nil { styleSheetInstruction = (parser.lineNumber, parser.columnNumber) }
        }
        func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
            if error == nil { error = (parser.lineNumber, parser.columnNumber, (parseError as NSError).code) }
        }
    }

    /// Where each start tag and each of its attributes is in the text (1-based line and column, counted in Unicode
    /// scalars), in the order the parser meets them: XMLParser tells only where a tag ends.
    struct StartTags {
        struct Tag {
            let name: String
            let line: Int, column: Int
            var attributes: [(name: String, line: Int, column: Int)] = []
        }
        private(set) var all: [Tag] = []

        init(_ text: String) {
            let s = Array(text.unicodeScalars)
            var lineStarts = [0]
            for (i, c) in s.enumerated() where c == "\n" { lineStarts.append(i + 1) }
            func place(_ i: Int) -> (Int, Int) {
                var lo = 0, hi = lineStarts.count - 1
                while lo < hi { let mid = (lo + hi + 1) / 2; if lineStarts[mid] <= i { lo = mid } else { hi = mid - 1 } }
                return (lo + 1, i - lineStarts[lo] + 1)
            }
            func starts(_ prefix: String, at i: Int) -> Bool {
                var j = i
                for p in prefix.unicodeScalars {
                    guard j < s.count, s[j] == p else { return false }
                    j += 1
                }
                return true
            }
            func skip(past end: String, from i: Int) -> Int {
                var j = i
                while j < s.count, !starts(end, at: j) { j += 1 }
                return j + end.unicodeScalars.count
            }
            func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r" }
            var i = 0
            while i < s.count {
                guard s[i] == "<" else { i += 1; continue }
                if starts("<!--", at: i) { i = skip(past: "-->", from: i + 4); continue }
                if starts("<![CDATA[", at: i) { i = skip(past: "]]>", from: i + 9); continue }
                if starts("<?", at: i) { i = skip(past: "?>", from: i + 2); continue }
                if starts("</", at: i) { i = skip(past: ">", from: i + 2); continue }
                if starts("<!", at: i) {   // a DOCTYPE, with an internal subset in brackets and quoted strings
                    var j = i + 2, depth = 0, quote: Unicode.Scalar?
                    while j < s.count {
                        let c = s[j]
                        if let q = quote { if c == q { quote = nil } }
                        else if c == "\"" || c == "'" { quote = c }
                        else if c == "[" { depth += 1 } else if c == "]" { depth -= 1 }
                        else if c == ">", depth <= 0 { break }
                        j += 1
                    }
                    i = j + 1
                    continue
                }
                var j = i + 1
                while j < s.count, !isSpace(s[j]), s[j] != "/", s[j] != ">" { j += 1 }
                let at = place(i)
                var tag = Tag(name: String(String.UnicodeScalarView(s[(i + 1)..<j])), line: at.0, column: at.1)
                while j < s.count {
                    while j < s.count, isSpace(s[j]) { j += 1 }
                    guard j < s.count, s[j] != ">", s[j] != "/" else { break }
                    let nameStart = j
                    while j < s.count, !isSpace(s[j]), s[j] != "=", s[j] != ">" { j += 1 }
                    let namePlace = place(nameStart)
                    tag.attributes.append((String(String.UnicodeScalarView(s[nameStart..<j])), namePlace.0, namePlace.1))
                    while j < s.count, s[j] != "\"", s[j] != "'", s[j] != ">" { j += 1 }
                    guard j < s.count, s[j] != ">" else { break }
                    let quote = s[j]
                    j += 1
                    while j < s.count, s[j] != quote { j += 1 }
                    j += 1
                }
                all.append(tag)
                i = j
            }
        }
    }
}

/// A style sheet of the site's own (a theme's `.css`), checked as an SVG's styles are: it may lead to no script and
/// load nothing from another site.
public enum StyleSheetCheck {
    /// What is wrong with `css`, and the text to point at (the address, or the scheme), or nil.
    public static func problem(_ css: String) -> (message: String, token: String, fix: String)? {
        if let what = SVGCheck.scriptInStyle(css) {
            let token = ["javascript:", "vbscript:", "expression(", "data:"].first { css.lowercased().contains($0) } ?? ""
            return ("leads to a script: \(what)", token, "remove it: a style sheet of the site may lead to no script")
        }
        if let address = SVGCheck.loadedFromElsewhere(css) {
            return ("loads '\(address)' from another site, which would report each reader's visit to it", address,
                    "put the file in the theme's assets folder and give its path there")
        }
        return nil
    }
}
