package core

import (
	"bytes"
	"math"
	"strconv"
	"sync"
	"unicode/utf8"
)

// The appenders below write JSON values exactly as encoding/json.Marshal does (HTML-safe escaping, U+2028 and
// U+2029 escaped, invalid UTF-8 replaced, the same float format), so that the generated encoders produce the bytes
// encoding/json would, without reflection.

const hex = "0123456789abcdef"

// safe marks the ASCII bytes encoding/json writes as they are in an HTML-safe string.
var safe = func() (t [utf8.RuneSelf]bool) {
	for c := ' '; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// AppendString appends s as a JSON string.
func AppendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if i+8 <= len(s) && plain8(s[i:i+8]) {
			i += 8 // the usual case: eight bytes to copy as they are
			continue
		}
		if c := s[i]; c < utf8.RuneSelf {
			if safe[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// plain8 reports whether none of the 8 bytes of s needs escaping: none is a control character, '"', '\\', '<', '>',
// '&' or outside ASCII. It tests the eight at once, as the bytes of one word.
func plain8(s string) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	_ = s[7]
	w := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
	special := w | (w-0x20*ones)&^w // a high bit in a byte from 128 up, or below 32
	// And in a byte that is '"', '\\', '<', '>' or '&': a zero byte of w xor that byte in every byte.
	q, bs, lt, gt, amp := w^('"'*ones), w^('\\'*ones), w^('<'*ones), w^('>'*ones), w^('&'*ones)
	special |= (q-ones)&^q | (bs-ones)&^bs | (lt-ones)&^lt | (gt-ones)&^gt | (amp-ones)&^amp
	return special&highs == 0
}

// AppendFloat appends f as encoding/json does for a float of the given bits (32 or 64). JSON has no NaN or
// infinity: Number refuses them in validation, which runs before any encoding; were one to get here, it would be
// written as null, which the API refuses.
func AppendFloat(b []byte, f float64, bits int) []byte {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return append(b, "null"...)
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 {
		if bits == 64 && (abs < 1e-6 || abs >= 1e21) || bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21) {
			format = 'e'
		}
	}
	b = strconv.AppendFloat(b, f, format, -1, bits)
	if format == 'e' {
		// clean up e-09 to e-9
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// AppendInt appends an integer.
func AppendInt(b []byte, i int64) []byte { return strconv.AppendInt(b, i, 10) }

// AppendBool appends true or false.
func AppendBool(b []byte, v bool) []byte { return strconv.AppendBool(b, v) }

// Reencode rewrites the JSON appended to b after start as decoding it and encoding it again with encoding/json
// writes it, which is what oapi-codegen's From… methods do to a oneOf's value (go-jsonmerge merges the
// discriminator in through maps). The generated encoders already write an object's keys in the sorted order that
// leaves, so the one difference left is invalid UTF-8: written \ufffd the first time, the character itself the
// second. b[start:] must be JSON the appenders wrote.
func Reencode(b []byte, start int) []byte {
	const escaped, raw = `\ufffd`, "\ufffd"
	i := bytes.Index(b[start:], []byte(escaped))
	if i < 0 {
		return b // the usual case: nothing to rewrite
	}
	w := start // escape by escape from the start: the match may be an escaped backslash followed by "ufffd"
	for r := w; r < len(b); {
		if b[r] != '\\' {
			b[w] = b[r]
			w, r = w+1, r+1
			continue
		}
		n := 2 // an escape: \x, or \uXXXX
		if b[r+1] == 'u' {
			n = 6
		}
		if n == 6 && string(b[r:r+6]) == escaped {
			w += copy(b[w:], raw)
		} else {
			w += copy(b[w:], b[r:r+n])
		}
		r += n
	}
	return b[:w]
}

// buffers keeps encoding buffers between encodings, so that encoding a request allocates only its result.
var buffers = sync.Pool{New: func() any { return new([]byte) }}

// maxPooled is the largest buffer kept: a rare huge request does not pin its memory.
const maxPooled = 64 << 10

// Buffer returns an empty encoding buffer; append to it and hand it back with Detach.
func Buffer() *[]byte {
	return buffers.Get().(*[]byte)
}

// Detach returns a copy of b, the bytes appended to buf, of exactly their length, and keeps buf for reuse.
func Detach(buf *[]byte, b []byte) []byte {
	out := make([]byte, len(b))
	copy(out, b)
	if cap(b) <= maxPooled {
		*buf = b[:0]
		buffers.Put(buf)
	}
	return out
}
