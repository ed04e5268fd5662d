// The ModelClient module. See ../shared/DESIGN.md for what it owns.
