// PlanLoading/PlanLoader: reads site.yaml and every file it names into a
// PlanModel.Plan. The only stage that reads content. Every problem becomes a
// located Diagnostic; loading goes on after an error so that one run reports
// every broken file.

import Foundation
import PlanModel

/// Where content is read from: the disk, or memory in tests. Every read goes
/// through the containment rule: a path that leaves the site root throws `ContentError`.
public protocol ContentSource {
    /// The text of a file relative to the site root, or nil when there is none.
    func read(_ path: String) throws -> String?
    /// The names of the files in a folder, or nil when there is no such folder.
    func list(_ folder: String) throws -> [String]?
    /// The bytes of a file (an image), or nil when there is none.
    func readData(_ path: String) throws -> Data?
    /// Whether a file (not a folder) is at `path`: said when a folder is asked for and a file is there.
    func isFile(_ path: String) -> Bool
}

extension ContentSource {
    public func readData(_ path: String) throws -> Data? { try read(path).map { Data($0.utf8) } }
    public func isFile(_ path: String) -> Bool { ((try? read(path)) ?? nil) != nil }
}

/// The paths a load asked for (files read, folders listed, whether they were there or not): what `plansite serve`
/// watches besides site.yaml, content/ and themes/. Thread-safe.
public final class ReadLog: @unchecked Sendable {
    private let lock = NSLock()
    private var seen = Set<String>()
    public init() {}
    func note(_ path: String) { lock.withLock { _ = seen.insert(path) } }
    /// Every path asked for so far, sorted.
    public var paths: [String] { lock.withLock { seen.sorted() } }
}

/// Reads a site folder on disk: only files that, after resolving symbolic links, lie inside it.
public struct DiskContentSource: ContentSource {
    public let root: SiteRoot
    /// Hears every path asked for (nil: none kept).
    public var log: ReadLog?
    public init(root: URL, log: ReadLog? = nil) { self.root = SiteRoot(root); self.log = log }

    public func read(_ path: String) throws -> String? {
        log?.note(path)
        guard let resolved = try root.resolve(path), let size = try Self.fileSize(resolved) else { return nil }
        if size > ContentLimits.maxFileBytes { throw ContentError.tooLarge(bytes: size, limit: ContentLimits.maxFileBytes) }
        let data = try Self.contents(resolved, path: path)
        let text = try TextHygiene.decode(data)
        // (A carriage return looked for in the bytes, with memchr: the text's own view reads a byte at a time.)
        let hasReturn = data.withUnsafeBytes { b in b.count > 0 && memchr(b.baseAddress!, 0x0D, b.count) != nil }
        return hasReturn ? Self.newlines(text) : text
    }

    /// Line ends as "\n": Windows' "\r\n", and the lone "\r" of old Mac files (Excel's "CSV (Macintosh)"), which
    /// would otherwise make a whole file one line, every mistake in it at line 1.
    static func newlines(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    public func readData(_ path: String) throws -> Data? {
        log?.note(path)
        guard let resolved = try root.resolve(path), let size = try Self.fileSize(resolved) else { return nil }
        if size > ContentLimits.maxImageBytes { throw ContentError.tooLarge(bytes: size, limit: ContentLimits.maxImageBytes) }
        return try Self.contents(resolved, path: path)
    }

    /// The bytes of the file at `resolved` (`path` relative to the root); `permissionDenied` when its permissions refuse it.
    static func contents(_ resolved: String, path: String) throws -> Data {
        do { return try Data(contentsOf: URL(fileURLWithPath: resolved)) } catch {
            throw ContentError.unreadable(error, path: path, folder: false) ?? error
        }
    }

    /// The size of the regular file at `resolved`; nil when nothing is there; `notAFile` for a folder, a device or a pipe
    /// (never opened: a pipe would wait for a writer).
    static func fileSize(_ resolved: String) throws -> Int? {
        var info = stat()
        guard stat(resolved, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return Int(info.st_size)
        case S_IFDIR: throw ContentError.notAFile(folder: true)
        default: throw ContentError.notAFile(folder: false)
        }
    }

    public func isFile(_ path: String) -> Bool {
        guard let resolved = try? root.resolve(path) else { return false }
        var info = stat()
        return stat(resolved, &info) == 0 && info.st_mode & S_IFMT != S_IFDIR
    }

    public func list(_ folder: String) throws -> [String]? {
        log?.note(folder)
        guard let resolved = try root.resolve(folder) else { return nil }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory), isDirectory.boolValue else { return nil }
        do { return try FileManager.default.contentsOfDirectory(atPath: resolved).sorted() } catch {
            // A folder that is there but may not be read is not one that does not exist.
            if let denied = ContentError.unreadable(error, path: folder, folder: true) { throw denied }
            if access(resolved, R_OK | X_OK) != 0 && errno == EACCES { throw ContentError.permissionDenied(path: folder, folder: true) }
            return nil
        }
    }
}

