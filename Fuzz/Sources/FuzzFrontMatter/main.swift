// libFuzzer entry point: content/pages/intro.md of a small site is the fuzzer's input.
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
    FuzzSite.run("content/pages/intro.md", data, count)
    return 0
}
