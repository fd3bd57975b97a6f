// PlanRendering/SearchIndex: search-index.js, the index the search page reads.
// Built from the typed plan, not from rendered pages: each citable thing
// (action, work area, register item, measure, term, page section, progress
// update) becomes one SearchDocument with its kind, id, title, text, where it
// lives and its facets. A new kind of item joins the index through one small
// function returning [SearchDocument], listed in `SearchIndexBuilder.documents()`.
//
// The index is a script that assigns a global (`window.PLANSITE_SEARCH`), so
// that it loads with <script> from a web server and from disk (file://, where
// fetch() of JSON fails). Keys sorted, documents in plan order: same plan,
// same bytes. Ranking and matching live in assets/search.js.

import Foundation
import Markdown
import PlanLinking
import PlanModel

/// One thing a reader can find.
public struct SearchDocument: Sendable, Equatable {
    /// What it is, as readers say it: "Action", "Work area", "Recommendation", "Term", "Page", "Update".
    public var kind: String
    /// The id a reader may type: `1.12`, `R7`, `MASH`; empty when it has none.
    public var id: String
    /// More ids that find it exactly: `action:1.12`, `ofsted-2015:7`, the term's full name.
    public var aliases: [String] = []
    public var title: String
    /// Plain text, for matching and the snippet.
    public var text: String
    /// Site path, with its anchor.
    public var path: String
    /// Where it lives, in words: "Work area 1: Leadership, management and governance".
    public var place: String
    /// Facet key (see `SearchIndexBuilder.facetLabels`) → values. `kind` is added from `kind`.
    public var facets: [String: [String]] = [:]

    public init(kind: String, id: String, aliases: [String] = [], title: String, text: String, path: String, place: String,
                facets: [String: [String]] = [:]) {
        self.kind = kind; self.id = id; self.aliases = aliases; self.title = title; self.text = text
        self.path = path; self.place = place; self.facets = facets
    }
}

struct SearchIndexBuilder {
    let linked: LinkedPlan
    /// "Work area 2: Title" by number (the first area of a number, as a search in plan order finds).
    private let workAreaNames: [Int: String]

    init(linked: LinkedPlan) {
        self.linked = linked
        workAreaNames = Dictionary(linked.plan.workAreas.map { ($0.number, "Work area \($0.number): \($0.title)") }, uniquingKeysWith: { first, _ in first })
    }
    /// Facets in the order the search page shows them.
    static let facetLabels: [(key: String, label: String)] = [
        ("kind", "Kind"), ("workArea", "Work area"), ("lead", "Lead"), ("status", "Status"), ("register", "Register"),
    ]
    /// The most text kept per document (the snippet and matching read no further).
    static let textLimit = 3000

    /// Every document, in plan order. A new kind of item adds its function here.
    func documents() -> [SearchDocument] {
        actionDocuments() + workAreaDocuments() + registerItemDocuments() + measureDocuments() + termDocuments()
            + pageDocuments() + updateDocuments() + documentListDocuments()
    }

    // MARK: Kinds

    func workAreaName(_ n: Int) -> String { workAreaNames[n] ?? "Work area \(n)" }

    func statusLabel(_ target: ProgressTarget) -> String? { linked.progress.current(target)?.status.label }

    func actionDocuments() -> [SearchDocument] {
        // The registers a work area cites, once per area (not once per action of it).
        let areaRegisters = linked.workAreaAddresses.mapValues { Set($0.map(\.register)) }
        return linked.rowOrder.compactMap { linked.rows[$0] }.map { row in
            let origin = linked.original[row.ref] ?? row.ref
            var facets: [String: [String]] = ["workArea": [workAreaName(row.workArea)], "lead": row.leads]
            facets["status"] = [statusLabel(.action(origin)) ?? "No status reported"]
            let answers = linked.addresses(ofAction: row.ref)
            var registers = Set(answers.direct.map(\.register))
            for area in answers.viaWorkArea { registers.formUnion(areaRegisters[area.workArea] ?? []) }
            facets["register"] = linked.plan.registers.filter { registers.contains($0.id) }.map(\.shortTitle)
            let lead = row.leads.isEmpty ? "" : " Lead: " + row.leads.joined(separator: "; ") + "."
            return SearchDocument(kind: "Action", id: row.ref, aliases: ["action:\(row.ref)"], title: "Action \(row.ref)",
                                  text: row.what + lead + (origin != row.ref ? " Repeats action \(origin)." : ""),
                                  path: SitePath.action(row.ref),
                                  place: workAreaName(row.workArea) + (row.group.isEmpty ? "" : ", \(row.group)"), facets: facets)
        }
    }

