// PlanRendering/SiteRenderer: turns a LinkedPlan into the files of the site.
// One function of its input: no clock, no disk, sorted output.

import Foundation
import Markdown
import PlanDiff
import PlanLinking
import PlanModel

public final class SiteRenderer {
    let linked: LinkedPlan
    var templates: TemplateRenderer
    public let theme: Theme
    let siteView: SiteView
    /// How many threads render pages; the bytes are the same for any number.
    public var threads = Parallel.defaultThreads
    /// The site's releases, each diffed against the one before (ReleasePages.swift); nil: no release pages.
    public var releaseHistory: ReleaseHistory? = nil { didSet { memo = RenderMemo(); layoutRuns = InvariantRuns(fields: LayoutView.sameAtADepth) } }
    /// The layout's header and footer (what reads only the site and links made from the page's depth), rendered once
    /// per depth for this build.
    private(set) var layoutRuns = InvariantRuns(fields: LayoutView.sameAtADepth)
    /// Work areas by number, and the rows of each in plan order.
    let workAreaByNumber: [Int: WorkArea]
    let rowsByWorkArea: [Int: [ActionRow]]
    /// Each register item's short text (IndexPages.swift).
    let shortTexts: [ItemKey: String]
    /// What several pages use, made once (RenderMemo.swift).
    private(set) var memo = RenderMemo()

    /// - Parameter templateCache: compiled templates kept from an earlier build (`plansite serve`).
    public init(linked: LinkedPlan, theme: Theme, templateCache: TemplateCache? = nil) throws {
        self.linked = linked
        self.workAreaByNumber = Dictionary(linked.plan.workAreas.map { ($0.number, $0) }, uniquingKeysWith: { first, _ in first })
        self.rowsByWorkArea = Dictionary(grouping: linked.rowOrder.compactMap { linked.rows[$0] }, by: \.workArea)
        self.shortTexts = Self.shortTexts(linked)
        self.theme = theme
        self.templates = try templateCache?.renderer(for: theme) ?? TemplateRenderer(theme: theme)
        let c = linked.config
        let release = linked.plan.releaseInForce   // the release in force at the as-at date (Releases.swift)
        self.siteView = SiteView(title: c.title, organisation: c.organisation, language: c.language, version: release.version,
                                 date: release.date, dateText: release.dateText, contactName: c.contact.name,
                                 contactEmail: c.contact.email, contactText: c.contact.text, example: c.example)
    }

    /// A page of the site before layout: where it goes, its title and its content HTML (with placeholder links).
    struct PageDraft {
        let path: String
        let title: String
        let content: String
        let breadcrumbs: [(path: String, title: String)]
        var inSequence = true
        var noindex = false
        var description = ""
    }

    /// Every file of the site, sorted by path.
    public func render() throws -> [OutputFile] { try renderSite().files }

    /// Every file of the site, sorted by path, and the build's own audit of it.
    /// What every edition of an example plan (`example: true`) says at its top, as the web pages' banner does.
    static let exampleNotice = "This is an example plan. The council, its actions, progress reports and figures are made up, to show what a published plan looks like. Replace them with your own plan."

    public func renderSite() throws -> (files: [OutputFile], audit: SiteAudit) {
        var files: [OutputFile] = []
        let lock = NSLock()
        let audit = try renderSite { file in lock.withLock { files.append(file) } }
        return (files.sorted { $0.path < $1.path }, audit)
    }

