// swift-tools-version:6.0
// plansite: publishes an improvement plan as a cross-linked, accessible website.
import PackageDescription

let package = Package(
    name: "plansite",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "plansite", targets: ["plansite"]),
        // The preview server `plansite serve` runs: a program of its own, so that plansite does not link the HTTP stack.
        .executable(name: "plansite-serve", targets: ["plansite-serve"]),
        // For the fuzz harnesses in Fuzz/ (a package of their own).
        .library(name: "PlanModel", targets: ["PlanModel"]),
        .library(name: "PlanLoading", targets: ["PlanLoading"]),
        .library(name: "PlanLinking", targets: ["PlanLinking"]),
        // scripts/bench.sh only: plansite's markdown renderer on one file, for the comparison with the cmark-gfm CLI.
        .executable(name: "markdown-bench", targets: ["markdown-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // The preview server of `plansite serve`: small, no SwiftNIO, so a clean CI build stays quick. FlyingFox 0.27.1
        // (MIT), vendored with two changes marked `plansite:` (Vendor/FlyingFox/PATCHES.md): a request line or header
        // was read in time quadratic in its length, and neither their length nor their number was bounded.
        .package(path: "Vendor/FlyingFox"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmarkGFM",
            path: "Sources/CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .target(name: "Markdown", dependencies: ["CCmarkGFM"]),
        .target(name: "PlanModel"),
        .target(name: "PlanLoading", dependencies: [
            "PlanModel",
            .product(name: "Yams", package: "Yams"),
            .product(name: "SwiftCSV", package: "SwiftCSV"),
        ]),
        .target(name: "PlanLinking", dependencies: ["PlanModel", "Markdown"]),
        .target(name: "PlanDiff", dependencies: ["PlanModel", "PlanLinking", "Markdown"]),
        .target(name: "PlanRendering", dependencies: [
            "PlanModel", "PlanLinking", "PlanDiff", "Markdown",
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ], exclude: ["Theme"]),
        .target(name: "PlanBuild", dependencies: ["PlanModel", "PlanLoading", "PlanLinking", "PlanDiff", "PlanRendering", "Markdown"], exclude: ["Starter"]),
        .target(name: "PlanServe", dependencies: [
            "PlanBuild", "PlanLoading", "PlanModel", "PlanRendering", "Markdown",
            .product(name: "FlyingFox", package: "FlyingFox"),
        ]),
        .executableTarget(name: "plansite", dependencies: [
            "PlanBuild", "PlanModel", "PlanDiff",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "plansite-serve", dependencies: [
            "PlanServe", "PlanBuild",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "markdown-bench", dependencies: ["Markdown"], path: "Benchmarks/markdown-bench"),
        // Where the test suites make their temporary folders (removed when the run ends).
        .target(name: "Scratch", path: "Tests/Scratch"),
        .testTarget(name: "MarkdownTests", dependencies: ["Markdown"]),
        .testTarget(name: "PlanModelTests", dependencies: ["PlanModel"]),
        .testTarget(name: "PlanLoadingTests", dependencies: ["PlanLoading", "PlanModel"]),
        .testTarget(name: "PlanLinkingTests", dependencies: ["PlanLinking", "PlanLoading", "PlanModel"]),
        .testTarget(name: "PlanRenderingTests", dependencies: ["PlanRendering", "PlanLinking", "PlanLoading", "PlanModel"]),
        .testTarget(name: "PlanBuildTests", dependencies: ["Scratch", "PlanBuild", "PlanModel", "PlanRendering", "PlanLinking", "Markdown"], exclude: ["Fixtures"]),
        .testTarget(name: "PlanServeTests", dependencies: ["Scratch", "PlanServe", "PlanBuild", "PlanModel", "PlanRendering"]),
        .testTarget(name: "PlanDiffTests", dependencies: ["Scratch", "PlanDiff", "PlanBuild", "PlanLinking", "PlanLoading", "PlanModel"]),
    ],
    swiftLanguageModes: [.v5]
)
