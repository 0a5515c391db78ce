// pop-core parses every answer with json-bigint: a character-at-a-time parser that turns each number written with
// more than 15 characters into a bignumber.js BigNumber (which loads at start-up, ~90 KB of source). The client then
// makes the answer plain JSON, where a BigNumber becomes its decimal string. The bundle maps `json-bigint` here
// (tsconfig `paths`): such numbers are quoted where they stand and the text goes to the native JSON.parse, so they
// come out as the same strings and nothing loses precision, ~2.5 ms sooner per run. __tests__/json-bigint-stub.test.ts
// holds it to json-bigint's answers.
'use strict'

// A value (the whole text, or after ":", "[" or ",") long enough to be a number json-bigint would not keep as a
// double: cheap to rule out in most answers, whose long runs of hex digits and dashes sit in strings (RequestIds).
const MAYBE_LONG_NUMBER = /(?:^|[:[,])\s*-?\d[-+.\deE]{14}/
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?$/
const NUMBER_CHAR = /[-+.\deE]/

/** The JSON text with every number literal of more than 15 characters turned into a string literal. */
function quoteLongNumbers(text) {
  if (!MAYBE_LONG_NUMBER.test(text)) return text
  let out = ''
  let copied = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++
      continue
    }
    if (c !== '-' && (c < '0' || c > '9')) continue
    let end = i + 1
    while (end < text.length && NUMBER_CHAR.test(text[end])) end++
    const literal = text.slice(i, end)
    // A malformed literal stays as it is, for JSON.parse to reject.
    if (literal.length > 15 && JSON_NUMBER.test(literal)) {
      out += `${text.slice(copied, i)}"${literal}"`
      copied = end
    }
    i = end - 1
  }
  return out + text.slice(copied)
}

// pop-core only parses (it never calls json-bigint's stringify).
exports.parse = (text, reviver) => JSON.parse(quoteLongNumbers(String(text)), reviver)
exports.quoteLongNumbers = quoteLongNumbers
