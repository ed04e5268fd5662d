# The two commands of the README, and a few helpers.
.PHONY: demo test setup build bench-io clean

# Set everything up, then run the main job on the example dataset.
demo: setup
	.build/debug/inverse-instruct extract examples/pairs.jsonl -o runs/demo/snippets.jsonl

# Set everything up, then run the whole test suite.
test: setup
	swift build --build-tests
	swift test --skip-build

setup:
	bash scripts/setup.sh

build:
	swift build

bench-io:
	bash scripts/bench-io.sh

clean:
	rm -rf .build .build-release runs
