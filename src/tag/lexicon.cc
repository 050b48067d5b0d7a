#include "tag/lexicon.h"

#include <algorithm>
#include <fstream>
#include <functional>
#include <numeric>
#include <unordered_map>

namespace khaldun::tag {
namespace {

constexpr uint64_t kLemmaSeed = 201;
constexpr uint64_t kFormSeed = 202;
constexpr size_t kMaxForm = 48;

inline unsigned char Lower(unsigned char c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

// Single-word entries only: WordNet joins the words of a collocation with '_'.
bool SingleWord(std::string_view w) { return !w.empty() && w.find('_') == std::string_view::npos; }

// Detachment rules of WordNet's morphy: (inflected suffix, lemma suffix, class bit of
// the lemma, class bit of the result, whether a doubled final consonant of the stem may
// be undone: "stopped", "bigger").
struct Rule {
  std::string_view suffix, replace;
  uint32_t lemma_bit, result_bit;
  bool undouble = false;
};
constexpr Rule kRules[] = {
    {"s", "", kLexNoun, kLexNounPlural},      {"ses", "s", kLexNoun, kLexNounPlural},
    {"xes", "x", kLexNoun, kLexNounPlural},   {"zes", "z", kLexNoun, kLexNounPlural},
    {"ches", "ch", kLexNoun, kLexNounPlural}, {"shes", "sh", kLexNoun, kLexNounPlural},
    {"men", "man", kLexNoun, kLexNounPlural}, {"ies", "y", kLexNoun, kLexNounPlural},
    {"s", "", kLexVerb, kLexVerbS},           {"ies", "y", kLexVerb, kLexVerbS},
    {"es", "e", kLexVerb, kLexVerbS},         {"es", "", kLexVerb, kLexVerbS},
    {"ed", "e", kLexVerb, kLexVerbEd},        {"ed", "", kLexVerb, kLexVerbEd, true},
    {"ing", "e", kLexVerb, kLexVerbIng},      {"ing", "", kLexVerb, kLexVerbIng, true},
    {"er", "", kLexAdj, kLexAdjGrade, true},  {"est", "", kLexAdj, kLexAdjGrade, true},
    {"er", "e", kLexAdj, kLexAdjGrade},       {"est", "e", kLexAdj, kLexAdjGrade},
};

Status ReadLines(const std::string& path, const std::function<bool(std::string_view)>& fn) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError(path + ": cannot open WordNet file");
  std::string line;
  size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == ' ') continue;  // licence header
    if (!fn(line))
      return InvalidArgumentError(path + ":" + std::to_string(n) + ": malformed WordNet line");
  }
  if (in.bad()) return IoError(path + ": read error");
  return Status::Ok();
}

// Index and exception files start each line with the word: ORs `bit` into the entry of
// every single-word one (hashed with `seed`).
Status AddFirstWords(const std::string& path, uint64_t seed, uint32_t bit,
                     std::unordered_map<uint64_t, uint32_t>* entries) {
  return ReadLines(path, [&](std::string_view line) {
    size_t sp = line.find(' ');
    if (sp == std::string_view::npos || sp == 0) return false;
    std::string_view word = line.substr(0, sp);
    if (SingleWord(word)) (*entries)[HashText(word, seed, true)] |= bit;
    return true;
  });
}

}  // namespace

