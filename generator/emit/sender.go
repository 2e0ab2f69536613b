package emit

import (
	"bytes"
	"fmt"
	"go/format"
	"text/template"

	"github.com/chatt2me/chatt2me-go/generator/plan"
	"github.com/chatt2me/chatt2me-go/templates"
)

// senderTemplate is templates/channel/sender.go.tmpl, parsed once.
var senderTemplate = func() *template.Template {
	text, err := templates.Sender()
	if err != nil {
		panic(err) // embedded: cannot happen
	}
	return template.Must(template.New("sender.go.tmpl").Parse(text))
}()

// senderData is what the Sender template of a channel reads.
type senderData struct {
	*plan.Channel
	Transport string // import path of the transport package
}

// sender renders the channel's Sender from templates/channel/sender.go.tmpl.
func (r *renderer) sender(ch *plan.Channel) error {
	var buf bytes.Buffer
	if err := senderTemplate.Execute(&buf, senderData{Channel: ch, Transport: r.pkg(plan.TransportDir)}); err != nil {
		return fmt.Errorf("templates/channel/sender.go.tmpl: %w", err)
	}
	src, err := format.Source(buf.Bytes())
	if err != nil {
		return fmt.Errorf("templates/channel/sender.go.tmpl for %s: %w", ch.Package.Name, err)
	}
	r.store(ch.Package.Dir+"/sender.gen.go", src)
	return nil
}
