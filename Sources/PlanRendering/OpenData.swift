// PlanRendering/OpenData: data/plan.json, the whole linked plan as open data.
// Its shape is documented in docs/plan-json.md and docs/plan.schema.json.
// Keys sorted, arrays in plan order: the same plan gives the same bytes.

import Foundation
import PlanLinking
import PlanModel

struct OpenData {
    let linked: LinkedPlan

    struct Document: Encodable {
        let schema = "plansite-plan/1"
        let site: SiteDoc
        let pages: [PageDoc]
        let workAreas: [WorkAreaDoc]
        let actions: [ActionDoc]
        let registers: [RegisterDoc]
        let measures: [MeasureDoc]
        let terms: [TermDoc]
        let schedule: ScheduleDoc?
        let counts: CountsDoc
        /// Progress over time (OpenDataProgress.swift).
        let progress: ProgressDoc
        /// The documents around the plan (OpenDataDocuments.swift); absent when there are none.
        let documents: DocumentsDoc?
    }
    struct SiteDoc: Encodable { let title, organisation, language, version, date: String }
    struct PageDoc: Encodable { let id, title, url: String; let parent: String?; let order: Int }
    struct GroupDoc: Encodable { let heading: String; let rows: [String] }
    struct WorkAreaDoc: Encodable {
        let number: Int; let title, url: String
        let addresses: [String]
        let groups: [GroupDoc]
        let focus: [String]
    }
    struct AddressDoc: Encodable { let direct: [String]; let viaWorkArea: [String] }
    struct ActionDoc: Encodable {
        let ref, text, url, group: String
        let leads, timeframe: [String]
        let workArea: Int
        let repeatOf: String?
        let repeats: [String]
        let placements: [PlacementDoc]
        let addresses: AddressDoc
    }
    struct PlacementDoc: Encodable { let ref: String; let workArea: Int }
    struct ItemDoc: Encodable {
        let id, number, text, url: String
        let headings: [String]
        let note, taken, parent: String?
        let addressedBy: AddressedByDoc
    }
    struct AddressedByDoc: Encodable { let workAreas: [Int]; let actions: [String]; let taken: Bool }
    struct RegisterDoc: Encodable {
        let id, title, issuer, itemName, url: String
        let dates: [String: String]
        let items: [ItemDoc]
    }
    struct ObservationDoc: Encodable { let column: String; let value: String?; let period: String? }
    struct MeasureDoc: Encodable { let number, group, text: String; let observations: [ObservationDoc]; let benchmark: ObservationDoc }
    struct TermDoc: Encodable { let term, description: String; let abbreviation: String? }
    struct ScheduleNoteDoc: Encodable { let from, to, text: String }
    struct ScheduleRowDoc: Encodable { let group, activity: String; let notes: [ScheduleNoteDoc] }
    struct ScheduleDoc: Encodable { let title: String; let months: [String]; let marksNote: String?; let rows: [ScheduleRowDoc] }
    struct CountsDoc: Encodable { let workAreas, actionRows, distinctActions, repeats, registerItems, measures, terms, scheduleRows: Int }