    /// Renders the site file by file into `sink` (the staging folder, or memory; called from several threads at
    /// once, so it must be safe for that), holding only the pages the
    /// editions need: action pages are rendered in batches and let go. The build's own audit is read from
    /// each page as it is made; its totals fill the accessibility statement, which comes last.
    /// `progress` hears (files done, files in all).
    public func renderSite(into sink: (OutputFile) throws -> Void, progress: ((Int, Int) -> Void)? = nil) throws -> SiteAudit {
        var collector = SiteAudit.Collector()
        templates.resetOverflow()
        let rows = linked.rowOrder.compactMap { linked.rows[$0] }
        var done = 0
        var total: Int?   // known once the pages are drafted; progress is heard from then on
        // Files come from two threads; the sink and the audit take one at a time.
        let lock = NSLock()
        func emit(_ batch: [(file: OutputFile, facts: SiteAudit.PageFacts?)]) throws {
            for (file, _) in batch { try sink(file) }   // the sink may be called from both lines of work at once
            lock.lock()
            defer { lock.unlock() }
            for (file, facts) in batch { collector.add(file.path, facts) }
            done += batch.count
            if let total { progress?(done, total) }
        }
        func audited(_ file: OutputFile) -> (file: OutputFile, facts: SiteAudit.PageFacts?) { (file, SiteAudit.facts(of: file)) }
        // Pages made one by one on every thread, audited where each is made, then handed on in order, one at a time
        // (Parallel.forEach): no thread waits for a batch to end. They reach the sink and the audit `batch` at a time
        // (one turn of the lock for each batch), so that at most that many finished pages are held.
        func emitting<T>(_ pages: [T], threads: Int, batch: Int, _ make: (T) -> OutputFile) throws {
            var pending: [(file: OutputFile, facts: SiteAudit.PageFacts?)] = []
            try Parallel.forEach(pages, threads: threads, { audited(make($0)) }, inOrder: { page in
                pending.append(page)
                if pending.count >= batch { try emit(pending); pending = [] }
            })
            try emit(pending)
        }

        // Three lines of work, on the shared pool (PlanModel/Parallel). One drafts the pages, then makes the editions
        // from the drafts; one makes the search index and data files; one renders the action pages (which need no
        // draft), then lays out the drafted pages and writes the sitemap and feed.
        var drafts: [PageDraft] = []
        let drafted = DispatchSemaphore(value: 0)
        // The drafts are let go as soon as both lines are done with them (the editions are made from their own input).
        var draftReaders = 2
        func doneWithDrafts() {
            lock.lock()
            defer { lock.unlock() }
            draftReaders -= 1
            if draftReaders == 0 { drafts = [] }
        }
        func draftsAndEditions() throws {
            // The other line waits for the drafts: it hears of them however this one ends.
            var signalled = false
            defer { if !signalled { drafted.signal() } }
            drafts = pageDrafts()
            PhaseClock.mark("page drafts")
            lock.lock()
            total = drafts.count + rows.count + theme.assets.count + 6 + indexFileCount + linked.plan.withdrawnActions.count + (writesFeed ? 1 : 0)
            lock.unlock()
            signalled = true
            drafted.signal()
            try writePlanJSON(onlyIfMade: true)   // made while drafting: let go now rather than held through the editions
            let editions = editionInput(drafts)
            PhaseClock.mark("edition input")
            doneWithDrafts()
            try emitEditions(editions) { try emit([audited($0)]) }
            PhaseClock.mark("editions")
        }
        func actionPagesPagesAndFiles() throws {
            // Action pages: not in the editions or the reading sequence, so each is drafted, laid out and let go.
            let workAreaParent = linked.pageShowing[.workAreas]
            try emitting(rows, threads: threads, batch: 32) { actionPage($0, workAreaParent: workAreaParent) }
            PhaseClock.mark("action pages")
            // Withdrawn actions keep their URL (ReleasePages.swift).
            let withdrawn = linked.plan.withdrawnActions.map { audited(withdrawnActionPage($0)) }
            if !withdrawn.isEmpty { try emit(withdrawn) }
            drafted.wait()
            try writePlanJSON(onlyIfMade: false)
            // The neighbours in the reading sequence, by path and title only (so that no page's content is held by them).
            let sequence = drafts.filter(\.inSequence).map { PageDraft(path: $0.path, title: $0.title, content: "", breadcrumbs: []) }
            let position = Dictionary(sequence.enumerated().map { ($1.path, $0) }, uniquingKeysWith: { first, _ in first })
            // As the action pages, in smaller batches (drafted pages are the big ones: registers, lists of all actions).
            try emitting(drafts, threads: threads, batch: 4) { draft in
                let at = position[draft.path]
                let previous = at.flatMap { $0 > 0 ? sequence[$0 - 1] : nil }
                let next = at.flatMap { $0 + 1 < sequence.count ? sequence[$0 + 1] : nil }
                return OutputFile(path: draft.path, text: layout(draft, previous: previous, next: next))
            }
            PhaseClock.mark("pages")
            // The sitemap and the feed.
            let pagePaths = drafts.filter { !$0.noindex }.map(\.path) + rows.map { SitePath.action($0.ref) } + ["accessibility.html"]
            doneWithDrafts()
            if let sitemap = sitemap(pagePaths) { try emit([(sitemap, nil)]) }
            if let feed = feedFile() { try emit([(feed, nil)]) }
        }
        // plan.json is made for the data page's draft (which needs only its size). It is written and let go by
        // whichever line comes to it first once it is made (the drafting line, as soon as the drafts are done, at the
        // latest), without waiting for it: at ~10,000 pages it is the largest file, and held until the pages were laid
        // out it made the build's peak.
        var planJSONWritten = false
        func writePlanJSON(onlyIfMade: Bool) throws {
            let mine = lock.withLock { () -> Bool in
                guard !planJSONWritten, !onlyIfMade || memo.made("plan.json", as: Data.self) != nil else { return false }
                planJSONWritten = true
                return true
            }
            guard mine else { return }
            try emit([(OutputFile(path: "data/plan.json", bytes: try planJSON()), nil)])
            memo.forget("plan.json")
        }
        // The search index, the CSV files and their data package, the images (IndexPages.swift, OpenDataCSV.swift):
        // they need the linked plan alone. Started second, being one long piece.
        func indexAndDataFiles() throws {
            try emit(try indexFiles().map { ($0, nil) })
            try writePlanJSON(onlyIfMade: true)
        }
        let lines = Parallel.map([0, 1, 2], threads: threads) { line in
            Result { try line == 0 ? draftsAndEditions() : line == 1 ? indexAndDataFiles() : actionPagesPagesAndFiles() }
        }
        for result in lines { try result.get() }
        PhaseClock.mark("feed, plan.json, index files")
        try emit(theme.assets.sorted { $0.key < $1.key }.map { (OutputFile(path: "assets/" + $0.key, bytes: $0.value), nil) })
        // The statement reports the audit of the whole site, itself included as it reads before the figures are known.
        let placeholder = OutputFile(path: "accessibility.html", text: layout(accessibilityDraft(audit: nil), previous: nil, next: nil))
        let placeholderFacts = SiteAudit.facts(of: placeholder)
        collector.add(placeholder.path, placeholderFacts)
        let audited1 = collector.finish(threads: threads)
        let statement = audited(OutputFile(path: "accessibility.html", text: layout(accessibilityDraft(audit: audited1), previous: nil, next: nil)))
        try emit([statement])
        // The figures do not change what the statement links to: then the audit already made is the audit of the site.
        let audit = statement.facts == placeholderFacts ? audited1 : collector.finish(threads: threads)
        PhaseClock.mark("assets, statement, audit")
        if let partial = templates.overflowedPartial {
            throw ThemeError(template: partial, message: "the partial '\(partial)' includes itself more than \(CompiledLibrary.maxPartialDepth) deep while the site renders, so it was stopped",
                             location: partialTag(partial) ?? SourceLocation(file: theme.sources[partial] ?? "the default theme's \(partial).mustache"),
                             suggestion: "include a template in itself only inside a section over something that ends (as contents-list includes itself inside {{#children}})")
        }
        return audit
    }

    /// Where the site's templates include `partial` inside a section (the inclusion that can go on), if they do.
    func partialTag(_ partial: String) -> SourceLocation? {
        for (name, path) in theme.sources.sorted(by: { $0.key < $1.key }) {
            guard let text = theme.templates[name], let tag = TemplateScan(text).partials.first(where: { $0.name == partial && $0.inSection }) else { continue }
            return SourceLocation(file: path, line: tag.line, column: tag.column)
        }
        return nil
    }

    /// An action's page: drafted and laid out on its own (it is in no edition and not in the reading sequence).
    func actionPage(_ row: ActionRow, workAreaParent: String?) -> OutputFile {
        var d = actionDraft(row, workAreaParent: workAreaParent)
        d = appending(actionProgressHTML(row, page: d.path), to: d)   // ProgressPages.swift
        d = appending(actionReleaseHTML(row, page: d.path), to: d)    // ReleasePages.swift
        return OutputFile(path: d.path, text: layout(d, previous: nil, next: nil))
    }

    /// One file of the site rendered on its own, the same bytes as in the whole site, when it can be made
    /// without the rest: an action's page (current or withdrawn). Nil for any other path (the whole site is
    /// rendered for those). `plansite serve` answers the page being edited with this before the rest is ready.
    public func renderOne(_ path: String) -> OutputFile? {
        guard path.hasPrefix("actions/"), path.hasSuffix(".html") else { return nil }
        let ref = String(path.dropFirst("actions/".count).dropLast(".html".count))
        if let row = linked.rows[ref], SitePath.action(row.ref) == path {
            return actionPage(row, workAreaParent: linked.pageShowing[.workAreas])
        }
        guard let row = linked.plan.withdrawnActions.first(where: { SitePath.action($0.ref) == path }),
              linked.rows[row.ref] == nil else { return nil }
        return withdrawnActionPage(row)
    }

