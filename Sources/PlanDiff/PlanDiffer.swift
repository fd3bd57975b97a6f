// PlanDiff/PlanDiffer: LinkedPlan(old), LinkedPlan(new) → ChangeSet. Entities
// keep their identity by id, so a reworded action is one change, not a removal
// and an addition; an entity that vanished under one id and appeared under
// another with (nearly) the same words is a rename or a move. Pure.

import Foundation
import PlanLinking
import PlanModel

public struct PlanDiffer {
    /// How alike two texts must be (share of words kept) for a removal and an addition to be one rename.
    public var renameSimilarity = 0.8
    public init() {}

    public func diff(_ old: LinkedPlan, _ new: LinkedPlan, oldState: PlanState, newState: PlanState) -> ChangeSet {
        var out: [Change] = []
        out += actions(old, new)
        out += statuses(old, new)
        out += registers(old, new)
        out += scorecard(old, new)
        out += series(old, new)
        out += events(old, new)
        out += workAreas(old, new)
        out += pages(old, new)
        out += terms(old, new)
        return ChangeSet(old: oldState, new: newState, changes: out)
    }

    // MARK: Actions

    static func quarters(_ q: [String]) -> String { q.isEmpty ? "not stated" : q.joined(separator: " to ") }

    /// Quarters the end of a timeframe moved: positive when it slipped.
    static func slip(_ old: [String], _ new: [String]) -> Int? {
        guard let a = old.compactMap(FinancialQuarter.index).max(), let b = new.compactMap(FinancialQuarter.index).max() else { return nil }
        return b - a
    }

    static func slipText(_ n: Int?) -> String? {
        guard let n, n != 0 else { return nil }
        let q = "\(abs(n)) quarter\(abs(n) == 1 ? "" : "s")"
        return n > 0 ? "slipped \(q)" : "brought forward \(q)"
    }

    func actions(_ old: LinkedPlan, _ new: LinkedPlan) -> [Change] {
        var out: [Change] = []
        let oldRefs = Set(old.distinctActions.map(\.ref)), newRefs = Set(new.distinctActions.map(\.ref))
        var removed = old.distinctActions.filter { !newRefs.contains($0.ref) }
        var added = new.distinctActions.filter { !oldRefs.contains($0.ref) }
        // A removal and an addition with (nearly) the same words: the action was moved or renumbered.
        var pairs: [(ActionRow, ActionRow)] = []
        for a in added {
            if let i = removed.firstIndex(where: { WordDiff.similarity($0.what, a.what) >= renameSimilarity }) {
                pairs.append((removed[i], a))
                removed.remove(at: i)
            }
        }
        added.removeAll { a in pairs.contains { $0.1.ref == a.ref } }
        for (was, now) in pairs {
            let whereText = { (r: ActionRow) in "work area \(r.workArea), \(r.group.isEmpty ? "key actions" : r.group)" }
            out.append(Change(.actionMoved, entity: "action:\(now.ref)", title: "Action \(now.ref)", field: "ref",
                              old: "\(was.ref) (\(whereText(was)))", new: "\(now.ref) (\(whereText(now)))", detail: "was action \(was.ref)"))
            out += compare(was, now, entity: "action:\(now.ref)", title: "Action \(now.ref)", old: old, new: new)
        }
        for row in removed {
            let withdrawal = new.plan.withdrawnActions.first { $0.ref == row.ref }?.withdrawn
            var detail = withdrawal.map { "withdrawn \($0.date.text)" }
            if let reason = withdrawal?.reason { detail = (detail.map { $0 + ": " } ?? "") + reason }
            out.append(Change(.actionWithdrawn, entity: "action:\(row.ref)", title: "Action \(row.ref)", field: "text", old: row.what, detail: detail))
        }
        for row in added {
            out.append(Change(.actionAdded, entity: "action:\(row.ref)", title: "Action \(row.ref)", field: "text", new: row.what,
                              detail: "work area \(row.workArea)"))
        }
        for row in new.distinctActions where oldRefs.contains(row.ref) {
            guard let was = old.rows[row.ref] else { continue }
            out += compare(was, row, entity: "action:\(row.ref)", title: "Action \(row.ref)", old: old, new: new)
        }
        // An action withdrawn in both: its page still shows what it said, so a change to its words is a change.
        for row in new.plan.withdrawnActions where !newRefs.contains(row.ref) {
            guard let was = old.plan.withdrawnActions.first(where: { $0.ref == row.ref }), !oldRefs.contains(row.ref),
                  WordDiff.words(was.what) != WordDiff.words(row.what) else { continue }
            out.append(Change(.actionReworded, entity: "action:\(row.ref)", title: "Action \(row.ref)", field: "text", old: was.what, new: row.what,
                              words: WordDiff.spans(old: was.what, new: row.what), detail: "a withdrawn action"))
        }
        return out
    }

