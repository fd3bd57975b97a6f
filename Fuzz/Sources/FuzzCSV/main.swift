// libFuzzer entry point: content/scorecard.csv of a small site is the fuzzer's input.
import FuzzSupport

Fuzzer.run { data, count in
    FuzzSite.run("content/scorecard.csv", data, count)
}