    func document() -> Document {
        let plan = linked.plan
        let pages = linked.pageOrder.compactMap { id in linked.pages[id].map { PageDoc(id: id, title: $0.title, url: SitePath.page(id), parent: $0.parent, order: $0.order) } }
        let areas = plan.workAreas.sorted { $0.number < $1.number }.map { a in
            WorkAreaDoc(number: a.number, title: a.title, url: SitePath.workArea(a.number),
                        addresses: (linked.workAreaAddresses[a.number] ?? []).map(\.description),
                        groups: a.groups.map { GroupDoc(heading: $0.heading, rows: $0.rows.map(\.ref)) },
                        focus: a.focus.map(\.title))
        }
        let actions = linked.rowOrder.compactMap { ref -> ActionDoc? in
            guard let row = linked.rows[ref] else { return nil }
            let origin = linked.original[ref] ?? ref
            let answers = linked.addresses(ofAction: ref)
            return ActionDoc(ref: ref, text: row.what, url: SitePath.action(ref), group: row.group, leads: row.leads, timeframe: row.timeframe,
                             workArea: row.workArea, repeatOf: origin == ref ? nil : origin, repeats: linked.repeats[ref] ?? [],
                             placements: ([origin] + (linked.repeats[origin] ?? [])).compactMap { r in linked.rows[r].map { PlacementDoc(ref: r, workArea: $0.workArea) } },
                             addresses: AddressDoc(direct: answers.direct.map(\.description),
                                                   viaWorkArea: Array(Set(answers.viaWorkArea.flatMap(\.items))).sorted().map(\.description)))
        }
        let registers = plan.registers.map { r in
            RegisterDoc(id: r.id, title: r.title, issuer: r.issuer, itemName: r.itemName, url: linked.path(ofRegister: r.id),
                        dates: Dictionary(r.dates.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a }),
                        items: linked.itemOrder.filter { $0.register == r.id }.compactMap { key in
                            guard let i = linked.items[key] else { return nil }
                            let by = linked.addressedBy[key] ?? Addressers()
                            return ItemDoc(id: key.description, number: key.number, text: i.item.text, url: linked.path(of: key), headings: i.headings,
                                           note: i.item.note, taken: i.item.taken, parent: i.parent?.description,
                                           addressedBy: AddressedByDoc(workAreas: by.workAreas.sorted(), actions: by.actions, taken: by.taken != nil))
                        })
        }
        func obs(_ o: Observation) -> ObservationDoc { ObservationDoc(column: o.column, value: o.value, period: o.cellPeriod) }
        let measures = (plan.scorecard?.measures ?? []).map { m in
            MeasureDoc(number: m.number, group: m.group, text: m.text, observations: m.observations.map(obs), benchmark: obs(m.benchmark))
        }
        let schedule = plan.schedule.map { s in
            ScheduleDoc(title: s.title, months: s.months, marksNote: s.marksNote,
                        rows: s.groups.flatMap { g in g.rows.map { ScheduleRowDoc(group: g.heading, activity: $0.activity, notes: $0.notes.map { ScheduleNoteDoc(from: $0.from, to: $0.to, text: $0.text) }) } })
        }
        let c = plan.config, release = plan.releaseInForce
        return Document(
            site: SiteDoc(title: c.title, organisation: c.organisation, language: c.language, version: release.version, date: release.date),
            pages: pages, workAreas: areas, actions: actions, registers: registers, measures: measures,
            terms: plan.terms.map { TermDoc(term: $0.term, description: $0.description, abbreviation: $0.abbreviation) },
            schedule: schedule,
            counts: CountsDoc(workAreas: areas.count, actionRows: actions.count, distinctActions: linked.distinctActions.count,
                              repeats: actions.filter { $0.repeatOf != nil }.count,
                              registerItems: registers.reduce(0) { $0 + $1.items.filter { $0.parent == nil }.count },
                              measures: measures.count, terms: plan.terms.count, scheduleRows: schedule?.rows.count ?? 0),
            progress: progressDocument(),
            documents: documentsDocument())
    }

    func json(threads: Int = Parallel.defaultThreads) throws -> Data {
        try Self.json(of: document(), threads: threads)
    }

    static let formatting: JSONEncoder.OutputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]

    /// The document as JSONEncoder writes it (pretty, keys sorted), one line ending added. Its members are encoded at
    /// the same time, each on its own, and joined as the encoder joins them: the bytes are the encoder's own
    /// (a test compares them with the whole document encoded at once).
    static func json(of d: Document, threads: Int) throws -> Data {
        // Each member's value as it stands in the document, one level deep (JSONBytes.swift); one it does not cover
        // is written by JSONEncoder and indented.
        func encoded<T: Encodable>(_ value: T) -> () throws -> [UInt8] {
            {
                if let bytes = try? JSONBytes.encode(value, pretty: true, depth: 1) { return bytes }
                let encoder = JSONEncoder()
                encoder.outputFormatting = formatting
                return indented([UInt8](try encoder.encode(value)))
            }
        }
        var members: [(key: String, encode: () throws -> [UInt8])] = [
            ("schema", encoded(d.schema)), ("site", encoded(d.site)), ("pages", encoded(d.pages)), ("workAreas", encoded(d.workAreas)),
            ("actions", { Self.prettyJSON(d.actions, depth: 1) }), ("registers", encoded(d.registers)), ("measures", encoded(d.measures)),
            ("terms", encoded(d.terms)), ("counts", encoded(d.counts)), ("progress", encoded(d.progress)),
        ]
        if let schedule = d.schedule { members.append(("schedule", encoded(schedule))) }     // absent, not null, when nil
        if let documents = d.documents { members.append(("documents", encoded(documents))) }
        members.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        var parts = try Parallel.map(members, threads: threads) { try $0.encode() }
        // {\n  "key" : value,\n  ...\n}\n, written straight into the file's bytes, each part let go once copied: at
        // ~10,000 pages plan.json is 8 MB, and the parts, a joined copy and the file's own copy held at once came to
        // three times that.
        var out = Data(capacity: parts.reduce(64) { $0 + $1.count + 16 })
        out.append(contentsOf: Array("{\n".utf8))
        for i in members.indices {
            out.append(contentsOf: Array("  \"\(members[i].key)\" : ".utf8))
            out.append(contentsOf: parts[i])
            parts[i] = []
            out.append(contentsOf: Array((i + 1 < members.count ? ",\n" : "\n").utf8))
        }
        out.append(contentsOf: Array("}\n".utf8))
        return out
    }

    /// The actions as JSONEncoder writes them (pretty-printed, keys sorted) standing `depth` levels deep, written
    /// directly: they are the bulk of plan.json, and encoding them through Codable's containers (JSONBytes) was a
    /// twentieth of a large build. A test compares the bytes with JSONEncoder's for the real plan and fixtures.
    static func prettyJSON(_ actions: [ActionDoc], depth: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(actions.count * 700)
        PrettyJSON.array(actions, depth: depth, into: &out) { action, d, out in
            var o = PrettyJSON.Object(depth: d, into: &out)
            o.key("addresses", &out)
            var a = PrettyJSON.Object(depth: d + 1, into: &out)
            a.key("direct", &out); PrettyJSON.strings(action.addresses.direct, depth: d + 2, into: &out)
            a.key("viaWorkArea", &out); PrettyJSON.strings(action.addresses.viaWorkArea, depth: d + 2, into: &out)
            a.close(&out)
            o.key("group", &out); JSONBytes.string(action.group, into: &out)
            o.key("leads", &out); PrettyJSON.strings(action.leads, depth: d + 1, into: &out)
            o.key("placements", &out)
            PrettyJSON.array(action.placements, depth: d + 1, into: &out) { placement, d, out in
                var p = PrettyJSON.Object(depth: d, into: &out)
                p.key("ref", &out); JSONBytes.string(placement.ref, into: &out)
                p.key("workArea", &out); JSONBytes.integer(placement.workArea, into: &out)
                p.close(&out)
            }
            o.key("ref", &out); JSONBytes.string(action.ref, into: &out)
            if let of = action.repeatOf { o.key("repeatOf", &out); JSONBytes.string(of, into: &out) }
            o.key("repeats", &out); PrettyJSON.strings(action.repeats, depth: d + 1, into: &out)
            o.key("text", &out); JSONBytes.string(action.text, into: &out)
            o.key("timeframe", &out); PrettyJSON.strings(action.timeframe, depth: d + 1, into: &out)
            o.key("url", &out); JSONBytes.string(action.url, into: &out)
            o.key("workArea", &out); JSONBytes.integer(action.workArea, into: &out)
            o.close(&out)
        }
        return out
    }

    /// A value's JSON as JSONEncoder writes it alone, indented to stand one level deep: each line after the first
    /// two spaces more (a blank line, inside an empty array or object, stays blank).
    static func indented(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        var start = 0
        while start < bytes.count {
            let end = (bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count - 1) + 1
            if start > 0, bytes[start] != UInt8(ascii: "\n") { out += [0x20, 0x20] }
            out += bytes[start..<end]
            start = end
        }
        return out
    }
}

