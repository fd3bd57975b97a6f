// PlanBuild/Build: the whole build as one list of steps (load, link, render,
// write), the theme loader, and the build's result. The CLI is a thin shell
// over this.

import Foundation
import Markdown
import PlanDiff
import PlanLinking
import PlanLoading
import PlanModel
import PlanRendering

/// What a build or check was asked to do.
public struct BuildOptions {
    public var root: URL
    public var output: URL
    /// Treat warnings as errors.
    public var strict: Bool
    /// Write the site (false: check only).
    public var write: Bool
    /// Threads to render with (nil: one per core). The output is the same for any number.
    public var threads: Int? = nil
    /// Hears (files rendered, files in all) while the site renders.
    public var progress: ((Int, Int) -> Void)? = nil
    /// Build the plan as it stood at this date (`YYYY-MM-DD` or `YYYY-MM`); nil: as at the latest date in the content.
    public var asAt: String?
    /// Parses kept from an earlier build of the same site (`plansite serve`): unchanged files are not parsed again.
    public var parseCache: ParseCache? = nil
    /// The theme's templates compiled by an earlier build of the same site (`plansite serve`).
    public var templateCache: TemplateCache? = nil
    /// Markdown rendered by an earlier build of the same site (`plansite serve`).
    public var markdownCache: MarkdownCache? = nil
    /// Hears every path of the site the load asks for (`plansite serve` watches them).
    public var readLog: ReadLog? = nil
    /// Today, for the warning about dates after it (tests give one; nil: the clock's, in UTC).
    public var today: ContentDate? = nil

    /// Where a writing build puts the build report: beside the output folder, never inside it
    /// (`output/` → `output.report.html`), so that it is never published with the site.
    public var reportFile: URL {
        output.deletingLastPathComponent().appendingPathComponent(output.lastPathComponent + ".report.html")
    }

    public init(root: URL, output: URL? = nil, strict: Bool = false, write: Bool = true, asAt: String? = nil) {
        self.asAt = asAt
        self.root = root
        self.output = output ?? root.appendingPathComponent("output")
        self.strict = strict
        self.write = write
    }
}

/// What a build did.
public struct BuildResult {
    public enum Outcome: Equatable {
        /// Built (or checked) with no errors.
        case success
        /// The content has errors: nothing was written.
        case contentErrors
        /// The theme, the output folder or the disk failed.
        case failure(String)
    }

    public var outcome: Outcome
    public var diagnostics: [Diagnostic]
    /// The rendered files, when the build did not write them (check, serve); a writing build streams them to disk.
    public var files: [OutputFile] = []
    /// Pages (HTML files) and files the build made.
    public var pageCount = 0
    public var fileCount = 0
    public var written: WriteSummary?
    public var linked: LinkedPlan?
    /// The build report (warnings and notes with their files, for the team): set whenever the site rendered.
    public var report: BuildReport?
    /// Where a writing build wrote the report (beside the output folder); nil when it did not write it.
    public var reportFile: URL?
    /// Why the report could not be written, when it could not (the site itself was written).
    public var reportFailure: String?
    /// Things the build did not do, and why ("no feed: no base_url"), for the person running it.
    public var notices: [String] = []
    /// What the build was made with (the renderer and its memos, the staging folder's list of paths), kept as long
    /// as the result: `plansite build` exits with the result in hand, so that none of it is taken apart object by
    /// object first (a few milliseconds the process's end does for nothing).
    public var madeWith: [AnyObject] = []

    /// 0 built, 1 content errors, 2 usage or I/O failure.
    public var exitCode: Int32 {
        switch outcome {
        case .success: return 0
        case .contentErrors: return 1
        case .failure: return 2
        }
    }
}

/// A site loaded, linked and checked, ready to render: what `SiteBuilder.prepare()` gives when nothing stops the build.
public struct PreparedBuild {
    public let renderer: SiteRenderer
    public let diagnostics: [Diagnostic]
    public let linked: LinkedPlan
    public let notices: [String]
}

/// Runs the pipeline.
public struct SiteBuilder {
    public let options: BuildOptions
    public init(options: BuildOptions) { self.options = options }

