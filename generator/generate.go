package generator

// go generate ./... at the root of the repository reaches the packages of the root module only: generated/ is a
// module of its own, which ./... leaves out. So the generator's package carries the line that regenerates
// generated/ from openapi/ (paths left at their defaults are the repository's), and a spec that does not load fails
// it with the generator's message.
//
//go:generate go run ../cmd/chatt2me-gen
