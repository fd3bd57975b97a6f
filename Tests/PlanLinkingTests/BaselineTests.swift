// The minimal site is valid, and the linker's indexes over it are right in
// both directions: actions and their repeats, register items and what
// addresses them, pages and their children.

@testable import PlanLinking
import PlanLoading
import PlanModel
import Testing

@Suite("Baseline site and indexes")
struct BaselineTests {
    @Test("the minimal site loads and links with no errors or warnings")
    func minimalSiteIsClean() throws {
        let loaded = Site.load()
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics.map(\.formatted))")
        let plan = try #require(loaded.plan)
        #expect(plan.workAreas.map(\.number) == [1, 2])
        #expect(plan.registers.map(\.id) == ["ofsted-2015"])
        #expect(plan.terms.map(\.key) == ["MASH", "open-cases"])
        #expect(plan.pages.map(\.id).sorted() == ["approach", "foreword"])

        let linked = Linker().link(plan)
        #expect(linked.diagnostics.errors.isEmpty, "\(linked.diagnostics.errors.map(\.formatted))")
        #expect(linked.diagnostics.warnings.isEmpty, "\(linked.diagnostics.warnings.map(\.formatted))")
        // Both work areas cite something, so there is no "cites nothing" note either.
        #expect(linked.diagnostics.isEmpty, "\(linked.diagnostics.map(\.formatted))")
    }

    @Test("rows, plan order and distinct actions")
    func rowsAndOrder() throws {
        let linked = try Site.link()
        #expect(linked.rowOrder == ["1.1", "1.2", "2.1", "2.2"])
        #expect(linked.rows(ofWorkArea: 1).map(\.ref) == ["1.1", "1.2"])
        #expect(linked.rows(ofWorkArea: 2).map(\.ref) == ["2.1", "2.2"])
        #expect(linked.distinctActions.map(\.ref) == ["1.1", "1.2", "2.1"])
        #expect(linked.rows["2.2"]?.group == "Culture")
        #expect(linked.rows["1.1"]?.timeframe == ["Q3 15/16", "Q4 15/16"])
    }

    @Test("a repeat maps to its original and the original lists its repeats")
    func repeatsBothWays() throws {
        let linked = try Site.link()
        #expect(linked.original["2.2"] == "1.2")
        #expect(linked.original["1.2"] == "1.2")
        #expect(linked.original["1.1"] == "1.1")
        #expect(linked.original["2.1"] == "2.1")
        #expect(linked.repeats["1.2"] == ["2.2"])
        #expect(linked.repeats["1.1"] == nil)
        #expect(linked.repeats.count == 1)
    }

    @Test("register items are indexed in register order with their headings")
    func itemsIndexed() throws {
        let linked = try Site.link()
        let keys = (1...5).map { ItemKey("ofsted-2015", String($0)) }
        #expect(linked.itemOrder == keys)
        #expect(linked.items[keys[0]]?.headings == ["Priority and immediate action", "Leadership, management and governance"])
        #expect(linked.items[keys[2]]?.headings == ["Areas for improvement"])
        #expect(linked.items[keys[2]]?.parent == nil)
    }

    @Test("addressedBy: work areas, actions and 'taken' for each item")
    func addressedBy() throws {
        let linked = try Site.link()
        func key(_ n: String) -> ItemKey { ItemKey("ofsted-2015", n) }

        #expect(linked.addressedBy[key("1")]?.workAreas == [1])
        #expect(linked.addressedBy[key("1")]?.actions == [])
        #expect(linked.addressedBy[key("2")]?.workAreas == [1])
        // Item 3: cited by work area 1 and by action 2.1 itself.
        #expect(linked.addressedBy[key("3")]?.workAreas == [1])
        #expect(linked.addressedBy[key("3")]?.actions == ["2.1"])
        #expect(linked.addressedBy[key("4")]?.workAreas == [2])
        #expect(linked.addressedBy[key("4")]?.actions == [])
        // Item 5: answered only by an action already taken.
        #expect(linked.addressedBy[key("5")]?.workAreas == [])
        #expect(linked.addressedBy[key("5")]?.actions == [])
        #expect(linked.addressedBy[key("5")]?.taken == "A recruitment campaign ran in spring 2015.")
        #expect(linked.addressedBy[key("5")]?.isAddressed == true)

        #expect(linked.workAreaAddresses[1] == [key("1"), key("2"), key("3")])
        #expect(linked.workAreaAddresses[2] == [key("4")])
        #expect(linked.actionAddresses["2.1"] == [key("3")])
        #expect(linked.actionAddresses["1.1"] == nil)
    }

    @Test("addresses(ofAction:) gives direct items and items via every work area the action is placed in")
    func addressesOfAction() throws {
        let linked = try Site.link()
        func key(_ n: String) -> ItemKey { ItemKey("ofsted-2015", n) }

        // 1.2 is placed in work area 1 and (as 2.2) in work area 2.
        for ref in ["1.2", "2.2"] {
            let a = linked.addresses(ofAction: ref)
            #expect(a.direct == [], "\(ref)")
            #expect(a.viaWorkArea.map(\.workArea) == [1, 2], "\(ref)")
            #expect(a.viaWorkArea.map(\.items) == [[key("1"), key("2"), key("3")], [key("4")]], "\(ref)")
        }
        // 2.1 cites item 3 itself, and is placed in work area 2 only.
        let a21 = linked.addresses(ofAction: "2.1")
        #expect(a21.direct == [key("3")])
        #expect(a21.viaWorkArea.map(\.workArea) == [2])
        #expect(a21.viaWorkArea.map(\.items) == [[key("4")]])
        // 1.1 is in work area 1 only.
        let a11 = linked.addresses(ofAction: "1.1")
        #expect(a11.direct == [])
        #expect(a11.viaWorkArea.map(\.workArea) == [1])
    }

    @Test("pages: reading order, children, generated blocks and paths")
    func pages() throws {
        let linked = try Site.link()
        #expect(linked.pageOrder == ["foreword", "approach"])
        #expect(linked.children["foreword"] == ["approach"])
        #expect(linked.pageShowing[.register("ofsted-2015")] == "approach")
        #expect(linked.path(of: ItemKey("ofsted-2015", "3")) == "approach.html#ofsted-2015-3")
        #expect(linked.glossaryPath == "glossary.html")
    }

    @Test("terms are indexed by abbreviation and by slug")
    func terms() throws {
        let linked = try Site.link()
        #expect(linked.terms["MASH"]?.term == "Multi Agency Safeguarding Hub")
        #expect(linked.terms["multi-agency-safeguarding-hub"]?.term == "Multi Agency Safeguarding Hub")
        #expect(linked.terms["open-cases"]?.term == "Open cases")
    }

    @Test("internal links are rewritten to site-root placeholders")
    func renderedLinks() throws {
        let linked = try Site.link()
        let foreword = try #require(linked.rendered["page:foreword"]).html
        #expect(foreword.contains("href=\"plansite-root:/approach.html#ofsted-2015-3\""), "\(foreword)")
        #expect(foreword.contains("href=\"plansite-root:/actions/1.1.html\""), "\(foreword)")
        #expect(foreword.contains("href=\"plansite-root:/glossary.html#term-mash\""), "\(foreword)")
        #expect(linked.rendered["page:foreword"]?.headings.map(\.id) == ["our-promise"])
        let approach = try #require(linked.rendered["page:approach"]).html
        #expect(approach.contains("href=\"plansite-root:/foreword.html#our-promise\""), "\(approach)")
        let focus = try #require(linked.rendered["workarea:1:focus:0"]).html
        #expect(focus.contains("href=\"plansite-root:/actions/1.2.html\""), "\(focus)")
        #expect(linked.rendered["workarea:1:why"] != nil)
        #expect(linked.rendered["workarea:1:achieve"] != nil)
    }
}
