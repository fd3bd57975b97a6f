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

extension ParallelTests {
    /// `forEach` hands every result on in input order, one at a time, whatever order the items finish in (later
    /// items made to finish first), at any thread count.
    func testForEachHandsResultsOnInInputOrderOneAtATime() throws {
        for threads in [1, 2, 3, 8] {
            var seen: [Int] = []
            var inside = 0, most = 0
            try Parallel.forEach(Array(0..<300), threads: threads, { i -> Int in
                if i % 7 == 0 { usleep(UInt32(300 + (i % 5) * 200)) }   // earlier items finish after later ones
                return i * 3
            }, inOrder: { r in
                inside += 1
                most = max(most, inside)
                seen.append(r)
                inside -= 1
            })
            XCTAssertEqual(seen, (0..<300).map { $0 * 3 }, "threads: \(threads)")
            XCTAssertEqual(most, 1, "then ran on two threads at once")
        }
    }

    /// The first error in input order is thrown, after which nothing more is handed on; an error thrown by `then`
    /// stops the handing too.
    func testForEachThrowsTheFirstErrorAndHandsNothingOnAfterIt() {
        struct Failure: Error, Equatable { let item: Int }
        for threads in [1, 4] {
            var seen: [Int] = []
            XCTAssertThrowsError(try Parallel.forEach(Array(0..<200), threads: threads, { i -> Int in
                if i == 57 || i == 150 { throw Failure(item: i) }
                return i
            }, inOrder: { seen.append($0) })) { XCTAssertEqual($0 as? Failure, Failure(item: 57)) }
            XCTAssertEqual(seen, Array(0..<57), "threads: \(threads)")
            seen = []
            XCTAssertThrowsError(try Parallel.forEach(Array(0..<200), threads: threads, { $0 }, inOrder: { i in
                if i == 20 { throw Failure(item: -i) }
                seen.append(i)
            })) { XCTAssertEqual($0 as? Failure, Failure(item: -20)) }
            XCTAssertEqual(seen, Array(0..<20), "threads: \(threads)")
        }
    }
}
