package core

import "testing"

// Format refuses what Prism refuses (the cross-check against Prism's answers is the sandbox's
// TestFormatsAgreeWithPrism), with a message naming the field and the value.
func TestFormat(t *testing.T) {
	p := Root("url")
	cases := []struct{ value, format, want string }{
		{"https://example.com/a.png", "uri", ""},
		{"mailto:ana@example.com", "uri", ""}, // absolute, without a host
		{"::nope", "uri", `chatt2me: invalid url: must be an absolute URI (got "::nope")`},
		{"https://x/a b", "uri", `chatt2me: invalid url: must be an absolute URI (got "https://x/a b")`},
		{"https://exemplo.com/ação", "uri", `chatt2me: invalid url: must be an absolute URI (got "https://exemplo.com/ação")`},
		{"https://\u212aelvin.example", "uri", "chatt2me: invalid url: must be an absolute URI (got \"https://\u212aelvin.example\")"},
		{"ana@example.com", "email", ""},
		{"not an email", "email", `chatt2me: invalid url: must be an email address (got "not an email")`},
		{"ana@localhost", "email", `chatt2me: invalid url: must be an email address (got "ana@localhost")`},
		{"josé@exemplo.com", "email", `chatt2me: invalid url: must be an email address (got "josé@exemplo.com")`},
		{"eba8d8ef-ec4d-41ad-825f-9a60ccda49bf", "uuid", ""},
		{"urn:uuid:eba8d8ef-ec4d-41ad-825f-9a60ccda49bf", "uuid",
			`chatt2me: invalid url: must be a UUID such as eba8d8ef-ec4d-41ad-825f-9a60ccda49bf (got "urn:uuid:eba8d8ef-ec4d-41ad-825f-9a60ccda49bf")`},
		{"anything", "date-time", ""}, // not checked: the SDK sends time.Time as RFC 3339
	}
	for _, tc := range cases {
		err := Format(&p, tc.value, tc.format)
		if got := errString(err); got != tc.want {
			t.Errorf("Format(%q, %s) = %s, want %s", tc.value, tc.format, got, tc.want)
		}
	}
}

// The checks run on every send: they must not allocate.
func TestFormatChecksDoNotAllocate(t *testing.T) {
	p := Root("url")
	if n := testing.AllocsPerRun(100, func() {
		_ = Format(&p, "https://cdn.example.com/media/a.png?size=large#top", "uri")
		_ = Format(&p, "ana.maria@exemplo.com.br", "email")
		_ = Format(&p, "eba8d8ef-ec4d-41ad-825f-9a60ccda49bf", "uuid")
	}); n != 0 {
		t.Errorf("%v allocations per check", n)
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
