// libFuzzer entry point: site.yaml of a small site is the fuzzer's input.
import FuzzSupport

Fuzzer.run { data, count in
    FuzzSite.run("site.yaml", data, count)
}
