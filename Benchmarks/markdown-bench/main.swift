// markdown-bench: renders one markdown file with plansite's own markdown
// renderer (the Markdown target: cmark-gfm plus heading ids, link handling and
// table captions) and prints nothing. scripts/bench.sh times it against the
// cmark-gfm CLI on the same bytes. Not part of the plansite product.

import Foundation
import Markdown

let arguments = CommandLine.arguments
guard arguments.count == 2, let data = FileManager.default.contents(atPath: arguments[1]) else {
    FileHandle.standardError.write(Data("usage: markdown-bench FILE.md\n".utf8))
    exit(2)
}
let text = String(decoding: data, as: UTF8.self)
let rendered = MarkdownRenderer.render(text)
// Use the result, so that the work cannot be optimised away; fail on an empty render.
if rendered.html.utf8.count == 0 && !text.isEmpty { exit(1) }