    /// How many files indexFiles() and sitemap() give: the search index, the CSV tables and their data package,
    /// the images, the sitemap.
    var indexFileCount: Int { 1 + OpenDataFiles.tableCount + 1 + linked.plan.images.count + (linked.config.baseURL == nil ? 0 : 1) }

    /// plan.json, made once.
    func planJSON() throws -> Data { try memo.value("plan.json") { try OpenData(linked: linked).json() } }

    /// plan.json's size in bytes (0 when it cannot be made), kept after plan.json itself is let go.
    func planJSONSize() -> Int { memo.value("plan.json size") { (try? planJSON())?.count ?? 0 } }

    /// The four editions: the EPUB, the two one-page editions (one after the other) and the text edition, at once.
    func emitEditions(_ editions: EditionInput, _ emit: (OutputFile) throws -> Void) throws {
        // The slowest (the EPUB's compression) first.
        try withoutActuallyEscaping(emit) { emit in
            let parts: [() throws -> Void] = [
                { try emit(try EPUBBuilder(renderer: self).file(editions)); PhaseClock.mark("EPUB") },
                { try self.emitSingleFileEditions(editions, emit); PhaseClock.mark("plan.html, large print") },
                { try emit(TextEdition(renderer: self).file(editions)); PhaseClock.mark("text edition") },
            ]
            _ = try Parallel.map(parts, threads: threads) { try $0() }
        }
    }

    /// Every page but the action pages and the accessibility statement, in reading order.
    func pageDrafts() -> [PageDraft] {
        // Independent groups of pages, drafted at the same time and joined in this order. The index pages come in
        // three parts of their own (IndexPages.swift), so that no one group holds the others up.
        let leads = LeadIndex(linked)
        let groups: [() -> [PageDraft]] = [
            sequenceDrafts,
            progressDrafts,   // report cards, measures over time (ProgressPages.swift)
            releaseDrafts,    // releases index, "What changed" per release (ReleasePages.swift)
            documentDrafts,   // inspections, scrutiny, timeline, easy read (DocumentPages.swift)
        ] + indexDraftParts(leads)   // search, all key actions, leads, open data (IndexPages.swift)
        // The largest groups are started first (the open data page makes plan.json and the CSV tables; the leads'
        // pages list every action); the drafts are joined in the order above whatever the order they finish in.
        let startOrder = [groups.count - 1, groups.count - 2, groups.count - 3] + Array(0..<(groups.count - 3))
        let made = Parallel.map(startOrder, threads: threads) { groups[$0]() }
        var byGroup = [[PageDraft]](repeating: [], count: groups.count)
        for (i, drafts) in zip(startOrder, made) { byGroup[i] = drafts }
        memo.forget(actionRowsKey(page: IndexPath.actions))   // the rows are in the drafts now
        // The build report is for the team, not the readers: it is never a page of the site (see buildReport()).
        return byGroup.flatMap { $0 }
    }

    /// The home page, the content pages with the work areas after the page that lists them, and the coverage pages.
    func sequenceDrafts() -> [PageDraft] {
        var drafts: [PageDraft] = []
        drafts.append(homeDraft())
        drafts += Parallel.map(linked.pageOrder, threads: threads) { id -> PageDraft? in
            pageDraft(id).map { d in appending(releaseUpdatesHTML(entity: "page:\(id)", page: d.path), to: d) }   // ReleasePages.swift
        }.compactMap { $0 }
        // Blocks no page shows get pages of their own, so that every link has a target.
        for register in linked.plan.registers where linked.pageShowing[.register(register.id)] == nil {
            drafts.append(PageDraft(path: "registers/\(register.id).html", title: register.title,
                                    content: block(.register(register.id), page: "registers/\(register.id).html"), breadcrumbs: []))
        }
        if linked.pageShowing[.glossary] == nil, !linked.plan.terms.isEmpty {
            drafts.append(PageDraft(path: "glossary.html", title: "Glossary", content: block(.glossary, page: "glossary.html"), breadcrumbs: []))
        }
        if linked.pageShowing[.scorecard] == nil, linked.plan.scorecard != nil {
            drafts.append(PageDraft(path: "scorecard.html", title: "Scorecard", content: block(.scorecard, page: "scorecard.html"), breadcrumbs: []))
        }
        if linked.pageShowing[.schedule] == nil, linked.plan.schedule != nil {
            drafts.append(PageDraft(path: "schedule.html", title: linked.plan.schedule?.title ?? "Schedule", content: block(.schedule, page: "schedule.html"), breadcrumbs: []))
        }
        // Work areas follow the page that lists them.
        let workAreaParent = linked.pageShowing[.workAreas]
        let areaDrafts = Parallel.map(linked.plan.workAreas.sorted(by: { $0.number < $1.number }), threads: threads) { area -> PageDraft in
            let areaDraft = workAreaDraft(area, parent: workAreaParent)
            return appending(workAreaProgressHTML(area, page: areaDraft.path), to: areaDraft)   // ProgressPages.swift
        }
        if let parent = workAreaParent, let at = drafts.firstIndex(where: { $0.path == SitePath.page(parent) }) {
            var insertAt = at + 1
            // after the listing page's own children
            let descendants = Set(descendantsOf(parent).map(SitePath.page))
            while insertAt < drafts.count, descendants.contains(drafts[insertAt].path) { insertAt += 1 }
            drafts.insert(contentsOf: areaDrafts, at: insertAt)
        } else {
            drafts += areaDrafts
        }
        for register in linked.plan.registers {
            var d = coverageDraft(register)
            d.inSequence = false
            drafts.append(d)
        }
        return drafts
    }

    func descendantsOf(_ id: String) -> [String] {
        (linked.children[id] ?? []).flatMap { [$0] + descendantsOf($0) }
    }

    // MARK: Layout

