// Byte-level fast paths held to what they replace: the search index's words (split
// as bytes where that splits as the characters do), the EPUB's date, numbers.

@testable import PlanRendering
import Foundation
import PlanModel
import Testing

typealias PlanModelNumberForm = NumberForm

private func characterWords(_ text: String) -> String {
    text.split(whereSeparator: { $0 == "\n" || $0 == " " || $0 == "\t" }).filter { $0 != "-" }.joined(separator: " ")
}

@Test func wordsAsBytesAreTheWordsAsCharacters() {
    let texts = [
        "", " ", "-", "- a", "a -", "a - b", "--", "a  b\n\n\tc ", "\n- Lead: Director; Timeframe: Q3 15/16\n",
        "Café – “quoted” ü", "e\u{301} x", "x \u{301}y", "a\u{200D} b", "tab\tand\nnew", "a-b - -c", "ends with space ",
    ]
    for text in texts {
        var t = text
        let bytes = t.withUTF8(SearchText.words)
        // Either the same words, or left to the character split (nil) where a mark could join a separator.
        if let bytes { #expect(bytes == characterWords(text), "\(text.debugDescription)") }
    }
    // Plain ASCII text always takes the byte path.
    var plain = "Work area 1: Leadership - and - more\n- Lead: Head of Service"
    #expect(plain.withUTF8(SearchText.words) == characterWords(plain))
    // A combining mark after a space makes one character of the two: the bytes are not split there.
    var joined = "x \u{301}y"
    #expect(joined.withUTF8(SearchText.words) == nil)
    #expect(SearchText.fromHTML("<p>x \u{301}y</p>") == characterWords("x \u{301}y"))
}

@Test func theEPUBsDateIsNoonUTCOfTheReleaseAsACalendarCountsIt() throws {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
    for (year, month, day) in [(1970, 1, 1), (2015, 9, 1), (2016, 2, 29), (2000, 2, 29), (1900, 3, 1), (2020, 7, 28), (2100, 12, 31), (1969, 12, 31), (2016, 2, 31)] {
        var c = DateComponents()
        c.year = year; c.month = month; c.day = day; c.hour = 12
        let expected = try #require(calendar.date(from: c))
        let days = EPUBBuilder.daysFromCivil(year: year, month: month, day: day)
        #expect(Date(timeIntervalSince1970: TimeInterval(days) * 86_400 + 12 * 3_600) == expected, "\(year)-\(month)-\(day)")
    }
}

@Test func numbersWrittenAsNumbersAreToldFromTheirBytes() {
    for n in ["1", "0", "10", "1.10", "105", "2.4", "39.2", "0.5"] { #expect(PlanModelNumberForm.canonical(n) == nil, "\(n)") }
    #expect(PlanModelNumberForm.canonical("01") == "1")
    #expect(PlanModelNumberForm.canonical("2.01") == "2.1")
    #expect(PlanModelNumberForm.canonical("1.") == "1")
    #expect(PlanModelNumberForm.canonical("1a") == nil && PlanModelNumberForm.canonical("01a") == "1a")
}

/// The status colours a theme has are read from its style sheets by a byte search: every `.progress-status-NAME`
/// (letters, digits and '-'), in any CSS file, however the rules sit: at the very end, one after another, twice.
@Test func theStatusColoursAreEveryProgressStatusClassOfTheStyleSheets() {
    let css = ".progress-status-red{color:red}\n.progress-status-dark-blue,.progress-status-amber2 a{}"
        + ".progress-status-.progress-status-red .x{} .progress-status-é{} .progress-status-green"
    let theme = Theme(templates: [:], assets: ["style.css": Data(css.utf8), "print.css": Data(".progress-status-grey{}".utf8),
                                               "notes.txt": Data(".progress-status-purple".utf8)])
    #expect(theme.statusColours == ["amber2", "dark-blue", "green", "grey", "red"])
    #expect(Theme(templates: [:], assets: ["style.css": Data()]).statusColours == [])
}

/// The search index keeps the first characters of a text: cut by bytes where the text is ASCII up to the cut, and
/// the same as counting characters everywhere, a combining mark or a CR LF just after the cut, or text beyond ASCII.
@Test func theIndexedTextIsTheFirstCharactersHoweverItIsCut() {
    func counted(_ text: String, _ limit: Int) -> String { String(text.prefix(limit)) }
    let texts = ["short", String(repeating: "a", count: 10), String(repeating: "ab", count: 10), "abcde\u{301}fgh", "abcd\r\nefgh",
                 "abcd\refgh", "ééééééééééé", "abc😀defghij", "abcdefgh\u{301}", String(repeating: "x", count: 9) + "é", ""]
    for text in texts {
        for limit in [0, 1, 4, 5, 8, 9, 10, 30] {
            #expect(SearchIndexBuilder.firstCharacters(text, limit) == counted(text, limit), "\(text.debugDescription) at \(limit)")
        }
    }
}
