#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Facts about the process's terminal and unbuffered writes to its standard streams.
public enum Terminal {
    public static var isStandardErrorInteractive: Bool { isatty(STDERR_FILENO) == 1 }
    public static var isStandardOutputInteractive: Bool { isatty(STDOUT_FILENO) == 1 }

    public static func writeStandardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    public static func writeStandardOutput(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