    func compare(_ was: ActionRow, _ now: ActionRow, entity: String, title: String, old: LinkedPlan, new: LinkedPlan) -> [Change] {
        var out: [Change] = []
        if WordDiff.words(was.what) != WordDiff.words(now.what) {
            out.append(Change(.actionReworded, entity: entity, title: title, field: "text", old: was.what, new: now.what,
                              words: WordDiff.spans(old: was.what, new: now.what)))
        }
        if was.leads != now.leads {
            out.append(Change(.actionReled, entity: entity, title: title, field: "leads",
                              old: was.leads.joined(separator: "; "), new: now.leads.joined(separator: "; ")))
        }
        if was.timeframe != now.timeframe {
            let n = PlanDiffer.slip(was.timeframe, now.timeframe)
            out.append(Change(.actionRetimed, entity: entity, title: title, field: "timeframe", old: PlanDiffer.quarters(was.timeframe),
                              new: PlanDiffer.quarters(now.timeframe), detail: PlanDiffer.slipText(n), quarters: n))
        }
        if was.ref == now.ref, was.workArea == now.workArea, was.group != now.group {
            out.append(Change(.actionMoved, entity: entity, title: title, field: "group", old: was.group, new: now.group))
        }
        let oldRepeats = Set(old.repeats[was.ref] ?? []), newRepeats = Set(new.repeats[now.ref] ?? [])
        let gained = newRepeats.subtracting(oldRepeats), lost = oldRepeats.subtracting(newRepeats)
        func placements(_ refs: Set<String>, in plan: LinkedPlan) -> String {
            refs.sorted(by: NaturalKey.less).map { r in "\(r) (work area \(plan.rows[r]?.workArea ?? 0))" }.joined(separator: ", ")
        }
        if !gained.isEmpty {
            out.append(Change(.actionRepeatsGained, entity: entity, title: title, field: "repeats", new: placements(gained, in: new)))
        }
        if !lost.isEmpty {
            out.append(Change(.actionRepeatsLost, entity: entity, title: title, field: "repeats", old: placements(lost, in: old)))
        }
        // The timeframe progress reports give it.
        let target = ProgressTarget.action(now.ref), oldTarget = ProgressTarget.action(was.ref)
        let r0 = old.progress.revisedTimeframe(oldTarget)?.quarters ?? [], r1 = new.progress.revisedTimeframe(target)?.quarters ?? []
        if r0 != r1 {
            let base0 = r0.isEmpty ? was.timeframe : r0, base1 = r1.isEmpty ? now.timeframe : r1
            let n = PlanDiffer.slip(base0, base1)
            out.append(Change(.actionRetimedRevised, entity: entity, title: title, field: "revised timeframe",
                              old: r0.isEmpty ? "none" : PlanDiffer.quarters(r0), new: r1.isEmpty ? "none" : PlanDiffer.quarters(r1),
                              detail: PlanDiffer.slipText(n), quarters: n))
        }
        return out
    }

    // MARK: Status

    func entity(_ target: ProgressTarget) -> String {
        switch target {
        case .plan: return "plan"
        case .action(let ref): return "action:\(ref)"
        case .workArea(let n): return "workarea:\(n)"
        case .item(let key): return key.description
        }
    }

    func title(_ target: ProgressTarget, in plan: LinkedPlan) -> String {
        switch target {
        case .plan: return "The plan as a whole"
        case .action(let ref): return "Action \(ref)"
        case .workArea(let n): return "Work area \(n)"
        case .item(let key): return itemTitle(key, in: plan)
        }
    }

    func itemTitle(_ key: ItemKey, in plan: LinkedPlan) -> String {
        plan.register(key.register).map { "\($0.shortTitle) \($0.itemName) \(key.number)" } ?? key.description
    }

