// Scratch: where the test suites make their temporary folders. Every folder
// lies in one folder for the run of the tests, removed when the run ends
// (before, each test left its copies in the temporary folder: about ninety
// folders a run).

import Foundation
#if canImport(Glibc)
import Glibc
#endif

public enum Scratch {
    static let root: URL = {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("plansite-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: Scratch.root) }
        return root
    }()

    /// A new folder's name (not made) inside the run's folder: `prefix` and a UUID.
    public static func folder(_ prefix: String) -> URL { root.appendingPathComponent("\(prefix)-\(UUID().uuidString)") }
}
