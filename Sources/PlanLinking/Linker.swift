// PlanLinking/Linker: resolves every reference of a loaded plan, builds the
// indexes in both directions, renders the markdown once with its internal
// links checked, and reports every problem as a located diagnostic. Pure:
// a function of the Plan.

import Foundation
import Markdown
import PlanModel

public struct Linker {
    /// Whether to look for abbreviations missing from the glossary (warnings only; off for a past release's
    /// plan, linked only to be compared, whose errors alone are reported).
    public var warnsOfAbbreviations = true
    /// Markdown rendered by an earlier link (of a release's plan, or before an edit in `plansite serve`): a text
    /// whose links still go where they went is not rendered again.
    public var markdownCache: MarkdownCache? = nil
    /// At most this many threads (the markdown is rendered beside the resolving of addresses).
    public var threads = Parallel.defaultThreads
    public init() {}

    public func link(_ plan: Plan) -> LinkedPlan {
        var state = LinkState(plan: plan)
        state.markdownCache = markdownCache
        state.threads = threads
        state.indexPages()
        state.indexActions()
        state.indexRegisters()
        state.indexTerms()
        // Two independent steps at once: the addresses (which items each work area and action addresses) and the
        // markdown (whose links need only the indexes made above). Each works on its own copy of the state; the
        // addresses' copy takes the markdown's results, and its diagnostics after its own, as if one ran after
        // the other.
        let before = state.diagnostics.count
        let (addressed, rendered) = Parallel.both(threads: threads, { [state] () -> LinkState in
            var s = state
            s.resolveAddresses()
            s.rollUpSubPoints()
            s.warnUnaddressed()
            s.warnLeadSpellings()   // warnings only, from the rows alone: beside the markdown rather than before it
            return s
        }, { [state, warnsOfAbbreviations] () -> LinkState in
            var s = state
            s.renderMarkdown()
            if warnsOfAbbreviations { s.warnUnknownAbbreviations() }
            return s
        })
        state = addressed
        state.rendered = rendered.rendered
        state.fragmentChecks = rendered.fragmentChecks
        state.scannedTexts = rendered.scannedTexts
        state.diagnostics += rendered.diagnostics[before...]
        var linked = state.result()
        ProgressLinker.attach(to: &linked)
        DocumentLinker.attach(to: &linked)   // DocumentLinker.swift
        return linked
    }
}

private struct LinkState {
    let plan: Plan
    var diagnostics: [Diagnostic] = []
    var markdownCache: MarkdownCache?
    /// At most this many threads for the markdown (Linker.threads).
    var threads = 1

    var pages: [String: Page] = [:]
    var pageOrder: [String] = []
    var children: [String: [String]] = [:]
    var pageShowing: [PageBlock: String] = [:]

    var rows: [String: ActionRow] = [:]
    var rowOrder: [String] = []
    var original: [String: String] = [:]
    var repeats: [String: [String]] = [:]

    var items: [ItemKey: IndexedItem] = [:]
    var itemOrder: [ItemKey] = []
    var addressedBy: [ItemKey: Addressers] = [:]
    /// Each register's item numbers in order, walked once (every citation asks for its span).
    var registerNumbers: [String: [String]] = [:]
    var workAreaAddresses: [Int: [ItemKey]] = [:]
    var actionAddresses: [String: [ItemKey]] = [:]
    var terms: [String: Term] = [:]
    var rendered: [String: RenderedText] = [:]
    /// Links to other pages' headings, checked once every page is rendered.
    var fragmentChecks: [(page: String, fragment: String, location: SourceLocation)] = []
    /// Plain texts scanned for abbreviations missing from the glossary.
    var scannedTexts: [LocatedText] = []

    init(plan: Plan) { self.plan = plan }

    mutating func error(_ code: String, _ location: SourceLocation?, _ message: String, _ suggestion: String? = nil) {
        diagnostics.append(.error(code, at: location, message, suggestion: suggestion))
    }

    mutating func warning(_ code: String, _ location: SourceLocation?, _ message: String, _ suggestion: String? = nil) {
        diagnostics.append(.warning(code, at: location, message, suggestion: suggestion))
    }

    // MARK: Pages and navigation

    mutating func indexPages() {
        // Files the build writes at the site root, which a page may not replace.
        var reserved: Set<String> = ["index", "report", "accessibility", "plan", "large-print", "search", "data"]
        if !plan.documents.isEmpty { reserved.formUnion([DocumentPath.timeline, DocumentPath.easyRead].map { String($0.dropLast(".html".count)) }) }
        if !plan.progress.series.isEmpty { reserved.insert("demand-and-volumes-over-time") }   // PlanRendering's ProgressPath.demandAndVolumes
        let shows = Set(plan.pages.compactMap(\.show))
        if !plan.terms.isEmpty && !shows.contains(.glossary) { reserved.insert("glossary") }
        if plan.scorecard != nil && !shows.contains(.scorecard) { reserved.insert("scorecard") }
        if plan.schedule != nil && !shows.contains(.schedule) { reserved.insert("schedule") }
        for page in plan.pages {
            let slug = Slug.make(page.id)
            if !PageID.isValid(page.id) {
                error("bad-page-id", page.location, "'\(page.id)' cannot be a page id: a page's id is its file name, which may hold only lower-case letters, digits, '-' and '_'",
                      "rename the file to \(slug).md")
                continue
            }
            if reserved.contains(page.id) {
                error("bad-page-id", page.location, "a page cannot be called '\(page.id)': the build writes \(page.id).html itself",
                      "rename the file, e.g. to \(page.id)-page.md")
                continue
            }
            pages[page.id] = page
        }
        // Two pages of one title are two entries alike in the contents, the search and the breadcrumbs.
        var titles: [String: Page] = [:]
        for page in plan.pages where pages[page.id]?.location == page.location {
            let key = page.title.trimmingWhitespace().lowercased()
            if let first = titles[key] {
                warning("duplicate-title", page.titleLocation ?? page.location,
                        "the pages '\(first.id)' and '\(page.id)' have one title, '\(page.title)' (first at \((first.titleLocation ?? first.location).description))",
                        "readers could not tell them apart in the contents and the search: give each page its own title")
            } else {
                titles[key] = page
            }
        }
        let ids = Array(pages.keys).sorted()
        for page in pages.values.sorted(by: { $0.id < $1.id }) {
            if let parent = page.parent {
                if pages[parent] == nil {
                    error("unknown-page", page.parentLocation ?? page.location, "parent page '\(parent)' does not exist",
                          Suggest.didYouMean(parent, in: ids) ?? "a page's id is its file name without .md")
                } else if ancestors(of: page.id).contains(page.id) {
                    error("page-cycle", page.parentLocation ?? page.location, "page '\(page.id)' is its own ancestor",
                          "give one page of the cycle another parent")
                }
            }
            if let block = page.show {
                let registerIDs = plan.registers.map(\.id)
                switch block {
                case .register(let id), .coverage(let id):
                    if !registerIDs.contains(id) {
                        error("unknown-register", page.showLocation ?? page.location, "'show: \(block.text)' names no register",
                              Suggest.didYouMean(id, in: registerIDs) ?? "the registers are: \(registerIDs.joined(separator: ", "))")
                    }
                case .scorecard where plan.scorecard == nil, .schedule where plan.schedule == nil, .glossary where plan.terms.isEmpty,
                     .workAreas where plan.workAreas.isEmpty:
                    error("empty-block", page.showLocation ?? page.location, "'show: \(block.text)' but site.yaml names no \(block.text)",
                          "name the file in site.yaml, or remove 'show'")
                case .documents where plan.config.documentsFolder == nil:
                    // Shown as nothing at all: the page's readers were promised the documents around the plan.
                    error("empty-block", page.showLocation ?? page.location, "'show: documents' but site.yaml names no documents folder",
                          "name the folder in site.yaml ('documents: content/documents'), or remove 'show'")
                default: break
                }
                if let other = pageShowing[block] {
                    error("duplicate-block", page.showLocation ?? page.location, "'\(block.text)' is already shown by page '\(other)'",
                          "show each block on one page only")
                } else {
                    pageShowing[block] = page.id
                }
            }
        }
        func sortedIDs(_ list: [Page]) -> [String] {
            list.sorted { ($0.order, $0.id) < ($1.order, $1.id) }.map(\.id)
        }
        let valid = pages.values.filter { p in p.parent.map { pages[$0] != nil && !ancestors(of: p.id).contains(p.id) } ?? true }
        // Siblings of one order are placed by their ids, which nobody chose for that: said, at the later one's order.
        var byPlace: [String: Page] = [:]
        for page in valid.sorted(by: { ($0.order, $0.id) < ($1.order, $1.id) }) {
            let place = (page.parent ?? "") + "\u{0}" + String(page.order)
            if let first = byPlace[place] {
                warning("duplicate-order", page.orderLocation ?? page.location,
                        "the pages '\(first.id)' and '\(page.id)' have one order, \(page.order)\(page.parent.map { " under '\($0)'" } ?? ""), so they are placed by their file names",
                        "give each its own order, e.g. \(page.order + 1) here if it comes after '\(first.id)'")
            } else {
                byPlace[place] = page
            }
        }
        for page in valid { if let parent = page.parent { children[parent, default: []].append(page.id) } }
        for (k, v) in children { children[k] = sortedIDs(v.compactMap { pages[$0] }) }
        var order: [String] = []
        func visit(_ id: String) {
            order.append(id)
            for child in children[id] ?? [] { visit(child) }
        }
        for root in sortedIDs(valid.filter { $0.parent == nil }) { visit(root) }
        pageOrder = order
    }

    func ancestors(of id: String) -> [String] {
        var out: [String] = []
        var current = pages[id]?.parent
        while let p = current, !out.contains(p) {
            out.append(p)
            current = pages[p]?.parent
        }
        return out
    }

    // MARK: Actions and repeats

