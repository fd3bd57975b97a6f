// PlanBuild/OutputWriter: the only stage that writes. The site is staged in a
// folder beside output/ and swapped in only when complete, so a failed build
// never leaves a half-written site. A file whose bytes did not change is
// carried over by hard link and keeps its modification time.

import Foundation
#if canImport(Glibc)
import Glibc
#endif
import PlanRendering

/// How many files a write changed.
public struct WriteSummary: Equatable {
    public var written: Int
    public var unchanged: Int
    public var removed: Int
}

public struct OutputWriter {
    public let output: URL
    public init(output: URL) { self.output = output.standardizedFileURL }

    public func write(_ files: [OutputFile]) throws -> WriteSummary {
        let fm = FileManager.default
        let parent = output.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        let stamp = ProcessInfo.processInfo.processIdentifier
        let staging = parent.appendingPathComponent(".\(output.lastPathComponent).staging-\(stamp)")
        let retired = parent.appendingPathComponent(".\(output.lastPathComponent).previous-\(stamp)")
        try? fm.removeItem(at: staging)
        var summary = WriteSummary(written: 0, unchanged: 0, removed: 0)
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
            var created = Set<String>()
            for file in files {
                let target = staging.appendingPathComponent(file.path)
                let folder = target.deletingLastPathComponent().path
                if !created.contains(folder) {
                    try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
                    created.insert(folder)
                }
                let old = output.appendingPathComponent(file.path)
                if let existing = fm.contents(atPath: old.path), existing == file.bytes, link(old.path, target.path) == 0 {
                    summary.unchanged += 1
                } else {
                    try file.bytes.write(to: target)
                    summary.written += 1
                }
            }
            let previous = Set(relativeFiles(in: output))
            summary.removed = previous.subtracting(files.map(\.path)).count
            try swap(staging: staging, retired: retired)
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
        try? fm.removeItem(at: retired)
        return summary
    }

    /// Puts the staged folder in place of output/: atomically where the system allows.
    private func swap(staging: URL, retired: URL) throws {
        let fm = FileManager.default
        guard fm.fileExists(atPath: output.path) else {
            try fm.moveItem(at: staging, to: output)
            return
        }
        if exchange(staging.path, output.path) {
            try fm.moveItem(at: staging, to: retired)   // staging now holds the old site
            return
        }
        try fm.moveItem(at: output, to: retired)
        do {
            try fm.moveItem(at: staging, to: output)
        } catch {
            try? fm.moveItem(at: retired, to: output)
            throw error
        }
    }

    /// renameat2(RENAME_EXCHANGE): both names swap in one step (Linux 3.15+, glibc 2.28+).
    /// Looked up at run time because Swift does not import it; false where it is missing.
    private func exchange(_ a: String, _ b: String) -> Bool {
        #if canImport(Glibc)
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard let symbol = dlsym(nil, "renameat2") else { return false }
        let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
        let exchangeFlag: UInt32 = 2
        return renameat2(AT_FDCWD, a, AT_FDCWD, b, exchangeFlag) == 0
        #else
        return false
        #endif
    }

    private func relativeFiles(in folder: URL) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var out: [String] = []
        for case let name as String in e {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path, isDirectory: &isDirectory), !isDirectory.boolValue {
                out.append(name)
            }
        }
        return out
    }
}
