// Command observability runs a service's production set-up of the SDK: an OpenTelemetry span per call (a CallHook)
// over a span per attempt (otelhttp's transport under the SDK), structured logs (chatt2me.Logger), rate limits per
// channel and for the whole client (golang.org/x/time/rate) and a correlation id per call (chatt2me.WithHeader). It
// runs against the in-process sandbox, which answers the first WhatsApp send 503 so that it is retried, and prints
// the spans an in-memory exporter received (or against the API CHATT2ME_BASE_URL names, without the 503).
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"golang.org/x/time/rate"

	"github.com/chatt2me/chatt2me-go/cmd/chatt2me-sandbox/sandbox"
	"github.com/chatt2me/chatt2me-go/examples/internal/env"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/sms"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/whatsapp"
)

func main() {
	exporter := tracetest.NewInMemoryExporter() // a service exports to its collector instead (otlptracegrpc, …)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exporter))
	err := run(os.Stdout, tp, exporter)
	_ = tp.Shutdown(context.Background())
	if err != nil {
		log.Fatal(err)
	}
}

// resendCount is OpenTelemetry's attribute of the retries: on a call's span, how many of its attempts were retries;
// on an attempt's, how many came before it.
const resendCount = "http.request.resend_count"

// Tracing returns the options that trace every call of the SDK with tp: a client span per call, named from its
// method and route template (low in cardinality: no ids), over otelhttp's span of each attempt.
func Tracing(tp trace.TracerProvider) []chatt2me.Option {
	tracer := tp.Tracer("github.com/chatt2me/chatt2me-go/examples/observability")
	hook := func(ctx context.Context, op chatt2me.Operation, call func(context.Context) chatt2me.CallResult) {
		ctx, span := tracer.Start(ctx, op.Method+" "+op.Route, trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(
			attribute.String("http.request.method", op.Method), attribute.String("url.template", op.Route),
			attribute.String("chatt2me.operation", op.ID), attribute.String("chatt2me.channel", op.Channel)))
		defer span.End()
		res := call(ctx)
		span.SetAttributes(attribute.Int(resendCount, max(res.Attempts-1, 0)))
		if res.StatusCode != 0 {
			span.SetAttributes(attribute.Int("http.response.status_code", res.StatusCode))
		}
		switch {
		case res.Err != nil: // the SDK's errors never hold the API key
			span.RecordError(res.Err)
			span.SetStatus(codes.Error, res.Err.Error())
		case res.StatusCode >= 400:
			span.SetStatus(codes.Error, http.StatusText(res.StatusCode))
		}
	}
	attempts := otelhttp.NewTransport(attemptNumber{http.DefaultTransport}, otelhttp.WithTracerProvider(tp),
		otelhttp.WithSpanNameFormatter(func(_ string, r *http.Request) string {
			if op, ok := chatt2me.OperationFromContext(r.Context()); ok {
				return op.Method + " " + op.Route
			}
			return r.Method
		}))
	return []chatt2me.Option{chatt2me.WithCallHook(hook), chatt2me.WithHTTPClient(&http.Client{Transport: attempts})}
}

// attemptNumber sets the number of the attempt on otelhttp's span of it.
type attemptNumber struct{ base http.RoundTripper }

func (a attemptNumber) RoundTrip(r *http.Request) (*http.Response, error) {
	if op, ok := chatt2me.OperationFromContext(r.Context()); ok {
		trace.SpanFromContext(r.Context()).SetAttributes(attribute.Int(resendCount, op.Attempt-1))
	}
	return a.base.RoundTrip(r)
}

// run sends a WhatsApp text (answered 503 once by the sandbox, then retried), an SMS and a webhook list, each call
// traced with tp, logged to w and rate-limited, then prints the spans of exporter, tp's.
func run(w io.Writer, tp trace.TracerProvider, exporter *tracetest.InMemoryExporter) error {
	e, err := env.New()
	if err != nil {
		return err
	}
	defer e.Close()
	if e.Sandbox != nil {
		if err := e.Sandbox.Script(sandbox.Rule{Channel: "whatsapp", Times: 1, Status: http.StatusServiceUnavailable, RetryAfter: "0"}); err != nil {
			return err
		}
	}
	logger := slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
	opts := append(Tracing(tp), chatt2me.WithAPIKey(e.APIKey), chatt2me.WithBaseURL(e.BaseURL),
		chatt2me.WithMiddleware(chatt2me.Logger(logger)),
		chatt2me.WithLimiter(rate.NewLimiter(50, 10)),                                        // the whole client: 50 requests a second
		chatt2me.WithChannelLimiter("whatsapp", rate.NewLimiter(rate.Every(time.Second), 2))) // WhatsApp: one a second, two at once
	c, err := chatt2me.New(opts...)
	if err != nil {
		return err
	}
	ctx := chatt2me.WithHeader(context.Background(), "X-Correlation-Id", "order-1042")
	ctx = chatt2me.WithAttemptTimeout(ctx, 5*time.Second)
	waUUID, _ := e.Channel("whatsapp")
	if _, err := c.WhatsApp.Send(ctx, whatsapp.FromChannel(waUUID), "5511993986082", whatsapp.Text("Your order has shipped.")); err != nil {
		return err
	}
	smsUUID, _ := e.Channel("sms")
	if _, err := c.SMS.Send(ctx, sms.FromChannel(smsUUID), "+5511993986082", sms.Text("Your order has shipped.")); err != nil {
		return err
	}
	if _, err := c.Webhooks.List(ctx, nil); err != nil {
		return err
	}
	printSpans(w, exporter.GetSpans())
	return nil
}

// printSpans prints each call's span, then its attempts' under it.
func printSpans(w io.Writer, spans tracetest.SpanStubs) {
	for _, call := range spans {
		if call.Parent.IsValid() {
			continue
		}
		fmt.Fprintf(w, "span %q %s\n", call.Name, attributes(call.Attributes, resendCount, "http.response.status_code"))
		for _, a := range spans {
			if a.Parent.SpanID() == call.SpanContext.SpanID() {
				fmt.Fprintf(w, "  attempt %q %s\n", a.Name, attributes(a.Attributes, resendCount, "http.response.status_code"))
			}
		}
	}
}

// attributes shows the values of some attributes.
func attributes(attrs []attribute.KeyValue, keys ...string) string {
	var out []string
	for _, k := range keys {
		for _, kv := range attrs {
			if string(kv.Key) == k {
				out = append(out, k+"="+kv.Value.String())
			}
		}
	}
	return strings.Join(out, " ")
}
