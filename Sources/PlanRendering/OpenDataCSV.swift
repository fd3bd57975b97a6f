// PlanRendering/OpenDataCSV: the plan as CSV files a council can publish
// beside data/plan.json (actions, register items, coverage, measures, their
// observations, progress updates), the Frictionless Data Package that
// describes them (data/datapackage.json), the data page that lists the
// downloads, and sitemap.xml when site.yaml gives a base_url.
// CSV: a header row, UTF-8, RFC 4180 quoting, CRLF line ends; rows in plan order.

import Foundation
import Markdown
import PlanLinking
import PlanModel

/// One CSV table: its name, what it holds, its fields (name, Frictionless type, description) and rows.
struct CSVTable {
    let name: String
    let title: String
    let description: String
    let fields: [(name: String, type: String, description: String)]
    var primaryKey: [String] = []
    var foreignKeys: [(field: String, resource: String, referenced: String)] = []
    var rows: [[String]] = []

    var path: String { "data/\(name).csv" }

    /// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled; lines end CRLF.
    static func field(_ s: String, into out: inout [UInt8]) {
        var s = s
        s.withUTF8 { bytes in
            // Read as a buffer: the string's own UTF-8 view is read a byte at a time through its index.
            let needsQuotes = bytes.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            guard needsQuotes else { out.append(contentsOf: bytes); return }
            out.append(0x22)
            for b in bytes {
                if b == 0x22 { out.append(0x22) }
                out.append(b)
            }
            out.append(0x22)
        }
    }

    /// The file's bytes: the header and every row.
    var bytes: Data {
        var out: [UInt8] = []
        out.reserveCapacity(rows.count * 64)
        func line(_ row: [String]) {
            for (i, value) in row.enumerated() {
                if i > 0 { out.append(0x2C) }
                Self.field(value, into: &out)
            }
            out += [0x0D, 0x0A]
        }
        line(fields.map(\.name))
        rows.forEach(line)
        return Data(out)
    }
}

struct OpenDataFiles {
    let linked: LinkedPlan

    func statusLabel(_ t: ProgressTarget) -> String { linked.progress.current(t)?.status.id ?? "" }

    func tables() -> [CSVTable] {
        [actions(), registerItems(), coverage(), measures(), observations(), updates()]
    }
    static let tableCount = 6

    func actions() -> CSVTable {
        var t = CSVTable(name: "actions", title: "Key actions",
                         description: "Every key action of the plan, one row per placement: a repeat (the same action placed in another work area) has its own row and names its original.",
                         fields: [("ref", "string", "The action's reference, N.M where N is its work area"),
                                  ("repeat_of", "string", "For a repeat, the ref of the original action; empty for an original"),
                                  ("work_area", "integer", "The work area the row is placed in"),
                                  ("work_area_title", "string", "The title of that work area"),
                                  ("group", "string", "The sub-heading of the work area's table the row sits under"),
                                  ("what", "string", "What the action is, as the plan words it"),
                                  ("leads", "string", "The lead roles, separated by \"; \" (a role may contain a comma)"),
                                  ("timeframe", "string", "Quarters of financial years, separated by \"; \"; empty when the plan does not state them"),
                                  ("status", "string", "The latest reported status (an id of the status vocabulary); empty when none is reported"),
                                  ("url", "string", "The action's page, relative to the site root")],
                         primaryKey: ["ref"], foreignKeys: [("repeat_of", "", "ref")])
        let titles = Dictionary(linked.plan.workAreas.map { ($0.number, $0.title) }, uniquingKeysWith: { a, _ in a })
        for ref in linked.rowOrder {
            guard let row = linked.rows[ref] else { continue }
            let origin = linked.original[ref] ?? ref
            t.rows.append([ref, origin == ref ? "" : origin, "\(row.workArea)", titles[row.workArea] ?? "", row.group, row.what,
                           row.leads.joined(separator: "; "), row.timeframe.joined(separator: "; "), statusLabel(.action(origin)), SitePath.action(ref)])
        }
        return t
    }

