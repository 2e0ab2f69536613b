# chatt2me-go: generator and Go SDK for the Hub Chatt2.me messaging API.
# Run `make help` for the list of targets.

GO          ?= go
STATICCHECK := $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2
REDOCLY     := npx --yes @redocly/cli@2.77.0
BENCHTIME   ?= 1s
BENCHCOUNT  ?= 1

# chatt2me-gen, built once per run of `make check`, `make drift` or `make update-spec`, then run directly (`go run`
# would turn its exit status 2 into 1). -trimpath keeps the build cache valid across checkouts of the same sources.
CHATT2ME_GEN ?= bin/chatt2me-gen
BUILD_GEN    = $(GO) build -trimpath -o $(CHATT2ME_GEN) ./cmd/chatt2me-gen || exit 2

# `make check`, `make drift` and `make update-spec`, each run alone, exit with the command's own status: 0, 1 (stale
# or breaking) or 2 (bad input), so that a pipeline can gate on it. make turns any failing recipe into its own
# status 2, except in question mode (-q), where a recipe line marked `+` still runs and its status 1 becomes make's
# status 1. So when one of them is the only goal, make runs in question mode, and their recipes are `+` lines.
GATES := check drift update-spec
ifneq ($(filter $(GATES),$(MAKECMDGOALS)),)
ifeq ($(words $(MAKECMDGOALS)),1)
MAKEFLAGS += -q
endif
endif

PRISM       := npx --yes @stoplight/prism-cli@5.16.0
EXAMPLES    := whatsapp telegram instagram messenger sms webchatt webhook-receiver observability
# Against Prism the webhook receiver registers its webhook and stops (there are no deliveries to receive).
PRISM_EXAMPLES := $(EXAMPLES)
# The port of the Prism mock; empty picks a free one (see .ci/prism-check.sh).
PRISM_PORT  ?=

.PHONY: help generate check test test-all test-oldest fuzz lint lint-go lint-spec bench drift update-spec release demo sandbox prism-check bench-ogen

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

generate: ## regenerate generated/ from openapi/ (same as go generate ./generated)
	@echo "== regenerating generated/ from openapi/ (a first run downloads and compiles the generator first: about 75 seconds on 2 cores, then seconds)"
	$(GO) generate ./generated

demo: generate ## the main job: regenerate the SDK, then run every example against the in-process sandbox
	@echo "== running the examples against the sandbox (a first run compiles the SDK and the sandbox: about 30 seconds on 2 cores)"
	@for e in $(EXAMPLES); do echo "== examples/$$e"; $(GO) run ./examples/$$e || exit 1; done

sandbox: ## run the sandbox on 127.0.0.1:8080 (API key: sandbox-api-key-0001)
	$(GO) run ./cmd/chatt2me-sandbox -addr 127.0.0.1:8080 -api-key sandbox-api-key-0001 -deliver-statuses -insecure-webhooks

prism-check: ## send every example's requests to a Prism mock of the merged document (on a free port): it must accept them all
	@PRISM='$(PRISM)' PRISM_EXAMPLES='$(PRISM_EXAMPLES)' PRISM_PORT='$(PRISM_PORT)' GO='$(GO)' bash .ci/prism-check.sh

# The staging directory of chatt2me-gen ignores itself (its own .gitignore), so only `git add -f` commits it.
STAGING     := generated/.chatt2me-gen generated/.chatt2me-gen-trash

check: ## fail, with a diff, if generated/ is not what the spec produces (exit 1; 2 for a broken spec or a committed staging directory)
	+@if git ls-files -- $(STAGING) 2>/dev/null | grep -q .; then echo "$(firstword $(STAGING)) is committed: it is" \
		"chatt2me-gen's staging directory, never part of the SDK; remove it (git rm -r --cached $(STAGING))" >&2; exit 2; fi
	+@$(BUILD_GEN)
	+@$(CHATT2ME_GEN) -check

