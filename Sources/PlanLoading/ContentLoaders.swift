// PlanLoading/ContentLoaders: one loader per content file kind (markdown
// pages with front matter, work areas, registers, glossary, schedule). Each
// turns text into PlanModel values and reports located diagnostics.

import Foundation
import PlanModel
import Yams

/// Markdown pages: `---` front matter, then the body.
struct PageLoader {
    let sink: DiagnosticSink

    func load(_ text: String, path: String) -> Page? {
        let id = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.trimmingWhitespace() == "---" else {
            sink.error("front-matter", at: SourceLocation(file: path), "the page has no front matter",
                       suggestion: "start the file with a '---' line, 'title: ...' and 'order: ...', and a closing '---' line")
            return nil
        }
        guard let close = lines.dropFirst().firstIndex(where: { $0.trimmingWhitespace() == "---" }) else {
            sink.error("front-matter", at: SourceLocation(file: path), "the front matter is not closed",
                       suggestion: "add a '---' line after the last front matter field")
            return nil
        }
        let yaml = lines[1..<close].joined(separator: "\n")
        let body = lines[(close + 1)...].joined(separator: "\n")
        // Fields after the front matter's end, then another '---' (one '---' too many above them): markdown reads
        // the lines as a heading ("parent: x summary: …"), and the fields are lost.
        var at = close + 1
        while at < lines.count, lines[at].trimmingWhitespace().isEmpty { at += 1 }
        var fields = at
        while fields < lines.count, let colon = lines[fields].firstIndex(of: ":"),
              lines[fields][..<colon].allSatisfy({ $0.isLetter || $0 == "_" }), !lines[fields][..<colon].isEmpty { fields += 1 }
        if fields > at, fields < lines.count, lines[fields].trimmingWhitespace() == "---" {
            sink.warning("front-matter", at: SourceLocation(file: path, line: close + 1, column: 1),
                         "this '---' ends the front matter, but \(fields - at == 1 ? "a field follows it" : "\(fields - at) fields follow it") ('\(lines[at].prefix(30))'), which the page shows as a heading",
                         suggestion: "remove this '---' so that the fields below are part of the front matter, or remove the '---' at line \(fields + 1)")
        }
        var file = YAMLFile(path: path, sink: sink, lineOffset: 1)
        file.empty = ("the front matter", "add 'title: ...' and 'order: ...' between the two '---' lines")
        guard let root = file.root(yaml),
              let r = file.record(root, what: "the front matter", allowed: ["title", "order", "parent", "show", "summary"]) else { return nil }
        let title = r.string("title", required: true)
        let order = r.int("order", required: true, hint: "add 'order: N' (a whole number placing the page among its siblings)")
        var show: PageBlock?
        if let showText = r.string("show") {
            show = PageBlock(showText)
            if show == nil {
                sink.error("unknown-block", at: r.location(of: "show"), "unknown block '\(showText)' in 'show'",
                           suggestion: Suggest.didYouMean(showText, in: PageBlock.written.filter { !$0.hasSuffix(":ID") })
                               ?? "use " + PageBlock.written.dropLast().joined(separator: ", ") + " or " + PageBlock.written.last!)
            }
        }
        guard let title, let order else { return nil }
        var page = Page(id: id, title: title, order: order, parent: r.string("parent"),
                        parentLocation: r.value("parent").map(file.location), show: show,
                        showLocation: r.value("show").map(file.location), summary: r.string("summary"),
                        markdown: body, bodyLine: close + 2, location: SourceLocation(file: path))
        page.titleLocation = r.location(of: "title")
        page.orderLocation = r.location(of: "order")
        return page
    }
}

extension YAMLRecord {
    /// A work-area number or measure number.
    func int(_ key: String, required: Bool, hint: String) -> Int? {
        guard let s = string(key, required: required, hint: hint) else { return nil }
        guard let n = Int(s) else {
            let tooLarge = YAMLRecord.isTooLargeWholeNumber(s)
            sink.error("yaml-type", at: location(of: key), tooLarge ? "'\(key)' is \(s), too large a number" : "'\(key)' must be a whole number, found '\(s)'",
                       suggestion: hint)
            return nil
        }
        return n
    }

