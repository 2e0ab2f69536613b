package generator_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/chatt2me/chatt2me-go/generator/internal/testspec"
)

// catchUpProgram is a program of an SDK's module: 20 deliveries to a webhook fail, then RetryFailed asks for them
// again, against a sandbox answering by the SDK's own document (which refuses a bulk retry of more ids than its
// maxItems); it prints how many logs were retried and the size of each bulk retry.
const catchUpProgram = `package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"time"

	"github.com/chatt2me/chatt2me-go/cmd/chatt2me-sandbox/sandbox"

	"example.com/sdktest"
	"example.com/sdktest/chatt2me"
	"example.com/sdktest/chatt2me/api"
)

func main() {
	var down atomic.Bool
	receiver := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token := r.Header.Get("X-Validation-Token"); token != "" {
			io.WriteString(w, token)
		} else if down.Load() {
			w.WriteHeader(http.StatusBadGateway)
		}
	}))
	defer receiver.Close()
	const key = "test-api-key-0001"
	sb, err := sandbox.New(sandbox.Config{APIKey: key, Contract: sdktest.OpenAPI, HTTPClient: receiver.Client()})
	if err != nil {
		panic(err)
	}
	srv := httptest.NewServer(sb)
	defer srv.Close()
	var batches []int
	count := func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
		if strings.HasSuffix(req.URL.Path, "/webhook-log/retry") {
			body, _ := io.ReadAll(req.Body)
			req.Body = io.NopCloser(strings.NewReader(string(body)))
			var in api.RetryWebhookLogsInput
			_ = json.Unmarshal(body, &in)
			batches = append(batches, len(in.WebhookLogIds))
		}
		return next(req)
	}
	c, err := chatt2me.New(chatt2me.WithAPIKey(key), chatt2me.WithBaseURL(srv.URL), chatt2me.WithMiddleware(count))
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	hook, err := c.Webhooks.Create(ctx, &api.CreateWebhookInput{Label: "inbound", Endpoint: receiver.URL,
		EventType: api.EventTypeMessage, AuthenticationProtocol: api.AuthenticationProtocolNoAuthentication})
	if err != nil {
		panic(err)
	}
	down.Store(true)
	for i := 0; i < 20; i++ {
		body := fmt.Sprintf(` + "`" + `{"channelId":%q,"from":"5511993986082","text":"%d"}` + "`" + `, sb.Channels()[0].UUID, i)
		resp, err := http.Post(srv.URL+"/sandbox/inbound", "application/json", strings.NewReader(body))
		if err != nil || resp.StatusCode != http.StatusAccepted {
			panic(fmt.Sprint("inbound: ", err, resp))
		}
		resp.Body.Close()
	}
	down.Store(false)
	results, err := c.Webhooks.RetryFailed(ctx, hook.Id, time.Time{})
	fmt.Println(len(results), batches, err)
}
`

// TestRetryFailedBatchesFollowMaxItems: in a copy of the documents whose bulk retry takes at most 7 ids, the plan
// retries 7 at a time; without maxItems, a page of the list (50). In the full run, the generated SDK catches up with
// 20 failed deliveries against a sandbox answering by that document, in batches of 7, 7 and 6.
func TestRetryFailedBatchesFollowMaxItems(t *testing.T) {
	bundle, fragment := testspec.Read(t)
	edited := testspec.Edit(t, bundle, func(root *yaml.Node) {
		ids := testspec.Get(root, "components", "schemas", "RetryWebhookLogsInput", "properties", "webhookLogIds")
		if ids == nil {
			t.Fatal("the documents have no RetryWebhookLogsInput.webhookLogIds")
		}
		testspec.Set(ids, "maxItems", testspec.Node(t, "7"))
	})
	for _, tc := range []struct {
		bundle string
		batch  int
	}{{bundle, 50}, {edited, 7}} {
		bundlePath, fragmentPath := testspec.WriteDocuments(t, tc.bundle, testspec.ReadOverlay(t), fragment)
		sdk := testspec.Render(t, bundlePath, fragmentPath)
		rf := sdk.Result.Plan.RetryFailed
		if rf == nil || rf.Batch != tc.batch {
			t.Fatalf("the plan's RetryFailed: %+v, want batches of %d", rf, tc.batch)
		}
		if src := string(sdk.Result.Files["chatt2me/retryfailed.gen.go"]); !strings.Contains(src, fmt.Sprintf("min(len(logs), %d)", tc.batch)) {
			t.Errorf("retryfailed.gen.go does not retry %d at a time:\n%s", tc.batch, src)
		}
		if testing.Short() || tc.batch == 50 {
			continue
		}
		testspec.WriteFile(t, filepath.Join(sdk.Dir, "cmd", "catchup", "main.go"), []byte(catchUpProgram))
		out, err := testspec.Go(t, sdk.Dir, "run", "./cmd/catchup")
		if err != nil {
			t.Fatalf("catching up: %v\n%s", err, out)
		}
		if want := "20 [7 7 6] <nil>\n"; string(out) != want {
			t.Errorf("the program printed %q, want %q", out, want)
		}
	}
}
