// Tests of images in markdown pages (issue 12): files of the assets folder
// named in site.yaml, copied to images/, with their width and height read
// from their headers; alt text required unless marked decorative; a missing
// file is a located error.

import Foundation
import PlanBuild
import PlanModel
import Testing

/// A PNG header (signature and IHDR) of the given size: enough for the size reader and the copy.
private func png(width: UInt32, height: UInt32) -> Data {
    var d = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])
    d.append(contentsOf: Array("IHDR".utf8))
    for v in [width, height] { d.append(contentsOf: [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]) }
    d.append(contentsOf: [8, 6, 0, 0, 0, 0, 0, 0, 0])
    return d
}

private func siteWithImages(_ markdown: String) throws -> URL {
    let root = try Fixture.copy()
    let yaml = root.appendingPathComponent("site.yaml")
    try (String(contentsOf: yaml, encoding: .utf8) + "assets: content/assets\n").write(to: yaml, atomically: true, encoding: .utf8)
    let assets = root.appendingPathComponent("content/assets/charts")
    try FileManager.default.createDirectory(at: assets, withIntermediateDirectories: true)
    try png(width: 640, height: 480).write(to: root.appendingPathComponent("content/assets/logo.png"))
    try #"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 20"><rect width="800" height="20"/></svg>"#
        .write(to: assets.appendingPathComponent("rule.svg"), atomically: true, encoding: .utf8)
    let intro = root.appendingPathComponent("content/pages/intro.md")
    try (String(contentsOf: intro, encoding: .utf8) + "\n" + markdown + "\n").write(to: intro, atomically: true, encoding: .utf8)
    return root
}

@Test func imagesAreCopiedWithTheirSize() throws {
    let root = try siteWithImages("![The council's logo](logo.png)\n\n![](charts/rule.svg \"decorative\")\n\n![The logo again](logo.png) ![](charts/rule.svg \"decorative\")")
    let result = Fixture.build(root)
    #expect(result.exitCode == 0, "\(result.diagnostics.map(\.formatted))")
    let intro = page(root, "intro.html")
    #expect(intro.contains(#"<img src="images/logo.png" width="640" height="480" alt="The council's logo" />"#) || intro.contains(#"<img src="images/logo.png" width="640" height="480" alt="The council’s logo" />"#), "\(intro)")
    #expect(intro.contains(#"<img src="images/charts/rule.svg" width="800" height="20" alt="" />"#), "a decorative image has an empty alt and no title")
    #expect(intro.components(separatedBy: #"<img src="images/charts/rule.svg" width="800" height="20" alt="" />"#).count == 3, "an image shown twice is sized once each time")
    #expect(!intro.contains(#"height="480" width="#) && !intro.contains("decorative"))
    #expect(FileManager.default.contents(atPath: root.appendingPathComponent("output/images/logo.png").path) == png(width: 640, height: 480))
    #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("output/images/charts/rule.svg").path))
    // The one-page edition and the EPUB show them too: the EPUB holds the files and declares them.
    #expect(page(root, "plan.html").contains(#"<img src="images/logo.png" width="640" height="480""#))
    let folder = try extractEPUB(root, into: "epub")
    #expect(FileManager.default.contents(atPath: folder.appendingPathComponent("EPUB/images/logo.png").path) == png(width: 640, height: 480))
    let opf = try String(contentsOf: folder.appendingPathComponent("EPUB/package.opf"), encoding: .utf8)
    #expect(opf.contains(#"href="images/logo.png" media-type="image/png""#) && opf.contains(#"href="images/charts/rule.svg" media-type="image/svg+xml""#))
    #expect(opf.contains("<meta property=\"schema:accessMode\">visual</meta>"))
}

@Test func anImageWithoutAltOrFileIsALocatedError() throws {
    let root = try siteWithImages("![](logo.png)\n\n![Chart](chart.png)\n\n![Rule](charts/rule.svg \"decorative\")")
    let result = Fixture.build(root, write: false)
    #expect(result.exitCode == 1)
    let messages = result.diagnostics.errors.map(\.formatted)
    #expect(messages.contains { $0.hasPrefix("content/pages/intro.md:14:1: error: the image 'logo.png' has no alt text") }, "\(messages)")
    #expect(messages.contains { $0.hasPrefix("content/pages/intro.md:16:1: error: the image 'chart.png' is not in the assets folder 'content/assets'") }, "\(messages)")
    #expect(messages.contains { $0.hasPrefix("content/pages/intro.md:18:1: error: the image 'charts/rule.svg' is marked decorative but has alt text") }, "\(messages)")
}

