import Foundation
import InstructData

/// The HTML page: the template (Page/report.html) with the style, Chart.js, the page's own
/// script and the document as JSON put in place. Everything is inline and the page's
/// Content-Security-Policy forbids any network load, so it opens the same anywhere.
public enum ReportPage {
    static let template = String(decoding: PackageResources.report_html, as: UTF8.self)
    static let style = String(decoding: PackageResources.report_css, as: UTF8.self)
    static let script = String(decoding: PackageResources.report_js, as: UTF8.self)

    public static func render(_ document: ReportDocument, chartLibrary: String) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Non-finite numbers have no JSON form; none should occur, and if one does it is not fatal.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let json = String(decoding: try encoder.encode(document), as: UTF8.self)
        return fill(template, with: [
            "title": escapeHTML(document.title),
            "style": style,
            "chartjs": scriptSafe(chartLibrary),
            "data": jsonInScript(json),
            "script": scriptSafe(script),
        ])
    }

    /// Replaces each `{{name}}` of the template in one pass, so text put in (Chart.js, data)
    /// is never searched for markers itself.
    static func fill(_ template: String, with values: [String: String]) -> String {
        var output = ""
        output.reserveCapacity(template.utf8.count + values.values.reduce(0) { $0 + $1.utf8.count })
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            output += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                rest = rest[open.lowerBound...]
                break
            }
            let name = String(rest[open.upperBound..<close.lowerBound])
            output += values[name] ?? String(rest[open.lowerBound..<close.upperBound])
            rest = rest[close.upperBound...]
        }
        output += rest
        return output
    }

    /// JSON inside <script type="application/json">: no "<" at all, so neither "</script>" nor
    /// "<!--" in a record's text can end or change the element. `\u003c` is the same string to JSON.
    static func jsonInScript(_ json: String) -> String {
        json.replacingOccurrences(of: "<", with: "\\u003c")
    }

    /// Script text that cannot close its element early.
    static func scriptSafe(_ source: String) -> String {
        source.replacingOccurrences(of: "</script", with: "<\\/script", options: .caseInsensitive)
    }

    static func escapeHTML(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
