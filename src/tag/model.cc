#include "tag/model.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace khaldun::tag {
namespace {

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c += 32;
  return out;
}

bool StartsUpper(std::string_view s) { return !s.empty() && s[0] >= 'A' && s[0] <= 'Z'; }

// Returns the most frequent key of a count map (ties: smallest key, deterministic).
template <typename K>
const K& Argmax(const std::map<K, int>& counts, int* total = nullptr) {
  auto best = counts.begin();
  int sum = 0;
  for (auto it = counts.begin(); it != counts.end(); ++it) {
    sum += it->second;
    if (it->second > best->second) best = it;
  }
  if (total) *total = sum;
  return best->first;
}

class StringPool {
 public:
  explicit StringPool(std::vector<std::string>* strings) : strings_(strings) {}
  uint32_t Id(const std::string& s) {
    auto [it, added] = ids_.emplace(s, static_cast<uint32_t>(strings_->size()));
    if (added) strings_->push_back(s);
    return it->second;
  }

 private:
  std::vector<std::string>* strings_;
  std::map<std::string, uint32_t> ids_;
};

// Key of (tag, suffix) with the suffix lowercased on the fly (no allocation).
uint64_t SuffixKey(std::string_view suffix, int tag, uint64_t seed) {
  return Combine(Combine(HashText(suffix, seed, true), tag + 1), suffix.size());
}

uint64_t ContextKey(uint64_t word, int tag, uint64_t context) {
  return Combine(Combine(word, tag + 1), context);
}

bool EqualsLowercased(std::string_view form, std::string_view lower) {
  if (form.size() != lower.size()) return false;
  for (size_t i = 0; i < form.size(); ++i) {
    char c = form[i];
    if (c >= 'A' && c <= 'Z') c += 32;
    if (c != lower[i]) return false;
  }
  return true;
}

}  // namespace

void LinearModel::Assign(std::vector<uint64_t> keys, std::vector<uint32_t> row_begin,
                         std::vector<uint8_t> tags, std::vector<float> weights,
                         int num_slots) {
  keys_ = std::move(keys);
  row_begin_ = std::move(row_begin);
  tags_ = std::move(tags);
  weights_ = std::move(weights);
  BuildTable(num_slots);
}

void LinearModel::BuildTable(int num_slots) {
  num_slots_ = num_slots;
  // Rows with more than an eighth of the slots filled are cheaper to add densely.
  const uint32_t dense_min = static_cast<uint32_t>(std::max(8, num_slots / 8));
  dense_.clear();
  size_t cap = 16;
  while (cap < keys_.size() * 2) cap <<= 1;
  slots_.assign(cap, Slot{0, 0, 0});
  mask_ = cap - 1;
  for (size_t k = 0; k < keys_.size(); ++k) {
    const uint64_t key = NonZero(keys_[k]);
    for (size_t i = Home(key);; i = (i + 1) & mask_) {
      if (slots_[i].key == key) break;  // duplicate key: first row wins
      if (slots_[i].key == 0) {
        const uint32_t b = row_begin_[k], e = row_begin_[k + 1];
        if (e - b >= dense_min) {
          slots_[i] = Slot{key, static_cast<uint32_t>(dense_.size()), kDenseRow};
          dense_.resize(dense_.size() + num_slots, 0.0f);
          float* d = &dense_[slots_[i].begin];
          for (uint32_t x = b; x < e; ++x) d[tags_[x]] += weights_[x];
        } else {
          slots_[i] = Slot{key, b, e};
        }
        break;
      }
    }
  }
  entries_.resize(tags_.size());
  for (size_t e = 0; e < tags_.size(); ++e) entries_[e] = Entry{weights_[e], tags_[e]};
}

void LinearModel::Write(BinaryWriter* w) const {
  w->PutArray(keys_);
  w->PutArray(row_begin_);
  w->PutArray(tags_);
  w->PutArray(weights_);
}

