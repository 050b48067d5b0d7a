#include "tag/tagger.h"

#include "base/file.h"
#include "tag/model.h"

namespace khaldun {

TaggerScratch::TaggerScratch() = default;
TaggerScratch::~TaggerScratch() = default;

Tagger::Tagger(std::unique_ptr<const tag::TaggerModel> model) : model_(std::move(model)) {}
Tagger::~Tagger() = default;

StatusOr<std::unique_ptr<Tagger>> Tagger::FromBytes(std::string_view bytes,
                                                    const std::string& name) {
  using tag::TaggerModel;
  uint32_t version = 0;
  KHALDUN_ASSIGN_OR_RETURN(
      std::string_view payload,
      tag::UnframeModel(bytes, std::string_view(TaggerModel::kMagic, 8),
                        TaggerModel::kMinVersion, TaggerModel::kVersion, name, &version));
  auto model = std::make_unique<TaggerModel>();
  KHALDUN_RETURN_IF_ERROR(model->Deserialize(payload, name, version));
  return std::make_unique<Tagger>(std::move(model));
}

StatusOr<std::unique_ptr<Tagger>> Tagger::Load(const std::string& path) {
  KHALDUN_ASSIGN_OR_RETURN(std::string bytes, ReadFile(path));
  return FromBytes(bytes, path);
}

int Tagger::num_tags() const { return model_->num_tags(); }

size_t Tagger::num_features() const {
  return model_->pass1.num_features() + model_->pass2.num_features();
}

namespace {

// A guessed lemma of an inflected verb, adjective or noun that WordNet does not know in
// that class, where a lemma detached from the form by WordNet's own rules is: suffix
// rules learnt from the treebank strip "-ed" from "extradited" to "extradit" (as from
// "visited") and "-bed" from "bombed" to "bom"; WordNet knows "extradite" and "bomb".
// Candidates, in order: the form less its ending, with "e", with a doubled consonant
// undone, with "i" -> "y".
void RepairLemma(const tag::Lexicon& lex, std::string_view xpos, std::string_view form,
                 std::string* lemma) {
  uint32_t cls;
  std::string_view endings[2];
  if (xpos == "VBD" || xpos == "VBN") {
    cls = tag::kLexVerb;
    endings[0] = "ed";
  } else if (xpos == "VBG") {
    cls = tag::kLexVerb;
    endings[0] = "ing";
  } else if (xpos == "VBZ") {
    cls = tag::kLexVerb;
    endings[0] = "es";
    endings[1] = "s";
  } else if (xpos == "JJR" || xpos == "RBR") {
    cls = xpos == "JJR" ? tag::kLexAdj : tag::kLexAdv;
    endings[0] = "er";
  } else if (xpos == "JJS" || xpos == "RBS") {
    cls = xpos == "JJS" ? tag::kLexAdj : tag::kLexAdv;
    endings[0] = "est";
  } else if (xpos == "NNS") {
    cls = tag::kLexNoun;
    endings[0] = "es";
    endings[1] = "s";
  } else {
    return;
  }
  if (lemma->size() < 2 || (lex.Classify(*lemma) & cls)) return;
  std::string f(form);
  for (char& c : f)
    if (c >= 'A' && c <= 'Z') c += 32;
  std::string alt;
  auto try_alt = [&]() {
    if (alt.size() < 2 || !(lex.Classify(alt) & cls)) return false;
    *lemma = alt;
    return true;
  };
  for (std::string_view e : endings) {
    if (e.empty() || f.size() < e.size() + 2 || !std::string_view(f).ends_with(e)) continue;
    const std::string stem = f.substr(0, f.size() - e.size());
    alt = stem;
    if (try_alt()) return;
    alt = stem + "e";
    if (e != "s" && try_alt()) return;
    const size_t n = stem.size();
    if (n >= 3 && stem[n - 1] == stem[n - 2]) {
      alt.assign(stem, 0, n - 1);
      if (try_alt()) return;
    }
    if (stem[n - 1] == 'i') {
      alt.assign(stem, 0, n - 1);
      alt += 'y';
      if (try_alt()) return;
    }
  }
}

}  // namespace

void Tagger::Tag(Sentence* s) const {
  TaggerScratch scratch;
  Tag(s, &scratch);
}

void Tagger::Tag(Sentence* s, TaggerScratch* scratch) const {
  const int n = static_cast<int>(s->tokens.size());
  if (n == 0) return;
  const tag::TaggerModel& m = *model_;
  scratch->forms_.clear();
  for (const Token& t : s->tokens) scratch->forms_.push_back(t.form);
  m.PrepareWords(scratch->forms_, &scratch->words_);
  scratch->tags1_.resize(n + 4);
  scratch->tags2_.resize(n + 4);
  scratch->scores_.resize(m.num_slots());
  if (m.pass1_reversed) {
    tag::ReverseWords(scratch->words_, n, &scratch->reversed_);
    m.Decode(m.pass1, scratch->reversed_.data(), n, nullptr, scratch->tags1_.data(),
             scratch->scores_.data());
    tag::UnreverseTags(&scratch->tags1_);
  } else {
    m.Decode(m.pass1, scratch->words_.data(), n, nullptr, scratch->tags1_.data(),
             scratch->scores_.data());
  }
  const uint8_t* tags = scratch->tags1_.data();
  if (m.has_pass2) {
    m.Decode(m.pass2, scratch->words_.data(), n, scratch->tags1_.data(), scratch->tags2_.data(),
             scratch->scores_.data());
    tags = scratch->tags2_.data();
  }
  for (int i = 0; i < n; ++i) {
    Token& t = s->tokens[i];
    const int tag = tags[i + 2];
    t.upos = m.upos[tag];
    t.xpos = m.xpos[tag];
    if (m.morph.Lemmatize(t.form, tag, &t.lemma) && !m.lex.empty())
      RepairLemma(m.lex, t.xpos, t.form, &t.lemma);
    m.morph.Feats(t.form, tag, m.FeatsContext(scratch->forms_, tags + 2, i), &t.feats);
  }
}

}  // namespace khaldun
