// PlanDiff/ChangeReport: a ChangeSet as text for the terminal (grouped,
// counted, most important first), as JSON (docs/diff-json.md; stable order),
// and as markdown: a drafted change note for a communications officer to edit.
// Same change set, same bytes.

import Foundation

public enum ChangeReport {
    static func side(_ s: PlanState) -> String {
        var out = s.label
        var extra: [String] = []
        if let v = s.version, v != s.label { extra.append("release \(v)") }
        if let d = s.asAt, !s.label.contains(d) { extra.append("as at \(d)") }
        if !extra.isEmpty { out += " (" + extra.joined(separator: ", ") + ")" }
        return out
    }

    /// One line for a change, without its title: "In progress → Complete (reported 25 January 2016)".
    static func describe(_ c: Change) -> String {
        var parts: [String] = []
        switch (c.old, c.new) {
        case let (a?, b?):
            parts.append(c.words == nil ? "\(c.field.map { "\($0): " } ?? "")\(a) → \(b)" : c.field.map { "\($0) reworded" } ?? "reworded")
        case let (nil, b?): parts.append("\(c.field.map { "\($0): " } ?? "")\(b)")
        case let (a?, nil): parts.append("\(c.field.map { "\($0) was: " } ?? "was: ")\(a)")
        default: if let f = c.field { parts.append(f) }
        }
        if let d = c.detail { parts.append("(\(d))") }
        return parts.joined(separator: " ")
    }

    // MARK: Text

    public static func text(_ set: ChangeSet) -> String {
        var out = "plansite diff: \(side(set.old)) → \(side(set.new))\n"
        out += set.headline + "\n"
        for (kind, changes) in set.groups {
            out += "\n\(kind.heading) (\(changes.count))\n"
            for c in changes {
                let what = describe(c)
                out += "  \(c.entity)  \(c.title)\(what.isEmpty ? "" : ": " + what)\n"
                if let words = c.words {
                    out += "    was: \(c.old ?? "")\n    now: \(c.new ?? "")\n    words: \(WordDiff.inline(words))\n"
                }
            }
        }
        return out
    }

    // MARK: JSON

    struct Document: Encodable {
        let schema = "plansite-diff/1"
        let old: PlanState
        let new: PlanState
        let count: Int
        let summary: [String]
        let counts: [String: Int]
        let changes: [Change]
    }

    public static func json(_ set: ChangeSet) -> String {
        var counts: [String: Int] = [:]
        for c in set.changes { counts[c.kind.rawValue, default: 0] += 1 }
        let doc = Document(old: set.old, new: set.new, count: set.changes.count, summary: set.summary, counts: counts, changes: set.changes)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(doc)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    // MARK: Markdown

    /// Markdown special characters escaped, so that a quoted text stays text.
    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            if "\\`*_[]<>#|~".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out.replacingOccurrences(of: "\n", with: " ")
    }

    /// A plansite reference for an entity that the site can link to, or nil.
    static func reference(_ c: Change) -> String? {
        switch c.kind {
        case .registerRemoved, .itemRemoved, .measureRemoved, .pageRemoved, .termRemoved, .workAreaRemoved, .eventAdded, .eventChanged, .eventRemoved:
            return nil
        default: break
        }
        switch c.entityType {
        case "action", "workarea", "measure", "page", "term": return c.entity
        case "series", "report", "register", "plan": return nil
        default: return c.entity   // a register item: ofsted-2015:7
        }
    }

    static func quote(_ s: String?) -> String { "“\(escape(s ?? ""))”" }