bool LinearModel::Read(BinaryReader* r, int num_tags) {
  if (!r->GetArray(&keys_) || !r->GetArray(&row_begin_) || !r->GetArray(&tags_) ||
      !r->GetArray(&weights_))
    return false;
  if (row_begin_.size() != keys_.size() + 1 || tags_.size() != weights_.size()) return false;
  if (row_begin_.front() != 0 || row_begin_.back() != tags_.size()) return false;
  for (size_t i = 0; i + 1 < row_begin_.size(); ++i)
    if (row_begin_[i] > row_begin_[i + 1]) return false;
  for (uint8_t t : tags_)
    if (t >= num_tags) return false;
  BuildTable(num_tags);
  return true;
}

void Morphology::Train(const std::vector<Example>& examples, int num_tags) {
  strings_.clear();
  StringPool pool(&strings_);
  pool.Id("");
  // Lemma exceptions: exact and lowercase form per tag.
  std::map<std::pair<std::string, int>, std::map<std::string, int>> exact, lower;
  // Types for suffix rules: (lower form, tag) -> lemma counts.
  std::map<std::tuple<std::string, int, std::string>, int> types;
  std::vector<int> cap_keep(num_tags, 0), cap_lower(num_tags, 0);
  std::map<std::pair<std::string, int>, std::map<std::string, int>> feats_word;
  std::map<std::pair<std::string, int>, std::map<std::string, int>> feats_suffix;
  std::vector<std::map<std::string, int>> feats_tag(num_tags);
  for (const Example& ex : examples) {
    if (ex.tag < 0 || ex.tag >= num_tags || ex.form.empty()) continue;
    std::string lf = ToLower(ex.form);
    std::string feats(ex.feats);
    feats_word[{lf, ex.tag}][feats]++;
    feats_tag[ex.tag][feats]++;
    for (size_t L = 1; L <= 3 && L <= lf.size(); ++L)
      feats_suffix[{lf.substr(lf.size() - L), ex.tag}][feats]++;
    if (ex.lemma.empty()) continue;
    std::string lemma(ex.lemma);
    exact[{std::string(ex.form), ex.tag}][lemma]++;
    lower[{lf, ex.tag}][lemma]++;
    types[{lf, ex.tag, ToLower(lemma)}]++;
    if (StartsUpper(ex.form)) (StartsUpper(ex.lemma) ? cap_keep : cap_lower)[ex.tag]++;
  }
  exc_keys_.clear();
  exc_vals_.clear();
  for (const auto& [k, counts] : exact) {
    exc_keys_.push_back(LemmaKey(HashText(k.first, 101), k.second));
    exc_vals_.push_back(pool.Id(Argmax(counts)));
  }
  for (const auto& [k, counts] : lower) {
    exc_keys_.push_back(LemmaKey(HashText(k.first, 102), k.second));
    exc_vals_.push_back(pool.Id(Argmax(counts)));
  }
  // Suffix rules: for each (tag, suffix), the most frequent edit among word types.
  std::map<std::pair<int, std::string>, std::map<std::pair<int, std::string>, int>> suffix_rules;
  for (const auto& [k, count] : types) {
    const auto& [lf, tag, ll] = k;
    size_t p = 0;
    while (p < lf.size() && p < ll.size() && lf[p] == ll[p]) ++p;
    if (lf.size() - p > 255) continue;
    std::pair<int, std::string> rule{static_cast<int>(lf.size() - p), ll.substr(p)};
    // A rule is keyed by suffixes that contain the part it strips, so "ies" -> "y"
    // is never chosen for a word that merely ends in "es".
    for (size_t L = rule.first; L <= kMaxSuffix && L <= lf.size(); ++L)
      suffix_rules[{tag, lf.substr(lf.size() - L)}][rule]++;
  }
  std::map<std::pair<int, std::string>, uint32_t> rule_ids;
  rule_keys_.clear();
  rule_vals_.clear();
  rule_strip_.clear();
  rule_add_.clear();
  for (const auto& [k, counts] : suffix_rules) {
    int total = 0;
    const auto& rule = Argmax(counts, &total);
    if (!k.second.empty() && total < 2) continue;
    auto [it, added] = rule_ids.emplace(rule, static_cast<uint32_t>(rule_strip_.size()));
    if (added) {
      rule_strip_.push_back(static_cast<uint8_t>(rule.first));
      rule_add_.push_back(pool.Id(rule.second));
    }
    rule_keys_.push_back(SuffixKey(k.second, k.first, 104));
    rule_vals_.push_back(it->second);
  }
  keep_case_.assign(num_tags, 0);
  for (int t = 0; t < num_tags; ++t) keep_case_[t] = cap_keep[t] > cap_lower[t];
  // FEATS.
  feats_keys_.clear();
  feats_vals_.clear();
  for (const auto& [k, counts] : feats_word) {
    feats_keys_.push_back(Combine(HashText(k.first, 103), k.second + 1));
    feats_vals_.push_back(pool.Id(Argmax(counts)));
  }
  for (const auto& [k, counts] : feats_suffix) {
    int total = 0;
    const std::string& f = Argmax(counts, &total);
    if (total < 2) continue;
    feats_keys_.push_back(SuffixKey(k.first, k.second, 105));
    feats_vals_.push_back(pool.Id(f));
  }
  // Context tables: (form, tag, context) and (tag, context).
  std::map<std::tuple<std::string, int, uint64_t>, std::map<std::string, int>> ctx_word;
  std::map<std::pair<int, uint64_t>, std::map<std::string, int>> ctx_tag;
  for (const Example& ex : examples) {
    if (ex.tag < 0 || ex.tag >= num_tags || ex.form.empty()) continue;
    std::string feats(ex.feats);
    ctx_word[{ToLower(ex.form), ex.tag, ex.context}][feats]++;
    ctx_tag[{ex.tag, ex.context}][feats]++;
  }
  // A tag's FEATS follow the context when (tag, context) predicts the training data
  // better than (form, tag) does.
  std::vector<int> by_word(num_tags, 0), by_context(num_tags, 0);
  for (const auto& [k, counts] : feats_word) by_word[k.second] += counts.at(Argmax(counts));
  for (const auto& [k, counts] : ctx_tag) by_context[k.first] += counts.at(Argmax(counts));
  context_tag_.assign(num_tags, 0);
  for (int t = 0; t < num_tags; ++t) context_tag_[t] = by_context[t] > by_word[t] + 10;
  for (const auto& [k, counts] : ctx_word) {
    const int tag = std::get<1>(k);
    int total = 0;
    const std::string& f = Argmax(counts, &total);
    if (!context_tag_[tag] || total < 2) continue;
    feats_keys_.push_back(ContextKey(HashText(std::get<0>(k), 106), tag, std::get<2>(k)));
    feats_vals_.push_back(pool.Id(f));
  }
  for (const auto& [k, counts] : ctx_tag) {
    int total = 0;
    const std::string& f = Argmax(counts, &total);
    if (!context_tag_[k.first] || total < 3) continue;
    feats_keys_.push_back(ContextKey(107, k.first, k.second));
    feats_vals_.push_back(pool.Id(f));
  }
  feats_default_.assign(num_tags, 0);
  for (int t = 0; t < num_tags; ++t)
    if (!feats_tag[t].empty()) feats_default_[t] = pool.Id(Argmax(feats_tag[t]));
  exc_index_.Build(exc_keys_);
  rule_index_.Build(rule_keys_);
  feats_index_.Build(feats_keys_);
}

