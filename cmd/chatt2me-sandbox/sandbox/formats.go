package sandbox

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/chatt2me/chatt2me-go/generated/chatt2me/format"
	"github.com/chatt2me/chatt2me-go/generator/pattern"
)

// The string formats of generated/openapi.yaml, checked as Prism 5.16.0 (the reference mock) checks them: with
// ajv-formats 2.1.1 in its "full" mode, and Prism's own date-time. The SDK checks uri and email with the very same
// functions (format.IsURI, format.IsEmail); for uuid it is stricter, refusing the urn:uuid: prefix, which is the UUID
// URN of RFC 4122 rather than the "string representation" JSON Schema's uuid format names. kin-openapi skips a
// format without a validator, so each is registered for the sandbox's own validations only (openapi3filter
// Options.SchemaValidationOptions), not in kin-openapi's process-wide table: services importing the sandbox keep
// theirs. The number formats (int64, double) are left to kin-openapi, which checks int64's range and no double.
var formatValidators = map[string]struct {
	valid   func(string) bool
	problem string
}{
	"uuid":      {isPrismUUID, "not a UUID"},
	"email":     {format.IsEmail, "not an email address"},
	"uri":       {format.IsURI, "not an absolute URI"},
	"date-time": {isPrismDateTime, "not an RFC 3339 date-time"},
}

// formatOptions registers formatValidators for one validation.
func formatOptions() []openapi3.SchemaValidationOption {
	var opts []openapi3.SchemaValidationOption
	for name, f := range formatValidators {
		err := errors.New(f.problem)
		opts = append(opts, openapi3.WithStringFormatValidator(name, openapi3.NewCallbackValidator(func(s string) error {
			if !f.valid(s) {
				return err
			}
			return nil
		})))
	}
	return opts
}

// isPrismUUID is ajv-formats' uuid: 8-4-4-4-12 hexadecimal digits, in either case, optionally after urn:uuid:.
func isPrismUUID(s string) bool {
	if len(s) > len("urn:uuid:") && strings.EqualFold(s[:len("urn:uuid:")], "urn:uuid:") {
		s = s[len("urn:uuid:"):]
	}
	return format.IsUUID(s)
}

// isPrismDateTime is Prism's date-time (validators/dateTime.js): the value split at every t, T or ECMA-262 white
// space character must give a date and a time with a time zone.
func isPrismDateTime(s string) bool {
	at, width, separators := 0, 0, 0
	for i, r := range s {
		if r == 't' || r == 'T' || pattern.IsSpace(r) {
			if separators == 0 {
				at, width = i, utf8.RuneLen(r)
			}
			separators++
		}
	}
	return separators == 1 && isPrismDate(s[:at]) && isPrismTime(s[at+width:], true)
}

var (
	prismDate    = regexp.MustCompile(`^(\d\d\d\d)-(\d\d)-(\d\d)$`)
	prismTime    = regexp.MustCompile(`^(\d\d):(\d\d):(\d\d)(\.\d+)?([zZ]|[+-]\d\d(?::?\d\d)?)?$`)
	prismISOZone = regexp.MustCompile(`^[+-](?:[01][0-9]|2[0-4])(?::?[0-5][0-9])?$`)
	daysInMonth  = [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
)

// isPrismDate is RFC 3339's full-date, with the days of each month (29 in February of a leap year).
func isPrismDate(s string) bool {
	m := prismDate.FindStringSubmatch(s)
	if m == nil {
		return false
	}
	year, month, day := atoi(m[1]), atoi(m[2]), atoi(m[3])
	if month < 1 || month > 12 || day < 1 {
		return false
	}
	max := daysInMonth[month]
	if month == 2 && year%4 == 0 && (year%100 != 0 || year%400 == 0) {
		max = 29
	}
	return day <= max
}

// isPrismTime is Prism's time: hh:mm:ss (23:59:60 for a leap second), an optional fraction and, when withZone is
// set, a zone: Z, or an offset whose hours are at most 24 and minutes at most 59 (+hh, +hhmm or +hh:mm).
func isPrismTime(s string, withZone bool) bool {
	m := prismTime.FindStringSubmatch(s)
	if m == nil {
		return false
	}
	hour, minute, second, zone := atoi(m[1]), atoi(m[2]), atoi(m[3]), m[5]
	if !(hour <= 23 && minute <= 59 && second <= 59 || hour == 23 && minute == 59 && second == 60) {
		return false
	}
	return !withZone || zone == "z" || zone == "Z" ||
		(zone != "" && (zone[0] == '+' || zone[0] == '-') && isPrismTime(zone[1:]+":00", false)) || prismISOZone.MatchString(zone)
}

// atoi reads the digits matched by the expressions above.
func atoi(digits string) int {
	n, _ := strconv.Atoi(digits)
	return n
}
