import Foundation
import TestSupport

/// Debian's `chromium`, headless, for opening a report the way a person's browser would.
enum HeadlessChromium {
    static let executable = URL(fileURLWithPath: "/usr/bin/chromium")

    static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: executable.path) }

    /// What one headless load gave back: the DOM after the page's scripts ran, and the browser's
    /// log (console messages among it).
    struct Load {
        var dom: String
        var log: String

        /// Console messages the page produced (Chromium 156 logs them as `INFO:CONSOLE:LINE] "message", source: …`).
        var consoleMessages: [String] {
            log.split(separator: "\n").filter { $0.contains(":CONSOLE") || $0.contains("Uncaught") }.map(String.init)
        }
    }

    static func arguments(profile: URL) -> [String] {
        // The sandbox needs privileges a test machine's root user lacks; the page is our own.
        ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
         "--user-data-dir=\(profile.path)", "--virtual-time-budget=5000"]
    }

    static func load(_ page: URL, profile: URL) async throws -> Load {
        let output = try await ChildProcess.run(executable, arguments(profile: profile) + [
            "--enable-logging=stderr", "--v=0", "--dump-dom", page.absoluteString,
        ])
        return Load(dom: output.stdout, log: output.stderr)
    }

    static func screenshot(_ page: URL, to path: URL, profile: URL) async throws -> ProcessOutput {
        try await ChildProcess.run(executable, arguments(profile: profile) + [
            "--hide-scrollbars", "--window-size=1280,2000", "--screenshot=\(path.path)", page.absoluteString,
        ])
    }
}

/// The attributes of the elements named `tag` in serialized HTML, one dictionary per element
/// (enough for the page's own `data-*` attributes, which hold no quotes).
func attributesOfElements(_ tag: String, in html: String) -> [[String: String]] {
    var elements: [[String: String]] = []
    var rest = Substring(html)
    while let start = rest.range(of: "<\(tag) ") ?? rest.range(of: "<\(tag)>") {
        guard let end = rest[start.upperBound...].firstIndex(of: ">") else { break }
        let text = rest[start.upperBound..<end]
        var attributes: [String: String] = [:]
        var scan = text
        while let equals = scan.range(of: "=\"") {
            let name = scan[..<equals.lowerBound].split(separator: " ").last.map(String.init) ?? ""
            guard let close = scan[equals.upperBound...].firstIndex(of: "\"") else { break }
            attributes[name] = String(scan[equals.upperBound..<close])
            scan = scan[scan.index(after: close)...]
        }
        elements.append(attributes)
        rest = rest[end...]
    }
    return elements
}
