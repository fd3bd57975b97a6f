// PlanModel/Parallel: runs independent pieces of work (linking, rendering) on several
// threads. Results come back in input order, so the bytes never depend on
// scheduling; with one thread everything runs on the calling thread.
//
// The threads are one shared pool (a helper per core beyond the first). Work nests: a
// `map` inside one side of `both` is helped by whichever threads are free, and a thread
// waiting for its own work to finish helps with any other work meanwhile. (Dispatch's
// concurrentPerform, used before, runs a nested call on one thread when the outer call
// already holds the cores, so one core sat idle while the other loaded or rendered.)

import Foundation

public enum Parallel {
    /// The number of threads a build uses unless told otherwise: one per core.
    public static var defaultThreads: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// `transform` applied to every element, on up to `threads` threads, in input order.
    public static func map<T, R>(_ items: [T], threads: Int, _ transform: (T) throws -> R) rethrows -> [R] {
        let workers = min(max(1, threads), items.count)
        guard workers > 1 else { return try items.map(transform) }
        var results = [Result<R, Error>?](repeating: nil, count: items.count)
        results.withUnsafeMutableBufferPointer { slots in
            let slots = SendableBuffer(base: slots)
            // Each item writes only its own slot.
            WorkPool.shared.run(count: items.count, limit: workers) { i in slots.base[i] = Result { try transform(items[i]) } }
        }
        return try results.map { try $0!.get() }
    }

    /// `work` applied to every element on up to `threads` threads, and each result handed to `then` in input
    /// order, one at a time, by whichever thread has just finished the result it was waiting for. No thread waits
    /// for a batch to end (as a `map` per batch made it do), and only results finished ahead of an earlier one are
    /// held. The first error (in input order) is thrown once every item has run; `then` hears nothing after it.
    public static func forEach<T, R>(_ items: [T], threads: Int, _ work: (T) throws -> R, inOrder then: (R) throws -> Void) throws {
        let workers = min(max(1, threads), items.count)
        guard workers > 1 else {
            for item in items { try then(try work(item)) }
            return
        }
        var slots = [Result<R, Error>?](repeating: nil, count: items.count)
        let lock = NSLock()
        var next = 0            // the first result not yet handed on
        var handing = false     // whether a thread is handing results on (only one at a time)
        var failure: Error?     // touched only by the thread handing results on
        slots.withUnsafeMutableBufferPointer { slots in
            let slots = SendableBuffer(base: slots)
            WorkPool.shared.run(count: items.count, limit: workers) { i in
                let result = Result { try work(items[i]) }
                lock.lock()
                slots.base[i] = result
                guard !handing else { lock.unlock(); return }   // that thread will come to it
                handing = true
                while next < slots.base.count, let ready = slots.base[next] {
                    slots.base[next] = nil
                    next += 1
                    lock.unlock()
                    if failure == nil {
                        do { try then(try ready.get()) } catch { failure = error }
                    }
                    lock.lock()
                }
                handing = false
                lock.unlock()
            }
        }
        if let failure { throw failure }
    }

    /// `first` and `second` run at the same time when `threads` allows; the results do not depend on it.
    public static func both<A, B>(threads: Int, _ first: () -> A, _ second: () -> B) -> (A, B) {
        guard threads > 1 else { return (first(), second()) }
        var a: A?
        var b: B?
        withUnsafeMutablePointer(to: &a) { pa in
            withUnsafeMutablePointer(to: &b) { pb in
                let slots = SendablePair(a: pa, b: pb)
                WorkPool.shared.run(count: 2, limit: 2) { i in
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

    /// Each worker writes only its own slots.
    private struct SendableBuffer<E>: @unchecked Sendable { let base: UnsafeMutableBufferPointer<E> }
}

/// The threads behind `Parallel`: `helpers` threads made on first use, each taking items from the open jobs
/// (the newest first), plus every thread that is waiting for a job of its own, which takes items of that job and
/// of the work nested in it. An item may block on something else (a semaphore): a waiting thread never takes an
/// unrelated item, which could be waiting for the very work further down that thread's stack.
final class WorkPool: @unchecked Sendable {
    static let shared = WorkPool(helpers: Parallel.defaultThreads - 1)

    /// One call's items, 0..<count, taken one at a time by at most `limit` threads at once.
    private final class Job {
        let count: Int
        let limit: Int
        var next = 0
        var running = 0
        var completed = 0
        /// Cleared before the call that made the job returns: the closure is the caller's and must not escape.
        var body: ((Int) -> Void)?
        /// The job whose item made this one (nil for a job made outside the pool's work).
        let parent: Job?
        init(count: Int, limit: Int, parent: Job?, body: @escaping (Int) -> Void) {
            self.count = count; self.limit = limit; self.parent = parent; self.body = body
        }

        /// Whether this job was made, at any depth, by an item of `job`.
        func descends(from job: Job) -> Bool {
            var at: Job? = self
            while let j = at { if j === job { return true }; at = j.parent }
            return false
        }
    }

    private let condition = NSCondition()
    /// Jobs with items not yet taken, oldest first.
    private var open: [Job] = []
    private let helpers: Int
    private var started = false
    /// The job whose item each thread is running (by thread), if any.
    private var jobOf: [pthread_t: Job] = [:]

    init(helpers: Int) { self.helpers = max(0, helpers) }

    /// Runs `body(0)` ... `body(count - 1)`, on this thread and on free helpers, and returns when all are done.
    func run(count: Int, limit: Int, _ body: (Int) -> Void) {
        withoutActuallyEscaping(body) { body in
            condition.lock()
            let job = Job(count: count, limit: limit, parent: jobOf[pthread_self()], body: body)
            if !started { startHelpers() }
            open.append(job)
            condition.broadcast()
            while job.completed < job.count {
                // This job's items first; while other threads run them, the items of work they made (and only
                // those: an unrelated item could wait for something this thread is in the middle of).
                if !runOne(from: job.next < job.count && job.running < job.limit ? job : nil, within: job) { condition.wait() }
            }
            job.body = nil
            condition.unlock()
        }
    }

    /// With the lock held: takes one item (of `preferred`, else of the newest open job that has room and was made
    /// within `within`, when given), runs it with the lock released, and records it done. False when there was
    /// nothing to take.
    private func runOne(from preferred: Job?, within: Job? = nil) -> Bool {
        guard let job = preferred ?? open.last(where: { $0.running < $0.limit && (within.map($0.descends) ?? true) }),
              let body = job.body else { return false }
        let i = job.next
        job.next += 1
        job.running += 1
        if job.next == job.count, let at = open.firstIndex(where: { $0 === job }) { open.remove(at: at) }
        let me = pthread_self()
        let outer = jobOf[me]
        jobOf[me] = job
        condition.unlock()
        body(i)
        condition.lock()
        jobOf[me] = outer
        job.running -= 1
        job.completed += 1
        condition.broadcast()
        return true
    }

    private func startHelpers() {
        started = true
        for _ in 0..<helpers {
            let thread = Thread { [self] in
                condition.lock()
                while true {
                    if !runOne(from: nil) { condition.wait() }
                }
            }
            thread.stackSize = 8 << 20   // as the main thread: markdown and templates recurse
            thread.start()
        }
    }
}
