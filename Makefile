# Thin wrapper over CMake. The two set-up commands are `make demo` and `make test`.
#   make        Release CLI at build/khaldun (plus the gazetteer it needs)
#   make demo   the main job on examples/: events into out/demo.sqlite, flags, report
#   make test   Release tests, then the whole suite again under ASan+UBSan (clang) with
#               a short run of every libFuzzer target
#   make train  rebuild the tagger and parser models (deterministic)
#   make bench  benchmarks (Google Benchmark per stage + end-to-end)
#   make fuzz   every fuzzer for FUZZ_SECONDS (default 600) each, FUZZ_JOBS at once
JOBS ?= $(shell nproc)
BUILD ?= build
ASAN_BUILD ?= build-asan
FUZZ_SECONDS ?= 600
FUZZ_JOBS ?= 1
CMAKE_FLAGS ?=

.PHONY: all deps build demo test test-release test-asan train bench fuzz clean

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) --target khaldun gazetteer

demo: build
	@bash scripts/demo.sh $(BUILD)/khaldun

test: deps test-release test-asan

test-release:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DKHALDUN_TESTS=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 900

test-asan:
	@CC=clang CXX=clang++ cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DKHALDUN_TESTS=ON -DKHALDUN_FUZZ=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	@cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS) --timeout 1200

train: build
	@bash scripts/train.sh $(BUILD)/khaldun

bench: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DKHALDUN_BENCH=ON >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)
	@bash scripts/bench.sh $(BUILD)

fuzz: deps
	@CC=clang CXX=clang++ cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DKHALDUN_TESTS=ON -DKHALDUN_FUZZ=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	@FUZZ_JOBS=$(FUZZ_JOBS) bash scripts/fuzz.sh $(ASAN_BUILD) $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