bool Morphology::Lemmatize(std::string_view form, int tag, std::string* lemma) const {
  uint32_t id = exc_index_.Find(LemmaKey(HashText(form, 101), tag));
  if (id != HashIndex::kAbsent) {
    *lemma = strings_[exc_vals_[id]];
    return false;
  }
  const bool keep = keep_case_[tag] != 0;
  id = exc_index_.Find(LemmaKey(HashText(form, 102, true), tag));
  if (id != HashIndex::kAbsent) {
    const std::string& l = strings_[exc_vals_[id]];
    // A capitalised unseen form of a word seen in lowercase keeps its case where the
    // tag does (proper nouns) and the lemma is the word itself.
    if (keep && EqualsLowercased(form, l)) {
      lemma->assign(form);
    } else {
      *lemma = l;
    }
    return false;
  }
  lemma->assign(form);
  if (!keep) {
    for (char& c : *lemma)
      if (c >= 'A' && c <= 'Z') c += 32;
  }
  const size_t max_len = std::min<size_t>(kMaxSuffix, form.size());
  for (size_t L = max_len + 1; L-- > 0;) {
    uint32_t r = rule_index_.Find(SuffixKey(form.substr(form.size() - L), tag, 104));
    if (r == HashIndex::kAbsent) continue;
    uint32_t rule = rule_vals_[r];
    if (rule_strip_[rule] >= lemma->size()) continue;
    lemma->resize(lemma->size() - rule_strip_[rule]);
    lemma->append(strings_[rule_add_[rule]]);
    return true;
  }
  return true;
}