    /// `addresses: {ofsted-2015: "1-11"}`: reference fields, parsed later by PlanLinking.
    /// A key's text, when it is a scalar.
    private func ks(_ node: Node) -> String? { if case let .scalar(s) = node { return s.string } else { return nil } }

    func referenceFields(_ key: String) -> [ReferenceField] {
        guard let node = value(key) else { return [] }
        guard case let .mapping(mapping) = node else {
            sink.error("yaml-shape", at: file.location(node), "'\(key)' must map register ids to item numbers",
                       suggestion: "write e.g. '\(key):' then '  ofsted-2015: \"1-11, 14\"' on the next line")
            return []
        }
        return mapping.compactMap { k, v in
            guard case let .scalar(ks) = k, case let .scalar(vs) = v else {
                sink.error("yaml-shape", at: file.location(v), "each entry of '\(key)' must be 'register-id: numbers'",
                           suggestion: "write the numbers as one quoted text, e.g. \(ks(k) ?? "ofsted-2015"): \"2, 3, 5-7\"")
                return nil
            }
            let at = file.location(v)
            let textColumn: Int? = switch vs.style {
            case .plain: at.column
            case .singleQuoted, .doubleQuoted: at.column + 1
            default: nil
            }
            return ReferenceField(register: ks.string, text: vs.string, location: at, textColumn: textColumn)
        }
    }
}

/// Work area files.
struct WorkAreaLoader {
    let sink: DiagnosticSink

    func load(_ text: String, path: String) -> WorkArea? {
        let file = YAMLFile(path: path, sink: sink)
        guard let root = file.root(text),
              let r = file.record(root, what: "the work area", allowed: ["number", "title", "addresses", "summary", "focus", "actions", "source"])
        else { return nil }
        if let written = r.string("number"), let wrong = NumberForm.error("the work area number", written, at: r.location(of: "number")) { sink.add(wrong) }
        let number = r.int("number", required: true, hint: "add 'number: N', the work area's number in the plan")
        let title = r.string("title", required: true)
        guard var number, let title else { return nil }
        // A wrong number is one mistake: one error at it, not one at each action whose ref disagrees with it. (With one
        // action, its ref is as likely to be wrong: the error stays at the ref.)
        let refPrefixes = r.list("actions").flatMap { group -> [Int] in
            guard case let .sequence(rows)? = group["rows"] else { return [] }
            return rows.compactMap { row in row["ref"]?.string.flatMap { RefText.isActionRef($0) ? Int($0.prefix { $0 != "." }) : nil } }
        }
        let prefixes = refPrefixes.count > 1 ? Set(refPrefixes) : []
        if number < 1 {
            sink.error("bad-number", at: r.location(of: "number"), "a work area's number is a whole number from 1, found \(number)",
                       suggestion: "write the work area's number in the plan, e.g. 'number: \(prefixes.count == 1 ? prefixes.first! : 1)'")
            if prefixes.count == 1 { number = prefixes.first! }
        } else if prefixes.count == 1, let prefix = prefixes.first, prefix != number {
            sink.error("bad-number", at: r.location(of: "number"), "this work area is numbered \(number), but its key actions are numbered \(prefix).N",
                       suggestion: "if it is work area \(prefix), write 'number: \(prefix)'; otherwise give its actions the refs \(number).1, \(number).2, ...")
            number = prefix
        }

        var summary: [SummaryBlockKind: LocatedText] = [:]
        if let s = r.record("summary", what: "the summary", allowed: SummaryBlockKind.allCases.map(\.rawValue)) {
            for kind in SummaryBlockKind.allCases { summary[kind] = s.text(kind.rawValue) }
        }
        let focus: [FocusBlock] = r.list("focus").compactMap { node in
            guard let f = file.record(node, what: "an area of focus", allowed: ["title", "body"]),
                  let title = f.string("title", required: true), let body = f.text("body", required: true) else { return nil }
            return FocusBlock(title: title, body: body)
        }
        let groups: [ActionGroup] = r.list("actions").compactMap { node in
            guard let g = file.record(node, what: "an action group", allowed: ["heading", "rows"]) else { return nil }
            let heading = g.string("heading") ?? ""
            let rows = g.list("rows", required: true).compactMap { row(file: file, node: $0, workArea: number, group: heading) }
            return ActionGroup(heading: heading, rows: rows)
        }
        var area = WorkArea(number: number, title: title, addresses: r.referenceFields("addresses"), summary: summary,
                            focus: focus, groups: groups, source: r.string("source"), location: SourceLocation(file: path))
        area.numberLocation = r.location(of: "number")
        return area
    }

