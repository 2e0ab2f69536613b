// Records what ECMA-262 says about the corpus below: for each pattern, whether `new RegExp(pattern, "u")` (what ajv,
// hence Prism, compiles) accepts it and which inputs it matches. pattern_test.go replays the record against the
// translator. Regenerate with: node generator/pattern/testdata/ecma.mjs > generator/pattern/testdata/ecma.json
const inputs = [
  "", "a", "b", "ab", "abc", "abc\n", "\nabc", "A", "Z", "_", "-", "0", "7", "2024-05-01", "foo bar", "foo_bar",
  " ", "\t", "\n", "\r", "\v", "\f", "\u00a0", "\u1680", "\u2000", "\u200a", "\u2028", "\u2029", "\u202f", "\u205f",
  "\u3000", "\ufeff", "\u0085", "\u180e", "\u200b", "\u0000", "\u0008", "\u0007", "é", "É", "ß", "\u212a", "\u017f",
  "\u03a9", "\u0416", "😀", "a😀b", "https://example.com/a.png", "https://example.com/a\u00a0b.png",
  "https://example.com/a\u2028b", "https://example.com/a\vb", "5511993986082", "+5511993986082",
  "acme.store", "acme_bot", "BRL", "eba8d8ef-ec4d-41ad-825f-9a60ccda49bf", "a/b", "a.b", "a\\b", "\\u0041", "$^",
  "aaa", "aab", "aaaa", "\u0661\u0662",
];
const patterns = [
  // the document's own patterns
  "^https://[^\\s]+$", "^[1-9][0-9]{7,14}$", "^\\+[1-9][0-9]{7,14}$", "^[A-Za-z0-9._]{1,30}$",
  "^[A-Za-z][A-Za-z0-9_]{1,28}[Bb][Oo][Tt]$", "^[0-9]{1,32}$", "^[A-Z]{3}$", "^[0-9]$",
  "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
  // \s and \S
  "\\s", "\\S", "^\\s+$", "^\\S+$", "[\\s]", "[\\S]", "[^\\s]", "^[^\\S]$", "^[\\sa]+$", "^[\\Sa]$", "^[^\\sa]$",
  // . and line terminators
  ".", "^.$", "^.+$", "a.b", "^[.]$",
  // \u, \u{}, surrogate pairs, \x, \c, \0
  "\\u00a0", "\\u00A0", "\\u{a0}", "\\u{1F600}", "\\uD83D\\uDE00", "^[\\u{1F600}-\\u{1F64F}]$", "[\\u00e9\\u00c9]",
  "\\cJ", "\\cj", "^[\\cI]$", "\\0", "^[\\0]$", "\\x41", "^[\\x41-\\x43]$", "\\t|\\v|\\f",
  // [^] and []
  "^[^]$", "[]", "a[]", "a|[]", "^[^]*$",
  // \d \w \b \B: the same ASCII sets in both
  "\\d", "\\D", "\\w", "\\W", "^[\\d]+$", "^[\\W]$", "\\bbar\\b", "\\Bo\\B", "^[\\b]$", "\\b", "\\B",
  // ^ and $ without the m flag
  "^abc$", "^a", "c$", "^$", "abc$",
  // groups and quantifiers
  "^(?<year>\\d{4})-(?<month>\\d\\d)-\\d\\d$", "^(?:ab)+$", "^(a|b)*c$", "^a{2}$", "^a{2,}$", "^a{2,3}$",
  "a+?", "^a*?b$", "^a??b$", "^(|a)b$", "^()$",
  // literals and escapes that mean themselves
  "a/b", "^a\\/b$", "^a\\.b$", "^a\\\\b$", "^\\\\u0041$", "^[\\\\]$", "^\\$\\^$", "^[$^]+$", "^é+$", "foo bar",
  "^[\\-a]$", "^[a-]$", "^[--/]$", "^[\\]]$", "^[[]$", "^\\(\\)\\[\\]\\{\\}\\|\\*\\+\\?$",
  // Unicode properties
  "^\\p{L}+$", "^\\p{Lu}$", "^\\P{Lu}$", "^\\p{Script=Greek}$", "^\\p{sc=Cyrillic}$", "^[\\p{Nd}a]+$",
  "^\\p{Any}$", "^\\p{ASCII}+$", "^\\P{ASCII}$", "^\\p{General_Category=Letter}$", "^\\p{Letter}+$", "^[^\\P{L}]$",
  "^\\p{Nd}+$",
  // what RE2 cannot express: refused by the translator
  "(?=a)", "(?!a)", "(?<=a)b", "(?<!a)b", "(a)\\1", "(?<n>a)\\k<n>", "a{1001}", "\\uD800", "^\\p{Emoji}$",
  // syntax errors in ECMA-262 (u mode)
  "{", "a{", "a]", "}", "\\-", "[\\d-z]", "\\a", "\\e", "(?i)a", "\\p{Greek}", "x**", "^*", "\\c1", "\\00",
  "\\u{110000}", "(", ")", "[a", "a{2,1}", "\\z", "\\A", "\\Q", "(?P<n>a)", "[z-a]", "a{,2}", "\\b+", "(?=a)*",
  "(?<a>x)(?<a>y)", "\\k", "[\\1]",
];
const out = patterns.map((pattern) => {
  try {
    const re = new RegExp(pattern, "u");
    return { pattern, matches: inputs.map((s) => (re.test(s) ? "1" : "0")).join("") };
  } catch (e) {
    return { pattern, syntaxError: String(e.message) };
  }
});
console.log(JSON.stringify({ engine: `node ${process.version}`, inputs, patterns: out }, null, 1));
