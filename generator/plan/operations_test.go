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
