# StockPulse: the README's two commands are `make run` and `make test`; each installs what is
# missing first (scripts/bootstrap, quiet and quick when nothing is).
#
#   make build       release tree in build/ (the binary is build/stockpulse)
#   make run         the main job: `stockpulse serve` on 127.0.0.1:8080 (Ctrl-C stops it)
#   make demo        indicators over the sample shipped in data/samples/ (the first `make run`)
#   make test        every test: ctest on the release tree, then the node tests under tests/ (the
#                    TA-Lib oracle on the CLI, the WebAssembly build in node and headless Chromium)
#   make test-debug  the AddressSanitizer + UndefinedBehaviorSanitizer tree (build-debug/) and ctest
#   make wasm        core/ compiled to WebAssembly into $(BUILD_DIR)/wasm (wasm/build.sh)
#   make bench-core  the core benchmarks against the anchors (bench/run-core.sh builds what it needs)
#   make bench-market  ITCH parse and order books on a 20M-message simulated day, beside the
#                    reference book and the anchors (bench/run-market.sh; bench/results/market.csv)
#   make bench-serve  `stockpulse serve` beside nginx's proxy_cache (wrk), p99 at half our peak (open
#                    loop), WebSocket fan-out to 10,000 clients (bench/run-serve.sh; bench/results/serve.csv)
#   make bench-wasm  WebAssembly against the JavaScript libraries and native (bench/wasm/run.sh)
#   make format      clang-format -i on src, tests, bench, wasm; `make format-check` only checks
#   make clean       removes the build trees (never node_modules)
#
# Variables: BUILD_DIR (build), DEBUG_DIR (build-debug), JOBS (2: the machines have two cores),
# SAMPLE (the input of `make run`).

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build
.DELETE_ON_ERROR:

BUILD_DIR ?= build
DEBUG_DIR ?= build-debug
JOBS ?= 2
SAMPLE ?= data/samples/SPY_daily_2019-2020.csv
NODE_TESTS ?= tests/
BIN := $(BUILD_DIR)/stockpulse
WASM_DIR := $(abspath $(BUILD_DIR))/wasm
FORMAT_DIRS := src tests bench wasm

.PHONY: bootstrap build configure run demo test test-debug wasm bench-core bench-market bench-serve bench-wasm format format-check clean

bootstrap:
	@scripts/bootstrap

# Configure once; after that ninja re-runs CMake by itself when a CMakeLists.txt or a glob changes.
configure: bootstrap
	@if [[ ! -f $(BUILD_DIR)/build.ninja ]]; then cmake --preset release -B $(BUILD_DIR); fi

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

# The main job: the API gateway on 127.0.0.1:8080 over the simulated market (history from the first
# second, bars stored under ./var/); Ctrl-C stops it. `make demo` is the old first run: indicators
# over the sample shipped in data/samples/.
run: build
	$(BIN) serve

demo: build
	$(BIN) indicators --input $(SAMPLE) --indicator rsi:14 --indicator macd:12,26,9 --indicator bbands:20,2,2

# Every suite runs even when an earlier step fails (the WebAssembly build included); the target
# fails when any does, and when a source file is not clang-formatted (`make format` fixes it). node --test finds every *.test.mjs under tests/. (No wasm/build.sh yet:
# no WebAssembly build, and no test that needs one.)
test: build
	@rc=0; \
	if [[ -f wasm/build.sh ]]; then \
	  $(MAKE) --no-print-directory wasm || { rc=1; echo "make test: the WebAssembly build failed" >&2; }; \
	fi; \
	ctest --test-dir $(BUILD_DIR) --output-on-failure --no-tests=error -j $(JOBS) || rc=1; \
	$(MAKE) --no-print-directory format-check || { rc=1; echo "make test: run make format" >&2; }; \
	SP_BINARY="$(abspath $(BIN))" SP_WASM_DIR="$(WASM_DIR)" \
	  node --test --test-reporter=spec $(NODE_TESTS) || rc=1; \
	exit $$rc

test-debug: bootstrap
	@if [[ ! -f $(DEBUG_DIR)/build.ninja ]]; then cmake --preset debug -B $(DEBUG_DIR); fi
	cmake --build $(DEBUG_DIR) -j $(JOBS)
	ASAN_OPTIONS=abort_on_error=1:detect_leaks=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	ctest --test-dir $(DEBUG_DIR) --output-on-failure --no-tests=error -j $(JOBS)

wasm: bootstrap
	@[[ -f wasm/build.sh ]] || { echo "make wasm: wasm/build.sh is not written yet" >&2; exit 1; }
	SP_WASM_OUT="$(WASM_DIR)" SP_WASM_WORK="$(abspath $(BUILD_DIR))/wasm-work" SP_WASM_JOBS=$(JOBS) \
	  bash wasm/build.sh

bench-core: bootstrap
	@[[ -f bench/run-core.sh ]] || { echo "make bench-core: bench/run-core.sh is not written yet" >&2; exit 1; }
	bash bench/run-core.sh

bench-market: bootstrap
	@[[ -f bench/run-market.sh ]] || { echo "make bench-market: bench/run-market.sh is not written yet" >&2; exit 1; }
	bash bench/run-market.sh

bench-serve: bootstrap
	@[[ -f bench/run-serve.sh ]] || { echo "make bench-serve: bench/run-serve.sh is not written yet" >&2; exit 1; }
	bash bench/run-serve.sh $(BUILD_DIR)

bench-wasm: bootstrap
	SP_WASM_OUT="$(WASM_DIR)" SP_WASM_WORK="$(abspath $(BUILD_DIR))/wasm-work" SP_WASM_DIR="$(WASM_DIR)" \
	  SP_WASM_JOBS=$(JOBS) bash bench/wasm/run.sh

FORMAT_FILES = $(shell find $(FORMAT_DIRS) -type f \( -name '*.cc' -o -name '*.h' -o -name '*.cpp' -o -name '*.hpp' \) 2>/dev/null)

format:
	@clang-format -i $(FORMAT_FILES)

format-check:
	@clang-format --dry-run -Werror $(FORMAT_FILES)

clean:
	rm -rf $(BUILD_DIR) $(DEBUG_DIR)
