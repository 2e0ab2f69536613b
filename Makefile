# chatt2me-go: generator and Go SDK for the Hub Chatt2.me messaging API.
# Run `make help` for the list of targets.

GO          ?= go
STATICCHECK := $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2
REDOCLY     := npx --yes @redocly/cli@2.77.0
BENCHTIME   ?= 1s

.PHONY: help generate check test lint lint-go lint-spec bench drift update-spec

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

generate: ## regenerate generated/ from openapi/ (same as go generate ./...)
	$(GO) generate ./...

check: ## fail, with a diff, if generated/ is not what the spec produces
	$(GO) run ./cmd/chatt2me-gen -check

test: ## run every test with the race detector
	$(GO) test -race -count=1 ./...

lint: lint-go lint-spec ## gofmt, go vet, staticcheck and the OpenAPI lint

lint-go:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$unformatted" ]; then echo "not gofmt-formatted:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(STATICCHECK) ./...

lint-spec: ## redocly lint on the merged document (generated/openapi.yaml, kept fresh by `make check`)
	$(REDOCLY) lint generated/openapi.yaml --config openapi/redocly.yaml

bench: ## benchmarks with memory statistics (BENCHTIME=5x for a quick run)
	$(GO) test -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) ./...

drift: ## Markdown report of spec and Go API changes since BASE (a git revision or a file), e.g. make drift BASE=origin/main
	@test -n "$(BASE)" || { echo "usage: make drift BASE=<git-ref or file>"; exit 2; }
	$(GO) run ./cmd/chatt2me-gen drift -base $(BASE)

update-spec: ## replace openapi/chatt2me.yaml with SPEC, regenerate, print the drift against HEAD
	@test -n "$(SPEC)" || { echo "usage: make update-spec SPEC=path/to/new.yaml"; exit 2; }
	$(GO) run ./cmd/chatt2me-gen update-spec $(SPEC)