    mutating func indexActions() {
        var numbers: [Int: SourceLocation] = [:]
        // Sized once (at ~10,000 actions, growing them row by row was a third of this step).
        let count = plan.workAreas.reduce(0) { $0 + $1.rows.count }
        rows.reserveCapacity(count)
        rowOrder.reserveCapacity(count)
        original.reserveCapacity(count)
        for area in plan.workAreas {
            let at = area.numberLocation ?? area.location
            if let first = numbers[area.number] {
                error("duplicate-workarea", at, "work area \(area.number) is defined twice (first at \(first.description))",
                      "give each work area its own number")
            } else {
                numbers[area.number] = at
            }
            for row in area.rows {
                if let first = rows[row.ref] {
                    error("duplicate-ref", row.location, "action ref \(row.ref) is used twice (first at \(first.location.description))",
                          "give this row its own ref; to repeat an action in another work area, use 'also: \"\(row.ref)\"' on a row with its own ref")
                    continue
                }
                rows[row.ref] = row
                rowOrder.append(row.ref)
            }
        }
        let refs = rowOrder
        for ref in rowOrder {
            guard let row = rows[ref] else { continue }
            let suffix = AlsoSuffix.ref(in: row.what)
            if let also = row.also, let suffix, also != suffix {
                error("also-mismatch", row.alsoLocation ?? row.location,
                      "action \(ref) says 'also: \(also)' but its text ends '(also \(suffix))'", "make them name the same action")
            }
            guard let target = row.also ?? suffix else { original[ref] = ref; continue }
            // At 'also:', or at the '(also' in the text that names it.
            let location = row.alsoLocation ?? AlsoSuffix.lastAlso(in: row.what).flatMap { row.whatLocation(at: $0.lowerBound) } ?? row.whatLocation
            if let wrong = NumberForm.error("the row's", target, written: { row.also != nil ? "also: \"\($0)\"" : "(also \($0))" }, at: location) {
                diagnostics.append(wrong)
                original[ref] = ref
            } else if target == ref {
                error("repeat-cycle", location, "action \(ref) repeats itself",
                      row.also != nil ? "remove 'also', or name the action this row repeats" : "remove '(also \(ref))' from the end of its text, or name the action this row repeats")
                original[ref] = ref
            } else if let targetRow = rows[target] {
                if let targetsTarget = targetRow.also ?? AlsoSuffix.ref(in: targetRow.what) {
                    let cycle = targetsTarget == ref
                    error(cycle ? "repeat-cycle" : "repeat-of-repeat", location,
                          cycle ? "actions \(ref) and \(target) repeat each other" : "action \(ref) repeats \(target), which is itself a repeat of \(targetsTarget)",
                          cycle ? "one of them must be the original: remove its 'also' (or the '(also …)' that ends its text)"
                                : row.also != nil ? "point 'also' at the original: also: \"\(targetsTarget)\"" : "name the original at the end of its text: (also \(targetsTarget))")
                    original[ref] = ref
                } else {
                    original[ref] = target
                    repeats[target, default: []].append(ref)
                    checkDrift(repeat: row, original: targetRow)
                }
            } else if let gone = plan.withdrawnActions.first(where: { $0.ref == target }), let w = gone.withdrawn {
                error("dangling-also", location, "action \(ref) repeats action \(target), which was withdrawn on \(w.date) (\(w.location.description))",
                      "withdraw this row too, on the same date, or remove its '\(row.also != nil ? "also" : "(also \(target))")' if it now stands on its own")
                original[ref] = ref
            } else {
                error("dangling-also", location, "action \(ref) repeats action \(target), which does not exist",
                      Suggest.didYouMean(target, in: refs) ?? "name an existing action ref")
                original[ref] = ref
            }
        }
    }

    mutating func checkDrift(repeat row: ActionRow, original: ActionRow) {
        func normal(_ s: String) -> String {
            // ASCII text (most of a plan) byte by byte: the same letters and digits, lower-cased, without looking up
            // Unicode properties.
            if s.utf8.allSatisfy({ $0 < 0x80 }) {
                return String(decoding: s.utf8.compactMap { b -> UInt8? in
                    switch b {
                    case UInt8(ascii: "A")...UInt8(ascii: "Z"): return b | 0x20
                    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return b
                    default: return nil
                    }
                }, as: UTF8.self)
            }
            return s.lowercased().filter { $0.isLetter || $0.isNumber }
        }
        let textDrift = normal(AlsoSuffix.stripped(row.what)) != normal(AlsoSuffix.stripped(original.what))
        let leadDrift = row.leads.map(normal) != original.leads.map(normal)
        if textDrift {
            warning("drift", row.whatLocation, "action \(row.ref) repeats \(original.ref) but its text differs: \"\(AlsoSuffix.stripped(row.what).trimmingWhitespace())\" vs \"\(AlsoSuffix.stripped(original.what).trimmingWhitespace())\"",
                    "keep the source's wording, or align the two if the difference is an error")
        }
        if leadDrift {
            warning("drift", row.location, "action \(row.ref) repeats \(original.ref) but its lead differs: \(row.leads.joined(separator: "; ")) vs \(original.leads.joined(separator: "; "))",
                    "keep the source's leads, or align the two if the difference is an error")
        }
    }

    /// A role written two ways that make one name on the leads pages apart from case and punctuation ("Children's",
    /// "Childrens") is listed as two roles: a warning at the second way, naming the first.
    mutating func warnLeadSpellings() {
        var first: [String: (lead: String, ref: String, location: SourceLocation)] = [:]
        var slugs: [String: String] = [:]   // a plan names a few roles many times: each slugged once
        for row in rowOrder.compactMap({ rows[$0] }) {
            for (i, lead) in row.leads.enumerated() {
                let at = i < row.leadLocations.count ? row.leadLocations[i] : row.location
                let key: String
                if let known = slugs[lead] { key = known } else { key = Slug.make(lead); slugs[lead] = key }
                guard let earlier = first[key] else { first[key] = (lead, row.ref, at); continue }
                if earlier.lead != lead {
                    warning("lead-spelling", at, "the lead '\(lead)' differs only in case or punctuation from '\(earlier.lead)' (action \(earlier.ref), \(earlier.location.description))",
                            "the site lists them as two roles; write the role the same way each time")
                }
            }
        }
    }

    // MARK: Registers

    mutating func indexRegisters() {
        var ids: [String: SourceLocation] = [:]
        for register in plan.registers {
            if let first = ids[register.id] {
                error("duplicate-register", register.idLocation ?? register.location, "register id '\(register.id)' is used twice (first in \(first.file))", "give each register its own id")
                continue
            }
            if Reference.entitySchemes.contains(register.id) {
                error("bad-id", register.idLocation ?? register.location, "'\(register.id)' is reserved and cannot be a register id", "choose another id, e.g. ofsted-2015")
            }
            ids[register.id] = register.location
            var numbers: [(String, RegisterItem)] = []
            for (item, headings) in register.allItems {
                let key = ItemKey(register.id, item.number)
                if let first = items[key] {
                    error("duplicate-item", item.location, "\(register.itemName) \(item.number) appears twice in \(register.id) (first at \(first.item.location.description))",
                          "number each \(register.itemName) once")
                    continue
                }
                items[key] = IndexedItem(key: key, item: item, headings: headings, parent: nil)
                itemOrder.append(key)
                numbers.append((item.number, item))
                if let taken = item.taken { addressedBy[key, default: Addressers()].taken = taken }
                var letters: [RegisterItem] = []
                for sub in item.items {
                    let subKey = ItemKey(register.id, item.number + sub.number)
                    if items[subKey] != nil {
                        error("duplicate-item", sub.location, "\(item.number)\(sub.number) appears twice in \(register.id)", "letter each sub-point once")
                        continue
                    }
                    items[subKey] = IndexedItem(key: subKey, item: sub, headings: headings, parent: key)
                    itemOrder.append(subKey)
                    letters.append(sub)
                }
                checkLetterGaps(letters, in: register, item: item)
            }
            checkNumberGaps(numbers, in: register)
        }
    }

    mutating func checkNumberGaps(_ numbered: [(String, RegisterItem)], in register: Register) {
        let ints = numbered.compactMap { Int($0.0) }.filter { $0 >= 0 && $0 < 1_000_000 }
        guard ints.count == numbered.count, let first = ints.first else { return }
        var expected = first == 1 ? 1 : first
        if first != 1 {
            warning("numbering-gap", register.location, "\(register.id) starts at \(register.itemName) \(first), not 1",
                    "check that no \(register.itemName) was lost")
        }
        for (n, item) in zip(ints, numbered.map(\.1)) {
            if n != expected {
                warning("numbering-gap", item.location,
                        n > expected ? "\(register.id) goes from \(register.itemName) \(expected - 1) to \(n): \(expected == n - 1 ? "\(expected) is" : "\(expected)-\(n - 1) are") missing"
                                     : "\(register.id) numbers \(register.itemName) \(n) after \(expected - 1)",
                        "check the source for a lost or misnumbered \(register.itemName)")
            }
            expected = n + 1
        }
    }

    /// `subs`: the item's sub-points, each letter once (a repeat is reported, and left out, before).
    mutating func checkLetterGaps(_ subs: [RegisterItem], in register: Register, item: RegisterItem) {
        let scalars = subs.compactMap { $0.number.count == 1 ? $0.number.unicodeScalars.first?.value : nil }
        guard scalars.count == subs.count, let a = "a".unicodeScalars.first?.value else { return }
        var previous: RegisterItem?
        for (value, sub) in zip(scalars, subs) {
            if let previous, value != (previous.number.unicodeScalars.first?.value ?? 0) + 1 {
                warning("numbering-gap", sub.location, "\(register.id) \(item.number): sub-point \(sub.number) follows \(previous.number)",
                        "check the source for a lost sub-point")
            } else if previous == nil, value != a {
                warning("numbering-gap", sub.location, "\(register.id) \(item.number): the sub-points start at \(sub.number), not a",
                        "check the source for a lost sub-point")
            }
            previous = sub
        }
    }

