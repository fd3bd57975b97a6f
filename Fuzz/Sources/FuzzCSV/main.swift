// libFuzzer entry point: content/scorecard.csv of a small site is the fuzzer's input.
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
    FuzzSite.run("content/scorecard.csv", data, count)
    return 0
}
