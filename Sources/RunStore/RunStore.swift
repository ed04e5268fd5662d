// The run store: see RunStore.swift.
