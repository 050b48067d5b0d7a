#include "petrarch/coder.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <set>
#include <string>
#include <utility>

#include "base/file.h"

namespace khaldun::petrarch {
namespace {

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool IsSubjRel(const std::string& r) { return StartsWith(r, "nsubj") || StartsWith(r, "csubj"); }
bool IsPassiveSubj(const std::string& r) {
  return r == "nsubjpass" || r == "nsubj:pass" || r == "csubjpass" || r == "csubj:pass";
}
bool IsObjRel(const std::string& r) { return r == "dobj" || r == "obj" || r == "iobj"; }
bool IsOblRel(const std::string& r) {
  return (StartsWith(r, "nmod") || StartsWith(r, "obl")) && r != "nmod:tmod" && r != "obl:tmod" &&
         r != "nmod:npmod" && r != "obl:npmod" && r != "nmod:poss";
}

// Relations that stay inside a noun phrase when coding it.
bool IsNpRel(const std::string& r) {
  return r == "compound" || r == "amod" || r == "det" || r == "nmod:poss" || r == "flat" ||
         r == "name" || r == "nummod" || r == "case" || r == "flat:name" || r == "goeswith" ||
         r == "mwe" || r == "fixed";
}

}  // namespace

Status CoderOptions::Set(std::string_view option, std::string_view value) {
  std::string v = Lower(value);
  if (option == "require_dyad") {
    if (v != "true" && v != "false") return InvalidArgumentError("require_dyad: " + v);
    require_dyad = v == "true";
    return Status::Ok();
  }
  if (option == "new_actor_length") {
    char* end = nullptr;
    std::string s(value);
    long n = std::strtol(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0' || n < 0 || n > 100) {
      return InvalidArgumentError("new_actor_length: " + s);
    }
    new_actor_length = static_cast<int>(n);
    return Status::Ok();
  }
  if (StartsWith(option, "comma_") || option == "stop_on_error") return Status::Ok();
  return InvalidArgumentError("unknown option " + std::string(option));
}

StatusOr<Dictionaries> Dictionaries::LoadValidation(const std::string& dir,
                                                    const std::string& verbs_file,
                                                    const ReadOptions& opts,
                                                    const ErrorFn& on_error) {
  Dictionaries d;
  auto path = [&](const std::string& f) { return dir + "/" + f; };
  {
    std::string p = path("PETR.Validate.actors.txt");
    KHALDUN_ASSIGN_OR_RETURN(std::string text, ReadFile(p));
    KHALDUN_ASSIGN_OR_RETURN(d.actors, ReadActors(text, p, opts, on_error));
  }
  {
    std::string p = path("PETR.Validate.agents.txt");
    KHALDUN_ASSIGN_OR_RETURN(std::string text, ReadFile(p));
    KHALDUN_ASSIGN_OR_RETURN(d.agents, ReadAgents(text, p, opts, on_error));
  }
  {
    std::string p = path("PETR.Validate.discards.txt");
    KHALDUN_ASSIGN_OR_RETURN(std::string text, ReadFile(p));
    KHALDUN_ASSIGN_OR_RETURN(d.discards, ReadDiscards(text, p, opts, on_error));
  }
  {
    std::string p = path(verbs_file);
    KHALDUN_ASSIGN_OR_RETURN(std::string text, ReadFile(p));
    KHALDUN_ASSIGN_OR_RETURN(d.verbs, ReadVerbs(text, p, opts, on_error));
  }
  {
    std::string p = path("PETR.Internal.Coding.Ontology.txt");
    auto text = ReadFile(p);
    if (text.ok()) {
      KHALDUN_ASSIGN_OR_RETURN(d.ontology, ReadOntology(*text, p, opts, on_error));
    }
  }
  return d;
}

StatusOr<std::vector<Word>> ParseConlluSentence(std::string_view conllu) {
  std::vector<Word> words;
  size_t pos = 0;
  int line_no = 0;
  while (pos < conllu.size()) {
    size_t nl = conllu.find('\n', pos);
    if (nl == std::string_view::npos) nl = conllu.size();
    std::string_view line = conllu.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string_view> cols;
    size_t p = 0;
    while (cols.size() < 10) {
      size_t tab = line.find('\t', p);
      if (tab == std::string_view::npos) {
        cols.push_back(line.substr(p));
        break;
      }
      cols.push_back(line.substr(p, tab - p));
      p = tab + 1;
    }
    if (cols.size() < 8) {
      return InvalidArgumentError("line " + std::to_string(line_no) + ": expected 10 columns");
    }
    if (cols[0].find_first_of("-.") != std::string_view::npos) continue;  // MWT / empty node
    char* end = nullptr;
    std::string id(cols[0]);
    long n = std::strtol(id.c_str(), &end, 10);
    if (id.empty() || *end != '\0' || n != static_cast<long>(words.size()) + 1) {
      return InvalidArgumentError("line " + std::to_string(line_no) + ": bad word id '" + id +
                                  "'");
    }
    std::string hs(cols[6]);
    long h = std::strtol(hs.c_str(), &end, 10);
    if (hs.empty() || *end != '\0' || h < 0) {
      return InvalidArgumentError("line " + std::to_string(line_no) + ": bad head '" + hs + "'");
    }
    Word w;
    w.form = Upper(cols[1]);
    w.lemma = Upper(cols[2]);
    w.upos = std::string(cols[3]);
    w.head = static_cast<int>(h);
    w.deprel = std::string(cols[7]);
    words.push_back(std::move(w));
  }
  if (words.empty()) return InvalidArgumentError("empty parse");
  const int n = static_cast<int>(words.size());
  int roots = 0;
  for (int i = 0; i < n; ++i) {
    if (words[i].head > n) {
      return InvalidArgumentError("word " + std::to_string(i + 1) + ": head out of range");
    }
    if (words[i].head == 0) ++roots;
    // Walk up at most n steps: a longer walk means a cycle.
    int cur = i + 1, steps = 0;
    while (cur != 0 && steps <= n) {
      cur = words[cur - 1].head;
      ++steps;
    }
    if (cur != 0) return InvalidArgumentError("word " + std::to_string(i + 1) + ": cycle");
  }
  if (roots != 1) return InvalidArgumentError(std::to_string(roots) + " roots");
  return words;
}

// ------------------------------------------------------------------------- index

struct Coder::Index {
  struct Phrase {
    std::vector<std::string> words;
    int id;                  // actor index / agent index
    std::vector<bool> gaps;  // empty: consecutive words
  };
  // First word -> phrases, longest first (file order among equals).
  std::unordered_map<std::string, std::vector<Phrase>> actors;
  std::unordered_map<std::string, std::vector<Phrase>> agents;
  std::unordered_map<std::string, std::vector<Phrase>> discards;

