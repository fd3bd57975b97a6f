// PlanServe/SourceWatcher: notices edits to a site's sources (site.yaml,
// content/, themes/) by comparing each file's size, modification time and
// inode with the last look: on Linux as soon as inotify says a watched folder
// changed, and everywhere by polling a few times a second (simple, portable,
// cheap for a few thousand files; it also catches what inotify misses).
// Saves that arrive in bursts (an editor writing a temporary file, then
// renaming it) are gathered into one change.

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a file looked like when last polled.
struct FileStamp: Equatable {
    var size: Int64
    var modified: Int64   // nanoseconds
    var inode: UInt64
}

/// Polls the sources of a site and calls `onChange` with the paths that changed (relative to the root).
public final class SourceWatcher: @unchecked Sendable {
    public let root: URL
    /// What to watch, relative to the root: files or folders (walked whole).
    public private(set) var watched: [String]
    public let interval: TimeInterval
    private let queue: DispatchQueue
    private var timer: DispatchSourceTimer?
    #if os(Linux)
    private var notify: DispatchSourceRead?
    private var notifyFD: Int32 = -1
    #endif
    private var last: [String: FileStamp] = [:]
    /// The root with symbolic links resolved: a folder is walked only when it lies inside it.
    private let realRoot: String
    /// A folder, by device and inode: each is walked once per look.
    private struct FolderID: Hashable { let device: UInt64; let inode: UInt64 }
    private let onChange: ([String]) -> Void

    /// `onChange` runs on `queue`, one call at a time.
    public init(root: URL, watched: [String] = ["site.yaml", "content", "themes"], interval: TimeInterval = 0.1,
                queue: DispatchQueue, onChange: @escaping ([String]) -> Void) {
        self.root = root
        self.realRoot = root.standardizedFileURL.resolvingSymlinksInPath().path
        self.watched = watched
        self.interval = interval
        self.queue = queue
        self.onChange = onChange
    }

    /// Takes the first snapshot (synchronously, on the caller's thread) and starts polling.
    public func start() {
        last = scan()
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(5))
        timer.setEventHandler { [weak self] in self?.poll() }
        self.timer = timer
        timer.resume()
        #if os(Linux)
        startNotify()
        #endif
    }

    /// Watches these paths too (relative to the root; those under a watched folder are watched already), their
    /// files as they are now being the baseline. Call it on the watcher's queue (from `onChange`) or before `start`.
    public func watch(also paths: [String]) {
        let added = paths.filter { path in !watched.contains { path == $0 || path.hasPrefix($0 + "/") } }
        guard !added.isEmpty else { return }
        watched += added
        guard timer != nil else { return }
        var visited = Set<FolderID>()
        for path in added { walk(path, into: &last, visited: &visited) }
        #if os(Linux)
        if notifyFD >= 0 { addWatches() }
        #endif
    }

    public func stop() {
        timer?.cancel()
        timer = nil
        #if os(Linux)
        notify?.cancel()
        notify = nil
        #endif
    }

    #if os(Linux)
    /// Watches every watched folder (and the root, for site.yaml) with inotify; any event triggers a look.
    private func startNotify() {
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { return }   // polling alone still works
        notifyFD = fd
        addWatches()
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        source.setEventHandler { [weak self] in
            guard let self else { return }
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while read(fd, &buffer, buffer.count) > 0 {}   // drain: which file it was does not matter, the look finds it
            self.addWatches()
            self.poll()
        }
        source.setCancelHandler { close(fd) }
        notify = source
        source.resume()
    }

    /// Adds a watch for every folder under the watched paths (adding one twice is harmless; removed ones drop out by themselves).
    private func addWatches() {
        let mask = UInt32(IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF)
        _ = inotify_add_watch(notifyFD, root.path, mask)
        var folders: [String] = []
        var visited = Set<FolderID>()
        for path in watched { collectFolders(root.appendingPathComponent(path).path, into: &folders, visited: &visited) }
        for folder in folders { _ = inotify_add_watch(notifyFD, folder, mask) }
    }

    private func collectFolders(_ path: String, into folders: inout [String], visited: inout Set<FolderID>) {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR, enters(path, st, &visited) else { return }
        folders.append(path)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] where !name.hasPrefix(".") {
            collectFolders(path + "/" + name, into: &folders, visited: &visited)
        }
    }
    #endif

    private func poll() {
        var now = scan()
        guard now != last else { return }
        // Wait for a burst of writes to settle (at most half a second) before rebuilding once.
        let settleBy = Date().addingTimeInterval(0.5)
        while Date() < settleBy {
            usleep(3_000)
            let again = scan()
            if again == now { break }
            now = again
        }
        var changed = Set<String>()
        for (path, stamp) in now where last[path] != stamp { changed.insert(path) }
        for path in last.keys where now[path] == nil { changed.insert(path) }
        last = now
        if !changed.isEmpty { onChange(changed.sorted()) }
    }

    /// Every file under the watched paths, with its stamp. Hidden files (editor swap files, .DS_Store) are skipped.
    func scan() -> [String: FileStamp] {
        var out: [String: FileStamp] = [:]
        var visited = Set<FolderID>()
        for path in watched { walk(path, into: &out, visited: &visited) }
        return out
    }

    /// Whether to walk the folder at `full` (`st`, its stat): once per look, and only when it lies inside the root.
    /// A symbolic link in content/ back to its folder (two of them doubled the walk at each level) or to `/` had
    /// the first look walk without end, and serve never got past it.
    private func enters(_ full: String, _ st: stat, _ visited: inout Set<FolderID>) -> Bool {
        guard visited.insert(FolderID(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))).inserted,
              let real = realpath(full, nil) else { return false }
        defer { free(real) }
        let path = String(cString: real)
        return path == realRoot || path.hasPrefix(realRoot + "/")
    }

    private func walk(_ relative: String, into out: inout [String: FileStamp], visited: inout Set<FolderID>) {
        let full = root.appendingPathComponent(relative).path
        var st = stat()
        guard stat(full, &st) == 0 else { return }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            guard enters(full, st, &visited), let names = try? FileManager.default.contentsOfDirectory(atPath: full) else { return }
            for name in names where !name.hasPrefix(".") && !name.hasSuffix("~") {
                walk(relative + "/" + name, into: &out, visited: &visited)
            }
        } else {
            #if canImport(Darwin)
            let time = st.st_mtimespec
            #else
            let time = st.st_mtim
            #endif
            out[relative] = FileStamp(size: Int64(st.st_size),
                                      modified: Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec),
                                      inode: UInt64(st.st_ino))
        }
    }
}
