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
