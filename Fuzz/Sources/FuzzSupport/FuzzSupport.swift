// FuzzSupport: one small valid site in memory, with one file replaced by the
// fuzzer's bytes, loaded and (when it loads cleanly) linked. Any crash, trap or
// sanitizer report is a bug: bad input must only ever give diagnostics.

import Foundation
import PlanLinking
import PlanLoading
import PlanModel

public enum FuzzSite {
    public static let files: [String: String] = [
        "site.yaml": """
        title: Fuzz plan
        organisation: Council
        release:
          version: "1"
          date: 2015-09-01
        pages: content/pages
        work_areas:
          - content/work-areas/1.yaml
        registers:
          - content/registers/ofsted-2015.yaml
        glossary: content/glossary.yaml
        schedule: content/schedule.yaml
        scorecard: content/scorecard.csv

        """,
        "content/pages/intro.md": "---\ntitle: Introduction\norder: 1\n---\nThe [MASH](term:MASH) answers [recommendation 1](ofsted-2015:1) through [](action:1.1).\n",
        "content/work-areas/1.yaml": """
        number: 1
        title: Leadership
        addresses:
          ofsted-2015: "1-2"
        actions:
          - heading: Leadership
            rows:
              - ref: "1.1"
                what: Lead the MASH.
                lead: [Director]
                timeframe: [Q3 15/16]

        """,
        "content/registers/ofsted-2015.yaml": """
        id: ofsted-2015
        title: Recommendations
        issuer: Ofsted
        items:
          - number: "1"
            text: Improve.
          - number: "2"
            text: Review.
            items:
              - number: a
                text: Sub-point.

        """,
        "content/glossary.yaml": "terms:\n  - term: Multi Agency Safeguarding Hub\n    abbreviation: MASH\n    description: A team.\n",
        "content/schedule.yaml": "months: [Sept 2015, Oct 2015]\ngroups:\n  - heading: External\n    rows:\n      - activity: Board meetings\n        notes:\n          - from: Sept 2015\n            to: Oct 2015\n            text: Monthly\n",
        "content/scorecard.csv": "group,number,measure,Oct 2014,benchmark\nA,1,Open cases,\"1,700\",-\n",
    ]

    /// Loads the site with `path` replaced by `bytes` (decoded and checked as the disk source does), and links it.
    public static func run(_ path: String, _ data: UnsafeRawPointer, _ count: Int) {
        let bytes = Data(bytes: data, count: count)
        guard let text = try? TextHygiene.decode(bytes) else { return }
        var site = files
        site[path] = text
        let loaded = PlanLoader(source: MemoryContentSource(site)).load()
        for d in loaded.diagnostics { _ = d.formatted }
        if let plan = loaded.plan, !loaded.diagnostics.hasErrors {
            _ = Linker().link(plan)
        }
    }
}

/// SwiftPM gives an executable target's entry point its own name, so libFuzzer's `main` is not used:
/// each harness's main.swift calls `Fuzzer.run`, which hands the command line to libFuzzer's driver.
public enum Fuzzer {
    nonisolated(unsafe) static var body: (UnsafeRawPointer, Int) -> Void = { _, _ in }

    @_silgen_name("LLVMFuzzerRunDriver")
    static func runDriver(_ argc: UnsafeMutablePointer<Int32>,
                          _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                          _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

    public static func run(_ body: @escaping (UnsafeRawPointer, Int) -> Void) -> Never {
        Fuzzer.body = body
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        let status = runDriver(&argc, &argv) { data, count in
            if let data { Fuzzer.body(UnsafeRawPointer(data), count) } else { Fuzzer.body(UnsafeRawPointer(bitPattern: 1)!, 0) }
            return 0
        }
        exit(status)
    }
}
