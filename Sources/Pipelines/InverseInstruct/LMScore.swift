import Foundation

/// The self-evaluation score of an (instruction, code) pair: the model's probability of
/// answering "Yes" rather than "No" at the first generated position,
/// `P(yes) / (P(yes) + P(no))`.
///
/// Unlike the reference implementation it merges the tokenizer's variants of each word
/// ("Yes", " Yes", "YES", "yes"), adding their probabilities, and when neither word is among
/// the top logprobs it gives no score (with the reason) instead of the 0.5 that a −100
/// placeholder for both produces. A word missing from the top list counts as probability 0,
/// which is what the reference's −100 placeholder amounts to when the other word is present.
/// `init(referenceReadingOf:)` reads as the reference does (`score_reading: reference`).
public struct LMScore: Sendable, Hashable, Codable {
    /// nil when neither word appeared.
    public var score: Double?
    /// log P(yes) over all variants, when any appeared.
    public var yesLogprob: Double?
    public var noLogprob: Double?
    public var reason: String?

    public static let noYesOrNo = "neither Yes nor No among the top logprobs"

    enum CodingKeys: String, CodingKey {
        case score, reason
        case yesLogprob = "yes_logprob"
        case noLogprob = "no_logprob"
    }

    public init(score: Double?, yesLogprob: Double?, noLogprob: Double?, reason: String?) {
        self.score = score
        self.yesLogprob = yesLogprob
        self.noLogprob = noLogprob
        self.reason = reason
    }

    /// Computes the score from token → logprob at the first generated position.
    public init(topLogprobs: [String: Double]) {
        var yes: [Double] = []
        var no: [Double] = []
        for (token, logprob) in topLogprobs where logprob.isFinite || logprob == -.infinity {
            switch Self.word(of: token) {
            case "yes": yes.append(logprob)
            case "no": no.append(logprob)
            default: break
            }
        }
        let yesLogprob = Self.logSumExp(yes)
        let noLogprob = Self.logSumExp(no)
        switch (yesLogprob, noLogprob) {
        case (nil, nil):
            self.init(score: nil, yesLogprob: nil, noLogprob: nil, reason: Self.noYesOrNo)
        case (let y?, nil):
            self.init(score: y == -.infinity ? nil : 1, yesLogprob: y, noLogprob: nil, reason: nil)
        case (nil, let n?):
            self.init(score: n == -.infinity ? nil : 0, yesLogprob: nil, noLogprob: n, reason: nil)
        case (let y?, let n?):
            // 1 / (1 + e^(n - y)) is stable for any magnitudes; both -inf has no answer.
            if y == -.infinity && n == -.infinity {
                self.init(score: nil, yesLogprob: y, noLogprob: n, reason: Self.noYesOrNo)
            } else {
                self.init(score: 1 / (1 + exp(n - y)), yesLogprob: y, noLogprob: n, reason: nil)
            }
        }
    }

    /// "yes" or "no" when the token is a variant of one of them, else nil. Tokenizers mark a
    /// leading space as " ", "Ġ" (GPT-2 byte level) or "▁" (SentencePiece).
    static func word(of token: String) -> String? {
        var text = Substring(token)
        while let first = text.first, first == " " || first == "Ġ" || first == "▁" || first == "\n" || first == "\t" {
            text = text.dropFirst()
        }
        while let last = text.last, last == " " || last == "," || last == "." || last == "!" || last == ":" {
            text = text.dropLast()
        }
        switch text.lowercased() {
        case "yes": return "yes"
        case "no": return "no"
        default: return nil
        }
    }

    /// log(Σ e^x), without overflow or underflow.
    static func logSumExp(_ values: [Double]) -> Double? {
        guard let maximum = values.max() else { return nil }
        guard maximum != -.infinity else { return -.infinity }
        return maximum + log(values.reduce(0) { $0 + exp($1 - maximum) })
    }
}