/// Files held in memory, for tests and fuzzing. A path that leaves the root by '..' is refused as on disk.
public struct MemoryContentSource: ContentSource {
    public var files: [String: String]
    public init(_ files: [String: String]) { self.files = files }
    public func read(_ path: String) throws -> String? {
        try checkInside(path)
        return files[path].map { $0.contains("\r") ? DiskContentSource.newlines($0) : $0 }
    }
    public func list(_ folder: String) throws -> [String]? {
        try checkInside(folder)
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        let names = files.keys.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }.filter { !$0.contains("/") }
        return names.isEmpty ? nil : names.sorted()
    }
    private func checkInside(_ path: String) throws {
        if path.hasPrefix("/") || path.hasPrefix("~") { throw ContentError.absolutePath }
        var depth = 0
        for part in path.split(separator: "/") where part != "." {
            depth += part == ".." ? -1 : 1
            if depth < 0 { throw ContentError.outsideRoot(link: nil) }
        }
    }
}

/// The result of loading: a plan (possibly partial) and what was wrong.
public struct LoadResult {
    public let plan: Plan?
    public let diagnostics: [Diagnostic]
}

/// Loads a whole site.
public struct PlanLoader {
    public let source: ContentSource
    /// The most key actions, register items and measures a site may hold (see `ContentLimits`).
    public var maxEntities = ContentLimits.maxEntities
    /// How many threads parse files (work areas, documents); the result is the same for any number.
    public var threads = Parallel.defaultThreads
    /// Files parsed by an earlier load, reused while their text is the same (`plansite serve`); nil: parse everything.
    public var cache: ParseCache? = nil
    public init(source: ContentSource) { self.source = source }