    func registerItems() -> CSVTable {
        var t = CSVTable(name: "register-items", title: "Recommendations and requirements",
                         description: "Every item of every register (inspection recommendations, paragraphs of a notice), sub-points after their paragraph.",
                         fields: [("id", "string", "The item's id, REGISTER:NUMBER"),
                                  ("register", "string", "The register's id"),
                                  ("register_title", "string", "The register's title"),
                                  ("number", "string", "The item's number (a sub-point's full number, e.g. 10c)"),
                                  ("parent", "string", "For a sub-point, the id of its paragraph"),
                                  ("headings", "string", "The group headings above the item, separated by \" > \""),
                                  ("text", "string", "What the item says"),
                                  ("note", "string", "An editorial note"),
                                  ("taken", "string", "Evidence that an action already taken answers it"),
                                  ("status", "string", "The latest reported status; empty when none is reported"),
                                  ("url", "string", "Where the item is on the site, relative to the site root")],
                         primaryKey: ["id"], foreignKeys: [("parent", "", "id")])
        for key in linked.itemOrder {
            guard let i = linked.items[key], let r = linked.register(key.register) else { continue }
            let number = i.parent.map { $0.number + i.item.number } ?? key.number
            t.rows.append([key.description, r.id, r.title, number, i.parent?.description ?? "", i.headings.joined(separator: " > "),
                           i.item.text, i.item.note ?? "", i.item.taken ?? "", statusLabel(.item(key)), linked.path(of: key)])
        }
        return t
    }

    func coverage() -> CSVTable {
        var t = CSVTable(name: "coverage", title: "Coverage: what addresses each item",
                         description: "One row for each way a register item is addressed: by a work area that cites it, by an action that cites it, or by an action already taken. An item with no row is not addressed.",
                         fields: [("item", "string", "The register item's id"),
                                  ("register", "string", "The register's id"),
                                  ("addressed_by", "string", "work-area, action or taken"),
                                  ("work_area", "integer", "The work area, for addressed_by work-area"),
                                  ("action", "string", "The action's ref, for addressed_by action"),
                                  ("evidence", "string", "For addressed_by taken, the evidence")],
                         foreignKeys: [("item", "register-items", "id"), ("action", "actions", "ref")])
        for key in linked.itemOrder {
            guard let by = linked.addressedBy[key] else { continue }
            for w in by.workAreas.sorted() { t.rows.append([key.description, key.register, "work-area", "\(w)", "", ""]) }
            for a in by.actions { t.rows.append([key.description, key.register, "action", "", a, ""]) }
            if let taken = by.taken { t.rows.append([key.description, key.register, "taken", "", "", taken]) }
        }
        return t
    }

    func measures() -> CSVTable {
        var t = CSVTable(name: "measures", title: "Measures",
                         description: "The scorecard's measures (id M and their number) and the measures followed over time.",
                         fields: [("id", "string", "The measure's id"),
                                  ("source", "string", "scorecard or over-time"),
                                  ("group", "string", "The group it belongs to"),
                                  ("title", "string", "What it measures"),
                                  ("unit", "string", "Its unit, when given"),
                                  ("polarity", "string", "Which way is better: higher, lower or neither; empty when not given"),
                                  ("target", "string", "Its target, when given"),
                                  ("benchmark", "string", "Its benchmark, when given (as written)")],
                         primaryKey: ["id"])
        for m in linked.plan.scorecard?.measures ?? [] {
            t.rows.append(["M\(m.number)", "scorecard", m.group, m.text, "", "", "", m.benchmark.value ?? ""])
        }
        for s in linked.progress.series {
            t.rows.append([s.id, "over-time", s.group, s.title, s.unit ?? "", s.polarity.rawValue, s.target ?? "", s.benchmark ?? ""])
        }
        return t
    }