  static void Add(std::unordered_map<std::string, std::vector<Phrase>>* m,
                  const std::vector<std::string>& words, int id,
                  const std::vector<bool>& gaps = {}) {
    if (words.empty()) return;
    (*m)[words[0]].push_back({words, id, gaps});
  }
  static void Sort(std::unordered_map<std::string, std::vector<Phrase>>* m) {
    for (auto& [k, v] : *m) {
      std::stable_sort(v.begin(), v.end(), [](const Phrase& a, const Phrase& b) {
        return a.words.size() > b.words.size();
      });
    }
  }
};

Coder::Coder(const Dictionaries* dicts) : dicts_(dicts), index_(std::make_unique<Index>()) {
  for (const ActorEntry& e : dicts_->actors.phrases) Index::Add(&index_->actors, e.words, e.actor, e.gaps);
  for (size_t i = 0; i < dicts_->agents.phrases.size(); ++i) {
    Index::Add(&index_->agents, dicts_->agents.phrases[i].words, static_cast<int>(i),
               dicts_->agents.phrases[i].gaps);
  }
  for (size_t i = 0; i < dicts_->discards.phrases.size(); ++i) {
    Index::Add(&index_->discards, dicts_->discards.phrases[i].words, static_cast<int>(i));
  }
  Index::Sort(&index_->actors);
  Index::Sort(&index_->agents);
  Index::Sort(&index_->discards);
}

Coder::~Coder() = default;

namespace {

// Per-call state of coding one sentence.
class SentenceCoder {
 public:
  SentenceCoder(const Dictionaries& d, const Coder::Index& idx, const std::vector<Word>& w,
                int32_t date, const CoderOptions& opts)
      : d_(d), idx_(idx), w_(w), date_(date), opts_(opts), n_(static_cast<int>(w.size())) {
    children_.resize(n_ + 1);
    np_cache_.resize(n_ + 1);
    np_done_.assign(n_ + 1, 0);
    for (int i = 1; i <= n_; ++i) children_[w_[i - 1].head].push_back(i);
  }

  // Codes the sentence; with `trace`, also records where each triple came from (the
  // first verb that produced it).
  std::set<Triple> Run(std::vector<TracedTriple>* trace = nullptr);

 private:
  const Word& W(int i) const { return w_[i - 1]; }

