import Foundation
import InstructData

/// Chart.js, read at report time from Debian's `libjs-chart.js` (3.9.1, MIT) and inlined into
/// the page, so the page needs no network and the repository carries no copy of it.
public enum ChartLibrary {
    /// The minified UMD build, which defines the global `Chart` when inlined in a <script>.
    public static let defaultPath = "/usr/share/javascript/chart.js/chart.min.js"

    public static func load(path: String = defaultPath) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ToolError(.missing, """
                \(path) is missing: the report draws its charts with Chart.js from the Debian package \
                libjs-chart.js (apt-get install libjs-chart.js, or scripts/setup.sh)
                """)
        }
        return String(decoding: data, as: UTF8.self)
    }
}
