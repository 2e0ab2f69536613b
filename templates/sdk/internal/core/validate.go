package core

import (
	"math"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/chatt2me/chatt2me-go/templates/sdk/format"
)

// The checks below are called by the generated validation code, one per kind of rule of the OpenAPI document.
// Each returns nil or a *ValidationError for the value at p.

// StringLength checks minLength and maxLength (in characters); a bound below zero is absent.
func StringLength(p *Path, s string, min, max int) error {
	if (max < 0 || len(s) <= max) && (min <= 0 || min == 1 && s != "") {
		return nil // within the bounds whatever the characters (a character takes one to four bytes)
	}
	n := utf8.RuneCountInString(s)
	switch {
	case n < min && n == 0:
		return Invalid(p, "must not be empty")
	case n < min:
		return Invalid(p, "must have at least %d characters (has %d)", min, n)
	case max >= 0 && n > max:
		return Invalid(p, "must have at most %d characters (has %d)", max, n)
	}
	return nil
}

// Pattern checks a string against the pattern of the document.
func Pattern(p *Path, s string, re *Regexp) error {
	if !re.MatchString(s) {
		return Invalid(p, "must match %s (got %q)", re.String(), s)
	}
	return nil
}

// OneOf checks a string enum.
func OneOf(p *Path, s string, allowed ...string) error {
	for _, a := range allowed {
		if s == a {
			return nil
		}
	}
	return Invalid(p, "must be one of %s (got %q)", strings.Join(allowed, ", "), s)
}

// Format checks the formats the document uses in requests, with package format: uuid (IsUUID), uri (IsURI) and
// email (IsEmail). Other formats are not checked.
func Format(p *Path, s, name string) error {
	switch name {
	case "uuid":
		if !format.IsUUID(s) {
			return Invalid(p, "must be a UUID such as eba8d8ef-ec4d-41ad-825f-9a60ccda49bf (got %q)", s)
		}
	case "uri":
		if !format.IsURI(s) {
			return Invalid(p, "must be an absolute URI (got %q)", s)
		}
	case "email":
		if !format.IsEmail(s) {
			return Invalid(p, "must be an email address (got %q)", s)
		}
	}
	return nil
}

// Items checks minItems and maxItems; a bound below zero is absent.
func Items(p *Path, n, min, max int) error {
	switch {
	case n < min && n == 0:
		return Invalid(p, "must have at least %d item(s) (has none)", min)
	case n < min:
		return Invalid(p, "must have at least %d item(s) (has %d)", min, n)
	case max >= 0 && n > max:
		return Invalid(p, "must have at most %d item(s) (has %d)", max, n)
	}
	return nil
}

// Unique checks uniqueItems.
func Unique[T any](p *Path, items []T) error {
	for i := range items {
		for j := i + 1; j < len(items); j++ {
			if reflect.DeepEqual(items[i], items[j]) {
				return notUnique(p, i, j)
			}
		}
	}
	return nil
}

// UniqueValues checks uniqueItems for items that == compares deeply (no pointer, slice, map or interface inside),
// without the reflection (and the allocations) of Unique.
func UniqueValues[T comparable](p *Path, items []T) error {
	for i := range items {
		for j := i + 1; j < len(items); j++ {
			if items[i] == items[j] {
				return notUnique(p, i, j)
			}
		}
	}
	return nil
}

func notUnique(p *Path, i, j int) error {
	return Invalid(p, "items %d and %d are equal; items must be unique", i, j)
}

// Number checks that v is a finite number (JSON has no NaN or infinity), then minimum and maximum; hasMin and
// hasMax say which bounds exist. The generator calls it for every number field, bounded or not.
func Number[T int | int32 | int64 | float32 | float64](p *Path, v T, hasMin bool, min float64, hasMax bool, max float64) error {
	switch f := float64(v); {
	case math.IsNaN(f) || math.IsInf(f, 0):
		return Invalid(p, "must be a finite number (got %v)", v)
	case hasMin && float64(v) < min:
		return Invalid(p, "must be at least %v (got %v)", min, v)
	case hasMax && float64(v) > max:
		return Invalid(p, "must be at most %v (got %v)", max, v)
	}
	return nil
}

// Bool checks a boolean whose enum in the document allows one value only, allowed.
func Bool(p *Path, v, allowed bool) error {
	if v != allowed {
		return Invalid(p, "must be %t", allowed)
	}
	return nil
}