  // Longest phrase from `m` starting at token i whose tokens are all in `allowed`
  // (indexed by token). A word after a blank connector may be preceded by other allowed
  // words. Returns the matched token positions (empty: no match) and sets *id.
  template <typename M>
  std::vector<int> MatchAt(const M& m, int i, const std::vector<char>& allowed, int* id) const {
    std::vector<int> pos;
    auto it = m.find(W(i).form);
    if (it == m.end()) return pos;
    for (const auto& ph : it->second) {
      pos.assign(1, i);
      const size_t len = ph.words.size();
      for (size_t k = 1; k < len; ++k) {
        int t = pos.back() + 1;
        bool gap = !ph.gaps.empty() && ph.gaps[k];
        while (t <= n_ && allowed[t] && W(t).form != ph.words[k] && gap) ++t;
        if (t > n_ || !allowed[t] || W(t).form != ph.words[k]) break;
        pos.push_back(t);
      }
      if (pos.size() == len) {
        *id = ph.id;
        return pos;
      }
    }
    pos.clear();
    return pos;
  }

  // Tokens of the noun phrase headed by h (no conjuncts, no clauses); nmod children
  // introduced by of/in/from are included.
  std::vector<char> NpTokens(int h, bool with_nmod = true) const {
    std::vector<char> in(n_ + 2, 0);
    std::vector<int> stack{h};
    while (!stack.empty()) {
      int t = stack.back();
      stack.pop_back();
      in[t] = 1;
      for (int c : children_[t]) {
        const std::string& r = W(c).deprel;
        bool take = IsNpRel(r);
        if (!take && with_nmod && (StartsWith(r, "nmod") || StartsWith(r, "obl")) &&
            r != "nmod:tmod") {
          for (int cc : children_[c]) {
            if (W(cc).deprel == "case" &&
                (W(cc).form == "OF" || W(cc).form == "IN" || W(cc).form == "FROM")) {
              take = true;
            }
          }
        }
        if (take) stack.push_back(c);
      }
    }
    return in;
  }

  struct NpCode {
    std::vector<std::string> actors;    // full codes, one per compound member
    std::vector<std::string> prefixes;  // actor + agents of non-head words, per member
    bool found = false;                 // an actor or agent was found
    bool agents_only = false;           // no actor: codes are "---" + agents
    std::vector<int> agents;            // agent entries found in the phrase
  };

  std::string Combine(const std::string& actor, const std::vector<int>& agents) const {
    std::string code = actor;
    for (int a : agents) {
      const AgentEntry& e = d_.agents.phrases[a];
      bool present = false;
      for (size_t p = 0; p + e.code.size() <= code.size(); p += 3) {
        if (code.compare(p, e.code.size(), e.code) == 0) present = true;
      }
      if (present) continue;
      code = e.prepend ? e.code + code : code + e.code;
    }
    return code;
  }

  // Codes the noun phrase headed by h: actors (leftmost, longest) plus agents; conjuncts of
  // words inside the phrase ("ambassadors of A, B and C") give one code each.
  // Memoized: a phrase is coded once per sentence however many patterns ask.
  const NpCode& CodeNp(int h) const {
    if (!np_done_[h]) {
      np_cache_[h] = ComputeNp(h);
      np_done_[h] = 1;
    }
    return np_cache_[h];
  }