void Morphology::Feats(std::string_view form, int tag, uint64_t context,
                       std::string* feats) const {
  uint32_t id;
  if (context_tag_[tag]) {
    id = feats_index_.Find(ContextKey(HashText(form, 106, true), tag, context));
    if (id == HashIndex::kAbsent) id = feats_index_.Find(ContextKey(107, tag, context));
    if (id != HashIndex::kAbsent) {
      *feats = strings_[feats_vals_[id]];
      return;
    }
  }
  id = feats_index_.Find(Combine(HashText(form, 103, true), tag + 1));
  if (id != HashIndex::kAbsent) {
    *feats = strings_[feats_vals_[id]];
    return;
  }
  for (size_t L = std::min<size_t>(3, form.size()); L >= 1; --L) {
    id = feats_index_.Find(SuffixKey(form.substr(form.size() - L), tag, 105));
    if (id != HashIndex::kAbsent) {
      *feats = strings_[feats_vals_[id]];
      return;
    }
  }
  *feats = strings_[feats_default_[tag]];
}

void Morphology::Write(BinaryWriter* w) const {
  w->PutStrings(strings_);
  w->PutArray(exc_keys_);
  w->PutArray(exc_vals_);
  w->PutArray(rule_keys_);
  w->PutArray(rule_vals_);
  w->PutArray(rule_strip_);
  w->PutArray(rule_add_);
  w->PutArray(keep_case_);
  w->PutArray(feats_keys_);
  w->PutArray(feats_vals_);
  w->PutArray(feats_default_);
  w->PutArray(context_tag_);
}

bool Morphology::Read(BinaryReader* r) {
  if (!r->GetStrings(&strings_) || !r->GetArray(&exc_keys_) || !r->GetArray(&exc_vals_) ||
      !r->GetArray(&rule_keys_) || !r->GetArray(&rule_vals_) || !r->GetArray(&rule_strip_) ||
      !r->GetArray(&rule_add_) || !r->GetArray(&keep_case_) || !r->GetArray(&feats_keys_) ||
      !r->GetArray(&feats_vals_) || !r->GetArray(&feats_default_) ||
      !r->GetArray(&context_tag_))
    return false;
  const size_t ns = strings_.size();
  auto ids_ok = [ns](const std::vector<uint32_t>& v) {
    return std::all_of(v.begin(), v.end(), [ns](uint32_t x) { return x < ns; });
  };
  if (exc_keys_.size() != exc_vals_.size() || rule_keys_.size() != rule_vals_.size() ||
      rule_strip_.size() != rule_add_.size() || feats_keys_.size() != feats_vals_.size() ||
      feats_default_.size() != keep_case_.size() || context_tag_.size() != keep_case_.size() ||
      !ids_ok(exc_vals_) || !ids_ok(rule_add_) ||
      !ids_ok(feats_vals_) || !ids_ok(feats_default_))
    return false;
  for (uint32_t v : rule_vals_)
    if (v >= rule_strip_.size()) return false;
  exc_index_.Build(exc_keys_);
  rule_index_.Build(rule_keys_);
  feats_index_.Build(feats_keys_);
  return true;
}