    func observations() -> CSVTable {
        var t = CSVTable(name: "observations", title: "Observations of the measures",
                         description: "Each value of each measure: the scorecard's periods and the measures over time. Values are as written (\"52%\", \"1,700\"); empty when not available.",
                         fields: [("measure", "string", "The measure's id"),
                                  ("date", "string", "The date the value is as at (YYYY-MM-DD or YYYY-MM), when known"),
                                  ("period", "string", "The period as the source names it"),
                                  ("value", "string", "The value as written; empty when not available"),
                                  ("qualifier", "string", "The source's own note on the value, e.g. its own period"),
                                  ("source", "string", "Where in the source documents the value comes from")],
                         foreignKeys: [("measure", "measures", "id")])
        for m in linked.plan.scorecard?.measures ?? [] {
            for o in m.observations { t.rows.append(["M\(m.number)", "", o.column, o.value ?? "", o.cellPeriod ?? "", ""]) }
        }
        for s in linked.progress.series {
            for o in s.observations { t.rows.append([s.id, o.date.description, o.period, o.value ?? "", o.qualifier ?? "", o.cite ?? ""]) }
        }
        return t
    }

    func updates() -> CSVTable {
        var t = CSVTable(name: "updates", title: "Progress updates",
                         description: "Every dated update on an item of the plan, with the report that gave it, newest report first.",
                         fields: [("report", "string", "The progress report's id"),
                                  ("report_title", "string", "The report's title"),
                                  ("source", "string", "The report or meeting that said so"),
                                  ("date", "string", "The date of the update (YYYY-MM-DD or YYYY-MM)"),
                                  ("target", "string", "What it is about: action:REF (an original), workarea:N, REGISTER:NUMBER or plan"),
                                  ("status", "string", "The status it reports (an id of the status vocabulary), if any"),
                                  ("quote", "string", "The source's words that support the status"),
                                  ("timeframe", "string", "A revised timeframe, quarters separated by \"; \""),
                                  ("cite", "string", "Where in the source documents"),
                                  ("text", "string", "The update, in markdown")])
        for r in linked.progress.reports {
            for u in linked.progress.updatesByReport[r.id] ?? [] {
                t.rows.append([r.id, r.title, r.source.title, u.update.date.description, u.target.id, u.update.status ?? "",
                               u.update.quote ?? "", u.update.timeframe.joined(separator: "; "), u.update.cite ?? "", u.update.text.text])
            }
        }
        return t
    }

    // MARK: Data package

    struct Field: Encodable { let name, type, description: String }
    struct Reference: Encodable { let resource: String; let fields: String }
    struct ForeignKey: Encodable { let fields: String; let reference: Reference }
    struct Schema: Encodable { let fields: [Field]; let primaryKey: [String]?; let foreignKeys: [ForeignKey]? }
    struct Resource: Encodable {
        let name, path, title, description, format, mediatype, encoding: String
        let profile: String
        let bytes: Int
        let schema: Schema?
    }
    struct License: Encodable { let name, title, path: String }
    struct Package: Encodable {
        let profile = "tabular-data-package"
        let name, title, description, version, created, homepage: String?
        let licenses: [License]
        let keywords: [String]
        let resources: [Resource]
    }

    /// The CSV files, then plan.json is described as a resource, and datapackage.json.
    func files(_ tables: [CSVTable]? = nil) throws -> [OutputFile] {
        let tables = tables ?? self.tables()
        var files = tables.map { OutputFile(path: $0.path, bytes: $0.bytes) }
        let c = linked.config, release = linked.plan.releaseInForce
        let resources = zip(tables, files).map { t, f in
            Resource(name: t.name, path: "\(t.name).csv", title: t.title, description: t.description, format: "csv", mediatype: "text/csv",
                     encoding: "utf-8", profile: "tabular-data-resource", bytes: f.bytes.count,
                     schema: Schema(fields: t.fields.map { Field(name: $0.name, type: $0.type, description: $0.description) },
                                    primaryKey: t.primaryKey.isEmpty ? nil : t.primaryKey,
                                    foreignKeys: t.foreignKeys.isEmpty ? nil : t.foreignKeys.map { ForeignKey(fields: $0.field, reference: Reference(resource: $0.resource, fields: $0.referenced)) }))
        }
        let name = Slug.make("\(c.organisation) \(c.title)")
        let package = Package(name: name.isEmpty ? "plan" : name, title: "\(c.title), \(c.organisation)",
                              description: "The \(c.title) of \(c.organisation) as open data, release \(release.version) (\(release.dateText)). The whole linked plan is also in plan.json (described in docs/plan-json.md).",
                              version: release.version, created: DateText.isISODate(release.date) ? release.date + "T00:00:00Z" : nil, homepage: c.baseURL,
                              licenses: [License(name: c.licence.name, title: c.licence.title, path: c.licence.url)],
                              keywords: ["improvement plan", c.organisation], resources: resources)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        files.append(OutputFile(path: "data/datapackage.json", bytes: try encoder.encode(package) + Data("\n".utf8)))
        return files
    }
}