    // MARK: Terms

    mutating func indexTerms() {
        // Each entry's anchor on the glossary page (`term-…`): two entries whose keys differ only in case or punctuation
        // ("MASH", "Mash") would share one, and the page would hold the same id twice.
        var anchors: [String: Term] = [:]
        for term in plan.terms where Term.slug(term.key).isEmpty {
            error("bad-term", term.location, "the term '\(term.abbreviation ?? term.term)' has no letter a-z or digit to make its id (term:ID) from",
                  term.abbreviation == nil ? "give it an 'abbreviation:' of letters a-z or digits" : "write its abbreviation with letters a-z or digits")
        }
        for term in plan.terms where !Term.slug(term.key).isEmpty {
            let anchor = LinkedPlan.termAnchor(term)
            if let first = anchors[anchor], first.location != term.location, first.key != term.key {   // the same key: reported below
                error("duplicate-term", term.location,
                      "this entry ('\(term.abbreviation ?? term.term)') would have the same anchor on the glossary page, '\(anchor)', as the entry '\(first.abbreviation ?? first.term)' at \(first.location.description)",
                      "merge the two entries, or, if the abbreviation has two meanings, give each entry its own 'sense:'")
            } else {
                anchors[anchor] = term
            }
        }
        for term in plan.terms where !Term.slug(term.key).isEmpty {
            for key in Set([term.key, Term.slug(term.term)]) where !key.isEmpty {
                if let first = terms[key], first.location != term.location {
                    // One abbreviation with two meanings: two entries, each with its own `sense`. `term:ABBR` cites the first.
                    if key == term.abbreviation, Term.slug(first.term) != Term.slug(term.term), let a = first.sense, let b = term.sense,
                       Term.slug(a) != Term.slug(b) {
                        continue
                    }
                    let twoMeanings = key == term.abbreviation && Term.slug(first.term) != Term.slug(term.term)
                    error("duplicate-term", term.location, "the glossary defines '\(key)' twice (first at \(first.location.description))",
                          twoMeanings ? "if \(key) has two meanings, give each entry its own 'sense:' (a word or two that tells them apart, e.g. sense: probation); otherwise merge the two entries"
                                      : "merge the two entries")
                } else {
                    terms[key] = term
                }
            }
        }
    }

    // MARK: Addresses

    mutating func resolveAddresses() {
        for area in plan.workAreas {
            let keys = resolve(area.addresses, citedBy: "work area \(area.number)")
            workAreaAddresses[area.number] = keys
            for key in keys where !(addressedBy[key]?.workAreas.contains(area.number) ?? false) {
                addressedBy[key, default: Addressers()].workAreas.append(area.number)
            }
        }
        for ref in rowOrder {
            guard let row = rows[ref], !row.addresses.isEmpty else { continue }
            let keys = resolve(row.addresses, citedBy: "action \(ref)")
            actionAddresses[ref] = keys
            let origin = original[ref] ?? ref   // a repeat is the same action: count it once
            for key in keys where !(addressedBy[key]?.actions.contains(origin) ?? false) {
                addressedBy[key, default: Addressers()].actions.append(origin)
            }
        }
    }

    mutating func resolve(_ fields: [ReferenceField], citedBy: String) -> [ItemKey] {
        var keys: [ItemKey] = []
        var seen = Set<ItemKey>()
        var unknown = 0
        let registerIDs = plan.registers.map(\.id)
        for field in fields {
            guard let register = plan.registers.first(where: { $0.id == field.register }) else {
                error("unknown-register", field.location, "\(citedBy) cites the register '\(field.register)', which does not exist",
                      Suggest.didYouMean(field.register, in: registerIDs) ?? "the registers are: \(registerIDs.joined(separator: ", "))")
                continue
            }
            let parsed = ReferenceList.parse(field.text)
            for problem in parsed.problems {
                switch problem {
                case .badRange(let token):
                    let ends = token.split(whereSeparator: { "-\u{2013}\u{2014}".contains($0) }).map { Int($0.trimmingWhitespace()) }
                    let dashCount = token.filter { "-\u{2013}\u{2014}".contains($0) }.count
                    let why: String
                    if dashCount > 1 {
                        why = "has \(dashCount) dashes: a range is two numbers joined by one"
                    } else if ends.count == 2, let a = ends[0], let b = ends[1] {
                        why = a > b ? "runs backwards (\(a) is after \(b))" : "spans more \(register.itemName)s than a register holds (at most 1000 in one range)"
                    } else {
                        why = "is not a range of \(register.itemName)s: a range has a number at each end"
                    }
                    error("bad-range", field.location(of: token), "'\(token)' \(why)", "write ranges as low-high, e.g. 1-11")
                case .empty:
                    error("empty-reference", field.location, "\(citedBy) cites no \(register.itemName) of \(register.id)", "list numbers, e.g. \"1-11, 14\"")
                case .emptyEntry(let offset):
                    // ("1,,2": a number deleted, or a comma typed twice.)
                    let at = field.textColumn.flatMap { field.text.contains("\n") ? nil : SourceLocation(file: field.location.file, line: field.location.line, column: $0 + offset) } ?? field.location
                    warning("empty-reference", at, "'\(field.text)' has an empty entry here, between two separators: a number may be missing",
                            "write the missing number, or remove the extra separator")
                case .numberForm(let number):
                    NumberForm.error("the \(register.itemName) number", number, at: field.location(of: number)).map { diagnostics.append($0) }
                }
            }
            // A range that runs past the register's numbers is one mistake, said once at the range, not once for
            // every number past the end ("1-99" of a register of 25).
            var saidOfRange = Set<String>()
            let allNumbers: [String]
            if let known = registerNumbers[register.id] { allNumbers = known } else {
                allNumbers = register.allItems.map(\.item.number)
                registerNumbers[register.id] = allNumbers
            }
            if let first = allNumbers.first.flatMap({ Int($0) }), let last = allNumbers.last.flatMap({ Int($0) }) {
                for range in ReferenceList.ranges(field.text) where range.low <= range.high && (range.low < first || range.high > last) {
                    let missing = (range.low...min(range.high, range.low + 999)).map(String.init).filter { items[ItemKey(register.id, $0)] == nil }
                    guard !missing.isEmpty else { continue }
                    saidOfRange.formUnion(missing)
                    error("unknown-item", field.location(of: range.token),
                          "'\(range.token)' runs past the \(register.itemName)s of \(register.id), which are numbered \(first)-\(last)",
                          "end the range within \(first)-\(last), or correct it against the source")
                }
            }
            for number in parsed.items where !saidOfRange.contains(number) {
                let key = ItemKey(register.id, number)
                if items[key] == nil {
                    unknown += 1
                    guard unknown <= 20 else { continue }   // enough to fix; a list of thousands would cost a search each
                    let numbers = allNumbers
                    let range = numbers.first.map { "\($0)-\(numbers.last!)" } ?? "none"
                    let isNumber = number.first?.isNumber == true
                    // A number inside the register's span that it lacks (a gap, or a number written twice) is not "outside" it.
                    let inside = Int(number).map { n in (Int(numbers.first ?? "") ?? 0) <= n && n <= (Int(numbers.last ?? "") ?? 0) } ?? false
                    error("unknown-item", field.location(of: number),
                          inside ? "\(register.id) has no \(register.itemName) \(number), though its numbers run \(range)"
                          : isNumber ? "\(register.itemName) \(number) is outside \(register.id) (\(range))"
                                   : "'\(number)' is not a \(register.itemName) number of \(register.id) (\(range))",
                          inside ? "check \(register.id) for a \(register.itemName) numbered twice or lost, or correct the number here"
                                 : ItemSuggestion.text(for: number, in: items.keys.filter { $0.register == register.id }.map(\.number), itemName: register.itemName))
                } else if seen.insert(key).inserted {
                    keys.append(key)
                }
            }
        }
        return keys
    }

    /// A register item counts as addressed (in part) when one of its sub-points is.
    mutating func rollUpSubPoints() {
        for key in itemOrder {
            guard let parent = items[key]?.parent, addressedBy[key]?.isAddressed ?? false else { continue }
            addressedBy[parent, default: Addressers()].subPoints.append(key.number)
        }
    }

    mutating func warnUnaddressed() {
        let cited = Set(workAreaAddresses.values.flatMap { $0 }.map(\.register) + actionAddresses.values.flatMap { $0 }.map(\.register))
        for key in itemOrder where cited.contains(key.register) && items[key]?.parent == nil {
            if !(addressedBy[key]?.isAddressed ?? false), let item = items[key] {
                let name = plan.registers.first { $0.id == key.register }?.itemName ?? "item"
                warning("unaddressed", item.item.location, "\(name) \(key) is addressed by no work area or action",
                        "cite it in a work area's or action's 'addresses', or record an action already taken with 'taken:'")
            }
        }
        for area in plan.workAreas where (workAreaAddresses[area.number] ?? []).isEmpty {
            diagnostics.append(Diagnostic(.note, "cites-nothing", at: area.location, "work area \(area.number) cites no recommendation"))
        }
    }

    // MARK: Markdown