    /// A work area: one document for the area (its title and first summary block), one per other summary block and area of focus.
    func workAreaDocuments() -> [SearchDocument] {
        linked.plan.workAreas.sorted { $0.number < $1.number }.flatMap { area -> [SearchDocument] in
            let path = SitePath.workArea(area.number)
            let name = "Work area \(area.number): \(area.title)"
            let registers = Set((linked.workAreaAddresses[area.number] ?? []).map(\.register))
            let facets = ["workArea": [workAreaName(area.number)],
                          "register": linked.plan.registers.filter { registers.contains($0.id) }.map(\.shortTitle)]
            var sections: [(title: String, anchor: String, html: String)] = SummaryBlockKind.allCases.compactMap { kind in
                linked.rendered["workarea:\(area.number):\(kind.rawValue)"].map { (kind.heading, Slug.make(kind.heading), $0.html) }
            }
            sections += area.focus.indices.compactMap { i in
                linked.rendered["workarea:\(area.number):focus:\(i)"].map { (area.focus[i].title, "areas-of-focus", $0.html) }
            }
            var docs = [SearchDocument(kind: "Work area", id: "\(area.number)", aliases: ["workarea:\(area.number)", "work area \(area.number)"],
                                       title: name, text: sections.first.map { SearchText.fromHTML($0.html) } ?? "",
                                       path: path, place: "Part 2: work areas", facets: facets)]
            for s in sections.dropFirst() {
                docs.append(SearchDocument(kind: "Work area", id: "", title: "Work area \(area.number): \(s.title)", text: SearchText.fromHTML(s.html),
                                           path: path + "#" + s.anchor, place: name, facets: facets))
            }
            return docs
        }
    }

    func registerItemDocuments() -> [SearchDocument] {
        linked.itemOrder.compactMap { key -> SearchDocument? in
            guard let indexed = linked.items[key], let register = linked.register(key.register) else { return nil }
            let by = linked.addressedBy[key] ?? Addressers()
            let number = indexed.parent.map { $0.number + indexed.item.number } ?? indexed.item.number
            var facets: [String: [String]] = ["register": [register.shortTitle]]
            facets["workArea"] = by.workAreas.sorted().map(workAreaName)
            if let s = statusLabel(.item(key)) { facets["status"] = [s] }
            let initial = register.itemName.first.map { String($0).uppercased() } ?? ""
            let text = [indexed.item.text, indexed.item.note, indexed.item.taken].compactMap { $0 }.joined(separator: " ")
            return SearchDocument(kind: register.itemName.capitalizedFirst, id: initial + number,
                                  aliases: [key.description, "\(register.itemName) \(number)"],
                                  title: "\(register.shortTitle) \(register.itemName) \(number)", text: text,
                                  path: linked.path(of: key), place: ([register.title] + indexed.headings).joined(separator: ", "), facets: facets)
        }
    }

    /// The items of the documents' own lists, each where its page shows it: an inspection's findings, a report's
    /// planned activities and recommendations, the easy read's points. A list whose source numbers nothing (its
    /// entries stand under each group's lead-in) is one document, its page.
    func documentListDocuments() -> [SearchDocument] {
        let docs = linked.documents
        return docs.documents.flatMap { document in
            document.lists.flatMap { list -> [SearchDocument] in
                let path = DocumentPath.page(of: list, in: docs)
                guard !list.items.isEmpty else {
                    let entries = list.groups.flatMap { g in ([g.heading, g.afterHeading] + g.after.map { Optional($0) }).compactMap { $0 } }
                    return [SearchDocument(kind: "List", id: "", title: list.title, text: ([list.intro].compactMap { $0 } + entries).joined(separator: " "),
                                           path: path, place: document.title, facets: [:])]
                }
                let kind = list.kind == "findings" ? "Finding" : list.itemName.capitalizedFirst
                return list.groups.flatMap { group in
                    group.items.map { item in
                        SearchDocument(kind: kind, id: item.number, aliases: ["\(list.id):\(item.number)", "\(list.itemName) \(item.number)"],
                                       title: "\(list.title), \(list.itemName) \(item.number)", text: item.text,
                                       path: path + "#\(list.id)-\(item.number)",
                                       place: ([document.title] + [group.heading].compactMap { $0 }).joined(separator: ", "), facets: [:])
                    }
                }
            }
        }
    }

