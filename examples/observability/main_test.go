package main

import (
	"bytes"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
)

// The example runs against the in-process sandbox and traces each call as one span named from its route, parent of
// one span per attempt: the retried WhatsApp send has two, answered 503 then 200, and says it was retried once. No
// attribute, event or status of any span holds the API key.
func TestSpans(t *testing.T) {
	exporter := tracetest.NewInMemoryExporter()
	var out bytes.Buffer
	if err := run(&out, sdktrace.NewTracerProvider(sdktrace.WithSyncer(exporter)), exporter); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	spans := exporter.GetSpans()
	type want struct {
		name     string
		resends  int64
		statuses []int64 // of the attempts, in order
	}
	calls := []want{
		{"POST /v1/communication/whatsapp/message", 1, []int64{503, 200}},
		{"POST /v1/communication/sms/message", 0, []int64{200}},
		{"GET /v1/organization/webhook", 0, []int64{200}},
	}
	var roots []tracetest.SpanStub
	for _, s := range spans {
		if !s.Parent.IsValid() {
			roots = append(roots, s)
		}
	}
	if len(roots) != len(calls) {
		t.Fatalf("%d root spans, want one per call (%d):\n%s", len(roots), len(calls), out.String())
	}
	for _, call := range calls {
		root := find(roots, call.name)
		if root == nil {
			t.Errorf("no span %q", call.name)
			continue
		}
		if root.SpanKind != trace.SpanKindClient || value(root.Attributes, "http.request.resend_count") != call.resends ||
			value(root.Attributes, "http.response.status_code") != call.statuses[len(call.statuses)-1] ||
			value(root.Attributes, "url.template") != strings.SplitN(call.name, " ", 2)[1] {
			t.Errorf("span %q: kind %v, attributes %v", call.name, root.SpanKind, root.Attributes)
		}
		var statuses []int64
		for _, s := range spans {
			if s.Parent.SpanID() == root.SpanContext.SpanID() {
				if s.Name != call.name || s.SpanContext.TraceID() != root.SpanContext.TraceID() ||
					value(s.Attributes, "http.request.resend_count") != int64(len(statuses)) {
					t.Errorf("attempt %d of %q: %q, attributes %v", len(statuses)+1, call.name, s.Name, s.Attributes)
				}
				statuses = append(statuses, value(s.Attributes, "http.response.status_code").(int64))
			}
		}
		if len(statuses) != len(call.statuses) || statuses[0] != call.statuses[0] {
			t.Errorf("%q: attempts answered %v, want %v", call.name, statuses, call.statuses)
		}
	}
	const key = "sandbox-api-key-0001" // the key env.New gives the in-process sandbox
	for _, s := range spans {
		texts := []string{s.Name, s.Status.Description}
		for _, kv := range s.Attributes {
			texts = append(texts, kv.Value.String())
		}
		for _, e := range s.Events {
			texts = append(texts, e.Name)
			for _, kv := range e.Attributes {
				texts = append(texts, kv.Value.String())
			}
		}
		if strings.Contains(strings.Join(texts, "\n"), key) {
			t.Errorf("span %q holds the API key: %v", s.Name, texts)
		}
	}
	if strings.Contains(out.String(), key) {
		t.Errorf("the key was printed:\n%s", out.String())
	}
}

func find(spans []tracetest.SpanStub, name string) *tracetest.SpanStub {
	for i := range spans {
		if spans[i].Name == name {
			return &spans[i]
		}
	}
	return nil
}

// value is the value of an attribute, nil when the span has none.
func value(attrs []attribute.KeyValue, key string) any {
	for _, kv := range attrs {
		if string(kv.Key) == key {
			return kv.Value.AsInterface()
		}
	}
	return nil
}
