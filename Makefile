# pressroom - the two commands of README.md, plus the benchmark and fuzzing.
#   make demo    install what is missing, build, load examples/, serve :8080
#   make check   install what is missing, build twice (gcc; clang with
#                ASan+UBSan), run the whole test suite in both builds
# Meson and Ninja do the building; this file only strings steps together.

BUILD      ?= build
ASAN_BUILD ?= build-asan
DEMO_DB    ?= demo.db
LISTEN     ?= 127.0.0.1:8080
FUZZ_SECONDS ?= 30
FUZZ_CHECK_SECONDS ?= 15

.PHONY: all deps build demo check check-normal check-asan check-fuzz bench \
	fuzz clean

all: build

deps:
	@scripts/deps.sh build

build: deps
	@test -f $(BUILD)/build.ninja || \
	    CC=gcc meson setup $(BUILD) -Dwerror=true -Dtests=false
	@ninja -C $(BUILD) pressroom

demo: build
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BUILD)/pressroom --db $(DEMO_DB) init
	$(BUILD)/pressroom --db $(DEMO_DB) import examples/*.json
	$(BUILD)/pressroom --db $(DEMO_DB) import --tz Europe/Moscow \
	    tests/fixtures/seed/000_1e53a87551ad3537.txt
	@echo "pressroom demo: open http://$(LISTEN)/ (Ctrl-C stops)"
	@echo "  to edit at http://$(LISTEN)/admin/, first (no account exists):"
	@echo "  $(BUILD)/pressroom --db $(DEMO_DB) user add NAME --role admin"
	$(BUILD)/pressroom --db $(DEMO_DB) serve --listen $(LISTEN)

check:
	@scripts/deps.sh check
	@$(MAKE) --no-print-directory check-normal check-asan check-fuzz

# Normal build: gcc, warnings are errors.
check-normal:
	@test -f $(BUILD)/build.ninja || \
	    CC=gcc meson setup $(BUILD) -Dwerror=true
	@meson configure $(BUILD) -Dtests=true >/dev/null
	ninja -C $(BUILD)
	meson test -C $(BUILD) --print-errorlogs

# Sanitizer build: clang, AddressSanitizer + UndefinedBehaviorSanitizer.
check-asan:
	@test -f $(ASAN_BUILD)/build.ninja || \
	    CC=clang meson setup $(ASAN_BUILD) -Dwerror=true \
	    -Db_sanitize=address,undefined -Db_lundef=false \
	    -Dbuildtype=debug
	ninja -C $(ASAN_BUILD)
	meson test -C $(ASAN_BUILD) --print-errorlogs --timeout-multiplier 3

# A short run of every libFuzzer target (FUZZ_CHECK_SECONDS each, default
# 15) so that CI exercises them; the long run is `make fuzz`. Bounded by
# time, not by inputs, and with a generous per-input timeout: a slower
# machine tries fewer inputs, it does not fail. A crash or leak fails it
# (the input lands in fuzz/regress/<target>/). Skipped, saying so, where
# clang's libFuzzer runtime (libclang-rt-14-dev) is missing.
check-fuzz:
	@if ! printf 'int LLVMFuzzerTestOneInput(const char *d, long n)\n{ return 0; }\n' | \
	    clang -x c -fsanitize=fuzzer -o /dev/null - 2>/dev/null; then \
		echo "check-fuzz: clang's libFuzzer runtime is missing: skipped"; \
	else \
		test -f build-fuzz/build.ninja || \
		    CC=clang meson setup build-fuzz -Dfuzz=true -Dtests=false \
		    -Db_sanitize=address,undefined -Db_lundef=false >/dev/null && \
		ninja -C build-fuzz && \
		FUZZ_TIMEOUT=20 scripts/fuzz.sh build-fuzz $(FUZZ_CHECK_SECONDS); \
	fi

# Each libFuzzer target for FUZZ_SECONDS (default 30), seeded from the
# fixtures; crashers land in fuzz/regress/<target>/ (replayed by the tests).
fuzz:
	@scripts/deps.sh check
	@test -f build-fuzz/build.ninja || \
	    CC=clang meson setup build-fuzz -Dfuzz=true -Dtests=false \
	    -Db_sanitize=address,undefined -Db_lundef=false
	ninja -C build-fuzz
	scripts/fuzz.sh build-fuzz $(FUZZ_SECONDS)

bench: build
	@scripts/deps.sh bench
	bench/article.sh

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-release build-fuzz
