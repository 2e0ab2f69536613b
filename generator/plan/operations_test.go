package plan

import "testing"

// The method names of the facade: the operation's name less the group's noun, as a whole word.
func TestMethodName(t *testing.T) {
	for _, tc := range []struct{ operation, group, want string }{
		{"CreateWebhook", "Webhooks", "Create"},
		{"ListWebhooks", "Webhooks", "List"},
		{"ListWebhookLogs", "Webhooks", "ListLogs"},
		{"RetryWebhookLog", "Webhooks", "RetryLog"},
		{"RetryWebhookLogs", "Webhooks", "RetryLogs"},
		{"WebhookStats", "Webhooks", "Stats"},
		{"ListWebhooksettings", "Webhooks", "ListWebhooksettings"}, // not a whole word
		{"Webhooks", "Webhooks", "Webhooks"},                       // nothing left
		{"GetChannel", "Channels", "Get"},
		{"Ping", "", "Ping"},
		{"GetStatus", "Webhooks", "GetStatus"},
	} {
		if got := methodName(tc.operation, tc.group); got != tc.want {
			t.Errorf("methodName(%q, %q) = %q, want %q", tc.operation, tc.group, got, tc.want)
		}
	}
}

func TestPagingName(t *testing.T) {
	for list, want := range map[string]string{"List": "All", "ListLogs": "AllLogs", "ListThings": "AllThings",
		"Listen": "ListenAll", "Search": "SearchAll"} {
		if got := pagingName(list); got != want {
			t.Errorf("pagingName(%q) = %q, want %q", list, got, want)
		}
	}
}

// oapi-codegen's names of the operations, from both forms of its comments; other lines are not taken for them.
func TestReadOperations(t *testing.T) {
	src := []byte("// ListWebhooks list webhooks\n//\n// Corresponds with GET /v1/organization/webhook (the `ListWebhooks` operationId).\n" +
		"// GetPing performs a GET /v1/ping (the `GetPing` operationId) request.\n" +
		"// DeleteThing performs a DELETE /v1/things/{thingId} (the `DeleteThing` operationId) request,\n" +
		"// A description that says (the `Evil` operationId) somewhere.\n" +
		"// Corresponds with GET /v1/x (the `Half` operationIdx).\n")
	got := readOperations(src)
	want := map[string]string{"GET /v1/organization/webhook": "ListWebhooks", "GET /v1/ping": "GetPing",
		"DELETE /v1/things/{thingId}": "DeleteThing"}
	if len(got) != len(want) {
		t.Errorf("read %v", got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q, want %q", k, got[k], v)
		}
	}
}