    mutating func renderMarkdown() {
        // An abbreviation with several meanings is expanded with all of them ("... or ...").
        var expansions: [(String, [String])] = []
        for t in plan.terms {
            guard let a = t.abbreviation else { continue }
            if let i = expansions.firstIndex(where: { $0.0 == a }) { expansions[i].1.append(t.term) } else { expansions.append((a, [t.term])) }
        }
        let abbreviations = expansions.map { Abbreviation($0.0, expansion: $0.1.joined(separator: " or ")) }
        var options = MarkdownOptions(allowRawHTML: plan.config.rawHTML, headingOffset: 0)
        options.reservedIDs = LinkedPlan.pageLayoutIDs
        // A register's intro is shown below the text of the pages that show the register, its footnotes with ids of
        // their own (intro-fn-1, intro-fnref-1): those pages' headings must leave them free ("Intro fn 1" would
        // take intro-fn-1). The footnotes' ids do not depend on the headings: found by rendering the intro alone.
        var introFootnoteIDs: [String: Set<String>] = [:]
        for register in plan.registers {
            guard let intro = register.intro, intro.text.contains("[^") else { continue }
            var introOptions = MarkdownOptions(allowRawHTML: plan.config.rawHTML, headingOffset: 0)
            introOptions.footnotePrefix = Self.introFootnotePrefix
            introFootnoteIDs[register.id] = Self.footnoteIDs(in: MarkdownRenderer.render(intro.text, options: introOptions).html)
        }
        // Each page, work area, progress report and release note is rendered on its own copy of the state, several at
        // once (a text's links need only the indexes), and the copies' results are joined in this order, as if
        // rendered one after another. A register's intro comes after the pages (it takes the ids they left free).
        var groups: [(inout LinkState) -> Void] = []
        for id in pageOrder {
            guard let page = pages[id] else { continue }
            groups.append { s in s.renderPage(id, page, options: options, introFootnoteIDs: introFootnoteIDs, abbreviations: abbreviations) }
        }
        for area in plan.workAreas {
            groups.append { s in s.renderWorkArea(area, abbreviations: abbreviations) }
        }
        renderAtOnce(groups)
        for register in plan.registers {
            if let intro = register.intro {
                var used = Set<String>()
                // The intro is shown on the pages that show the register, below their text: its headings take the
                // ids those pages left free, its footnotes ids of their own.
                var introOptions = options
                introOptions.footnotePrefix = Self.introFootnotePrefix
                for page in plan.pages where page.show == .register(register.id) {
                    introOptions.reservedIDs.formUnion(rendered["page:\(page.id)"]?.headings.map(\.id) ?? [])
                }
                render(key: "register:\(register.id):intro", text: intro, options: introOptions, abbreviations: abbreviations, used: &used, ownPage: nil)
            }
            for (item, _) in register.allItems {
                scannedTexts.append(LocatedText(item.text, at: item.location))
                warnMarkdown(in: item.text, at: item.textLocation ?? item.location, field: "a \(register.itemName)'s text")
            }
        }
        groups = plan.progress.reports.map { report in { s in s.renderReport(report, abbreviations: abbreviations) } }
        for release in plan.releases {   // change notes, shown on each release's "What changed" page
            guard let note = release.note else { continue }
            groups.append { s in
                var used = Set<String>()
                s.render(key: "release:\(release.version):note", text: note, options: MarkdownOptions(allowRawHTML: s.plan.config.rawHTML, headingOffset: 0, idPrefix: "note-"),
                         abbreviations: abbreviations, used: &used, ownPage: nil)
            }
        }
        renderAtOnce(groups)
        for check in fragmentChecks {
            let headings = rendered["page:\(check.page)"]?.headings.map(\.id) ?? []
            if !headings.contains(check.fragment) {
                error("unknown-anchor", check.location, "page '\(check.page)' has no heading with the id '\(check.fragment)'",
                      Suggest.didYouMean(check.fragment, in: headings)
                        ?? (headings.isEmpty ? "it has no headings: link to the page itself, page:\(check.page)" : "its headings are: \(headings.joined(separator: ", "))"))
            }
        }
    }

    /// Runs each group of renderings on its own copy of the state (its results empty), at once, and joins what each
    /// found, in the groups' order.
    mutating func renderAtOnce(_ groups: [(inout LinkState) -> Void]) {
        var empty = self
        empty.diagnostics = []
        empty.rendered = [:]
        empty.fragmentChecks = []
        empty.scannedTexts = []
        let done = Parallel.map(groups, threads: threads) { group -> LinkState in
            var s = empty
            group(&s)
            return s
        }
        for s in done {
            diagnostics += s.diagnostics
            rendered.merge(s.rendered) { _, new in new }
            fragmentChecks += s.fragmentChecks
            scannedTexts += s.scannedTexts
        }
    }

    mutating func renderPage(_ id: String, _ page: Page, options: MarkdownOptions, introFootnoteIDs: [String: Set<String>], abbreviations: [Abbreviation]) {
        var used = Set<String>()
        let location = page.location.offset(lines: page.bodyLine - 1)
        var pageOptions = options
        if case .register(let shown)? = page.show, let ids = introFootnoteIDs[shown] { pageOptions.reservedIDs.formUnion(ids) }
        render(key: "page:\(id)", text: LocatedText(page.markdown, at: location), options: pageOptions,
               abbreviations: abbreviations, used: &used, ownPage: id)
        for heading in rendered["page:\(id)"]?.headings ?? [] where heading.level == 1 {
            error("page-h1", location.offset(lines: heading.line - 1, column: 1), "the heading '\(heading.text)' is a top-level heading (#): a page's title is already its one top-level heading",
                  "start the page's headings at ## (and use ### below them)")
        }
    }

    mutating func renderWorkArea(_ area: WorkArea, abbreviations: [Abbreviation]) {
        var used = Set<String>()
        // Blocks sit under h3 headings on the work-area page: their own headings start at h4,
        // and their ids are prefixed so that blocks on one page do not share ids.
        func blockOptions(_ prefix: String) -> MarkdownOptions {
            MarkdownOptions(allowRawHTML: plan.config.rawHTML, headingOffset: 3, idPrefix: prefix)
        }
        for kind in SummaryBlockKind.allCases {
            if let text = area.summary[kind] {
                render(key: "workarea:\(area.number):\(kind.rawValue)", text: text, options: blockOptions("\(kind.rawValue)-"), abbreviations: abbreviations, used: &used, ownPage: nil)
            }
        }
        for (i, block) in area.focus.enumerated() {
            render(key: "workarea:\(area.number):focus:\(i)", text: block.body, options: blockOptions("focus-\(i + 1)-"), abbreviations: abbreviations, used: &used, ownPage: nil)
        }
        for row in area.rows {
            scannedTexts.append(LocatedText(row.what, at: row.whatLocation))
            warnMarkdown(in: row.what, at: row.whatLocation, field: "an action's 'what'", place: { row.whatLocation(at: $0) })
        }
    }

    /// A field shown as plain text (an action's 'what', a register item's text) that holds a markdown link: it is
    /// shown as written, brackets and all, and its target is never checked.
    mutating func warnMarkdown(in text: String, at location: SourceLocation, field: String, place: ((String.Index) -> SourceLocation?)? = nil) {
        guard text.holds("]("), let close = text.range(of: "]("), let open = text[..<close.lowerBound].lastIndex(of: "["),
              text[close.upperBound...].contains(")") else { return }
        let shown = text[open...].prefix { $0 != ")" } + ")"
        // At the '[' where the text's place is known, or when it is on one line as written (a plain value); else at the value.
        let here = place?(open).flatMap { $0 } ?? (text.contains("\n") ? location
            : SourceLocation(file: location.file, line: location.line, column: location.column + text.distance(from: text.startIndex, to: open)))
        warning("markdown-in-text", here, "\(field) is shown as plain text, so the link '\(shown)' in it is shown as written, brackets and all",
                "write the words without the link's markup; to link to it, do so from a page or a work area's summary")
    }

    mutating func renderReport(_ report: ProgressReport, abbreviations: [Abbreviation]) {
        // Progress texts are shown under h3 headings (report cards, action histories).
        // The report's texts are shown together on its report card: each text's headings take the ids the texts
        // before it left free, and each text's footnotes have ids of their own.
        var progressOptions = MarkdownOptions(allowRawHTML: plan.config.rawHTML, headingOffset: 3, idPrefix: "\(report.id)-")
        var used = Set<String>()
        let texts = [("summary", report.summary), ("audits", report.audits), ("risks", report.risks)].compactMap { name, text in text.map { (name, $0) } }
            + report.updates.enumerated().map { ("\($0.offset)", $0.element.text) }
        for (name, text) in texts {
            let key = "progress:\(report.id):\(name)"
            progressOptions.footnotePrefix = "\(report.id)-\(Int(name).map { "\($0 + 1)" } ?? name)-"
            render(key: key, text: text, options: progressOptions, abbreviations: abbreviations, used: &used, ownPage: nil)
            progressOptions.reservedIDs.formUnion(rendered[key]?.headings.map(\.id) ?? [])
        }
    }

    static let introFootnotePrefix = "intro-"

    /// The ids of the footnotes and their references in rendered markdown (`id="intro-fn-1"`, `id="intro-fnref-1"`).
    static func footnoteIDs(in html: String) -> Set<String> {
        var ids = Set<String>()
        var rest = html[...]
        while let at = rest.range(of: " id=\"") {
            let value = rest[at.upperBound...].prefix { $0 != "\"" }
            if value.hasPrefix(introFootnotePrefix + "fn") { ids.insert(String(value)) }
            rest = rest[at.upperBound...]
        }
        return ids
    }

