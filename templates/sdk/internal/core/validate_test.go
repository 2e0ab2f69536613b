package core

import "testing"

// StringLength counts characters, not bytes, whether or not it takes its shortcut (a string of at most max bytes).
func TestStringLengthCountsCharacters(t *testing.T) {
	p := Root("text")
	cases := []struct {
		s        string
		min, max int
		want     string
	}{
		{"abc", 1, 3, ""},
		{"ééé", 1, 3, ""}, // 6 bytes, 3 characters
		{"éééé", 1, 3, "chatt2me: invalid text: must have at most 3 characters (has 4)"},
		{"", 1, 3, "chatt2me: invalid text: must not be empty"},
		{"é", 2, -1, "chatt2me: invalid text: must have at least 2 characters (has 1)"},
		{"éé", 2, 3, ""},
		{"", 0, 0, ""},
		{"a", 0, 0, "chatt2me: invalid text: must have at most 0 characters (has 1)"},
	}
	for _, c := range cases {
		if got := errString(StringLength(&p, c.s, c.min, c.max)); got != c.want {
			t.Errorf("StringLength(%q, %d, %d) = %q, want %q", c.s, c.min, c.max, got, c.want)
		}
	}
}

// UniqueValues refuses equal items as Unique does, by ==, without allocating.
func TestUniqueValues(t *testing.T) {
	type button struct{ ID, Title string }
	p := Root("buttons")
	items := []button{{"a", "A"}, {"b", "B"}, {"a", "A"}}
	for _, check := range []func() error{func() error { return Unique(&p, items) }, func() error { return UniqueValues(&p, items) }} {
		if got := errString(check()); got != "chatt2me: invalid buttons: items 0 and 2 are equal; items must be unique" {
			t.Errorf("got %q", got)
		}
	}
	if err := UniqueValues(&p, items[:2]); err != nil {
		t.Error(err)
	}
	if n := testing.AllocsPerRun(100, func() { _ = UniqueValues(&p, items[:2]) }); n != 0 {
		t.Errorf("%v allocations", n)
	}
}
