package emit

import (
	"github.com/dave/jennifer/jen"

	"github.com/chatt2me/chatt2me-go/generator/plan"
)

// retryFailed renders the method delivering again what a webhook failed to deliver (chatt2me/retryfailed.gen.go).
func (r *renderer) retryFailed() error {
	rf := r.sdk.RetryFailed
	if rf == nil {
		return nil
	}
	f := r.newFile(plan.RootDir, "chatt2me", "")
	rcv, _ := groupReceiver(rf.Group.Receiver, rf.Group)
	recv := jen.Id(rf.Group.Receiver)
	var params, pathArgs []jen.Code
	for _, p := range rf.List.PathParams {
		params = append(params, jen.Id(p.Arg).Add(typ(p.Type)))
		pathArgs = append(pathArgs, jen.Id(p.Arg))
	}
	item := typ(rf.List.Paging.Item)
	result := typ(*rf.Results.Type.Elem)
	l := jen.Id("l")

	filter := jen.Id("failed")
	if rf.Filter.Optional() {
		filter = jen.Op("&").Id("failed")
	}
	listArgs := append(append([]jen.Code{jen.Id("ctx")}, pathArgs...),
		jen.Op("&").Add(r.api(rf.List.Query.Type)).Values(jen.Dict{jen.Id(rf.Filter.Name): filter}))
	skip := l.Clone().Dot(rf.Time.Name).Dot("Before").Call(jen.Id("since"))
	if rf.Status != nil {
		skip = skip.Op("||").String().Call(l.Clone().Dot(rf.Status.Name)).Op("!=").Lit(rf.Failed.Value)
	}
	skip = skip.Op("||").Id("seen").Index(l.Clone().Dot(rf.ID.Name))
	walk := []jen.Code{
		jen.Id("failed").Op(":=").Add(constant(rf.Failed)),
		jen.Var().Id("logs").Index().Add(item),
		jen.Id("seen").Op(":=").Map(jen.String()).Bool().Values(),
		jen.For(jen.List(l.Clone(), jen.Err()).Op(":=").Range().Add(recv.Clone()).Dot(rf.List.Paging.Name).Call(listArgs...)).Block(
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
			jen.If(skip).Block(jen.Continue()),
			jen.Id("seen").Index(l.Clone().Dot(rf.ID.Name)).Op("=").True(),
			jen.Id("logs").Op("=").Append(jen.Id("logs"), l.Clone()),
		),
		jen.Qual("slices", "Reverse").Call(jen.Id("logs")),
		jen.Qual("slices", "SortStableFunc").Call(jen.Id("logs"), jen.Func().Params(jen.List(jen.Id("a"), jen.Id("b")).Add(item)).Int().Block(
			jen.Return(jen.Id("a").Dot(rf.Time.Name).Dot("Compare").Call(jen.Id("b").Dot(rf.Time.Name))))),
	}
	idType := *rf.IDs.Type.Elem
	id := l.Clone().Dot(rf.ID.Name)
	if idType != rf.ID.Type {
		id = typ(idType).(*jen.Statement).Call(id)
	}
	retryArgs := append(append([]jen.Code{jen.Id("ctx")}, pathArgs...),
		jen.Op("&").Add(r.api(rf.Retry.Body.Type)).Values(jen.Dict{jen.Id(rf.IDs.Name): jen.Id("ids")}))
	retry := []jen.Code{
		jen.Var().Id("results").Index().Add(result),
		jen.For(jen.Len(jen.Id("logs")).Op(">").Lit(0)).Block(
			jen.Id("n").Op(":=").Min(jen.Len(jen.Id("logs")), jen.Lit(rf.Batch)),
			jen.Id("ids").Op(":=").Make(jen.Index().Add(typ(idType)), jen.Id("n")),
			jen.For(jen.List(jen.Id("i"), l.Clone()).Op(":=").Range().Id("logs").Index(jen.Empty(), jen.Id("n"))).Block(
				jen.Id("ids").Index(jen.Id("i")).Op("=").Add(id)),
			jen.Id("logs").Op("=").Id("logs").Index(jen.Id("n"), jen.Empty()),
			jen.List(jen.Id("answer"), jen.Err()).Op(":=").Add(recv.Clone()).Dot(rf.Retry.Name).Call(retryArgs...),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("results"), jen.Err())),
			jen.Id("results").Op("=").Append(jen.Id("results"), jen.Id("answer").Dot(rf.Results.Name).Op("...")),
		),
		jen.Return(jen.Id("results"), jen.Nil()),
	}
	comment(f, rf.Doc)
	f.Func().Params(rcv).Id(rf.Name).Params(append(append([]jen.Code{jen.Id("ctx").Qual("context", "Context")}, params...),
		jen.Id("since").Qual("time", "Time"))...).Params(jen.Index().Add(result), jen.Error()).Block(append(walk, retry...)...)
	return r.save(plan.RootDir+"/retryfailed.gen.go", f)
}