    public func load() -> LoadResult {
        let sink = DiagnosticSink()
        guard let configText = read("site.yaml", namedBy: nil, sink: sink) else {
            return LoadResult(plan: nil, diagnostics: sink.diagnostics)
        }
        guard let config = SiteConfigLoader(sink: sink).load(configText, path: "site.yaml") else {
            return LoadResult(plan: nil, diagnostics: sink.diagnostics)
        }
        let named = SourceLocation(file: "site.yaml")
        func namedAt(_ path: String) -> SourceLocation { config.locations[path] ?? named }
        /// A file site.yaml names is read as named there; one it does not name (a progress report or a document found
        /// in its folder, the measures beside an observations CSV) as found in its folder: a link of it that leads out
        /// of the site is reported at the link, as for pages, not at site.yaml.
        func readContent(_ path: String, sink: DiagnosticSink) -> String? {
            if let at = config.locations[path] { return read(path, namedBy: at, sink: sink) }
            // (Its folder by plain string work: Foundation's deletingLastPathComponent traps on a path such as "c/".)
            return read(path, namedBy: namedAt(path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""), listed: true, sink: sink)
        }
        // The documents around the plan (its largest files) are read and parsed beside everything else, with
        // diagnostics of their own, joined where they would have come (after the progress reports).
        let documentSink = DiagnosticSink()
        var plan = Plan(config: config)
        let (_, documents) = Parallel.both(threads: threads, { loadAllButDocuments(into: &plan, configText: configText, sink: sink, namedAt: namedAt, readContent: readContent) }, { () -> [SourceDocument] in
            var documents = Plan(config: config)
            DocumentLoader(source: source, sink: documentSink, threads: threads, cache: cache).load(into: &documents, read: { readContent($0, sink: documentSink) },
                                                                                                  list: { folder in
                do { return try source.list(folder) } catch {
                    report(error, path: folder, namedBy: namedAt(folder), folder: true, sink: documentSink)
                    return []
                }
            })   // DocumentLoaders.swift
            return documents.documents
        })
        plan.documents += documents
        documentSink.diagnostics.forEach(sink.add)
        ReleaseLoader(sink: sink).load(into: &plan, siteText: configText) { path, namedBy in   // ReleaseLoader.swift
            do {
                if let text = try source.read(path) { try TextHygiene.check(text); return text }
                sink.error("missing-file", at: namedBy, "the change note '\(path)' named by site.yaml does not exist",
                           suggestion: "create it (plansite diff --format markdown drafts one), or correct 'note' in site.yaml")
            } catch { report(error, path: path, namedBy: namedBy, sink: sink) }
            return nil
        }
        if let folder = config.assetsFolder { plan.images = loadImages(folder, namedBy: namedAt(folder), sink: sink) }
        checkLimits(plan, sink: sink)
        checkUpdatesAfterWithdrawal(plan, sink: sink)
        checkReportsBeforeThePlan(plan, sink: sink)
        return LoadResult(plan: plan, diagnostics: sink.diagnostics)
    }

    /// A progress report dated before the plan (its first release, or site.yaml's `release:` when that is earlier)
    /// reports on a plan that was not yet published: most likely a mistyped year.
    private func checkReportsBeforeThePlan(_ plan: Plan, sink: DiagnosticSink) {
        guard case .success(var planDate) = ContentDate.parse(plan.config.date) else { return }
        var release = "release \(plan.config.version)"
        if let first = plan.releases.first, first.date < planDate { (planDate, release) = (first.date, "release \(first.version)") }
        for report in plan.progress.reports where report.date.endDay < planDate.startDay {
            sink.warning("report-before-plan", at: report.dateLocation ?? report.location,
                         "this progress report is dated \(report.date), before the plan itself (\(release), dated \(planDate))",
                         suggestion: "check the date (its year, most likely); a report on what came before the plan belongs in the documents around it")
        }
    }

    /// An update dated after its action was withdrawn reports on an action no longer in the plan: an error at the
    /// update (it would otherwise be left off the site without a word).
    private func checkUpdatesAfterWithdrawal(_ plan: Plan, sink: DiagnosticSink) {
        var withdrawn: [String: Withdrawal] = [:]
        for area in plan.workAreas { for row in area.rows { if let w = row.withdrawn { withdrawn["action:" + row.ref] = w } } }
        guard !withdrawn.isEmpty else { return }
        for report in plan.progress.reports {
            for update in report.updates {
                guard let w = withdrawn[update.target], update.date > w.date.endDay else { continue }
                sink.error("update-after-withdrawal", at: update.targetLocation,
                           "\(update.target.replacingOccurrences(of: "action:", with: "action ")) was withdrawn on \(w.date) (\(w.location.description)); this update of \(update.date) reports on it after that",
                           suggestion: "remove the update, or date the withdrawal after it")
            }
        }
    }

