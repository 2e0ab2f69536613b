package transport

// This file stands in for operations.gen.go, which chatt2me-gen writes into every SDK from the operations of the
// document, so that this package builds and tests in place; it is never copied. It holds the operations' table, in
// the order their routes are matched: a few operations of the shapes the document has.
var operations = []Operation{
	{ID: "sendWhatsAppMessage", Method: "POST", Route: "/v1/communication/whatsapp/message", Channel: "whatsapp"},
	{ID: "sendSMSMessage", Method: "POST", Route: "/v1/communication/sms/message", Channel: "sms"},
	{ID: "listWebhooks", Method: "GET", Route: "/v1/organization/webhook"},
	{ID: "retryWebhookLogs", Method: "POST", Route: "/v1/organization/webhook/{webhookId}/webhook-log/retry"},
	{ID: "retryWebhookLog", Method: "POST", Route: "/v1/organization/webhook/{webhookId}/webhook-log/{webhookLogId}/retry"},
	{ID: "listAllWebhookLogs", Method: "GET", Route: "/v1/organization/webhook/logs"},
	{ID: "getWebhook", Method: "GET", Route: "/v1/organization/webhook/{webhookId}"},
	{ID: "getMedia", Method: "GET", Route: "/v1/media/{mediaId}.json"},
}
