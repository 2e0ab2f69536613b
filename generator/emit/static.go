package emit

import (
	"bytes"
	"fmt"
	"go/format"
	"path"
	"strings"

	"github.com/chatt2me/chatt2me-go/generator/plan"
	"github.com/chatt2me/chatt2me-go/templates"
)

// static copies the SDK's spec-independent packages (templates/sdk) under plan.RootDir, each file named *.gen.go
// with the generated-code header and its imports of other static packages rewritten to the SDK's. Package webhook
// is copied when the plan has it.
func (r *renderer) static() error {
	sources, err := templates.SDK()
	if err != nil {
		return err
	}
	from, to := []byte(`"`+templates.ImportPrefix), []byte(`"`+r.pkg(plan.RootDir))
	for rel, src := range sources {
		if strings.HasPrefix(rel, path.Base(plan.WebhookDir)+"/") && !r.sdk.Webhook {
			continue
		}
		formatted, err := format.Source(append([]byte("// "+plan.Header+"\n\n"), bytes.ReplaceAll(src, from, to)...))
		if err != nil {
			return fmt.Errorf("templates/sdk/%s: %w", rel, err)
		}
		r.store(path.Join(plan.RootDir, strings.TrimSuffix(rel, ".go")+".gen.go"), formatted)
	}
	return nil
}
