import Foundation

extension LMScore {
    /// The reference implementation's reading of the first position (`--score-reading
    /// reference`): only the top 5 alternatives; one token for "Yes" and one for "No", with "As"
    /// standing in for No when No is absent; a word that is absent counts as logprob −100. So
    /// a reply with neither word scores 0.5, and every pair gets a score.
    ///
    /// The reference looks tokens up by id (the tokenizer's encoding of the bare word); a
    /// server reply names tokens by text, so the word's token is its exact spelling, bare or,
    /// where the tokenizer marks a leading space (" ", "Ġ", "▁"), with that mark.
    public init(referenceReadingOf top: [(token: String, logprob: Double)]) {
        let considered = Array(top.prefix(Self.referenceTopLogprobs))
        func logprob(of words: [String]) -> Double? {
            for word in words {
                if let bare = considered.first(where: { $0.token == word }) { return bare.logprob }
                if let marked = considered.first(where: { Self.leadingMarks.contains($0.token.first ?? "x") && $0.token.dropFirst() == word }) {
                    return marked.logprob
                }
            }
            return nil
        }
        let yes = logprob(of: ["Yes"])
        let no = logprob(of: ["No", "As"])
        let (y, n) = (yes ?? Self.missingWordLogprob, no ?? Self.missingWordLogprob)
        // 1 / (1 + e^(n − y)) is e^y / (e^y + e^n) without underflow.
        self.init(score: 1 / (1 + exp(n - y)), yesLogprob: yes, noLogprob: no, reason: nil)
    }

    /// How many alternatives the reference asks for and reads.
    public static let referenceTopLogprobs = 5
    /// The reference's placeholder for a word that is not among the top logprobs.
    public static let missingWordLogprob = -100.0
    static let leadingMarks: Set<Character> = [" ", "Ġ", "▁"]
}
