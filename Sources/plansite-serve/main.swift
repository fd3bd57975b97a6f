// plansite-serve: the preview server that `plansite serve` hands its process
// over to (see Sources/plansite/Serve.swift, which checks the options and
// documents them). Builds the site in memory, serves it on 127.0.0.1, rebuilds
// on every edit and reloads the open pages. Writes nothing.
//
// Its arguments are the ones `plansite serve` passes, already checked:
//   --root FOLDER --port N [--strict] [--as-at DATE]

import Foundation
import PlanBuild
import PlanServe
#if canImport(Glibc)
import Glibc
#endif

/// Unbuffered writes, so that lines reach a pipe as they happen.
enum Terminal {
    static func out(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }
    static func error(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}

final class StatusBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Int32 = 0
    var value: Int32 {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

/// The options as `plansite serve` passes them; nil (with the reason) for anything else.
struct ServeArguments {
    struct Problem: Error { let reason: String }

    var root: String?
    var port: UInt16?
    var strict = false
    var asAt: String?

    static func parse(_ arguments: [String]) -> Result<ServeArguments, Problem> {
        var parsed = ServeArguments()
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--strict": parsed.strict = true
            case "--root", "--port", "--as-at":
                guard let value = rest.popFirst() else { return .failure(Problem(reason: "\(argument) needs a value")) }
                if argument == "--root" { parsed.root = value }
                else if argument == "--as-at" { parsed.asAt = value }
                else if let port = UInt16(value) { parsed.port = port }
                else { return .failure(Problem(reason: "the port '\(value)' is not a number from 0 to 65535")) }
            default: return .failure(Problem(reason: "unknown argument '\(argument)'"))
            }
        }
        guard parsed.root != nil, parsed.port != nil else { return .failure(Problem(reason: "--root and --port are needed")) }
        return .success(parsed)
    }
}

let options: ServeArguments
switch ServeArguments.parse(Array(CommandLine.arguments.dropFirst())) {
case .success(let parsed): options = parsed
case .failure(let problem):
    Terminal.error("plansite-serve: error: \(problem.reason); this program is started by 'plansite serve' (see plansite serve --help)\n")
    exit(2)
}

/// Serves until Ctrl-C (status 0) or a failure to start (status 2, with the reason). Not top-level code: tasks started
/// here must not wait for the main thread, which waits for them.
func serve(_ options: ServeArguments) -> Int32 {
    let rootURL = URL(fileURLWithPath: options.root!).standardizedFileURL
    let server = PreviewServer(root: rootURL, port: options.port!, strict: options.strict, asAt: options.asAt) { message in
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
            Terminal.error("plansite: error: \(error)\n")
            status.value = 2
            finished.signal()
        }
    }
    finished.wait()
    sources.forEach { $0.cancel() }
    return status.value
}

exit(serve(options))