    /// Loads, links and checks the site and makes its renderer; or the result of a build that stops there
    /// (content errors, an unknown or broken theme).
    public func prepare() -> Result<PreparedBuild, BuildStopped> {
        func stop(_ result: BuildResult) -> Result<PreparedBuild, BuildStopped> { .failure(BuildStopped(result: result)) }
        guard FileManager.default.fileExists(atPath: options.root.appendingPathComponent("site.yaml").path) else {
            return stop(BuildResult(outcome: .failure("no site.yaml in \(options.root.path); run plansite in the folder holding site.yaml, or pass --root FOLDER"),
                                    diagnostics: []))
        }
        var asAtDate: ContentDate?
        if let text = options.asAt {
            guard case .success(let d) = ContentDate.parse(text) else {
                return stop(BuildResult(outcome: .failure("--as-at '\(text)' is not a date; write it as YYYY-MM-DD (or YYYY-MM), e.g. --as-at 2016-01-31"), diagnostics: []))
            }
            asAtDate = d
        }
        // load
        PhaseClock.mark("start")
        var loader = PlanLoader(source: DiskContentSource(root: options.root, log: options.readLog))
        loader.cache = options.parseCache
        if let threads = options.threads { loader.threads = threads }
        let loaded = loader.load()
        PhaseClock.mark("load")
        var diagnostics = loaded.diagnostics
        guard let loadedPlan = loaded.plan, !diagnostics.hasErrors else {
            return stop(BuildResult(outcome: .contentErrors, diagnostics: diagnostics.sortedForOutput()))
        }
        // as at: a pure filter before linking (nothing dated later)
        let plan = loadedPlan.asAt(asAtDate)
        // link, and the releases (each the plan as at its date, diffed against the one before: PlanDiff), at once
        var releasePlan = loadedPlan
        if let asAtDate { releasePlan.releases.removeAll { $0.date > asAtDate.endDay } }
        let threads = options.threads ?? Parallel.defaultThreads
        // The theme's templates are compiled beside the linking, into the cache the renderer takes them from. A theme
        // that cannot be read or compiled is reported below, after the content's errors, as it would be without this.
        let templates = options.templateCache ?? TemplateCache()
        let themeFolder = options.root.appendingPathComponent("themes/\(plan.config.theme)")
        // One markdown cache for the plan and its releases: a text is rendered once for all of them.
        let markdown = options.markdownCache ?? MarkdownCache()
        // Three at once: the linking, the theme's templates, the releases.
        let (linked, (themeRead, releaseHistory)) = Parallel.both(threads: threads, { () -> LinkedPlan in
            var linker = Linker()
            linker.markdownCache = markdown
            return linker.link(plan)
        }, {
            Parallel.both(threads: threads, { () -> Theme? in
                guard plan.config.theme == "default" || FileManager.default.fileExists(atPath: themeFolder.path),
                      let theme = try? ThemeLoader(root: options.root, name: plan.config.theme).load() else { return nil }
                try? templates.compile(theme)
                return theme
            }, {
                releasePlan.releases.isEmpty ? nil : ReleaseHistory.make(from: releasePlan, threads: threads, markdownCache: markdown)
            })
        })
        diagnostics += linked.diagnostics
        diagnostics += themeRead?.statusColourProblems(plan.progress.statuses) ?? []   // the theme's own errors are reported below
        diagnostics += (themeRead?.readProblems ?? []) + (themeRead?.templateProblems() ?? [])   // the site's templates: unclosed sections, unknown partials, endless ones
        // A mistake the plan's own link reports is not reported again for every release it also stops.
        diagnostics += releaseHistory?.diagnostics(besides: linked.diagnostics) ?? []
        PhaseClock.mark("release history")
        var notices: [String] = []
        // An as-at date past everything the content gives is allowed (a report published before its month's
        // figures are in), but a mistyped year (2106 for 2016) would make the site speak for a date nothing is from.
        if let asAtDate, let text = options.asAt, let latest = loadedPlan.latestDate, asAtDate.startDay > latest.endDay {
            notices.append("note: --as-at \(text) is after the latest date the content gives (\(latest)): the site will say it is as at \(text), with nothing in it dated after \(latest); check the year if that is not meant")
        }
        // A date after today moves the whole site's "as at" to it (a mistyped year, 2105 for 2015): each is a warning
        // at the date. Only what the build says depends on the clock, never what it writes.
        if options.asAt == nil { diagnostics += Self.futureDates(in: loadedPlan, today: options.today ?? Self.today()).sortedForOutput() }
        if plan.config.baseURL == nil, !plan.releases.isEmpty || !plan.progress.reports.isEmpty {
            notices.append("note: no Atom feed written: a feed needs absolute URLs and site.yaml has no base_url; add 'base_url: https://...' (the address the site is published at) to write feed.xml")
        }
        diagnostics = diagnostics.sortedForOutput()
        let blocking = diagnostics.hasErrors || (options.strict && !diagnostics.warnings.isEmpty)
        if blocking {
            return stop(BuildResult(outcome: .contentErrors, diagnostics: diagnostics, linked: linked))
        }
        // render
        if plan.config.theme != "default", !FileManager.default.fileExists(atPath: themeFolder.path) {
            diagnostics.append(.error("unknown-theme", at: plan.config.locations[plan.config.theme] ?? SourceLocation(file: "site.yaml"),
                                      "there is no theme '\(plan.config.theme)': no folder themes/\(plan.config.theme)",
                                      suggestion: "use 'theme: default', or create themes/\(plan.config.theme)/templates with the templates it overrides"))
            return stop(BuildResult(outcome: .contentErrors, diagnostics: diagnostics.sortedForOutput(), linked: linked))
        }
        let theme: Theme
        do {
            theme = try ThemeLoader(root: options.root, name: plan.config.theme).load()
        } catch let error as ThemeFileError {
            diagnostics.append(error.error.diagnostic(path: error.path, namedBy: nil))
            return stop(BuildResult(outcome: .contentErrors, diagnostics: diagnostics.sortedForOutput(), linked: linked))
        } catch {
            return stop(BuildResult(outcome: .failure("theme: \(error)"), diagnostics: diagnostics, linked: linked))
        }
        let renderer: SiteRenderer
        do {
            renderer = try SiteRenderer(linked: linked, theme: theme, templateCache: templates)
        } catch {
            return stop(BuildResult(outcome: .failure("theme: \(error)"), diagnostics: diagnostics, linked: linked))
        }
        if let threads = options.threads { renderer.threads = threads }
        PhaseClock.mark("theme and templates")
        renderer.releaseHistory = releaseHistory
        return .success(PreparedBuild(renderer: renderer, diagnostics: diagnostics, linked: linked, notices: notices))
    }

