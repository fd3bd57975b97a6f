// PlanModel/PhaseClock: wall time and memory per build phase, printed to standard error when
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
        // The process's CPU time so far (user and system, all threads): against the wall time, how well the phase
        // used the cores.
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000 + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000
        FileHandle.standardError.write(Data(String(format: "phase %-32@ at %8.1f ms (+%.1f), cpu %8.1f ms, resident %.0f MiB\n", phase as NSString, at, ms, cpu, residentMiB()).utf8))
        last = now
    }

    /// The process's resident memory now (Linux: /proc/self/statm), in MiB; 0 where it cannot be read.
    static func residentMiB() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Double(fields[1]) else { return 0 }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }
}
