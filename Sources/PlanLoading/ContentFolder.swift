// PlanLoading/ContentFolder: which entries of a content folder (pages, progress
// reports, documents) are read. A file is read by its ending; every other entry
// is reported at itself, so that no file is passed over without a word: a page
// saved as `intro.MD`, a report put in a sub-folder, a document saved as `.YAML`.
// And which YAML file beside a CSV describes it.

import Foundation
import PlanModel

enum ContentFolder {
    /// A folder site.yaml names (under `key`) that cannot be listed: an error at its path, saying whether nothing
    /// is there or a file is ("the progress folder 'content/progress' named by site.yaml is a file, not a folder").
    static func missing(_ key: String, folder: String, holding: String, source: ContentSource, at: SourceLocation, sink: DiagnosticSink) {
        if source.isFile(folder) {
            sink.error("missing-file", at: at, "the \(key) folder '\(folder)' named by site.yaml is a file, not a folder",
                       suggestion: "make '\(folder)' a folder holding \(holding) (move the file out of the way), or correct '\(key)' in site.yaml")
        } else {
            sink.error("missing-file", at: at, "the \(key) folder '\(folder)' named by site.yaml does not exist",
                       suggestion: "create it, or correct '\(key)' in site.yaml")
        }
    }

    /// The names in `folder` to read (those ending in one of `endings`, as written); a warning for each other entry.
    /// Hidden entries (`.DS_Store`, editors' swap files) and backups ending in `~` are passed over silently.
    static func files(_ names: [String], in folder: String, endings: [String], what: String, sink: DiagnosticSink) -> [String] {
        var read: [String] = []
        for name in names {
            // Hidden first: an editor's lock file for intro.md is .#intro.md, a link that leads nowhere.
            if name.hasPrefix(".") || name.hasSuffix("~") { continue }
            if endings.contains(where: { name.hasSuffix($0) }) { read.append(name); continue }
            let wanted = endings.map { "'\($0)'" }.joined(separator: " or ")
            let lower = name.lowercased()
            let suggestion: String
            if let ending = endings.first(where: { lower.hasSuffix($0) }) {
                suggestion = "rename it to end in '\(ending)' (in lower case): '\(name.dropLast(ending.count))\(ending)'"
            } else {
                suggestion = "move it out of '\(folder)', or, if it is one of the \(what), into '\(folder)' itself with a name ending in \(wanted)"
            }
            sink.add(.warning("not-read", at: SourceLocation(file: folder + "/" + name),
                              "'\(folder)/\(name)' is not read: the \(what) are the files directly in '\(folder)' whose names end in \(wanted)",
                              suggestion: suggestion))
        }
        return read
    }

    /// The YAML file beside `path` that describes it (`content/scorecard.yaml` beside `content/scorecard.csv`): the one
    /// ending in '.yaml' or in '.yml', as every YAML file may end; '.yaml' when there is neither. Both is an error at the
    /// second, since only one is read and what the other says would be lost without a word.
    static func yamlBeside(_ path: String, what: String, source: ContentSource, sink: DiagnosticSink) -> String {
        let base = (path as NSString).deletingPathExtension
        // A file that cannot be read (a link that leads nowhere) is there: reading it reports why.
        let present = [base + ".yaml", base + ".yml"].filter { candidate in
            do { return try source.read(candidate) != nil } catch { return true }
        }
        if present.count == 2 {
            sink.error("duplicate-file", at: SourceLocation(file: present[1]), "both \(present[0]) and \(present[1]) give \(what) of \(path); only \(present[0]) is read",
                       suggestion: "keep one: move what this file adds into \(present[0]), then remove it")
        }
        return present.first ?? base + ".yaml"
    }

    /// A YAML file beside the work areas (or registers) that site.yaml lists, which it does not list: it is not
    /// published, and a team that added `content/work-areas/4.yaml` would look for it on the site. A warning at it,
    /// for folders that hold only files of that list (not the content folder beside the glossary and scorecard).
    static func unlisted(_ listed: [String], key: String, what: String, claimed: Set<String>, source: ContentSource, sink: DiagnosticSink) {
        // (Plain string work: Foundation's path functions trap on some texts a site.yaml may hold, such as a NUL.)
        func parent(_ path: String) -> String { path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "" }
        let own = Set(listed)
        let others = claimed.subtracting(own)
        let folders = Set(listed.map(parent))
        for folder in folders.sorted() where !folder.isEmpty && !others.contains(where: { parent($0) == folder }) {
            guard let names = try? source.list(folder) else { continue }
            for name in names.sorted() where !name.hasPrefix(".") && (name.hasSuffix(".yaml") || name.hasSuffix(".yml")) {
                let path = folder + "/" + name
                guard !own.contains(path) else { continue }
                sink.add(.warning("unlisted-file", at: SourceLocation(file: path),
                                  "'\(path)' is not published: it is beside the \(what)s site.yaml lists under '\(key):', but is not one of them",
                                  suggestion: "add '  - \(path)' under '\(key):' in site.yaml to publish it, or move it out of '\(folder)'"))
            }
        }
    }
}
