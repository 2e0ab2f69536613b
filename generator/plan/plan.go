// Package plan decides, once, what SDK a spec gives: every package, file, type, builder, parameter, option,
// validation and encoder, with every Go name. It is built from the model (package model), the merged document and
// what oapi-codegen emitted (read back from its source in one place, api.go). The renderers (package emit) only
// turn a plan into Go; they never decide a name. Print a plan with its String method to see, as text, what SDK a
// spec gives.
package plan

import "github.com/getkin/kin-openapi/openapi3"

// Layout of the output directory: the root package and the packages beside it.
const (
	RootDir      = "chatt2me"
	APIDir       = RootDir + "/api"
	CoreDir      = RootDir + "/internal/core"
	ValidateDir  = RootDir + "/internal/validate"
	EncodeDir    = RootDir + "/internal/encode"
	TransportDir = RootDir + "/transport"
	FormatDir    = RootDir + "/format"
)

// SDKVersion is the SDK's version, sent in the user agent as chatt2me-go/<version>.
const SDKVersion = "0.1.0"

// SDK is the plan of a whole generated SDK.
type SDK struct {
	// ImportPath is the import path of the output directory, such as "github.com/chatt2me/chatt2me-go/generated".
	ImportPath string
	// Root is the package users start from: the client, its options and the statuses.
	Root Root
	// Channels are the channel packages, sorted by package name.
	Channels []*Channel
	// Validators and Encoders are the functions of internal/validate and internal/encode, sorted by name.
	Validators []*Validator
	Encoders   []*Encoder
	// ValidatePatterns are the pattern variables of internal/validate, in the order of first use.
	ValidatePatterns []*Pattern
}

// Package is a Go package of the SDK.
type Package struct {
	Name string // such as "whatsapp"
	Dir  string // relative to the output directory, such as "chatt2me/whatsapp"
}

// Import returns the package's import path inside the SDK.
func (s *SDK) Import(dir string) string { return s.ImportPath + "/" + dir }

// Root is the root package.
type Root struct {
	Doc     string // package documentation
	BaseURL string // DefaultBaseURL: the first server of the document
	Version string
	// Statuses are the send statuses of the document, as constants.
	Statuses []Status
}

// Status is one constant of the send status enum.
type Status struct {
	Name, Value string
}

// Channel is one channel package.
type Channel struct {
	Package         Package
	Name            string // in prose, such as "Web Chatt"
	Field           string // its field on the root client, such as "WebChatt"
	Doc             string // package documentation
	Method, Path    string // the send operation
	AcceptedStatus  string
	RequiresSession bool
	// Builders are the content builders, in the order of the channel's content oneOf.
	Builders []*Builder
	// SendOptions are the options of one send (such as Reply), one per optional property of the send body.
	SendOptions []*Builder
	// Constructors build the values the builders take: New<Object> and New<Variant> of a oneOf.
	Constructors []*Builder
	// OptionSets are the <Struct>Option interfaces; Options the option functions, both sorted by name.
	OptionSets []*OptionSet
	Options    []*Option
	From       []*Helper
	To         *Helper // nil when the channel has no `to` helper
	Request    Request
	// Patterns are the pattern variables of the package, in the order of first use.
	Patterns []*Pattern
	// Samples are valid sends of every builder, minimal and full (see sample.go); SampleFrom and SampleTo are a
	// valid from and to, SendOptionSamples a call of every send option.
	Samples           []Sample
	SampleFrom        Call
	SampleTo          string
	SendOptionSamples []Value
}

// Result says what a builder returns.
type Result int

// The results of builders.
const (
	ResultContent    Result = iota // the channel's Content, holding a pointer to the api struct
	ResultValue                    // the api struct, by value
	ResultVariant                  // a oneOf union holding the api struct as one of its variants
	ResultSendOption               // the channel's SendOption, holding a pointer to the api struct
)