  NpCode ComputeNp(int h) const {
    NpCode out;
    std::vector<char> in = NpTokens(h);
    std::vector<int> actor_ids;
    std::vector<int> agents;
    std::vector<int> modifier_agents;  // agents not covering the head word
    std::vector<char> used(n_ + 2, 0);
    for (int i = 1; i <= n_; ++i) {
      if (!in[i] || used[i]) continue;
      int id = -1;
      std::vector<int> pos = MatchAt(idx_.actors, i, in, &id);
      if (!pos.empty()) {
        actor_ids.push_back(id);
        for (int t : pos) used[t] = 1;
      }
    }
    for (int i = 1; i <= n_; ++i) {
      if (!in[i] || used[i]) continue;
      int id = -1;
      std::vector<int> pos = MatchAt(idx_.agents, i, in, &id);
      if (!pos.empty()) {
        agents.push_back(id);
        if (std::find(pos.begin(), pos.end(), h) == pos.end()) modifier_agents.push_back(id);
        for (int t : pos) used[t] = 1;
      }
    }
    std::vector<std::string> bases;
    if (!actor_ids.empty()) bases.push_back(d_.actors.CodeAt(actor_ids[0], date_));
    // Conjuncts of inner words (not of the head itself).
    for (int t = 1; t <= n_; ++t) {
      if (!in[t] || t == h) continue;
      for (int c : children_[t]) {
        if (W(c).deprel != "conj") continue;
        std::vector<char> cin = NpTokens(c);
        for (int i = 1; i <= n_; ++i) {
          if (!cin[i]) continue;
          int id = -1;
          if (!MatchAt(idx_.actors, i, cin, &id).empty()) {
            bases.push_back(d_.actors.CodeAt(id, date_));
            break;
          }
        }
      }
    }
    if (!bases.empty()) {
      out.found = true;
      for (const std::string& b : bases) {
        if (b.empty() || (b == "---" && agents.empty())) continue;
        out.actors.push_back(Combine(b, agents));
        out.prefixes.push_back(Combine(b, modifier_agents));
      }
      if (out.actors.empty()) out.found = false;
      return out;
    }
    if (!agents.empty()) {
      out.found = true;
      out.agents_only = true;
      out.actors.push_back(Combine("---", agents));
      out.agents = agents;
      return out;
    }
    if (opts_.new_actor_length > 0 && (W(h).upos == "PROPN" || HasPropn(in)) &&
        !IsCalendarWord(W(h).form)) {
      // An unknown named actor: its words (with appositions, without the head's own
      // preposition) in upper case, quoted.
      for (int c : children_[h]) {
        if (W(c).deprel == "appos") {
          std::vector<char> a = NpTokens(c);
          for (int i = 1; i <= n_; ++i) in[i] = in[i] || a[i];
        }
        if (W(c).deprel == "case") in[c] = 0;
      }
      std::string text;
      int count = 0;
      for (int i = 1; i <= n_; ++i) {
        if (!in[i] || W(i).upos == "PUNCT" || W(i).form == "'S" || W(i).form == "'") continue;
        if (!text.empty()) text += ' ';
        text += W(i).form;
        ++count;
      }
      if (count > 0 && count <= opts_.new_actor_length) {
        out.found = true;
        out.actors.push_back("\"" + text + "\"");
      }
    }
    return out;
  }

  static bool IsCalendarWord(const std::string& w) {
    static const char* const kWords[] = {
        "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY",
        "JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY", "AUGUST",
        "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER", "TODAY", "YESTERDAY", "TOMORROW"};
    for (const char* k : kWords) {
      if (w == k) return true;
    }
    return false;
  }

  bool HasPropn(const std::vector<char>& in) const {
    for (int i = 1; i <= n_; ++i) {
      if (in[i] && W(i).upos == "PROPN") return true;
    }
    return false;
  }

