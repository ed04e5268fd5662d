/// The closing figures of an Inverse-Instruct run (`--json` prints this object).
public struct InverseInstructSummary: Sendable, Codable, Hashable {
    public var input = ""
    public var runDirectory = ""
    public var records = 0
    public var invalidLines = 0
    public var snippets = 0
    /// Candidates generated (K per summarized snippet).
    public var candidates = 0
    /// Reason → count, for candidates that gave no usable instruction.
    public var candidatesRejected: [String: Int] = [:]
    public var scored = 0
    /// Reason → count, for candidates that got no score.
    public var unscored: [String: Int] = [:]
    public var selected = 0
    /// Reason → count, for snippets that got no instruction.
    public var snippetsWithoutSelection: [String: Int] = [:]
    /// Units whose model calls failed and are left for a later run.
    /// Records removed from each phase by decontamination and de-duplication, per method.
    public var removedByCleaning: [String: [String: Int]] = [:]
    public var phase1Records = 0
    public var phase2Records = 0
    public var pendingUnits = 0
    public var failedUnits = 0
    public var modelRequests = 0
    public var promptTokens = 0
    public var completionTokens = 0
    public var cost: Double?
    public var seconds = 0.0
    public var promptFormat = ""
    public var model = ""
    public var outputs = Outputs()

    public struct Outputs: Sendable, Codable, Hashable {
        public var snippets = ""
        public var selection = ""
        public var manifest = ""
        /// format → path
        public var phase1: [String: String] = [:]
        public var phase2: [String: String] = [:]
    }

    enum CodingKeys: String, CodingKey {
        case input, records, snippets, candidates, scored, unscored, selected, cost, seconds, model, outputs
        case runDirectory = "run_dir"
        case invalidLines = "invalid_lines"
        case candidatesRejected = "candidates_rejected"
        case snippetsWithoutSelection = "snippets_without_selection"
        case removedByCleaning = "removed_by_cleaning"
        case phase1Records = "phase1_records"
        case phase2Records = "phase2_records"
        case pendingUnits = "pending_units"
        case failedUnits = "failed_units"
        case modelRequests = "model_requests"
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case promptFormat = "prompt_format"
    }

    public init() {}
}
