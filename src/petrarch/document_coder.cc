#include "petrarch/document_coder.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <utility>

#include "base/file.h"
#include "events/event_json.h"

namespace khaldun::petrarch {
namespace {

bool IsFile(const std::string& path) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec);
}

// Appends the dictionaries of `more` to `into`, renumbering actors.
void Append(ActorDictionary&& more, ActorDictionary* into) {
  const int offset = static_cast<int>(into->codes.size());
  for (auto& c : more.codes) into->codes.push_back(std::move(c));
  for (ActorEntry& e : more.phrases) {
    e.actor += offset;
    into->phrases.push_back(std::move(e));
  }
}

Status ReadInto(const std::string& path, const ReadOptions& opts, const ErrorFn& on_error,
                ActorDictionary* actors) {
  KHALDUN_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  KHALDUN_ASSIGN_OR_RETURN(ActorDictionary d, ReadActors(text, path, opts, on_error));
  Append(std::move(d), actors);
  return Status::Ok();
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// YYYY-MM-DD -> YYYYMMDD; empty or malformed -> today (UTC).
int32_t DictDate(const std::string& date) {
  if (date.size() >= 10 && date[4] == '-' && date[7] == '-') {
    bool digits = true;
    for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
      digits = digits && std::isdigit(static_cast<unsigned char>(date[i]));
    if (digits) {
      return std::stoi(date.substr(0, 4)) * 10000 + std::stoi(date.substr(5, 2)) * 100 +
             std::stoi(date.substr(8, 2));
    }
  }
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

// Relations that stay inside an actor's noun phrase (for its text and span).
bool InPhrase(const Token& t) {
  const std::string& r = t.deprel;
  return r == "compound" || r == "amod" || r == "det" || r == "nmod:poss" || r == "flat" ||
         r == "flat:name" || r == "nummod" || r == "fixed" || r == "goeswith" ||
         (r == "case" && (t.form == "'s" || t.form == "'" || t.form == "’s"));
}

// Span of the noun phrase headed by token `h` (1-based) of sentence `s`.
Span PhraseSpan(const Sentence& s, int h) {
  const int n = static_cast<int>(s.tokens.size());
  std::vector<char> in(n + 1, 0);
  in[h] = 1;
  // Tokens come in order and heads need not precede dependents: repeat to a fixpoint
  // (bounded by the phrase depth, no recursion).
  for (bool grew = true; grew;) {
    grew = false;
    for (int i = 1; i <= n; ++i) {
      const Token& t = s.tokens[i - 1];
      if (!in[i] && t.head >= 1 && t.head <= n && in[t.head] && InPhrase(t)) {
        in[i] = 1;
        grew = true;
      }
    }
  }
  Span span = s.tokens[h - 1].span;
  for (int i = 1; i <= n; ++i) {
    if (!in[i]) continue;
    span.begin = std::min(span.begin, s.tokens[i - 1].span.begin);
    span.end = std::max(span.end, s.tokens[i - 1].span.end);
  }
  return span;
}

Actor MakeActor(const Document& doc, const Sentence& s, int head, const std::string& code) {
  Actor a;
  a.code = code;
  SplitActorCode(code, &a.country, &a.sector);
  a.pattern = "petrarch";
  if (head >= 1 && head <= static_cast<int>(s.tokens.size())) {
    a.span = PhraseSpan(s, head);
    a.text = std::string(doc.Text(a.span));
  }
  return a;
}

}  // namespace

void SplitActorCode(const std::string& code, std::string* country, std::string* sector) {
  country->clear();
  sector->clear();
  if (code.size() < 3 || code[0] == '"') return;
  std::string first = code.substr(0, 3);
  for (char c : first)
    if (!std::isupper(static_cast<unsigned char>(c))) first.clear();
  static const char* const kNotCountries[] = {"IGO", "NGO", "NGM", "MNC", "IMG", "UIS", "UNK"};
  bool country_like = !first.empty();
  for (const char* k : kNotCountries) country_like = country_like && first != k;
  if (country_like) *country = first;
  if (code.size() >= 6) *sector = code.substr(3, 3);
}

std::string DefaultDictionaryDir() {
  if (const char* env = std::getenv("KHALDUN_PETRARCH_DICTS"); env != nullptr && *env)
    return env;
  const std::string relative = "../shared/petrarch/dictionaries";
  std::error_code ec;
  if (std::filesystem::is_directory(relative, ec)) return relative;
  return std::string(KHALDUN_SOURCE_DIR) + "/../shared/petrarch/dictionaries";
}

StatusOr<DictsSpec> ParseDictsSpec(std::string_view spec) {
  DictsSpec out;
  std::string_view kind = spec;
  if (size_t colon = spec.find(':'); colon != std::string_view::npos) {
    kind = spec.substr(0, colon);
    out.dir = std::string(spec.substr(colon + 1));
  }
  if (kind == "petrarch") {
    out.petrarch = true;
  } else if (kind == "petrarch-validate") {
    out.petrarch = true;
    out.set = DictionarySet::kValidate;
  } else if (kind != "khaldun") {
    return InvalidArgumentError("--dicts '" + std::string(spec) +
                                "': expected khaldun[:DIR], petrarch[:DIR] or "
                                "petrarch-validate[:DIR]");
  }
  return out;
}

std::string VerbFileName(const std::string& dir, DictionarySet set) {
  if (set == DictionarySet::kAuto)
    set = IsFile(dir + "/CAMEO.2.0.txt") ? DictionarySet::kPhoenix : DictionarySet::kValidate;
  return set == DictionarySet::kPhoenix ? "CAMEO.2.0.txt" : "PETR.Validate.verbs.2.0.txt";
}

StatusOr<Dictionaries> LoadDictionarySet(const std::string& dir, DictionarySet set,
                                         const ReadOptions& opts, const ErrorFn& on_error) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    return NotFoundError("PETRARCH dictionary folder '" + dir + "' not found");
  if (set == DictionarySet::kAuto)
    set = IsFile(dir + "/CAMEO.2.0.txt") ? DictionarySet::kPhoenix : DictionarySet::kValidate;
  if (set == DictionarySet::kValidate) {
    return Dictionaries::LoadValidation(dir, VerbFileName(dir, set), opts, on_error);
  }
  Dictionaries d;
  auto path = [&](const char* f) { return dir + "/" + f; };
  for (const char* f : {"Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
                        "Phoenix.MilNonState.actors.txt"}) {
    KHALDUN_RETURN_IF_ERROR(ReadInto(path(f), opts, on_error, &d.actors));
  }
  {
    KHALDUN_ASSIGN_OR_RETURN(std::string text, ReadFile(path("Phoenix.agents.txt")));
    KHALDUN_ASSIGN_OR_RETURN(d.agents, ReadAgents(text, path("Phoenix.agents.txt"), opts,
                                                  on_error));
  }
  {
    KHALDUN_ASSIGN_OR_RETURN(std::string text, ReadFile(path("Phoenix.discards.txt")));
    KHALDUN_ASSIGN_OR_RETURN(d.discards, ReadDiscards(text, path("Phoenix.discards.txt"),
                                                      opts, on_error));
  }
  {
    KHALDUN_ASSIGN_OR_RETURN(std::string text, ReadFile(path("CAMEO.2.0.txt")));
    KHALDUN_ASSIGN_OR_RETURN(d.verbs, ReadVerbs(text, path("CAMEO.2.0.txt"), opts, on_error));
  }
  if (IsFile(path("PETR.Internal.Coding.Ontology.txt"))) {
    std::string p = path("PETR.Internal.Coding.Ontology.txt");
    KHALDUN_ASSIGN_OR_RETURN(std::string text, ReadFile(p));
    KHALDUN_ASSIGN_OR_RETURN(d.ontology, ReadOntology(text, p, opts, on_error));
  }
  return d;
}

