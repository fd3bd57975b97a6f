// PlanLoading/ReleaseLoader: the releases listed in site.yaml (`releases:`),
// their change note files, and `base_url`; and the `withdrawn:` entry of a key
// action. Errors are located: a list out of date order, a version given twice,
// a change note file that does not exist.

import Foundation
import PlanModel
import Yams

struct ReleaseLoader {
    let sink: DiagnosticSink

    /// Reads `releases:` from site.yaml's text (`base_url` is SiteConfigLoader's); `read` gives a change note's text (nil: missing, already reported).
    func load(into plan: inout Plan, siteText: String, read: (String, SourceLocation) -> String?) {
        let file = YAMLFile(path: "site.yaml", sink: DiagnosticSink())   // site.yaml's own errors are reported by SiteConfigLoader
        guard let root = file.root(siteText), case let .mapping(mapping) = root else { return }
        func node(_ key: String) -> Node? {
            mapping.first(where: { if case let .scalar(k) = $0.key { return k.string == key }; return false })?.value
        }
        let checked = YAMLFile(path: "site.yaml", sink: sink)
        guard let list = node("releases") else { return }
        guard case let .sequence(items) = list else {
            sink.error("yaml-shape", at: checked.location(list), "'releases' in site.yaml must be a list of releases",
                       suggestion: "write each release as '- version: \"1.0\"' with 'date', 'label', 'note' and 'change'")
            return
        }
        var seen: [String: (version: String, location: SourceLocation)] = [:]
        var previous: Release?
        for item in items {
            guard let r = checked.record(item, what: "a release", allowed: ["version", "date", "label", "note", "change"]),
                  let version = r.string("version", required: true, hint: "add 'version: \"1.0\"'"),
                  r.string("date", required: true, hint: "add 'date: YYYY-MM-DD'") != nil,
                  let date = r.date("date", prefix: "release \(version): ", forms: "YYYY-MM-DD (or YYYY-MM)", example: "2016-01-31") else { continue }
            var major = true
            if let change = r.string("change") {
                switch change {
                case "major": major = true
                case "minor": major = false
                default:
                    sink.error("bad-change", at: r.location(of: "change"), "release \(version): 'change: \(change)' is neither major nor minor",
                               suggestion: "write 'change: major' (moves \"last updated\" and is announced) or 'change: minor' (a typo, a broken link)")
                }
            }
            if let first = seen[Release.slug(version)] {   // one version, or two of one page name
                if first.version == version {
                    sink.error("duplicate-release", at: r.location(of: "version"), "release \(version) is listed twice (first at \(first.location.description))",
                               suggestion: "give each release its own version")
                } else {
                    sink.error("duplicate-release", at: r.location(of: "version"),
                               "release \(version) would have the page of release \(first.version) (releases/\(Release.slug(version)).html, first at \(first.location.description))",
                               suggestion: "give the releases versions that differ in their letters, digits, dots or hyphens")
                }
                continue
            }
            seen[Release.slug(version)] = (version, r.location(of: "version"))
            if let previous, date < previous.date || date == previous.date {
                sink.error("release-order", at: r.location(of: "date"),
                           "release \(version) is dated \(date) but follows release \(previous.version), dated \(previous.date)",
                           suggestion: "list releases oldest first, each dated after the one before")
            }
            var release = Release(version: version, date: date, label: r.string("label"), noteFile: r.path("note", kind: "file", example: "content/releases/\(version).md"),
                                  major: major, location: r.location)
            if let path = release.noteFile, let text = read(path, r.location(of: "note")) {
                if Self.startsWithFrontMatter(text) {
                    // It would be published as the first lines of the note.
                    sink.error("front-matter", at: SourceLocation(file: path),
                               "the change note of release \(version) starts with front matter, which a change note does not take: it would be published as text",
                               suggestion: "remove the lines from the first '---' to the closing '---'; a release's version, date and label are given in its entry under 'releases:' in site.yaml")
                } else if text.allSatisfy({ $0.isWhitespace || $0 == "\u{FEFF}" }) {   // (a byte-order mark alone is empty too)
                    // Published, its release page would say nothing of what changed.
                    sink.add(.warning("empty-note", at: SourceLocation(file: path, line: 1, column: 1),
                                      "the change note of release \(version) is empty, so its page says nothing of what changed",
                                      suggestion: "write what changed in this release (what readers should know), or remove 'note:' from its entry in site.yaml"))
                } else {
                    release.note = LocatedText(text, at: SourceLocation(file: path, line: 1, column: 1))
                }
            }
            plan.releases.append(release)
            previous = release
        }
    }

    /// Whether a markdown text opens with YAML front matter, as a page does: a line `---`, then at once a `key:` line.
    /// (A note may begin with a thematic break: `---`, then a blank line or text.)
    static func startsWithFrontMatter(_ text: String) -> Bool {
        let text = text.hasPrefix("\u{FEFF}") ? text.dropFirst() : Substring(text)
        let lines = text.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false).map { $0.trimmingWhitespaceAndNewlines() }
        guard lines.count > 1, lines[0] == "---", let colon = lines[1].firstIndex(of: ":"), colon > lines[1].startIndex else { return false }
        let after = lines[1][lines[1].index(after: colon)...]
        return lines[1][..<colon].allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" } && (after.isEmpty || after.first == " ")
    }

    /// The `withdrawn:` entry of a key action: `{date: YYYY-MM-DD, reason: ...}`.
    func withdrawal(_ r: YAMLRecord, ref: String?) -> Withdrawal? {
        guard let w = r.record("withdrawn", what: "the withdrawal of action \(ref ?? "")", allowed: ["date", "reason"]),
              w.string("date", required: true, hint: "add 'date: YYYY-MM-DD', the date the action was withdrawn") != nil,
              let date = w.date("date", forms: "YYYY-MM-DD (or YYYY-MM)", example: "2016-01-31") else { return nil }
        return Withdrawal(date: date, reason: w.string("reason"), location: w.location)
    }
}
