// Package emit renders a plan (package plan) as Go: with dave/jennifer, what the spec drives (the per-channel
// builders, `from` and `to` helpers, validation, encoders, the root client); with text/template the Sender of each
// channel and the package at the root of the output (templates/channel, templates/output); the runnable examples
// and the benchmark matrix from the values package fixture derives; and it copies the spec-independent packages
// (templates/sdk). It decides nothing: every name comes from the plan.
package emit

import (
	"fmt"
	"runtime"
	"sync"

	"github.com/dave/jennifer/jen"
	"golang.org/x/sync/errgroup"

	"github.com/chatt2me/chatt2me-go/generator/plan"
)

// renderer renders the files of one SDK.
type renderer struct {
	sdk   *plan.SDK
	mu    sync.Mutex // guards files
	files map[string][]byte
}

// Emit renders the packages of the plan, by path relative to the output directory.
func Emit(sdk *plan.SDK) (map[string][]byte, error) {
	r := &renderer{sdk: sdk, files: map[string][]byte{}}
	// The packages are independent: render them in parallel (rendering formats each file, the costly part). The
	// output does not depend on the order.
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	g.Go(r.validatePackage)
	g.Go(r.encodePackage)
	g.Go(r.rootPackage)
	g.Go(r.operations)
	g.Go(r.operationTable)
	g.Go(r.reply)
	g.Go(r.retryFailed)
	g.Go(r.output)
	g.Go(r.webhookExamples)
	g.Go(r.webhookContent)
	for _, ch := range sdk.Channels {
		g.Go(func() error {
			if err := r.channel(ch); err != nil {
				return fmt.Errorf("channel %s: %w", ch.Package.Name, err)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return r.files, nil
}

func (r *renderer) pkg(dir string) string { return r.sdk.Import(dir) }

// newFile starts a file of the package in dir, naming every SDK import.
func (r *renderer) newFile(dir, name, doc string) *jen.File {
	f := jen.NewFilePathName(r.pkg(dir), name)
	f.HeaderComment(plan.Header)
	if doc != "" {
		f.PackageComment(doc)
	}
	f.ImportName(r.pkg(plan.APIDir), "api")
	f.ImportName(r.pkg(plan.CoreDir), "core")
	f.ImportName(r.pkg(plan.ValidateDir), "validate")
	f.ImportName(r.pkg(plan.EncodeDir), "encode")
	f.ImportName(r.pkg(plan.TransportDir), "transport")
	for _, ch := range r.sdk.Channels {
		f.ImportName(r.pkg(ch.Package.Dir), ch.Package.Name)
	}
	return f
}

// save formats a file and stores it under rel.
func (r *renderer) save(rel string, f *jen.File) error {
	src, err := render(rel, f)
	if err != nil {
		return err
	}
	r.store(rel, src)
	return nil
}

func (r *renderer) store(rel string, data []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.files[rel] = data
}

// api qualifies a name of the api package.
func (r *renderer) api(name string) *jen.Statement { return jen.Qual(r.pkg(plan.APIDir), name) }

func (r *renderer) core(name string) *jen.Statement { return jen.Qual(r.pkg(plan.CoreDir), name) }

func (r *renderer) transport(name string) *jen.Statement {
	return jen.Qual(r.pkg(plan.TransportDir), name)
}

// qual renders an identifier of the plan, qualified outside its package.
func qual(id plan.GoIdent) *jen.Statement { return jen.Qual(id.GoImportPath, id.GoName) }

// typ renders a type of the plan.
func typ(t plan.Type) jen.Code {
	switch t.Kind {
	case plan.Builtin:
		return jen.Id(t.Name)
	case plan.Named:
		return jen.Qual(t.Pkg, t.Name)
	case plan.Pointer:
		return jen.Op("*").Add(typ(*t.Elem))
	case plan.Slice:
		return jen.Index().Add(typ(*t.Elem))
	case plan.Map:
		return jen.Map(typ(*t.Key)).Add(typ(*t.Elem))
	default:
		return jen.Interface()
	}
}

// constant renders a constant of the plan.
func constant(c plan.Const) jen.Code {
	if c.Conversion == nil {
		return jen.Lit(c.Value)
	}
	return jen.Add(typ(*c.Conversion)).Call(jen.Lit(c.Value))
}

// fieldPath renders v.A.B for a path of fields from v.
func fieldPath(v string, path []plan.Field) *jen.Statement {
	s := jen.Id(v)
	for _, f := range path {
		s = s.Dot(f.Name)
	}
	return s
}

func returnIfErr(call jen.Code) jen.Code {
	return jen.If(jen.Err().Op(":=").Add(call), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
}

// declarePatterns renders the pattern variables of a file.
func (r *renderer) declarePatterns(f *jen.File, ps []*plan.Pattern) {
	if len(ps) == 0 {
		return
	}
	defs := make([]jen.Code, 0, len(ps))
	for _, p := range ps {
		defs = append(defs, jen.Id(p.Var).Op("=").Add(r.core("MustCompile")).Call(jen.Lit(p.Source), jen.Lit(p.Expr)))
	}
	f.Comment("Patterns of the OpenAPI document.")
	f.Var().Defs(defs...)
}
