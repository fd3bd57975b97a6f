// swift-tools-version:6.0
// plansite: publishes an improvement plan as a cross-linked, accessible website.
import PackageDescription

let package = Package(
    name: "plansite",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "plansite", targets: ["plansite"]),
        // For the fuzz harnesses in Fuzz/ (a package of their own).
        .library(name: "PlanModel", targets: ["PlanModel"]),
        .library(name: "PlanLoading", targets: ["PlanLoading"]),
        .library(name: "PlanLinking", targets: ["PlanLinking"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
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
        .target(name: "PlanDiff", dependencies: ["PlanModel", "PlanLinking"]),
        .target(name: "PlanRendering", dependencies: [
            "PlanModel", "PlanLinking", "PlanDiff", "Markdown",
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ], exclude: ["Theme"]),
        .target(name: "PlanBuild", dependencies: ["PlanModel", "PlanLoading", "PlanLinking", "PlanDiff", "PlanRendering"]),
        .executableTarget(name: "plansite", dependencies: [
            "PlanBuild", "PlanModel", "PlanDiff",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "MarkdownTests", dependencies: ["Markdown"]),
        .testTarget(name: "PlanModelTests", dependencies: ["PlanModel"]),
        .testTarget(name: "PlanLoadingTests", dependencies: ["PlanLoading", "PlanModel"]),
        .testTarget(name: "PlanLinkingTests", dependencies: ["PlanLinking", "PlanLoading", "PlanModel"]),
        .testTarget(name: "PlanRenderingTests", dependencies: ["PlanRendering", "PlanLinking", "PlanLoading", "PlanModel"]),
        .testTarget(name: "PlanBuildTests", dependencies: ["PlanBuild", "PlanModel", "PlanRendering"], exclude: ["Fixtures"]),
        .testTarget(name: "PlanDiffTests", dependencies: ["PlanDiff", "PlanBuild", "PlanLinking", "PlanLoading", "PlanModel"]),
    ],
    swiftLanguageModes: [.v5]
)
