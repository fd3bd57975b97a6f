// libFuzzer entry point: content/schedule.yaml of a small site is the fuzzer's input.
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
    FuzzSite.run("content/schedule.yaml", data, count)
    return 0
}