    func measureDocuments() -> [SearchDocument] {
        var docs: [SearchDocument] = (linked.plan.scorecard?.measures ?? []).map { m in
            SearchDocument(kind: "Measure", id: "M\(m.number)", aliases: ["measure:\(m.number)", "measure \(m.number)"],
                           title: "Measure \(m.number)", text: m.text, path: linked.scorecardPath + "#measure-\(m.number)",
                           place: "Scorecard, \(m.group)")
        }
        for s in linked.progress.series {
            docs.append(SearchDocument(kind: "Measure", id: "", aliases: [s.id], title: s.title, text: [s.title, s.description].compactMap { $0 }.joined(separator: " "),
                                       path: ProgressPath.demandAndVolumes, place: "Measures over time, \(s.group)"))
        }
        return docs
    }

    func termDocuments() -> [SearchDocument] {
        linked.plan.terms.map { t in
            SearchDocument(kind: "Term", id: t.abbreviation ?? "", aliases: [t.term, "term:\(t.key)"], title: t.abbreviation.map { "\(t.term) (\($0))" } ?? t.term,
                           text: t.description, path: linked.glossaryPath + "#" + LinkedPlan.termAnchor(t), place: "Glossary")
        }
    }

    /// A page: one document for its opening, one per section (h2, h3), each linking to its heading.
    func pageDocuments() -> [SearchDocument] {
        linked.pageOrder.flatMap { id -> [SearchDocument] in
            guard let page = linked.pages[id], let rendered = linked.rendered["page:\(id)"] else { return [] }
            let path = SitePath.page(id)
            let sections = SearchText.sections(of: rendered)
            return sections.enumerated().compactMap { i, s in
                if i > 0 && s.text.isEmpty { return nil }
                let text = i == 0 ? [page.summary, s.text].compactMap { $0 }.joined(separator: " ") : s.text
                return SearchDocument(kind: "Page", id: "", aliases: i == 0 ? ["page:\(id)"] : [],
                                      title: i == 0 ? page.title : s.heading, text: text,
                                      path: s.anchor.map { path + "#" + $0 } ?? path, place: i == 0 ? "Page" : "Page: \(page.title)")
            }
        }
    }

    func updateDocuments() -> [SearchDocument] {
        let progress = linked.progress
        return progress.reports.flatMap { report in
            (progress.updatesByReport[report.id] ?? []).map { u -> SearchDocument in
                let (title, path, facets) = target(u.target)
                var f = facets
                if let id = u.update.status, let s = progress.vocabulary.status(id) { f["status"] = [s.label] }
                let text = SearchText.fromHTML(linked.rendered[u.textKey]?.html ?? u.update.text.text)
                return SearchDocument(kind: "Update", id: "", title: "Update on \(title.lowercasedFirstWord), \(u.update.date.text)",
                                      text: text, path: path, place: report.source.title, facets: f)
            }
        }
    }

    /// A progress target's name, where its progress is shown, and its facets.
    func target(_ t: ProgressTarget) -> (String, String, [String: [String]]) {
        switch t {
        case .plan: return ("The plan", ProgressPath.reportCards, [:])
        case .action(let ref):
            let row = linked.actionRow(ref)
            return ("Action \(ref)", SitePath.action(ref) + "#progress",
                    ["workArea": row.map { [workAreaName($0.workArea)] } ?? [], "lead": row?.leads ?? []])
        case .workArea(let n): return ("Work area \(n)", SitePath.workArea(n), ["workArea": [workAreaName(n)]])
        case .item(let key):
            let register = linked.register(key.register)
            return ("\(register?.shortTitle ?? key.register) \(register?.itemName ?? "item") \(key.number)", linked.path(of: key),
                    ["register": register.map { [$0.shortTitle] } ?? []])
        }
    }

    // MARK: The file

