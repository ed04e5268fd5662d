import Foundation
import InstructData
import RunStore

/// Turns run directories and files into one `ReportDocument`: each path is recognized by what
/// it holds (a run store's stages, a results file's records, an evidence file's name).
public enum ReportBuilder {
    public static func document(for request: ReportRequest, now: Date = Date()) throws -> ReportDocument {
        guard !request.paths.isEmpty else { throw ToolError(.usage, "give at least one run directory or results file") }
        var document = ReportDocument(title: request.title ?? defaultTitle(request.paths),
                                      generatedAt: ISO8601DateFormatter().string(from: now))
        var resultsFiles: [String] = []
        var evidenceFiles: [String] = []
        for path in request.paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ToolError(.invalidInput, "\(path): no such file or directory")
            }
            if !isDirectory.boolValue {
                if CleaningSection.kind(ofEvidence: path) != nil {
                    evidenceFiles.append(path)
                } else if EvaluationSection.looksLikeResults(path: path) {
                    resultsFiles.append(path)
                } else {
                    throw ToolError(.invalidInput, """
                        \(path): not something a report can show (expected a run or training output directory, an evaluation \
                        results file *_results.jsonl, or an evidence file *.contaminated.jsonl / *.duplicates.jsonl)
                        """)
                }
                continue
            }
            let directory = URL(fileURLWithPath: path)
            var recognized = false
            if TrainingSection.isTrainingOutput(directory) {
                document.training.append(try TrainingSection.load(directory: directory))
                recognized = true
            }
            if let store = try RunStore.openExisting(directory: directory) {
                if try InverseInstructSection.isInverseInstructRun(store) {
                    document.inverseInstruct.append(try InverseInstructSection.load(
                        directory: directory, store: store, pricePerMillionPrompt: request.pricePerMillionPromptTokens,
                        pricePerMillionCompletion: request.pricePerMillionCompletionTokens))
                    recognized = true
                }
                if try SemiInstructSection.isSemiInstructRun(store) {
                    document.semiInstruct.append(try SemiInstructSection.load(directory: directory, store: store))
                    recognized = true
                }
            }
            // Results and evidence files in the directory, and in a run's train/ folder.
            for folder in [directory, directory.appendingPathComponent("train")] {
                let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
                for name in names {
                    let file = folder.appendingPathComponent(name).path
                    if CleaningSection.kind(ofEvidence: name) != nil {
                        evidenceFiles.append(file)
                        recognized = true
                    } else if name.hasSuffix(".jsonl"), name.contains("_results"), EvaluationSection.looksLikeResults(path: file) {
                        resultsFiles.append(file)
                        recognized = true
                    }
                }
            }
            guard recognized else {
                throw ToolError(.invalidInput, "\(path): no Inverse-Instruct or Semi-Instruct run, training output, results or evidence files in it")
            }
        }
        for (index, file) in resultsFiles.enumerated() {
            document.evaluations.append(try EvaluationSection.load(
                path: file, label: index < request.labels.count ? request.labels[index] : nil))
        }
        document.comparisons = comparisons(document.evaluations)
        document.cleaning = try evidenceFiles.map(CleaningSection.load(path:))
        return document
    }

    /// Each later result of a benchmark against the first result of that benchmark.
    static func comparisons(_ evaluations: [EvaluationSection]) -> [EvaluationComparison] {
        var first: [String: EvaluationSection] = [:]
        var comparisons: [EvaluationComparison] = []
        for evaluation in evaluations {
            if let base = first[evaluation.benchmark] {
                comparisons.append(EvaluationComparison(base: base, other: evaluation))
            } else {
                first[evaluation.benchmark] = evaluation
            }
        }
        return comparisons
    }

    static func defaultTitle(_ paths: [String]) -> String {
        "inverse-instruct report: " + paths.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", ")
    }
}
