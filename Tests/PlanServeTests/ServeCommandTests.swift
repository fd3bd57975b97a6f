// Tests of the `plansite serve` command as a user runs it: it says where it
// serves, Ctrl-C stops it with status 0, and `--version` prints the version.

import Foundation
import Scratch
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
func runPlansite(_ arguments: [String], binary: URL = plansiteBinary(), until: String?, then: ((String) throws -> Void)? = nil) throws -> (status: Int32, out: String, err: String) {
    let process = Process()
    process.executableURL = binary
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

    @Test func withoutItsServerProgramServeSaysHowToBuildIt() throws {
        // plansite alone in a folder: `serve` cannot hand over to plansite-serve.
        let alone = Scratch.folder("plansite-alone")
        try FileManager.default.createDirectory(at: alone, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: alone) }
        let copy = alone.appendingPathComponent("plansite")
        try FileManager.default.copyItem(at: plansiteBinary(), to: copy)
        let r = try runPlansite(["serve", "--root", try ServeFixture.copy().path, "--port", "0"], binary: copy, until: nil)
        #expect(r.status == 2)
        #expect(r.err.contains("no \(Preview.programName) beside plansite in \(alone.path)") && r.err.contains("--product plansite-serve"), "\(r.err)")
        // Its help needs no server.
        let help = try runPlansite(["serve", "--help"], binary: copy, until: nil)
        #expect(help.status == 0 && help.out.contains("--port"))
    }

    @Test func theServerProgramTakesOnlyWhatServePasses() throws {
        let server = plansiteBinary().deletingLastPathComponent().appendingPathComponent(Preview.programName)
        let r = try runPlansite(["--root", "."], binary: server, until: nil)
        #expect(r.status == 2 && r.err.contains("--root and --port are needed") && r.err.contains("started by 'plansite serve'"), "\(r.err)")
        let bad = try runPlansite(["--root", ".", "--port", "http"], binary: server, until: nil)
        #expect(bad.status == 2 && bad.err.contains("the port 'http' is not a number"), "\(bad.err)")
    }

    #if os(Linux)
    /// plansite starts without loading the HTTP stack (libcurl and its thirty-odd libraries); the server program has it.
    @Test func plansiteDoesNotLoadTheHTTPStack() throws {
        func libraries(_ binary: URL) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/ldd")
            process.arguments = [binary.path]
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        let plansite = try libraries(plansiteBinary())
        let server = try libraries(plansiteBinary().deletingLastPathComponent().appendingPathComponent(Preview.programName))
        #expect(!plansite.isEmpty && !plansite.contains("libcurl") && !plansite.contains("FoundationNetworking"), "\(plansite)")
        #expect(server.contains("libcurl") || server.contains("FoundationNetworking"), "the check must be able to see the stack: \(server)")
    }
    #endif

    @Test func aMissingSiteIsAUsageError() throws {
        let empty = Scratch.folder("plansite-empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let r = try runPlansite(["serve", "--root", empty.path, "--port", "0"], until: nil)
        #expect(r.status == 2 && r.err.contains("no site.yaml"))
    }
}

extension ServeCommandTests {
    /// A date on the command line is no edit away from fixed: serve stops at once, as build does, and serves nothing.
    @Test func anAsAtThatIsNotADateStopsServeBeforeItServes() throws {
        let r = try runPlansite(["serve", "--root", try ServeFixture.copy().path, "--port", "0", "--as-at", "nonsense"], until: nil)
        #expect(r.status == 2)
        #expect(r.err.contains("plansite: error: --as-at 'nonsense' is not a date; write it as YYYY-MM-DD"), "\(r.err)")
        #expect(!r.out.contains("serving"), "\(r.out)")
    }
}