/// Pretty-printed JSON as JSONEncoder writes it (two spaces an indent, "key" : value, an empty array as a blank line
/// between its brackets), for values written directly (OpenData.prettyJSON). Keys are given in sorted order.
enum PrettyJSON {
    /// An object being written `depth` levels deep: its opening brace is written when it is made.
    struct Object {
        let depth: Int
        var first = true
        init(depth: Int, into out: inout [UInt8]) {
            self.depth = depth
            out.append(UInt8(ascii: "{"))
        }

        mutating func key(_ key: StaticString, _ out: inout [UInt8]) {
            out += first ? [0x0A] : [UInt8(ascii: ","), 0x0A]
            first = false
            JSONBytes.indent(depth + 1, into: &out)
            out.append(UInt8(ascii: "\""))
            key.withUTF8Buffer { out.append(contentsOf: $0) }
            out += Array("\" : ".utf8)
        }

        func close(_ out: inout [UInt8]) {
            out += first ? [0x0A, 0x0A] : [0x0A]
            JSONBytes.indent(depth, into: &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// An array standing `depth` levels deep, each element written by `element` (given its own depth).
    static func array<T>(_ items: [T], depth: Int, into out: inout [UInt8], _ element: (T, Int, inout [UInt8]) -> Void) {
        out.append(UInt8(ascii: "["))
        if items.isEmpty {
            out += [0x0A, 0x0A]
        } else {
            for (i, item) in items.enumerated() {
                out += i == 0 ? [0x0A] : [UInt8(ascii: ","), 0x0A]
                JSONBytes.indent(depth + 1, into: &out)
                element(item, depth + 1, &out)
            }
            out.append(0x0A)
        }
        JSONBytes.indent(depth, into: &out)
        out.append(UInt8(ascii: "]"))
    }

    static func strings(_ items: [String], depth: Int, into out: inout [UInt8]) {
        array(items, depth: depth, into: &out) { text, _, out in JSONBytes.string(text, into: &out) }
    }
}
