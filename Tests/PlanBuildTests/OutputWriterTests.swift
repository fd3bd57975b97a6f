// Tests of the staging folder's comparison with the file already in output/: an unchanged file keeps its
// modification time only when every byte is the same, compared a piece at a time for a large file.

import Foundation
import Scratch
@testable import PlanBuild
import PlanRendering
import Testing

@Test func sameBytesComparesLargeFilesPieceByPiece() throws {
    let dir = Scratch.folder("plansite-same")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("big.html").path
    // Over 256 kB (the piece compared at a time) and not a multiple of it.
    var bytes = Data((0..<(700 * 1024 + 13)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
    try bytes.write(to: URL(fileURLWithPath: path))
    #expect(OutputWriter.Staging.sameBytes(atPath: path, as: bytes))
    for at in [0, 256 * 1024 - 1, 256 * 1024, 600 * 1024, bytes.count - 1] {
        var changed = bytes
        changed[at] ^= 0xFF
        #expect(!OutputWriter.Staging.sameBytes(atPath: path, as: changed), "a difference at byte \(at)")
    }
    #expect(!OutputWriter.Staging.sameBytes(atPath: path, as: bytes.dropLast()), "shorter")
    bytes.append(0)
    #expect(!OutputWriter.Staging.sameBytes(atPath: path, as: bytes), "longer")
    #expect(!OutputWriter.Staging.sameBytes(atPath: dir.appendingPathComponent("none").path, as: bytes), "no file")
    let empty = dir.appendingPathComponent("empty").path
    try Data().write(to: URL(fileURLWithPath: empty))
    #expect(OutputWriter.Staging.sameBytes(atPath: empty, as: Data()))
    #expect(!OutputWriter.Staging.sameBytes(atPath: empty, as: Data([1])))
}

/// A file's path comes partly from the content (an inspection's id names `inspections/ID.html`): one that leaves the
/// staging folder is refused, and nothing is written beside the output folder.
@Test func aFileOutsideTheOutputFolderIsRefused() throws {
    let dir = Scratch.folder("plansite-outside")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let writer = OutputWriter(output: dir.appendingPathComponent("output"))
    for path in ["inspections/../../escaped.html", "/tmp/escaped.html", "a//b.html", "./a.html"] {
        #expect(throws: (any Error).self, "\(path)") {
            try writer.write([OutputFile(path: "index.html", text: "x"), OutputFile(path: path, text: "x")])
        }
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !$0.hasPrefix(".") } == [])
}

/// Files reach the writer's thread a batch at a time: every file of a site whose count is no multiple of the batch,
/// added from several threads at once, is on disk with its bytes after the commit, the last part batch included;
/// and a site abandoned with files still waiting for their batch leaves output/ as it was and no staging folder.
@Test func everyFileAddedIsWrittenWhateverTheBatchesAndAbandoningWritesNone() throws {
    let dir = Scratch.folder("plansite-batches")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let output = dir.appendingPathComponent("output")
    let writer = OutputWriter(output: output)
    let files = (0..<203).map { i in OutputFile(path: i % 3 == 0 ? "actions/\(i).html" : "p\(i).html", text: "<p>page \(i)</p>\n") }
    let staging = try writer.begin()
    DispatchQueue.concurrentPerform(iterations: 4) { part in
        for file in files.enumerated().filter({ $0.offset % 4 == part }).map(\.element) { try? staging.add(file) }
    }
    _ = try staging.commit()
    for file in files {
        #expect(FileManager.default.contents(atPath: output.appendingPathComponent(file.path).path) == file.bytes, "\(file.path)")
    }
    let before = try FileManager.default.subpathsOfDirectory(atPath: output.path).sorted()
    let abandoned = try writer.begin()
    for i in 0..<5 { try abandoned.add(OutputFile(path: "new\(i).html", text: "new")) }   // fewer than a batch
    abandoned.abandon()
    #expect(try FileManager.default.subpathsOfDirectory(atPath: output.path).sorted() == before)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["output"])
}
