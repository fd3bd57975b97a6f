// PlanRendering/Theme: a theme's templates and assets as values, and the
// Mustache library built from them. Reading them from disk is PlanBuild's job.

import Foundation
import PlanModel
import Mustache

/// One file the build writes: a path relative to the output folder, and its bytes.
public struct OutputFile: Sendable, Equatable {
    public let path: String
    public let bytes: Data
    public init(path: String, bytes: Data) { self.path = path; self.bytes = bytes }
    public init(path: String, text: String) {
        self.path = path
        // The text's UTF-8 copied at once (Data's initialiser from a sequence asks the sequence what it is first).
        var text = text
        self.bytes = text.withUTF8 { Data(buffer: $0) }
    }
}

/// Templates (name → Mustache text) and assets (path → bytes).
public struct Theme: Sendable {
    public var templates: [String: String]
    public var assets: [String: Data]
    /// Where a template overridden by the site comes from (for error messages).
    public var sources: [String: String] = [:]
    /// Where an asset provided by the site comes from (for error messages).
    public var assetSources: [String: String] = [:]
    /// What reading the site's theme folder found to say (a file it does not read).
    public var readProblems: [Diagnostic] = []
    public init(templates: [String: String], assets: [String: Data]) { self.templates = templates; self.assets = assets }

    /// The default theme, built into the tool (see scripts/embed-theme.py).
    public static let builtIn: Theme = {
        func decode(_ table: [String: String]) -> [String: Data] {
            table.compactMapValues { Data(base64Encoded: $0) }
        }
        return Theme(templates: decode(DefaultThemeFiles.templates).mapValues { String(decoding: $0, as: UTF8.self) },
                     assets: decode(DefaultThemeFiles.assets))
    }()

    /// Every template name the renderer uses; a theme override must keep these names.
    public static let requiredTemplates = [
        "layout", "home", "page", "work-area", "action", "register", "register-item", "scorecard", "glossary",
        "schedule", "coverage", "report", "accessibility", "edition", "contents-list", "edition-contents-list", "work-area-list",
    ]
}

/// Why a theme cannot be used.
public struct ThemeError: Error, CustomStringConvertible {
    public let template: String
    public let message: String
    /// The template file to blame, when the site's own: the build reports it there, as a content error.
    public var location: SourceLocation?
    public var suggestion: String?
    public init(template: String, message: String, location: SourceLocation? = nil, suggestion: String? = nil) {
        self.template = template; self.message = message; self.location = location; self.suggestion = suggestion
    }
    public var description: String { "template '\(template)': \(message)" }
    /// The error as a diagnostic at its template, when it has one.
    public var diagnostic: Diagnostic? { location.map { .error("template-render", at: $0, message, suggestion: suggestion) } }
}

/// Renders view models through the theme's templates. `CompiledLibrary` compiles and renders them; a theme that
/// uses more of Mustache than it covers (or a template it cannot read) goes to swift-mustache, which renders it
/// or names the line and column of the mistake.
struct TemplateRenderer {
    enum Engine { case compiled, swiftMustache }
    /// swift-mustache's library, when it renders.
    var library: MustacheLibrary?
    /// The templates compiled for fast rendering, when they render.
    var compiled: CompiledLibrary?

    init(theme: Theme, engine: Engine = .compiled) throws {
        for name in Theme.requiredTemplates where theme.templates[name] == nil {
            throw ThemeError(template: name, message: "is missing from the theme")
        }
        if engine == .compiled, let compiled = CompiledLibrary(theme.templates) {
            self.compiled = compiled
            return
        }
        var library = MustacheLibrary()
        for (name, text) in theme.templates.sorted(by: { $0.key < $1.key }) {
            do {
                try library.register(text, named: name)
            } catch let error as MustacheTemplate.ParserError {
                let place = theme.sources[name].map { "\($0):\(error.context.lineNumber):\(error.context.columnNumber): " } ?? ""
                throw ThemeError(template: name, message: "\(place)the template cannot be read: \(error.error) (check that every {{#section}} has its {{/section}})")
            } catch {
                throw ThemeError(template: name, message: "the template cannot be read: \(error)")
            }
        }
        self.library = library
    }

    /// The partial that nested deeper than the renderer allows in what was rendered since the last `resetOverflow`.
    var overflowedPartial: String? { compiled?.overflow.partial }
    func resetOverflow() { compiled?.overflow.reset() }

    func render(_ object: some MustacheParent, _ template: String, capacity: Int = 0) -> String {
        if let compiled { return compiled.render(object, template, capacity: capacity) ?? "" }
        return library?.render(object, withTemplate: template) ?? ""
    }

    /// A view model whose template's runs that read only `runs.fields` are rendered once per `key` (the layout).
    func render<View: MustacheParent & TemplateFields>(_ object: View, _ template: String, capacity: Int, runs: InvariantRuns, key: String) -> String {
        if let compiled { return compiled.render(object, template, capacity: capacity, runs: runs, key: key) ?? "" }
        return library?.render(object, withTemplate: template) ?? ""
    }

    /// The same for a view model (what every page renders): the compiled templates take it without a cast.
    func render<View: MustacheParent & TemplateFields>(_ object: View, _ template: String, capacity: Int = 0) -> String {
        if let compiled { return compiled.render(object, template, capacity: capacity) ?? "" }
        return library?.render(object, withTemplate: template) ?? ""
    }
}

/// The templates of the last theme compiled, kept across rebuilds by `plansite serve`: a theme whose templates
/// are the same text is not compiled again. Thread-safe.
public final class TemplateCache: @unchecked Sendable {
    private let lock = NSLock()
    private var last: (templates: [String: String], sources: [String: String], renderer: TemplateRenderer)?
    public init() {}

    /// Compiles the theme's templates now (on the calling thread), so that the renderer made later finds them here.
    public func compile(_ theme: Theme) throws { _ = try renderer(for: theme) }

    func renderer(for theme: Theme) throws -> TemplateRenderer {
        if let last = lock.withLock({ last }), last.templates == theme.templates, last.sources == theme.sources { return last.renderer }
        let renderer = try TemplateRenderer(theme: theme)
        lock.withLock { last = (theme.templates, theme.sources, renderer) }
        return renderer
    }
}
