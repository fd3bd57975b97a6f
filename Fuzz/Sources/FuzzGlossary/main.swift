// libFuzzer entry point: content/glossary.yaml of a small site is the fuzzer's input.
import FuzzSupport

Fuzzer.run { data, count in
    FuzzSite.run("content/glossary.yaml", data, count)
}
