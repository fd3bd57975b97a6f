// Test support: fixture folders, temporary copies, and a link checker over a built site.

import Foundation
import Scratch
import PlanBuild
import Testing

enum Fixture {
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let site = testsFolder.appendingPathComponent("Fixtures/site")
    /// The repository root: the real plan's site.yaml lives there.
    static let repository = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
    static let seeds = repository.deletingLastPathComponent().appendingPathComponent("shared/seeds")

    /// A fresh temporary copy of the fixture site.
    static func copy(_ source: URL = site) throws -> URL {
        let dir = Scratch.folder("plansite")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let target = dir.appendingPathComponent("site")
        try FileManager.default.copyItem(at: source, to: target)
        return target
    }

    /// A fresh temporary copy of the real plan (site.yaml and content/ of the repository).
    static func copyRealPlan() throws -> URL {
        let root = Scratch.folder("plansite").appendingPathComponent("real")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for name in ["site.yaml", "content"] {
            try FileManager.default.copyItem(at: repository.appendingPathComponent(name), to: root.appendingPathComponent(name))
        }
        return root
    }

    static func build(_ root: URL, output: URL? = nil, strict: Bool = false, write: Bool = true) -> BuildResult {
        SiteBuilder(options: BuildOptions(root: root, output: output, strict: strict, write: write)).run()
    }

    /// The lines of a seed (`"004"`), from shared/seeds.
    static func seedLines(_ seed: String) throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: seeds.path)
        let name = try #require(names.first { $0.hasPrefix(seed + "_") })
        return try String(contentsOf: seeds.appendingPathComponent(name), encoding: .utf8).components(separatedBy: "\n")
    }

    /// The seed lines a citation names: "004:104-105, 004:113" gives 004:104, 004:105 and 004:113.
    static func citedLines(_ cite: String?) -> [(seed: String, line: Int)] {
        (cite ?? "").components(separatedBy: ", ").flatMap { one -> [(seed: String, line: Int)] in
            let parts = one.split(separator: ":")
            let range = parts.count == 2 ? parts[1].split(separator: "-").compactMap { Int($0) } : []
            guard let first = range.first else { return [] }
            return (first...(range.last ?? first)).map { (String(parts[0]), $0) }
        }
    }

    /// The text of the seed lines a citation names, one line after another.
    static func citedText(_ cite: String?) throws -> String {
        var seeds: [String: [String]] = [:]
        return try citedLines(cite).map { c in
            if seeds[c.seed] == nil { seeds[c.seed] = try seedLines(c.seed) }
            return seeds[c.seed]![c.line - 1]
        }.joined(separator: "\n")
    }
}

/// Every file under a folder, relative path → bytes.
func snapshot(_ folder: URL) -> [String: Data] {
    var out: [String: Data] = [:]
    guard let e = FileManager.default.enumerator(atPath: folder.path) else { return out }
    for case let name as String in e {
        let url = folder.appendingPathComponent(name)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            out[name] = FileManager.default.contents(atPath: url.path)
        }
    }
    return out
}

/// Checks every internal link of every HTML file: the target file exists and, with a fragment, has that id.
/// Returns the broken links as "page: href".
func brokenLinks(in site: URL) -> [String] {
    let files = snapshot(site)
    var ids: [String: Set<String>] = [:]
    let idPattern = try! NSRegularExpression(pattern: "\\sid=\"([^\"]+)\"")
    let hrefPattern = try! NSRegularExpression(pattern: "\\s(?:href|src)=\"([^\"]*)\"")
    for (path, data) in files where path.hasSuffix(".html") {
        let html = String(decoding: data, as: UTF8.self)
        let range = NSRange(html.startIndex..., in: html)
        ids[path] = Set(idPattern.matches(in: html, range: range).compactMap { Range($0.range(at: 1), in: html).map { String(html[$0]) } })
    }
    var broken: [String] = []
    for (path, data) in files.sorted(by: { $0.key < $1.key }) where path.hasSuffix(".html") {
        let html = String(decoding: data, as: UTF8.self)
        let range = NSRange(html.startIndex..., in: html)
        for match in hrefPattern.matches(in: html, range: range) {
            guard let r = Range(match.range(at: 1), in: html) else { continue }
            let href = String(html[r]).replacingOccurrences(of: "&amp;", with: "&")
            let scheme = href.split(separator: ":", maxSplits: 1).first.map { $0.lowercased() } ?? ""
            if href.contains(":"), ["http", "https", "mailto", "tel", "ftp"].contains(scheme) { continue }
            if href.isEmpty || href.hasPrefix("/") || href.contains("plansite-root") { broken.append("\(path): '\(href)'"); continue }
            let parts = href.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let base = URL(fileURLWithPath: "/" + path).deletingLastPathComponent()
            let targetPath = parts[0].isEmpty ? path : String(URL(fileURLWithPath: parts[0], relativeTo: base).standardizedFileURL.path.dropFirst())
            guard files[targetPath] != nil else { broken.append("\(path): '\(href)' (no file \(targetPath))"); continue }
            if parts.count > 1, !parts[1].isEmpty, targetPath.hasSuffix(".html"), !(ids[targetPath]?.contains(parts[1]) ?? false) {
                broken.append("\(path): '\(href)' (no id \(parts[1]))")
            }
        }
    }
    return broken
}