    func statuses(_ old: LinkedPlan, _ new: LinkedPlan) -> [Change] {
        let targets = Set(old.progress.history.keys).union(new.progress.history.keys).sorted()
        var out: [Change] = []
        for target in targets {
            let a = old.progress.current(target)?.status, b = new.progress.current(target)?.status
            guard a?.id != b?.id, b != nil || a != nil else { continue }
            if case .action(let ref) = target, new.rows[ref] == nil { continue }   // withdrawn: said once
            let when = new.progress.current(target).map { "reported \($0.update.update.date.text)" }
            out.append(Change(.statusMoved, entity: entity(target), title: title(target, in: new.rows.isEmpty ? old : new), field: "status",
                              old: a?.label ?? "no status", new: b?.label ?? "no status", detail: when))
        }
        return out
    }

    // MARK: Registers

    func registers(_ old: LinkedPlan, _ new: LinkedPlan) -> [Change] {
        var out: [Change] = []
        let oldIDs = Set(old.plan.registers.map(\.id)), newIDs = Set(new.plan.registers.map(\.id))
        for r in new.plan.registers where !oldIDs.contains(r.id) {
            let count = new.itemOrder.filter { $0.register == r.id && new.items[$0]?.parent == nil }.count
            out.append(Change(.registerAdded, entity: "register:\(r.id)", title: r.title, new: "\(count) \(r.itemName)\(count == 1 ? "" : "s")"))
        }
        for r in old.plan.registers where !newIDs.contains(r.id) {
            out.append(Change(.registerRemoved, entity: "register:\(r.id)", title: r.title))
        }
        let shared = oldIDs.intersection(newIDs)
        for key in new.itemOrder where shared.contains(key.register) {
            guard let now = new.items[key] else { continue }
            let title = itemTitle(key, in: new)
            guard let was = old.items[key] else {
                out.append(Change(.itemAdded, entity: key.description, title: title, field: "text", new: now.item.text))
                continue
            }
            if WordDiff.words(was.item.text) != WordDiff.words(now.item.text) {
                out.append(Change(.itemReworded, entity: key.description, title: title, field: "text", old: was.item.text, new: now.item.text,
                                  words: WordDiff.spans(old: was.item.text, new: now.item.text)))
            }
            let a = addressers(old.addressedBy[key]), b = addressers(new.addressedBy[key])
            let gained = b.filter { !a.contains($0) }, lost = a.filter { !b.contains($0) }
            if !gained.isEmpty {
                out.append(Change(.coverageGained, entity: key.description, title: title, field: "addressed by",
                                  old: a.isEmpty ? "not addressed" : a.joined(separator: ", "), new: b.joined(separator: ", "),
                                  detail: "now addressed by " + gained.joined(separator: ", ")))
            }
            if !lost.isEmpty {
                out.append(Change(.coverageLost, entity: key.description, title: title, field: "addressed by",
                                  old: a.joined(separator: ", "), new: b.isEmpty ? "not addressed" : b.joined(separator: ", "),
                                  detail: "no longer addressed by " + lost.joined(separator: ", ")))
            }
        }
        for key in old.itemOrder where shared.contains(key.register) && new.items[key] == nil {
            out.append(Change(.itemRemoved, entity: key.description, title: itemTitle(key, in: old), field: "text", old: old.items[key]?.item.text))
        }
        return out
    }

    func addressers(_ a: Addressers?) -> [String] {
        guard let a else { return [] }
        return a.workAreas.sorted().map { "work area \($0)" } + a.actions.sorted(by: NaturalKey.less).map { "action \($0)" }
            + (a.taken != nil ? ["an action already taken"] : []) + a.subPoints.map { "sub-point \($0)" }
    }

    // MARK: Measures

    func scorecard(_ old: LinkedPlan, _ new: LinkedPlan) -> [Change] {
        var out: [Change] = []
        let a = old.plan.scorecard?.measures ?? [], b = new.plan.scorecard?.measures ?? []
        func show(_ o: Observation?) -> String {
            guard let o else { return "none" }
            return (o.value ?? "not available") + (o.cellPeriod.map { " (\($0))" } ?? "")
        }
        for m in b {
            let entity = "measure:\(m.number)", title = "Measure \(m.number): \(m.text)"
            guard let was = a.first(where: { $0.number == m.number }) else {
                out.append(Change(.measureAdded, entity: entity, title: title))
                continue
            }
            let cells = m.observations.map { o in (field: o.column, o: o, before: was.observations.first(where: { $0.column == o.column })) }
                + [(field: "benchmark", o: m.benchmark, before: Optional(was.benchmark))]
            for (field, o, before) in cells {
                if before == nil, o.value != nil {
                    out.append(Change(.measureNewObservation, entity: entity, title: title, field: field, new: show(o)))
                } else if let before, before != o {
                    out.append(Change(.measureValueChanged, entity: entity, title: title, field: field, old: show(before), new: show(o)))
                }
            }
        }
        for m in a where !b.contains(where: { $0.number == m.number }) {
            out.append(Change(.measureRemoved, entity: "measure:\(m.number)", title: "Measure \(m.number): \(m.text)"))
        }
        return out
    }