    /// Today's date in UTC.
    static func today() -> ContentDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return ContentDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
    }

    /// A warning at each date of the content (reports, updates, observations, documents, releases) later than today.
    static func futureDates(in plan: Plan, today: ContentDate) -> [Diagnostic] {
        var dates: [(ContentDate, SourceLocation, String)] = []
        for r in plan.progress.reports {
            dates.append((r.date, r.dateLocation ?? r.location, "the progress report's date"))
            for u in r.updates { dates.append((u.date, u.dateLocation, "the update's date")) }
        }
        for s in plan.progress.series { for o in s.observations { dates.append((o.date, o.dateLocation ?? o.location, "the observation's date")) } }
        for d in plan.documents { dates.append((d.date, d.location, "the document's date")) }
        for r in plan.releases { dates.append((r.date, r.location, "the release's date")) }
        // An update without a date of its own has its report's, written once: one warning there.
        var seen = Set<SourceLocation>()
        return dates.filter { $0.0.startDay > today && seen.insert($0.1).inserted }.map { date, location, what in
            .warning("future-date", at: location,
                     "\(what), \(date), is after today (\(today)), so the whole site will say it is as at \(date)",
                     suggestion: "check the year; to publish ahead of that date, build with --as-at")
        }
    }

    /// Renders a prepared site into memory (`check`, `serve`): the files, the report, the audit's verdict.
    public static func renderInMemory(_ prepared: PreparedBuild) -> BuildResult {
        let (renderer, diagnostics, linked) = (prepared.renderer, prepared.diagnostics, prepared.linked)
        do {
            let rendered = try renderer.renderSite()
            if let failure = auditFailure(rendered.audit, diagnostics, linked, theme: renderer.theme) { return failure }
            var result = BuildResult(outcome: .success, diagnostics: diagnostics, files: rendered.files, linked: linked, notices: prepared.notices)
            result.fileCount = rendered.files.count
            result.pageCount = rendered.files.filter { $0.path.hasSuffix(".html") }.count
            result.report = renderer.buildReport(diagnostics: diagnostics)
            return result
        } catch let error as ThemeError where error.diagnostic != nil {
            return BuildResult(outcome: .contentErrors, diagnostics: (diagnostics + [error.diagnostic!]).sortedForOutput(), linked: linked)
        } catch {
            return BuildResult(outcome: .failure("theme: \(error)"), diagnostics: diagnostics, linked: linked)
        }
    }

    /// The build's own checks of what it rendered: a broken link or a table without headers stops it.
    /// Why the output could not be written, and what to do.
    func cannotWrite(_ error: Error) -> String {
        "cannot write \(options.output.path): \(Self.plain(error)); check that its folder exists and can be written, or choose another --output"
    }

    /// A file system error in words, without Foundation's dump: "No such file or directory: /proc/.x.staging-1".
    static func plain(_ error: Error) -> String {
        let ns = error as NSError
        let path = (ns.userInfo[NSFilePathErrorKey] as? String) ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path
        var reason = ns.localizedDescription
        if let underlying = (ns.userInfo[NSUnderlyingErrorKey] as? Error).map({ $0 as NSError }), underlying.domain == NSPOSIXErrorDomain {
            reason = String(cString: strerror(Int32(underlying.code)))
        } else if ns.domain == NSPOSIXErrorDomain {
            reason = String(cString: strerror(Int32(ns.code)))
        }
        guard let path, !reason.contains(path) else { return reason }
        return "\(reason): \(path)"
    }

    static func auditFailure(_ audit: SiteAudit, _ diagnostics: [Diagnostic], _ linked: LinkedPlan, theme: Theme? = nil) -> BuildResult? {
        guard !audit.problems.isEmpty else { return nil }
        let list = audit.problems.prefix(20).joined(separator: "\n  ")
        // Content cannot break what the build checks here; a site's own templates can: name them.
        let own = theme?.sources.values.sorted() ?? []
        let blame = own.isEmpty ? "is a template of the theme wrong?" : "the site's own templates make these pages: check \(own.joined(separator: ", "))"
        return BuildResult(outcome: .failure("the rendered site fails its own checks (\(audit.problems.count)); \(blame)\n  \(list)"),
                           diagnostics: diagnostics, linked: linked)
    }

    public func run() -> BuildResult {
        let prepared: PreparedBuild
        switch prepare() {
        case .failure(let stopped): return stopped.result
        case .success(let p): prepared = p
        }
        guard options.write else { return Self.renderInMemory(prepared) }
        let (renderer, diagnostics, linked, notices) = (prepared.renderer, prepared.diagnostics, prepared.linked, prepared.notices)
        var counted = (pages: 0, files: 0)
        let countLock = NSLock()   // files may come from several threads at once
        func count(_ file: OutputFile) {
            countLock.lock()
            defer { countLock.unlock() }
            counted.files += 1
            if file.path.hasSuffix(".html") { counted.pages += 1 }
        }
        // render and write: each file goes into the staging folder as it is made; output/ changes only at the end.
        let writer = OutputWriter(output: options.output)
        let config = linked.plan.config
        if let refusal = writer.refusal(root: options.root, folders: [config.pagesFolder, config.progressFolder, config.documentsFolder, config.assetsFolder].compactMap { $0 }) {
            return BuildResult(outcome: .failure(refusal), diagnostics: diagnostics, linked: linked)
        }
        let staging: OutputWriter.Staging
        do {
            staging = try writer.begin()
        } catch {
            return BuildResult(outcome: .failure(cannotWrite(error)), diagnostics: diagnostics, linked: linked)
        }
        let audit: SiteAudit
        do {
            audit = try renderer.renderSite(into: { file in try staging.add(file); count(file) }, progress: options.progress)
        } catch let error as ThemeError {
            staging.abandon()
            if let d = error.diagnostic { return BuildResult(outcome: .contentErrors, diagnostics: (diagnostics + [d]).sortedForOutput(), linked: linked) }
            return BuildResult(outcome: .failure("theme: \(error)"), diagnostics: diagnostics, linked: linked)
        } catch {
            staging.abandon()
            return BuildResult(outcome: .failure(cannotWrite(error)), diagnostics: diagnostics, linked: linked)
        }
        if let failure = Self.auditFailure(audit, diagnostics, linked, theme: renderer.theme) {
            staging.abandon()
            return failure
        }
        do {
            PhaseClock.mark("render (site)")
            let summary = try staging.commit()
            PhaseClock.mark("commit")
            var result = BuildResult(outcome: .success, diagnostics: diagnostics, written: summary, linked: linked, notices: notices)
            (result.pageCount, result.fileCount) = counted
            result.madeWith = [renderer, staging]
            // The report goes beside the output folder, after the site is in place: it is never published.
            let report = renderer.buildReport(diagnostics: diagnostics)
            result.report = report
            do {
                try Data(report.html.utf8).write(to: options.reportFile, options: .atomic)
                result.reportFile = options.reportFile
            } catch {
                result.reportFailure = "cannot write the build report \(options.reportFile.path): \(error.localizedDescription)"
            }
            PhaseClock.mark("build report")
            return result
        } catch {
            return BuildResult(outcome: .failure(cannotWrite(error)), diagnostics: diagnostics, linked: linked)
        }
    }
}

