import Testing
@testable import DataQuality
