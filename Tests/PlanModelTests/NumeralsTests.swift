import Foundation
import XCTest
@testable import PlanModel

final class NumeralsTests: XCTestCase {
    func testZeroPaddedIsPrintfsZeroPaddedDecimal() {
        for n in [0, 1, 7, 9, 10, 42, 99, 100, 2015, 123_456, 1_234_567, -1, -42, -2015, Int.max, Int.min + 1] {
            for width in [0, 1, 2, 4, 6] {
                XCTAssertEqual(Numerals.zeroPadded(n, width: width), String(format: "%0\(width)ld", n), "\(n) width \(width)")
            }
        }
    }

    func testGroupedWritesThousandsWithCommas() {
        XCTAssertEqual([0, 7, 999, 1_000, 1_700, 12_345, 999_999, 1_000_000, 1_234_567_890, -1_700, -999].map(Numerals.grouped),
                       ["0", "7", "999", "1,000", "1,700", "12,345", "999,999", "1,000,000", "1,234,567,890", "-1,700", "-999"])
    }

    /// The C library's rounding of the exact binary value, as String(format:) gives it: ties at .x5 that are exact
    /// (0.25) go to even, and values just under a tie (0.15 is 0.1499...) go down.
    func testOneDecimalIsPrintfsOneDecimal() {
        var values: [Double] = [0, -0.0, 0.05, 0.15, 0.25, 0.35, 0.45, 1.25, 2.5, -0.05, -0.25, 12.95, 99.95, 1e6 + 0.05, 123_456.789, 1e20, -3.14159]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<5_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            values.append(Double(Int64(bitPattern: state >> 11) % 2_000_000) / 1000 - 1000)
        }
        for x in values { XCTAssertEqual(Numerals.oneDecimal(x), String(format: "%.1f", x), "\(x)") }
    }

    func testHoldsFindsWhatContainsFinds() {
        let texts = ["", "#", "##", "a ## b", "](page:x)", "[x]: y", "é##", "no marks here", "<!-- c", "`code`", "~~", "~~~", "www.x", "ww.w"]
        let needles = ["##", "](", "]:", "(", "`", "~~~", "<", "www.", "é"]
        for text in texts {
            for needle in needles {
                XCTAssertEqual(text.holds(needle), text.contains(needle), "\(text.debugDescription) holds \(needle)")
                XCTAssertEqual(text.dropFirst().holds(needle), text.dropFirst().contains(needle), "substring of \(text.debugDescription)")
            }
        }
        XCTAssertTrue("abc".holds(""))
    }
}
