import Testing
@testable import ModelClient
