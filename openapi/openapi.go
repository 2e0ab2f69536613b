// Package openapi embeds the documents chatt2me-gen generates the SDK from, so that the command works outside this
// repository: chatt2me.yaml (our reconstruction of the vendor's bundled document), chatt2me.overlay.yaml (our
// changes to it, an OpenAPI Overlay) and webchatt.yaml (the hand-written fragment). See README.md beside them.
package openapi

import _ "embed" // for the documents

// Bundle is chatt2me.yaml.
//
//go:embed chatt2me.yaml
var Bundle []byte

// Overlay is chatt2me.overlay.yaml.
//
//go:embed chatt2me.overlay.yaml
var Overlay []byte

// Fragment is webchatt.yaml.
//
//go:embed webchatt.yaml
var Fragment []byte

// The names of the embedded documents in messages: their paths in the repository.
const (
	BundleName   = "openapi/chatt2me.yaml (embedded)"
	OverlayName  = "openapi/chatt2me.overlay.yaml (embedded)"
	FragmentName = "openapi/webchatt.yaml (embedded)"
)
