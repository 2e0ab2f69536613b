package emit_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chatt2me/chatt2me-go/generator/internal/testspec"
)

// TestFromHelpersCheckTheRequestsLimits: the limits the request schema puts on from are checked when a helper makes
// the From (its Err says so), once, rather than on every send; a send from it is refused with the same error.
func TestFromHelpersCheckTheRequestsLimits(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a program")
	}
	mini := filepath.Join(testspec.Root(), "generator", "testdata", "mini")
	fragment, err := os.ReadFile(filepath.Join(mini, "webchatt.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	const uuidFrom = "        from:\n          type: string\n          format: uuid\n"
	if !strings.Contains(string(fragment), uuidFrom) {
		t.Fatal("the mini fragment's from is not a uuid")
	}
	limited := filepath.Join(t.TempDir(), "webchatt.yaml")
	testspec.WriteFile(t, limited, []byte(strings.Replace(string(fragment), uuidFrom, uuidFrom+"          maxLength: 10\n", 1)))
	sdk := testspec.Render(t, filepath.Join(mini, "chatt2me.yaml"), limited)
	testspec.WriteFile(t, filepath.Join(sdk.Dir, "cmd", "from", "main.go"), []byte(`package main

import (
	"fmt"

	"`+sdk.ImportPath+`/chatt2me/webchatt"
)

func main() {
	from := webchatt.FromChannel("eba8d8ef-ec4d-41ad-825f-9a60ccda49bf")
	_, err := webchatt.MarshalRequest(from, "visitor", webchatt.Text("Hi"))
	fmt.Printf("%q %v\n%v\n", from.String(), from.Err(), err)
}
`))
	out, err := testspec.Go(t, sdk.Dir, "run", "./cmd/from")
	const refused = "chatt2me: invalid from: must have at most 10 characters (has 36)"
	if want := `"" ` + refused + "\n" + refused + "\n"; err != nil || string(out) != want {
		t.Errorf("got %v\n%s\nwant\n%s", err, out, want)
	}
}
