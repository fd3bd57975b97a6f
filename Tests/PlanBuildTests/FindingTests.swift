// Tests of the ways into the plan (issue 12): the search index and its page,
// "All key actions", the lead pages, the CSV open data and its data package,
// the sitemap, and the licence and base_url of site.yaml. Ranking itself runs
// in the browser (assets/search.js) and is tested there (tests-a11y/test_search.py).

import Foundation
import PlanBuild
import Testing

/// The index the search page reads: the JSON after `window.PLANSITE_SEARCH = `.
private func searchIndex(_ root: URL) throws -> [String: Any] {
    let script = page(root, "search-index.js")
    let start = try #require(script.range(of: "window.PLANSITE_SEARCH = "))
    let json = script[start.upperBound...].dropLast(2)   // ";\n"
    return try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
}

private func documents(_ index: [String: Any]) -> [[String: Any]] { index["docs"] as? [[String: Any]] ?? [] }

private func facetValues(_ index: [String: Any], _ key: String) -> [String] {
    ((index["facets"] as? [[String: Any]]) ?? []).first { $0["key"] as? String == key }?["values"] as? [String] ?? []
}

@Test func searchIndexHoldsEveryKindWithItsIdsAndFacets() throws {
    let root = try Fixture.copy()
    #expect(Fixture.build(root).exitCode == 0)
    let index = try searchIndex(root)
    let docs = documents(index)
    let kinds = facetValues(index, "kind")
    #expect(kinds.first == "Action")
    for kind in ["Action", "Work area", "Recommendation", "Measure", "Term", "Page"] { #expect(kinds.contains(kind), "no \(kind) in \(kinds)") }
    func doc(_ title: String) -> [String: Any]? { docs.first { $0["t"] as? String == title } }
    // An action: its ref as id, its page, where it lives, its work area and leads as facets; a role with a comma stays whole.
    let action = try #require(doc("Action 1.2"))
    #expect(action["i"] as? String == "1.2")
    #expect(action["u"] as? String == "actions/1.2.html")
    #expect((action["p"] as? String)?.hasPrefix("Work area 1: Leadership") == true)
    let leads = facetValues(index, "lead")
    #expect(leads.contains("Deputy Director of Children, Schools and Families"))
    let f = try #require(action["f"] as? [String: [Int]])
    #expect(f["lead"]?.map { leads[$0] } == ["Deputy Director of Children, Schools and Families"])
    #expect(f["workArea"]?.map { facetValues(index, "workArea")[$0] } == ["Work area 1: Leadership"])
    // A recommendation is found by R2 and by its reference; a term by its abbreviation; a page section links to its heading.
    let recommendation = try #require(docs.first { ($0["a"] as? [String])?.contains("ofsted-2015:2") == true })
    #expect(recommendation["i"] as? String == "R2")
    #expect((recommendation["u"] as? String)?.contains("#ofsted-2015-2") == true)
    #expect(docs.contains { $0["i"] as? String == "MASH" && ($0["u"] as? String)?.contains("#term-") == true })
    #expect(docs.contains { ($0["u"] as? String) == "intro.html#our-promise" }, "a page's section is a document of its own")
    // Ids are unique where given; the order is the plan's.
    let actionRefs = docs.filter { $0["k"] as? Int == 0 }.compactMap { $0["i"] as? String }
    #expect(actionRefs.first == "1.1")
}

@Test func searchIndexHoldsTheDocumentsLists() throws {
    // The documents around the plan join the index as their own kinds: the 2018 inspection's findings, the 2020
    // update's planned activities and recommendations, the easy read's points; a list the source does not number
    // (the thematic audits) as its page. Each leads to where its page shows it.
    let root = try Fixture.copyRealPlan()
    #expect(Fixture.build(root).exitCode == 0)
    let index = try searchIndex(root)
    let docs = documents(index)
    let kinds = facetValues(index, "kind")
    func ofKind(_ kind: String) -> [[String: Any]] { docs.filter { ($0["k"] as? Int).map { kinds[$0] } == kind } }
    let findings = ofKind("Finding")
    #expect(findings.count == 92)
    let finding = try #require(findings.first { $0["i"] as? String == "105" })
    #expect(finding["u"] as? String == "inspections/ofsted-2018.html#ofsted-2018-findings-105")
    #expect((finding["a"] as? [String])?.contains("ofsted-2018-findings:105") == true)
    #expect((finding["x"] as? String)?.hasPrefix("A range of improved initiatives") == true)
    let activity = try #require(ofKind("Planned activity").first { $0["i"] as? String == "3a" })
    #expect(activity["u"] as? String == "documents/cfllc-priorities-2020.html#cfllc-priorities-2020-3a")
    let audits = try #require(ofKind("List").first { $0["t"] as? String == "Thematic audits" })
    #expect(audits["u"] as? String == "documents/cfllc-thematic-audits-2020.html")
    #expect((audits["x"] as? String)?.contains("Private Fostering") == true)
    // Every document's page and anchor is in the site.
    for d in docs {
        let parts = (d["u"] as? String ?? "").split(separator: "#", maxSplits: 1).map(String.init)
        let html = page(root, parts[0])
        #expect(!html.isEmpty, "\(parts[0])")
        if parts.count == 2 { #expect(html.contains("id=\"\(parts[1])\""), "\(parts.joined(separator: "#"))") }
    }
}

@Test func searchIndexIsDeterministic() throws {
    let root = try Fixture.copy()
    #expect(Fixture.build(root).exitCode == 0)
    let first = page(root, "search-index.js")
    let csv = page(root, "data/actions.csv")
    #expect(Fixture.build(root).exitCode == 0)
    #expect(page(root, "search-index.js") == first)
    #expect(page(root, "data/actions.csv") == csv)
}

@Test func searchPageWorksFromDiskAndSaysWhatToDoWithoutJavaScript() throws {
    let root = try Fixture.copy()
    #expect(Fixture.build(root).exitCode == 0)
    let search = page(root, "search.html")
    #expect(search.contains(#"<script src="search-index.js"></script>"#), "the index loads with <script>, not fetch()")
    #expect(search.contains(#"<label class="search-label" for="search-q">"#))
    #expect(search.contains(#"role="status""#))
    #expect(search.contains("needs JavaScript") && search.contains(#"href="actions/index.html""#))
    // Every page has the search box, pointing at search.html relative to itself.
    #expect(page(root, "work-areas/1.html").contains(#"<form class="site-search" action="../search.html" method="get" role="search""#))
    #expect(page(root, "index.html").contains(#"action="search.html""#))
}

@Test func allKeyActionsAndLeadPagesListEveryRow() throws {
    let root = try Fixture.copy()
    #expect(Fixture.build(root).exitCode == 0)
    let actions = page(root, "actions/index.html")
    let plan = try #require(JSONSerialization.jsonObject(with: Data(page(root, "data/plan.json").utf8)) as? [String: Any])
    let rows = try #require(plan["actions"] as? [[String: Any]])
    #expect(actions.components(separatedBy: "<tr data-work-area=").count - 1 == rows.count)
    #expect(actions.contains(#"data-leads="Deputy Director of Children, Schools and Families""#))
    #expect(actions.contains(#"<option value="Deputy Director of Children, Schools and Families">"#))
    #expect(actions.contains(#"id="table-filters" data-table="all-actions" hidden"#), "filters show only when JavaScript runs")
    let lead = page(root, "leads/deputy-director-of-children-schools-and-families.html")
    #expect(lead.contains("<h1>Lead: Deputy Director of Children, Schools and Families</h1>"))
    #expect(lead.contains(#"href="../actions/1.2.html""#))
    let leads = page(root, "leads/index.html")
    #expect(leads.contains(#"deputy-director-of-children-schools-and-families.html">Deputy Director of Children, Schools and Families</a></th><td class="num">2</td><td class="num">1</td>"#), "two rows, one of them a repeat: one distinct action")
}

/// An action's row is rendered once (action-row.mustache) for the all-actions table and every lead table, which are
/// all one folder down: the row a site's own template writes is the row in each of them, links and all.
@Test func oneActionRowTemplateWritesTheRowInEveryTable() throws {
    let root = try Fixture.copy()
    let templates = root.appendingPathComponent("themes/default/templates")
    try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
    try "<tr class=\"mine\"><th scope=\"row\"><a href=\"{{href}}\">{{ref}}</a></th><td>{{#leads}}<a href=\"{{href}}\">{{name}}</a>{{/leads}}</td></tr>\n"
        .write(to: templates.appendingPathComponent("action-row.mustache"), atomically: true, encoding: .utf8)
    #expect(Fixture.build(root).exitCode == 0)
    let row = #"<tr class="mine"><th scope="row"><a href="../actions/1.2.html">1.2</a></th><td><a href="../leads/deputy-director-of-children-schools-and-families.html">Deputy Director of Children, Schools and Families</a></td></tr>"#
    let actions = page(root, "actions/index.html")
    let lead = page(root, "leads/deputy-director-of-children-schools-and-families.html")
    #expect(actions.contains("<tbody>\n" + #"<tr class="mine"><th scope="row"><a href="../actions/1.1.html">"#), "each row on a line of its own, as the template has it")
    #expect(actions.contains(row + "\n"))
    #expect(lead.contains(row + "\n"))
    #expect(!actions.contains("<tr data-work-area="), "the default row is not written beside the site's own")
    let plan = try #require(JSONSerialization.jsonObject(with: Data(page(root, "data/plan.json").utf8)) as? [String: Any])
    #expect(actions.components(separatedBy: #"<tr class="mine">"#).count - 1 == (plan["actions"] as? [Any])?.count)
}

@Test func citedItemsSayWhatTheyAsk() throws {
    let root = try Fixture.copy()
    #expect(Fixture.build(root).exitCode == 0)
    let area = page(root, "work-areas/1.html")
    // "recommendation 2: <its first clause>", not a bare number.
    #expect(area.range(of: #"recommendation 2</a>: \S"#, options: .regularExpression) != nil, "work area cites recommendations with their short text")
    #expect(area.contains("recommendation 1</a>: Review unallocated cases</li>"), "the first clause, without its full stop")
    // An authored short title wins.
    let yaml = root.appendingPathComponent("content/recommendations.yaml")
    try String(contentsOf: yaml, encoding: .utf8).replacingOccurrences(of: "            text: Review unallocated cases.\n", with: "            text: Review unallocated cases.\n            short: Unallocated cases\n")
        .write(to: yaml, atomically: true, encoding: .utf8)
    #expect(Fixture.build(root).exitCode == 0)
    #expect(page(root, "work-areas/1.html").contains("recommendation 1</a>: Unallocated cases</li>"))
}

@Test func csvFilesAndDataPackageDescribeTheOpenData() throws {
    let root = try Fixture.copy()
    #expect(Fixture.build(root).exitCode == 0)
    let csv = page(root, "data/actions.csv")
    #expect(csv.hasPrefix("ref,repeat_of,work_area,work_area_title,group,what,leads,timeframe,status,url\r\n"))
    #expect(csv.contains(#""Deputy Director of Children, Schools and Families""#), "a value with a comma is quoted")
    let package = try #require(JSONSerialization.jsonObject(with: Data(page(root, "data/datapackage.json").utf8)) as? [String: Any])
    let resources = try #require(package["resources"] as? [[String: Any]])
    #expect(resources.compactMap { $0["path"] as? String } == ["actions.csv", "register-items.csv", "coverage.csv", "measures.csv", "observations.csv", "updates.csv"])
    for r in resources {
        let bytes = try #require(FileManager.default.contents(atPath: root.appendingPathComponent("output/data/\(r["path"]!)").path))
        #expect(r["bytes"] as? Int == bytes.count)
    }
    let licence = try #require((package["licenses"] as? [[String: Any]])?.first)
    #expect(licence["name"] as? String == "OGL-UK-3.0")
    #expect(package["version"] as? String == "0.1")
    let data = page(root, "data.html")
    #expect(data.contains(#"<a href="data/actions.csv">actions.csv</a>"#) && data.contains("Open Government Licence v3.0"))
    #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("output/sitemap.xml").path), "no base_url, no sitemap")
}

@Test func baseURLGivesASitemapAndLicenceIsConfigurable() throws {
    let root = try Fixture.copy()
    let yaml = root.appendingPathComponent("site.yaml")
    try (String(contentsOf: yaml, encoding: .utf8) + """
    base_url: https://plan.example.org/improvement
    licence:
      name: CC-BY-4.0
      title: Creative Commons Attribution 4.0
      url: https://creativecommons.org/licenses/by/4.0/
    """).write(to: yaml, atomically: true, encoding: .utf8)
    #expect(Fixture.build(root).exitCode == 0)
    let sitemap = page(root, "sitemap.xml")
    #expect(sitemap.contains("<loc>https://plan.example.org/improvement/</loc>"))
    #expect(sitemap.contains("<loc>https://plan.example.org/improvement/actions/1.2.html</loc>"))
    #expect(!sitemap.contains("report.html"), "pages not for readers stay out")
    #expect(page(root, "data/datapackage.json").contains("\"name\" : \"CC-BY-4.0\""))
}

@Test func aBaseURLThatIsNotAWebAddressIsALocatedError() throws {
    let root = try Fixture.copy()
    let yaml = root.appendingPathComponent("site.yaml")
    try (String(contentsOf: yaml, encoding: .utf8) + "base_url: plan.example.org\n").write(to: yaml, atomically: true, encoding: .utf8)
    let result = Fixture.build(root, write: false)
    #expect(result.exitCode == 1)
    #expect(result.diagnostics.contains { $0.message.contains("base_url 'plan.example.org' is not a web address") && $0.location?.line != nil })
}

/// A base_url with a query or a fragment (`https://x.org/plan?x=1`) was taken, and every address of the sitemap and
/// the feed was wrong (`https://x.org/plan?x=1/actions/1.1.html`); one with no host (`https:///plan`) too.
@Test func aBaseURLWithAQueryAFragmentOrNoHostIsALocatedError() throws {
    for (url, what) in [("https://plan.example.org/plan?x=1", "a query ('?')"), ("https://plan.example.org/plan#top", "a fragment ('#')"),
                        ("https:///plan", "no host")] {
        let root = try Fixture.copy()
        try edit(root, "site.yaml") { $0 + "base_url: \(url)\n" }
        #expect(errors(root) == ["site.yaml:18:11: error: base_url '\(url)' has \(what), so no page's address could be made from it; "
                                 + "write the address of the site's folder, e.g. https://www.example.gov.uk/plan/"])
    }
}

/// A licence that named only some of its fields took the others from the Open Government Licence: `name: CC-BY-4.0`
/// alone was published with OGL's title and address, a licence that is not the one meant.
@Test func aLicenceGivesItsNameTitleAndURL() throws {
    let root = try Fixture.copy()
    try edit(root, "site.yaml") { $0 + "licence:\n  name: CC-BY-4.0\n" }
    #expect(errors(root) == [
        "site.yaml:19:3: error: the licence has no 'title'; give the licence's name, title and url together (or leave out 'licence' for the Open Government Licence v3.0)",
        "site.yaml:19:3: error: the licence has no 'url'; give the licence's name, title and url together (or leave out 'licence' for the Open Government Licence v3.0)",
    ])
}
