// Package generated holds the committed Hub Chatt2.me Go SDK, generated from the documents in openapi/ by
// cmd/chatt2me-gen: the merged OpenAPI document (openapi.yaml) and the SDK packages under chatt2me/. Files named
// *.gen.go and openapi.yaml are owned by the generator and rewritten on every run; do not edit them.
//
// Run `go generate ./generated` from the repository root (or `make generate`) after changing openapi/. Not
// `go generate ./...`: that lists the packages before the generator runs, and fails on the files of a package the
// regeneration removed (a channel taken out of the spec).
package generated

import _ "embed" // for OpenAPI

//go:generate go run ../cmd/chatt2me-gen

// OpenAPI is the merged OpenAPI document the SDK was generated from (openapi.yaml), for tools that check requests
// against the same contract, such as the sandbox.
//
//go:embed openapi.yaml
var OpenAPI []byte
