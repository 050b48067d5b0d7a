// Part-of-speech lexicon for the tagger, built from WordNet's database files (Debian's
// wordnet-base installs them in /usr/share/wordnet). For a word it answers which open
// word classes WordNet knows it in, directly or as a regular or irregular inflection
// (WordNet's "morphy" detachment rules and exception lists), and whether WordNet writes
// it capitalised only (a proper name). The tagger uses the answer as a feature, so words
// never seen in the treebank still get evidence for NOUN / VERB / ADJ / ADV / PROPN.
//
// The lexicon is built once by the trainer and stored inside the tagger model (hashed
// keys, two bytes of classes each): tagging never reads WordNet files.
//
// Thread-safety: immutable after LoadWordNet / Read; Classify is const and allocation
// free. Ownership: plain value type.
#ifndef KHALDUN_TAG_LEXICON_H_
#define KHALDUN_TAG_LEXICON_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "khaldun/status.h"
#include "tag/binary_io.h"
#include "tag/features.h"

namespace khaldun::tag {

// Class bits returned by Lexicon::Classify.
enum LexClass : uint32_t {
  kLexNoun = 1u << 0,         // a noun lemma
  kLexVerb = 1u << 1,         // a verb lemma
  kLexAdj = 1u << 2,          // an adjective lemma
  kLexAdv = 1u << 3,          // an adverb lemma
  kLexCapital = 1u << 4,      // every WordNet spelling of the lemma is capitalised
  kLexNounPlural = 1u << 5,   // an inflected noun (plural, regular or irregular)
  kLexVerbS = 1u << 6,        // verb + -s
  kLexVerbEd = 1u << 7,       // verb + -ed, or an irregular verb form
  kLexVerbIng = 1u << 8,      // verb + -ing
  kLexAdjGrade = 1u << 9,     // adjective + -er / -est, or irregular comparison
};

class Lexicon {
 public:
  // Reads index.{noun,verb,adj,adv}, data.{noun,verb,adj,adv} (for capitalisation) and
  // {noun,verb,adj}.exc from `dir`. Multi-word lemmas are skipped (tokens have no
  // spaces). Errors name the file that is missing or malformed.
  Status LoadWordNet(const std::string& dir);

  // Class bits of `form` (case-insensitive); 0 when WordNet does not know it, the form
  // is empty, longer than 48 bytes, or the lexicon is empty.
  uint32_t Classify(std::string_view form) const;

  bool empty() const { return keys_.empty(); }
  size_t size() const { return keys_.size(); }

  void Write(BinaryWriter* w) const;
  bool Read(BinaryReader* r);

 private:
  uint32_t Lookup(uint64_t key) const {
    uint32_t i = index_.Find(key);
    return i == HashIndex::kAbsent ? 0 : values_[i];
  }

  // Lemma keys hash the lowercase lemma with kLemmaSeed, exception keys the inflected
  // form with kFormSeed; values are LexClass bits.
  std::vector<uint64_t> keys_;
  std::vector<uint16_t> values_;
  HashIndex index_;
};

}  // namespace khaldun::tag

#endif  // KHALDUN_TAG_LEXICON_H_
