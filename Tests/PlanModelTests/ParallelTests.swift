import Foundation
import XCTest
@testable import PlanModel

final class ParallelTests: XCTestCase {
    func testMapKeepsInputOrderAtAnyThreadCount() {
        let items = Array(0..<1_000)
        for threads in [1, 2, 3, 8] {
            XCTAssertEqual(Parallel.map(items, threads: threads) { $0 * $0 }, items.map { $0 * $0 }, "threads: \(threads)")
        }
        XCTAssertEqual(Parallel.map([Int](), threads: 4) { $0 }, [])
    }

    func testMapRethrowsTheFirstErrorInInputOrder() {
        struct Failure: Error, Equatable { let item: Int }
        XCTAssertThrowsError(try Parallel.map(Array(0..<200), threads: 4) { i -> Int in
            if i % 50 == 7 { throw Failure(item: i) }
            return i
        }) { XCTAssertEqual($0 as? Failure, Failure(item: 7)) }
    }

    /// Work nested three deep, under `both` and under `map`, finishes with every result in place (no thread waits
    /// for work that nobody can take).
    func testNestedWorkFinishesWithEveryResult() {
        func inner(_ a: Int, _ b: Int) -> Int {
            let values: [Int] = Parallel.map(Array(0..<8), threads: 4) { c in a * 10_000 + b * 100 + c }
            return values.reduce(0, +)
        }
        func middle(_ a: Int) -> Int {
            let values: [Int] = Parallel.map(Array(0..<16), threads: 4) { b in inner(a, b) }
            return values.reduce(0, +)
        }
        func outer() -> Int {
            let values: [Int] = Parallel.map(Array(0..<16), threads: 4) { a in middle(a) }
            return values.reduce(0, +)
        }
        func pairs() -> [Int] {
            let both: [(Int, Int)] = Parallel.map(Array(0..<64), threads: 2) { i in Parallel.both(threads: 2, { i }, { -i }) }
            return both.map { $0.0 + $0.1 }
        }
        let (left, right) = Parallel.both(threads: 4, outer, pairs)
        var expected = 0
        for a in 0..<16 { for b in 0..<16 { for c in 0..<8 { expected += a * 10_000 + b * 100 + c } } }
        XCTAssertEqual(left, expected)
        XCTAssertEqual(right, Array(repeating: 0, count: 64))
    }

    /// When one side of `both` is done, its thread helps the other side's own `map`: the nested items run on more
    /// than one thread. (Dispatch's concurrentPerform ran a nested call on one thread, leaving a core idle.)
    func testAThreadThatIsFreeHelpsWithNestedWork() throws {
        try XCTSkipIf(Parallel.defaultThreads < 2, "needs two cores")
        let lock = NSLock()
        var threadsSeen = Set<UInt64>()
        _ = Parallel.both(threads: 2, { 0 }, {
            Parallel.map(Array(0..<40), threads: 2) { i -> Int in
                lock.withLock { _ = threadsSeen.insert(UInt64(pthread_self())) }
                usleep(5_000)
                return i
            }
        })
        XCTAssertGreaterThan(threadsSeen.count, 1, "the nested items all ran on one thread")
    }
}

extension ParallelTests {
    /// One side of `both` waits (on a semaphore) for the other, which nests work of its own: the thread running the
    /// nested work must not, while it waits for it, take the waiting side and block on work below it on its stack.
    /// (It did, now and then: the build hung. Repeated, so that the timing that hung comes up.)
    func testASideThatWaitsForTheOtherNeverHangsTheBuild() {
        let finished = expectation(description: "all rounds finished")
        Thread.detachNewThread {
            for _ in 0..<300 {
                let ready = DispatchSemaphore(value: 0)
                let (made, seen) = Parallel.both(threads: 2, { () -> [Int] in
                    let made = Parallel.map(Array(0..<6), threads: 2) { i -> Int in usleep(200); return i }
                    ready.signal()
                    return made
                }, { () -> Int in
                    ready.wait()
                    return 1
                })
                XCTAssertEqual(made, Array(0..<6))
                XCTAssertEqual(seen, 1)
            }
            finished.fulfill()
        }
        wait(for: [finished], timeout: 60)
    }
}
