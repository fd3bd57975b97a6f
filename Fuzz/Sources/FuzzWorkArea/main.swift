// libFuzzer entry point: content/work-areas/1.yaml of a small site is the fuzzer's input.
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
    FuzzSite.run("content/work-areas/1.yaml", data, count)
    return 0
}
