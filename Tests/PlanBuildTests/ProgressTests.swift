// The build's progress hook: every step is reported, in order, with pages counted.

import Foundation
import PlanBuild
import Testing

final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [BuildProgress] = []
    func add(_ p: BuildProgress) { lock.withLock { stored.append(p) } }
    var all: [BuildProgress] { lock.withLock { stored } }
}

@Test func buildReportsItsProgress() throws {
    let root = try Fixture.copy()
    let log = ProgressLog()
    let result = SiteBuilder(options: BuildOptions(root: root, progress: log.add)).run()
    #expect(result.exitCode == 0)
    let steps = log.all.map(\.step)
    #expect(steps.first == .loading && steps.last == .writing)
    var order: [BuildProgress.Step] = []
    for step in steps where order.last != step { order.append(step) }
    #expect(order == [.loading, .linking, .rendering, .writing])
    let pages = result.files.filter { $0.path.hasSuffix(".html") }.count
    #expect(log.all.contains(BuildProgress(step: .rendering, done: pages, total: pages)))
    let written = log.all.last
    #expect(written?.done == written?.total && (written?.total ?? 0) > 0)
    // A check (no write) stops after rendering.
    let checkLog = ProgressLog()
    _ = SiteBuilder(options: BuildOptions(root: root, write: false, progress: checkLog.add)).run()
    #expect(checkLog.all.last?.step == .rendering)
}
