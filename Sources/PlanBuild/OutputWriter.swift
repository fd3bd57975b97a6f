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

    /// Why this folder must not be replaced, or nil when it may be: only a folder that is empty
    /// or carries plansite's marker is replaced; anything else is left alone.
    /// `folders`: the other folders the site reads (site.yaml's pages, progress, documents and assets), relative to `root`.
    public func refusal(root: URL, folders: [String] = []) -> String? {
        let fm = FileManager.default
        let rootPath = root.standardizedFileURL.resolvingSymlinksInPath().path
        if rootPath == output.path || rootPath.hasPrefix(output.path + "/") {
            return "the output folder \(output.path) holds the site's own files; choose another --output"
        }
        // A folder site.yaml names may lie anywhere in the site (`assets: img`, whose sub-folders are read whole).
        let named = folders.map { root.appendingPathComponent($0).standardizedFileURL.resolvingSymlinksInPath().path }
            .filter { $0.hasPrefix(rootPath + "/") }.map { String($0.dropFirst(rootPath.count + 1)) }
        for folder in ["content", "themes"] + named where output.path.hasPrefix(rootPath + "/" + folder + "/") || output.path == rootPath + "/" + folder {
            return "the output folder \(output.path) is inside the site's \(folder)/ folder, where the build would read it back (and serve would watch it); choose an --output outside \(folder)/, e.g. \(rootPath)/output"
        }
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: output.path, isDirectory: &isDirectory) else { return nil }
        guard isDirectory.boolValue else { return "\(output.path) is a file, not a folder; choose another --output" }
        let names = (try? fm.contentsOfDirectory(atPath: output.path)) ?? []
        let madeByPlansite = names.isEmpty || Self.isMarked(output)
        return madeByPlansite ? nil : "\(output.path) is not empty and has no \(Self.marker) marker, so plansite did not write it, and a build replaces the whole folder; empty it, or choose another --output"
    }

    /// True when `folder` holds plansite's marker file (a regular file, not a link).
    static func isMarked(_ folder: URL) -> Bool {
        let attributes = try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(marker).path)
        return attributes?[.type] as? FileAttributeType == .typeRegular
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
        removeStaleFolders()
        let staging = Staging(writer: self, folder: parent.appendingPathComponent(".\(output.lastPathComponent).staging-\(stamp)"),
                              retired: parent.appendingPathComponent(".\(output.lastPathComponent).previous-\(stamp)"))
        try? fm.removeItem(at: staging.folder)
        try fm.createDirectory(at: staging.folder, withIntermediateDirectories: true)
        // The marker comes first, so that a staging folder killed half-way is recognised and removed by the next build.
        try staging.add(OutputFile(path: Self.marker, text: "This folder is written by plansite; each build replaces it whole.\n"))
        return staging
    }

    /// A site being written: each file goes to disk as soon as it is rendered, so the build holds no more
    /// than a batch of pages in memory. Nothing reaches output/ until `commit`.
    ///
    /// One writer thread does all the writing, in the order files arrive, while the renderer goes on: creating
    /// files in one folder from several threads at once makes the file system contend for the folder (measured
    /// on this machine's ext4: 5,000 files took 0.5 s from one thread and 2.8 s from eight). At most
    /// `maxQueued` files wait for the writer, so memory stays bounded.
    public final class Staging {
        let writer: OutputWriter
        let folder: URL
        let retired: URL
        private(set) var paths = Set<String>()
        private var summary = WriteSummary(written: 0, unchanged: 0, removed: 0)
        private let lock = NSLock()
        private let queue = DispatchQueue(label: "plansite.staging.writer")
        private static let maxQueued = 64
        private let slots = DispatchSemaphore(value: Staging.maxQueued)
        /// The first error the writer met; `add`, `finish` and `commit` throw it.
        private var failure: Error?

        init(writer: OutputWriter, folder: URL, retired: URL) { self.writer = writer; self.folder = folder; self.retired = retired }

        /// Queues one file for the staging folder; a file whose bytes match the published one is hard-linked from it.
        /// Safe from several threads.
        public func add(_ file: OutputFile) throws {
            let batch = try lock.withLock { () -> [OutputFile]? in
                if let failure { throw failure }
                // Every file lies inside the staging folder: a name the content gave that slipped past its checks
                // (`inspections/../../x.html`) is refused, never written outside it.
                guard !file.path.hasPrefix("/"), !file.path.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }) else {
                    throw CocoaError(.fileWriteInvalidFileName, userInfo: [NSFilePathErrorKey: file.path, NSLocalizedDescriptionKey: "the site has a file at \(file.path), outside its folder"])
                }
                // A path written twice would write through the hard link into the published file: refuse it.
                guard paths.insert(file.path).inserted else {
                    throw CocoaError(.fileWriteFileExists, userInfo: [NSFilePathErrorKey: file.path, NSLocalizedDescriptionKey: "the site has two files at \(file.path)"])
                }
                pending.append(file)
                guard pending.count >= Self.batch else { return nil }
                defer { pending = [] }
                return pending
            }
            if let batch { send(batch) }
        }

        /// Files added but not yet sent to the writer: they go a batch at a time, since waking the writer's thread
        /// for each file cost a thread switch per file (ten thousand at ~10,000 pages).
        private var pending: [OutputFile] = []
        private static let batch = 32

        /// Hands a batch to the writer's thread (waiting while `maxQueued` files are already waiting for it).
        private func send(_ files: [OutputFile]) {
            for _ in files { slots.wait() }
            queue.async { [self] in
                for file in files {
                    do {
                        try store(file)
                    } catch {
                        lock.withLock { if failure == nil { failure = error } }
                    }
                    slots.signal()
                }
            }
        }

        /// Waits until every queued file is on disk; throws the first error met writing.
        public func finish() throws {
            let rest = lock.withLock { () -> [OutputFile] in
                defer { pending = [] }
                return pending
            }
            if !rest.isEmpty { send(rest) }
            queue.sync { closeFolders() }
            if let failure = lock.withLock({ failure }) { throw failure }
        }

        /// Writes one file (on the writer thread).
        /// Each folder's descriptor (by its path in the site, "" for the top), in the staging folder and in the
        /// published output (-1 where output/ has no such folder): files are opened, compared and linked by name
        /// within their folder, not by a whole path walked from the root each time.
        private var stagingFolders: [String: Int32] = [:]
        private var publishedFolders: [String: Int32] = [:]

        private func stagingFolder(_ relative: String) throws -> Int32 {
            if let fd = stagingFolders[relative] { return fd }
            let path = relative.isEmpty ? folder.path : folder.path + "/" + relative
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)
            guard fd >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
            stagingFolders[relative] = fd
            return fd
        }

        private func publishedFolder(_ relative: String) -> Int32 {
            if let fd = publishedFolders[relative] { return fd }
            let path = relative.isEmpty ? writer.output.path : writer.output.path + "/" + relative
            let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)
            publishedFolders[relative] = fd
            return fd
        }

        /// Closes the folders' descriptors (once every file is written).
        private func closeFolders() {
            for fd in stagingFolders.values where fd >= 0 { close(fd) }
            for fd in publishedFolders.values where fd >= 0 { close(fd) }
            stagingFolders = [:]
            publishedFolders = [:]
        }

        private func store(_ file: OutputFile) throws {
            let slash = file.path.lastIndex(of: "/")
            let relative = slash.map { String(file.path[..<$0]) } ?? ""
            let name = slash.map { String(file.path[file.path.index(after: $0)...]) } ?? file.path
            let staged = try stagingFolder(relative)
            let published = publishedFolder(relative)
            let counted = file.path != OutputWriter.marker   // the summary counts the site's files, not the marker
            if published >= 0, Self.sameBytes(in: published, name, as: file.bytes), linkat(published, name, staged, name, 0) == 0 {
                if counted { summary.unchanged += 1 }
            } else {
                try Self.write(file.bytes, in: staged, name, path: folder.path + "/" + file.path)
                if counted { summary.written += 1 }
            }
        }

        /// Puts the staged site in place of output/, whole.
        public func commit() throws -> WriteSummary {
            do {
                try finish()
            } catch {
                abandon()
                throw error
            }
            let hadOutput = FileManager.default.fileExists(atPath: writer.output.path)
            do {
                try writer.swap(staging: folder, retired: retired)
            } catch {
                abandon()
                throw error
            }
            // The retired folder is the previous site: its files the new one no longer has were removed.
            if hadOutput {
                summary.removed = FileTree.remove(retired.path) { !paths.contains($0) && $0 != OutputWriter.marker }
            }
            return summary
        }

        /// Whether the file at `path` holds exactly `bytes` (read with plain system calls: no Foundation buffers kept).
        static func sameBytes(atPath path: String, as bytes: Data) -> Bool {
            sameBytes(in: AT_FDCWD, path, as: bytes)
        }

        /// Whether the regular file `name` in the folder `folder` (a descriptor, or AT_FDCWD) holds exactly `bytes`;
        /// a symbolic link there is not followed (and so never matches).
        static func sameBytes(in folder: Int32, _ name: String, as bytes: Data) -> Bool {
            let fd = openat(folder, name, O_RDONLY | O_NOFOLLOW)
            guard fd >= 0 else { return false }
            defer { close(fd) }
            var info = stat()
            guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) == bytes.count else { return false }
            if bytes.isEmpty { return true }
            // Compared a piece at a time, so that a large file (a one-page edition) is not held twice.
            var buffer = [UInt8](repeating: 0, count: min(bytes.count, 256 * 1024))
            var done = 0
            return bytes.withUnsafeBytes { new -> Bool in
                while done < new.count {
                    let want = min(buffer.count, new.count - done)
                    let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, want) }
                    guard n > 0 else { return false }
                    let same = buffer.withUnsafeBytes { old in memcmp(new.baseAddress! + done, old.baseAddress!, n) == 0 }
                    guard same else { return false }
                    done += n
                }
                return true
            }
        }

        /// Writes a new file `name` in the folder `folder` with plain system calls (`path` names it in errors).
        static func write(_ bytes: Data, in folder: Int32, _ name: String, path: String) throws {
            let fd = openat(folder, name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0o644)
            guard fd >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
            defer { close(fd) }
            var done = 0
            while done < bytes.count {
                let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
                guard n > 0 else { throw CocoaError(.fileWriteOutOfSpace, userInfo: [NSFilePathErrorKey: path]) }
                done += n
            }
        }

        /// Drops the staged files; output/ stays as it was.
        public func abandon() {
            lock.withLock { pending = [] }
            queue.sync { closeFolders() }   // nothing is still being written into the folder
            FileTree.remove(folder.path)
        }
    }

    /// Removes `.NAME.staging-PID` and `.NAME.previous-PID` folders beside the output that a killed
    /// build left behind: only those that carry the marker and whose process is gone (or is this one).
    func removeStaleFolders() {
        let parent = output.deletingLastPathComponent()
        let own = ProcessInfo.processInfo.processIdentifier
        for name in Self.names(in: parent.path, startingWith: "." + output.lastPathComponent + ".") {
            guard let pid = Self.leftoverPID(name, output: output.lastPathComponent) else { continue }
            let folder = parent.appendingPathComponent(name)
            var info = stat()
            guard lstat(folder.path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, Self.isMarked(folder) else { continue }
            if pid == own || !Self.isRunning(pid) { FileTree.remove(folder.path) }
        }
    }

    /// The names in a folder that start with `prefix`, read with readdir: only those are made into strings (the
    /// output's parent may be a folder of thousands, such as /tmp).
    static func names(in folder: String, startingWith prefix: String) -> [String] {
        guard let dir = opendir(folder) else { return [] }
        defer { closedir(dir) }
        let want = Array(prefix.utf8)
        var names: [String] = []
        while let entry = readdir(dir) {
            let name: String? = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                for (i, b) in want.enumerated() where i >= bytes.count || bytes[i] != b { return nil }
                return String(decoding: bytes.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if let name { names.append(name) }
        }
        return names
    }

    /// The process id in a leftover folder's name, or nil when the name is not one of ours.
    static func leftoverPID(_ name: String, output: String) -> Int32? {
        for kind in ["staging", "previous"] {
            let prefix = ".\(output).\(kind)-"
            if name.hasPrefix(prefix), let pid = Int32(name.dropFirst(prefix.count)), pid > 0 { return pid }
        }
        return nil
    }

    static func isRunning(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
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

}

/// Walks and removes folders with plain system calls (readdir, unlinkat): a site of 10,000 files goes in a
/// fraction of the time FileManager takes.
enum FileTree {
    /// Removes the folder at `path` and everything in it; returns how many of its files (relative paths)
    /// satisfy `counting`.
    @discardableResult
    static func remove(_ path: String, counting: (String) -> Bool = { _ in false }) -> Int {
        var counted = 0
        func walk(_ fd: Int32, _ prefix: String) {
            guard let dir = fdopendir(fd) else { close(fd); return }
            defer { closedir(dir) }
            // Read the whole folder first, then remove: nothing is unlinked while readdir is still reading.
            var entries: [(name: [CChar], type: UInt8)] = []
            while let entry = readdir(dir) {
                // The name's own bytes (with its NUL) for the system calls; a name need not be UTF-8.
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix(while: { $0 != 0 }).map { CChar(bitPattern: $0) }) + [0] }
                if name != [46, 0] && name != [46, 46, 0] { entries.append((name, entry.pointee.d_type)) }
            }
            for (name, type) in entries {
                var isDirectory = type == UInt8(DT_DIR)
                if type == UInt8(DT_UNKNOWN) {
                    var info = stat()
                    isDirectory = fstatat(dirfd(dir), name, &info, AT_SYMLINK_NOFOLLOW) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
                }
                let text = String(decoding: name.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
                let relative = prefix.isEmpty ? text : prefix + "/" + text
                if isDirectory {
                    let child = openat(dirfd(dir), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)
                    if child >= 0 { walk(child, relative) }
                    unlinkat(dirfd(dir), name, AT_REMOVEDIR)
                } else if unlinkat(dirfd(dir), name, 0) == 0, type != UInt8(DT_LNK), counting(relative) {
                    counted += 1
                }
            }
        }
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)
        guard fd >= 0 else { return 0 }
        walk(fd, "")
        rmdir(path)
        return counted
    }
}
