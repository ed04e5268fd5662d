import Testing
@testable import Pipelines
