// Package fallback is a service's notification path, with its failures tested against the sandbox's rules (see
// fallback_test.go): an order update goes out as a WhatsApp template, or as an SMS when WhatsApp refuses it.
package fallback

import (
	"context"
	"errors"
	"fmt"

	"github.com/chatt2me/chatt2me-go/generated/chatt2me"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/sms"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/whatsapp"
)

// Notifier sends order updates from a WhatsApp channel and an SMS channel.
type Notifier struct {
	Client   *chatt2me.Client
	WhatsApp whatsapp.From
	SMS      sms.From
	// Template is the id of the approved WhatsApp template of the update.
	Template string
}

// Sent says how a customer was notified: the channel ("whatsapp" or "sms") and the id of the message.
type Sent struct {
	Channel   string
	MessageID string
}

// Notify sends the template to phone by WhatsApp. When the API refuses it (an *APIError: nothing was sent), it sends
// text by SMS instead. An unknown outcome is returned as it is: the template may have gone out, and an SMS as well
// would notify the customer twice; look at the message's statuses before notifying again.
func (n *Notifier) Notify(ctx context.Context, phone, text string) (Sent, error) {
	to, err := whatsapp.ToPhone(phone)
	if err != nil {
		return Sent{}, err
	}
	res, err := n.Client.WhatsApp.Send(ctx, n.WhatsApp, to, whatsapp.Template(n.Template))
	var refused *chatt2me.APIError
	switch {
	case err == nil:
		return Sent{"whatsapp", res.MessageID}, nil
	case errors.Is(err, chatt2me.ErrOutcomeUnknown) || !errors.As(err, &refused):
		return Sent{}, fmt.Errorf("notifying by WhatsApp: %w", err)
	}
	if to, err = sms.ToPhone(phone); err != nil {
		return Sent{}, err
	}
	if res, err = n.Client.SMS.Send(ctx, n.SMS, to, sms.Text(text)); err != nil {
		return Sent{}, fmt.Errorf("notifying by SMS, WhatsApp having refused (%v): %w", refused, err)
	}
	return Sent{"sms", res.MessageID}, nil
}
