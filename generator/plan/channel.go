package plan

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/chatt2me/chatt2me-go/generator/model"
	"github.com/chatt2me/chatt2me-go/generator/spec"
)

// channelPlanner plans one channel package.
type channelPlanner struct {
	doc      *spec.Document
	api      *apiTable
	ch       model.Channel
	pl       *planner
	checker  *checker
	out      *Channel
	names    *names
	options  map[string]*optionEntry
	sets     map[string]*OptionSet // by the api struct that takes the options
	patterns *patterns
	byAPI    map[string]*Mirror // the mirrors, by api type
}

// optionEntry is an option function and every struct it applies to.
type optionEntry struct {
	opt  *Option
	uses map[string]optionUse // by api struct
}

func planChannel(doc *spec.Document, api *apiTable, m *model.Model, ch model.Channel) (*Channel, error) {
	ps := newPatterns()
	cp := &channelPlanner{
		doc: doc, api: api, ch: ch, pl: newPlanner(doc, api, m.OptionNames),
		checker: &checker{doc: doc, api: api, patterns: ps},
		names:   newNames(doc, renameOption), options: map[string]*optionEntry{}, sets: map[string]*OptionSet{}, patterns: ps,
		out: &Channel{
			Package: Package{Name: ch.Package, Dir: RootDir + "/" + ch.Package},
			Name:    ch.Name, Field: clientField(ch), Method: ch.Method, Path: ch.Path,
			AcceptedStatus: ch.AcceptedStatus, RequiresSession: ch.RequiresSession,
		},
	}
	if err := cp.declareFixed(); err != nil {
		return nil, err
	}
	steps := []func() error{cp.builders, cp.helpers, cp.request, cp.constructors, cp.mirrors, cp.optionFunctions}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	cp.out.Patterns = ps.list
	cp.out.scope = cp.names
	cp.out.Doc = cp.packageDoc()
	return cp.out, nil
}

// Fixed are the names every channel package declares, whatever the document: written here once, declared in the
// package's scope (so that a name the document gives that would collide with one is refused), and read by the
// renderer and the channel templates.
type Fixed struct {
	// Content is what a message carries, From the channel it is sent from, SendOption a change of one send.
	Content, From, SendOption GoIdent
	// ContentOf makes a Content of an api struct of one of the package's kinds (see Channel.Adoptable).
	ContentOf GoIdent
	// Sender sends the package's messages, with its method Send; NewSender makes one; MarshalRequest returns the
	// body Send would post.
	Sender, NewSender, MarshalRequest GoIdent
	Send                              string
	// Request is the type of the body of a send, with its fields RequestFields; NewRequest the function building and
	// validating one.
	Request, NewRequest GoIdent
	RequestFields       RequestFields
	// Operation is the variable holding the send operation, which the Sender's requests carry.
	Operation GoIdent
}

// RequestFields are the fields of a channel's Request: from, to, the content's value and the content's encoder.
type RequestFields struct {
	From, To, Content, EncodeContent string
}

// fixedNames are the fixed names of the channel package whose import path is pkg.
func fixedNames(pkg string) Fixed {
	id := func(name string) GoIdent { return GoIdent{GoImportPath: pkg, GoName: name} }
	return Fixed{Content: id("Content"), ContentOf: id("ContentOf"), From: id("From"), SendOption: id("SendOption"), Sender: id("Sender"),
		NewSender: id("NewSender"), MarshalRequest: id("MarshalRequest"), Send: "Send", Request: id("request"),
		NewRequest: id("newRequest"), RequestFields: RequestFields{From: "From", To: "To", Content: "Content", EncodeContent: "encodeContent"},
		Operation: id("operation")}
}

// packageLevel lists the fixed names declared at the top of the package.
func (f Fixed) packageLevel() []GoIdent {
	return []GoIdent{f.Content, f.ContentOf, f.From, f.Sender, f.NewSender, f.SendOption, f.MarshalRequest, f.Request,
		f.NewRequest, f.Operation}
}

// FixedNames lists the fixed names of every channel package, its Sender's method Send included.
func FixedNames() []string {
	f := fixedNames("")
	names := []string{f.Send}
	for _, id := range f.packageLevel() {
		names = append(names, id.GoName)
	}
	return names
}