    /// Everything of the site but its documents (see `load`), in the order its diagnostics are reported.
    private func loadAllButDocuments(into plan: inout Plan, configText: String, sink: DiagnosticSink, namedAt: (String) -> SourceLocation,
                                     readContent: (String, DiagnosticSink) -> String?) {
        let config = plan.config
        if let folder = config.pagesFolder {
            let names: [String]?
            do { names = try source.list(folder) } catch {
                report(error, path: folder, namedBy: namedAt(folder), folder: true, sink: sink)
                names = []
            }
            if let names {
                let loader = PageLoader(sink: sink)
                for name in ContentFolder.files(names, in: folder, endings: [".md"], what: "pages", sink: sink) {
                    let path = folder + "/" + name
                    if let text = read(path, namedBy: namedAt(folder), listed: true, sink: sink), let page = loader.load(text, path: path) {
                        plan.pages.append(page)
                    }
                }
            } else {
                ContentFolder.missing("pages", folder: folder, holding: "the pages", source: source, at: namedAt(folder), sink: sink)
            }
        }
        // Work area files are the bulk of a plan: each is read and parsed on its own, in parallel (and, with a
        // cache, only when its text changed), as are the registers.
        plan.workAreas += loadEach(config.workAreaFiles, namedBy: namedAt, sink: sink) { text, path, own in
            WorkAreaLoader(sink: own).load(text, path: path)
        }
        plan.registers += loadEach(config.registerFiles, namedBy: namedAt, sink: sink) { text, path, own in
            RegisterLoader(sink: own).load(text, path: path)
        }
        var claimed = Set(config.workAreaFiles + config.registerFiles + config.observationFiles
                          + [config.scorecardFile, config.glossaryFile, config.scheduleFile, config.accessibilityChecksFile].compactMap { $0 })
        for csv in config.observationFiles + [config.scorecardFile].compactMap({ $0 }) {
            let base = csv.lastIndex(of: ".").map { String(csv[..<$0]) } ?? csv
            claimed.formUnion([base + ".yaml", base + ".yml"])
        }
        ContentFolder.unlisted(config.workAreaFiles, key: "work_areas", what: "work area", claimed: claimed, source: source, sink: sink)
        ContentFolder.unlisted(config.registerFiles, key: "registers", what: "register", claimed: claimed, source: source, sink: sink)
        if let path = config.scorecardFile, let text = read(path, namedBy: namedAt(path), sink: sink) {
            let groupsPath = ContentFolder.yamlBeside(path, what: "the groups", source: source, sink: sink)
            let groupsText = read(groupsPath, namedBy: namedAt(path), listed: true, optional: true, sink: sink)
            plan.scorecard = ScorecardLoader(sink: sink).load(text, path: path, groupsText: groupsText, groupsPath: groupsPath)
        }
        if let path = config.glossaryFile {
            plan.terms = loadEach([path], namedBy: namedAt, sink: sink) { text, path, own in GlossaryLoader(sink: own).load(text, path: path) }.first ?? []
        }
        if let path = config.scheduleFile {
            plan.schedule = loadEach([path], namedBy: namedAt, sink: sink) { text, path, own in ScheduleLoader(sink: own).load(text, path: path) }.first
        }
        if let path = config.accessibilityChecksFile, let text = read(path, namedBy: namedAt(path), sink: sink) {
            plan.accessibilityChecks = AccessibilityChecksLoader(sink: sink).load(text, path: path)   // AccessibilityChecksLoader.swift
        }
        // Folders of progress reports and documents are listed through the contained source; a refused path is reported.
        let list = { (folder: String) -> [String]? in
            do { return try source.list(folder) } catch {
                report(error, path: folder, namedBy: namedAt(folder), folder: true, sink: sink)
                return []
            }
        }
        ProgressLoader(source: source, sink: sink).load(into: &plan, siteText: configText, read: { readContent($0, sink) }, list: list)
    }

