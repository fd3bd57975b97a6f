// libFuzzer entry point: content/registers/ofsted-2015.yaml of a small site is the fuzzer's input.
import FuzzSupport

Fuzzer.run { data, count in
    FuzzSite.run("content/registers/ofsted-2015.yaml", data, count)
}
