// PlanModel/Numerals: numbers written as text, the same on every machine and without
// Foundation's locale machinery (String(format:) and NumberFormatter load ICU's locale data on
// each call, which cost a real plan's build several milliseconds, and NumberFormatter's grouping
// followed the machine's locale).

import Foundation

public enum Numerals {
    /// `n` in decimal, padded with zeros to `width` characters, as printf's `%0*d` (a minus sign counts in the width).
    public static func zeroPadded(_ n: Int, width: Int) -> String {
        let digits = String(n.magnitude)
        let sign = n < 0 ? "-" : ""
        let pad = width - sign.count - digits.count
        return pad > 0 ? sign + String(repeating: "0", count: pad) + digits : sign + digits
    }

    /// `n` with its thousands grouped by commas, as the plan writes counts: `1,700`.
    public static func grouped(_ n: Int) -> String {
        let digits = Array(String(n.magnitude))
        var out = n < 0 ? "-" : ""
        for (i, d) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return out
    }

    /// `x` with one decimal place, exactly as C's printf `%.1f` writes it (the C library's own rounding of the exact
    /// binary value: 0.25 gives 0.2, 0.15 gives 0.1).
    public static func oneDecimal(_ x: Double) -> String {
        withVaList([x]) { arguments in
            var buffer = [CChar](repeating: 0, count: 64)
            let n = vsnprintf(&buffer, buffer.count, "%.1f", arguments)
            guard n >= 0, n < buffer.count else { return String(format: "%.1f", x) }   // very large: Foundation's
            return String(cString: buffer)
        }
    }
}

/// How the numbers that name things are written (work areas, action refs, register and list items, minutes, rows,
/// measures): without leading zeros, and without a dot after them. They are compared as written, so `2.01` beside
/// `2.1`, or `3.` beside `3`, would be two names of one thing, or two things.
public enum NumberForm {
    /// `number` as it is written when written so (`2.01` → `2.1`, `01` → `1`, `3.` → `3`, `010c` → `10c`); nil when it
    /// is written so already, or is no number (it starts with a digit, and each part between dots is digits, then
    /// letters).
    public static func canonical(_ number: String) -> String? {
        if isPlainlyCanonical(number) { return nil }
        guard number.first.map({ $0.isASCII && $0.isNumber }) == true else { return nil }
        var parts = number.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count > 1, parts.last!.isEmpty { parts.removeLast() }
        var out: [String] = []
        for part in parts {
            let digits = part.prefix { $0.isASCII && $0.isNumber }
            let rest = part.dropFirst(digits.count)
            guard !digits.isEmpty, rest.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
            let significant = digits.drop { $0 == "0" }
            out.append((significant.isEmpty ? "0" : String(significant)) + rest)
        }
        let written = out.joined(separator: ".")
        return written == number ? nil : written
    }

    /// What is wrong with how `number` is written ("has a leading zero"); nil when nothing is.
    /// Digits in parts between single dots, none with a leading zero, no dot at the end ("1.10", "105", "0"): written
    /// as numbers are, told from the bytes (most numbers are; the rest are read as characters below).
    static func isPlainlyCanonical(_ number: String) -> Bool {
        var number = number
        return number.withUTF8 { b in
            guard let first = b.first, first != UInt8(ascii: "."), b.last != UInt8(ascii: ".") else { return false }
            var partStart = true, leadingZero = false
            for c in b {
                if c == UInt8(ascii: ".") {
                    if partStart { return false }   // two dots in a row
                    partStart = true
                    continue
                }
                guard c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") else { return false }
                if partStart { leadingZero = c == UInt8(ascii: "0"); partStart = false }
                else if leadingZero { return false }   // "01", "1.05"
            }
            return true
        }
    }

    public static func fault(_ number: String) -> String? {
        guard let canonical = canonical(number) else { return nil }
        let dot = number.hasSuffix(".")
        let zero = canonical.count < number.count - (dot ? 1 : 0)
        return zero && dot ? "has a leading zero and ends with a dot" : dot ? "ends with a dot" : "has a leading zero"
    }

    /// An error at a number not written as numbers are: "the action ref '2.01' has a leading zero; write 2.1, not 2.01".
    /// `what` names the number; `written` gives the text holding it as it is written (`action:2.01` for a reference).
    public static func error(_ what: String, _ number: String, written: (String) -> String = { $0 }, at location: SourceLocation?) -> Diagnostic? {
        guard let canonical = canonical(number), let fault = fault(number) else { return nil }
        return .error("number-form", at: location, "\(what) '\(written(number))' \(fault)",
                      suggestion: "write \(written(canonical)), not \(written(number))")
    }
}