    struct FacetDoc: Encodable { let key: String; let label: String; let values: [String] }
    struct Doc: Encodable {
        let k: Int; let i: String; let a: [String]?; let t: String; let x: String; let u: String; let p: String
        let f: [String: [Int]]
    }
    struct IndexDoc: Encodable { let version = 1; let facets: [FacetDoc]; let docs: [Doc] }

    /// The index as JSON (keys sorted): facets with their values (sorted), documents pointing at them by position.
    func json(_ documents: [SearchDocument]) throws -> Data {
        Data(try Self.compactJSON(index(documents)))   // JSONEncoder's bytes
    }

    /// The index as JSONEncoder writes it (compact, keys sorted): its documents (the bulk) written directly, the
    /// facets by JSONBytes. A test compares the bytes with JSONEncoder's.
    static func compactJSON(_ index: IndexDoc) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(index.docs.reduce(64) { $0 + $1.x.utf8.count + $1.t.utf8.count + 96 })
        out.append(contentsOf: "{\"docs\":[".utf8)
        for (n, doc) in index.docs.enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "{"))
            if let aliases = doc.a {
                out.append(contentsOf: "\"a\":[".utf8)
                for (m, alias) in aliases.enumerated() {
                    if m > 0 { out.append(UInt8(ascii: ",")) }
                    JSONBytes.string(alias, into: &out)
                }
                out.append(contentsOf: "],".utf8)
            }
            out.append(contentsOf: "\"f\":{".utf8)
            for (m, key) in doc.f.keys.sorted(by: JSONBytes.keyLess).enumerated() {
                if m > 0 { out.append(UInt8(ascii: ",")) }
                JSONBytes.string(key, into: &out)
                out.append(contentsOf: ":[".utf8)
                for (v, position) in (doc.f[key] ?? []).enumerated() {
                    if v > 0 { out.append(UInt8(ascii: ",")) }
                    JSONBytes.integer(position, into: &out)
                }
                out.append(UInt8(ascii: "]"))
            }
            out.append(contentsOf: "},\"i\":".utf8); JSONBytes.string(doc.i, into: &out)
            out.append(contentsOf: ",\"k\":".utf8); JSONBytes.integer(doc.k, into: &out)
            out.append(contentsOf: ",\"p\":".utf8); JSONBytes.string(doc.p, into: &out)
            out.append(contentsOf: ",\"t\":".utf8); JSONBytes.string(doc.t, into: &out)
            out.append(contentsOf: ",\"u\":".utf8); JSONBytes.string(doc.u, into: &out)
            out.append(contentsOf: ",\"x\":".utf8); JSONBytes.string(doc.x, into: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: "],\"facets\":".utf8)
        out += try JSONBytes.encode(index.facets, pretty: false)
        out.append(contentsOf: ",\"version\":\(index.version)}".utf8)
        return out
    }
    static let formatting: JSONEncoder.OutputFormatting = [.sortedKeys, .withoutEscapingSlashes]

    func index(_ documents: [SearchDocument]) -> IndexDoc {
        var values: [String: Set<String>] = [:]
        for d in documents {
            values["kind", default: []].insert(d.kind)
            for (k, v) in d.facets { values[k, default: []].formUnion(v) }
        }
        let kindOrder = documents.reduce(into: [String]()) { if !$0.contains($1.kind) { $0.append($1.kind) } }
        let facets = Self.facetLabels.compactMap { f -> FacetDoc? in
            guard let v = values[f.key], !v.isEmpty else { return nil }
            let sorted = f.key == "kind" ? kindOrder : f.key == "workArea" ? v.sorted { NaturalOrder.less($0.dropFirst(10).description, $1.dropFirst(10).description) } : v.sorted()
            return FacetDoc(key: f.key, label: f.label, values: sorted)
        }
        let position = Dictionary(uniqueKeysWithValues: facets.map { f in (f.key, Dictionary(uniqueKeysWithValues: f.values.enumerated().map { ($1, $0) })) })
        let docs = documents.map { d -> Doc in
            var f: [String: [Int]] = [:]
            for (k, v) in d.facets where !v.isEmpty { f[k] = v.compactMap { position[k]?[$0] }.sorted() }
            let text = Self.firstCharacters(d.text, Self.textLimit)
            return Doc(k: position["kind"]?[d.kind] ?? 0, i: d.id, a: d.aliases.isEmpty ? nil : d.aliases, t: d.title, x: text,
                       u: d.path, p: d.place, f: f)
        }
        return IndexDoc(facets: facets, docs: docs)
    }

    /// The first `limit` characters of `text` (all of it when it has no more). A text of no more bytes than that has
    /// no more characters; one whose first `limit` + 1 bytes are ASCII but for a carriage return (which a line feed
    /// after it joins) is cut at byte `limit`, where a character starts and none joins the one before it. Otherwise
    /// the characters are counted, no further than `limit`.
    static func firstCharacters(_ text: String, _ limit: Int) -> String {
        if text.utf8.count <= limit { return text }
        var text = text
        let plain = text.withUTF8 { b in !b[...limit].contains { $0 >= 0x80 || $0 == 0x0D } }
        if plain { return text.withUTF8 { String(decoding: $0[..<limit], as: UTF8.self) } }
        let cut = text.index(text.startIndex, offsetBy: limit, limitedBy: text.endIndex)
        return cut.map { $0 == text.endIndex ? text : String(text[..<$0]) } ?? text
    }

    /// `search-index.js`: the index assigned to a global, loadable with <script> from disk.
    func script() throws -> Data {
        var out = Data("// The plan's search index, generated by plansite. Read by assets/search.js.\nwindow.PLANSITE_SEARCH = ".utf8)
        out.append(try json(documents()))
        out.append(Data(";\n".utf8))
        return out
    }
}