    func series(_ old: LinkedPlan, _ new: LinkedPlan) -> [Change] {
        var out: [Change] = []
        let a = old.progress.series, b = new.progress.series
        func show(_ o: TimedObservation) -> String { (o.value ?? "not available") + (o.qualifier.map { " \($0)" } ?? "") }
        for s in b {
            let entity = "series:\(s.id)"
            guard let was = a.first(where: { $0.id == s.id }) else {
                out.append(Change(.measureAdded, entity: entity, title: s.title, new: "\(s.observations.count) value\(s.observations.count == 1 ? "" : "s")"))
                continue
            }
            for o in s.observations.sorted(by: { $0.date < $1.date }) {
                if let before = was.observations.first(where: { $0.date == o.date }) {
                    if before.value != o.value || before.qualifier != o.qualifier {
                        out.append(Change(.measureValueChanged, entity: entity, title: s.title, field: o.period, old: show(before), new: show(o)))
                    }
                } else {
                    out.append(Change(.measureNewObservation, entity: entity, title: s.title, field: o.period, new: show(o)))
                }
            }
        }
        for s in a where !b.contains(where: { $0.id == s.id }) {
            out.append(Change(.measureRemoved, entity: "series:\(s.id)", title: s.title))
        }
        return out
    }

    // MARK: Events (progress reports; any dated document of the model)

    func events(_ old: LinkedPlan, _ new: LinkedPlan) -> [Change] {
        var out: [Change] = []
        let a = old.plan.progress.reports, b = new.plan.progress.reports
        for r in b.sorted(by: { ($0.date, $0.id) < ($1.date, $1.id) }) {
            let entity = "report:\(r.id)"
            guard let was = a.first(where: { $0.id == r.id }) else {
                out.append(Change(.eventAdded, entity: entity, title: r.title, field: "date", new: r.date.text,
                                  detail: "\(r.updates.count) update\(r.updates.count == 1 ? "" : "s")"))
                continue
            }
            if was.title != r.title {
                out.append(Change(.eventChanged, entity: entity, title: r.title, field: "title", old: was.title, new: r.title))
            }
            if was.date != r.date {
                out.append(Change(.eventChanged, entity: entity, title: r.title, field: "date", old: was.date.text, new: r.date.text))
            }
            if was.updates.count != r.updates.count {
                out.append(Change(.eventChanged, entity: entity, title: r.title, field: "updates", old: "\(was.updates.count)", new: "\(r.updates.count)"))
            }
        }
        for r in a where !b.contains(where: { $0.id == r.id }) {
            out.append(Change(.eventRemoved, entity: "report:\(r.id)", title: r.title, field: "date", old: r.date.text))
        }
        return out
    }

    // MARK: Work areas, pages, terms

    func workAreas(_ old: LinkedPlan, _ new: LinkedPlan) -> [Change] {
        var out: [Change] = []
        for w in new.plan.workAreas {
            guard let was = old.plan.workAreas.first(where: { $0.number == w.number }) else {
                out.append(Change(.workAreaAdded, entity: "workarea:\(w.number)", title: "Work area \(w.number)", new: w.title))
                continue
            }
            if was.title != w.title {
                out.append(Change(.workAreaRetitled, entity: "workarea:\(w.number)", title: "Work area \(w.number)", field: "title",
                                  old: was.title, new: w.title, words: WordDiff.spans(old: was.title, new: w.title)))
            }
        }
        for w in old.plan.workAreas where !new.plan.workAreas.contains(where: { $0.number == w.number }) {
            out.append(Change(.workAreaRemoved, entity: "workarea:\(w.number)", title: "Work area \(w.number)", old: w.title))
        }
        return out
    }