    /// The image files of the assets folder and its sub-folders (two levels), by their path inside it.
    private func loadImages(_ folder: String, namedBy: SourceLocation, sink: DiagnosticSink) -> [String: Data] {
        var images: [String: Data] = [:]
        func isFolder(_ path: String) -> Bool {
            do { return try source.list(path) != nil } catch ContentError.permissionDenied { return true } catch { return false }
        }
        func walk(_ relative: String, depth: Int) {
            let path = relative.isEmpty ? folder : folder + "/" + relative
            let names: [String]?
            do { names = try source.list(path) } catch { report(error, path: path, namedBy: namedBy, folder: true, sink: sink); return }
            guard let names else {
                if relative.isEmpty {
                    ContentFolder.missing("assets", folder: folder, holding: "the images", source: source, at: namedBy, sink: sink)
                }
                return
            }
            for name in names where !name.hasPrefix(".") {
                let child = relative.isEmpty ? name : relative + "/" + name
                let ext = (name as NSString).pathExtension.lowercased()
                if ImageFormat.extensions.contains(ext) {
                    do {
                        if let data = try source.readData(folder + "/" + child) {
                            if ext == "svg", let problem = SVGCheck.problem(data) {   // SVGCheck.swift
                                sink.error("bad-image", at: SourceLocation(file: folder + "/" + child, line: problem.line, column: problem.column),
                                           "the image '\(folder)/\(child)' \(problem.message)", suggestion: problem.fix)
                            } else if let problem = ImageFormat.problem(of: data, ext: ext) {
                                sink.error("bad-image", at: SourceLocation(file: folder + "/" + child), "the image '\(folder)/\(child)' \(problem)",
                                           suggestion: "save the image again as a \(ext.uppercased()) file, or give the file the extension of its format")
                            } else {
                                images[child] = data
                            }
                        }
                    } catch {
                        report(error, path: folder + "/" + child, namedBy: nil, sink: sink)
                    }
                } else if ext.isEmpty, depth < 2, isFolder(folder + "/" + child) {
                    walk(child, depth: depth + 1)   // (which says so when the folder may not be read)
                } else if !name.hasSuffix("~") {
                    // Not an image, or a folder deeper than the two levels read: not published, and said so.
                    let formats = ImageFormat.extensions.sorted().map { "." + $0 }.joined(separator: ", ")
                    sink.add(.warning("not-read", at: SourceLocation(file: folder + "/" + child),
                                      "'\(folder)/\(child)' is not published: the assets folder holds the site's images (\(formats)), in it or in folders up to two levels down",
                                      suggestion: "remove it, or, if it is an image, save it in one of those formats"))
                }
            }
        }
        walk("", depth: 0)
        return images
    }

    /// The documented limits on how many entities a site holds ("Limits" in docs/content-format.md):
    /// an error at the first one over the limit.
    private func checkLimits(_ plan: Plan, sink: DiagnosticSink) {
        let limit = maxEntities
        let kinds: [(String, [SourceLocation])] = [
            ("key actions", plan.workAreas.flatMap(\.rows).map(\.location)),
            ("register items", plan.registers.flatMap { $0.allItems.map(\.item.location) }),
            ("scorecard measures", plan.scorecard?.measures.map(\.location) ?? []),
        ]
        for (what, locations) in kinds where locations.count > limit {
            sink.error("too-many", at: locations[limit], "the site has \(locations.count.formatted) \(what), over the limit of \(limit.formatted); this is the first one over it",
                       suggestion: "a site holds at most \(limit.formatted) \(what); see 'Limits' in docs/content-format.md")
        }
    }

    /// `load` applied to each file's text (read and parsed in parallel: `parseEach`; what is wrong reported in order).
    private func loadEach<T>(_ paths: [String], namedBy: (String) -> SourceLocation?, sink: DiagnosticSink,
                             _ load: (String, String, DiagnosticSink) -> T?) -> [T] {
        let read = Parallel.map(paths, threads: threads) { path in Result { try checkedText(path) } }
        let files = zip(paths, read).compactMap { path, result in
            self.read(path, namedBy: namedBy(path), sink: sink, result: result).map { (path: path, text: $0) }
        }
        return parseEach(files, threads: threads, cache: cache, into: sink, load)
    }