    func layout(_ draft: PageDraft, previous: PageDraft?, next: PageDraft?) -> String {
        let root = String(repeating: "../", count: SitePath.segmentCount(draft.path) - 1)
        func href(_ path: String) -> String { root + path }
        let crumbs = draft.path == "index.html" ? [] :
            [LinkView(href: href("index.html"), text: "Home")] + draft.breadcrumbs.map { LinkView(href: href($0.path), text: $0.title) }
        let content = SitePath.resolvePlaceholders(in: draft.content, forPage: draft.path)
        // The links every page at this depth has (header, navigation, footer), made once per depth.
        let fixed = memo.value("layout links\u{0}" + root) {
            LayoutLinks(home: href("index.html"), contents: href("index.html#contents"), formats: href("index.html#other-formats"),
                        accessibility: href("accessibility.html"), about: aboutPath.map(href), data: href(IndexPath.data),
                        stylesheet: href("assets/style.css"), printStylesheet: href("assets/print.css"),
                        reportCards: progress.reports.isEmpty ? nil : href(ProgressPath.reportCards),
                        feed: writesFeed ? href(FeedPath.feed) : nil, releases: releases.isEmpty ? nil : href(ReleasePath.index))
        }
        let view = LayoutView(
            site: siteView, title: draft.title,
            documentTitle: draft.title == siteView.title ? siteView.title + " – " + siteView.organisation
                : draft.title + " – " + siteView.title + " – " + siteView.organisation,
            root: root,
            content: content,
            breadcrumbs: crumbs, hasBreadcrumbs: !crumbs.isEmpty,
            previous: previous.map { LinkView(href: href($0.path), text: $0.title) },
            next: next.map { LinkView(href: href($0.path), text: $0.title) },
            hasPager: previous != nil || next != nil,
            noindex: draft.noindex, description: draft.description.isEmpty ? "\(draft.title): \(siteView.title), \(siteView.organisation)" : draft.description,
            homeHref: fixed.home, contentsHref: fixed.contents, formatsHref: fixed.formats,
            accessibilityHref: fixed.accessibility, aboutHref: fixed.about, dataHref: fixed.data,
            stylesheetHref: fixed.stylesheet, printStylesheetHref: fixed.printStylesheet, asAt: asAtText,
            reportCardsHref: fixed.reportCards, feedHref: fixed.feed, releasesHref: fixed.releases)
        // The layout adds about 3 kB around the content (header, navigation, breadcrumbs, footer), reserved at once;
        // its header and footer are rendered once per depth (LayoutView.sameAtADepth).
        return templates.render(view, "layout", capacity: content.utf8.count + 4096, runs: layoutRuns, key: root)
    }

    /// The layout's links that depend only on a page's depth.
    struct LayoutLinks {
        let home, contents, formats, accessibility: String
        let about: String?
        let data, stylesheet, printStylesheet: String
        let reportCards, feed, releases: String?
    }

    /// The id of the page that says how this edition was made from the source documents (linked from the
    /// footer and the accessibility statement when the site has it).
    public static let aboutPageID = "about-this-edition"
    var aboutPath: String? { linked.pages[Self.aboutPageID] != nil ? SitePath.page(Self.aboutPageID) : nil }

    func link(_ path: String, from page: String, _ text: String, detail: String? = nil) -> LinkView {
        LinkView(href: SitePath.relative(from: page, to: path), text: text, detail: detail)
    }

    func breadcrumbs(forPage id: String) -> [(path: String, title: String)] {
        var chain: [String] = []
        var current = linked.pages[id]?.parent
        while let p = current, !chain.contains(p) { chain.insert(p, at: 0); current = linked.pages[p]?.parent }
        return chain.compactMap { p in linked.pages[p].map { (SitePath.page(p), $0.title) } }
    }

    // MARK: Pages

    func pageDraft(_ id: String) -> PageDraft? {
        guard let page = linked.pages[id] else { return nil }
        let path = SitePath.page(id)
        let content = linked.rendered["page:\(id)"]?.html ?? ""
        let blockHTML = page.show.map { self.block($0, page: path) } ?? ""
        let children = (linked.children[id] ?? []).compactMap { c in linked.pages[c].map { link(SitePath.page(c), from: path, $0.title, detail: $0.summary) } }
        let view = PageContentView(html: content, block: blockHTML, children: children, hasChildren: !children.isEmpty && page.show != .workAreas)
        return PageDraft(path: path, title: page.title, content: templates.render(view, "page"),
                         breadcrumbs: breadcrumbs(forPage: id), description: page.summary ?? "")
    }

    struct PageContentView { let html: String; let block: String; let children: [LinkView]; let hasChildren: Bool }

    func block(_ block: PageBlock, page: String) -> String {
        switch block {
        case .workAreas: return workAreasList(page: page)
        case .scorecard: return linked.plan.scorecard.map { templates.render(scorecardView($0), "scorecard") } ?? ""
        case .schedule: return linked.plan.schedule.map { templates.render(scheduleView($0), "schedule") } ?? ""
        case .glossary: return templates.render(glossaryView(page: page), "glossary")
        case .register(let id): return linked.register(id).map { templates.render(registerView($0, page: page), "register") } ?? ""
        case .coverage(let id): return linked.register(id).map { templates.render(coverageView($0, page: page), "coverage") + editorialCoverageHTML($0, page: page) } ?? ""
        case .documents: return documentsBlockHTML(page: page)
        }
    }

    func workAreasList(page: String) -> String {
        let entries = linked.plan.workAreas.sorted { $0.number < $1.number }.map { area -> ContentsEntryView in
            ContentsEntryView(link: link(SitePath.workArea(area.number), from: page, "Work area \(area.number): \(area.title)"),
                              summary: "\(rowsByWorkArea[area.number, default: []].count) key actions", children: [], hasChildren: false)
        }
        return templates.render(WorkAreaListView(entries: entries), "work-area-list")
    }

    // MARK: Home

    func homeDraft() -> PageDraft {
        let page = "index.html"
        func entry(_ id: String) -> ContentsEntryView {
            let p = linked.pages[id]!
            var kids = (linked.children[id] ?? []).map(entry)
            if p.show == .workAreas {
                kids += linked.plan.workAreas.sorted { $0.number < $1.number }.map {
                    ContentsEntryView(link: link(SitePath.workArea($0.number), from: page, "Work area \($0.number): \($0.title)"), summary: nil, children: [], hasChildren: false)
                }
            }
            return ContentsEntryView(link: link(SitePath.page(id), from: page, p.title), summary: p.summary, children: kids, hasChildren: !kids.isEmpty)
        }
        let roots = linked.pageOrder.filter { linked.pages[$0]?.parent == nil }.map(entry)
        let registers = linked.plan.registers.map { r -> RegisterSummaryView in
            let keys = linked.itemOrder.filter { $0.register == r.id && linked.items[$0]?.parent == nil }
            let addressed = keys.filter { linked.addressedBy[$0]?.isAddressed ?? false }.count
            return RegisterSummaryView(title: r.title, href: SitePath.relative(from: page, to: linked.path(ofRegister: r.id)),
                                       coverageHref: SitePath.coverage(r.id), addressed: addressed, total: keys.count, showCoverage: addressed > 0)
        }
        var view = HomeView(organisation: siteView.organisation, title: siteView.title, version: siteView.version,
                            dateText: siteView.dateText, contentsRoot: ContentsRootView(children: roots), workAreaCount: linked.plan.workAreas.count,
                            rowCount: linked.rowOrder.count, distinctCount: linked.distinctActions.count,
                            registers: registers, formatsHref: "index.html#other-formats")
        if linked.documents.documents.contains(where: { $0.lists.contains { $0.kind == "summary" } }) { view.easyReadHref = "easy-read.html" }   // DocumentPages.swift
        return PageDraft(path: page, title: siteView.title, content: templates.render(view, "home"), breadcrumbs: [])
    }

