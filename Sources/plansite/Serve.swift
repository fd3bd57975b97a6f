// plansite serve: the preview server. Builds the site in memory, serves it on
// 127.0.0.1, rebuilds on every edit and reloads the open pages. Writes nothing.

import ArgumentParser
import Foundation
import PlanServe
#if canImport(Glibc)
import Glibc
#endif

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Preview the site on http://127.0.0.1:\(PreviewServer.defaultPort)/, rebuilt and reloaded on every edit.",
        discussion: """
        Watches site.yaml, content/ and themes/. An edit rebuilds the site in memory and reloads the pages it changed; \
        an edit with errors keeps the last good site served, prints the errors and shows them over the pages until \
        they are fixed. Writes nothing (output/ is left as it is). Ctrl-C stops it.
        """)

    @Option(name: .long, help: "The folder holding site.yaml (default: the current folder).")
    var root: String = "."

    @Option(name: .long, help: "The port to listen on, on 127.0.0.1 (0: any free port).")
    var port: UInt16 = PreviewServer.defaultPort

    @Flag(name: .long, help: "Treat warnings as errors.")
    var strict = false

    @Option(name: .customLong("as-at"), help: "Serve the plan as it stood at this date (YYYY-MM-DD or YYYY-MM); default: the latest date in the content.")
    var asAt: String?

    func run() throws {
        let rootURL = URL(fileURLWithPath: root).standardizedFileURL
        guard FileManager.default.fileExists(atPath: rootURL.appendingPathComponent("site.yaml").path) else {
            Terminal.error("plansite: error: no site.yaml in \(rootURL.path); run plansite in the folder holding site.yaml, or pass --root FOLDER\n")
            throw ExitCode(2)
        }
        let server = PreviewServer(root: rootURL, port: port, strict: strict, asAt: asAt) { message in
            switch message {
            case .info(let line): Terminal.out(line + "\n")
            case .problems(let report): Terminal.error(report + "\n")
            }
        }
        let finished = DispatchSemaphore(value: 0)
        let status = StatusBox()
        // Ctrl-C (and a polite kill) stop the server cleanly and exit 0.
        let signalQueue = DispatchQueue(label: "plansite.signals")
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: signalQueue)
            source.setEventHandler {
                Task {
                    await server.stop()
                    Terminal.out("\nplansite: stopped\n")
                    finished.signal()
                }
            }
            source.resume()
            sources.append(source)
        }
        Task {
            do {
                let port = try await server.start()
                Terminal.out("plansite: serving \(rootURL.path) at http://127.0.0.1:\(port)/ (edits to site.yaml, content/ and themes/ rebuild it; Ctrl-C stops)\n")
            } catch {
                Terminal.error("plansite: \(error)\n")
                status.value = 2
                finished.signal()
            }
        }
        finished.wait()
        sources.forEach { $0.cancel() }
        if status.value != 0 { throw ExitCode(status.value) }
    }
}

final class StatusBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Int32 = 0
    var value: Int32 {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

/// Unbuffered writes, so that lines reach a pipe as they happen.
enum Terminal {
    static func out(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }
    static func error(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}