    private func row(file: YAMLFile, node: Node, workArea: Int, group: String) -> ActionRow? {
        guard let r = file.record(node, what: "a key action", allowed: ["ref", "what", "lead", "timeframe", "also", "addresses", "source", "withdrawn"]) else { return nil }
        let ref = r.string("ref", required: true, hint: "add 'ref: \"\(workArea).N\"'")
        let what = r.string("what", required: true)
        let leadEntries = r.stringEntries("lead", entry: "lead", fix: "write the lead's name or remove the line")
        let leads = leadEntries.map(\.text)
        if r.value("lead") == nil {
            sink.error("missing-field", at: r.location, "key action \(ref ?? "") has no 'lead'",
                       suggestion: "add 'lead:' with the lead role(s) as a list")
        } else if leads.isEmpty, let key = r.pairs.first(where: { $0.key == "lead" })?.keyNode, !hasEntries(r.value("lead")) {
            sink.error("missing-field", at: file.location(key), "'lead' of key action \(ref ?? "") is empty",
                       suggestion: "write the lead role(s) under 'lead:', each on its own line starting with '- '")
        }
        let timeframe = Quarter.checked(r.stringEntries("timeframe", entry: "timeframe", fix: "write a quarter such as Q3 15/16, or remove the line"),
                                        sink: sink, fix: "write quarters as 'Q3 15/16' (quarter 1-4, then the financial year)")
        if case .scalar? = r.value("also"), r.string("also") == nil, let key = r.pairs.first(where: { $0.key == "also" })?.keyNode {
            sink.error("missing-field", at: file.location(key), "'also' of key action \(ref ?? "") is empty",
                       suggestion: "write the ref of the action this row repeats, e.g. \"1.2\", or remove the line")
        }
        guard var ref, let what else { return nil }
        if !RefText.isActionRef(ref) {
            sink.error("bad-ref", at: r.location(of: "ref"), "'\(ref)' is not an action ref",
                       suggestion: "write it as '\(workArea).N', quoted, e.g. \"\(workArea).1\"")
        } else if let wrong = NumberForm.error("the action ref", ref, at: r.location(of: "ref")) {
            sink.add(wrong)
            ref = NumberForm.canonical(ref) ?? ref   // as it is cited: one error, not one at each citation
        } else if let prefix = ref.split(separator: ".").first, Int(prefix) != workArea {
            sink.error("bad-ref", at: r.location(of: "ref"), "action \(ref) is in work area \(workArea) but its ref starts with \(prefix)",
                       suggestion: "a key action's ref starts with its work area's number: \(workArea).N; to place another work area's action here, give this row its own ref and 'also: \"\(ref)\"'")
        }
        var row = ActionRow(ref: ref, what: what, leads: leads, timeframe: timeframe, also: r.string("also"),
                            alsoLocation: r.value("also").map(file.location), addresses: r.referenceFields("addresses"),
                            workArea: workArea, group: group, location: r.location, whatLocation: r.location(of: "what"))
        row.leadLocations = leadEntries.map(\.location)
        row.whatSource = r.text("what").map { LocatedText(what, at: $0.location, origins: $0.origins) }
        row.withdrawn = ReleaseLoader(sink: sink).withdrawal(r, ref: ref)   // ReleaseLoader.swift
        return row
    }
}