/// Why a build stopped before rendering, with the result it ends with.
public struct BuildStopped: Error {
    public let result: BuildResult
}

/// A theme file that breaks the containment or text rules (see PlanLoading's SiteRoot).
public struct ThemeFileError: Error {
    public let path: String
    public let error: ContentError
}

/// Reads a theme: the default theme built into the tool, with any template
/// or asset the site's own `themes/NAME/` folder provides taking its place.
/// Every file is read through the site root's containment rule.
public struct ThemeLoader {
    public let root: URL
    public let name: String
    public init(root: URL, name: String) { self.root = root; self.name = name }

    public func load() throws -> Theme {
        var theme = Theme.builtIn
        let site = SiteRoot(root)
        let folder = "themes/\(name)"
        if try resolve(folder, in: site) != nil {
            try read(folder: folder, in: site, into: &theme)
        } else if name != "default" {
            throw ThemeError(template: name, message: "no folder themes/\(name) in the site; use 'theme: default' or create it")
        }
        return theme
    }

    private func resolve(_ path: String, in site: SiteRoot) throws -> String? {
        do { return try site.resolve(path) } catch let error as ContentError { throw ThemeFileError(path: path, error: error) }
    }

    private func data(_ path: String, in site: SiteRoot) throws -> Data? {
        guard let resolved = try resolve(path, in: site) else { return nil }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ThemeFileError(path: path, error: .notAFile(folder: true))
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: resolved)[.size] as? Int) ?? 0
        if size > ContentLimits.maxFileBytes { throw ThemeFileError(path: path, error: .tooLarge(bytes: size, limit: ContentLimits.maxFileBytes)) }
        do { return try Data(contentsOf: URL(fileURLWithPath: resolved)) } catch {
            throw ContentError.unreadable(error, path: path, folder: false).map { ThemeFileError(path: path, error: $0) } ?? error
        }
    }

    private func read(folder: String, in site: SiteRoot, into theme: inout Theme) throws {
        let fm = FileManager.default
        let templates = folder + "/templates"
        if let resolved = try resolve(templates, in: site) {
            let files: [String]
            do { files = try fm.contentsOfDirectory(atPath: resolved).sorted() } catch {
                // A folder of templates that may not be read would leave the site's own templates out without a word.
                if let denied = ContentError.unreadable(error, path: templates, folder: true) { throw ThemeFileError(path: templates, error: denied) }
                files = []
            }
            // A template of another ending (page.Mustache, page.html) is not read: said, not passed over.
            for file in files where !file.hasSuffix(".mustache") && !file.hasPrefix(".") && !file.hasSuffix("~") {
                theme.readProblems.append(.warning("not-read", at: SourceLocation(file: templates + "/" + file),
                                       "'\(templates)/\(file)' is not read: a theme's templates are the files in '\(templates)' whose names end in '.mustache'",
                                       suggestion: "rename it to end in '.mustache' (in lower case), e.g. '\((file as NSString).deletingPathExtension).mustache', or move it out of the folder"))
            }
            for file in files where file.hasSuffix(".mustache") {
                let path = templates + "/" + file
                guard let bytes = try data(path, in: site) else { continue }
                let text: String
                do {
                    text = try TextHygiene.decode(bytes)
                    try TextHygiene.check(text)
                } catch let error as ContentError { throw ThemeFileError(path: path, error: error) }
                let name = String(file.dropLast(".mustache".count))
                theme.templates[name] = text
                theme.sources[name] = path
            }
        }
        let assets = folder + "/assets"
        guard let resolved = try resolve(assets, in: site), let names = fm.enumerator(atPath: resolved) else { return }
        for case let name as String in names {
            var isDirectory: ObjCBool = false
            let path = assets + "/" + name
            if fm.fileExists(atPath: resolved + "/" + name, isDirectory: &isDirectory), !isDirectory.boolValue, let bytes = try data(path, in: site) {
                theme.assets[name] = bytes
                theme.assetSources[name] = path
                if name.hasSuffix(".css"), case let css = String(decoding: bytes, as: UTF8.self), let found = StyleSheetCheck.problem(css) {
                    // At the first place the text to blame is written (its line and column), else the file.
                    var at = SourceLocation(file: path)
                    if !found.token.isEmpty, let r = css.range(of: found.token, options: .caseInsensitive) {
                        let before = css[..<r.lowerBound]
                        let line = before.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
                        let column = before.count - (before.lastIndex(of: "\n").map { before.distance(from: before.startIndex, to: $0) + 1 } ?? 0) + 1
                        at = SourceLocation(file: path, line: line, column: column)
                    }
                    theme.readProblems.append(.error("unsafe-style", at: at, "the style sheet \(found.message)",
                                                     suggestion: found.fix))
                }
            }
        }
    }
}
