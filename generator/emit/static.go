package emit

import (
	"bytes"
	"path"
	"strings"

	"github.com/chatt2me/chatt2me-go/generator/plan"
	"github.com/chatt2me/chatt2me-go/templates"
)

// Static copies the SDK's spec-independent packages (templates/sdk) under plan.RootDir, by path relative to the
// output directory whose import path is importPath: each file named *.gen.go, with the generated-code header and its
// imports of other static packages rewritten to the SDK's. Package webhook is copied when the SDK has it (see
// plan.HasWebhookTypes). It needs no plan, so that it can run while oapi-codegen does.
func Static(importPath string, webhook bool) (map[string][]byte, error) {
	sources, err := templates.SDK()
	if err != nil {
		return nil, err
	}
	from, to := []byte(`"`+templates.ImportPrefix), []byte(`"`+importPath+"/"+plan.RootDir)
	files := map[string][]byte{}
	for rel, src := range sources {
		if strings.HasPrefix(rel, path.Base(plan.WebhookDir)+"/") && !webhook {
			continue
		}
		out := path.Join(plan.RootDir, strings.TrimSuffix(rel, ".go")+".gen.go")
		formatted, err := gofmt("templates/sdk/"+rel, out, append([]byte("// "+plan.Header+"\n\n"), bytes.ReplaceAll(src, from, to)...))
		if err != nil {
			return nil, err
		}
		files[out] = formatted
	}
	return files, nil
}