    // MARK: Work areas and actions

    func workAreaDraft(_ area: WorkArea, parent: String?) -> PageDraft {
        let page = SitePath.workArea(area.number)
        let summary = SummaryBlockKind.allCases.compactMap { kind -> SummaryBlockView? in
            guard let html = linked.rendered["workarea:\(area.number):\(kind.rawValue)"]?.html else { return nil }
            return SummaryBlockView(heading: kind.heading, html: html, id: Slug.make(kind.heading))
        }
        let focus = area.focus.enumerated().map { i, f in FocusView(title: f.title, html: linked.rendered["workarea:\(area.number):focus:\(i)"]?.html ?? "") }
        let groups = area.groups.map { g in
            RowGroupView(heading: g.heading, hasHeading: !g.heading.isEmpty, rows: g.rows.compactMap { linked.rows[$0.ref] }.filter { $0.workArea == area.number }.map { rowView($0, page: page) })
        }
        let rows = rowsByWorkArea[area.number, default: []]
        let view = WorkAreaView(
            number: area.number, title: area.title, summary: summary, focus: focus, hasFocus: !focus.isEmpty,
            addresses: addressLists(linked.workAreaAddresses[area.number] ?? [], page: page),
            citesNothing: (linked.workAreaAddresses[area.number] ?? []).isEmpty, groups: groups,
            caption: "Key actions for work area \(area.number): \(area.title)", rowCount: rows.count,
            repeatCount: rows.filter { linked.original[$0.ref] != $0.ref }.count,
            hasRepeats: rows.contains { linked.original[$0.ref] != $0.ref },
            timeframeNote: Self.timeframeNote(rows))
        var crumbs: [(path: String, title: String)] = []
        if let parent { crumbs = breadcrumbs(forPage: parent) + [(SitePath.page(parent), linked.pages[parent]?.title ?? parent)] }
        return PageDraft(path: page, title: "Work area \(area.number): \(area.title)", content: templates.render(view, "work-area"), breadcrumbs: crumbs)
    }

    func addressLists(_ keys: [ItemKey], page: String) -> [AddressListView] {
        var byRegister: [(String, [ItemKey])] = []
        for key in keys {
            if let i = byRegister.firstIndex(where: { $0.0 == key.register }) { byRegister[i].1.append(key) } else { byRegister.append((key.register, [key])) }
        }
        return byRegister.compactMap { id, keys in
            guard let register = linked.register(id) else { return nil }
            return AddressListView(registerTitle: register.title, itemName: register.itemName,
                                   items: keys.sorted().map { link(linked.path(of: $0), from: page, $0.number, detail: shortText($0)) },
                                   coverageHref: SitePath.relative(from: page, to: SitePath.coverage(id)))
        }
    }

    /// What a key-action table or page says for a row without a timeframe (the council's words, not the editors').
    static let timeframeNotGiven = "Not given"

    func timeframeText(_ row: ActionRow) -> String {
        row.timeframe.isEmpty ? Self.timeframeNotGiven : row.timeframe.joined(separator: ", ")
    }

    /// The note above a key-action table whenever any row lacks a timeframe: how many, so that one stated
    /// timeframe does not hide the others that are not.
    static func timeframeNote(_ rows: [ActionRow]) -> String? {
        let missing = rows.filter(\.timeframe.isEmpty).count
        guard missing > 0 else { return nil }
        if missing == rows.count {
            return rows.count == 1 ? "No timeframe is given for this key action." : "No timeframe is given for any of these \(rows.count) key actions."
        }
        return "No timeframe is given for \(missing) of these \(rows.count) key actions; their timeframe reads “Not given”."
    }

    func rowView(_ row: ActionRow, page: String) -> RowView {
        let origin = linked.original[row.ref] ?? row.ref
        let isRepeat = origin != row.ref
        let repeats = (linked.repeats[row.ref] ?? []).compactMap { r in linked.rows[r].map { link(SitePath.action(r), from: page, "action \(r)", detail: "work area \($0.workArea)") } }
        return RowView(ref: row.ref, href: SitePath.relative(from: page, to: SitePath.action(row.ref)), what: row.what, leads: row.leads,
                       timeframe: timeframeText(row), timeframeStated: !row.timeframe.isEmpty, isRepeat: isRepeat,
                       original: isRepeat ? link(SitePath.action(origin), from: page, origin) : nil,
                       repeats: repeats, hasRepeats: !repeats.isEmpty,
                       repeatsHTML: repeats.map { "<a href=\"\(HTML.escape($0.href))\">\(HTML.escape($0.text))</a> (\(HTML.escape($0.detail ?? "")))" }.joined(separator: ", "))
    }

    func itemLinks(_ keys: [ItemKey], page: String) -> [ItemLinkView] {
        keys.compactMap { key in
            guard let register = linked.register(key.register), let item = linked.items[key] else { return nil }
            return ItemLinkView(link: link(linked.path(of: key), from: page, "\(register.shortTitle) \(register.itemName) \(key.number)", detail: shortText(key)), text: item.item.text)
        }
    }

    func actionDraft(_ row: ActionRow, workAreaParent: String?) -> PageDraft {
        let page = SitePath.action(row.ref)
        let origin = linked.original[row.ref] ?? row.ref
        let isRepeat = origin != row.ref
        let placements = ([origin] + (linked.repeats[origin] ?? [])).compactMap { r -> PlacementView? in
            guard let placed = linked.rows[r], let area = workAreaByNumber[placed.workArea] else { return nil }
            return PlacementView(ref: link(SitePath.action(r), from: page, r), workArea: link(SitePath.workArea(area.number), from: page, "Work area \(area.number): \(area.title)"),
                                 group: placed.group, hasGroup: !placed.group.isEmpty, isThis: r == row.ref)
        }
        let answers = linked.addresses(ofAction: row.ref)
        // What a work area answers is the same on the page of each of its actions (all at one depth): made once.
        let up = SitePath.relative(from: page, to: "")
        let via = answers.viaWorkArea.map { v in
            memo.value("action via\u{0}\(v.workArea)\u{0}\(up)") {
                ViaWorkAreaView(workArea: link(SitePath.workArea(v.workArea), from: page, "work area \(v.workArea)"), items: itemLinks(v.items, page: page))
            }
        }
        let area = workAreaByNumber[row.workArea]
        let view = ActionView(
            ref: row.ref, what: row.what, leads: row.leads, hasLeads: !row.leads.isEmpty, timeframe: timeframeText(row),
            timeframeStated: !row.timeframe.isEmpty,
            workArea: link(SitePath.workArea(row.workArea), from: page, "Work area \(row.workArea): \(area?.title ?? "")"),
            group: row.group, hasGroup: !row.group.isEmpty, isRepeat: isRepeat, original: isRepeat ? link(SitePath.action(origin), from: page, "action \(origin)") : nil,
            originalWhat: isRepeat ? linked.rows[origin]?.what : nil, placements: placements, hasSeveralPlacements: placements.count > 1,
            direct: itemLinks(answers.direct, page: page), hasDirect: !answers.direct.isEmpty, via: via, hasVia: !via.isEmpty,
            answersNothing: answers.direct.isEmpty && via.isEmpty)
        var crumbs: [(path: String, title: String)] = []
        if let parent = workAreaParent {
            crumbs = memo.value("action crumbs\u{0}\(parent)") { breadcrumbs(forPage: parent) + [(SitePath.page(parent), linked.pages[parent]?.title ?? parent)] }
        }
        crumbs.append((SitePath.workArea(row.workArea), "Work area \(row.workArea)"))
        return PageDraft(path: page, title: "Action \(row.ref)", content: templates.render(view, "action"), breadcrumbs: crumbs,
                         description: "Key action \(row.ref): \(row.what)")
    }

