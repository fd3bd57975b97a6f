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
    #expect(text.err.contains("content/work-areas/2.yaml:14:49: error: action 2.2 repeats action 1.22, which does not exist; did you mean 1.2?"))
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

// The command-line points of issue 13 ("what readers and editors tripped on").

@Test(.enabled(if: FileManager.default.fileExists(atPath: plansiteBinary().path)))
func strictSaysHowManyWarningsWereTreatedAsErrors() throws {
    let root = try Fixture.copy()
    try edit(root, "content/pages/intro.md") { $0 + "\nThe IRM and the QRM are new.\n" }
    let r = try runPlansite(["build", "--root", root.path, "--strict"])
    #expect(r.status == 1)
    #expect(r.err.contains("plansite: 0 errors and 2 warnings treated as errors (--strict); nothing was written"), "\(r.err)")
    let check = try runPlansite(["check", "--root", root.path, "--strict"])
    #expect(check.status == 1 && check.err.contains("plansite: 0 errors and 2 warnings treated as errors (--strict)"), "\(check.err)")
}

@Test(.enabled(if: FileManager.default.fileExists(atPath: plansiteBinary().path)))
func checkQuietPrintsNothingButErrors() throws {
    let root = try Fixture.copy()
    try edit(root, "content/pages/intro.md") { $0 + "\nThe IRM is new.\n" }
    let quiet = try runPlansite(["check", "--root", root.path, "--quiet"])
    #expect(quiet.status == 0 && quiet.out.isEmpty && quiet.err.isEmpty, "\(quiet)")
    try edit(root, "content/work-areas/2.yaml") { $0.replacingOccurrences(of: "(also 1.2)", with: "(also 1.22)") }
    let failing = try runPlansite(["check", "--root", root.path, "--quiet"])
    #expect(failing.status == 1 && failing.err.contains("error: action 2.2 repeats action 1.22") && !failing.err.contains("IRM"))
    // Under --strict the warning is what stops the check: --quiet prints it, located, or the failure would say nothing.
    try edit(root, "content/work-areas/2.yaml") { $0.replacingOccurrences(of: "(also 1.22)", with: "(also 1.2)") }
    let strict = try runPlansite(["check", "--root", root.path, "--quiet", "--strict"])
    #expect(strict.status == 1 && strict.err.range(of: #"content/pages/intro\.md:\d+:\d+: warning: the abbreviation IRM"#, options: .regularExpression) != nil, "\(strict.err)")
}

/// A check stopped before the content is read (an --as-at that is not a date) says why, and does not go on to
/// count "0 errors, 0 warnings", which would read as a pass.
@Test(.enabled(if: FileManager.default.fileExists(atPath: plansiteBinary().path)))
func aCheckStoppedBeforeTheContentCountsNothing() throws {
    let root = try Fixture.copy()
    let r = try runPlansite(["check", "--root", root.path, "--as-at", "2025"])
    #expect(r.status == 2, "\(r)")
    #expect(r.err.contains("error: --as-at '2025' is not a date") && !r.err.contains("0 errors"), "\(r.err)")
    let ok = try runPlansite(["check", "--root", root.path, "--as-at", "2025-01"])
    #expect(ok.err.contains("0 errors"), "\(ok.err)")
}

@Test(.enabled(if: FileManager.default.fileExists(atPath: plansiteBinary().path)))
func anUnknownCommandIsNamedAndExitsTwo() throws {
    let r = try runPlansite(["biuld"])
    #expect(r.status == 2)
    #expect(r.err.hasPrefix("plansite: error: unknown command 'biuld'; the commands are build, check"), "\(r.err)")
    #expect(!r.err.contains("USAGE: plansite build"), "the top-level usage, not build's")
}

