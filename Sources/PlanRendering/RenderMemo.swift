// PlanRendering/RenderMemo: what a build computes once and several pages use
// (plan.json, the CSV tables, whether a feed is written). Shared by the copies
// of a SiteRenderer and safe across the rendering threads.

import Foundation

final class RenderMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: Any] = [:]

    /// The value stored under `key`, made by `make` the first time it is asked for.
    func value<T>(_ key: String, _ make: () throws -> T) rethrows -> T {
        lock.lock()
        if let known = values[key] as? T { lock.unlock(); return known }
        lock.unlock()
        let made = try make()
        lock.lock()
        values[key] = made
        lock.unlock()
        return made
    }
}