/// Whether a list node has entries (empty ones included: each is reported on its own).
private func hasEntries(_ node: Node?) -> Bool {
    if case let .sequence(seq)? = node { return !seq.isEmpty }
    return false
}

/// Text forms of refs and quarters.
public enum RefText {
    /// `1.13`: work area number, a dot, a row number.
    public static func isActionRef(_ s: String) -> Bool {
        // Two runs of ASCII digits around one dot (ASCII digits are the only ASCII characters that are numbers).
        var s = s
        return s.withUTF8 { b in
            var dots = 0, run = 0
            for c in b {
                if c == UInt8(ascii: ".") {
                    guard run > 0 else { return false }
                    dots += 1; run = 0
                } else if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
                    run += 1
                } else {
                    return false
                }
            }
            return dots == 1 && run > 0
        }
    }
}

public enum Quarter {
    /// `Q3 15/16`: a quarter 1-4 of a financial year, whose two years follow each other (`15/17` is none).
    public static func isValid(_ s: String) -> Bool { FinancialQuarter.parse(s) != nil }

    /// The quarters of a timeframe, each checked where it is written: one that is no quarter (`fix` says how to write
    /// one), or one written twice (it would be shown twice), is an error at it.
    static func checked(_ entries: [(text: String, location: SourceLocation)], sink: DiagnosticSink, fix: String) -> [String] {
        var seen = Set<String>()
        for (quarter, at) in entries {
            if !isValid(quarter) {
                sink.error("bad-quarter", at: at, "'\(quarter)' is not a quarter", suggestion: fix)
            } else if !seen.insert(quarter).inserted {
                sink.error("bad-quarter", at: at, "the timeframe gives \(quarter) twice", suggestion: "remove the repeat")
            }
        }
        return entries.map(\.text)
    }
}

/// Register files.
struct RegisterLoader {
    let sink: DiagnosticSink
    /// The keys of `dates:`.
    static let dateKeys = ["published", "issued", "dated", "inspected"]