# The packages of both modules of the workspace (go.work): the generator's and the SDK's (generated/).
PKGS        := ./... ./generated/...
# The oldest Go the SDK module supports (its go line), fetched through the module proxy by GOTOOLCHAIN.
OLDEST_GO   := go1.24.13

# gotestsum runs go test -json and prints go test's own line for each package (`ok  <package>  <time>`) as soon as it
# finishes, where go test prints them in the order of the packages, so that one slow package hides all the others.
GOTESTSUM   := $(GO) run gotest.tools/gotestsum@v1.13.0 --format standard-quiet --hide-summary=skipped --

test: ## the quick tests, with the race detector (the slow ones are skipped)
	@echo "== go test -short -race: each package is listed as it finishes (a first run compiles everything with the race detector: about 4.5 minutes on 2 cores; then about 1 minute 50)"
	$(GOTESTSUM) -short -race -count=1 -timeout 30m $(PKGS)

test-all: ## every test, with the race detector, as CI runs them (the slow ones build and run generated SDKs)
	@echo "== go test -race, the slow tests included: each package is listed as it finishes (about 16 minutes on 2 cores on a first run, under 11 minutes then)"
	$(GOTESTSUM) -race -count=1 -timeout 60m $(PKGS)

test-oldest: ## vet and test the SDK module alone with the oldest Go it supports (go 1.24, through GOTOOLCHAIN)
	cd generated && GOWORK=off GOTOOLCHAIN=$(OLDEST_GO) $(GO) vet ./... && GOWORK=off GOTOOLCHAIN=$(OLDEST_GO) $(GO) test -count=1 ./...

FUZZTIME ?= 60s
fuzz: ## fuzz every builder of every channel against the sandbox for FUZZTIME (default 60s)
	$(GO) test -count=1 -run '^TestBuildersNeverSendWhatTheContractRefuses$$' ./generator/emit -args -fuzz-builders=$(FUZZTIME)

lint: lint-go lint-spec ## gofmt, go vet, staticcheck and the OpenAPI lint

lint-go:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$unformatted" ]; then echo "not gofmt-formatted:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet $(PKGS)
	$(STATICCHECK) $(PKGS)

lint-spec: ## redocly lint on the merged document (generated/openapi.yaml, kept fresh by `make check`)
	$(REDOCLY) lint generated/openapi.yaml --config openapi/redocly.yaml

bench: ## benchmarks with memory statistics, then the matrix of every content kind (BENCHTIME=5x for a quick run)
	$(GO) test -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) $(PKGS)
	$(GO) test -v -count=1 -run '^TestBenchmarkMatrix$$' ./generator/emit -args -bench-matrix=$(BENCHTIME) -bench-count=$(BENCHCOUNT)

bench-ogen: ## the SDK beside an ogen-generated client of the merged document, in a scratch module
	bash .ci/bench-ogen.sh

drift: ## Markdown report of spec and Go API changes since BASE (git revision or file); exit 1 breaking, 2 bad input
	+@test -n '$(BASE)' || { echo "usage: make drift BASE=<git-ref or file>" >&2; exit 2; }
	+@$(BUILD_GEN)
	+@$(CHATT2ME_GEN) drift -base '$(BASE)'

release: ## release VERSION (vX.Y.Z): check the drift since the last tag allows it, set the version, regenerate, CHANGELOG.md, commit, tag (no push)
	@test -n '$(VERSION)' || { echo "usage: make release VERSION=vX.Y.Z" >&2; exit 2; }
	@$(BUILD_GEN)
	@$(CHATT2ME_GEN) release '$(VERSION)'

update-spec: ## replace openapi/chatt2me.yaml with SPEC, regenerate, print the drift against HEAD (exit as drift)
	+@test -n '$(SPEC)' || { echo "usage: make update-spec SPEC=path/to/new.yaml" >&2; exit 2; }
	+@$(BUILD_GEN)
	+@$(CHATT2ME_GEN) update-spec '$(SPEC)'
