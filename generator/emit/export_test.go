package emit

import "github.com/dave/jennifer/jen"

// BreakFile makes the renderer add to the file rel what gofmt refuses, as a bug of the generator would, until the
// test ends.
func BreakFile(t interface{ Cleanup(func()) }, rel string, code jen.Code) {
	breakFile = func(name string, f *jen.File) {
		if name == rel {
			f.Add(code)
		}
	}
	t.Cleanup(func() { breakFile = nil })
}
