package chatt2me_test

import (
	"encoding/json"
	"testing"

	"github.com/chatt2me/chatt2me-go/generated/chatt2me/api"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/whatsapp"
)

// The baseline: what a team would write by hand with net/http and encoding/json, producing the same JSON.

type baseText struct {
	From    string `json:"from"`
	To      string `json:"to"`
	Content struct {
		Text string `json:"text"`
	} `json:"content"`
}

type baseRow struct {
	Description string `json:"description,omitempty"`
	ID          string `json:"id"`
	Title       string `json:"title"`
}

type baseSection struct {
	Rows  []baseRow `json:"rows"`
	Title string    `json:"title,omitempty"`
}

type baseList struct {
	From    string `json:"from"`
	To      string `json:"to"`
	Content struct {
		Interactive struct {
			Action struct {
				Button   string        `json:"button"`
				Sections []baseSection `json:"sections"`
			} `json:"action"`
			Body struct {
				Text string `json:"text"`
			} `json:"body"`
			Type string `json:"type"`
		} `json:"interactive"`
	} `json:"content"`
}

const benchFrom = "eba8d8ef-ec4d-41ad-825f-9a60ccda49bf"

func sdkText() ([]byte, error) {
	return whatsapp.MarshalRequest(whatsapp.FromChannel(benchFrom), "5511993986082", whatsapp.Text("Your order has shipped."))
}

func baselineText() ([]byte, error) {
	var b baseText
	b.From, b.To, b.Content.Text = benchFrom, "5511993986082", "Your order has shipped."
	return json.Marshal(&b)
}

func sdkList() ([]byte, error) {
	return whatsapp.MarshalRequest(whatsapp.FromChannel(benchFrom), "5511993986082",
		whatsapp.List("What would you like?", "View options", []api.ListSection{
			whatsapp.NewListSection([]api.ListRow{
				whatsapp.NewListRow("lasagna", "Lasagna", whatsapp.Description("With salad")),
				whatsapp.NewListRow("risotto", "Risotto"),
			}, whatsapp.Title("Main courses")),
		}))
}

func baselineList() ([]byte, error) {
	var b baseList
	b.From, b.To = benchFrom, "5511993986082"
	b.Content.Interactive.Type = "list"
	b.Content.Interactive.Body.Text = "What would you like?"
	b.Content.Interactive.Action.Button = "View options"
	b.Content.Interactive.Action.Sections = []baseSection{{
		Title: "Main courses",
		Rows:  []baseRow{{ID: "lasagna", Title: "Lasagna", Description: "With salad"}, {ID: "risotto", Title: "Risotto"}},
	}}
	return json.Marshal(&b)
}

// TestBenchmarkPairsProduceTheSameJSON keeps the comparison fair: the SDK and the baseline encode the same bytes.
func TestBenchmarkPairsProduceTheSameJSON(t *testing.T) {
	for _, pair := range [][2]func() ([]byte, error){{sdkText, baselineText}, {sdkList, baselineList}} {
		a, err := pair[0]()
		if err != nil {
			t.Fatal(err)
		}
		b, err := pair[1]()
		if err != nil {
			t.Fatal(err)
		}
		if string(a) != string(b) {
			t.Errorf("SDK:      %s\nbaseline: %s", a, b)
		}
	}
}

func bench(b *testing.B, f func() ([]byte, error)) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := f(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuildAndEncode builds, validates and encodes a WhatsApp send (the SDK) beside a hand-written struct
// encoded with encoding/json (the baseline), for a text and for an interactive list.
func BenchmarkBuildAndEncode(b *testing.B) {
	b.Run("text/sdk", func(b *testing.B) { bench(b, sdkText) })
	b.Run("text/baseline", func(b *testing.B) { bench(b, baselineText) })
	b.Run("list/sdk", func(b *testing.B) { bench(b, sdkList) })
	b.Run("list/baseline", func(b *testing.B) { bench(b, baselineList) })
}
