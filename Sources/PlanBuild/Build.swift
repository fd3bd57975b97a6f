// PlanBuild/Build: the whole build as one list of steps (load, link, render,
// write), the theme loader, and the build's result. The CLI is a thin shell
// over this.

import Foundation
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
    /// Told how far the build has got (for a progress line); called on the building thread.
    public var progress: ((BuildProgress) -> Void)?

    public init(root: URL, output: URL? = nil, strict: Bool = false, write: Bool = true,
                progress: ((BuildProgress) -> Void)? = nil) {
        self.root = root
        self.output = output ?? root.appendingPathComponent("output")
        self.strict = strict
        self.write = write
        self.progress = progress
    }
}

/// How far a build has got: a step of the pipeline and, within it, how many of how many
/// things are done (pages while rendering, files while writing; 1 of 1 for the steps that
/// are done in one go). A renderer that renders page by page reports each page.
public struct BuildProgress: Equatable, Sendable {
    public enum Step: String, Sendable { case loading, linking, rendering, writing }
    public var step: Step
    public var done: Int
    public var total: Int
    public init(step: Step, done: Int, total: Int) { self.step = step; self.done = done; self.total = total }
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
    public var files: [OutputFile] = []
    public var written: WriteSummary?
    public var linked: LinkedPlan?

    /// 0 built, 1 content errors, 2 usage or I/O failure.
    public var exitCode: Int32 {
        switch outcome {
        case .success: return 0
        case .contentErrors: return 1
        case .failure: return 2
        }
    }
}

/// Runs the pipeline.
public struct SiteBuilder {
    public let options: BuildOptions
    public init(options: BuildOptions) { self.options = options }

    public func run() -> BuildResult {
        guard FileManager.default.fileExists(atPath: options.root.appendingPathComponent("site.yaml").path) else {
            return BuildResult(outcome: .failure("no site.yaml in \(options.root.path); run plansite in the folder holding site.yaml, or pass --root FOLDER"),
                               diagnostics: [])
        }
        // load
        options.progress?(BuildProgress(step: .loading, done: 0, total: 1))
        let loaded = PlanLoader(source: DiskContentSource(root: options.root)).load()
        var diagnostics = loaded.diagnostics
        guard let plan = loaded.plan, !diagnostics.hasErrors else {
            return BuildResult(outcome: .contentErrors, diagnostics: diagnostics.sortedForOutput())
        }
        // link
        options.progress?(BuildProgress(step: .linking, done: 0, total: 1))
        let linked = Linker().link(plan)
        diagnostics += linked.diagnostics
        diagnostics = diagnostics.sortedForOutput()
        let blocking = diagnostics.hasErrors || (options.strict && !diagnostics.warnings.isEmpty)
        if blocking {
            return BuildResult(outcome: .contentErrors, diagnostics: diagnostics, linked: linked)
        }
        // render
        let themeFolder = options.root.appendingPathComponent("themes/\(plan.config.theme)")
        if plan.config.theme != "default", !FileManager.default.fileExists(atPath: themeFolder.path) {
            diagnostics.append(.error("unknown-theme", at: plan.config.locations[plan.config.theme] ?? SourceLocation(file: "site.yaml"),
                                      "there is no theme '\(plan.config.theme)': no folder themes/\(plan.config.theme)",
                                      suggestion: "use 'theme: default', or create themes/\(plan.config.theme)/templates with the templates it overrides"))
            return BuildResult(outcome: .contentErrors, diagnostics: diagnostics.sortedForOutput(), linked: linked)
        }
        let theme: Theme
        do {
            theme = try ThemeLoader(root: options.root, name: plan.config.theme).load()
        } catch {
            return BuildResult(outcome: .failure("theme: \(error)"), diagnostics: diagnostics, linked: linked)
        }
        let files: [OutputFile]
        do {
            options.progress?(BuildProgress(step: .rendering, done: 0, total: 0))
            let rendered = try SiteRenderer(linked: linked, theme: theme).renderSite()
            files = rendered.files
            let pages = files.filter { $0.path.hasSuffix(".html") }.count
            options.progress?(BuildProgress(step: .rendering, done: pages, total: pages))
            // The build's own checks of what it rendered: a broken link or a table without headers stops it.
            if !rendered.audit.problems.isEmpty {
                let list = rendered.audit.problems.prefix(20).joined(separator: "\n  ")
                return BuildResult(outcome: .failure("the rendered site fails its own checks (\(rendered.audit.problems.count)); is a template of the theme wrong?\n  \(list)"),
                                   diagnostics: diagnostics, linked: linked)
            }
        } catch {
            return BuildResult(outcome: .failure("theme: \(error)"), diagnostics: diagnostics, linked: linked)
        }
        guard options.write else {
            return BuildResult(outcome: .success, diagnostics: diagnostics, files: files, linked: linked)
        }
        // write
        let writer = OutputWriter(output: options.output)
        if let refusal = writer.refusal(root: options.root) {
            return BuildResult(outcome: .failure(refusal), diagnostics: diagnostics, files: files, linked: linked)
        }
        do {
            options.progress?(BuildProgress(step: .writing, done: 0, total: files.count))
            let summary = try writer.write(files)
            options.progress?(BuildProgress(step: .writing, done: files.count, total: files.count))
            return BuildResult(outcome: .success, diagnostics: diagnostics, files: files, written: summary, linked: linked)
        } catch {
            return BuildResult(outcome: .failure("cannot write \(options.output.path): \(error)"), diagnostics: diagnostics, linked: linked)
        }
    }
}

/// Reads a theme: the default theme built into the tool, with any template
/// or asset the site's own `themes/NAME/` folder provides taking its place.
public struct ThemeLoader {
    public let root: URL
    public let name: String
    public init(root: URL, name: String) { self.root = root; self.name = name }

    public func load() throws -> Theme {
        var theme = Theme.builtIn
        let site = root.appendingPathComponent("themes").appendingPathComponent(name)
        if FileManager.default.fileExists(atPath: site.path) {
            try read(folder: site, into: &theme)
        } else if name != "default" {
            throw ThemeError(template: name, message: "no folder themes/\(name) in the site; use 'theme: default' or create it")
        }
        return theme
    }

    private func read(folder: URL, into theme: inout Theme) throws {
        let templates = folder.appendingPathComponent("templates")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: templates.path)) ?? [] where name.hasSuffix(".mustache") {
            let text = try String(contentsOf: templates.appendingPathComponent(name), encoding: .utf8)
            theme.templates[String(name.dropLast(".mustache".count))] = text
            theme.sources[String(name.dropLast(".mustache".count))] = "themes/\(self.name)/templates/\(name)"
        }
        let assets = folder.appendingPathComponent("assets")
        if let names = FileManager.default.enumerator(atPath: assets.path) {
            for case let name as String in names {
                var isDirectory: ObjCBool = false
                let url = assets.appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    theme.assets[name] = try Data(contentsOf: url)
                }
            }
        }
    }
}