    mutating func render(key: String, text: LocatedText, options: MarkdownOptions, abbreviations: [Abbreviation],
                         used: inout Set<String>, ownPage: String?) {
        var linkProblems: [Diagnostic] = []
        var fragments: [(String, String, SourceLocation)] = []
        var ownFragments: [(String, SourceLocation)] = []
        var images: [(src: String, size: (width: Int, height: Int)?, decorative: Bool)] = []
        let result = MarkdownRenderer.render(text.text, options: options, abbreviations: abbreviations, usedAbbreviations: &used,
                                             cache: markdownCache) { link in
            let location = text.location(line: link.line, column: link.column)
            let outcome = resolveLink(link, at: location)
            switch outcome {
            case .problem(let d): linkProblems.append(d); return .keep
            case .external: return .keep
            case .ownFragment(let f): ownFragments.append((f, location)); return .keep
            case .image(let path, let size, let decorative):
                images.append((SitePath.placeholderPrefix + path, size, decorative))
                return .replace(destination: SitePath.placeholderPrefix + path, generatedText: nil)
            case .target(let path, let fragment, let generated, let checkPage):
                if let checkPage, let fragment { fragments.append((checkPage, fragment, location)) }
                let url = SitePath.placeholderPrefix + path + (fragment.map { "#\($0)" } ?? "")
                return .replace(destination: url, generatedText: link.text.isEmpty ? generated : nil)
            }
        }
        if let deep = result.tooDeep {
            error("markdown-nesting", text.location(line: deep.line, column: deep.column),
                  "this line nests \(deep.depth) quotes or lists inside each other; at most \(MarkdownNesting.limit) are allowed",
                  "remove the extra '>' or list markers at the start of the line")
        }
        // A heading that skips a level (#### after ##) reads to a screen-reader user, who moves by heading level,
        // as a missing section. A text starts under its page's title (h1) or, shifted, under its section's heading.
        // Levels as written, the text's start being its title (#) or its section's heading (none).
        let start = options.headingOffset == 0 ? 1 : 0
        var previous = start
        for heading in result.headings where heading.written > 0 {
            defer { previous = heading.written }
            if heading.written > previous + 1 {
                let written = String(repeating: "#", count: heading.written)
                let meant = String(repeating: "#", count: previous + 1)
                let after = previous == start
                    ? (options.headingOffset == 0 ? "under the page's title" : "at the start of this text (it sits under its section's heading)")
                    : "after a heading written \(String(repeating: "#", count: previous))"
                warning("heading-order", text.location(line: heading.line, column: 1),
                        "the heading '\(heading.text)' is written \(written) \(after), skipping a level (screen-reader users move by heading level, and a skipped level reads as a missing section)",
                        "write it \(meant)")
            }
        }
        if let wide = result.tooWide {
            error("markdown-table-width", text.location(line: wide.line, column: wide.column),
                  "this line has \(wide.cells) '|' characters, a table row of more than \(MarkdownTableWidth.limit) cells; at most \(MarkdownTableWidth.limit) are allowed (reading a wider table takes a time that grows with the square of its width)",
                  "split the table into narrower ones, or publish the data as a CSV file; write a '|' that is not a cell separator as '\\|'")
        }
        if let comment = result.unclosedComment {
            error("unclosed-comment", text.location(line: comment.line, column: comment.column),
                  comment.hiddenLines > 0
                    ? "this HTML comment ('<!--') is never closed, so the \(comment.hiddenLines) line\(comment.hiddenLines == 1 ? "" : "s") after it \(comment.hiddenLines == 1 ? "is" : "are") left out of the site"
                    : "this HTML comment ('<!--') is never closed",
                  "end the comment with '-->' where it should stop, or remove it")
        }
        diagnostics += linkProblems
        for (page, fragment, location) in fragments { fragmentChecks.append((page, fragment, location)) }
        for (fragment, location) in ownFragments where !result.headings.contains(where: { $0.id == fragment }) {
            if let ownPage { fragmentChecks.append((ownPage, fragment, location)) } else {
                error("unknown-anchor", location, "there is no heading with the id '\(fragment)' here",
                      Suggest.didYouMean(fragment, in: result.headings.map(\.id)) ?? "link to a heading of this text, or use page:ID#heading")
            }
        }
        for line in result.uncaptionedTables {
            warning("table-caption", text.location(line: line, column: 1),
                    "this table has no caption", "add a paragraph 'Table: what the table shows' just before it")
        }
        var htmlLines = Set<Int>()
        for (line, column) in result.droppedHTML where htmlLines.insert(line).inserted {   // one warning per line
            let more = result.droppedHTMLBlocks[line] ?? 0
            warning("raw-html", text.location(line: line, column: column),
                    more > 0 ? "this raw HTML block is left out of the site (raw HTML is not allowed), and with it the \(more == 1 ? "line" : "\(more) lines") after it, up to the next blank line, with any links in them unchecked"
                             : "this raw HTML is left out of the site (raw HTML is not allowed)",
                    more > 0 ? "write it in markdown (a blank line after the HTML keeps the text below it), or set 'raw_html: true' in site.yaml to let raw HTML through"
                             : "write it in markdown, or set 'raw_html: true' in site.yaml to let raw HTML through")
        }
        let schemes = Reference.entitySchemes.union(plan.registers.map(\.id))
        for link in result.spacedLinks where schemes.contains(link.scheme.lowercased()) {
            let written = link.target.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\t", with: "")
            warning("spaced-link", text.location(line: link.line, column: link.column),
                    "this link is shown as plain text, not a link: its target '\(link.target)' has a space in it",
                    "remove the space: write (\(written))")
        }
        // An empty heading is announced to a screen-reader user as a heading with nothing in it.
        for heading in result.headings where heading.text.trimmingCharacters(in: .whitespaces).isEmpty {
            error("empty-heading", text.location(line: heading.line, column: 1), "this heading is empty",
                  "write its words after the #s, or remove the line")
        }
        // The text without its code, comments and autolinks, made once for the checks below (when one may find something).
        let masked = text.text.holds("##") || text.text.holds("]") || text.text.holds("(") ? AbbreviationScanner.withoutCode(text.text) : text.text
        if text.text.holds("##") {
            // `##Next steps`: no space after the #s, so it is a paragraph, not a heading.
            for (n, line) in masked.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let lead = line.prefix { $0 == " " }
                let hashes = line.dropFirst(lead.count).prefix { $0 == "#" }
                guard lead.count < 4, (2...6).contains(hashes.count), let next = line.dropFirst(lead.count + hashes.count).first, next.isLetter else { continue }
                warning("heading-syntax", text.location(line: n + 1, column: lead.count + 1),
                        "'\(line.dropFirst(lead.count).prefix(24))' is shown as text, not a heading: a heading needs a space after its #s",
                        "write it as '\(hashes) \(line.dropFirst(lead.count + hashes.count))'")
            }
        }
        if masked.holds("][") || masked.holds("]:") {
            for slip in LinkSyntax.references(masked: masked) {
                warning(slip.code, text.location(line: slip.line, column: slip.column), slip.what, slip.fix)
            }
        }
        if masked.holds("(") {
            for slip in LinkSyntax.slips(masked: masked, schemes: schemes) {
                warning("link-syntax", text.location(line: slip.line, column: slip.column),
                        "this is shown as plain text, not a link: \(slip.what)", slip.fix)
            }
        }
        for note in result.undefinedFootnotes {
            warning("undefined-footnote", text.location(line: note.line, column: note.column),
                    "there is no footnote '[^\(note.label)]' in this text, so it is shown as written",
                    "add its note on a line of its own, '[^\(note.label)]: the note', or remove it")
        }
        for note in result.duplicateFootnotes {
            warning("duplicate-footnote", text.location(line: note.line, column: note.column),
                    "footnote '[^\(note.label)]' is defined a second time, and only the first note is shown",
                    "remove this note, or give it a label of its own and refer to that")
        }
        for note in result.unusedFootnotes {
            warning("unused-footnote", text.location(line: note.line, column: note.column),
                    "nothing refers to footnote '[^\(note.label)]', so its note is left out of the site",
                    "refer to it with [^\(note.label)] where the note belongs, or remove it")
        }
        rendered[key] = RenderedText(html: images.isEmpty ? result.html : Self.sizedImages(result.html, images), headings: result.headings)
        scannedTexts.append(text)
    }

    enum LinkOutcome {
        case external
        /// An image of the assets folder: its site path, its size when its header gives it, and whether it is decorative.
        case image(path: String, size: (width: Int, height: Int)?, decorative: Bool)
        case ownFragment(String)
        case target(path: String, fragment: String?, generatedText: String, checkPage: String?)
        case problem(Diagnostic)
    }

    /// An image: a file of the assets folder (`assets:` in site.yaml), with alt text unless marked decorative
    /// (`![](rule.png "decorative")`: an empty alt, hidden from screen readers).
    func resolveImage(_ link: MarkdownLink, at location: SourceLocation) -> LinkOutcome {
        let destination = link.destination
        // An image from elsewhere is not shown: the site must work on an intranet and opened from disk, and no
        // reader's visit may be reported to another site; nor could its alt text or size be checked.
        if Reference.isExternal(destination) || destination.hasPrefix("//") {
            return .problem(.error("external-image", at: location, "the image '\(destination)' is on another site; a page shows only images of the site's own assets folder",
                                   suggestion: plan.config.assetsFolder.map { "download the image into \($0)/ and give its path there, e.g. ![What it shows](chart.png)" }
                                    ?? "add 'assets: content/assets' to site.yaml, download the image there and give its path, e.g. ![What it shows](chart.png)"))
        }
        let decorative = link.title.lowercased() == "decorative"
        let alt = link.text.trimmingWhitespaceAndNewlines()
        guard let folder = plan.config.assetsFolder else {
            return .problem(.error("unsupported-image", at: location, "the image '\(destination)' is not part of the site: images come from the assets folder, and site.yaml names none",
                                   suggestion: "add 'assets: content/assets' to site.yaml and put the image there, or describe the figure in text or a table"))
        }
        var path = destination.hasPrefix("./") ? String(destination.dropFirst(2)) : destination
        if path.hasPrefix(folder + "/") { path = String(path.dropFirst(folder.count + 1)) }
        path = path.removingPercentEncoding ?? path
        guard let data = plan.images[path] else {
            let ext = (path as NSString).pathExtension.lowercased()
            if !ext.isEmpty, !ImageFormat.extensions.contains(ext) {
                return .problem(.error("missing-image", at: location, "the image '\(destination)' is a .\(ext) file, which the site does not publish",
                                       suggestion: "save it as \(ImageFormat.extensions.sorted().map { "." + $0 }.joined(separator: ", ")) in \(folder)/ and give that name"))
            }
            return .problem(.error("missing-image", at: location, "the image '\(destination)' is not in the assets folder '\(folder)'",
                                   suggestion: Suggest.didYouMean(path, in: Array(plan.images.keys)) ?? "put the file in \(folder)/ and give its path inside that folder, e.g. ![Our logo](logo.png)"))
        }
        if alt.isEmpty && !decorative {
            return .problem(.error("image-alt", at: location, "the image '\(destination)' has no alt text",
                                   suggestion: "say what the image shows: ![What it shows](\(destination)); for an image that only decorates, write ![](\(destination) \"decorative\")"))
        }
        if decorative && !alt.isEmpty {
            return .problem(.error("image-alt", at: location, "the image '\(destination)' is marked decorative but has alt text",
                                   suggestion: "remove the alt text of a decorative image, or remove \"decorative\" if the image carries meaning"))
        }
        return .image(path: "images/" + path, size: ImageFormat.size(of: data, ext: (path as NSString).pathExtension), decorative: decorative)
    }

    /// Gives each image its width and height, and a decorative one an empty alt and no title. `images` are in
    /// document order, as cmark renders them; each is found after the one before, so an image shown twice is sized twice, once each.
    static func sizedImages(_ html: String, _ images: [(src: String, size: (width: Int, height: Int)?, decorative: Bool)]) -> String {
        var out = ""
        var rest = html[...]
        for image in images {
            // The next image whose source, read as a browser reads it, is this one (cmark writes `my chart.png`
            // as `my%20chart.png`, `it's.png` as `it&#x27;s.png`).
            var found: Range<Substring.Index>?
            var search = rest
            while let r = search.range(of: "<img src=\"") {
                let value = search[r.upperBound...].prefix { $0 != "\"" }
                let src = HTML.unescape(String(value))
                if src == image.src || src.removingPercentEncoding == image.src { found = r.lowerBound..<value.endIndex; break }
                search = search[value.endIndex...]
            }
            guard let r = found, r.upperBound < rest.endIndex else { continue }
            let upper = rest.index(after: r.upperBound)   // past the closing quote
            out += rest[..<upper]
            rest = rest[upper...]
            if let size = image.size { out += " width=\"\(size.width)\" height=\"\(size.height)\"" }
            if image.decorative, rest.hasPrefix(" alt=\"\" title=\"decorative\"") {
                out += " alt=\"\""
                rest = rest.dropFirst(" alt=\"\" title=\"decorative\"".count)
            }
        }
        return out + rest
    }

    /// What is wrong with an address that leaves the site, if anything: `https://` with no site after it,
    /// `https:example.org` (no `//`), `mailto:` with no address.
    static func externalProblem(_ destination: String) -> (what: String, fix: String)? {
        guard let colon = destination.firstIndex(of: ":") else { return nil }
        let scheme = destination[..<colon].lowercased()
        let rest = destination[destination.index(after: colon)...]
        switch scheme {
        case "http", "https", "ftp":
            guard rest.hasPrefix("//") else {
                return ("has no '//' after '\(scheme):'", "write it as \(scheme)://\(rest)")
            }
            let host = rest.dropFirst(2).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            // (A name without a dot is allowed: an intranet's http://intranet/plan.)
            if host.isEmpty {
                return ("has no site after '\(scheme)://'", "write the whole address, e.g. https://www.example.gov.uk/page")
            }
        case "mailto":
            let address = rest.prefix { $0 != "?" }
            let parts = address.split(separator: "@", omittingEmptySubsequences: false)
            if parts.count != 2 || parts[0].isEmpty || parts[1].isEmpty || address.contains(" ") {
                return ("is not one email address", "write it as mailto:name@example.gov.uk")
            }
        case "tel":
            if !rest.contains(where: \.isNumber) { return ("has no telephone number", "write it as tel:+441234567890") }
        default: break
        }
        return nil
    }

    func resolveLink(_ link: MarkdownLink, at location: SourceLocation) -> LinkOutcome {
        let destination = link.destination
        if link.isImage { return resolveImage(link, at: location) }
        if destination.hasPrefix("#") { return .ownFragment(String(destination.dropFirst())) }
        if destination.isEmpty {
            return .problem(.error("empty-link", at: location, "the link '\(link.text)' has no destination", suggestion: "write [text](page:ID) or [text](https://...)"))
        }
        // A space that is not one (pasted from a word processor) is invisible in the message's quotes: name it.
        if let odd = destination.unicodeScalars.first(where: { OddSpace.name($0) != nil }), let name = OddSpace.name(odd) {
            let cleaned = String(String.UnicodeScalarView(destination.unicodeScalars.filter { $0 != odd }))
            return .problem(.error("link-space", at: location, "the link's target '\(destination)' holds \(name), which no target has (it is often pasted from a word processor)",
                                   suggestion: "delete it: write (\(cleaned))"))
        }
        guard let ref = Reference.parse(destination) else {
            // A relative file link: allow `other-page.md` and `other-page.md#heading`.
            let parts = destination.split(separator: "#", maxSplits: 1).map(String.init)
            let file = parts[0]
            if file.hasSuffix(".md") {
                let id = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
                if pages[id] != nil {
                    return .target(path: SitePath.page(id), fragment: parts.count > 1 ? parts[1] : nil, generatedText: pages[id]!.title, checkPage: id)
                }
                return .problem(.error("unknown-page", at: location, "the link points to '\(file)', which is not a page",
                                       suggestion: Suggest.nearest(to: id, in: Array(pages.keys)).map { "did you mean \($0).md?" } ?? "link to an existing page as page:ID"))
            }
            return .problem(.error("unknown-file", at: location, "the link points to the file '\(destination)', which is not part of the site",
                                   suggestion: "link to pages with page:ID and to other sites with a full https:// address"))
        }
        if Reference.isExternal(destination) {
            if let why = Self.externalProblem(destination) {
                return .problem(.error("bad-address", at: location, "the link's address '\(destination)' \(why.what)", suggestion: why.fix))
            }
            return .external
        }
        if ref.key.isEmpty, ref.fragment == nil {
            let kind = ref.scheme == "workarea" ? "work area" : ref.scheme
            return .problem(.error("empty-link", at: location, "the link '\(destination)' names no \(kind) after its colon",
                                   suggestion: ref.scheme == "page" ? "write page:ID (the page's file name without .md), or page:index for the home page" : "write the \(kind) after the colon, e.g. \(ref.scheme):1"))
        }
        if let fragment = ref.fragment, ref.scheme != "page" {   // else dropped: the link would go to the top of the page
            let kind = ref.scheme == "workarea" ? "work area" : ref.scheme
            return .problem(.error("unknown-anchor", at: location,
                                   "'#\(fragment)' cannot follow \(kind.first.map { "aeiou".contains($0) } == true ? "an" : "a") \(kind) reference: only a page's headings can be linked to (page:ID#heading)",
                                   suggestion: "remove '#\(fragment)'"))
        }
        let schemes = Array(Reference.entitySchemes) + plan.registers.map(\.id)
        if ["action", "workarea", "measure"].contains(ref.scheme) || plan.registers.contains(where: { $0.id == ref.scheme }),
           let wrong = ref.numberFormError(at: location) {
            return .problem(wrong)
        }
        switch ref.scheme {
        case "page":
            guard let page = pages[ref.key] else {
                if ref.key == "index" || ref.key.isEmpty { return .target(path: "index.html", fragment: ref.fragment, generatedText: plan.config.title, checkPage: nil) }
                if let why = plan.pagesLeftOut[ref.key] {
                    return .problem(.error("unknown-page", at: location, "the page '\(ref.key)' is not in the plan as at \(plan.progress.asAt.map { "\($0)" } ?? "this date"): \(why)",
                                           suggestion: "choose a later --as-at date, or link to the page only once it is published"))
                }
                return .problem(.error("unknown-page", at: location, "there is no page '\(ref.key)'",
                                       suggestion: Suggest.didYouMean(ref.key, in: Array(pages.keys)) ?? "a page's id is its file name without .md"))
            }
            return .target(path: SitePath.page(page.id), fragment: ref.fragment, generatedText: page.title, checkPage: page.id)
        case "action":
            guard rows[ref.key] != nil || plan.withdrawnActions.contains(where: { $0.ref == ref.key }) else {   // a withdrawn action keeps its page
                return .problem(.error("unknown-action", at: location, "there is no action \(ref.key)",
                                       suggestion: Suggest.didYouMean(ref.key, in: rowOrder) ?? "action refs look like 1.13"))
            }
            return .target(path: SitePath.action(ref.key), fragment: nil, generatedText: "action \(ref.key)", checkPage: nil)
        case "workarea":
            guard let n = Int(ref.key), plan.workAreas.contains(where: { $0.number == n }) else {
                return .problem(.error("unknown-workarea", at: location, "there is no work area \(ref.key)",
                                       suggestion: "the work areas are \(plan.workAreas.map { String($0.number) }.joined(separator: ", "))"))
            }
            return .target(path: SitePath.workArea(n), fragment: nil, generatedText: "work area \(n)", checkPage: nil)
        case "measure":
            guard let measures = plan.scorecard?.measures, measures.contains(where: { $0.number == ref.key }) else {
                return .problem(.error("unknown-measure", at: location, "there is no measure \(ref.key)",
                                       suggestion: Suggest.didYouMean(ref.key, in: plan.scorecard?.measures.map(\.number) ?? []) ?? "measures are numbered in the scorecard"))
            }
            let path = pageShowing[.scorecard].map(SitePath.page) ?? "scorecard.html"
            return .target(path: path, fragment: "measure-\(ref.key)", generatedText: "measure \(ref.key)", checkPage: nil)
        case "term":
            guard let term = terms[ref.key] ?? terms[Term.slug(ref.key)] else {
                return .problem(.error("unknown-term", at: location, "the glossary has no term '\(ref.key)'",
                                       suggestion: Suggest.didYouMean(ref.key, in: Array(terms.keys).sorted()) ?? "add it to the glossary"))
            }
            let path = pageShowing[.glossary].map(SitePath.page) ?? "glossary.html"
            return .target(path: path, fragment: LinkedPlan.termAnchor(term), generatedText: term.abbreviation ?? term.term, checkPage: nil)
        default:
            guard let register = plan.registers.first(where: { $0.id == ref.scheme }) else {
                // A link that would run code, or carry a page of its own, in the reader's browser.
                if ["javascript", "vbscript", "data"].contains(ref.scheme.lowercased()) {
                    return .problem(.error("unsafe-link", at: location, "a '\(ref.scheme.lowercased()):' link is not allowed: it would run code or open a page of its own in the reader's browser",
                                           suggestion: "link to a page of the site (page:ID, action:1.2) or to an https:// address"))
                }
                return .problem(.error("unknown-scheme", at: location, "'\(ref.scheme):' is not a kind of reference",
                                       suggestion: Suggest.didYouMean(ref.scheme, in: schemes) ?? "use one of: \(schemes.sorted().joined(separator: ", "))"))
            }
            let key = ItemKey(register.id, ref.key)
            guard items[key] != nil else {
                let numbers = items.keys.filter { $0.register == register.id }.map(\.number)
                return .problem(.error("unknown-item", at: location, "\(register.id) has no \(register.itemName) \(ref.key)",
                                       suggestion: ItemSuggestion.text(for: ref.key, in: numbers, itemName: register.itemName)))
            }
            let path = pageShowing[.register(register.id)].map(SitePath.page) ?? "registers/\(register.id).html"
            return .target(path: path, fragment: key.anchor, generatedText: "\(register.itemName) \(ref.key)", checkPage: nil)
        }
    }

    // MARK: Abbreviations

    mutating func warnUnknownAbbreviations() {
        guard !plan.terms.isEmpty else { return }
        var known = Set(plan.terms.compactMap(\.abbreviation))
        for t in plan.terms where t.term.allSatisfy({ $0.isUppercase || $0.isNumber }) { known.insert(t.term) }
        // Each text is scanned on its own, several at once (in pieces: a plan has thousands of short texts), for
        // the abbreviations it defines and those it uses; what is reported is then decided in the texts' order.
        struct Scan {
            var definitions = Set<String>()
            var uses: [(word: String, line: Int, column: Int)] = []
        }
        let texts = scannedTexts
        let pieces = stride(from: 0, to: texts.count, by: 256).map { $0..<min(texts.count, $0 + 256) }
        let scans = Parallel.map(pieces, threads: threads) { piece in
            texts[piece].map { located -> Scan in
                let text = AbbreviationScanner.mayHoldAbbreviation(located.text) ? AbbreviationScanner.withoutCode(located.text) : located.text
                var scan = Scan()
                guard AbbreviationScanner.mayHoldAbbreviation(text) else { return scan }
                for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where AbbreviationScanner.mayHoldAbbreviation(line) {
                    // An abbreviation defined where it is used ("independent reviewing officers (IROs)", "CAMHS (child
                    // and adolescent mental health services)") is explained to the reader: it needs no glossary entry.
                    scan.definitions.formUnion(AbbreviationScanner.definitions(in: String(line)))
                    for (word, column) in AbbreviationScanner.occurrences(in: AbbreviationScanner.withoutLinkTargets(String(line))) {
                        scan.uses.append((word, i, column))
                    }
                }
                return scan
            }
        }.flatMap { $0 }
        for scan in scans { known.formUnion(scan.definitions) }
        var reported = Set<String>()
        for (text, scan) in zip(texts, scans) {
            for use in scan.uses where !known.contains(use.word) && !reported.contains(use.word) {
                reported.insert(use.word)
                let here = text.location(line: use.line + 1, column: use.column)
                warning("unknown-abbreviation", here, "the abbreviation \(use.word) is used but not in the glossary",
                        "add \(use.word) to the glossary with its expansion")
            }
        }
    }

    func result() -> LinkedPlan {
        LinkedPlan(plan: plan, rows: rows, rowOrder: rowOrder,
                   rowRefsByWorkArea: Dictionary(grouping: rowOrder.filter { rows[$0] != nil }, by: { rows[$0]!.workArea }), original: original, repeats: repeats, items: items,
                   itemOrder: itemOrder, addressedBy: addressedBy, workAreaAddresses: workAreaAddresses,
                   actionAddresses: actionAddresses, terms: terms, pages: pages, pageOrder: pageOrder, children: children,
                   pageShowing: pageShowing, rendered: rendered, diagnostics: diagnostics)
    }
}