extension SiteRenderer {
    /// data.html: every download, with its size and what it holds.
    /// The CSV tables and their files (the data package last), made once.
    func openDataTables() -> [CSVTable] { memo.value("tables") { OpenDataFiles(linked: linked).tables() } }
    func openDataFiles() throws -> [OutputFile] { try memo.value("files") { try OpenDataFiles(linked: linked).files(openDataTables()) } }

    func dataDraft() -> PageDraft {
        let page = IndexPath.data
        // plan.json and the CSV files are made at once (both are measured for their sizes).
        _ = Parallel.both(threads: threads, { self.planJSONSize() }, { try? self.openDataFiles() })
        let tables = openDataTables()
        func size(_ n: Int) -> String { n < 1024 ? "\(n) bytes" : n < 1024 * 1024 ? "\((n + 512) / 1024) kB" : String(format: "%.1f MB", Double(n) / 1048576) }
        var rows: [View] = []
        let planJSON = planJSONSize()
        rows.append(["href": link("data/plan.json", from: page, "").href, "name": "plan.json", "format": "JSON", "size": size(planJSON),
                     "what": "The whole linked plan in one document: pages, work areas, actions, registers and what addresses each item, measures, terms, the schedule and progress over time."])
        let fileSizes = Dictionary(((try? openDataFiles()) ?? []).map { ($0.path, $0.bytes.count) }, uniquingKeysWith: { a, _ in a })
        for t in tables {
            rows.append(["href": link(t.path, from: page, "").href, "name": "\(t.name).csv", "format": "CSV", "size": size(fileSizes[t.path] ?? t.bytes.count),
                         "what": t.description + " \(t.rows.count) row\(t.rows.count == 1 ? "" : "s").",
                         "columns": t.fields.map(\.name).joined(separator: ", ")])
        }
        let package = ((try? openDataFiles())?.last?.bytes.count) ?? 0
        rows.append(["href": link("data/datapackage.json", from: page, "").href, "name": "datapackage.json", "format": "JSON (Frictionless Data Package)",
                     "size": size(package), "what": "Describes every CSV file: its columns, their types and meaning, the licence and the release."])
        let c = linked.config
        let v: View = ["rows": rows, "licenceTitle": c.licence.title, "licenceURL": c.licence.url, "version": siteView.version,
                       "dateText": siteView.dateText, "caption": "Open data files of release \(siteView.version)"]
        return PageDraft(path: page, title: "Open data", content: templates.render(v, "data"), breadcrumbs: [],
                         description: "Download the plan as open data: JSON and CSV files with a Frictionless Data Package.")
    }

    /// sitemap.xml, when site.yaml gives base_url: every page readers may land on.
    func sitemap(_ paths: [String]) -> OutputFile? {
        guard let base = linked.config.baseURL else { return nil }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for p in paths.sorted() {
            let loc = base + (p == "index.html" ? "" : p)
            out += "<url><loc>\(HTML.escape(loc))</loc>\(DateText.isISODate(linked.config.date) ? "<lastmod>\(linked.config.date)</lastmod>" : "")</url>\n"
        }
        return OutputFile(path: "sitemap.xml", text: out + "</urlset>\n")
    }
}