    // MARK: Registers and coverage

    func itemView(_ key: ItemKey, register: Register, page: String, showCoverage: Bool) -> ItemView? {
        guard let indexed = linked.items[key] else { return nil }
        let item = indexed.item
        let by = linked.addressedBy[key] ?? Addressers()
        let subs = item.items.compactMap { itemView(ItemKey(register.id, key.number + $0.number), register: register, page: page, showCoverage: false) }
        let label = indexed.parent == nil ? "\(register.itemName.capitalizedFirst) \(key.number)" : "\(indexed.parent!.number)\(item.number)"
        var by_: [String] = by.workAreas.sorted().map { "<a href=\"\(HTML.escape(SitePath.relative(from: page, to: SitePath.workArea($0))))\">work area \($0)</a>" }
        by_ += by.actions.map { "<a href=\"\(HTML.escape(SitePath.relative(from: page, to: SitePath.action($0))))\">action \($0)</a>" }
        let through = by.subPoints.map { "<a href=\"#\(HTML.escape(ItemKey(register.id, $0).anchor))\">\(HTML.escape($0))</a>" }
        var sentence = by_.isEmpty ? "" : " by " + Prose.list(by_)
        if !through.isEmpty { sentence += (sentence.isEmpty ? "" : ";") + " through " + Prose.list(through) }
        let status = by.workAreas.isEmpty && by.actions.isEmpty && by.taken == nil && !by.subPoints.isEmpty ? "Addressed in part"
            : by.isAddressed ? "Addressed" : "Not addressed by any work area or action"
        var view = ItemView(anchor: key.anchor, number: item.number, label: label, text: item.text, note: item.note, taken: item.taken,
                            subItems: subs, hasSubItems: !subs.isEmpty,
                            workAreas: by.workAreas.sorted().map { link(SitePath.workArea($0), from: page, "work area \($0)") },
                            actions: by.actions.map { link(SitePath.action($0), from: page, "action \($0)") },
                            isAddressed: by.isAddressed, showCoverage: showCoverage, statusText: status, addressedByHTML: sentence)
        if indexed.parent == nil { view.progress = itemProgress(key, page: page) }   // ProgressPages.swift
        return view
    }

    func registerView(_ register: Register, page: String) -> RegisterView {
        let cited = isCited(register.id)
        var entries: [RegisterEntryView] = []
        var slugs = SlugRegistry()
        func add(_ item: RegisterItem) {
            if let v = itemView(ItemKey(register.id, item.number), register: register, page: page, showCoverage: cited) {
                entries.append(RegisterEntryView(isHeading: false, level: 0, heading: "", headingID: "", item: v))
            }
        }
        func walk(_ group: RegisterGroup, level: Int) {
            if !group.heading.isEmpty {
                entries.append(RegisterEntryView(isHeading: true, level: level, heading: group.heading,
                                                 headingID: register.id + "-" + slugs.unique(Slug.make(group.heading)), item: nil))
            }
            group.items.forEach(add)
            for g in group.groups { walk(g, level: group.heading.isEmpty ? level : min(level + 1, 6)) }
        }
        register.items.forEach(add)
        for g in register.groups { walk(g, level: 2) }
        let keys = linked.itemOrder.filter { $0.register == register.id && linked.items[$0]?.parent == nil }
        let showsProgress = entries.contains { $0.item?.progress != nil }
        var view = RegisterView(
            id: register.id, title: register.title, issuer: register.issuer, itemName: register.itemName,
            itemNameTitle: register.itemName.capitalizedFirst,
            dates: register.dates.map { KeyValueView(key: $0.key.capitalizedFirst, value: DateText.human($0.value)) },
            introHTML: linked.rendered["register:\(register.id):intro"]?.html, entries: entries, itemCount: keys.count,
            coverageHref: SitePath.relative(from: page, to: SitePath.coverage(register.id)), showCoverage: cited,
            addressedCount: keys.filter { linked.addressedBy[$0]?.isAddressed ?? false }.count)
        if showsProgress { view.progressRule = itemRollUpRule; view.asAt = progress.asAt.map { "as at \($0.endDay.text)" } }   // ProgressPages.swift
        return view
    }

    func isCited(_ register: String) -> Bool {
        linked.addressedBy.contains { $0.key.register == register && ($0.value.isAddressed) }
    }