@Test func imageSizesAreReadFromHeaders() {
    #expect(ImageFormat.size(of: png(width: 3000, height: 2000), ext: "png").map { [$0.width, $0.height] } == [3000, 2000])
    let gif = Data(Array("GIF89a".utf8) + [0x40, 0x01, 0xF0, 0x00, 0, 0, 0, 0])
    #expect(ImageFormat.size(of: gif, ext: "gif").map { [$0.width, $0.height] } == [320, 240])
    // JPEG: SOI, an APP0 segment, then SOF0 with height 100 and width 200.
    let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x64, 0x00, 0xC8, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    #expect(ImageFormat.size(of: jpeg, ext: "jpg").map { [$0.width, $0.height] } == [200, 100])
    #expect(ImageFormat.size(of: Data(#"<svg width="120px" height="30" xmlns="http://www.w3.org/2000/svg"></svg>"#.utf8), ext: "svg").map { [$0.width, $0.height] } == [120, 30])
    #expect(ImageFormat.size(of: Data("not an image".utf8), ext: "png") == nil)
}

@Test func anAssetThatIsNotWhatItsNameSaysOrAnSVGWithAScriptIsAnErrorAtTheFile() throws {
    let root = try siteWithImages("![The logo](logo.png)")
    let assets = root.appendingPathComponent("content/assets")
    try "not a png".write(to: assets.appendingPathComponent("fake.png"), atomically: true, encoding: .utf8)
    try png(width: 4_294_967_295, height: 4_294_967_295).write(to: assets.appendingPathComponent("huge.png"))
    try #"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>"#
        .write(to: assets.appendingPathComponent("script.svg"), atomically: true, encoding: .utf8)
    try #"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" onclick ="alert(1)"/></svg>"#
        .write(to: assets.appendingPathComponent("handler.svg"), atomically: true, encoding: .utf8)
    let result = Fixture.build(root, write: false)
    let svgFix = "export the SVG again without scripts, or save the image as PNG"
    #expect(result.diagnostics.errors.map(\.formatted) == [
        "content/assets/fake.png:1:1: error: the image 'content/assets/fake.png' is not a PNG image: its bytes are not those of a PNG file; "
            + "save the image again as a PNG file, or give the file the extension of its format",
        "content/assets/handler.svg:1:93: error: the image 'content/assets/handler.svg' holds a script: the event handler 'onclick' on <rect>; \(svgFix)",
        "content/assets/huge.png:1:1: error: the image 'content/assets/huge.png' claims to be 4294967295 by 4294967295 pixels, more than 20000 a side: "
            + "the file is damaged; save the image again as a PNG file, or give the file the extension of its format",
        "content/assets/script.svg:1:64: error: the image 'content/assets/script.svg' holds a script: a <script> element; \(svgFix)",
    ])
    #expect(result.exitCode == 1)
}

/// An image named with a space, an accent, '&' or an apostrophe stopped the build with "the rendered site fails its
/// own checks … broken link 'images/my%20chart.png'" (the audit read the source as written, %-escapes and entities
/// and all, and the one-page edition cut `it&#x27;s.png` at its '#'). Such names are published, sized, in the
/// editions and in the EPUB (whose package lists them %-escaped, as URLs).
@Test func imagesWithSpacesAccentsAndPunctuationInTheirNames() throws {
    let root = try siteWithImages("![Chart one](<my chart.png>)\n\n![Chart two](café.png)\n\n![Chart three](a&b.png)\n\n![Chart four](<it's.png>)")
    for name in ["my chart.png", "café.png", "a&b.png", "it's.png"] {
        try png(width: 4, height: 3).write(to: root.appendingPathComponent("content/assets/" + name))
    }
    let result = Fixture.build(root)
    #expect(result.exitCode == 0, "\(result.outcome) \(result.diagnostics.map(\.formatted))")
    let intro = page(root, "intro.html"), plan = page(root, "plan.html")
    for src in ["images/my%20chart.png", "images/caf%C3%A9.png", "images/a&amp;b.png"] {
        #expect(intro.contains("<img src=\"\(src)\" width=\"4\" height=\"3\""), "\(src) in the page")
        #expect(plan.contains("<img src=\"\(src)\" width=\"4\" height=\"3\""), "\(src) in the one-page edition")
    }
    #expect(intro.contains("<img src=\"images/it&#x27;s.png\" width=\"4\" height=\"3\""))
    #expect(plan.contains("<img src=\"images/it&#39;s.png\" width=\"4\" height=\"3\""))
    for name in ["my chart.png", "café.png", "a&b.png", "it's.png"] {
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("output/images/" + name).path))
    }
    let folder = try extractEPUB(root, into: "epub-names")
    let opf = try String(contentsOf: folder.appendingPathComponent("EPUB/package.opf"), encoding: .utf8)
    for href in ["images/my%20chart.png", "images/caf%C3%A9.png", "images/a&amp;b.png", "images/it&#39;s.png"] {
        #expect(opf.contains("href=\"\(href)\""), "\(href) in the package")
    }
    #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("EPUB/images/my chart.png").path))
}