    /// The sentence a change note gives one change.
    static func sentence(_ c: Change) -> String {
        let name = reference(c).map { "[\(escape(c.title))](\($0))" } ?? escape(c.title)
        let field = c.field.map(escape) ?? ""
        var s: String
        switch c.kind {
        case .statusMoved: s = "\(name) moved from \(escape(c.old ?? "")) to \(escape(c.new ?? ""))"
        case .actionRetimed, .actionRetimedRevised:
            s = "\(name): \(c.kind == .actionRetimed ? "timeframe" : "revised timeframe") changed from \(escape(c.old ?? "")) to \(escape(c.new ?? ""))"
        case .actionWithdrawn: s = "\(name) was withdrawn. It said: \(quote(c.old))"
        case .actionAdded, .itemAdded: s = "\(name) was added: \(quote(c.new))"
        case .actionReled: s = "\(name) is now led by \(escape(c.new ?? "")) (was \(escape(c.old ?? "")))"
        case .actionMoved: s = "\(name) moved from \(escape(c.old ?? "")) to \(escape(c.new ?? ""))"
        case .actionReworded, .itemReworded: s = ended("\(name) now reads: \(quote(c.new))") + " It read: \(quote(c.old))"
        case .actionRepeatsGained: s = "\(name) is now also placed as \(escape(c.new ?? ""))"
        case .actionRepeatsLost: s = "\(name) is no longer placed as \(escape(c.old ?? ""))"
        case .coverageGained, .coverageLost: s = "\(name) is \(escape(c.detail ?? ""))"
        case .registerAdded: s = "\(name) was added (\(escape(c.new ?? "")))"
        case .registerRemoved, .itemRemoved, .measureRemoved, .pageRemoved, .termRemoved, .workAreaRemoved, .eventRemoved:
            s = "\(name) was removed"
        case .measureValueChanged: s = "\(name), \(field): \(escape(c.old ?? "")) is now \(escape(c.new ?? ""))"
        case .measureNewObservation: s = "\(name), \(field): \(escape(c.new ?? ""))"
        case .measureAdded, .workAreaAdded, .pageAdded, .termAdded: s = "\(name) was added"
        case .eventAdded: s = "\(name) (\(escape(c.new ?? ""))) was added"
        case .eventChanged: s = "\(name): \(field) changed from \(escape(c.old ?? "")) to \(escape(c.new ?? ""))"
        case .workAreaRetitled, .pageRetitled: s = "\(name) was retitled (was \(quote(c.old)))"
        case .pageRenamed: s = "\(name) moved from page \(escape(c.old ?? ""))"
        case .pageSectionChanged: s = "\(name): the section \(quote(c.field)) changed"
        case .pageSectionAdded: s = "\(name): the section \(quote(c.field)) was added"
        case .pageSectionRemoved: s = "\(name): the section \(quote(c.field)) was removed"
        case .termChanged: s = "\(name): its description changed"
        }
        if let d = c.detail, [.statusMoved, .actionRetimed, .actionRetimedRevised, .actionWithdrawn].contains(c.kind) {
            // A reason that is a sentence keeps no full stop of its own inside the brackets: "(… into action 2.2)."
            let detail = d.hasSuffix(".") && !d.hasSuffix("..") ? String(d.dropLast()) : d
            s += " (\(escape(detail)))"
        }
        return ended(s)
    }

    /// `s` with a full stop, unless it already ends a sentence: with one of ".!?", or with a quotation that does
    /// ("… intervention.”"), which takes no second one.
    static func ended(_ s: String) -> String {
        var last = s.last
        if last == "”" || last == "\"" { last = s.dropLast().last }
        return last == "." || last == "!" || last == "?" ? s : s + "."
    }

    public static func markdown(_ set: ChangeSet) -> String {
        var out = "<!-- Drafted by plansite diff: \(side(set.old)) → \(side(set.new)). Edit before publishing: say why, not only what. -->\n\n"
        guard !set.isEmpty else { return out + "No changes.\n" }
        out += "## Summary\n\n" + escape(set.headline) + "\n"
        for (kind, changes) in set.groups {
            out += "\n## \(kind.heading)\n\n"
            for c in changes { out += "- " + sentence(c) + "\n" }
        }
        return out
    }
}