/// Finds abbreviations in text: words of three or more capital letters.
public enum AbbreviationScanner {
    static let ignored: Set<String> = ["II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "PDF", "HTML", "URL", "UK"]

    public static func abbreviations(in text: String) -> [String] {
        var out: [String] = []
        for (word, _) in occurrences(in: text) where !out.contains(word) { out.append(word) }
        return out
    }

    /// Whether `text` has three capital letters A-Z in a row: every abbreviation does, and most lines do not,
    /// so the scan by characters runs only where it can find something.
    public static func mayHoldAbbreviation<S: StringProtocol>(_ text: S) -> Bool {
        if let found = text.utf8.withContiguousStorageIfAvailable(hasCapitalRun) { return found }
        return hasCapitalRun(text.utf8)
    }

    private static func hasCapitalRun<C: Sequence>(_ bytes: C) -> Bool where C.Element == UInt8 {
        var run = 0
        for byte in bytes {
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") {
                run += 1
                if run == 3 { return true }
            } else {
                run = 0
            }
        }
        return false
    }

    /// Each abbreviation with the 1-based character column where it occurs ("LSCBs" counts as LSCB).
    public static func occurrences(in text: String) -> [(word: String, column: Int)] {
        guard mayHoldAbbreviation(text) else { return [] }
        var out: [(String, Int)] = []
        var word = ""
        var start = 0
        var column = 0
        func flush() {
            var w = word
            if w.hasSuffix("s"), w.dropLast().allSatisfy(\.isUppercase) { w.removeLast() }
            if w.count >= 3, w.allSatisfy({ $0.isUppercase && $0.isASCII }), !ignored.contains(w) { out.append((w, start)) }
            word = ""
        }
        for c in text {
            column += 1
            if c.isLetter { if word.isEmpty { start = column }; word.append(c) } else { flush() }
        }
        flush()
        return out
    }