    func load(_ text: String, path: String) -> Register? {
        let file = YAMLFile(path: path, sink: sink)
        guard let root = file.root(text),
              let r = file.record(root, what: "the register", allowed: [
                "id", "title", "short_title", "issuer", "item_name", "dates", "source", "intro", "groups", "items"]) else { return nil }
        let id = r.string("id", required: true)
        let title = r.string("title", required: true)
        let issuer = r.string("issuer", required: true)
        var dates: [(key: String, value: String)] = []
        if let d = r.value("dates") {
            if case .mapping = d, let m = file.record(d, what: "the register's dates", allowed: RegisterLoader.dateKeys) {
                // published, issued, dated: dates (the site's as-at filter reads them); inspected: the source's words,
                // or a date. Each is shown with its key as its label.
                for (key, _, value) in m.pairs where RegisterLoader.dateKeys.contains(key) {
                    guard let text = m.string(key, required: true, hint: "write the date as YYYY-MM-DD, e.g. 2015-06-03, or remove the line") else { continue }
                    if key != "inspected" || text.first.map({ $0.isASCII && $0.isNumber }) == true && text.contains("-") && !text.contains(" ") {
                        guard m.date(key, example: "2015-06-03", check: "check the month and the day against the source") != nil else { continue }
                    }
                    if case .scalar = value { dates.append((key, text)) }
                }
            } else {
                sink.error("yaml-shape", at: file.location(d), "'dates' must map names to dates", suggestion: "e.g. 'published: 2015-06-03'")
            }
        }
        if let id, !id.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }) || id.isEmpty {
            sink.error("bad-id", at: r.location(of: "id"), "register id '\(id)' must be lower-case letters, digits and hyphens",
                       suggestion: "e.g. ofsted-2015")
        }
        let items = r.list("items").compactMap { item(file: file, node: $0) }
        let groups = r.list("groups").compactMap { group(file: file, node: $0) }
        guard let id, let title, let issuer else { return nil }
        var register = Register(id: id, title: title, shortTitle: r.string("short_title"), issuer: issuer,
                                itemName: r.string("item_name") ?? "recommendation", dates: dates, source: r.string("source"),
                                intro: r.text("intro"), items: items, groups: groups, location: SourceLocation(file: path))
        register.idLocation = r.location(of: "id")
        return register
    }

    private func group(file: YAMLFile, node: Node) -> RegisterGroup? {
        guard let g = file.record(node, what: "a register group", allowed: ["heading", "groups", "items"]) else { return nil }
        return RegisterGroup(heading: g.string("heading") ?? "",
                             groups: g.list("groups").compactMap { group(file: file, node: $0) },
                             items: g.list("items").compactMap { item(file: file, node: $0) })
    }

    private func item(file: YAMLFile, node: Node, isSubPoint: Bool = false) -> RegisterItem? {
        // `editor_note` is for the editors (how the text was repaired or why it is kept): read, never published.
        let allowed = isSubPoint ? ["number", "text", "short", "note", "editor_note", "source"] : ["number", "text", "short", "note", "editor_note", "taken", "items", "source"]
        guard let i = file.record(node, what: isSubPoint ? "a sub-point" : "a register item", allowed: allowed) else { return nil }
        guard var number = i.string("number", required: true, hint: "add 'number: \"N\"'") else { return nil }
        if isSubPoint && !number.allSatisfy({ $0.isLetter && $0.isLowercase }) {
            sink.error("bad-number", at: i.location(of: "number"), "sub-point '\(number)' must be lettered (a, b, c ...)",
                       suggestion: "sub-points are cited as paragraph and letter, e.g. 10c")
            return nil
        }
        if !isSubPoint && !number.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." }) {
            sink.error("bad-number", at: i.location(of: "number"), "item number '\(number)' may hold only letters, digits and dots",
                       suggestion: "e.g. \"7\" or \"10\"")
            return nil
        }
        if !isSubPoint, let wrong = NumberForm.error("the item number", number, at: i.location(of: "number")) {
            sink.add(wrong)
            number = NumberForm.canonical(number) ?? number   // as it is cited: one error, not one at each citation
        }
        let text = i.string("text") ?? ""
        if text.isEmpty && i.string("note") == nil {
            sink.error("missing-field", at: i.location, "item \(number) has no 'text'", suggestion: "add its text, or a 'note:' saying why there is none")
        }
        var loaded = RegisterItem(number: number, text: text, note: i.string("note"), taken: i.string("taken"),
                                items: i.list("items").compactMap { item(file: file, node: $0, isSubPoint: true) }, location: i.location)
        loaded.short = i.string("short")
        loaded.textLocation = i.value("text").map(file.location)
        return loaded
    }
}

/// glossary.yaml
struct GlossaryLoader {
    let sink: DiagnosticSink

    func load(_ text: String, path: String) -> [Term] {
        let file = YAMLFile(path: path, sink: sink)
        guard let root = file.root(text), let r = file.record(root, what: "the glossary", allowed: ["terms", "intro"]) else { return [] }
        return r.list("terms", required: true).compactMap { node in
            guard let t = file.record(node, what: "a glossary term", allowed: ["term", "abbreviation", "description", "sense"]),
                  let term = t.string("term", required: true), let description = t.string("description", required: true) else { return nil }
            return Term(term: term, abbreviation: t.string("abbreviation"), description: description, sense: t.string("sense"), location: t.location)
        }
    }
}

/// schedule.yaml
struct ScheduleLoader {
    let sink: DiagnosticSink

