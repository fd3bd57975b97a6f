// plansite diff: what changed between two states of a plan, by entity.

import ArgumentParser
import Foundation
import PlanBuild
import PlanDiff
import PlanLoading
import PlanModel

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Report what changed between two states of a plan, entity by entity.",
        discussion: """
        OLD and NEW are each one of:
          a date (YYYY-MM-DD or YYYY-MM)   the site at --root as it stood at that date
          a folder holding site.yaml        that site (write ./2016-01 for a folder named like a date)
          a git revision (HEAD~1, v2016.1)  the site at --root as committed in that revision (checked out into a temporary folder; your work tree and index are not touched)
          a release (2016.1)                the site at --root as at the date of that release of its site.yaml (`releases:`)
        Without NEW, NEW is the site at --root as it is now; without OLD and NEW, both are the site at --root,
        told apart by --old-as-at and --new-as-at. --old-as-at and --new-as-at also build a folder or a revision as at a date.

        Examples:
          plansite diff --root site 2015-09-30 2016-01-31
          plansite diff old-site new-site --format markdown > change-note.md
          plansite diff HEAD~1 --exit-code

        Exit status: 0 compared (or no differences with --exit-code), 1 differences found (with --exit-code), 2 usage, content or I/O failure.
        """)

    @Option(name: .long, help: "The folder holding site.yaml (for dates, revisions and a missing side).")
    var root: String = "."

    @Argument(help: "The old state: a date, a folder, a git revision or a release.")
    var old: String?

    @Argument(help: "The new state: a date, a folder, a git revision or a release (default: the site at --root as it is).")
    var new: String?

    @Option(name: .customLong("old-as-at"), help: "Build the old state as it stood at this date.")
    var oldAsAt: String?

    @Option(name: .customLong("new-as-at"), help: "Build the new state as it stood at this date.")
    var newAsAt: String?

    @Option(name: .long, help: "text (for the terminal), json (docs/diff-json.md) or markdown (a drafted change note).")
    var format: ReportFormat = .text

    @Flag(name: .customLong("exit-code"), help: "Exit with status 1 when there are differences, as git diff --exit-code does.")
    var exitCode = false

    enum ReportFormat: String, ExpressibleByArgument { case text, json, markdown }

    var rootURL: URL { URL(fileURLWithPath: root).standardizedFileURL }

    /// A usage error said as plansite says its errors (status 2), with where to read how diff is used: the
    /// parser's own would print the usage of plansite, not of diff.
    static func usage(_ message: String) -> ExitCode {
        let usage = Diff.helpMessage().split(separator: "\n").first { $0.hasPrefix("USAGE: diff") }.map { "plansite " + $0.dropFirst("USAGE: ".count) } ?? "plansite diff [OLD] [NEW]"
        FileHandle.standardError.write(Data("plansite: error: \(message)\nUsage: \(usage) (see plansite diff --help)\n".utf8))
        return ExitCode(2)
    }

    static func isDate(_ text: String) -> Bool {
        if case .success = ContentDate.parse(text) { return true }
        return false
    }

    func side(_ argument: String?, asAt: String?) throws -> ComparisonSide {
        guard let argument else {
            return ComparisonSide(source: .folder(rootURL), asAt: asAt, label: asAt.map { "as at \($0)" } ?? "the site as it is")
        }
        if Diff.isDate(argument) {
            if asAt != nil { throw Diff.usage("'\(argument)' is a date already; drop --old-as-at/--new-as-at for it") }
            return ComparisonSide(source: .folder(rootURL), asAt: argument, label: "as at \(argument)")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory), isDirectory.boolValue {
            return ComparisonSide(source: .folder(URL(fileURLWithPath: argument).standardizedFileURL), asAt: asAt, label: argument)
        }
        if Comparison.isRevision(argument, root: rootURL) {
            return ComparisonSide(source: .git(root: rootURL, revision: argument), asAt: asAt, label: argument)
        }
        // A release of the site at --root (`releases:` in its site.yaml): the site as at the release's date.
        let releases = PlanLoader(source: DiskContentSource(root: rootURL)).load().plan?.releases ?? []
        if let release = releases.first(where: { $0.version == argument || "v" + $0.version == argument }) {
            if asAt != nil { throw Diff.usage("'\(argument)' is a release, which is as at its date already; drop --old-as-at/--new-as-at for it") }
            return ComparisonSide(source: .folder(rootURL), asAt: release.date.description, label: "release \(release.version) (as at \(release.date))")
        }
        if case .failure(.impossible) = ContentDate.parse(argument) {
            throw Diff.usage("'\(argument)' is written as a date but is not a date that exists; check the month and the day")
        }
        let versions = releases.map(\.version)
        throw Diff.usage("'\(argument)' is not a date (YYYY-MM-DD), a folder, a git revision of the repository holding \(rootURL.path)"
            + (versions.isEmpty ? " or a release of its site.yaml" : ", or a release of its site.yaml (\(versions.joined(separator: ", ")))"))
    }

    func run() throws {
        if old == nil, new == nil, oldAsAt == nil, newAsAt == nil {
            throw Diff.usage("say what to compare: plansite diff OLD [NEW], or --old-as-at DATE --new-as-at DATE")
        }
        let a = try side(old, asAt: oldAsAt), b = try side(new, asAt: newAsAt)
        let changes: ChangeSet
        do {
            changes = try Comparison.run(old: a, new: b)
        } catch let failure as ComparisonFailure {
            if format == .json {
                // As check and build report a failure in JSON: what failed, and the errors behind it.
                struct Failure: Encodable { let ok = false; let failure: String; let diagnostics: [Diagnostic] }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                if let data = try? encoder.encode(Failure(failure: failure.message, diagnostics: failure.diagnostics.filter { $0.severity == .error })) {
                    print(String(decoding: data, as: UTF8.self))
                }
            }
            for d in failure.diagnostics where d.severity == .error {
                FileHandle.standardError.write(Data((d.formatted + "\n").utf8))
            }
            FileHandle.standardError.write(Data("plansite: error: \(failure.message)\n".utf8))
            throw ExitCode(2)
        }
        switch format {
        case .text: print(ChangeReport.text(changes), terminator: "")
        case .json: print(ChangeReport.json(changes), terminator: "")
        case .markdown: print(ChangeReport.markdown(changes), terminator: "")
        }
        if exitCode, !changes.isEmpty { throw ExitCode(1) }
    }
}
