// The reference grammar: list syntax of YAML reference fields, the source's
// "(also X.Y)" suffix, and namespaced link destinations.

@testable import PlanLinking
import Testing

@Suite("Reference grammar")
struct ReferenceGrammarTests {
    @Test("a range: 1-11")
    func range() {
        let parsed = ReferenceList.parse("1-11")
        #expect(parsed.items == (1...11).map(String.init))
        #expect(parsed.problems.isEmpty)
    }

    @Test("a list: 2,3,5")
    func list() {
        let parsed = ReferenceList.parse("2,3,5")
        #expect(parsed.items == ["2", "3", "5"])
        #expect(parsed.problems.isEmpty)
    }

    @Test("a list with spaces and 'and': 6, 14, 15 and 22")
    func listWithAnd() {
        let parsed = ReferenceList.parse("6, 14, 15 and 22")
        #expect(parsed.items == ["6", "14", "15", "22"])
        #expect(parsed.problems.isEmpty)
    }

    @Test("ranges and single numbers mixed, with en dash, '&' and ';'")
    func mixed() {
        #expect(ReferenceList.parse("1-3, 7").items == ["1", "2", "3", "7"])
        #expect(ReferenceList.parse("1\u{2013}3 and 5").items == ["1", "2", "3", "5"])
        #expect(ReferenceList.parse("1 - 2 & 4; 6").items == ["1", "2", "4", "6"])
        #expect(ReferenceList.parse("10c, 11").items == ["10c", "11"], "lettered sub-points are kept as written")
    }

    @Test("a backwards range is a problem")
    func backwardsRange() {
        let parsed = ReferenceList.parse("11-1")
        #expect(parsed.items.isEmpty)
        #expect(parsed.problems == [.badRange("11-1")])
        let mixed = ReferenceList.parse("2, 11-1, 4")
        #expect(mixed.items == ["2", "4"])
        #expect(mixed.problems == [.badRange("11-1")])
    }

    @Test("a range without numbers at both ends is a problem")
    func openRange() {
        #expect(ReferenceList.parse("3-").problems == [.badRange("3-")])
        #expect(ReferenceList.parse("a-c").problems == [.badRange("a-c")])
    }

    @Test("an empty list is a problem")
    func emptyList() {
        #expect(ReferenceList.parse("").problems == [.empty])
        #expect(ReferenceList.parse(" , ").problems == [.empty])
    }

    @Test("the '(also X.Y)' suffix")
    func alsoSuffix() {
        #expect(AlsoSuffix.ref(in: "Do X (also 1.2).") == "1.2")
        #expect(AlsoSuffix.ref(in: "Do X (also 1.2)") == "1.2")
        #expect(AlsoSuffix.ref(in: "Do X (Also 3.10).") == "3.10")
        #expect(AlsoSuffix.ref(in: "Do X (also 1.2) and then Y.") == nil, "only at the end of the text")
        #expect(AlsoSuffix.ref(in: "Do X.") == nil)
        #expect(AlsoSuffix.ref(in: "Do X (also ).") == nil)
        #expect(AlsoSuffix.stripped("Do X (also 1.2).") == "Do X ")
        #expect(AlsoSuffix.stripped("Do X.") == "Do X.")
        // The byte search finds the last "(also " where Foundation's case-insensitive search does.
        for text in ["Do X (also 1.2).", "(ALSO 2.1)", "a (also b (Also 3.4)", "(also", "x (alsO y", "(also(also 1.1)", "(bleo ", "(also\t1.2)",
                     "Do X (also 1.2) é", "Çà (also 1.2)", "nothing", "", "((also  ", "A(LSO 1", "(also 1.2)(also 1.3)",
                     "Work – with ‘quotes’ (also 2.3).", "naïve (Also 1.1) — done", "e\u{301} (also 1.2)", "(also\u{301} 1.2)", "🙂 (ALSO 4.5)"] {
            let foundation = text.range(of: "(also ", options: [.backwards, .caseInsensitive])
            #expect(AlsoSuffix.lastAlso(in: text) == foundation, "\(text)")
        }
    }

    @Test("namespaced references")
    func references() {
        #expect(Reference.parse("action:1.13") == Reference(scheme: "action", key: "1.13"))
        #expect(Reference.parse("ofsted-2015:7") == Reference(scheme: "ofsted-2015", key: "7"))
        #expect(Reference.parse("dfe-notice-2016:10c") == Reference(scheme: "dfe-notice-2016", key: "10c"))
        #expect(Reference.parse("term:MASH") == Reference(scheme: "term", key: "MASH"))
        #expect(Reference.parse("page:annex-2#our-promise") == Reference(scheme: "page", key: "annex-2", fragment: "our-promise"))
        #expect(Reference.parse("page:foreword#our-promise")?.description == "page:foreword#our-promise")
        #expect(Reference.parse("foreword.md") == nil)
        #expect(Reference.parse("#our-promise") == nil)
    }

    @Test("natural order of item numbers")
    func naturalOrder() {
        #expect(NaturalOrder.less("2", "10"))
        #expect(NaturalOrder.less("10a", "10b"))
        #expect(NaturalOrder.less("10b", "11"))
        #expect(!NaturalOrder.less("10", "2"))
        #expect(ItemKey("ofsted-2015", "9") < ItemKey("ofsted-2015", "10"))
        // Every pair of a mixed set, ASCII and not, against the rule read by characters: the number of the leading
        // digits (none, or past Int's range: last), then the rest as text.
        func reference(_ a: String, _ b: String) -> Bool {
            func split(_ s: String) -> (Int, String) {
                let digits = s.prefix { $0.isNumber }
                return (Int(digits) ?? Int.max, String(s.dropFirst(digits.count)))
            }
            let (na, ra) = split(a), (nb, rb) = split(b)
            return na != nb ? na < nb : ra < rb
        }
        let numbers = ["", "0", "1", "2", "007", "7", "10", "10a", "10b", "10.1", "10(a)", "11", "a", "b", "A", "iv", "2a", "2 a",
                       "99999999999999999999", "99999999999999999999a", "9223372036854775807", "½", "٣", "3é", "é", "10é", "1\u{301}"]
        for a in numbers {
            for b in numbers { #expect(NaturalOrder.less(a, b) == reference(a, b), "\(a) < \(b)") }
        }
    }

    @Test("abbreviation scanner")
    func abbreviationScanner() {
        #expect(AbbreviationScanner.abbreviations(in: "The MASH and the LSCBs met the UK team (PDF).") == ["MASH", "LSCB"])
        #expect(AbbreviationScanner.abbreviations(in: "Ofsted, Q3 and OK") == [])
    }
}
