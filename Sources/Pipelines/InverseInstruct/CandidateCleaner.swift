import InstructData

/// Turns a raw summarization continuation into an instruction: the pre-filled opener is kept
/// as the start of the instruction, a code fence and anything after it goes, and so do the
/// chatter and prompt markers models append. Empty or degenerate results are reported with a
/// reason, never silently dropped.
public enum CandidateCleaner {
    public enum Verdict: Sendable, Hashable {
        case instruction(String)
        case rejected(String)
    }

    /// Lines that end the instruction when a model goes on past it.
    static let endMarkers = [
        "```", "~~~", "@@ Response", "@@ Instruction", "### Response", "### Instruction", "<|im_end|>",
        "<|im_start|>", "<|endoftext|>", "<|eot_id|>", "<|EOT|>", "</s>",
    ]

    static let chatterPrefixes = [
        "here is", "here's", "sure", "this code", "the code above", "the above code", "explanation:", "note:",
        "i hope", "let me know",
    ]

    public static func clean(opener: String, continuation: String, minimumWords: Int = 4) -> Verdict {
        var text = (opener + continuation).replacingCRLF()
        for marker in endMarkers {
            if let range = text.range(of: marker) { text = String(text[..<range.lowerBound]) }
        }
        // Drop trailing chatter paragraphs ("Here is the code:", "Sure! ...").
        var paragraphs = text.components(separatedBy: "\n\n").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        while paragraphs.count > 1, let last = paragraphs.last, isChatter(last) { paragraphs.removeLast() }
        text = paragraphs.joined(separator: "\n\n")
        // A dangling "Here is the code:" at the very end of the last paragraph.
        if let last = text.split(separator: "\n").last, isChatter(String(last)), text.split(separator: "\n").count > 1 {
            text = String(text.dropLast(last.count)).trimmingWhitespace()
        }
        text = text.trimmingWhitespace()
        let openerWords = opener.split(whereSeparator: \.isWhitespace).count
        let words = text.split(whereSeparator: \.isWhitespace)
        if words.count <= openerWords { return .rejected("empty: nothing after the opener") }
        if words.count < minimumWords { return .rejected("too short: \(words.count) words") }
        if isDegenerate(words.map(String.init)) { return .rejected("degenerate: repeated text") }
        return .instruction(text)
    }

    static func isChatter(_ line: String) -> Bool {
        let lower = line.lowercased()
        return chatterPrefixes.contains { lower.hasPrefix($0) } && (lower.hasSuffix(":") || lower.count < 80)
    }

    /// Repetition loops: few distinct words over a long text, or one short phrase repeated.
    static func isDegenerate(_ words: [String]) -> Bool {
        guard words.count >= 24 else { return false }
        let distinct = Set(words.map { $0.lowercased() }).count
        if Double(distinct) / Double(words.count) < 0.2 { return true }
        // The same 6-word window occurring many times.
        var windows: [String: Int] = [:]
        for start in 0...(words.count - 6) {
            let key = words[start..<start + 6].joined(separator: " ")
            windows[key, default: 0] += 1
            if windows[key, default: 0] >= 4 { return true }
        }
        return false
    }
}
