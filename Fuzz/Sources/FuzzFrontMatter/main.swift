// libFuzzer entry point: content/pages/intro.md of a small site is the fuzzer's input.
import FuzzSupport

Fuzzer.run { data, count in
    FuzzSite.run("content/pages/intro.md", data, count)
}
