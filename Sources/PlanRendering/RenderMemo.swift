// PlanRendering/RenderMemo: what a build computes once and several pages use
// (plan.json, the CSV tables, whether a feed is written). Shared by the copies
// of a SiteRenderer and safe across the rendering threads.

import Foundation

final class RenderMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [String: Slot] = [:]

    /// One value: a second thread asking while the first makes it waits for it instead of making it again.
    private final class Slot {
        let lock = NSLock()
        var value: Any?
    }

    /// The value stored under `key`, made by `make` the first time it is asked for.
    func value<T>(_ key: String, _ make: () throws -> T) rethrows -> T {
        lock.lock()
        let slot = slots[key] ?? Slot()
        slots[key] = slot
        lock.unlock()
        slot.lock.lock()
        defer { slot.lock.unlock() }
        if let known = slot.value as? T { return known }
        let made = try make()
        slot.value = made
        return made
    }

    /// The value under `key` if it is made already, without waiting for a thread that is making it; nil otherwise.
    func made<T>(_ key: String, as: T.Type = T.self) -> T? {
        guard let slot = lock.withLock({ slots[key] }), slot.lock.try() else { return nil }
        defer { slot.lock.unlock() }
        return slot.value as? T
    }

    /// Lets go of the value under `key` (a large one no page needs any more); asked for again, it is made again.
    func forget(_ key: String) {
        lock.withLock { slots[key] = nil }
    }
}