    func coverageView(_ register: Register, page: String) -> CoverageView {
        let areas = linked.plan.workAreas.sorted { $0.number < $1.number }
        let keys = linked.itemOrder.filter { $0.register == register.id && linked.items[$0]?.parent == nil }
        // Items of this register cited by an action itself, with the action's ref, by the action's own work area.
        var citedByAction: [ItemKey: [Int: [String]]] = [:]
        for ref in linked.rowOrder {
            guard let row = linked.rows[ref] else { continue }
            for key in linked.actionAddresses[ref] ?? [] where key.register == register.id {
                citedByAction[key, default: [:]][row.workArea, default: []].append(ref)
            }
        }
        let rows = keys.map { key -> CoverageRowView in
            let by = linked.addressedBy[key] ?? Addressers()
            let cells = areas.map { a -> CoverageCellView in
                if by.workAreas.contains(a.number) { return CoverageCellView(addressed: true, viaAction: false, text: "Yes", actionsHTML: "") }
                let refs = citedByAction[key]?[a.number] ?? []
                guard !refs.isEmpty else { return CoverageCellView(addressed: false, viaAction: false, text: "No", actionsHTML: "") }
                let links = refs.map { "<a href=\"\(HTML.escape(SitePath.relative(from: page, to: SitePath.action($0))))\">action \($0)</a>" }
                return CoverageCellView(addressed: false, viaAction: true, text: "Through action " + Prose.list(refs),
                                        actionsHTML: "Through " + Prose.list(links))
            }
            let status: String
            if !by.workAreas.isEmpty || !by.actions.isEmpty {
                status = "Addressed by " + [by.workAreas.isEmpty ? nil : "\(by.workAreas.count) work area\(by.workAreas.count == 1 ? "" : "s")",
                                            by.actions.isEmpty ? nil : "\(by.actions.count) action\(by.actions.count == 1 ? "" : "s")"].compactMap { $0 }.joined(separator: " and ")
            } else if by.taken != nil {
                status = "Addressed by an action already taken"
            } else if !by.subPoints.isEmpty {
                status = "Addressed in part (through " + Prose.list(by.subPoints) + ")"
            } else {
                status = isCited(register.id) ? "Not addressed" : "No mapping has been published"
            }
            let actions = by.actions.map { "<a href=\"\(HTML.escape(SitePath.relative(from: page, to: SitePath.action($0))))\">action \($0)</a>" }
            return CoverageRowView(item: link(linked.path(of: key), from: page, "\(key.number)"), text: linked.items[key]?.item.text ?? "",
                                   cells: cells, actionsHTML: actions.isEmpty ? "" : ": " + Prose.list(actions),
                                   status: status, isAddressed: by.isAddressed)
        }
        let unaddressed = keys.filter { !(linked.addressedBy[$0]?.isAddressed ?? false) }
        // Per register: a work area cites nothing of it when neither the area nor any of its actions cites one of its items.
        let citingNothing = areas.filter { a in
            !(linked.workAreaAddresses[a.number] ?? []).contains { $0.register == register.id }
                && !rowsByWorkArea[a.number, default: []].contains { row in (linked.actionAddresses[row.ref] ?? []).contains { $0.register == register.id } }
        }
        let cited = isCited(register.id)
        return CoverageView(
            registerTitle: register.title, registerHref: SitePath.relative(from: page, to: linked.path(ofRegister: register.id)),
            itemName: register.itemName,
            workAreas: areas.map { link(SitePath.workArea($0.number), from: page, "\($0.number)", detail: $0.title) },
            rows: rows, addressed: keys.count - unaddressed.count, total: keys.count,
            unaddressed: unaddressed.map { link(linked.path(of: $0), from: page, "\(register.itemName) \($0.number): \(shortText($0))") },
            hasUnaddressed: !unaddressed.isEmpty,
            citingNothing: citingNothing.map { link(SitePath.workArea($0.number), from: page, "Work area \($0.number): \($0.title)") },
            hasCitingNothing: cited && !citingNothing.isEmpty,
            itemNameTitle: register.itemName.capitalizedFirst, isCited: cited)
    }

    func coverageDraft(_ register: Register) -> PageDraft {
        let page = SitePath.coverage(register.id)
        return PageDraft(path: page, title: "Coverage: \(register.title)", content: templates.render(coverageView(register, page: page), "coverage") + editorialCoverageHTML(register, page: page), breadcrumbs: [])
    }

    // MARK: Scorecard, glossary, schedule

    func cell(_ o: Observation) -> CellView {
        CellView(text: o.value ?? "Not available", isNotAvailable: o.value == nil, period: o.cellPeriod)
    }

    func scorecardView(_ scorecard: Scorecard) -> ScorecardView {
        let groups = scorecard.orderedGroups.map { g in
            MeasureGroupView(name: g.name, id: "group-" + Slug.make(g.name), outcome: g.outcome, rationale: g.rationale,
                             measures: scorecard.measures.filter { $0.group == g.name }.map { m in
                                 MeasureView(number: m.number, anchor: "measure-\(m.number)", text: m.text, cells: m.observations.map(cell), benchmark: cell(m.benchmark),
                                             direction: SeriesText.direction(m))   // ProgressPages.swift
                             })
        }
        let hasDirection = scorecard.measures.contains { $0.polarity != nil }
        return ScorecardView(caption: "Scorecard measures", periods: scorecard.periods, groups: groups,
                             columnCount: scorecard.periods.count + 3 + (hasDirection ? 1 : 0), hasDirection: hasDirection)
    }

    func glossaryView(page: String) -> GlossaryView {
        let places = TermPlaces(usagePlaces(from: page), needles: linked.plan.terms.map { $0.abbreviation ?? $0.term }, threads: threads)
        let terms = linked.plan.terms.map { t -> TermView in
            let used = places.using(t.abbreviation ?? t.term)
            return TermView(anchor: LinkedPlan.termAnchor(t), term: t.term, abbreviation: t.abbreviation, description: t.description, usedIn: used,
                            usedInHTML: used.map { "<a href=\"\(HTML.escape($0.href))\">\(HTML.escape($0.text))</a>" }.joined(separator: "; "), isUsed: !used.isEmpty)
        }
        return GlossaryView(terms: terms)
    }

    /// The places a term can be used in, with their texts: pages, then work areas.
    func usagePlaces(from page: String) -> [(link: LinkView, texts: [String])] {
        var out: [(link: LinkView, texts: [String])] = []
        for id in linked.pageOrder {
            guard let p = linked.pages[id], p.show != .glossary else { continue }
            out.append((link(SitePath.page(id), from: page, p.title), [p.markdown]))
        }
        for area in linked.plan.workAreas.sorted(by: { $0.number < $1.number }) {
            let texts = area.summary.values.map(\.text) + area.focus.map(\.body.text) + area.rows.map(\.what) + area.rows.flatMap(\.leads)
            out.append((link(SitePath.workArea(area.number), from: page, "Work area \(area.number)"), texts))
        }
        return out
    }

    /// Which places name a term as a whole word. The words of every place are read once, so a glossary of any
    /// size costs one pass over the text and one lookup per term (a term with spaces or punctuation is searched for).
    struct TermPlaces {
        let places: [(link: LinkView, texts: [String])]
        /// Each word a needle starts with → the places (indexes) using it, in place order.
        let index: [Substring: [Int]]

        /// The places, read for the words the `needles` start with: on several threads, a place each.
        init(_ places: [(link: LinkView, texts: [String])], needles: [String], threads: Int = Parallel.defaultThreads) {
            self.places = places
            let wanted = Set(needles.compactMap { needle in AbbreviationMatcher.words(in: needle).first.map { needle[$0] } })
            // Most words are none of them: told apart by their length and first byte before any is hashed.
            let longest = wanted.map(\.utf8.count).max() ?? 0
            var hasLength = [Bool](repeating: false, count: longest + 1), firstBytes = [Bool](repeating: false, count: 256)
            for word in wanted {
                hasLength[word.utf8.count] = true
                if let first = word.utf8.first { firstBytes[Int(first)] = true }
            }
            let found = Parallel.map(Array(places.indices), threads: threads) { i -> [Substring] in
                var seen = Set<Substring>()
                var words: [Substring] = []
                for text in places[i].texts {
                    AbbreviationMatcher.forEachWord(in: text) { range in
                        let word = text[range]
                        let count = word.utf8.count
                        guard count <= longest, hasLength[count], let first = word.utf8.first, firstBytes[Int(first)],
                              wanted.contains(word), seen.insert(word).inserted else { return }
                        words.append(word)
                    }
                }
                return words
            }
            var index: [Substring: [Int]] = [:]
            for (i, words) in found.enumerated() {
                for word in words { index[word, default: []].append(i) }
            }
            self.index = index
        }

