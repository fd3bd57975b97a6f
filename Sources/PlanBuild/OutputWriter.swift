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
    /// The name of the file that marks a folder as written by plansite.
    public static let marker = ".plansite-output"

    /// `output` with symbolic links resolved, so that a linked output folder is updated where it points.
    public init(output: URL) { self.output = output.standardizedFileURL.resolvingSymlinksInPath() }

    /// Why this folder must not be replaced, or nil when it may be: a folder that holds files
    /// not written by plansite (no marker, and not the shape of a plansite site) is left alone.
    public func refusal(root: URL) -> String? {
        let fm = FileManager.default
        let rootPath = root.standardizedFileURL.resolvingSymlinksInPath().path
        if rootPath == output.path || rootPath.hasPrefix(output.path + "/") {
            return "the output folder \(output.path) holds the site's own files; choose another --output"
        }
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: output.path, isDirectory: &isDirectory) else { return nil }
        guard isDirectory.boolValue else { return "\(output.path) is a file, not a folder; choose another --output" }
        let names = (try? fm.contentsOfDirectory(atPath: output.path)) ?? []
        let madeByPlansite = names.isEmpty || names.contains(Self.marker)
            || (names.contains("index.html") && fm.fileExists(atPath: output.appendingPathComponent("data/plan.json").path))
        return madeByPlansite ? nil : "\(output.path) holds files that plansite did not write, and a build replaces the whole folder; empty it, or choose another --output"
    }

    /// Writes a whole site at once (see `Staging` for writing file by file).
    public func write(_ files: [OutputFile]) throws -> WriteSummary {
        let staging = try begin()
        do {
            for file in files { try staging.add(file) }
        } catch {
            staging.abandon()
            throw error
        }
        return try staging.commit()
    }

    /// Starts a build's output: a staging folder beside output/, filled as the site renders.
    public func begin() throws -> Staging {
        let fm = FileManager.default
        let parent = output.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        let stamp = ProcessInfo.processInfo.processIdentifier
        let staging = Staging(writer: self, folder: parent.appendingPathComponent(".\(output.lastPathComponent).staging-\(stamp)"),
                              retired: parent.appendingPathComponent(".\(output.lastPathComponent).previous-\(stamp)"))
        try? fm.removeItem(at: staging.folder)
        try fm.createDirectory(at: staging.folder, withIntermediateDirectories: true)
        return staging
    }

    /// A site being written: each file goes to disk as soon as it is rendered, so the build holds no more
    /// than a batch of pages in memory. Nothing reaches output/ until `commit`.
    public final class Staging {
        let writer: OutputWriter
        let folder: URL
        let retired: URL
        private var created = Set<String>()
        private(set) var paths = Set<String>()
        private var summary = WriteSummary(written: 0, unchanged: 0, removed: 0)

        init(writer: OutputWriter, folder: URL, retired: URL) { self.writer = writer; self.folder = folder; self.retired = retired }

        /// Writes one file into the staging folder; a file whose bytes match the published one is hard-linked from it.
        public func add(_ file: OutputFile) throws {
            let fm = FileManager.default
            let target = folder.appendingPathComponent(file.path)
            let parent = target.deletingLastPathComponent().path
            if !created.contains(parent) {
                try fm.createDirectory(atPath: parent, withIntermediateDirectories: true)
                created.insert(parent)
            }
            paths.insert(file.path)
            let old = writer.output.appendingPathComponent(file.path)
            if let existing = fm.contents(atPath: old.path), existing == file.bytes, link(old.path, target.path) == 0 {
                summary.unchanged += 1
            } else {
                try file.bytes.write(to: target)
                summary.written += 1
            }
        }

        /// Puts the staged site in place of output/, whole.
        public func commit() throws -> WriteSummary {
            do {
                try add(OutputFile(path: OutputWriter.marker, text: "This folder is written by plansite; each build replaces it whole.\n"))
                summary.removed = Set(writer.relativeFiles(in: writer.output)).subtracting(paths).count
                try writer.swap(staging: folder, retired: retired)
            } catch {
                abandon()
                throw error
            }
            try? FileManager.default.removeItem(at: retired)
            return summary
        }

        /// Drops the staged files; output/ stays as it was.
        public func abandon() { try? FileManager.default.removeItem(at: folder) }
    }

    /// Puts the staged folder in place of output/: atomically where the system allows.
    func swap(staging: URL, retired: URL) throws {
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

    func relativeFiles(in folder: URL) -> [String] {
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