// Builder is a function that fills one api struct from its parameters, constants and options.
type Builder struct {
	Name   string
	Doc    string // the first paragraph of its documentation
	Type   string // the api struct it fills
	Result Result
	// Union is the oneOf the variant belongs to (ResultVariant).
	Union string
	// Kind is the name Content.Kind returns (ResultContent); Check and Encode the package's functions
	// validating and encoding the value, calling Validator and Encoder.
	Kind, Check, Encode string
	// SendField is the field of SendOption it sets (ResultSendOption).
	SendField string
	Params    []*Param
	Consts    []Assign
	// Options are the options the builder takes, sorted by option name; OptionSet their interface.
	Options   []*OptionUse
	OptionSet string
}

// Param is one parameter of a builder: a required property.
type Param struct {
	Name   string
	Doc    string
	Type   Type
	Path   []Field // where the value goes, from the built struct
	Schema *openapi3.SchemaRef

	parent string // the property that held it, to tell two parameters of the same name apart
}

// Assign sets a constant property (a one-value enum).
type Assign struct {
	Path  []Field
	Value Const
}

// Const is a literal, converted to Conversion when that is set.
type Const struct {
	Value      any
	Conversion *Type
}

// OptionKind says how an option sets its field.
type OptionKind int

// The kinds of options.
const (
	OptionFlag     OptionKind = iota // a boolean set to true: Voice()
	OptionValue                      // one value: Caption("…")
	OptionVariadic                   // the items of an array: Phones(p1, p2)
	OptionInObject                   // the only property of an optional object: Footer("…") sets footer.text
)

// OptionUse is one option a builder takes, and the field it sets.
type OptionUse struct {
	Option string // the option function's name
	Kind   OptionKind
	Path   []Field
	// Schema is the schema of the option's value: the property's, an array's items' or a wrapped property's.
	Schema *openapi3.SchemaRef
	// Wrap is the object an OptionInObject value is wrapped in.
	Wrap *Wrap
}

// Wrap is an optional object with a single required scalar property, set through that property.
type Wrap struct {
	Type  string
	Field Field
}

// Option is an option function of a channel package and its type.
type Option struct {
	Name     string
	TypeName string // such as "CaptionOption"
	Kind     OptionKind
	Value    *Type // nil for flags
	Doc      string
	// Sets are the option interfaces its type implements, sorted.
	Sets []string
}

// OptionSet is the interface of the options of one api struct.
type OptionSet struct {
	Name    string // such as "ImageContentOption"
	Marker  string // the unexported method that makes a type implement it
	Target  string // the api struct
	Options []string
}

// Helper is a `from` or `to` helper of a channel.
type Helper struct {
	Name   string
	Field  string // "from" or "to"
	Arg    string // parameter name
	Doc    []string
	Shape  string
	Prefix string
	// KeepPrefix keeps the prefix in the value sent (phone numbers).
	KeepPrefix bool
	Pattern    *Pattern // nil for uuid
	// Fuzz is the name of the generated fuzz test of the helper.
	Fuzz string
}

// Request is the body of a channel's send: from, to, content and the properties set by send options.
type Request struct {
	FromHelpers string   // the from helpers, for messages: "FromChannel or FromPhone"
	KindNames   []string // the builders, for messages
	From, To    []*Check // checks of the request schema's from and to
	Extras      []*Extra
}

// Extra is an optional property of the send body, set by a send option.
type Extra struct {
	JSON      string
	Field     string // Go field of the request
	Option    string // the send option's name
	Param     string // the SendOption field
	Type      string // api struct
	Validator string
	Encoder   string
}

// Field is a Go field of an api struct.
type Field struct {
	Name string // Go name
	JSON string
	Type Type
	// OmitEmpty is the field's omitempty tag option.
	OmitEmpty bool
}

// Optional reports whether the field is a pointer, which is how oapi-codegen marks an optional property.
func (f Field) Optional() bool { return f.Type.Kind == Pointer }

// Elem is the field's type without the pointer of an optional property.
func (f Field) Elem() Type {
	if f.Optional() {
		return *f.Type.Elem
	}
	return f.Type
}

