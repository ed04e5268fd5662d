/// MBPP's conventional splits by task number (Austin et al. 2021): 11–510 test, 511–600
/// validation, 601–974 train, 1–10 the few-shot prompt examples.
public enum MBPPSplit: String, Sendable, Hashable, CaseIterable {
    case test, validation, train, prompt, all

    /// The task numbers of the split; nil for `all`.
    public var taskNumbers: ClosedRange<Int>? {
        switch self {
        case .test: 11...510
        case .validation: 511...600
        case .train: 601...974
        case .prompt: 1...10
        case .all: nil
        }
    }

    /// Whether the task (id as `BenchmarkKind.mbpp.taskID` spells it) is in the split.
    public func contains(_ taskID: String) -> Bool {
        guard let numbers = taskNumbers else { return true }
        guard let number = Int(taskID) else { return false }
        return numbers.contains(number)
    }
}
