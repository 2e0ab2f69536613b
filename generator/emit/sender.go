package emit

import (
	"bytes"
	"fmt"
	"text/template"

	"github.com/chatt2me/chatt2me-go/generator/fixture"
	"github.com/chatt2me/chatt2me-go/generator/plan"
	"github.com/chatt2me/chatt2me-go/templates"
)

// The text/templates of templates/: the static code that differs only by a few names.
var (
	senderTemplate  = parse("channel/sender.go.tmpl", templates.Sender)
	docTemplate     = parse("output/doc.go.tmpl", templates.Doc)
	webhookTemplate = parse("output/webhook_example.go.tmpl", templates.WebhookExample)
	benchTemplate   = parse("channel/bench_test.go.tmpl", templates.Bench)
)

func parse(name string, text func() (string, error)) *template.Template {
	t, err := text()
	if err != nil {
		panic(err) // embedded: cannot happen
	}
	return template.Must(template.New(name).Parse(t))
}

// senderData is what the Sender template of a channel reads.
type senderData struct {
	*plan.Channel
	Transport string // import path of the transport package
	Header    string
}

// docData is what the template of the output directory's package reads.
type docData struct {
	plan.Output
	ImportPath, Header, Version string
}

// sender renders the channel's Sender from templates/channel/sender.go.tmpl.
func (r *renderer) sender(ch *plan.Channel) error {
	data := senderData{Channel: ch, Transport: r.pkg(plan.TransportDir), Header: plan.Header}
	return r.execute(ch.Package.Dir+"/sender.gen.go", senderTemplate, data)
}

// output renders the package at the root of the output directory from templates/output/doc.go.tmpl.
func (r *renderer) output() error {
	data := docData{Output: r.sdk.Output, ImportPath: r.sdk.ImportPath, Header: plan.Header, Version: plan.Version}
	return r.execute("doc.gen.go", docTemplate, data)
}

// webhookData is what the template of the webhook package's examples reads.
type webhookData struct {
	fixture.WebhookExample
	Header, API, Webhook string
}

// webhookExamples renders the runnable examples of the webhook package, when it has them.
func (r *renderer) webhookExamples() error {
	example := fixture.Webhook(r.sdk)
	if example == nil {
		return nil
	}
	data := webhookData{WebhookExample: *example, Header: plan.Header, API: r.pkg(plan.APIDir), Webhook: r.pkg(plan.WebhookDir)}
	return r.execute(plan.WebhookDir+"/example.gen_test.go", webhookTemplate, data)
}

// execute renders a template, formats it and stores it under rel.
func (r *renderer) execute(rel string, t *template.Template, data any) error {
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return fmt.Errorf("templates/%s: %w", t.Name(), err)
	}
	src, err := gofmt("templates/"+t.Name()+", for "+rel, rel, buf.Bytes())
	if err != nil {
		return err
	}
	r.store(rel, src)
	return nil
}
