// PlanModel/Parallel: runs independent pieces of work (linking, rendering) on several
// threads. Results come back in input order, so the bytes never depend on
// scheduling; with one thread everything runs on the calling thread.

import Dispatch
import Foundation

public enum Parallel {
    /// The number of threads a build uses unless told otherwise: one per core.
    public static var defaultThreads: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// `transform` applied to every element, on up to `threads` threads, in input order.
    public static func map<T, R>(_ items: [T], threads: Int, _ transform: (T) throws -> R) rethrows -> [R] {
        let workers = min(max(1, threads), items.count)
        guard workers > 1 else { return try items.map(transform) }
        var results = [Result<R, Error>?](repeating: nil, count: items.count)
        // Workers take the next item as they come free, so one slow item does not hold up the rest.
        let next = Counter()
        results.withUnsafeMutableBufferPointer { slots in
            let slots = SendableBuffer(base: slots)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while true {
                    let i = next.take()
                    guard i < items.count else { break }
                    slots.base[i] = Result { try transform(items[i]) }
                }
            }
        }
        return try results.map { try $0!.get() }
    }

    /// `first` and `second` run at the same time when `threads` allows; the results do not depend on it.
    public static func both<A, B>(threads: Int, _ first: () -> A, _ second: () -> B) -> (A, B) {
        guard threads > 1 else { return (first(), second()) }
        var a: A?
        var b: B?
        withUnsafeMutablePointer(to: &a) { pa in
            withUnsafeMutablePointer(to: &b) { pb in
                let slots = SendablePair(a: pa, b: pb)
                DispatchQueue.concurrentPerform(iterations: 2) { i in
                    if i == 0 { slots.a.pointee = first() } else { slots.b.pointee = second() }
                }
            }
        }
        return (a!, b!)
    }

    private struct SendablePair<A, B>: @unchecked Sendable {
        let a: UnsafeMutablePointer<A?>
        let b: UnsafeMutablePointer<B?>
    }

    /// Hands out 0, 1, 2, ... to the workers.
    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func take() -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value - 1
        }
    }

    /// Each worker writes only its own slots.
    private struct SendableBuffer<E>: @unchecked Sendable { let base: UnsafeMutableBufferPointer<E> }
}