// channelImports are the names a channel package's files import packages as (the renderer's, the Sender template's
// and the fuzz tests'), which no name of the package may take either; and it names its pattern variables pattern1,
// pattern2...
var channelImports = []string{"api", "core", "encode", "validate", "transport", "context", "errors", "format", "regexp", "testing"}

// declareFixed declares the names of the package that the document does not drive, so that a name it gives that
// would collide with one is refused, located where the document gives it.
func (cp *channelPlanner) declareFixed() error {
	rule := "/" + model.ChannelsExtension + "/" + spec.EscapeToken(cp.ch.OperationID)
	cp.out.Fixed = fixedNames(cp.channelPkg())
	for _, fixed := range cp.out.Fixed.packageLevel() {
		if err := cp.names.declare(fixed.GoName, "the package's "+fixed.GoName, rule); err != nil {
			return err
		}
	}
	for _, imp := range channelImports {
		if err := cp.names.declare(imp, "the package's import of "+imp, rule); err != nil {
			return err
		}
	}
	cp.names.declareNumbered(patternPrefix, "the package's pattern variables "+patternPrefix+"1, "+patternPrefix+"2...")
	return nil
}

// clientField is the channel's field on the root client: its name without spaces.
func clientField(ch model.Channel) string { return strings.ReplaceAll(ch.Name, " ", "") }

func (cp *channelPlanner) packageDoc() string {
	var kinds []string
	for _, b := range cp.out.Builders {
		kinds = append(kinds, b.Name.GoName)
	}
	ch := cp.ch
	return wrap(fmt.Sprintf(
		"Package %s sends %s messages through the Hub Chatt2.me API (%s %s).\n\n"+
			"Build the content with one of the builders of the content kinds %s accepts (%s), name the sending "+
			"channel with %s, and send with chatt2me.Client.%s.%s. A kind %s does not accept has no builder here, so "+
			"misusing it does not compile.",
		ch.Package, ch.Name, ch.Method, ch.Path, ch.Name, strings.Join(kinds, ", "), fromNames(ch), clientField(ch), cp.out.Fixed.Send,
		ch.Name), 110)
}

func fromNames(ch model.Channel) string {
	var names []string
	for _, a := range ch.From {
		names = append(names, a.Helper)
	}
	return strings.Join(names, " or ")
}

// builders plans one builder per content kind.
func (cp *channelPlanner) builders() error {
	content := schemaPointer(cp.ch.ContentSchema) + "/oneOf/"
	for i, k := range cp.ch.Kinds {
		if err := cp.names.declare(k.Name, "the builder of "+k.Schema, content+strconv.Itoa(i)); err != nil {
			return err
		}
		core, err := cp.build(k.Schema)
		if err != nil {
			return err
		}
		core.Name = cp.ident(k.Name)
		b := &ContentBuilder{Builder: *core, Kind: k.Name, Check: cp.ident("check" + k.Schema), Encode: cp.ident("encode" + k.Schema)}
		for _, fn := range []GoIdent{b.Check, b.Encode} {
			if err := cp.names.declare(fn.GoName, "the function "+fn.GoName+" of the builder "+k.Name, content+strconv.Itoa(i)); err != nil {
				return err
			}
		}
		b.Doc = fmt.Sprintf("%s builds %s", k.Name, sentence(k.Description))
		if b.Doc == k.Name+" builds " {
			b.Doc = fmt.Sprintf("%s builds a %s.", k.Name, k.Schema)
		}
		cp.out.Builders = append(cp.out.Builders, b)
	}
	return nil
}

// build plans the builder of an api struct and records its options and their interface.
func (cp *channelPlanner) build(typeName string) (*Builder, error) {
	b, uses, err := cp.pl.build(typeName)
	if err != nil {
		return nil, err
	}
	if len(uses) > 0 {
		if cp.sets[typeName] == nil {
			cp.sets[typeName] = &OptionSet{Target: cp.api.ident(typeName)}
		}
		b.OptionSet = cp.sets[typeName]
	}
	for i, use := range uses {
		e, ok := cp.options[use.name]
		if !ok {
			opt := &Option{Name: cp.ident(use.name), Type: cp.ident(use.name + "Option"), Kind: use.Kind, Value: use.value, Doc: use.doc}
			e = &optionEntry{opt: opt, uses: map[string]optionUse{}}
			cp.options[use.name] = e
		}
		uses[i].Option = e.opt
		e.uses[typeName] = uses[i]
	}
	return b, nil
}