    /// A file's text, checked for control characters; nil when there is no such file.
    private func checkedText(_ path: String) throws -> String? {
        guard let text = try source.read(path) else { return nil }
        try TextHygiene.check(text)
        return text
    }

    /// The text of a file, or nil after reporting why there is none. `namedBy` is where site.yaml names it
    /// (nil for site.yaml itself); a `listed` file was found in a folder site.yaml names. `result`: the file as
    /// already read (`checkedText`), else it is read now.
    private func read(_ path: String, namedBy: SourceLocation?, listed: Bool = false, optional: Bool = false, sink: DiagnosticSink,
                      result: Result<String?, Error>? = nil) -> String? {
        do {
            if let text = try (result ?? Result { try checkedText(path) }).get() {
                return text
            }
            if optional { return nil }
            if let namedBy {
                sink.error("missing-file", at: namedBy, "the file '\(path)' named by site.yaml does not exist",
                           suggestion: "create it, or correct its path in site.yaml (paths are relative to the folder holding site.yaml)")
            } else {
                sink.error("missing-file", at: nil, "no site.yaml in this folder",
                           suggestion: "run plansite in the folder holding site.yaml, or pass --root FOLDER")
            }
        } catch {
            report(error, path: path, namedBy: listed ? nil : namedBy, sink: sink)
        }
        return nil
    }

    /// Why `path` (a `folder` listed, or a file read) could not be read, as a diagnostic.
    private func report(_ error: Error, path: String, namedBy: SourceLocation?, folder: Bool = false, sink: DiagnosticSink) {
        if let error = error as? ContentError {
            sink.add(error.diagnostic(path: path, namedBy: namedBy))
        } else if let denied = ContentError.unreadable(error, path: path, folder: folder) {
            sink.add(denied.diagnostic(path: path, namedBy: namedBy))
        } else {
            sink.error("io", at: SourceLocation(file: path), "cannot read the file: \(error.localizedDescription)",
                       suggestion: "check that it is there and that the user running plansite may read it, then run plansite again")
        }
    }
}

/// Reads site.yaml.
struct SiteConfigLoader {
    let sink: DiagnosticSink

