# The two commands of the README, and a few helpers.
.PHONY: demo test test-python setup build bench-io clean

# Set everything up, then run Inverse-Instruct on the example dataset with the embedded
# engine and the default model (pulled and verified on first use), with a small K.
demo: setup
	.build/debug/inverse-instruct run --input examples/pairs.jsonl --run-dir runs/demo --candidates 2 --max-tokens 128

# Set everything up (building the tool and its tests once), then run the whole test suite:
# Swift, then the Python programs the binary embeds.
test:
	bash scripts/setup.sh --build-tests
	swift test --skip-build
	python3 -m unittest discover -s Tests/Python -v

# The Python programs the binary embeds (Sources/**/Python/*.py), tested directly: no build needed.
test-python:
	python3 -m unittest discover -s Tests/Python -v

setup:
	bash scripts/setup.sh

build:
	swift build

bench-io:
	bash scripts/bench-io.sh

clean:
	rm -rf .build .build-release runs
