package chatt2me_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"

	"github.com/chatt2me/chatt2me-go/generated/chatt2me"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/api"
)

// fakeWebhooks stands in for the webhook-management operations: 7 webhooks, paged; it prints each request.
func fakeWebhooks() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Println(strings.TrimSpace(r.Method + " " + r.URL.RequestURI() + " " + string(body)))
		w.Header().Set("Content-Type", "application/json")
		if r.Method == http.MethodPost {
			w.WriteHeader(http.StatusCreated)
			_, _ = io.WriteString(w, `{"id":"0b7e5c2a-4f1d-4c3e-9a8b-2d6f1e0c9b7a","applicationId":"5a9f2c1e-0000-4000-8000-00000000a001",`+
				`"active":true,"label":"orders","eventType":"MessageStatus","isVerified":true}`)
			return
		}
		if strings.HasPrefix(r.URL.Path, "/v1/organization/webhook/") {
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"errorMessage":"webhook not found","errorCode":"not_found"}`)
			return
		}
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		var items []string
		for i := offset; i < min(offset+limit, 7); i++ {
			items = append(items, fmt.Sprintf(`{"id":"00000000-0000-4000-8000-%012d","applicationId":"a","active":true,"eventType":"Message"}`, i))
		}
		fmt.Fprintf(w, `{"data":[%s],"pagination":{"offset":%d,"limit":%d,"total":7,"totalPages":%d}}`,
			strings.Join(items, ","), offset, limit, (7+limit-1)/limit)
	}))
}

// Register a webhook; the body is checked against the document, then sent.
func ExampleWebhooks_Create() {
	srv := fakeWebhooks()
	defer srv.Close()
	c, _ := chatt2me.New(chatt2me.WithAPIKey("test-api-key-0001"), chatt2me.WithBaseURL(srv.URL))
	signed := true
	hook, err := c.Webhooks.Create(context.Background(), &api.CreateWebhookInput{
		Label: "orders", Endpoint: "https://shop.example.com/hooks/chatt2me", EventType: api.EventTypeMessageStatus,
		AuthenticationProtocol: api.AuthenticationProtocolNoAuthentication, RequiresSignature: &signed,
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(hook.Id, *hook.IsVerified)
	_, err = c.Webhooks.Create(context.Background(), &api.CreateWebhookInput{Label: "orders", Endpoint: "http://shop.example.com"})
	fmt.Println(err)
	// Output:
	// POST /v1/organization/webhook {"authenticationProtocol":"NoAuthentication","endpoint":"https://shop.example.com/hooks/chatt2me","eventType":"MessageStatus","label":"orders","requiresSignature":true}
	// 0b7e5c2a-4f1d-4c3e-9a8b-2d6f1e0c9b7a true
	// chatt2me: invalid authenticationProtocol: must be one of NoAuthentication, Oauth20, PasswordAuthentication, AWSSignatureV4, JWT, JWTExchange (got "")
}

// Walk every webhook, page after page: here pages of 3 (the default is the largest the API allows, 50).
func ExampleWebhooks_All() {
	srv := fakeWebhooks()
	defer srv.Close()
	c, _ := chatt2me.New(chatt2me.WithAPIKey("test-api-key-0001"), chatt2me.WithBaseURL(srv.URL))
	limit := 3
	n := 0
	for w, err := range c.Webhooks.All(context.Background(), &api.ListWebhooksParams{Limit: &limit}) {
		if err != nil {
			panic(err)
		}
		n++
		if n == 7 {
			fmt.Println("last:", w.Id)
		}
	}
	fmt.Println(n, "webhooks")
	// Output:
	// GET /v1/organization/webhook?offset=0&limit=3
	// GET /v1/organization/webhook?offset=3&limit=3
	// GET /v1/organization/webhook?offset=6&limit=3
	// last: 00000000-0000-4000-8000-000000000006
	// 7 webhooks
}

// A webhook that does not exist is an *APIError of HTTP 404.
func ExampleWebhooks_Get() {
	srv := fakeWebhooks()
	defer srv.Close()
	c, _ := chatt2me.New(chatt2me.WithAPIKey("test-api-key-0001"), chatt2me.WithBaseURL(srv.URL))
	_, err := c.Webhooks.Get(context.Background(), "eba8d8ef-ec4d-41ad-825f-9a60ccda49bf")
	var apiErr *chatt2me.APIError
	fmt.Println(errors.As(err, &apiErr), apiErr.HTTPStatus, apiErr.Code)
	// Output:
	// GET /v1/organization/webhook/eba8d8ef-ec4d-41ad-825f-9a60ccda49bf
	// true 404 not_found
}
