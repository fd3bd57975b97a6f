// plansite serve: the preview server. Builds the site in memory, serves it on
// 127.0.0.1, rebuilds on every edit and reloads the open pages. Writes nothing.
// The server is the program plansite-serve (Sources/plansite-serve), built beside
// plansite: this command checks its options and hands the process over to it.

import ArgumentParser
import Foundation
import PlanBuild
import PlanModel
#if canImport(Glibc)
import Glibc
#endif

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Preview the site on http://127.0.0.1:\(Preview.defaultPort)/, rebuilt and reloaded on every edit.",
        discussion: """
        Watches site.yaml, content/ and themes/. An edit rebuilds the site in memory and reloads the pages it changed; \
        an edit with errors keeps the last good site served, prints the errors and shows them over the pages until \
        they are fixed. Writes nothing (output/ is left as it is). Ctrl-C stops it.
        """)

    @Option(name: .long, help: "The folder holding site.yaml (default: the current folder).")
    var root: String = "."

    @Option(name: .long, help: "The port to listen on, on 127.0.0.1 (0: any free port).")
    var port: UInt16 = Preview.defaultPort

    @Flag(name: .long, help: "Treat warnings as errors.")
    var strict = false

    @Option(name: .customLong("as-at"), help: "Serve the plan as it stood at this date (YYYY-MM-DD or YYYY-MM); default: the latest date in the content.")
    var asAt: String?

    func run() throws {
        let rootURL = URL(fileURLWithPath: root).standardizedFileURL
        func fail(_ message: String) -> ExitCode {
            FileHandle.standardError.write(Data("plansite: error: \(message)\n".utf8))
            return ExitCode(2)
        }
        guard FileManager.default.fileExists(atPath: rootURL.appendingPathComponent("site.yaml").path) else {
            throw fail("no site.yaml in \(rootURL.path); run plansite in the folder holding site.yaml, or pass --root FOLDER")
        }
        // A command-line value no edit can fix stops serve here, as it stops build.
        if let asAt, case .failure = ContentDate.parse(asAt) {
            throw fail("--as-at '\(asAt)' is not a date; write it as YYYY-MM-DD (or YYYY-MM), e.g. --as-at 2016-01-31")
        }
        let program = Preview.programURL()
        guard FileManager.default.isExecutableFile(atPath: program.path) else {
            throw fail("the preview server is missing: there is no \(Preview.programName) beside plansite in \(program.deletingLastPathComponent().path); "
                + "build it with 'swift build -c release --static-swift-stdlib --product \(Preview.programName)' (scripts/build.sh builds both)")
        }
        var arguments = [program.path, "--root", rootURL.path, "--port", String(port)]
        if strict { arguments.append("--strict") }
        if let asAt { arguments += ["--as-at", asAt] }
        // The server takes this process's place: the same process id, terminal and Ctrl-C, and its exit status is plansite's.
        let cArguments = arguments.map { strdup($0) } + [nil]
        execv(program.path, cArguments)
        throw fail("could not start \(program.path): \(String(cString: strerror(errno)))")
    }
}
