// plansite: the command line. Each command is a small type with its help
// beside it; the work is PlanBuild's.

import ArgumentParser
import Foundation
import PlanBuild
import PlanModel
#if canImport(Glibc)
import Glibc
#endif

@main
struct Plansite: ParsableCommand {
    static let configuration = CommandConfiguration(
        // Every command names itself: ArgumentParser otherwise derives the name from the type with
        // String(describing:), a dynamic cast that scans every protocol conformance in the binary (a few ms at each start).
        commandName: "plansite",
        abstract: "Publish an improvement plan as a cross-linked, accessible website.",
        discussion: "Run in a folder holding site.yaml and content/, or pass --root. Exit status: 0 built, 1 content errors, 2 usage or I/O failure.",
        version: plansiteVersion,
        subcommands: [Build.self, Check.self, Serve.self, New.self, Diff.self],
        defaultSubcommand: Build.self)

    /// Runs the command; a usage error exits with status 2, as documented (not ArgumentParser's 64).
    static func main() {
        #if canImport(Glibc)
        // Pages and editions are large, short-lived buffers made on several threads. glibc's default raises its
        // mmap threshold after the first large free, after which such buffers come from the heap, are kept there
        // and scatter it: at ~10,000 pages that held 50 MB more than the build needs. A fixed threshold gives every
        // buffer over 128 kB back to the system when it is freed.
        // (mallopt is not in Swift's Glibc module: found by name; M_MMAP_THRESHOLD is -3, M_TRIM_THRESHOLD -1, M_TOP_PAD -2 in malloc.h.)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") {   // RTLD_DEFAULT
            let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
            _ = mallopt(-3, 128 * 1024)
            _ = mallopt(-1, 128 * 1024)
            // Each time the heap grows, 4 MB more than asked for, kept when it shrinks: a build makes and frees many
            // pages of a few kB, and without this pad each round of them grows the heap again and faults its pages in
            // afresh (at ~1,000 pages, 11,700 page faults, a fifth of the build's system time; with it, about half).
            _ = mallopt(-2, 4 * 1024 * 1024)   // M_TOP_PAD
        }
        #endif
        // Without this, an unknown command would be taken for an argument of the default command, build.
        let arguments = Array(CommandLine.arguments.dropFirst())
        let names = configuration.subcommands.map { $0._commandName }
        if let first = arguments.first, !first.hasPrefix("-"), !(names + ["help"]).contains(first) {
            FileHandle.standardError.write(Data("plansite: error: unknown command '\(first)'; the commands are \(names.dropLast().joined(separator: ", ")) and \(names.last ?? "")\n\n\(helpMessage())\n".utf8))
            Foundation.exit(2)
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

struct SiteOptions: ParsableArguments {
    @Option(name: .long, help: "The folder holding site.yaml.")
    var root: String = "."

    @Flag(name: .long, help: "Treat warnings as errors.")
    var strict = false

    @Option(name: .long, help: "How to print diagnostics: text or json.")
    var format: DiagnosticFormat = .text

    @Option(name: .customLong("as-at"), help: "Build the plan as it stood at this date (YYYY-MM-DD or YYYY-MM); default: the latest date in the content.")
    var asAt: String?

    @Flag(name: .long, help: "Print nothing but errors.")
    var quiet = false

    var rootURL: URL { URL(fileURLWithPath: root).standardizedFileURL }
}

enum DiagnosticFormat: String, ExpressibleByArgument { case text, json }

/// Prints diagnostics and the outcome, and turns the result into an exit code.
struct Reporter {
    let format: DiagnosticFormat
    let quiet: Bool
    var strict = false

    /// "2 errors, 1 warning", or with --strict "0 errors and 3 warnings treated as errors (--strict)".
    static func count(_ diagnostics: [Diagnostic], strict: Bool) -> String {
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        let e = diagnostics.errors.count, w = diagnostics.warnings.count
        if strict, w > 0 { return "\(plural(e, "error")) and \(plural(w, "warning")) treated as error\(w == 1 ? "" : "s") (--strict)" }
        return "\(plural(e, "error")), \(plural(w, "warning"))"
    }

    func report(_ result: BuildResult) {
        switch format {
        case .json:
            // `strict`: warnings stopped the build as errors would (--strict); `notes`: what the text report says
            // besides the diagnostics ("no Atom feed written: ...").
            struct Report: Encodable { let ok: Bool; let strict: Bool; let diagnostics: [Diagnostic]; let notes: [String]; let failure: String? }
            var failure: String?
            if case .failure(let message) = result.outcome { failure = message }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let report = Report(ok: result.exitCode == 0, strict: strict, diagnostics: result.diagnostics, notes: result.notices, failure: failure)
            if let data = try? encoder.encode(report) {
                print(String(decoding: data, as: UTF8.self))
            }
        case .text:
            // Under --strict a warning is an error: --quiet, which keeps the errors, keeps it too.
            for d in result.diagnostics where d.severity == .error || (d.severity == .warning && (!quiet || strict)) {
                FileHandle.standardError.write(Data((d.formatted + "\n").utf8))
            }
            if case .failure(let message) = result.outcome {
                FileHandle.standardError.write(Data("plansite: error: \(message)\n".utf8))
            }
        }
    }
}

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "build", abstract: "Build the site into output/ (staged, then swapped in whole).")

