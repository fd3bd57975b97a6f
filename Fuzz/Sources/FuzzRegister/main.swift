// libFuzzer entry point: content/registers/ofsted-2015.yaml of a small site is the fuzzer's input.
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
    FuzzSite.run("content/registers/ofsted-2015.yaml", data, count)
    return 0
}