DocumentCoder::DocumentCoder(const Dictionaries* dicts, const CameoTable* cameo,
                             std::string verb_file, DocumentCoderOptions options)
    : coder_(dicts), cameo_(cameo), verb_file_(std::move(verb_file)), options_(options) {}

void DocumentCoder::CodeDocument(const Document& doc, std::vector<Event>* out,
                                 const std::function<void(const Status&)>& on_error) const {
  const int32_t date = DictDate(doc.date);
  std::vector<Word> words;
  for (size_t si = 0; si < doc.sentences.size(); ++si) {
    const Sentence& s = doc.sentences[si];
    const int n = static_cast<int>(s.tokens.size());
    words.clear();
    bool parsed = n > 0;
    for (const Token& t : s.tokens) {
      parsed = parsed && t.head >= 0 && t.head <= n && !t.upos.empty();
      words.push_back({Upper(t.form), Upper(t.lemma), t.upos, t.deprel, t.head});
    }
    if (!parsed) {
      if (on_error && n > 0)
        on_error(InvalidArgumentError(doc.id + ": sentence " + std::to_string(si) +
                                      ": not parsed; skipped"));
      continue;
    }
    for (TracedTriple& tt : coder_.CodeTraced(words, date, options_.coder)) {
      const CameoCode* code = cameo_->Find(tt.triple.code);
      if (code == nullptr) {
        if (on_error)
          on_error(InvalidArgumentError(doc.id + ": sentence " + std::to_string(si) +
                                        ": code " + tt.triple.code +
                                        " is not in the CAMEO table; event skipped"));
        continue;
      }
      if (code->plover.empty() && !options_.code_statements) continue;
      Event e;
      e.doc_id = doc.id;
      e.story_id = doc.story_id;
      e.sentence_index = static_cast<int>(si);
      e.date = doc.date;
      e.date_basis = doc.date.empty() ? DateBasis::kUnknown : DateBasis::kPublication;
      e.source = MakeActor(doc, s, tt.source, tt.triple.source);
      if (tt.triple.target != "---") {
        e.target = MakeActor(doc, s, tt.target, tt.triple.target);
        e.has_target = true;
      }
      e.cameo = code->code;
      e.cameo_root = code->root;
      e.plover = code->plover;
      e.plover_mode = code->mode;
      e.goldstein = code->goldstein;
      e.quad_class = code->quad_class;
      if (tt.verb >= 1 && tt.verb <= n) {
        e.trigger_span = s.tokens[tt.verb - 1].span;
        e.trigger_text = std::string(doc.Text(e.trigger_span));
      }
      e.sentence_span = s.span;
      e.pattern = verb_file_ + ":" +
                  (tt.pattern_line > 0 ? std::to_string(tt.pattern_line)
                                       : (tt.verb >= 1 ? words[tt.verb - 1].form : ""));
      e.event_id = MakeEventId(e);
      out->push_back(std::move(e));
    }
  }
}

}  // namespace khaldun::petrarch