    func load(_ text: String, path: String) -> Schedule? {
        let file = YAMLFile(path: path, sink: sink)
        guard let root = file.root(text),
              let r = file.record(root, what: "the schedule", allowed: ["title", "months", "marks_note", "groups"]) else { return nil }
        // The notes are checked against the months only when the months were read: one mistake in 'months', one error.
        var months: [String] = []
        var monthsRead = false
        switch r.value("months") {
        case nil:
            sink.error("missing-field", at: r.location, "the schedule has no 'months'", suggestion: "list the month labels, e.g. [Sept 2015, Oct 2015]")
        case .scalar(let s)? where !s.string.trimmingWhitespace().isEmpty && !(s.style == .plain && (s.string == "~" || s.string == "null")):
            sink.error("yaml-shape", at: r.location(of: "months"), "months must be a list, e.g. [Sep 2015, Oct 2015]",
                       suggestion: "put the month labels in square brackets, separated by commas, or write each on its own line starting with '- '")
        default:
            let entries = r.stringEntries("months", entry: "month", fix: "write the month's label, or remove the entry")
            var first: [String: SourceLocation] = [:]
            for (month, at) in entries {
                if let earlier = first[month] {
                    sink.error("duplicate-month", at: at, "the month '\(month)' is listed twice in 'months' (first at \(earlier.description))", suggestion: "give each month once")
                } else { first[month] = at }
            }
            months = entries.map(\.text)
            monthsRead = !months.isEmpty
            if months.isEmpty, !hasEntries(r.value("months")), let key = r.pairs.first(where: { $0.key == "months" })?.keyNode {
                if case .mapping? = r.value("months") {} else {   // a mapping: reported by strings
                    sink.error("missing-field", at: file.location(key), "'months' in the schedule is empty", suggestion: "list the month labels, e.g. [Sept 2015, Oct 2015]")
                }
            }
        }
        var activities: [String: SourceLocation] = [:]
        let groups: [ScheduleGroup] = r.list("groups", required: true).compactMap { node in
            guard let g = file.record(node, what: "a schedule group", allowed: ["heading", "rows"]) else { return nil }
            let rows: [ScheduleRow] = g.list("rows", required: true).compactMap { rowNode in
                guard let row = file.record(rowNode, what: "a schedule row", allowed: ["activity", "notes"]),
                      let activity = row.string("activity", required: true) else { return nil }
                // The same activity on two rows: two rows alike, their notes apart.
                if let first = activities[activity.lowercased()] {
                    sink.warning("duplicate-activity", at: row.location(of: "activity"), "the activity '\(activity)' is given twice in the schedule (first at \(first.description))",
                                 suggestion: "give it one row, with all its notes")
                } else { activities[activity.lowercased()] = row.location(of: "activity") }
                let notes: [ScheduleNote] = row.list("notes").compactMap { noteNode in
                    guard let n = file.record(noteNode, what: "a schedule note", allowed: ["from", "to", "text"]),
                          let from = n.string("from", required: true), let text = n.string("text", required: true) else { return nil }
                    let to = n.string("to") ?? from
                    for (key, month) in [("from", from), ("to", to)] where monthsRead && !months.contains(month) {
                        sink.error("unknown-month", at: n.location(of: key), "'\(month)' is not one of the schedule's months",
                                   suggestion: Suggest.didYouMean(month, in: months) ?? "use a label from 'months'")
                    }
                    if let a = months.firstIndex(of: from), let b = months.firstIndex(of: to), b < a {
                        sink.error("bad-range", at: n.location(of: "to"), "the note ends (\(to)) before it starts (\(from))", suggestion: "swap 'from' and 'to'")
                    }
                    return ScheduleNote(from: from, to: to, text: text, location: n.location)
                }
                var taken: [Int: ScheduleNote] = [:]
                for note in notes {
                    guard let a = months.firstIndex(of: note.from), let b = months.firstIndex(of: note.to), a <= b else { continue }
                    if let other = (a...b).compactMap({ taken[$0] }).first {
                        sink.error("overlapping-notes", at: note.location, "this note overlaps the note '\(other.text)' (\(other.from) to \(other.to)) on the same row",
                                   suggestion: "give each month of a row at most one note")
                    }
                    for m in a...b { taken[m] = note }
                }
                return ScheduleRow(activity: activity, notes: notes, location: row.location)
            }
            return ScheduleGroup(heading: g.string("heading") ?? "", rows: rows)
        }
        return Schedule(title: r.string("title") ?? "Monitoring schedule", months: months, marksNote: r.string("marks_note"),
                        groups: groups, location: SourceLocation(file: path))
    }
}