// ident is the identifier of a name of the channel package.
func (cp *channelPlanner) ident(name string) GoIdent {
	return GoIdent{GoImportPath: cp.channelPkg(), GoName: name}
}

// helpers plans the `from` helpers and the `to` helper of the alias rules.
func (cp *channelPlanner) helpers() error {
	rule := "/" + model.ChannelsExtension + "/" + spec.EscapeToken(cp.ch.OperationID)
	for i, a := range cp.ch.From {
		if err := cp.names.declare(a.Helper, "the from helper "+a.Helper, rule+"/from/"+strconv.Itoa(i)+"/helper"); err != nil {
			return err
		}
		arg := a.Shape.Arg()
		if a.Field != "" {
			arg = local(a.Field)
		}
		h := cp.helper(a, "from", arg)
		if err := cp.names.declare(h.Fuzz.GoName, "the fuzz test of "+a.Helper, rule+"/from/"+strconv.Itoa(i)+"/helper"); err != nil {
			return err
		}
		h.Doc = []string{fmt.Sprintf("%s names the sending channel by %s.", a.Helper, a.Description), a.Shape.Doc(a)}
		cp.out.From = append(cp.out.From, h)
	}
	if to := cp.ch.To; to != nil {
		if err := cp.names.declare(to.Helper, "the to helper "+to.Helper, rule+"/to/helper"); err != nil {
			return err
		}
		h := cp.helper(*to, "to", "value")
		if err := cp.names.declare(h.Fuzz.GoName, "the fuzz test of "+to.Helper, rule+"/to/helper"); err != nil {
			return err
		}
		h.Doc = []string{fmt.Sprintf("%s returns the recipient as `to` expects it: %s.", to.Helper, to.Description), to.Shape.Doc(*to)}
		cp.out.To = h
	}
	return nil
}

func (cp *channelPlanner) helper(a model.Alias, field, arg string) *Helper {
	h := &Helper{Name: cp.ident(a.Helper), Field: field, Arg: arg, Shape: a.Shape, Prefix: a.Prefix, KeepPrefix: a.KeepPrefix,
		Fuzz: cp.ident("Fuzz" + a.Helper)}
	if a.Shape.Patterned() {
		h.Pattern = cp.patterns.get(a.Pattern)
	}
	return h
}

// constructors plans New<Schema> for every object used as a value and New<Variant> for every oneOf variant, until
// no new one is needed; each round in sorted order.
func (cp *channelPlanner) constructors() error {
	done := map[string]bool{}
	for {
		var todo []string
		for n := range cp.pl.needs {
			if !done["obj:"+n] {
				todo = append(todo, "obj:"+n)
			}
		}
		for n := range cp.pl.unions {
			if !done["union:"+n] {
				todo = append(todo, "union:"+n)
			}
		}
		if len(todo) == 0 {
			return nil
		}
		sort.Strings(todo)
		for _, t := range todo {
			done[t] = true
			kind, name, _ := strings.Cut(t, ":")
			var err error
			if kind == "obj" {
				err = cp.objectConstructor(name)
			} else {
				err = cp.variantConstructors(name)
			}
			if err != nil {
				return err
			}
		}
	}
}

func (cp *channelPlanner) objectConstructor(name string) error {
	fn := "New" + name
	if err := cp.names.declare(fn, "the constructor of "+name, schemaPointer(name)); err != nil {
		return err
	}
	b, err := cp.build(name)
	if err != nil {
		return err
	}
	s, _ := cp.pl.schema(name)
	b.Name = cp.ident(fn)
	b.Doc = fmt.Sprintf("%s returns %s", fn, sentenceOr(s.Description, "a "+name+"."))
	cp.out.Constructors = append(cp.out.Constructors, &ObjectConstructor{Builder: *b})
	return nil
}

