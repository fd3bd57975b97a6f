// libFuzzer entry point: the reference grammar. Each line of the input is
// parsed as a link destination (`ofsted-2015:7`, `page:x#y`), as a reference
// list ("1-11, 14 and 22") and as an "(also X.Y)" suffix; then the input is
// linked as a page body, which resolves every reference in it.
import Foundation
import FuzzSupport
import PlanLinking
import PlanLoading

Fuzzer.run { data, count in
    guard let text = try? TextHygiene.decode(Data(bytes: data, count: count)) else { return }
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
        _ = Reference.parse(line)
        _ = Reference.isExternal(line)
        _ = ReferenceList.parse(line)
        _ = AlsoSuffix.ref(in: line)
        _ = AlsoSuffix.stripped(line)
    }
    let body = "---\ntitle: Introduction\norder: 1\n---\n" + text
    body.withCString { FuzzSite.run("content/pages/intro.md", $0, strlen($0)) }
}