@Test(.enabled(if: FileManager.default.fileExists(atPath: plansiteBinary().path)))
func helpShowsEachDefaultOnce() throws {
    for command in ["build", "check"] {
        let r = try runPlansite([command, "--help"])
        #expect(r.status == 0)
        let help = r.out.replacingOccurrences(of: "\n ", with: " ").replacingOccurrences(of: #"\s+"#, with: " ", options: .regularExpression)
        for line in help.components(separatedBy: " --") {
            let defaults = line.components(separatedBy: "default").count - 1
            #expect(defaults <= 1, "\(command): \(line)")
        }
    }
}

@Test(.enabled(if: FileManager.default.fileExists(atPath: plansiteBinary().path)))
func theReadmesExampleDiagnosticIsWhatTheToolPrints() throws {
    let readme = try String(contentsOf: Fixture.repository.appendingPathComponent("README.md"), encoding: .utf8)
    let example = "content/work-areas/2.yaml:14:49: error: action 2.2 repeats action 1.22, which does not exist; did you mean 1.2?"
    #expect(readme.contains(example))
    let root = try Fixture.copy()
    try edit(root, "content/work-areas/2.yaml") { $0.replacingOccurrences(of: "(also 1.2)", with: "(also 1.22)") }
    #expect(try runPlansite(["check", "--root", root.path]).err.contains(example + "\n"))
}

@Test(.enabled(if: FileManager.default.fileExists(atPath: plansiteBinary().path)))
func theSummaryCountsAddUpAndSayWhereTheReportIs() throws {
    let root = try Fixture.copy()
    let first = try runPlansite(["build", "--root", root.path])
    let pattern = #"built (\d+) pages, (\d+) files \((\d+) written, (\d+) unchanged, (\d+) removed\) into .* in \d+ ms; 0 warnings \(build report: (.*)\)"#
    for (run, expectWritten) in [(first, true), (try runPlansite(["build", "--root", root.path]), false)] {
        let match = try #require(run.out.firstMatch(of: try Regex(pattern)), "\(run.out)")
        let n = (1...5).map { Int(match.output[$0].substring ?? "") ?? -1 }
        #expect(n[0] <= n[1] && n[2] + n[3] == n[1], "written and unchanged add up to the files: \(run.out)")
        #expect(expectWritten ? n[2] == n[1] : n[3] == n[1])
        let report = String(match.output[6].substring ?? "")
        #expect(report == root.appendingPathComponent("output.report.html").path)
        #expect(FileManager.default.fileExists(atPath: report))
    }
}

@Test(.enabled(if: FileManager.default.fileExists(atPath: plansiteBinary().path)))
func aNegativeJobCountAndAnUnwritableOutputAreSaidInWords() throws {
    let root = try Fixture.copy()
    let jobs = try runPlansite(["build", "--root", root.path, "--jobs", "-1"])
    #expect(jobs.status == 2)
    #expect(jobs.err.hasPrefix("Error: --jobs takes a number of threads, 1 or more"), "\(jobs.err)")
    // /proc takes no new folders: the staging folder cannot be made.
    let proc = try runPlansite(["build", "--root", root.path, "--output", "/proc/plansite-out", "--quiet"])
    #expect(proc.status == 2)
    #expect(proc.err.hasPrefix("plansite: error: cannot write /proc/plansite-out: No such file or directory: /proc/.plansite-out.staging-"), "\(proc.err)")
    #expect(proc.err.hasSuffix("; check that its folder exists and can be written, or choose another --output\n"), "\(proc.err)")
    #expect(!proc.err.contains("NSCocoaErrorDomain") && !proc.err.contains("UserInfo"))
}

/// Runs git in `folder` as a test's committer; a failure is an issue of the test.
func runGit(_ arguments: [String], in folder: URL) throws {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["git", "-C", folder.path, "-c", "user.name=t", "-c", "user.email=t@example.org"] + arguments
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    try p.run()
    p.waitUntilExit()
    #expect(p.terminationStatus == 0, "git \(arguments)")
}

@Test(.enabled(if: FileManager.default.fileExists(atPath: plansiteBinary().path)))
func diffOfGitRevisionsComparesTheTreesAsCommittedNotAsExported() throws {
    let root = try Fixture.copy()
    func git(_ arguments: String...) throws { try runGit(arguments, in: root) }
    try git("init", "-q")
    try git("add", ".")
    try git("commit", "-q", "-m", "one")
    // A .gitattributes that `git archive` would honour: the page would look removed in an export.
    try "content/pages/child.md export-ignore\n".write(to: root.appendingPathComponent(".gitattributes"), atomically: true, encoding: .utf8)
    try git("add", ".gitattributes")
    try git("commit", "-q", "-m", "two")
    let same = try runPlansite(["diff", "--root", root.path, "HEAD~1", "HEAD"])
    #expect(same.status == 0, "\(same.err)")
    #expect(same.out.contains("No changes."), "\(same.out)")
    // A real change between two commits is seen.
    let page = root.appendingPathComponent("content/pages/child.md")
    try (String(contentsOf: page, encoding: .utf8).replacingOccurrences(of: "title: ", with: "title: New ")).write(to: page, atomically: true, encoding: .utf8)
    try git("commit", "-q", "-am", "three")
    let changed = try runPlansite(["diff", "--root", root.path, "HEAD~1", "HEAD"])
    #expect(changed.status == 0, "\(changed.err)")
    #expect(changed.out.contains("retitled"), "\(changed.out)")
    #expect(try String(contentsOf: page, encoding: .utf8).contains("title: New "), "the work tree is not touched")
}

@Test(.enabled(if: FileManager.default.fileExists(atPath: plansiteBinary().path)))
func diffOfARevisionWithoutTheSiteSaysSo() throws {
    // A repository whose first commit is empty: the site is in a folder 'site' from the second on.
    let top = try Fixture.copy()
    let site = top.appendingPathComponent("site")
    try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
    for name in try FileManager.default.contentsOfDirectory(atPath: top.path) where name != "site" {
        try FileManager.default.moveItem(at: top.appendingPathComponent(name), to: site.appendingPathComponent(name))
    }
    func git(_ arguments: String...) throws { try runGit(arguments, in: top) }
    try git("init", "-q")
    try git("commit", "-q", "--allow-empty", "-m", "empty")
    try git("add", ".")
    try git("commit", "-q", "-m", "site")
    let diff = try runPlansite(["diff", "--root", site.path, "HEAD~1"])
    #expect(diff.status == 2)
    #expect(diff.err.hasPrefix("plansite: error: the site is not in revision HEAD~1 (commit "), "\(diff.err)")
    #expect(diff.err.hasSuffix("): it has no site/site.yaml; pick a revision that has it (git -C \(site.path) log --oneline -- site.yaml lists the commits that changed it), or give a date or a site folder\n"), "\(diff.err)")
    #expect(!diff.err.contains("fatal"), "\(diff.err)")
}

@Test(.enabled(if: FileManager.default.fileExists(atPath: plansiteBinary().path)))
func theJSONReportsSayWhatTheTextSays() throws {
    // The real plan: 0 errors, warnings, and the note that no feed is written (no base_url).
    let repo = Fixture.repository.path
    let build = try runPlansite(["check", "--root", repo, "--format", "json"])
    let report = try #require(try JSONSerialization.jsonObject(with: Data(build.out.utf8)) as? [String: Any])
    #expect(report["strict"] as? Bool == false)
    #expect((report["notes"] as? [String])?.contains { $0.hasPrefix("note: no Atom feed written") } == true, "\(build.out.prefix(400))")
    // --strict: warnings stop it, and the report says why the warnings count.
    let strict = try runPlansite(["check", "--root", repo, "--format", "json", "--strict"])
    #expect(strict.status == 1)
    let strictReport = try #require(try JSONSerialization.jsonObject(with: Data(strict.out.utf8)) as? [String: Any])
    #expect(strictReport["ok"] as? Bool == false && strictReport["strict"] as? Bool == true)
    // diff: a failure is JSON too, on stdout.
    let root = try Fixture.copy()
    let broken = try Fixture.copy()
    let wa = broken.appendingPathComponent("content/work-areas/2.yaml")
    try String(contentsOf: wa, encoding: .utf8).replacingOccurrences(of: "(also 1.2)", with: "(also 1.22)").write(to: wa, atomically: true, encoding: .utf8)
    let diff = try runPlansite(["diff", "--root", root.path, root.path, broken.path, "--format", "json"])
    #expect(diff.status == 2)
    let failure = try #require(try JSONSerialization.jsonObject(with: Data(diff.out.utf8)) as? [String: Any], "\(diff.out)")
    #expect(failure["ok"] as? Bool == false && (failure["failure"] as? String)?.isEmpty == false)
    #expect((failure["diagnostics"] as? [[String: Any]])?.first?["code"] as? String == "dangling-also")
    // An impossible date is said to be one.
    let date = try runPlansite(["diff", "--root", root.path, "2016-02-30"])
    #expect(date.status == 2 && date.err.contains("plansite: error: '2016-02-30' is written as a date but is not a date that exists"), "\(date.err)")
    #expect(date.err.contains("Usage: plansite diff [--root <root>]") && !date.err.contains("plansite <subcommand>"), "diff's own usage: \(date.err)")
}

/// A release of site.yaml names a side of a diff: the site as at the release's date.
@Test(.enabled(if: FileManager.default.fileExists(atPath: plansiteBinary().path)))
func diffTakesReleasesByTheirVersion() throws {
    let repo = Fixture.repository.path
    let byVersion = try runPlansite(["diff", "--root", repo, "2015.1", "2016.1", "--format", "json"])
    let byDate = try runPlansite(["diff", "--root", repo, "2015-09-30", "2016-01-31", "--format", "json"])
    #expect(byVersion.status == 0, "\(byVersion.err)")
    func changes(_ out: String) throws -> String {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        return String(decoding: try JSONSerialization.data(withJSONObject: json["changes"] ?? [], options: [.sortedKeys]), as: UTF8.self)
    }
    #expect(try changes(byVersion.out) == (try changes(byDate.out)), "release 2016.1 is the site as at 31 January 2016")
    #expect(try changes(byVersion.out).count > 10)
    let unknown = try runPlansite(["diff", "--root", repo, "2015.9"])
    #expect(unknown.status == 2 && unknown.err.contains("or a release of its site.yaml (2015.1, 2016.1, 2018.1, 2020.1)"), "\(unknown.err)")
}

/// `plansite diff . ../other` named the other site's files from its own folder (`content/pages/intro.md`), which
/// from where it runs is another, correct file: they are named from here.
@Test(.enabled(if: FileManager.default.fileExists(atPath: plansiteBinary().path)))
func diffNamesTheOtherSitesFilesFromHere() throws {
    let good = try Fixture.copy(), broken = try Fixture.copy()
    let intro = broken.appendingPathComponent("content/pages/intro.md")
    try (String(contentsOf: intro, encoding: .utf8) + "\n[x](page:nope)\n").write(to: intro, atomically: true, encoding: .utf8)
    let result = try runPlansite(["diff", "--root", good.path, good.path, broken.path])
    #expect(result.status == 2)
    let first = result.err.split(separator: "\n").first.map(String.init) ?? ""
    #expect(first.hasPrefix(broken.standardizedFileURL.path + "/content/pages/intro.md:"), "\(result.err)")
    #expect(first.contains("error: there is no page 'nope'"))
}