void TaggerModel::SetAmbiguity(const WordDict& d, std::string_view form, WordInfo* wi) const {
  // The lowercased form's tag set helps capitalised words (headlines, sentence
  // starts) that were seen in lowercase.
  uint32_t k = (wi->flags & 4) ? d.index.Find(HashText(form, 1, true)) : HashIndex::kAbsent;
  wi->amb_lower = k == HashIndex::kAbsent ? 0x0a3cull : Combine(d.masks[k][0], d.masks[k][1]);
  k = d.index.Find(wi->form);
  wi->amb = (k != HashIndex::kAbsent && d.counts[k] >= amb_min_count)
                ? Combine(d.masks[k][0], d.masks[k][1])
                : 0x0a3bull;
}

void TaggerModel::PrepareWords(const std::vector<std::string_view>& forms,
                               std::vector<WordInfo>* words) const {
  const size_t n = forms.size();
  words->resize(n + 4);
  WordInfo* w = words->data();
  PaddingWordInfo(true, &w[0]);
  PaddingWordInfo(true, &w[1]);
  PaddingWordInfo(false, &w[n + 2]);
  PaddingWordInfo(false, &w[n + 3]);
  for (size_t i = 0; i < n; ++i) {
    WordInfo& wi = w[i + 2];
    ComputeWordInfo(forms[i], i == 0, &wi);
    SetAmbiguity(dict, forms[i], &wi);
    uint32_t d = dict.index.Find(wi.form);
    const uint32_t count = d == HashIndex::kAbsent ? 0 : dict.counts[d];
    // WordNet classes only for words the treebank says little about (frequent words
    // are known by their own features); bits + 1, so a word WordNet does not know is a
    // value of its own.
    if (!lex.empty() && count < constrain_min_count) wi.cluster = lex.Classify(forms[i]) + 1;
    if (d == HashIndex::kAbsent) continue;
    wi.freq = count >= 20 ? 5 : count >= 5 ? 4 : count >= 2 ? 3 : 2;
    if (count >= constrain_min_count) wi.allowed = &dict.masks[d];
  }
  // Distance to the nearest auxiliary-like word (have/be/get forms) on the left.
  static const uint64_t kAux[] = {
      HashText("have", 2, true),  HashText("has", 2, true),    HashText("had", 2, true),
      HashText("having", 2, true), HashText("'ve", 2, true),   HashText("'d", 2, true),
      HashText("be", 2, true),    HashText("is", 2, true),     HashText("are", 2, true),
      HashText("was", 2, true),   HashText("were", 2, true),   HashText("been", 2, true),
      HashText("being", 2, true), HashText("am", 2, true),     HashText("'re", 2, true),
      HashText("'m", 2, true),    HashText("'s", 2, true),     HashText("get", 2, true),
      HashText("gets", 2, true),  HashText("got", 2, true),    HashText("getting", 2, true),
      HashText("gotten", 2, true)};
  int last_aux = -100;
  for (size_t i = 0; i < n; ++i) {
    WordInfo& wi = w[i + 2];
    const int d = static_cast<int>(i) - last_aux;
    wi.aux_left = d == 1 ? 1 : d <= 3 ? 2 : d <= 6 ? 3 : 0;
    for (uint64_t a : kAux)
      if (wi.lower == a) last_aux = static_cast<int>(i);
  }
  // Headlines and all-caps lines: capitalisation says little about proper nouns there.
  int letters = 0, capital = 0, all_caps = 0;
  for (size_t i = 0; i < n; ++i) {
    const uint32_t f = w[i + 2].flags;
    if (!(f & 512)) continue;  // no letter
    ++letters;
    capital += (f & 16) != 0;
    all_caps += (f & 8) != 0;
  }
  uint32_t caps = 0;
  if (letters >= 3 && all_caps * 10 >= letters * 8) {
    caps = 2;
  } else if (letters >= 3 && capital * 10 >= letters * 6) {
    caps = 1;
  }
  for (size_t i = 0; i < n; ++i) w[i + 2].sent_caps = caps;
}

