package generator_test

import (
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/chatt2me/chatt2me-go/generator/internal/testspec"
	"github.com/chatt2me/chatt2me-go/generator/model"
	"github.com/chatt2me/chatt2me-go/generator/plan"
)

// reactionEventSchema is a new event type, for the identity tests: its events are identified by three properties,
// one of them optional and one an integer.
const reactionEventSchema = `
type: object
description: A reaction to a sent message.
required: [eventType, messageId, emoji]
properties:
  eventType: {type: string, enum: [MessageReaction], description: Always MessageReaction.}
  messageId: {type: string, description: The message reacted to.}
  emoji: {type: string, description: The reaction.}
  count: {type: integer, format: int64, description: How many times.}
  payload: {type: object, description: Anything else.}
`

// reactionIdentity is what identity.gen.go holds for the new event type's rule [messageId, emoji, count].
const reactionIdentity = `	case ev.Type == "MessageReaction":
		v := new(api.MessageReaction)
		if json.Unmarshal(ev.Raw, v) != nil || v.MessageId == "" || v.Emoji == "" || v.Count == nil {
			return "", false
		}
		return identityKey("MessageReaction", v.MessageId, v.Emoji, strconv.FormatInt(int64(*v.Count), 10)), true
`

// withReactionEvent adds the new event type's schema to a copy of the bundle.
func withReactionEvent(t *testing.T, bundle string) string {
	return testspec.Edit(t, bundle, func(root *yaml.Node) {
		testspec.Set(testspec.Get(root, "components", "schemas"), "MessageReaction", testspec.Node(t, reactionEventSchema))
	})
}

// TestEventIdentityRules: a rule naming what the event's schema lacks, or what cannot identify an event, is refused,
// located at the rule in the fragment.
func TestEventIdentityRules(t *testing.T) {
	if testing.Short() {
		t.Skip("generates an SDK per case (make test-all runs it)")
	}
	rule := "/" + model.IdentityExtension
	cases := []struct{ name, schema, rule, want string }{
		{"a property the schema lacks", "MessageStatus", "[messageId, statuss]",
			rule + `/MessageStatus/1: MessageStatus has no property "statuss"`},
		{"an object", "MessageReaction", "[messageId, payload]",
			rule + `/MessageReaction/1: property "payload" of MessageReaction is not a string or an integer`},
		{"a property listed twice", "Message", "[messageId, messageId]", rule + `/Message/1: property "messageId" is listed twice`},
		{"the event type", "Message", "[eventType]",
			rule + "/Message/0: eventType is the event's type, not a property that tells two events apart"},
		{"no property", "Message", "[]", rule + "/Message: list the properties that identify a Message event"},
		{"no schema", "Reactions", "[messageId]", rule + `/Reactions: no component schema is named "Reactions"`},
		{"a schema whose events cannot be told", "InboundContent", "[type]", rule + `/InboundContent: InboundContent has no eventType ` +
			`property whose enum is one value, or has the value "InboundContent": nothing tells its events`},
		{"two rules for one event type", "MessageEcho", "[messageId]",
			rule + `/MessageEcho: the events of Message and MessageEcho are both of type "Message": one rule per event type`},
		{"not a list", "Message", "messageId",
			rule + "/Message: invalid event identity rule: cannot unmarshal string into Go value of type []string"},
	}
	bundle, fragment := testspec.Read(t)
	bundle = testspec.Edit(t, withReactionEvent(t, bundle), func(root *yaml.Node) {
		testspec.Set(testspec.Get(root, "components", "schemas"), "MessageEcho", testspec.Node(t,
			"{type: object, properties: {eventType: {type: string, enum: [Message]}, messageId: {type: string}}}"))
	})
	_, fragmentPath := testspec.Paths()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := testspec.Edit(t, fragment, func(root *yaml.Node) {
				testspec.Set(testspec.Get(root, model.IdentityExtension), tc.schema, testspec.Node(t, tc.rule))
			})
			_, err := generate(t, bundle, f)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), filepath.Base(fragmentPath)+":") {
				t.Errorf("error %v, want %q in the fragment", err, tc.want)
			}
		})
	}
}

// TestEventIdentityFollowsTheDocuments: eventIdentity is written from the rules: a rule changed, a new event type
// with its own, no rules at all.
func TestEventIdentityFollowsTheDocuments(t *testing.T) {
	if testing.Short() {
		t.Skip("generates an SDK per case (make test-all runs it)")
	}
	bundle, fragment := testspec.Read(t)
	identity := func(edit func(root *yaml.Node)) string {
		t.Helper()
		res, err := generate(t, withReactionEvent(t, bundle), testspec.Edit(t, fragment, edit))
		if err != nil {
			t.Fatal(err)
		}
		return string(res.Files[plan.WebhookDir+"/identity.gen.go"])
	}
	src := identity(func(root *yaml.Node) {})
	for _, want := range []string{`return identityKey("Message", v.MessageId), true`,
		`return identityKey("MessageStatus", v.MessageId, string(v.Status)), true`} {
		if !strings.Contains(src, want) {
			t.Errorf("identity.gen.go lacks %q:\n%s", want, src)
		}
	}
	src = identity(func(root *yaml.Node) {
		rules := testspec.Get(root, model.IdentityExtension)
		testspec.Set(rules, "MessageStatus", testspec.Node(t, "[messageId]"))
		testspec.Set(rules, "MessageReaction", testspec.Node(t, "[messageId, emoji, count]"))
	})
	for _, want := range []string{`return identityKey("MessageStatus", v.MessageId), true`, reactionIdentity} {
		if !strings.Contains(src, want) {
			t.Errorf("identity.gen.go lacks %q:\n%s", want, src)
		}
	}
	src = identity(func(root *yaml.Node) { testspec.Delete(root, model.IdentityExtension) })
	if !strings.Contains(src, "the document, which has no identity rules") || strings.Contains(src, "identityKey(") {
		t.Errorf("without rules:\n%s", src)
	}
}
