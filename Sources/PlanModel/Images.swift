// PlanModel/Images: what plansite knows of an image file from its bytes alone:
// its format by extension, and its width and height read from its header
// (PNG IHDR, GIF logical screen, JPEG SOFn, SVG width/height or viewBox), so
// that pages give <img> its size and do not jump as it loads. No I/O.

import Foundation

public enum ImageFormat {
    /// The extensions of the image files an assets folder may hold.
    public static let extensions: Set<String> = ["png", "jpg", "jpeg", "gif", "svg", "webp"]

    /// Width and height in CSS pixels, or nil when the header cannot be read.
    public static func size(of data: Data, ext: String) -> (width: Int, height: Int)? {
        let b = [UInt8](data.prefix(ext.lowercased() == "svg" ? 4096 : 1 << 20))
        func be16(_ i: Int) -> Int { Int(b[i]) << 8 | Int(b[i + 1]) }
        func be32(_ i: Int) -> Int { be16(i) << 16 | be16(i + 2) }
        func le16(_ i: Int) -> Int { Int(b[i + 1]) << 8 | Int(b[i]) }
        if b.count >= 24, b.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            return positive(be32(16), be32(20))
        }
        if b.count >= 10, b.starts(with: Array("GIF8".utf8)) { return positive(le16(6), le16(8)) }
        if b.count >= 4, b[0] == 0xFF, b[1] == 0xD8 {
            var i = 2
            while i + 9 < b.count {
                guard b[i] == 0xFF else { return nil }
                let marker = b[i + 1]
                if marker == 0xFF { i += 1; continue }
                if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) { i += 2; continue }
                let length = be16(i + 2)
                // SOF0-SOF15, except DHT (C4), JPG (C8) and DAC (CC).
                if (0xC0...0xCF).contains(marker), marker != 0xC4, marker != 0xC8, marker != 0xCC {
                    return positive(be16(i + 7), be16(i + 5))
                }
                i += 2 + length
            }
            return nil
        }
        if b.count >= 30, b.starts(with: Array("RIFF".utf8)), Array(b[8..<12]) == Array("WEBP".utf8) {
            let chunk = String(decoding: b[12..<16], as: UTF8.self)
            switch chunk {
            case "VP8X": return positive(1 + (Int(b[24]) | Int(b[25]) << 8 | Int(b[26]) << 16), 1 + (Int(b[27]) | Int(b[28]) << 8 | Int(b[29]) << 16))
            case "VP8 ": return positive(le16(26) & 0x3FFF, le16(28) & 0x3FFF)
            case "VP8L":
                let bits = Int(b[21]) | Int(b[22]) << 8 | Int(b[23]) << 16 | Int(b[24]) << 24
                return positive(1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF))
            default: return nil
            }
        }
        if ext.lowercased() == "svg" { return svgSize(String(decoding: b, as: UTF8.self)) }
        return nil
    }

    static func positive(_ w: Int, _ h: Int) -> (width: Int, height: Int)? { w > 0 && h > 0 ? (w, h) : nil }

    /// The largest width or height an image of the site may claim: beyond it the header is damaged (or made to be).
    public static let maxSide = 20_000

    /// What is wrong with a raster image file for publishing, in words that follow "the image 'x.png' …"; nil when
    /// nothing is: it must be what its extension says and give its size in its header. An SVG is checked where it is
    /// loaded (PlanLoading's SVGCheck, which parses it as XML), for nil here.
    public static func problem(of data: Data, ext: String) -> String? {
        let ext = ext.lowercased()
        let b = [UInt8](data.prefix(16))
        let format: String
        let matches: Bool
        switch ext {
        case "png": format = "PNG"; matches = b.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        case "gif": format = "GIF"; matches = b.starts(with: Array("GIF8".utf8))
        case "jpg", "jpeg": format = "JPEG"; matches = b.count >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF
        case "webp": format = "WebP"; matches = b.count >= 12 && b.starts(with: Array("RIFF".utf8)) && Array(b[8..<12]) == Array("WEBP".utf8)
        default: return nil
        }
        guard matches else { return "is not a \(format) image: its bytes are not those of a \(format) file" }
        guard let size = size(of: data, ext: ext) else { return "is a damaged \(format) image: its width and height cannot be read from it" }
        if size.width > maxSide || size.height > maxSide {
            return "claims to be \(size.width) by \(size.height) pixels, more than \(maxSide) a side: the file is damaged"
        }
        return nil
    }

    /// The root <svg>'s width and height (in px or unitless), else its viewBox.
    static func svgSize(_ text: String) -> (width: Int, height: Int)? {
        guard let start = text.range(of: "<svg"), let end = text.range(of: ">", range: start.upperBound..<text.endIndex) else { return nil }
        let tag = String(text[start.upperBound..<end.lowerBound])
        func attribute(_ name: String) -> String? {
            for quote in ["\"", "'"] {
                if let r = tag.range(of: " \(name)=\(quote)"), let close = tag.range(of: quote, range: r.upperBound..<tag.endIndex) {
                    return String(tag[r.upperBound..<close.lowerBound]).trimmingWhitespace()
                }
            }
            for sep in ["\n", "\t"] {
                if let r = tag.range(of: "\(sep)\(name)=\""), let close = tag.range(of: "\"", range: r.upperBound..<tag.endIndex) {
                    return String(tag[r.upperBound..<close.lowerBound]).trimmingWhitespace()
                }
            }
            return nil
        }
        func pixels(_ s: String?) -> Int? {
            guard var s else { return nil }
            if s.hasSuffix("px") { s.removeLast(2) }
            return Double(s).map { Int($0.rounded()) }
        }
        if let w = pixels(attribute("width")), let h = pixels(attribute("height")) { return positive(w, h) }
        let box = (attribute("viewBox") ?? "").split(whereSeparator: { $0 == " " || $0 == "," }).compactMap { Double($0) }
        if box.count == 4 { return positive(Int(box[2].rounded()), Int(box[3].rounded())) }
        return nil
    }
}