void TaggerModel::Decode(const LinearModel& m, const WordInfo* words, int n,
                         const uint8_t* right, uint8_t* tags, float* scores) const {
  const int nt = num_tags();
  tags[0] = tags[1] = kStartTag;
  tags[n + 2] = tags[n + 3] = kEndTag;
  uint64_t feats[kMaxFeatures];
  for (int p = 2; p < n + 2; ++p) {
    int nf = ExtractFeatures(words, p, tags, right, feats);
    std::fill(scores, scores + num_slots(), 0.0f);
    m.Score(feats, nf, scores);
    FoldUpos(scores);
    tags[p] = static_cast<uint8_t>(BestTag(scores, nt, words[p].allowed));
  }
}

void TaggerModel::IndexUpos() {
  std::vector<std::string> names(upos);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  num_upos = static_cast<int>(names.size());
  ctx_skip.clear();
  ctx_lexical.clear();
  for (size_t t = 0; t < upos.size(); ++t) {
    const std::string& u = upos[t];
    ctx_skip.push_back(xpos[t] == "RB");
    ctx_lexical.push_back(u == "PRON" || u == "DET" || u == "AUX" || u == "PART" ||
                          u == "SCONJ" || xpos[t] == "EX" || xpos[t] == "TO");
  }
  upos_class.clear();
  for (const std::string& u : upos)
    upos_class.push_back(
        static_cast<uint8_t>(std::lower_bound(names.begin(), names.end(), u) - names.begin()));
}

uint64_t TaggerModel::FeatsContext(const std::vector<std::string_view>& forms,
                                   const uint8_t* tags, int i) const {
  int j = i - 1;
  while (j >= 0 && tags[j] < ctx_skip.size() && ctx_skip[tags[j]]) --j;
  if (j < 0) return 1;
  const uint8_t t = tags[j];
  if (t < ctx_lexical.size() && ctx_lexical[t]) return HashText(forms[j], 108, true);
  return Combine(t, 109);
}

std::string TaggerModel::Serialize() const {
  BinaryWriter w;
  w.PutStrings(upos);
  w.PutStrings(xpos);
  w.PutArray(dict.keys);
  w.PutArray(dict.counts);
  w.PutArray(dict.masks);
  w.Put<uint32_t>(constrain_min_count);
  w.Put<uint32_t>(amb_min_count);
  pass1.Write(&w);
  w.Put<uint8_t>(pass1_reversed ? 1 : 0);
  w.Put<uint8_t>(has_pass2 ? 1 : 0);
  if (has_pass2) pass2.Write(&w);
  morph.Write(&w);
  lex.Write(&w);
  return FrameModel(std::string_view(kMagic, 8), kVersion, w.data());
}

Status TaggerModel::Deserialize(std::string_view payload, const std::string& path,
                                uint32_t version) {
  BinaryReader r(payload);
  auto bad = [&path](const char* what) {
    return CorruptionError(path + ": corrupt tagger model (" + what + ")");
  };
  if (!r.GetStrings(&upos, kMaxTags) || !r.GetStrings(&xpos, kMaxTags) ||
      upos.size() != xpos.size() || upos.empty())
    return bad("tag set");
  if (!r.GetArray(&dict.keys) || !r.GetArray(&dict.counts) || !r.GetArray(&dict.masks) ||
      dict.keys.size() != dict.counts.size() || dict.keys.size() != dict.masks.size())
    return bad("word dictionary");
  if (!r.Get(&constrain_min_count) || !r.Get(&amb_min_count)) return bad("options");
  IndexUpos();
  if (!pass1.Read(&r, num_slots())) return bad("first-pass weights");
  uint8_t rev = 0, p2 = 0;
  if (!r.Get(&rev) || rev > 1 || !r.Get(&p2) || p2 > 1) return bad("pass flags");
  pass1_reversed = rev == 1;
  has_pass2 = p2 == 1;
  if (has_pass2 && !pass2.Read(&r, num_slots())) return bad("second-pass weights");
  if (!morph.Read(&r) || morph.num_tags() != upos.size()) return bad("morphology tables");
  if (version >= 3 && !lex.Read(&r)) return bad("word-class lexicon");
  if (!r.AtEnd()) return bad("trailing bytes");
  dict.Rebuild();
  return Status::Ok();
}

}  // namespace khaldun::tag
