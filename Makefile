# The portal's tasks. `make` alone lists them. Targets that need PostgreSQL or Chromium install
# them with apt-get when run as root on Debian or Ubuntu, and otherwise say what to install.

.DEFAULT_GOAL := help
SHELL := /bin/bash
GO ?= go
BIN := bin/portal
CHROMIUM ?= $(or $(PORTAL_CHROMIUM),/usr/bin/chromium)
# The password of the demo accounts `make run` creates in an empty database (see README.md).
export PORTAL_DEMO_PASSWORD ?= learning-together-2026

# need: check with $(1); when it fails, install Debian package(s) $(2) as root, or explain.
define need
	@if ! ( $(1) ) >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing $(2) with apt-get ..."; \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(2); } >/dev/null \
	      || { echo "apt-get could not install $(2)" >&2; exit 1; }; \
	  else \
	    echo "This needs $(2), which is not installed. On Debian or Ubuntu: sudo apt-get install $(2)" >&2; exit 1; \
	  fi; \
	fi
endef

.PHONY: help
help: ## List the tasks
	@echo "Usage: make <task>"
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: build
build: ## Build the portal into bin/portal
	$(GO) build -o $(BIN) ./cmd/portal

.PHONY: run
run: postgres build ## Serve the portal with demo data on http://localhost:8080 (own PostgreSQL unless DATABASE_URL is set)
	./$(BIN) serve -demo

.PHONY: test
test: postgres chromium axe ## Run every test with the race detector (starts its own PostgreSQL and Chromium)
	$(GO) test -race -count=1 -timeout 30m ./...

# The load benchmark's own PostgreSQL cluster and data sets (made once, then reused), and any of
# cmd/bench's flags (BENCH_FLAGS="-datasets demo -seconds 1"): docs/benchmarks.md.
BENCH_DIR ?= var/bench
BENCH_FLAGS ?=

.PHONY: bench
bench: postgres build ## Run the Go benchmarks, then hold every page under load on the demo and at volume (docs/benchmarks.md)
	$(GO) test -run '^$$' -bench . -benchmem ./...
	@$(MAKE) --no-print-directory bench-load

.PHONY: bench-load
bench-load: postgres build ## Hold every role's pages at 64 connections on the demo and at national volume; writes docs/benchmarks.md
	$(GO) run ./cmd/bench -portal $(BIN) -dir $(BENCH_DIR) $(BENCH_FLAGS)

.PHONY: check
check: ## Check formatting, go vet, staticcheck, and that generated templ code is up to date
	@unformatted=$$(gofmt -l cmd internal web migrations); \
	  if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted" >&2; exit 1; fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...
	@templ=$$($(GO) tool -n templ) && tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && cp -r web "$$tmp/" \
	  && (cd "$$tmp" && "$$templ" generate >/dev/null 2>&1) \
	  && if ! diff -r web "$$tmp/web" >/dev/null; then \
	       echo "Generated templ code is stale: run 'make generate' and commit the result." >&2; diff -r web "$$tmp/web" | head -20 >&2; exit 1; \
	     fi
	@$(MAKE) --no-print-directory fuzz FUZZTIME=$(FUZZTIME)
	@echo "check: all good"

# The fuzz tests, each run for FUZZTIME on new inputs (make test replays their corpus in
# testdata/fuzz on every run). A failure writes the input that found it under testdata/fuzz:
# commit it with the fix, so the test replays it for good.
FUZZ_TARGETS := internal/form:FuzzRead internal/form:FuzzParseDate internal/form:FuzzParseID \
  internal/markdown:FuzzRender internal/intake:FuzzCleanFilename
FUZZTIME ?= 8s

.PHONY: fuzz
fuzz: ## Fuzz the form reader, dates, ids, file names and Markdown for FUZZTIME each (default 8s)
	@for t in $(FUZZ_TARGETS); do \
	  pkg=$${t%%:*}; name=$${t##*:}; echo "fuzz $$pkg $$name ($(FUZZTIME))"; \
	  $(GO) test ./$$pkg -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) >/tmp/fuzz-$$$$.log 2>&1 \
	    || { cat /tmp/fuzz-$$$$.log >&2; rm -f /tmp/fuzz-$$$$.log; exit 1; }; \
	  rm -f /tmp/fuzz-$$$$.log; \
	done

.PHONY: generate
generate: ## Regenerate the Go code of the templ views
	$(GO) tool templ generate

.PHONY: postgres
postgres: # Make sure PostgreSQL's server programs are installed
	$(call need,command -v initdb || ls /usr/lib/postgresql/*/bin/initdb,postgresql)

.PHONY: chromium
chromium: # Make sure Chromium is installed for the browser tests
	$(call need,test -x $(CHROMIUM),chromium)

# axe-core checks pages for WCAG 2.2 A and AA problems in the browser tests.
AXE_VERSION := 4.14.1
AXE := var/tools/node_modules/axe-core/axe.min.js

.PHONY: axe
axe: $(AXE) # Install axe-core for the accessibility checks
$(AXE):
	$(call need,command -v npm,npm)
	npm install --silent --no-audit --no-fund --no-package-lock --prefix var/tools axe-core@$(AXE_VERSION)
	@test -f $(AXE) || { echo "npm did not install axe-core $(AXE_VERSION)" >&2; exit 1; }

.PHONY: clean
clean: ## Remove the built binary (the data folder ./var is kept)
	rm -rf bin
