// libFuzzer entry point: content/schedule.yaml of a small site is the fuzzer's input.
import FuzzSupport

Fuzzer.run { data, count in
    FuzzSite.run("content/schedule.yaml", data, count)
}
