// PlanBuild/StarterSite: `plansite new DIR`. Writes the starter site, a small
// example plan built into the binary (Sources/PlanBuild/Starter, embedded by
// scripts/embed-starter.py), into a new or empty folder; never over anything.

import Foundation

/// The starter site that `plansite new` writes.
public enum StarterSite {
    /// Its files: path relative to the site folder → bytes, sorted by path.
    public static var files: [(path: String, bytes: Data)] {
        StarterFiles.files.keys.sorted().compactMap { path in
            StarterFiles.files[path].flatMap { Data(base64Encoded: $0) }.map { (path, $0) }
        }
    }

    public enum Failure: Error, CustomStringConvertible {
        case notEmpty(String)
        case notAFolder(String)
        case io(String)

        public var description: String {
            switch self {
            case .notEmpty(let path):
                return "\(path) already exists and is not empty; plansite new writes a starter site only into a new or empty folder: name a new folder, e.g. plansite new my-plan"
            case .notAFolder(let path):
                return "\(path) is a file, not a folder; name a new folder, e.g. plansite new my-plan"
            case .io(let message):
                return message
            }
        }
    }

    /// Writes the starter site into `folder`, which must not exist or be empty. Returns the paths written.
    @discardableResult
    public static func write(to folder: URL) throws -> [String] {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        if fm.fileExists(atPath: folder.path, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw Failure.notAFolder(folder.path) }
            let entries = (try? fm.contentsOfDirectory(atPath: folder.path)) ?? []
            guard entries.isEmpty else { throw Failure.notEmpty(folder.path) }
        }
        var written: [String] = []
        do {
            for file in files {
                let url = folder.appendingPathComponent(file.path)
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try file.bytes.write(to: url, options: .withoutOverwriting)
                written.append(file.path)
            }
        } catch {
            throw Failure.io("could not write the starter site into \(folder.path): \(error.localizedDescription)")
        }
        return written
    }
}
