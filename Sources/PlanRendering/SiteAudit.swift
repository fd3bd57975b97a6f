// PlanRendering/SiteAudit: the build's own checks of what it renders, run on
// every build before anything is written: every internal link and anchor
// resolves, every page has a language, a title and one h1, every table has a
// caption or a label and header cells with a scope. Its findings stop the
// build; its totals fill the accessibility statement.

import Foundation
import PlanLinking

public struct SiteAudit: Sendable {
    public var pages = 0
    public var links = 0
    public var tables = 0
    public var problems: [String] = []

    static let tablePattern = try! NSRegularExpression(pattern: #"(aria-label="Table: [^"]*" tabindex="0">\n)?<table[\s>].*?</table>"#, options: [.dotMatchesLineSeparators])

    /// Audits HTML files among `files`; other files count as link targets.
    public static func run(_ files: [OutputFile]) -> SiteAudit {
        var audit = SiteAudit()
        var ids: [String: Set<String>] = [:]
        var html: [String: String] = [:]
        for f in files where f.path.hasSuffix(".html") {
            let text = String(decoding: f.bytes, as: UTF8.self)
            html[f.path] = text
            let all = attributeValues(" id=\"", in: f.bytes)
            ids[f.path] = Set(all)
            if all.count != Set(all).count {
                var seen = Set<String>()
                let repeated = all.filter { !seen.insert($0).inserted }
                audit.problems.append("\(f.path): duplicate id '\(repeated[0])'")
            }
        }
        let paths = Set(files.map(\.path))
        var resolved: [String: String] = [:]   // "folder|href" → site path
        for (path, text) in html.sorted(by: { $0.key < $1.key }) {
            audit.pages += 1
            let bytes = Data(text.utf8)
            if !text.contains("<html lang=\"") { audit.problems.append("\(path): no lang on <html>") }
            if text.range(of: "<title>[^<]+</title>", options: .regularExpression) == nil { audit.problems.append("\(path): empty <title>") }
            let h1 = attributeValues("<h1", in: bytes).count
            if h1 != 1 { audit.problems.append("\(path): \(h1) h1 headings (one expected)") }
            for table in matches(tablePattern, in: text, group: 0) {
                audit.tables += 1
                // A table has a caption, or (markdown tables whose author gave none, which check warns about) a labelled region.
                if !table.contains("<caption") && !table.hasPrefix("aria-label=") { audit.problems.append("\(path): a table without a caption or label") }
                if table.range(of: "<th(?![^>]*scope=)[\\s>]", options: .regularExpression) != nil {
                    audit.problems.append("\(path): a header cell without scope")
                }
            }
            let folder = (path as NSString).deletingLastPathComponent
            for href in attributeValues(" href=\"", in: bytes) + attributeValues(" src=\"", in: bytes) {
                if Reference.isExternal(href) { continue }
                audit.links += 1
                let parts = href.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let target: String
                if parts[0].isEmpty {
                    target = path
                } else if let known = resolved[folder + "|" + parts[0]] {
                    target = known
                } else {
                    let base = URL(fileURLWithPath: "/" + path).deletingLastPathComponent()
                    target = String(URL(fileURLWithPath: parts[0], relativeTo: base).standardizedFileURL.path.dropFirst())
                    resolved[folder + "|" + parts[0]] = target
                }
                if href.isEmpty || href.hasPrefix("/") || !paths.contains(target) {
                    audit.problems.append("\(path): broken link '\(href)'")
                } else if parts.count > 1, !parts[1].isEmpty, target.hasSuffix(".html"), !(ids[target]?.contains(parts[1]) ?? false) {
                    audit.problems.append("\(path): link '\(href)' to a missing anchor")
                }
            }
        }
        return audit
    }

    /// Every value of an attribute, found by scanning bytes (much faster than a regular expression on large pages).
    static func attributeValues(_ prefix: String, in data: Data) -> [String] {
        let needle = Array(prefix.utf8)
        var values: [String] = []
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            let n = bytes.count, m = needle.count
            var i = 0
            while i + m <= n {
                if bytes[i] == needle[0] {
                    var j = 1
                    while j < m && bytes[i + j] == needle[j] { j += 1 }
                    if j == m {
                        var k = i + m
                        while k < n && bytes[k] != UInt8(ascii: "\"") { k += 1 }
                        values.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[(i + m)..<k]), as: UTF8.self))
                        i = k
                        continue
                    }
                }
                i += 1
            }
        }
        return values
    }

    static func matches(_ regex: NSRegularExpression, in text: String, group: Int = 1) -> [String] {
        let ns = text as NSString
        return regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range(at: group)) }
    }
}