    @OptionGroup var site: SiteOptions

    @Option(name: .long, help: "Where to write the site (default: ROOT/output); replaced only when empty or written by plansite.")
    var output: String?

    @Option(name: .long, parsing: .unconditional, help: "At most this many threads to build with (default, and most: one per core); the output is the same for any number.")
    var jobs: Int?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs takes a number of threads, 1 or more") }
    }

    func run() throws {
        let start = DispatchTime.now()
        var options = BuildOptions(root: site.rootURL, output: output.map { URL(fileURLWithPath: $0).standardizedFileURL },
                                   strict: site.strict, write: true, asAt: site.asAt)
        options.threads = jobs
        let progress = ProgressLine.onTerminal(quiet: site.quiet || site.format != .text)
        options.progress = progress?.show
        let result = SiteBuilder(options: options).run()
        progress?.clear()
        Reporter(format: site.format, quiet: site.quiet, strict: site.strict).report(result)
        let ms = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1_000_000
        if result.exitCode == 0, !site.quiet, site.format == .text {
            for notice in result.notices { FileHandle.standardError.write(Data("plansite: \(notice)\n".utf8)) }
        }
        if result.exitCode == 0, !site.quiet, site.format == .text, let w = result.written {
            let pages = result.pageCount
            let warnings = result.diagnostics.warnings.count
            let where_ = result.reportFile.map { "build report: \($0.path)" } ?? (result.reportFailure ?? "no build report")
            print("plansite: built \(pages) pages, \(result.fileCount) files (\(w.written) written, \(w.unchanged) unchanged, \(w.removed) removed) into \(options.output.path) in \(String(format: "%.0f", ms)) ms; \(warnings) warning\(warnings == 1 ? "" : "s") (\(where_))")
        } else if result.exitCode == 1, site.format == .text {
            FileHandle.standardError.write(Data("plansite: \(Reporter.count(result.diagnostics, strict: site.strict)); nothing was written, \(options.output.path) is as it was\n".utf8))
        }
        // The build is over and everything is written: exit now, without taking the linked plan and the renderer
        // apart object by object (several milliseconds of a small build), as the process ending frees it all.
        fflush(stdout)
        Foundation.exit(result.exitCode)
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Check the content and every reference without writing anything.")

    @OptionGroup var site: SiteOptions

    func run() throws {
        let result = SiteBuilder(options: BuildOptions(root: site.rootURL, strict: site.strict, write: false, asAt: site.asAt)).run()
        Reporter(format: site.format, quiet: site.quiet, strict: site.strict).report(result)
        // The count of what the content gives: not after a failure that stopped the check before the content was
        // read (an --as-at that is not a date, no site.yaml), where "0 errors, 0 warnings" would read as a pass.
        var stoppedBeforeContent = false
        if case .failure = result.outcome, result.diagnostics.isEmpty { stoppedBeforeContent = true }
        if site.format == .text, !site.quiet || result.exitCode != 0, !stoppedBeforeContent {
            FileHandle.standardError.write(Data("plansite: \(Reporter.count(result.diagnostics, strict: site.strict))\n".utf8))
        }
        if result.exitCode != 0 { throw ExitCode(result.exitCode) }
    }
}

/// The progress line of a long build on a terminal: one line on stderr, redrawn in place
/// ("Rendering: 420 of 1000 files"), cleared when the build ends. Nothing when stderr is not a
/// terminal or with --quiet. It uses no colour (so NO_COLOR has nothing to turn off).
final class ProgressLine {
    private var width = 0
    private var lastDraw: UInt64 = 0

    /// A progress line, or nil when there should be none.
    static func onTerminal(quiet: Bool) -> ProgressLine? {
        guard !quiet, isatty(STDERR_FILENO) == 1, ProcessInfo.processInfo.environment["TERM"] != "dumb" else { return nil }
        return ProgressLine()
    }

    /// Hears (files rendered, files in all), as `BuildOptions.progress` tells them.
    func show(_ done: Int, _ total: Int) {
        // Redraw at most every 50 ms, but always the last count.
        let now = DispatchTime.now().uptimeNanoseconds
        guard done >= total || now - lastDraw > 50_000_000 else { return }
        lastDraw = now
        draw("Rendering: \(done) of \(total) files")
    }

    func clear() { if width > 0 { draw("") } }

    private func draw(_ text: String) {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        FileHandle.standardError.write(Data(("\r" + text + padding + (text.isEmpty ? "\r" : "")).utf8))
        width = text.count
    }
}

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create a starter site: a small example plan, marked as an example on every page, to edit into your own.",
        discussion: "DIR must not exist, or be an empty folder. Build the new site with: plansite build --root DIR")

    @Argument(help: "The folder to create the site in.")
    var dir: String

    func run() throws {
        let folder = URL(fileURLWithPath: dir).standardizedFileURL
        do {
            let written = try StarterSite.write(to: folder)
            print("plansite: created a starter site in \(folder.path) (\(written.count) files): an example plan, with a banner on every page saying so")
            print("next: plansite build --root \(dir), then open \(dir)/output/index.html; edit site.yaml and content/, and remove 'example: true' from site.yaml when the plan is your own")
        } catch let failure as StarterSite.Failure {
            FileHandle.standardError.write(Data("plansite: error: \(failure)\n".utf8))
            throw ExitCode(2)
        }
    }
}
