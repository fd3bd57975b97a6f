// libFuzzer entry point: content/work-areas/1.yaml of a small site is the fuzzer's input.
import FuzzSupport

Fuzzer.run { data, count in
    FuzzSite.run("content/work-areas/1.yaml", data, count)
}
