import Console
import InstructData

extension GlobalOptions {
    /// Runs a job that streams a dataset file: a byte-progress line while it works, and the
    /// dataset's errors (a bad record, an unreadable file) turned into messages for the user.
    func runDatasetJob<T>(_ label: String, _ body: ((Int, Int) -> Void) async throws -> T) async throws -> T {
        let progress = progress(label, total: nil, unit: .bytes)
        defer { progress.finish() }
        do {
            return try await body { done, total in
                progress.setTotal(total)
                progress.advance(by: done - progress.completed)
            }
        } catch let error as InvalidRecord {
            throw ToolError(.invalidInput, "\(error.description)\n(use --skip-invalid to write bad records to a rejects file and go on)")
        }
    }
}
