// PlanModel/PhaseClock: wall time per build phase, printed to standard error when
// PLANSITE_PHASES=1 is set. For profiling the benchmark; silent otherwise and never
// part of any output file.

import Foundation

public enum PhaseClock {
    public static let enabled = ProcessInfo.processInfo.environment["PLANSITE_PHASES"] == "1"
    nonisolated(unsafe) static var last: UInt64? = nil

    /// Prints the time since the previous mark, labelled with the phase that just ended.
    public static func mark(_ phase: String) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        let ms = last.map { Double(now - $0) / 1e6 } ?? 0
        FileHandle.standardError.write(Data(String(format: "phase %-28@ %8.1f ms\n", phase as NSString, ms).utf8))
        last = now
    }
}
