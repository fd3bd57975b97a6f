// libFuzzer entry point: site.yaml of a small site is the fuzzer's input.
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
    FuzzSite.run("site.yaml", data, count)
    return 0
}
