package drift

import (
	"fmt"
	"strings"
)

// Markdown renders the report for a pull request description.
func (r *Report) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "## API drift: %s → %s\n\n", r.Base, r.Head)

	b.WriteString("### Spec changes (oasdiff, merged document)\n\n")
	if len(r.SpecChanges) == 0 {
		b.WriteString("No changes.\n\n")
	} else {
		b.WriteString("| | Level | Id | Operation | Change |\n|---|---|---|---|---|\n")
		for _, c := range r.SpecChanges {
			mark := ""
			if c.Breaking {
				mark = "**breaking**"
			}
			fmt.Fprintf(&b, "| %s | %s | `%s` | %s | %s |\n", mark, c.Level, c.ID, cell(c.Operation), cell(c.Text))
		}
		b.WriteString("\n")
	}

	b.WriteString("### Go API changes (apidiff, generated SDK)\n\n")
	if len(r.GoChanges) == 0 {
		b.WriteString("No changes.\n\n")
	}
	pkg := "\x00"
	for _, c := range r.GoChanges {
		if c.Package != pkg {
			pkg = c.Package
			fmt.Fprintf(&b, "#### `%s`\n\n", pkg)
		}
		kind := "compatible"
		if !c.Compatible {
			kind = "**incompatible**"
		}
		fmt.Fprintf(&b, "- %s: %s\n", kind, strings.ReplaceAll(c.Message, "\n", " "))
	}
	if len(r.GoChanges) > 0 {
		b.WriteString("\n")
	}

	fmt.Fprintf(&b, "### Verdict\n\n%s\n", r.Verdict())
	return b.String()
}

// Verdict is the one-line summary.
func (r *Report) Verdict() string {
	if !r.Breaking() {
		return fmt.Sprintf("**Not breaking**: %d spec change(s), %d Go API change(s), all compatible.", len(r.SpecChanges), len(r.GoChanges))
	}
	return fmt.Sprintf("**Breaking**: %d breaking spec change(s) of %d, %d incompatible Go API change(s) of %d.",
		r.breakingSpec(), len(r.SpecChanges), r.incompatibleGo(), len(r.GoChanges))
}

// cell escapes text for a Markdown table cell.
func cell(s string) string {
	if s == "" {
		return "—"
	}
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}
