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

// A guessed verb lemma that WordNet does not know as a verb, where a spelling next to
// it is one: suffix rules learnt from the treebank strip "-ed" from "extradited" to
// "extradit" (as from "visited"); WordNet knows "extradite". Tried in order: + "e",
// one of a doubled final consonant less ("embargoed" no, "stopped" -> "stopp" ->
// "stop"), final "i" -> "y".
void RepairVerbLemma(const tag::Lexicon& lex, std::string_view xpos, std::string* lemma) {
  if (xpos.size() < 3 || xpos[0] != 'V' || xpos[1] != 'B' || lemma->size() < 3) return;
  if (lex.Classify(*lemma) & tag::kLexVerb) return;
  std::string alt = *lemma + "e";
  if (lex.Classify(alt) & tag::kLexVerb) {
    *lemma = std::move(alt);
    return;
  }
  const size_t n = lemma->size();
  if ((*lemma)[n - 1] == (*lemma)[n - 2]) {
    alt.assign(*lemma, 0, n - 1);
    if (lex.Classify(alt) & tag::kLexVerb) {
      *lemma = std::move(alt);
      return;
    }
  }
  if ((*lemma)[n - 1] == 'i') {
    alt.assign(*lemma, 0, n - 1);
    alt += 'y';
    if (lex.Classify(alt) & tag::kLexVerb) *lemma = std::move(alt);
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
      RepairVerbLemma(m.lex, t.xpos, &t.lemma);
    m.morph.Feats(t.form, tag, m.FeatsContext(scratch->forms_, tags + 2, i), &t.feats);
  }
}

}  // namespace khaldun
