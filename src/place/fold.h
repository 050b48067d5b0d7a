// Name folding for gazetteer keys: case-folded, accent-folded, punctuation-normalised.
//
// FoldName("Sant Julià de Lòria") == "sant julia de loria", FoldName("Ḩalab") == "halab",
// FoldName("U.S.") == "us", FoldName("Gilgit-Baltistan") == "gilgit baltistan",
// FoldName("Tehran’s") keeps "tehrans" (callers strip possessives first). Latin letters
// with diacritics (U+00C0..U+024F, U+1E00..U+1EFF) map to their ASCII base letters;
// apostrophes and modifier letters (ʻ ʿ ʾ) vanish; hyphens, dashes, commas, slashes and
// whitespace become one space; '.' vanishes. Characters of other scripts are kept
// (lower-cased only when ASCII). Thread-safe: pure functions.
#ifndef KHALDUN_PLACE_FOLD_H_
#define KHALDUN_PLACE_FOLD_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace khaldun {

// Appends the folded form of `s` to `*out` (cleared first). Returns false when `s`
// holds a letter outside the Latin script (such names are not indexed).
bool FoldName(std::string_view s, std::string* out);
std::string FoldName(std::string_view s);

// 64-bit FNV-1a of a folded key.
uint64_t HashFolded(std::string_view folded);

}  // namespace khaldun

#endif  // KHALDUN_PLACE_FOLD_H_
