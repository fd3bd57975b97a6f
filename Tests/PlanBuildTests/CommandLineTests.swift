// Tests of the plansite command as a user runs it: exit statuses, the text
// and JSON diagnostics, and the summary line.

import Foundation
import Testing

/// The plansite executable built beside the test bundle.
func plansiteBinary() -> URL {
    var folder = Bundle.main.bundleURL
    while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("plansite").path), folder.path != "/" {
        folder = folder.deletingLastPathComponent()
    }
    return folder.appendingPathComponent("plansite")
}

func runPlansite(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
    let process = Process()
    process.executableURL = plansiteBinary()
    process.arguments = arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
}

@Test(.enabled(if: FileManager.default.fileExists(atPath: plansiteBinary().path)))
func buildPrintsASummaryAndExitsZero() throws {
    let root = try Fixture.copy()
    let r = try runPlansite(["build", "--root", root.path])
    #expect(r.status == 0, "\(r.err)")
    #expect(r.out.range(of: #"^plansite: built \d+ pages, \d+ files \(\d+ written, 0 unchanged, 0 removed\) into .* in \d+ ms; 0 warnings"#, options: .regularExpression) != nil, "\(r.out)")
    let quiet = try runPlansite(["build", "--root", root.path, "--quiet"])
    #expect(quiet.status == 0 && quiet.out.isEmpty && quiet.err.isEmpty)
}

@Test(.enabled(if: FileManager.default.fileExists(atPath: plansiteBinary().path)))
func checkReportsErrorsAsTextAndJSON() throws {
    let root = try Fixture.copy()
    let wa = root.appendingPathComponent("content/work-areas/2.yaml")
    try (try String(contentsOf: wa, encoding: .utf8)).replacingOccurrences(of: "(also 1.2)", with: "(also 1.22)").write(to: wa, atomically: true, encoding: .utf8)
    let text = try runPlansite(["check", "--root", root.path])
    #expect(text.status == 1)
    #expect(text.err.contains("content/work-areas/2.yaml:14:15: error: action 2.2 repeats action 1.22, which does not exist; did you mean 1.2?"))
    #expect(text.err.contains("plansite: 1 error, 0 warnings"))
    let json = try runPlansite(["check", "--root", root.path, "--format", "json"])
    #expect(json.status == 1)
    let report = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
    #expect(report["ok"] as? Bool == false)
    let first = try #require((report["diagnostics"] as? [[String: Any]])?.first)
    #expect(first["code"] as? String == "dangling-also")
    #expect(first["severity"] as? String == "error")
    #expect((first["location"] as? [String: Any])?["line"] as? Int == 14)
    #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("output").path))
}

@Test(.enabled(if: FileManager.default.fileExists(atPath: plansiteBinary().path)))
func usageAndIOFailuresExitTwo() throws {
    #expect(try runPlansite(["build", "--no-such-option"]).status == 2)
    #expect(try runPlansite(["check", "--format", "xml"]).status == 2)
    let missing = try runPlansite(["build", "--root", "/nonexistent-plansite-site"])
    #expect(missing.status == 2)
    #expect(missing.err.contains("plansite: error: no site.yaml in /nonexistent-plansite-site"))
}