Status Lexicon::LoadWordNet(const std::string& dir) {
  keys_.clear();
  values_.clear();
  index_ = HashIndex();
  std::unordered_map<uint64_t, uint32_t> entries;
  // Capitalisation of each lemma over all its spellings in the synsets.
  std::unordered_map<std::string, uint8_t> spelling;  // lowercase -> 1 capitalised, 2 lower
  static const char* kPos[] = {"noun", "verb", "adj", "adv"};
  static const uint32_t kBit[] = {kLexNoun, kLexVerb, kLexAdj, kLexAdv};
  for (int p = 0; p < 4; ++p) {
    const std::string base = dir + "/";
    Status st = AddFirstWords(base + "index." + kPos[p], kLemmaSeed, kBit[p], &entries);
    if (!st.ok()) return st;
    st = ReadLines(base + "data." + kPos[p], [&](std::string_view line) {
      // offset lex_filenum ss_type w_cnt(hex) word lex_id [word lex_id ...] ...
      size_t pos = 0;
      auto next = [&]() -> std::string_view {
        size_t e = line.find(' ', pos);
        if (e == std::string_view::npos) e = line.size();
        std::string_view f = line.substr(pos, e - pos);
        pos = e < line.size() ? e + 1 : e;
        return f;
      };
      next();
      next();
      next();
      std::string_view cnt = next();
      if (cnt.empty()) return false;
      unsigned words = 0;
      for (char c : cnt) {
        int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
        if (d < 0) return false;
        words = words * 16 + d;
      }
      for (unsigned i = 0; i < words; ++i) {
        std::string_view w = next();
        next();  // lex_id
        if (w.empty()) return false;
        size_t paren = w.find('(');  // adjective markers: "(a)", "(p)", "(ip)"
        if (paren != std::string_view::npos) w = w.substr(0, paren);
        if (!SingleWord(w)) continue;
        std::string lower(w);
        bool capital = false;
        for (char& c : lower) {
          if (c >= 'A' && c <= 'Z') capital = true;
          c = static_cast<char>(Lower(static_cast<unsigned char>(c)));
        }
        spelling[lower] |= capital ? 1 : 2;
      }
      return true;
    });
    if (!st.ok()) return st;
  }
  for (const auto& [lower, s] : spelling)
    if (s == 1) {
      auto it = entries.find(HashText(lower, kLemmaSeed, true));
      if (it != entries.end()) it->second |= kLexCapital;
    }
  static const char* kExc[] = {"noun", "verb", "adj"};
  static const uint32_t kExcBit[] = {kLexNounPlural, kLexVerbEd, kLexAdjGrade};
  for (int p = 0; p < 3; ++p) {
    Status st = AddFirstWords(dir + "/" + kExc[p] + ".exc", kFormSeed, kExcBit[p], &entries);
    if (!st.ok()) return st;
  }
  // Deterministic file order: sorted by key.
  std::vector<std::pair<uint64_t, uint32_t>> sorted(entries.begin(), entries.end());
  std::sort(sorted.begin(), sorted.end());
  for (const auto& [k, v] : sorted) {
    keys_.push_back(k);
    values_.push_back(static_cast<uint16_t>(v));
  }
  index_.Build(keys_);
  if (keys_.empty()) return InvalidArgumentError(dir + ": no WordNet entries read");
  return Status::Ok();
}

uint32_t Lexicon::Classify(std::string_view form) const {
  if (keys_.empty() || form.empty() || form.size() > kMaxForm) return 0;
  uint32_t bits = Lookup(HashText(form, kLemmaSeed, true)) |
                  Lookup(HashText(form, kFormSeed, true));
  char low[kMaxForm];
  for (size_t i = 0; i < form.size(); ++i)
    low[i] = static_cast<char>(Lower(static_cast<unsigned char>(form[i])));
  const std::string_view w(low, form.size());
  for (const Rule& r : kRules) {
    if (w.size() <= r.suffix.size() + 1 || w.substr(w.size() - r.suffix.size()) != r.suffix)
      continue;
    std::string_view stem = w.substr(0, w.size() - r.suffix.size());
    uint32_t lemma = Lookup(HashText(stem, r.replace, kLemmaSeed, true));
    if (!(lemma & r.lemma_bit) && r.undouble && stem.size() >= 3 &&
        stem[stem.size() - 1] == stem[stem.size() - 2])
      lemma = Lookup(HashText(stem.substr(0, stem.size() - 1), kLemmaSeed, true));
    if (lemma & r.lemma_bit) bits |= r.result_bit;
  }
  return bits;
}

void Lexicon::Write(BinaryWriter* w) const {
  w->PutArray(keys_);
  w->PutArray(values_);
}

bool Lexicon::Read(BinaryReader* r) {
  if (!r->GetArray(&keys_) || !r->GetArray(&values_) || keys_.size() != values_.size())
    return false;
  for (size_t i = 1; i < keys_.size(); ++i)
    if (keys_[i] <= keys_[i - 1]) return false;
  index_.Build(keys_);
  return true;
}

}  // namespace khaldun::tag
