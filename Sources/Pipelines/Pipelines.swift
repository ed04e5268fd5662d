// The Pipelines module. See ../shared/DESIGN.md for what it owns.
