package emit

import (
	"bytes"
	"fmt"
	"go/format"
	"os"
	"path"
	"strings"

	"github.com/dave/jennifer/jen"
)

// breakFile, set by a test only, adds to a file of jennifer's what gofmt refuses, as a bug of the generator would.
var breakFile func(rel string, f *jen.File)

// render formats a file of jennifer's into its source.
func render(rel string, f *jen.File) ([]byte, error) {
	if breakFile != nil {
		breakFile(rel, f)
	}
	var buf bytes.Buffer
	if err := f.Render(&buf); err != nil {
		// jennifer's error ends with the whole unformatted file: keep it aside, and the problem only in the message.
		msg, src, ok := strings.Cut(err.Error(), " while formatting source:\n")
		if !ok {
			return nil, fmt.Errorf("rendering %s: %w", rel, err)
		}
		return nil, formatFailed("rendering "+rel, rel, []byte(src), strings.TrimPrefix(msg, "Error "))
	}
	return buf.Bytes(), nil
}

// gofmt formats the source of rel, which what names (a template, say) wrote.
func gofmt(what, rel string, src []byte) ([]byte, error) {
	formatted, err := format.Source(src)
	if err != nil {
		return nil, formatFailed(what, rel, src, err.Error())
	}
	return formatted, nil
}

// formatFailed is the error of a file gofmt refuses: a bug of the generator. The unformatted source, which gofmt's
// line and column point into, is kept in a file of the temporary directory named <file>.dump, which the error names;
// never beside the output, which the run leaves as it was.
func formatFailed(what, rel string, src []byte, problem string) error {
	kept := "the unformatted source could not be kept: "
	dump, err := os.CreateTemp("", "chatt2me-gen-*-"+path.Base(rel)+".dump")
	if err == nil {
		_, err = dump.Write(src)
		if closeErr := dump.Close(); err == nil {
			err = closeErr
		}
		kept = "the unformatted source is " + dump.Name()
	}
	if err != nil {
		kept += err.Error()
	}
	return fmt.Errorf("%s: %s (a bug of the generator: please report it with the documents; %s)", what, problem, kept)
}