    func load(_ text: String, path: String) -> SiteConfig? {
        let file = YAMLFile(path: path, sink: sink)
        guard let root = file.root(text),
              let r = file.record(root, what: "site.yaml", allowed: [
                "title", "organisation", "language", "release", "theme", "raw_html", "contact", "pages",
                "work_areas", "registers", "scorecard", "glossary", "schedule", "accessibility_checks",
                "progress", "observations", "statuses", "example", "releases", "base_url", "documents", "licence", "assets"]) else { return nil }
        let title = r.string("title", required: true)
        let organisation = r.string("organisation", required: true)
        let release = r.record("release", what: "release", allowed: ["version", "date", "label"])
        if release == nil, r.value("release") == nil {
            sink.error("missing-field", at: r.location, "site.yaml has no 'release'",
                       suggestion: "add 'release:' with 'version:' and 'date: YYYY-MM-DD'")
        }
        let version = release?.string("version", required: true)
        let date = release?.string("date", required: true)
        _ = release?.date("date", days: true, prefix: "release date ", example: "2015-09-01")
        if let language = r.string("language"), !LanguageTag.isValid(language) {
            sink.error("bad-language", at: r.location(of: "language"), "'\(language)' is not a language tag",
                       suggestion: "write a BCP 47 tag such as en-GB or cy")
        }
        if let theme = r.string("theme"), theme != "default", !theme.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) {
            sink.error("bad-theme", at: r.location(of: "theme"), "'\(theme)' is not a theme name", suggestion: "name a folder under themes/, e.g. default")
        }
        let contactRecord = r.record("contact", what: "contact", allowed: ["name", "email", "text"])
        var email = contactRecord?.string("email")
        if let written = email, let contactRecord, let flaw = EmailAddress.flaw(written) {
            // Published as a mailto: link on every page, which would lead nowhere.
            sink.error("bad-email", at: contactRecord.location(of: "email"), "'\(written)' is not an email address: \(flaw)",
                       suggestion: "write one address, such as improvement.plan@example.org")
            email = nil
        }
        let contact = SiteConfig.Contact(name: contactRecord?.string("name"), email: email, text: contactRecord?.string("text"))
        guard let title, let organisation, let version, let date else { return nil }
        var config = SiteConfig(
            title: title, organisation: organisation, language: r.string("language") ?? "en-GB",
            version: version, date: date, theme: r.string("theme") ?? "default", rawHTML: r.bool("raw_html") ?? false,
            contact: contact, pagesFolder: r.path("pages", kind: "folder", example: "content/pages"), workAreaFiles: r.files("work_areas", example: "content/work-areas/1.yaml"),
            registerFiles: r.files("registers", example: "content/registers/ofsted-2015.yaml"), scorecardFile: r.path("scorecard", kind: "file", example: "content/scorecard.csv"),
            glossaryFile: r.path("glossary", kind: "file", example: "content/glossary.yaml"), scheduleFile: r.path("schedule", kind: "file", example: "content/schedule.yaml"),
            locations: r.scalarLocations(["pages", "work_areas", "registers", "scorecard", "glossary", "schedule", "accessibility_checks", "theme",
                                          "progress", "observations", "documents"]))
        config.progressFolder = r.path("progress", kind: "folder", example: "content/progress")
        config.observationFiles = r.files("observations", example: "content/demand-and-volumes.csv")
        config.documentsFolder = r.path("documents", kind: "folder", example: "content/documents")
        config.accessibilityChecksFile = r.path("accessibility_checks", kind: "file", example: "content/accessibility-checks.json")
        config.dateLabel = release?.string("label")
        if let l = r.record("licence", what: "the licence", allowed: ["name", "title", "url"]) {
            // All three or none: a field left out would be OGL's, naming a licence that is not the one meant.
            let d = SiteConfig.Licence.openGovernment, hint = "give the licence's name, title and url together (or leave out 'licence' for the \(d.title))"
            let name = l.string("name", required: true, hint: hint), title = l.string("title", required: true, hint: hint)
            var url = l.string("url", required: true, hint: hint) ?? d.url
            if l.value("url") != nil, !(url.hasPrefix("https://") || url.hasPrefix("http://")) || url.contains(" ") || url.count < 11 {
                sink.error("bad-url", at: l.location(of: "url"), "the licence's url '\(url)' is not a web address",
                           suggestion: "write the address of the licence's text, e.g. \(d.url)")
                url = d.url
            }
            config.licence = SiteConfig.Licence(name: name ?? d.name, title: title ?? d.title, url: url)
        }
        if let base = r.string("base_url") {
            // Each page's address is the base_url and its path: a query, a fragment or no host would spoil every one.
            let host = base.split(separator: "/", omittingEmptySubsequences: false).dropFirst(2).first ?? ""
            let flaw = base.contains("?") ? "a query ('?')" : base.contains("#") ? "a fragment ('#')" : host.isEmpty ? "no host" : nil
            if let flaw, base.hasPrefix("https://") || base.hasPrefix("http://") {
                sink.error("bad-url", at: r.location(of: "base_url"), "base_url '\(base)' has \(flaw), so no page's address could be made from it",
                           suggestion: "write the address of the site's folder, e.g. https://www.example.gov.uk/plan/")
            } else if (base.hasPrefix("https://") || base.hasPrefix("http://")), !base.contains(" "), base.count > 8 {
                config.baseURL = base.hasSuffix("/") ? base : base + "/"
            } else {
                sink.error("bad-url", at: r.location(of: "base_url"), "base_url '\(base)' is not a web address",
                           suggestion: "write where the site is published, e.g. https://www.example.gov.uk/plan/")
            }
        }
        config.assetsFolder = r.path("assets", kind: "folder", example: "content/assets")
        config.example = r.bool("example") ?? false
        return config
    }
}


