#include "eval/ud_eval.h"

#include <algorithm>
#include <cstdio>

namespace khaldun {
namespace {

// Universal features as listed in conll18_ud_eval.py.
constexpr std::string_view kUniversalFeatures[] = {
    "PronType", "NumType", "Poss",   "Reflex", "Foreign", "Abbr",     "Gender",
    "Animacy",  "Number",  "Case",   "Definite", "Degree", "VerbForm", "Mood",
    "Tense",    "Aspect",  "Voice",  "Evident", "Polarity", "Person", "Polite"};

bool IsUniversal(std::string_view name) {
  return std::find(std::begin(kUniversalFeatures), std::end(kUniversalFeatures), name) !=
         std::end(kUniversalFeatures);
}

std::vector<std::string_view> UniversalFeats(std::string_view feats) {
  std::vector<std::string_view> out;
  if (feats == "_") return out;
  size_t start = 0;
  while (start < feats.size()) {
    size_t bar = feats.find('|', start);
    if (bar == std::string_view::npos) bar = feats.size();
    std::string_view item = feats.substr(start, bar - start);
    size_t eq = item.find('=');
    if (eq != std::string_view::npos && IsUniversal(item.substr(0, eq))) out.push_back(item);
    start = bar + 1;
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string_view Universal(std::string_view deprel) { return deprel.substr(0, deprel.find(':')); }

std::string_view Norm(std::string_view v) { return v == "_" ? std::string_view() : v; }

}  // namespace

bool SameUniversalFeats(std::string_view gold, std::string_view pred) {
  return UniversalFeats(gold) == UniversalFeats(pred);
}

Status UdEvaluator::Add(const Sentence& gold, const Sentence& pred) {
  const std::string name = gold.sent_id.empty() ? std::string("sentence") : gold.sent_id;
  if (gold.tokens.size() != pred.tokens.size()) {
    return InvalidArgumentError(name + ": gold has " + std::to_string(gold.tokens.size()) +
                                " words, prediction " + std::to_string(pred.tokens.size()));
  }
  for (size_t i = 0; i < gold.tokens.size(); ++i)
    if (gold.tokens[i].form != pred.tokens[i].form)
      return InvalidArgumentError(name + ": word " + std::to_string(i + 1) + " differs (gold '" +
                                  gold.tokens[i].form + "', prediction '" +
                                  pred.tokens[i].form + "')");
  counts_.sentences++;
  for (size_t i = 0; i < gold.tokens.size(); ++i) {
    const Token& g = gold.tokens[i];
    const Token& p = pred.tokens[i];
    counts_.words++;
    const bool upos = Norm(g.upos) == Norm(p.upos);
    const bool xpos = Norm(g.xpos) == Norm(p.xpos);
    counts_.upos += upos;
    counts_.xpos += xpos;
    counts_.ufeats += SameUniversalFeats(g.feats, p.feats);
    counts_.alltags += upos && xpos && Norm(g.feats) == Norm(p.feats);
    counts_.lemmas += Norm(g.lemma).empty() || Norm(g.lemma) == Norm(p.lemma);
    if (g.head == p.head) {
      counts_.uas++;
      counts_.las += Universal(g.deprel) == Universal(p.deprel);
      counts_.las_full += g.deprel == p.deprel;
    }
  }
  return Status::Ok();
}

double UdEvaluator::Percent(size_t correct) const {
  return counts_.words ? 100.0 * static_cast<double>(correct) / counts_.words : 0.0;
}

std::string UdEvaluator::Report() const {
  std::string out;
  char line[64];
  auto put_count = [&](const char* name, size_t v) {
    std::snprintf(line, sizeof(line), "%-10s %zu\n", name, v);
    out += line;
  };
  auto put = [&](const char* name, size_t v) {
    std::snprintf(line, sizeof(line), "%-10s %.2f\n", name, Percent(v));
    out += line;
  };
  put_count("Sentences", counts_.sentences);
  put_count("Words", counts_.words);
  put("UPOS", counts_.upos);
  put("XPOS", counts_.xpos);
  put("UFeats", counts_.ufeats);
  put("AllTags", counts_.alltags);
  put("Lemmas", counts_.lemmas);
  put("UAS", counts_.uas);
  put("LAS", counts_.las);
  put("LAS-full", counts_.las_full);
  return out;
}

StatusOr<SentencePairs> AlignSentences(const std::vector<Document>& gold,
                                       const std::vector<Document>& pred,
                                       const std::vector<std::string>& doc_prefixes) {
  SentencePairs pairs;
  std::vector<const Sentence*> all_pred;
  for (const Document& d : pred)
    for (const Sentence& s : d.sentences) all_pred.push_back(&s);
  size_t g_total = 0;
  for (const Document& d : gold) g_total += d.sentences.size();
  if (g_total != all_pred.size()) {
    return InvalidArgumentError("gold has " + std::to_string(g_total) +
                                " sentences, prediction " + std::to_string(all_pred.size()));
  }
  size_t k = 0;
  for (const Document& d : gold) {
    bool keep = doc_prefixes.empty();
    for (const std::string& p : doc_prefixes)
      if (d.id.compare(0, p.size(), p) == 0) keep = true;
    for (const Sentence& s : d.sentences) {
      if (keep) {
        pairs.gold.push_back(&s);
        pairs.pred.push_back(all_pred[k]);
      }
      ++k;
    }
  }
  return pairs;
}

StatusOr<UdEvaluator> EvaluateUd(const std::vector<Document>& gold,
                                 const std::vector<Document>& pred,
                                 const std::vector<std::string>& doc_prefixes, size_t* skipped) {
  KHALDUN_ASSIGN_OR_RETURN(SentencePairs pairs, AlignSentences(gold, pred, doc_prefixes));
  UdEvaluator ev;
  size_t bad = 0;
  Status first_error;
  for (size_t i = 0; i < pairs.gold.size(); ++i) {
    Status st = ev.Add(*pairs.gold[i], *pairs.pred[i]);
    if (!st.ok()) {
      if (bad++ == 0) first_error = st;
    }
  }
  if (skipped) *skipped = bad;
  if (bad > 0 && bad == pairs.gold.size()) return first_error;
  return ev;
}

}  // namespace khaldun