/// Plain text for the index from markdown already rendered to HTML at linking.
enum SearchText {
    static func fromHTML(_ html: String) -> String {
        // List markers ("- ") and table rows' bullets are layout, not words.
        var text = HTMLText.convert(html)
        return text.withUTF8(words) ?? text.split(whereSeparator: { $0 == "\n" || $0 == " " || $0 == "\t" }).filter { $0 != "-" }.joined(separator: " ")
    }

    /// The words of `text` (split at spaces, tabs and newlines, a lone "-" left out) joined by single spaces, read as
    /// bytes; nil where that could split differently from its characters (a carriage return, or a separator beside a
    /// byte beyond ASCII, which a combining mark could join into one character with it).
    static func words(_ b: UnsafeBufferPointer<UInt8>) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        @inline(__always) func isSeparator(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x09 }
        var i = 0
        while i < b.count {
            let c = b[i]
            if c == 0x0D { return nil }
            if isSeparator(c) {
                if (i + 1 < b.count && b[i + 1] >= 0x80) || (i > 0 && b[i - 1] >= 0x80) { return nil }
                i += 1
                continue
            }
            var j = i + 1
            while j < b.count, !isSeparator(b[j]), b[j] != 0x0D { j += 1 }
            if !(j - i == 1 && c == UInt8(ascii: "-")) {
                if !out.isEmpty { out.append(0x20) }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[i..<j]))
            }
            i = j
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A page's HTML cut at its h2 and h3 headings: the opening (no heading), then each section.
    static func sections(of rendered: RenderedText) -> [(heading: String, anchor: String?, text: String)] {
        let html = rendered.html
        var cuts: [(index: String.Index, heading: MarkdownHeading?)] = []
        var from = html.startIndex
        for h in rendered.headings where h.level == 2 || h.level == 3 {
            guard let at = html.range(of: "id=\"\(h.id)\"", range: from..<html.endIndex),
                  let open = html.range(of: "<h", options: .backwards, range: html.startIndex..<at.lowerBound) else { continue }
            cuts.append((open.lowerBound, h))
            from = at.upperBound
        }
        var out: [(heading: String, anchor: String?, text: String)] = []
        var start = html.startIndex
        var current: MarkdownHeading?
        for cut in cuts + [(html.endIndex, nil)] {
            var chunk = String(html[start..<cut.index])
            if let c = current, let close = chunk.range(of: "</h\(c.level)>") { chunk = String(chunk[close.upperBound...]) }
            out.append((current?.text ?? "", current?.id, fromHTML(chunk)))
            start = cut.index
            current = cut.heading
        }
        return out
    }
}

extension String {
    /// "Action 1.2" → "action 1.2"; "Ofsted 2015 …" stays (a name).
    var lowercasedFirstWord: String {
        hasPrefix("Action ") || hasPrefix("Work area ") || hasPrefix("The ") ? prefix(1).lowercased() + dropFirst() : self
    }
}
