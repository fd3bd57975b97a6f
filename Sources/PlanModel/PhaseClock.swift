// PlanModel/PhaseClock: wall time per build phase, printed to standard error when
// PLANSITE_PHASES=1 is set. For profiling the benchmark; silent otherwise and never
// part of any output file.

import Foundation

public enum PhaseClock {
    public static let enabled = ProcessInfo.processInfo.environment["PLANSITE_PHASES"] == "1"
    nonisolated(unsafe) static var last: UInt64? = nil
    nonisolated(unsafe) static var first: UInt64? = nil
    static let lock = NSLock()

    /// Prints when the phase that just ended ended (ms since the first mark) and the time since the previous mark
    /// (from any thread: phases on two threads interleave).
    public static func mark(_ phase: String) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = DispatchTime.now().uptimeNanoseconds
        let ms = last.map { Double(now - $0) / 1e6 } ?? 0
        if first == nil { first = now }
        let at = Double(now - first!) / 1e6
        FileHandle.standardError.write(Data(String(format: "phase %-32@ at %8.1f ms (+%.1f)\n", phase as NSString, at, ms).utf8))
        last = now
    }
}