    /// A page's sections: the text before its first heading, then each heading with the text under it.
    public static func sections(_ markdown: String) -> [(heading: String, text: String)] {
        var out: [(heading: String, text: String)] = [("", "")]
        var fence = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingWhitespace()
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { fence.toggle() }
            if !fence, trimmed.hasPrefix("#"), let space = trimmed.firstIndex(of: " "), trimmed[..<space].allSatisfy({ $0 == "#" }) {
                out.append((trimmed[space...].trimmingWhitespace().trimmingCharacters(in: CharacterSet(charactersIn: "#")).trimmingWhitespace(), ""))
            } else {
                out[out.count - 1].text += line + "\n"
            }
        }
        if out[0].text.trimmingWhitespaceAndNewlines().isEmpty { out.removeFirst() }
        return out
    }

    func pages(_ old: LinkedPlan, _ new: LinkedPlan) -> [Change] {
        var out: [Change] = []
        var removed = old.pageOrder.filter { new.pages[$0] == nil }
        var added = new.pageOrder.filter { old.pages[$0] == nil }
        for id in added {
            guard let page = new.pages[id],
                  let i = removed.firstIndex(where: { r in old.pages[r].map { $0.title == page.title || WordDiff.similarity($0.markdown, page.markdown) >= renameSimilarity } ?? false })
            else { continue }
            let was = removed.remove(at: i)
            added.removeAll { $0 == id }
            out.append(Change(.pageRenamed, entity: "page:\(id)", title: page.title, field: "id", old: was, new: id, detail: "was page \(was)"))
            if let before = old.pages[was] { out += compare(before, page) }
        }
        for id in added { if let p = new.pages[id] { out.append(Change(.pageAdded, entity: "page:\(id)", title: p.title)) } }
        for id in removed { if let p = old.pages[id] { out.append(Change(.pageRemoved, entity: "page:\(id)", title: p.title)) } }
        for id in new.pageOrder { if let was = old.pages[id], let now = new.pages[id] { out += compare(was, now) } }
        return out
    }

    func compare(_ was: Page, _ now: Page) -> [Change] {
        if was.title == now.title, was.markdown == now.markdown { return [] }   // the same page: nothing to split and compare
        var out: [Change] = []
        let entity = "page:\(now.id)"
        if was.title != now.title {
            out.append(Change(.pageRetitled, entity: entity, title: now.title, field: "title", old: was.title, new: now.title))
        }
        let a = PlanDiffer.sections(was.markdown), b = PlanDiffer.sections(now.markdown)
        func name(_ heading: String) -> String { heading.isEmpty ? "Introduction" : heading }
        for s in b {
            guard let before = a.first(where: { $0.heading == s.heading }) else {
                out.append(Change(.pageSectionAdded, entity: entity, title: now.title, field: name(s.heading), new: s.text.trimmingWhitespaceAndNewlines()))
                continue
            }
            if WordDiff.words(before.text) != WordDiff.words(s.text) {
                let x = before.text.trimmingWhitespaceAndNewlines(), y = s.text.trimmingWhitespaceAndNewlines()
                out.append(Change(.pageSectionChanged, entity: entity, title: now.title, field: name(s.heading), old: x, new: y,
                                  words: WordDiff.spans(old: x, new: y)))
            }
        }
        for s in a where !b.contains(where: { $0.heading == s.heading }) {
            out.append(Change(.pageSectionRemoved, entity: entity, title: now.title, field: name(s.heading), old: s.text.trimmingWhitespaceAndNewlines()))
        }
        return out
    }

    func terms(_ old: LinkedPlan, _ new: LinkedPlan) -> [Change] {
        var out: [Change] = []
        let a = old.plan.terms, b = new.plan.terms
        for t in b {
            guard let was = a.first(where: { $0.key == t.key }) else {
                out.append(Change(.termAdded, entity: "term:\(t.key)", title: t.term, new: t.description))
                continue
            }
            if WordDiff.words(was.description) != WordDiff.words(t.description) || was.term != t.term {
                out.append(Change(.termChanged, entity: "term:\(t.key)", title: t.term, field: "description", old: was.description, new: t.description,
                                  words: WordDiff.spans(old: was.description, new: t.description)))
            }
        }
        for t in a where !b.contains(where: { $0.key == t.key }) {
            out.append(Change(.termRemoved, entity: "term:\(t.key)", title: t.term, old: t.description))
        }
        return out
    }
}