/// An email address as site.yaml gives one for feedback: one address, published as a mailto: link.
public enum EmailAddress {
    /// What is wrong with `text` as one email address, in words; nil when it is one: exactly one '@', no spaces,
    /// something on both sides of it, and a dot inside the domain.
    public static func flaw(_ text: String) -> String? {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        if parts.count == 1 { return text.lowercased().contains(" at ") ? "it has no '@' (write '@' in place of ' at ')" : "it has no '@'" }
        if parts.count > 2 { return "it has \(parts.count - 1) '@' signs, and one address has one" }
        if text.contains(where: \.isWhitespace) { return "it holds a space" }
        if parts[0].isEmpty { return "nothing comes before its '@'" }
        if parts[1].isEmpty { return "nothing comes after its '@'" }
        let domain = parts[1]
        if !domain.contains(".") || domain.hasPrefix(".") || domain.hasSuffix(".") || domain.contains("..") {
            return "its domain '\(domain)' is not a full domain (it needs a dot inside, as in example.org)"
        }
        return nil
    }
}

/// BCP 47 language tags, as far as a site needs them: `en`, `en-GB`, `cy`.
public enum LanguageTag {
    public static func isValid(_ tag: String) -> Bool {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }) else { return false }
        return parts.dropFirst().allSatisfy { (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }
}

/// `parse` applied to each file on up to `threads` threads, each with a sink of its own: the results come back
/// in file order and the diagnostics reach `sink` in file order, whatever the scheduling. With a `cache`, a file
/// whose text is what it was when last parsed gives the value and diagnostics of that parse without parsing again.
func parseEach<T>(_ files: [(path: String, text: String)], threads: Int, cache: ParseCache? = nil, into sink: DiagnosticSink,
                  _ parse: (_ text: String, _ path: String, _ sink: DiagnosticSink) -> T?) -> [T] {
    let results = Parallel.map(files, threads: threads) { file -> (value: T?, diagnostics: [Diagnostic]) in
        let key = "\(T.self)\u{0}\(file.path)"
        if let cache, let hit = cache.entry(key, text: file.text) { return (hit.value as? T, hit.diagnostics) }
        let own = DiagnosticSink()
        let parsed = (value: parse(file.text, file.path, own), diagnostics: own.diagnostics)
        cache?.store(key, text: file.text, value: parsed.value as Any, diagnostics: parsed.diagnostics)
        return parsed
    }
    for r in results { r.diagnostics.forEach(sink.add) }
    return results.compactMap(\.value)
}

/// What each file parsed to, by what it parsed to and its path, with the text it was parsed from: a parse is a
/// function of the text and the path alone, so the same text gives the same value and diagnostics.
/// Thread-safe (files are parsed in parallel). `plansite serve` keeps one across rebuilds, so that an edit
/// re-parses only the files it changed.
public final class ParseCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: (text: String, value: Any, diagnostics: [Diagnostic], round: Int)] = [:]
    private var round = 0
    /// How many parses were reused and how many made, since the cache was made.
    public private(set) var hits = 0, misses = 0
    /// How many parses are kept.
    public var count: Int { lock.withLock { entries.count } }
    public init() {}

    func entry(_ key: String, text: String) -> (value: Any, diagnostics: [Diagnostic])? {
        lock.withLock {
            guard let e = entries[key], e.text == text else { misses += 1; return nil }
            hits += 1
            entries[key]?.round = round
            return (e.value, e.diagnostics)
        }
    }

    func store(_ key: String, text: String, value: Any, diagnostics: [Diagnostic]) {
        lock.withLock { entries[key] = (text, value, diagnostics, round) }
    }

    /// Lets go of every parse not used since the last sweep (a file deleted, or parsed under another name).
    public func sweep() {
        lock.withLock {
            entries = entries.filter { $0.value.round == round }
            round += 1
        }
    }
}