        func using(_ needle: String) -> [LinkView] {
            if !needle.isEmpty, needle.allSatisfy(AbbreviationMatcher.isWordCharacter) {
                return (index[Substring(needle)] ?? []).map { places[$0].link }
            }
            // A whole-word use of a needle that starts with a word starts with that word: only the places using it can match.
            let candidates: [Int]
            if let first = AbbreviationMatcher.words(in: needle).first, first.lowerBound == needle.startIndex {
                candidates = index[needle[first]] ?? []
            } else {
                candidates = Array(places.indices)
            }
            return candidates.filter { places[$0].texts.contains { AbbreviationMatcher.firstWholeWord(needle, in: $0) != nil } }.map { places[$0].link }
        }
    }

    func scheduleView(_ schedule: Schedule) -> ScheduleView {
        let groups = schedule.groups.map { g in
            ScheduleGroupView(heading: g.heading, rows: g.rows.map { row in
                var cells: [ScheduleCellView] = []
                var i = 0
                while i < schedule.months.count {
                    if let note = row.notes.first(where: { schedule.months.firstIndex(of: $0.from) == i }),
                       let end = schedule.months.firstIndex(of: note.to), end >= i {
                        cells.append(ScheduleCellView(text: note.text, colspan: end - i + 1, hasText: true))
                        i = end + 1
                    } else {
                        cells.append(ScheduleCellView(text: "", colspan: 1, hasText: false))
                        i += 1
                    }
                }
                return ScheduleRowView(activity: row.activity, cells: cells)
            }, columnCount: schedule.months.count + 1)
        }
        return ScheduleView(title: schedule.title, months: schedule.months, marksNote: schedule.marksNote, groups: groups)
    }

    // MARK: Report and statement

    /// The build report for the team and reviewers (warnings and notes with their files and lines), as a
    /// standalone HTML page and as text. It is never written into the published folder: the build writes it
    /// beside it, and `serve` can show it. `diagnostics`: all of the build's (loading's too); default, the linker's.
    public func buildReport(diagnostics: [Diagnostic]? = nil) -> BuildReport {
        let all = diagnostics ?? linked.diagnostics
        func view(_ d: Diagnostic) -> DiagnosticView {
            DiagnosticView(location: d.location?.description ?? "", severity: d.severity.rawValue, message: d.message, suggestion: d.suggestion)
        }
        let warnings = all.warnings.sortedForOutput()
        let notes = all.filter { $0.severity == .note }.sortedForOutput()
        let v = ReportView(warnings: warnings.map(view), count: warnings.count, hasWarnings: !warnings.isEmpty, notes: notes.map(view))
        let title = "Build report: \(siteView.title), release \(siteView.version)"
        let html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex">
            <title>\(HTML.escape(title))</title>
            <style>body{font-family:system-ui,sans-serif;line-height:1.5;max-width:60rem;margin:1rem auto;padding:0 1rem}code{overflow-wrap:anywhere}.meta{color:#505a5f}</style>
            </head>
            <body>
            <main>
            <h1>\(HTML.escape(title))</h1>
            \(templates.render(v, "report"))
            </main>
            </body>
            </html>

            """
        var text = "\(title)\n\n\(warnings.count) warning\(warnings.count == 1 ? "" : "s")\n"
        for d in warnings + notes { text += d.formatted + "\n" }
        return BuildReport(html: html, text: text, warningCount: warnings.count)
    }

    func accessibilityDraft(audit: SiteAudit?) -> PageDraft {
        let checks = linked.plan.accessibilityChecks
        let count = { (key: String) in checks?.counts[key] ?? 0 }
        let v = StatementView(
            organisation: siteView.organisation, title: siteView.title, aboutHref: aboutPath, contactName: siteView.contactName,
            contactEmail: siteView.contactEmail, dateText: siteView.dateText, version: siteView.version,
            pages: audit?.pages ?? 0, links: audit?.links ?? 0, tables: audit?.tables ?? 0,
            auditProblems: audit?.problems.count ?? 0,
            hasRecordedChecks: checks != nil,
            axeVersion: checks?.tools["axe-core"] ?? "", browserVersion: checks?.tools["chromium"] ?? "",
            vnuVersion: checks?.tools["vnu"] ?? "", epubcheckVersion: checks?.tools["epubcheck"] ?? "",
            pagesChecked: checks?.pagesChecked ?? 0, widths: (checks?.widths ?? []).map(String.init).joined(separator: " and "),
            axeTags: (checks?.axeTags ?? []).joined(separator: ", "),
            axeViolations: count("axe_violations"), reflowFailures: count("reflow_failures"), vnuErrors: count("vnu_errors"),
            epubErrors: count("epub_errors") + count("epub_fatals"), epubWarnings: count("epub_warnings"),
            allPassed: checks != nil && (checks?.counts.values.allSatisfy { $0 == 0 } ?? false))
        return PageDraft(path: "accessibility.html", title: "Accessibility statement", content: templates.render(v, "accessibility"), breadcrumbs: [])
    }

    struct StatementView {
        let organisation: String; let title: String; let aboutHref: String?; let contactName: String?; let contactEmail: String?
        let dateText: String; let version: String
        let pages: Int; let links: Int; let tables: Int; let auditProblems: Int
        let hasRecordedChecks: Bool
        let axeVersion: String; let browserVersion: String; let vnuVersion: String; let epubcheckVersion: String
        let pagesChecked: Int; let widths: String; let axeTags: String
        let axeViolations: Int; let reflowFailures: Int; let vnuErrors: Int; let epubErrors: Int; let epubWarnings: Int
        let allPassed: Bool
    }
}

/// The build report (see SiteRenderer.buildReport()).
public struct BuildReport: Sendable {
    public let html: String
    public let text: String
    public let warningCount: Int
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}

extension DateText {
    /// ISO dates in words; other texts as written.
    static func human(_ s: String) -> String { isISODate(s) ? HumanDate.text(s) : s }
}

/// English lists: "a", "a and b", "a, b and c".
enum Prose {
    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
        }
    }
}