func (cp *channelPlanner) variantConstructors(union string) error {
	s, err := cp.pl.schema(union)
	if err != nil {
		return err
	}
	for i, v := range s.OneOf {
		variant := componentOf(v)
		at := schemaPointer(union) + "/oneOf/" + strconv.Itoa(i)
		if variant == "" {
			return cp.doc.ErrorAt(at, fmt.Sprintf("oneOf %s: inline variants are not supported; make it a component", union))
		}
		fn := "New" + variant
		if err := cp.names.declare(fn, "the constructor of "+variant, at); err != nil {
			return err
		}
		b, err := cp.build(variant)
		if err != nil {
			return err
		}
		b.Name = cp.ident(fn)
		b.Doc = fmt.Sprintf("%s returns a %s that is %s", fn, union, sentenceOr(v.Value.Description, "a "+variant+"."))
		cp.out.Constructors = append(cp.out.Constructors, &VariantConstructor{Builder: *b, Union: cp.api.ident(union)})
	}
	return nil
}

// optionFunctions plans the option interfaces (see optionSetName) and the option functions, sorted by name, and
// checks that each option sets values of one type.
func (cp *channelPlanner) optionFunctions() error {
	targets := sortedKeys(cp.sets)
	for _, target := range targets {
		set := cp.sets[target]
		set.Name = cp.ident(cp.optionSetName(target))
		set.Marker = "is" + set.Name.GoName
	}
	sort.SliceStable(targets, func(i, j int) bool { return cp.sets[targets[i]].Name.GoName < cp.sets[targets[j]].Name.GoName })
	for _, target := range targets {
		set := cp.sets[target]
		if err := cp.names.declareHinted(set.Name.GoName, "the option interface of "+target, schemaPointer(target),
			"rename one of the schemas"); err != nil {
			return err
		}
		for _, option := range sortedKeys(cp.options) {
			if _, ok := cp.options[option].uses[target]; ok {
				set.Options = append(set.Options, cp.options[option].opt)
			}
		}
		cp.out.OptionSets = append(cp.out.OptionSets, set)
	}
	for _, name := range sortedKeys(cp.options) {
		e := cp.options[name]
		for _, target := range sortedKeys(e.uses) {
			use := e.uses[target]
			if use.Kind != e.opt.Kind || !use.value.Equal(*e.opt.Value) {
				return cp.doc.ErrorAt(use.at, fmt.Sprintf("the option %s sets values of different types (in %s and another struct); rename one with %s",
					name, target, model.OptionNamesExtension))
			}
			e.opt.Sets = append(e.opt.Sets, cp.sets[target])
			sort.Slice(e.opt.Sets, func(i, j int) bool { return e.opt.Sets[i].Name.GoName < e.opt.Sets[j].Name.GoName })
		}
		at := e.uses[sortedKeys(e.uses)[0]].at
		if err := cp.names.declare(name, "the option "+name, at); err != nil {
			return err
		}
		if err := cp.names.declare(e.opt.Type.GoName, "the type of the option "+name, at); err != nil {
			return err
		}
		e.opt.Doc = sentenceOr(e.opt.Doc, "the "+name+" field.") + cp.zeroDoc(e)
		cp.out.Options = append(cp.out.Options, e.opt)
	}
	return nil
}

// optionSetName is the name of the interface of the options of the api struct target, without stutter: XOption for
// the struct of the content kind X (whatsapp.StickerOption, not whatsapp.WhatsAppStickerContentOption); for another
// struct S, which New<S> builds, SOption, or SValueOption when the content kind S has SOption (Contact and
// NewContact). Two structs whose interfaces would still have one name are refused where the second is declared.
func (cp *channelPlanner) optionSetName(target string) string {
	kinds := map[string]bool{}
	for _, b := range cp.out.Builders {
		if b.Type.GoName == target {
			return b.Name.GoName + "Option"
		}
		kinds[b.Name.GoName] = cp.sets[b.Type.GoName] != nil
	}
	if kinds[target] {
		return target + "ValueOption"
	}
	return target + "Option"
}

// zeroDoc tells, for an option whose fields are plain (the schema refuses their zero value), that the zero
// value leaves the field out rather than sending it.
func (cp *channelPlanner) zeroDoc(e *optionEntry) string {
	var field Field
	for _, target := range sortedKeys(e.uses) {
		use := e.uses[target]
		field = use.Path[len(use.Path)-1]
		if field.Optional() || !field.OmitEmpty {
			return ""
		}
	}
	switch {
	case e.opt.Kind == OptionVariadic:
		return " With no values, the field is left out."
	case cp.api.basic(field.Type) == "string":
		return ` An empty value ("") leaves the field out.`
	case cp.api.basic(field.Type) != "":
		return " A zero value leaves the field out."
	}
	return ""
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
