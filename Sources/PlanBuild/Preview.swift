// PlanBuild/Preview: what `plansite` and the preview server (`plansite-serve`)
// share about the preview: its default port and where its program lies.
//
// The preview server is a program of its own so that `plansite` itself does not
// link the HTTP stack (FlyingFox, and through it Foundation's networking and
// libcurl with some thirty shared libraries): loading those took half of the
// start of every `plansite build` (13 ms against 7).

import Foundation

public enum Preview {
    /// The port `plansite serve` listens on unless told otherwise.
    public static let defaultPort: UInt16 = 8417

    /// The preview server's program name; it is built beside `plansite`.
    public static let programName = "plansite-serve"

    /// Where the preview server's program should be: beside the running program (symbolic links followed).
    public static func programURL() -> URL {
        let running = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            .map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: CommandLine.arguments.first ?? "plansite").resolvingSymlinksInPath()
        return running.deletingLastPathComponent().appendingPathComponent(programName)
    }
}