    /// The abbreviations a line defines in its own words: the expansion in words just before the abbreviation
    /// in brackets ("independent reviewing officers (IROs)"), or the abbreviation followed by its expansion
    /// in brackets ("CAMHS (Child and Adolescent Mental Health Services)", the first letters agreeing).
    /// A plural ("IROs") defines the singular.
    public static func definitions(in line: String) -> Set<String> {
        guard line.utf8.contains(UInt8(ascii: "(")), mayHoldAbbreviation(line) else { return [] }
        let chars = Array(line)
        var out = Set<String>()
        for (word, column) in occurrences(in: line) {
            let start = column - 1
            var end = start
            while end < chars.count, chars[end].isLetter { end += 1 }
            // "words (ABBR)": a word, a space, then the abbreviation alone in brackets.
            if start >= 3, chars[start - 1] == "(", chars[start - 2] == " ", chars[start - 3].isLetter || chars[start - 3] == "'",
               end < chars.count, chars[end] == ")" {
                out.insert(word)
                continue
            }
            // "ABBR (expansion words)": at least two words in the brackets, the first starting with the abbreviation's letter.
            if end + 2 < chars.count, chars[end] == " ", chars[end + 1] == "(", let close = chars[(end + 2)...].firstIndex(of: ")") {
                let inside = String(chars[(end + 2)..<close])
                let words = inside.split(whereSeparator: { !$0.isLetter })
                if words.count >= 2, words[0].first?.lowercased() == word.first?.lowercased() { out.insert(word) }
            }
        }
        return out
    }

    /// The line with link destinations and bare URLs blanked out (columns kept), so that
    /// capitals in an address are not taken for abbreviations.
    /// `text` with what a reader never sees as words blanked out (each character a space, so that lines and
    /// columns stay): fenced code, code spans, HTML comments, autolinks (`<page:x>`), `www.` addresses and the
    /// targets of link definitions (`[x]: page:y`). An abbreviation there is code or an address, not prose.
    public static func withoutCode(_ text: String) -> String {
        guard text.holds("`") || text.holds("~~~") || text.holds("<") || text.holds("www.") || text.holds("]:") else { return text }
        var chars = Array(text)
        func blank(_ r: Range<Int>) { for k in r where chars[k] != "\n" { chars[k] = " " } }
        var i = 0, lineStart = true, fence: Character?
        while i < chars.count {
            if lineStart {
                lineStart = false
                var j = i, spaces = 0
                while j < chars.count, chars[j] == " ", spaces < 4 { j += 1; spaces += 1 }
                let end = chars[i...].firstIndex(of: "\n") ?? chars.count
                if spaces < 4, j + 2 < chars.count, (chars[j] == "`" || chars[j] == "~"), chars[j + 1] == chars[j], chars[j + 2] == chars[j],
                   fence == nil || fence == chars[j] {
                    fence = fence == nil ? chars[j] : nil
                    blank(i..<end); i = end; continue
                }
                if fence != nil { blank(i..<end); i = end; continue }
                // A link definition's target: `[label]: target`.
                if spaces < 4, j < chars.count, chars[j] == "[", let close = chars[j..<end].firstIndex(of: "]"), close + 1 < end, chars[close + 1] == ":" {
                    blank(close + 2..<end); i = end; continue
                }
            }
            let c = chars[i]
            if c == "\n" { lineStart = true; i += 1; continue }
            if c == "`" {
                var run = 0
                while i + run < chars.count, chars[i + run] == "`" { run += 1 }
                var k = i + run
                var closed: Int?
                while k < chars.count {
                    if chars[k] == "`" {
                        var r = 0
                        while k + r < chars.count, chars[k + r] == "`" { r += 1 }
                        if r == run { closed = k + r; break }
                        k += r
                    } else { k += 1 }
                }
                if let closed { blank(i..<closed); i = closed } else { i += run }
                continue
            }
            if c == "<", i + 3 < chars.count, chars[i + 1] == "!", chars[i + 2] == "-", chars[i + 3] == "-" {
                var k = i + 4
                while k + 2 < chars.count, !(chars[k] == "-" && chars[k + 1] == "-" && chars[k + 2] == ">") { k += 1 }
                let end = min(chars.count, k + 3)
                blank(i..<end); i = end; continue
            }
            if c == "<", let close = chars[i...].prefix(2000).firstIndex(of: ">"),
               chars[i + 1..<close].contains(":"), !chars[i + 1..<close].contains(where: { $0.isWhitespace }) {
                blank(i..<close + 1); i = close + 1; continue
            }
            if c == "w", i + 3 < chars.count, chars[i + 1] == "w", chars[i + 2] == "w", chars[i + 3] == ".", i == 0 || !chars[i - 1].isLetter {
                var k = i
                while k < chars.count, !chars[k].isWhitespace { k += 1 }
                blank(i..<k); i = k; continue
            }
            i += 1
        }
        return String(chars)
    }

