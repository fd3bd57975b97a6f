// Tests of the `plansite serve` command as a user runs it: it says where it
// serves, Ctrl-C stops it with status 0, and `--version` prints the version.

import Foundation
import PlanBuild
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The plansite executable built beside the test bundle.
func plansiteBinary() -> URL {
    var folder = Bundle.main.bundleURL
    while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("plansite").path), folder.path != "/" {
        folder = folder.deletingLastPathComponent()
    }
    return folder.appendingPathComponent("plansite")
}

/// Runs plansite to its end; with `until`, sends it SIGINT once its standard output holds that text (or after 20 s).
func runPlansite(_ arguments: [String], until: String?, then: ((String) throws -> Void)? = nil) throws -> (status: Int32, out: String, err: String) {
    let process = Process()
    process.executableURL = plansiteBinary()
    process.arguments = arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let collected = Collected()
    out.fileHandleForReading.readabilityHandler = { collected.out($0.availableData) }
    err.fileHandleForReading.readabilityHandler = { collected.err($0.availableData) }
    try process.run()
    if let until {
        let deadline = Date().addingTimeInterval(20)
        while !collected.stdout.contains(until), process.isRunning, Date() < deadline { usleep(10_000) }
        try then?(collected.stdout)
        if process.isRunning { kill(process.processIdentifier, SIGINT) }
    }
    let deadline = Date().addingTimeInterval(20)
    while process.isRunning, Date() < deadline { usleep(10_000) }
    if process.isRunning { process.terminate() }
    process.waitUntilExit()
    out.fileHandleForReading.readabilityHandler = nil
    err.fileHandleForReading.readabilityHandler = nil
    collected.out(out.fileHandleForReading.readDataToEndOfFile())
    collected.err(err.fileHandleForReading.readDataToEndOfFile())
    return (process.terminationStatus, collected.stdout, collected.stderr)
}

final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var o = Data(), e = Data()
    func out(_ d: Data) { lock.withLock { o.append(d) } }
    func err(_ d: Data) { lock.withLock { e.append(d) } }
    var stdout: String { lock.withLock { String(decoding: o, as: UTF8.self) } }
    var stderr: String { lock.withLock { String(decoding: e, as: UTF8.self) } }
}

@Suite(.enabled(if: FileManager.default.fileExists(atPath: plansiteBinary().path)))
struct ServeCommandTests {
    @Test func servesUntilCtrlC() throws {
        let root = try ServeFixture.copy()
        var served: HTTPReply?
        let r = try runPlansite(["serve", "--root", root.path, "--port", "0"], until: "plansite: serving") { out in
            guard let match = out.range(of: #"http://127\.0\.0\.1:(\d+)/"#, options: .regularExpression) else { return }
            let port = UInt16(out[match].dropFirst("http://127.0.0.1:".count).dropLast()) ?? 0
            served = try fetch(port, "/")
        }
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("plansite: built ") && r.out.contains("plansite: stopped"), "\(r.out)")
        #expect(served?.status == 200 && served?.text.contains("plansite-live") == true)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("output").path))
    }

    @Test func versionIsPrinted() throws {
        let r = try runPlansite(["--version"], until: nil)
        #expect(r.status == 0)
        #expect(r.out == plansiteVersion + "\n")
    }

    @Test func aMissingSiteIsAUsageError() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("plansite-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let r = try runPlansite(["serve", "--root", empty.path, "--port", "0"], until: nil)
        #expect(r.status == 2 && r.err.contains("no site.yaml"))
    }
}