// Pattern is a package-level variable holding a compiled pattern of the document.
type Pattern struct {
	Var    string // such as "pattern1"
	Source string // the document's text: an ECMA-262 regular expression
	Expr   string // its translation into Go's syntax, which the SDK matches with
}

// Presence is the condition under which encoding/json's omitempty writes a field.
type Presence int

// The presence conditions.
const (
	Always         Presence = iota // no omitempty, or a type omitempty never leaves out
	NotNil                         // a pointer, map or interface
	NotEmpty                       // a slice with items
	NotEmptyString                 // a string other than ""
	IsTrue                         // a true bool
	NotZero                        // a number other than 0
)

// Validator is a function of internal/validate, checking one component schema: an object, property by property,
// or a oneOf, through its discriminator.
type Validator struct {
	Name string // also the api type's name
	Doc  string
	// Fields are the checked properties of an object, sorted by JSON name.
	Fields []*FieldCheck
	// Union is set for a oneOf.
	Union *UnionCheck
}

// FieldCheck is the checks of one property of an object.
type FieldCheck struct {
	JSON    string
	PathVar string // the variable holding the property's path
	Field   Field
	// Present is the condition of a plain optional field (its zero value means absent); Always otherwise. An
	// optional pointer field is checked when it is not nil.
	Present Presence
	Checks  []*Check
}

// UnionCheck validates a oneOf through its discriminator.
type UnionCheck struct {
	Property string
	Cases    []UnionCase // sorted by value
}

// UnionCase is one discriminator value and the variant it names.
type UnionCase struct {
	Value, Variant string
}

// Rule is one kind of check.
type Rule int

// The rules, each a function of the core package but Nested and Each.
const (
	Nested       Rule = iota // the validator of a component schema
	StringLength             // minLength, maxLength
	OneOf                    // a string enum
	Format                   // uuid, uri, email
	Match                    // pattern
	Number                   // minimum, maximum
	True                     // a boolean that may only be true
	Items                    // minItems, maxItems
	Unique                   // uniqueItems
	Each                     // the checks of every item
)

// Check is one rule applied to a value.
type Check struct {
	Rule      Rule
	Validator string   // Nested
	Min, Max  int      // StringLength, Items; Max < 0 means no bound
	Values    []string // OneOf
	Format    string
	Pattern   *Pattern
	// Number's bounds.
	HasMin, HasMax bool
	MinNum, MaxNum float64
	// Each's checks of an item.
	Items []*Check
}

// Encoder is a function of internal/encode, appending the JSON of one component schema to a buffer: the bytes
// encoding/json writes for oapi-codegen's struct, without reflection.
type Encoder struct {
	Name  string // also the api type's name
	Union bool   // a oneOf: its JSON, compacted
	// Fields are the object's properties, in declaration order (the order encoding/json writes them).
	Fields []*EncodeField
}

// EncodeField is one property of an object encoder.
type EncodeField struct {
	JSON    string
	Field   Field
	Present Presence
	Write   *Encoding
}

// EncodingKind says how a value is written.
type EncodingKind int

// The ways of writing a value.
const (
	EncString    EncodingKind = iota
	EncBool                   // a bool
	EncInt                    // an integer, as int64
	EncFloat                  // a float, with Bits
	EncUnion                  // a oneOf (or a pointer to one): the JSON it holds
	EncStruct                 // an object: its encoder, given the value's address
	EncStructPtr              // an object given by a non-nil pointer: its encoder, given the pointer
	EncNullable               // a pointer: null when nil, else Elem (on the pointer when Elem takes one, else on *p)
	EncDeref                  // a non-nil pointer: Elem on *p
	EncSlice                  // a slice: null when nil, else its items
	EncItems                  // a slice's items, as a JSON array
	EncJSON                   // anything else: encoding/json
)

// Encoding is how one value is written.
type Encoding struct {
	Kind    EncodingKind
	Bits    int    // EncFloat
	Encoder string // EncStruct, EncStructPtr
	Elem    *Encoding
}