    public static func withoutLinkTargets(_ line: String) -> String {
        guard line.holds("](") || line.holds("://") else { return line }
        var chars = Array(line)
        var i = 0
        while i < chars.count {
            if chars[i] == "]", i + 1 < chars.count, chars[i + 1] == "(" {
                var j = i + 2
                while j < chars.count, chars[j] != ")" { chars[j] = " "; j += 1 }
                i = j
            } else if chars[i] == ":", i + 2 < chars.count, chars[i + 1] == "/", chars[i + 2] == "/" {
                var s = i
                while s > 0, chars[s - 1].isLetter { s -= 1 }
                var j = s
                while j < chars.count, !chars[j].isWhitespace { chars[j] = " "; j += 1 }
                i = j
            }
            i += 1
        }
        return String(chars)
    }
}

/// What to suggest for an item number a register does not have: a near
/// spelling for ids like "10c", the register's numbering for plain numbers.
enum ItemSuggestion {
    static func text(for number: String, in numbers: [String], itemName: String) -> String {
        let sorted = numbers.sorted(by: NaturalOrder.less)
        if !number.allSatisfy(\.isNumber), let near = Suggest.nearest(to: number, in: sorted) { return "did you mean \(near)?" }
        let top = sorted.filter { $0.allSatisfy(\.isNumber) }
        guard let first = top.first, let last = top.last else { return "remove it or correct the number" }
        return "its \(itemName)s are numbered \(first) to \(last); remove it or correct the number"
    }
}

/// Page ids: file names of pages, used in paths and anchors.
public enum PageID {
    public static func isValid(_ id: String) -> Bool {
        !id.isEmpty && id.unicodeScalars.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "-" || $0 == "_" }
    }
}

/// Links written almost right, which markdown shows as plain text: `[text] (page:x)`, `[text](page:x` never closed,
/// `[text(page:x)`, `[text](<page:x)`, `[text](term:two words)`. Found by a target of one of the plan's schemes
/// in brackets; code, comments and autolinks are passed over.
enum LinkSyntax {
    struct Slip { var code = "link-syntax"; let line: Int; let column: Int; let what: String; let fix: String }

    /// Whether a line may hold a slip, by its bytes: a '(' (or '(<') before a scheme's name and ':', other than
    /// '](' before a target that closes with ')' before any space.
    static func mayHoldSlip(_ line: Substring, schemes: Set<String>) -> Bool {
        let b = Array(line.utf8)
        var i = 0
        while i < b.count {
            defer { i += 1 }
            guard b[i] == UInt8(ascii: "(") else { continue }
            var j = i + 1
            if j < b.count, b[j] == UInt8(ascii: "<") { return true }
            while j < b.count, (b[j] >= 0x61 && b[j] <= 0x7A) || (b[j] >= 0x41 && b[j] <= 0x5A) || (b[j] >= 0x30 && b[j] <= 0x39) || b[j] == 0x2D { j += 1 }
            guard j < b.count, b[j] == UInt8(ascii: ":"), j > i + 1, schemes.contains(String(decoding: b[(i + 1)..<j], as: UTF8.self).lowercased()) else { continue }
            if i == 0 || b[i - 1] != UInt8(ascii: "]") { return true }
            var k = j + 1
            while k < b.count, b[k] != UInt8(ascii: ")") { if b[k] == 0x20 || b[k] == 0x09 { return true }; k += 1 }
            if k >= b.count { return true }
        }
        return false
    }

    /// Reference links (`[text][label]`, `[label][]`) whose label no definition (`[label]: target`) gives, shown
    /// as written; definitions given twice (the second is not used) or used by nothing (left out).
    static func references(masked: String) -> [Slip] {
        let lines = masked.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        func label(_ chars: ArraySlice<Character>) -> String { String(chars).lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        var defined: [String: (line: Int, column: Int)] = [:]
        var out: [Slip] = []
        var definitionLines = Set<Int>()
        for (n, c) in lines.enumerated() {
            var i = 0
            while i < c.count, i < 3, c[i] == " " { i += 1 }
            guard i < c.count, c[i] == "[", i + 1 < c.count, c[i + 1] != "^", let close = c[i...].firstIndex(of: "]"),
                  close + 1 < c.count, c[close + 1] == ":", close > i + 1 else { continue }
            definitionLines.insert(n)
            let name = label(c[i + 1..<close])
            if defined[name] != nil {
                out.append(Slip(code: "link-definition", line: n + 1, column: i + 1, what: "the link definition [\(String(c[i + 1..<close]))] repeats the label of one above it; only the first is used",
                                fix: "remove one, or give each its own label"))
            } else {
                defined[name] = (n + 1, i + 1)
            }
        }
        var used = Set<String>()
        for (n, c) in lines.enumerated() where !definitionLines.contains(n) {
            for i in c.indices where c[i] == "[" {
                guard let close = c[i...].firstIndex(of: "]") else { continue }
                let inner = label(c[i + 1..<close])
                used.insert(inner)
                // `[text][label]` or `[text][]`: the label, or the text.
                guard i == 0 || c[i - 1] != "]", close + 1 < c.count, c[close + 1] == "[", let end = c[(close + 1)...].firstIndex(of: "]") else { continue }
                let name = end == close + 2 ? inner : label(c[close + 2..<end])
                used.insert(name)
                if defined[name] == nil, !name.hasPrefix("^") {
                    out.append(Slip(line: n + 1, column: i + 1, what: "there is no link definition [\(name)] for '\(String(c[i...end]))', so it is shown as written",
                                    fix: "add a line '[\(name)]: page:ID' (or an address) below the paragraph, or write the link as [text](page:ID)"))
                }
            }
        }
        for (name, at) in defined.sorted(by: { $0.value.line < $1.value.line }) where !used.contains(name) {
            out.append(Slip(code: "link-definition", line: at.line, column: at.column, what: "nothing refers to the link definition [\(name)], so it is left out of the site",
                            fix: "refer to it with [text][\(name)] where the link belongs, or remove it"))
        }
        return out.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    static func slips(masked: String, schemes: Set<String>) -> [Slip] {
        var out: [Slip] = []
        for (n, line) in masked.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where line.holds("(") {
            // Most lines with a '(' hold only real links (`](page:x)`) or none: only one with a target of a scheme
            // not right after ']' — or one right after ']' that holds a space or never closes — can be a slip.
            guard Self.mayHoldSlip(line, schemes: schemes) else { continue }
            let c = Array(line)
            for i in c.indices where c[i] == "(" {
                var j = i + 1
                let angled = j < c.count && c[j] == "<"
                if angled { j += 1 }
                var k = j
                while k < c.count, c[k].isLetter || c[k].isNumber || c[k] == "-" { k += 1 }
                guard k < c.count, c[k] == ":", k > j, schemes.contains(String(c[j..<k]).lowercased()),
                      k + 1 < c.count, c[k + 1] != " ", c[k + 1] != "\t" else { continue }   // a space after the colon: spaced-link
                let close = c[i...].firstIndex(of: ")")
                let target = String(c[j..<(close ?? c.count)]).trimmingCharacters(in: .whitespaces)
                let shown = String(c[i..<min(c.count, (close ?? c.count - 1) + 1)])
                let afterBracket = i > 0 && c[i - 1] == "]"
                if afterBracket {
                    if close == nil {
                        out.append(Slip(line: n + 1, column: i + 1, what: "its target '\(shown)' is never closed", fix: "add ')' after the target"))
                    } else if angled, !target.hasSuffix(">") {
                        out.append(Slip(line: n + 1, column: i + 1, what: "the '<' before its target is never closed", fix: "remove the '<', or close it with '>' before ')'"))
                    } else if !angled, target.contains(" ") || target.contains("\t") {
                        out.append(Slip(line: n + 1, column: i + 1, what: "its target '\(target)' has a space in it",
                                        fix: target.hasPrefix("term:") ? "write the term's id, its words joined by hyphens: (\(target.replacingOccurrences(of: " ", with: "-").lowercased()))" : "remove the space"))
                    }
                } else if i > 1, c[i - 1] == " ", c[i - 2] == "]" {
                    out.append(Slip(line: n + 1, column: i, what: "a space between ']' and '(' parts the link's text from its target", fix: "remove the space: write ](\(target))"))
                } else {
                    let opened = c[..<i].lastIndex(of: "["), closed = c[..<i].lastIndex(of: "]")
                    let unclosedText = opened.map { o in closed.map { $0 < o } ?? true } ?? false
                    out.append(Slip(line: n + 1, column: (unclosedText ? opened! : i) + 1,
                                    what: unclosedText ? "the link's text has no ']' before its target \(shown)" : "the target \(shown) has no '[text]' right before it",
                                    fix: unclosedText ? "close the text with ']' right before '('" : "write the link as [text](\(target))"))
                }
            }
        }
        return out
    }
}
