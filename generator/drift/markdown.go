package drift

import (
	"fmt"
	"strings"
)

// callerCompatibleReason explains, once per report, the changes marked compatible for callers.
const callerCompatibleReason = "Source-compatible for callers: these functions and methods only gained a final variadic parameter " +
	"(the options of a new optional property, for example), so every existing call still compiles. apidiff counts them " +
	"as incompatible because code that uses one as a value of its old function type, or implements an interface with " +
	"the method, no longer compiles; they do not make the report breaking."

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

	b.WriteString("### Go API changes (apidiff, generated SDK, internal packages left out)\n\n")
	if len(r.GoChanges) == 0 {
		b.WriteString("No changes.\n\n")
	}
	if r.callerCompatibleGo() > 0 {
		b.WriteString(callerCompatibleReason + "\n\n")
	}
	for i, c := range r.GoChanges {
		if i == 0 || c.Package != r.GoChanges[i-1].Package {
			if i > 0 {
				b.WriteString("\n")
			}
			fmt.Fprintf(&b, "#### `%s`\n\n", c.Package)
		}
		fmt.Fprintf(&b, "- %s: %s\n", c.verdict(), strings.ReplaceAll(c.Message, "\n", " "))
	}
	if len(r.GoChanges) > 0 {
		b.WriteString("\n")
	}

	fmt.Fprintf(&b, "### Verdict\n\n%s\n", r.Verdict())
	return b.String()
}

func (c GoChange) verdict() string {
	switch {
	case c.Compatible:
		return "compatible"
	case c.CallerCompatible:
		return "source-compatible for callers"
	}
	return "**incompatible**"
}

// Verdict is the one-line summary.
func (r *Report) Verdict() string {
	more := ""
	if n := r.callerCompatibleGo(); n > 0 {
		more = fmt.Sprintf("; %d source-compatible for callers", n)
	}
	if !r.Breaking() {
		if more == "" {
			return fmt.Sprintf("**Not breaking**: %d spec change(s), %d Go API change(s), all compatible.", len(r.SpecChanges), len(r.GoChanges))
		}
		return fmt.Sprintf("**Not breaking**: %d spec change(s), %d Go API change(s), none incompatible%s.",
			len(r.SpecChanges), len(r.GoChanges), more)
	}
	return fmt.Sprintf("**Breaking**: %d breaking spec change(s) of %d, %d incompatible Go API change(s) of %d%s.",
		r.breakingSpec(), len(r.SpecChanges), r.incompatibleGo(), len(r.GoChanges), more)
}

// cell escapes text for a Markdown table cell.
func cell(s string) string {
	if s == "" {
		return "—"
	}
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}