  // Codes of h and of its conjuncts.
  // Codes of h and of its conjuncts (and appositions that are actors). A conjunct with
  // agents only ("Danish media and government") takes the country of the first one.
  std::vector<std::string> CodeList(int h) const {
    std::vector<std::string> out;
    std::vector<int> heads{h};
    for (int c : children_[h]) {
      if (W(c).deprel == "conj" || W(c).deprel == "appos") heads.push_back(c);
    }
    for (size_t k = 1; k < heads.size() && heads.size() < 32; ++k) {
      if (W(heads[k]).deprel != "appos") continue;
      for (int c : children_[heads[k]]) {
        if (W(c).deprel == "conj") heads.push_back(c);
      }
    }
    std::vector<std::string> first_prefixes;
    for (size_t k = 0; k < heads.size(); ++k) {
      int x = heads[k];
      const NpCode& c = CodeNp(x);
      if (W(x).deprel == "appos" &&
          (c.agents_only || !c.found || (!c.actors.empty() && c.actors[0][0] == '"'))) {
        continue;
      }
      if (k == 0) first_prefixes = c.prefixes;
      if (k > 0 && c.agents_only && !first_prefixes.empty()) {
        for (const std::string& p : first_prefixes) {
          out.push_back(Combine(p, c.agents));
        }
        continue;
      }
      for (const auto& s : c.actors) out.push_back(s);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  int Child(int v, bool (*pred)(const std::string&)) const {
    for (int c : children_[v]) {
      if (pred(W(c).deprel)) return c;
    }
    return 0;
  }

  bool Negated(int v) const {
    for (int c : children_[v]) {
      const std::string& r = W(c).deprel;
      const std::string& f = W(c).form;
      if (r == "neg" || ((r == "advmod" || r == "aux") && (f == "NOT" || f == "N'T" ||
                                                           f == "NEVER"))) {
        return true;
      }
    }
    return false;
  }

  bool HasMarkTo(int v) const {
    for (int c : children_[v]) {
      if (W(c).deprel == "mark" && W(c).form == "TO") return true;
    }
    return false;
  }

  bool IsPronoun(int t) const { return W(t).upos == "PRON"; }

  // Subject of verb v: its own, else inherited through xcomp/conj/aux chains; a pronoun
  // resolves to the subject of the governing verb.
  int Subject(int v, bool* passive) const {
    int cur = v;
    for (int steps = 0; cur != 0 && steps < 8; ++steps) {
      int s = Child(cur, IsSubjRel);
      if (s != 0) {
        if (IsPronoun(s) && W(cur).head != 0) {
          if (cur == v) *passive = IsPassiveSubj(W(s).deprel);
          cur = W(cur).head;
          continue;
        }
        if (cur == v) *passive = IsPassiveSubj(W(s).deprel);
        return s;
      }
      const std::string& r = W(cur).deprel;
      if (r == "xcomp" || r == "conj" || r == "ccomp" || (r == "advcl" && HasMarkTo(cur))) {
        cur = W(cur).head;
      } else {
        return 0;
      }
    }
    return 0;
  }

  // Finds target codes below verb v (objects first, then obliques), breadth first.
  std::vector<std::string> Targets(int v, int subj, bool allow_ccomp, int* where,
                                   bool clauses = true) const {
    std::vector<int> queue;
    for (int c : children_[v]) {
      if (IsObjRel(W(c).deprel)) queue.push_back(c);
    }
    for (int c : children_[v]) {
      if (IsOblRel(W(c).deprel) || (clauses && W(c).deprel == "xcomp")) queue.push_back(c);
    }
    if (allow_ccomp) {
      for (int c : children_[v]) {
        if (W(c).deprel == "ccomp") queue.push_back(c);
      }
    }
    for (int c : children_[v]) {
      if (clauses && W(c).deprel == "advcl") queue.push_back(c);
    }
    for (size_t qi = 0; qi < queue.size() && qi < 64; ++qi) {
      int t = queue[qi];
      if (t == subj) continue;
      const std::string& tr = W(t).deprel;
      bool verbal = W(t).upos == "VERB" || W(t).upos == "AUX" || tr == "ccomp" ||
                    tr == "advcl" || tr == "xcomp";
      if (!verbal) {
        std::vector<std::string> codes = CodeList(t);
        if (!codes.empty()) {
          *where = t;
          return codes;
        }
      }
      for (int c : children_[t]) {
        const std::string& r = W(c).deprel;
        if (IsObjRel(r) || IsOblRel(r) || (clauses && !verbal && r == "acl") ||
            (clauses && verbal && (r == "xcomp" || IsSubjRel(r) || r == "ccomp"))) {
          queue.push_back(c);
        }
      }
    }
    return {};
  }

  // The verb form of the dictionary that token v starts, or nullptr.
  const VerbForm* FindVerb(int v) const {
    const VerbForm* best = nullptr;
    size_t best_len = 0;
    for (const std::string* key : {&W(v).form}) {
      auto it = d_.verbs.forms.find(*key);
      if (it == d_.verbs.forms.end()) continue;
      for (const VerbForm& f : it->second) {
        bool ok = true;
        for (size_t k = 0; k < f.prefix.size() && ok; ++k) {
          int t = v - static_cast<int>(f.prefix.size()) + static_cast<int>(k);
          ok = t >= 1 && (W(t).form == f.prefix[k] || W(t).lemma == f.prefix[k]);
        }
        for (size_t k = 0; k < f.particle.size() && ok; ++k) {
          int t = v + 1 + static_cast<int>(k);
          bool found = t <= n_ && (W(t).form == f.particle[k] || W(t).lemma == f.particle[k]);
          if (!found && k == 0) {
            for (int c : children_[v]) {
              if (W(c).form == f.particle[0] && c > v) found = true;
            }
          }
          ok = found;
        }
        if (!ok) continue;
        size_t len = 1 + f.prefix.size() + f.particle.size();
        if (best == nullptr || len > best_len) {
          best = &f;
          best_len = len;
        }
      }
    }
    return best;
  }

  struct Binding {
    int source = 0;
    int target = 0;
  };

  bool WordMatches(int t, const std::string& w) const {
    return W(t).form == w || W(t).lemma == w;
  }

  // Matches `elems` as an ordered subsequence of tokens `seq` (gaps allowed).
  // Skips seq positions from *pos while they belong to the noun phrase of token t.
  void SkipNp(int t, const std::vector<int>& seq, size_t* pos) const {
    std::vector<char> np = NpTokens(t, /*with_nmod=*/false);
    while (*pos < seq.size() && (np[seq[*pos]] || seq[*pos] == t)) ++*pos;
  }

  // Matches `elems` as an ordered subsequence of tokens `seq` (gaps allowed), except that
  // the last element of a {...} group must directly follow the previous one (the head
  // noun and its nearest modifier). '^' skips one noun phrase; '$' and '+' bind the next
  // noun phrase that codes to an actor.
  bool MatchSide(const std::vector<PatternElement>& elems, const std::vector<int>& seq,
                 bool after_verb, Binding* b) const {
    size_t pos = 0;
    int brace_matched = -1;  // elements matched so far in the open {...}, -1 = none open
    for (size_t ei = 0; ei < elems.size(); ++ei) {
      const PatternElement& e = elems[ei];
      // The first word of a (...) group is a preposition: "(TO X)" is not "to" + verb.
      bool preposition = ei > 0 && elems[ei - 1].kind == PatternElement::kOpen &&
                         elems[ei - 1].text == "(" && e.kind == PatternElement::kWord;
      bool last_in_brace = brace_matched > 0 && ei + 1 < elems.size() &&
                           elems[ei + 1].kind == PatternElement::kClose &&
                           elems[ei + 1].text == "}";
      switch (e.kind) {
        case PatternElement::kOpen:
          if (e.text == "{") brace_matched = 0;
          break;
        case PatternElement::kClose:
          if (e.text == "}") brace_matched = -1;
          break;
        case PatternElement::kCompound:
          break;
        case PatternElement::kSkip: {
          while (pos < seq.size() && W(seq[pos]).upos != "NOUN" && W(seq[pos]).upos != "PROPN" &&
                 W(seq[pos]).upos != "PRON" && W(seq[pos]).upos != "NUM")
            ++pos;
          if (pos == seq.size()) return false;
          SkipNp(seq[pos], seq, &pos);
          break;
        }
        case PatternElement::kWord: {
          if (last_in_brace) {
            if (pos >= seq.size() || !WordMatches(seq[pos], e.text)) return false;
          } else {
            while (pos < seq.size() &&
                   (!WordMatches(seq[pos], e.text) ||
                    (preposition && W(seq[pos]).upos != "ADP" && W(seq[pos]).upos != "SCONJ" &&
                     !(after_verb && W(seq[pos]).upos == "PART"))))
              ++pos;
            if (pos == seq.size()) return false;
          }
          ++pos;
          if (brace_matched >= 0) ++brace_matched;
          break;
        }
        case PatternElement::kSynset: {
          auto it = d_.verbs.synsets.find(e.text);
          if (it == d_.verbs.synsets.end()) return false;
          bool found = false;
          for (; pos < seq.size() && !found; ++pos) {
            for (const auto& alt : it->second) {
              if (pos + alt.size() > seq.size()) continue;
              bool ok = true;
              for (size_t k = 0; k < alt.size() && ok; ++k) ok = WordMatches(seq[pos + k], alt[k]);
              if (ok) {
                pos += alt.size() - 1;
                found = true;
                break;
              }
            }
            if (!found && last_in_brace) return false;
          }
          if (!found) return false;
          if (brace_matched >= 0) ++brace_matched;
          break;
        }
        case PatternElement::kSource:
        case PatternElement::kTarget: {
          bool found = false;
          while (pos < seq.size() && !found) {
            int t = seq[pos];
            if (W(t).upos != "PUNCT" && CodeNp(t).found) {
              (e.kind == PatternElement::kSource ? b->source : b->target) = t;
              found = true;
              SkipNp(t, seq, &pos);
            } else {
              ++pos;
            }
          }
          if (!found) return false;
          break;
        }
      }
    }
    return true;
  }

  void Subtree(int v, std::vector<char>* in) const {
    std::vector<int> stack{v};
    while (!stack.empty()) {
      int t = stack.back();
      stack.pop_back();
      (*in)[t] = 1;
      for (int c : children_[t]) stack.push_back(c);
    }
  }

  bool Discarded() const {
    std::vector<char> all(n_ + 2, 1);
    for (int i = 1; i <= n_; ++i) {
      int id = -1;
      if (!MatchAt(idx_.discards, i, all, &id).empty()) return true;
    }
    return false;
  }

  void CodeVerb(int v, std::set<Triple>* out, std::vector<TracedTriple>* trace) const;

  // The word among h and its conjuncts/appositions whose phrase carries `code`, else h.
  int HeadOf(int h, const std::string& code) const {
    if (h == 0) return 0;
    std::vector<int> heads{h};
    for (int c : children_[h]) {
      if (W(c).deprel == "conj" || W(c).deprel == "appos") heads.push_back(c);
    }
    for (int x : heads) {
      const NpCode& c = CodeNp(x);
      if (std::find(c.actors.begin(), c.actors.end(), code) != c.actors.end()) return x;
    }
    return h;
  }

  const Dictionaries& d_;
  const Coder::Index& idx_;
  const std::vector<Word>& w_;
  int32_t date_;
  const CoderOptions& opts_;
  int n_;
  std::vector<std::vector<int>> children_;  // index 0 = root's children
  mutable std::vector<NpCode> np_cache_;    // per head token, valid where np_done_
  mutable std::vector<char> np_done_;
};

void SentenceCoder::CodeVerb(int v, std::set<Triple>* out,
                             std::vector<TracedTriple>* trace) const {
  const VerbForm* form = FindVerb(v);
  if (form == nullptr) return;
  const VerbBlock& block = d_.verbs.blocks[form->block];
  EventCodes codes = form->has_code ? form->codes : block.codes;

  bool passive = false;
  int subj = Subject(v, &passive);
  std::vector<std::string> subj_codes = subj ? CodeList(subj) : std::vector<std::string>{};

  // Words before and after the verb in its subtree (the subject's words included).
  std::vector<char> in(n_ + 2, 0);
  Subtree(v, &in);
  if (subj) Subtree(subj, &in);
  std::vector<int> before, after;
  for (int i = 1; i <= n_; ++i) {
    // Coordinators ("neither", "and") are not pattern content.
    if (!in[i] || i == v || W(i).upos == "PUNCT" || StartsWith(W(i).deprel, "cc")) continue;
    // Before the verb, adverbs modifying the verb itself are not pattern content.
    if (i < v && W(i).head == v && W(i).deprel == "advmod") continue;
    (i < v ? before : after).push_back(i);
  }
  // Skip the particle/prefix words of a multi-word verb.
  size_t skip_after = form->particle.size();
  while (skip_after > 0 && !after.empty() && after.front() == v + 1) {
    after.erase(after.begin());
    --skip_after;
  }

  const VerbPattern* best = nullptr;
  Binding best_b;
  for (const VerbPattern& p : block.patterns) {
    if (p.compound && subj_codes.size() < 2) continue;
    Binding b;
    if (!MatchSide(p.before, before, false, &b) || !MatchSide(p.after, after, true, &b)) {
      continue;
    }
    if (best == nullptr || p.Specificity() > best->Specificity()) {
      best = &p;
      best_b = b;
    }
  }
  bool compound = false;
  if (best != nullptr) {
    codes = best->codes;
    compound = best->compound;
  }
  if (Negated(v) && !d_.ontology.value.empty()) {
    // "did not clash": the code of the negated event (PETRARCH's coding ontology).
    for (std::string* c : {&codes.forward, &codes.backward}) {
      if (!c->empty() && *c != "---") *c = d_.ontology.Negate(*c);
    }
  }
  if (codes.null() || (codes.forward.empty() && codes.backward.empty())) return;

  std::vector<std::string> sources, targets;
  int source_head = 0, target_head = 0;  // phrase heads, for the trace only
  if (best_b.source) {
    sources = CodeList(best_b.source);
    source_head = best_b.source;
  }
  if (best_b.target) {
    targets = CodeList(best_b.target);
    target_head = best_b.target;
  }
  if (passive && !best_b.source) {
    // "X was attacked by Y": Y is the source, X the target.
    std::vector<std::string> agents;
    int agent_head = 0;
    for (int c : children_[v]) {
      if (IsOblRel(W(c).deprel) && agents.empty()) {
        agents = CodeList(c);
        agent_head = c;
      }
    }
    if (agents.empty()) {
      agents = Targets(v, subj, false, &agent_head, /*clauses=*/false);
    }
    if (!agents.empty()) {
      sources = agents;
      source_head = agent_head;
      if (!best_b.target) {
        targets = subj_codes;
        target_head = subj;
      }
    }
  }
  if (sources.empty()) {
    sources = subj_codes;
    source_head = subj;
  }
  if (best_b.source && !best_b.target) {  // "- * DAY $": subject is hit
    targets = subj_codes;
    target_head = subj;
  }
  if (targets.empty() && !compound) {
    int where = 0;
    // A statement's complement clause holds its target only when the speaker is its
    // subject again ("X said he ... toward Y"); otherwise it is a separate event.
    bool say_like = codes.forward == "010";
    bool same_speaker = false;
    for (int c : children_[v]) {
      if (W(c).deprel != "ccomp") continue;
      int s2 = Child(c, IsSubjRel);
      if (s2 != 0 && IsPronoun(s2)) same_speaker = true;
    }
    targets = Targets(v, subj, !say_like || same_speaker, &where);
    target_head = where;
  }
  if (sources.empty()) return;

  const int line = best != nullptr ? best->line : 0;
  auto record = [&](Triple t, int sh, int th) {
    auto [it, added] = out->insert(std::move(t));
    if (added && trace != nullptr) {
      TracedTriple tt;
      tt.source = HeadOf(sh, it->source);
      tt.target = it->target == "---" ? 0 : HeadOf(th, it->target);
      tt.triple = *it;
      tt.verb = v;
      tt.pattern_line = line;
      trace->push_back(std::move(tt));
    }
  };
  auto emit = [&](const std::string& s, const std::string& t, int sh, int th) {
    if (s == t) return;
    if (!codes.forward.empty() && codes.forward != "---") record({s, t, codes.forward}, sh, th);
    if (!codes.backward.empty() && codes.backward != "---" && t != "---") {
      record({t, s, codes.backward}, th, sh);
    }
  };
  if (compound) {
    for (const auto& a : sources) {
      for (const auto& b : sources) {
        if (a != b) emit(a, b, source_head, source_head);
      }
    }
    return;
  }
  if (targets.empty()) {
    if (opts_.require_dyad) return;
    for (const auto& s : sources) emit(s, "---", source_head, 0);
    return;
  }
  for (const auto& s : sources) {
    for (const auto& t : targets) emit(s, t, source_head, target_head);
  }
}

std::set<Triple> SentenceCoder::Run(std::vector<TracedTriple>* trace) {
  std::set<Triple> out;
  if (Discarded()) return out;
  // Code every verb, then let a coded complement clause ("was seen to break", "will host
  // X to celebrate Y") stand for the verb that governs it, as PETRARCH does.
  std::vector<std::set<Triple>> per_verb(n_ + 1);
  std::vector<std::vector<TracedTriple>> per_verb_trace(trace ? n_ + 1 : 0);
  for (int v = 1; v <= n_; ++v) {
    if (W(v).upos != "VERB") continue;
    CodeVerb(v, &per_verb[v], trace ? &per_verb_trace[v] : nullptr);
  }
  std::vector<char> suppressed(n_ + 1, 0);
  for (int v = 1; v <= n_; ++v) {
    if (per_verb[v].empty()) continue;
    int cur = v;
    for (int steps = 0; steps < n_ && cur != 0; ++steps) {
      const std::string& r = W(cur).deprel;
      if (r != "xcomp" && r != "ccomp" && r != "advcl") break;
      cur = W(cur).head;
      if (cur != 0) suppressed[cur] = 1;
    }
  }
  for (int v = 1; v <= n_; ++v) {
    if (suppressed[v]) continue;
    if (trace != nullptr) {
      for (TracedTriple& t : per_verb_trace[v]) {
        if (!out.count(t.triple)) trace->push_back(std::move(t));
      }
    }
    out.insert(per_verb[v].begin(), per_verb[v].end());
  }
  return out;
}

}  // namespace

std::vector<Triple> Coder::Code(const std::vector<Word>& words, int32_t date,
                                const CoderOptions& opts) const {
  if (words.empty()) return {};
  SentenceCoder sc(*dicts_, *index_, words, date, opts);
  std::set<Triple> s = sc.Run();
  return std::vector<Triple>(s.begin(), s.end());
}

std::vector<TracedTriple> Coder::CodeTraced(const std::vector<Word>& words, int32_t date,
                                            const CoderOptions& opts) const {
  std::vector<TracedTriple> trace;
  if (words.empty()) return trace;
  SentenceCoder sc(*dicts_, *index_, words, date, opts);
  sc.Run(&trace);
  return trace;
}

namespace {
// CPU time of the calling thread: the speed figure should not depend on what else the
// machine is running.
double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}
}  // namespace

ValidationResult RunValidation(const ValidationFile& file, const Coder& coder,
                               const ErrorFn& on_error) {
  ValidationResult r;
  CoderOptions opts;
  for (const ValidationRecord& rec : file.records) {
    for (const auto& [k, v] : rec.config) {
      Status st = opts.Set(k, v);
      if (!st.ok() && on_error) on_error("record " + rec.id + ": <Config>: " + st.message());
    }
    if (!rec.is_sentence) continue;
    ++r.records;
    const double t0 = ThreadCpuSeconds();
    std::vector<Triple> got;
    auto words = ParseConlluSentence(rec.parse);
    const double t1 = ThreadCpuSeconds();
    if (!words.ok()) {
      ++r.bad_parses;
      if (on_error) on_error("record " + rec.id + ": bad parse: " + words.status().message());
    } else {
      got = coder.Code(*words, rec.date, opts);
    }
    r.parse_seconds += t1 - t0;
    r.coding_seconds += ThreadCpuSeconds() - t1;
    std::set<Triple> exp(rec.expected.begin(), rec.expected.end());
    std::set<Triple> g(got.begin(), got.end());
    r.expected_triples += exp.size();
    r.predicted_triples += g.size();
    for (const Triple& t : g) r.correct_triples += exp.count(t);
    if (exp == g) {
      ++r.exact;
    } else {
      r.failures.push_back({rec.id, rec.text, std::vector<Triple>(exp.begin(), exp.end()), got});
    }
  }
  return r;
}

}  // namespace khaldun::petrarch
