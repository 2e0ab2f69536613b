package plan

// Version is the generator's version and the version of the SDKs it generates: their header carries it, and their
// requests the user agent chatt2me-go/<version>. It is kept here, and only here: `make release VERSION=vX.Y.Z` sets
// it, regenerates, and tags the repository vX.Y.Z and its SDK module generated/vX.Y.Z at the same commit.
const Version = "0.2.0"
