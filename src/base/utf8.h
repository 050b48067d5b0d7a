// UTF-8 validation, repair and decoding.
//
// Text from the web is often not valid UTF-8. RepairUtf8 replaces every invalid byte
// sequence with U+FFFD, one per invalid byte, and
// counts the replacements, so callers can report them. Thread-safe: pure functions.
#ifndef KHALDUN_BASE_UTF8_H_
#define KHALDUN_BASE_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace khaldun {

// Returns true when `s` is well-formed UTF-8 (no overlongs, surrogates, > U+10FFFF).
bool IsValidUtf8(std::string_view s);

// Copies `in` to `*out` replacing invalid sequences with U+FFFD (EF BF BD).
// Returns the number of replacements made. NUL bytes are kept.
size_t RepairUtf8(std::string_view in, std::string* out);

// Decodes one code point at `s[*pos]` and advances *pos. Invalid bytes decode to
// U+FFFD and advance by one. REQUIRES: *pos < s.size().
char32_t DecodeUtf8(std::string_view s, size_t* pos);

// Appends the UTF-8 encoding of `cp` to `*out`.
void AppendUtf8(char32_t cp, std::string* out);

// Number of code points (invalid bytes count one each).
size_t Utf8Length(std::string_view s);

}  // namespace khaldun

#endif  // KHALDUN_BASE_UTF8_H_
