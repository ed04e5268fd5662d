// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "inverse-instruct",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "inverse-instruct", targets: ["inverse-instruct"]),
        .library(name: "InstructData", targets: ["InstructData"]),
        .library(name: "RunStore", targets: ["RunStore"]),
        .library(name: "ModelClient", targets: ["ModelClient"]),
        .library(name: "Sandbox", targets: ["Sandbox"]),
        .library(name: "Benchmarks", targets: ["Benchmarks"]),
        .library(name: "Evaluation", targets: ["Evaluation"]),
        .library(name: "DataQuality", targets: ["DataQuality"]),
        .library(name: "Pipelines", targets: ["Pipelines"]),
        .library(name: "Reporting", targets: ["Reporting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // zlib, for reading .gz datasets as a stream.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        // Programs in Python are .py files beside the Swift that runs them, embedded in the
        // binary at build time (`PackageResources`), so the executable needs no files beside it.
        .target(
            name: "InstructData",
            dependencies: [
                "CZlib",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.embedInCode("Python/syntax_checker.py")]
        ),
        .target(
            name: "Console",
            dependencies: [.product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "RunStore",
            dependencies: [.product(name: "GRDB", package: "GRDB.swift")],
            resources: [.embedInCode("SQL/schema-v1.sql")]
        ),
        .target(
            name: "ModelClient",
            dependencies: [
                "InstructData",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            resources: [.embedInCode("Python/engine_launcher.py"), .embedInCode("Python/extract_chunks.py")]
        ),
        // A loopback stub OpenAI server for fault-injection tests and client benchmarks.
        .target(
            name: "ModelClientTesting",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "model-client-bench",
            dependencies: ["ModelClient", "ModelClientTesting"],
            path: "Benchmarks/ModelClientBench"
        ),
        .target(
            name: "Sandbox",
            dependencies: ["InstructData"],
            resources: [.embedInCode("Python/sandbox_worker.py"), .embedInCode("Python/interpreter_probe.py")]
        ),
        // A benchmark's problems, prompts, samples, task ids, splits and the vendored data (Data/).
        .target(
            name: "Benchmarks",
            dependencies: ["InstructData"],
            resources: [.embedInCode("Python/sample_sanitizer.py")]
        ),
        .target(
            name: "Evaluation",
            dependencies: ["InstructData", "Sandbox", "Benchmarks"],
            resources: [.embedInCode("Python/evalplus_check.py")]
        ),
        // MinHash hot loops in C: SHA-1 with the CPU's SHA instructions and AVX2 permutations,
        // chosen at run time with portable fallbacks (Swift cannot target CPU features per function).
        .target(name: "CMinHash"),
        .target(
            name: "DataQuality",
            dependencies: ["InstructData", "CMinHash", "Benchmarks"]
        ),
        .target(
            name: "Pipelines",
            dependencies: ["InstructData", "RunStore", "ModelClient", "Sandbox", "DataQuality", "Console", "Evaluation",
                           "Benchmarks", .product(name: "Yams", package: "Yams")],
            resources: [.embedInCode("SemiInstruct/Python/code_analyzer.py"),
                        .embedInCode("Training/Python/trainer.py"), .embedInCode("Training/Python/fetch_converter.py"),
                        .embedInCode("Training/Python/requirements.txt")]
        ),
        // One self-contained HTML page per run or result file: the Swift side gathers the data,
        // the page's own JavaScript draws it with Chart.js (read from Debian's libjs-chart.js).
        .target(
            name: "Reporting",
            dependencies: ["InstructData", "RunStore", "Evaluation", "Pipelines"],
            resources: [.embedInCode("Page/report.html"), .embedInCode("Page/report.css"), .embedInCode("Page/report.js")]
        ),
        .executableTarget(
            name: "inverse-instruct",
            dependencies: [
                "InstructData", "RunStore", "Console", "ModelClient", "Sandbox", "Benchmarks", "Evaluation",
                "DataQuality", "Pipelines", "Reporting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        // A child process for the run store's crash tests (killed with SIGKILL mid-run).
        .executableTarget(name: "run-store-worker", dependencies: ["RunStore"], path: "Tests/RunStoreWorker"),
        .testTarget(name: "InstructDataTests", dependencies: ["InstructData", "TestSupport"]),
        .testTarget(name: "RunStoreTests", dependencies: ["RunStore", "TestSupport", "run-store-worker"]),
        .testTarget(name: "ModelClientTests", dependencies: ["ModelClient", "ModelClientTesting"], exclude: ["Fixtures"]),
        .testTarget(name: "SandboxTests", dependencies: ["Sandbox", "InstructData"]),
        .testTarget(name: "BenchmarksTests", dependencies: ["Benchmarks", "InstructData", "TestSupport"]),
        .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "Benchmarks", "Sandbox", "InstructData", "TestSupport"]),
        .testTarget(name: "DataQualityTests", dependencies: ["DataQuality", "Benchmarks", "InstructData", "CMinHash", "TestSupport",
                                                          .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "PipelinesTests", dependencies: ["Pipelines", "Benchmarks", "TestSupport", "inverse-instruct", "ModelClientTesting",
                                                         .product(name: "Yams", package: "Yams")]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "Pipelines", "RunStore", "Evaluation", "ModelClient",
                                                         "Console", "TestSupport", "inverse-instruct"]),
        .testTarget(name: "CLITests", dependencies: ["inverse-instruct", "InstructData", "Console", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
