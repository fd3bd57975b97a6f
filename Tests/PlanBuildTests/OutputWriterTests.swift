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
