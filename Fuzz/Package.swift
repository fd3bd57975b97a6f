// swift-tools-version:6.0
// Fuzz: libFuzzer harnesses for every loader and the reference grammar. A
// package of its own, so that `swift build` and `swift test` at the top never
// compile them; they build only with the fuzzer sanitizer:
//
//   cd Fuzz && swift build -c release -Xswiftc -sanitize=fuzzer,address \
//       -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld      (gold crashes on these objects)
//
// scripts/fuzz.sh SECONDS builds them and runs each for SECONDS.
import PackageDescription

let kinds = ["SiteYAML", "FrontMatter", "WorkArea", "Register", "Glossary", "Schedule", "CSV", "References"]

let package = Package(
    name: "plansite-fuzz",
    dependencies: [.package(name: "plansite", path: "..")],
    targets: [
        .target(name: "FuzzSupport", dependencies: [
            .product(name: "PlanLoading", package: "plansite"),
            .product(name: "PlanLinking", package: "plansite"),
            .product(name: "PlanModel", package: "plansite"),
        ]),
    ] + kinds.map { kind in
        .executableTarget(name: "Fuzz\(kind)", dependencies: ["FuzzSupport"], path: "Sources/Fuzz\(kind)")
    },
    swiftLanguageModes: [.v5]
)
