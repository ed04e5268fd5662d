/// A short, countable form of a reason: the text before any colon or parenthesis, as the run's
/// own summary counts them ("summarize failed: HTTP 500" → "summarize failed").
enum ReasonKey {
    static func of(_ reason: String) -> String {
        String(reason.prefix { $0 != ":" && $0 != "(" }).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

import Foundation
