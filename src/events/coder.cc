#include "events/coder.h"

#include <algorithm>
#include <cstring>
#include <unordered_set>

#include "events/event_json.h"

namespace khaldun {

// Per-thread working memory, reused across sentences and documents.
struct CoderScratch {
  // Sentence-level.
  std::vector<std::string> lower;   // lower-cased forms
  std::vector<std::string> lemma;   // lower-cased lemmas (form when no lemma)
  std::vector<int> child_begin;     // CSR children: child_begin[i]..child_begin[i+1]
  std::vector<int> children;
  std::vector<int> fill;
  std::vector<int> mention_of;      // token -> mention index or -1
  std::vector<uint8_t> elliptical;  // token: first word of "North and South Korea"
  std::vector<DictMatch> mentions;
  std::vector<int8_t> state;        // tree check
  std::vector<const Pattern*> pat;  // token -> pattern that fired (verbs)
  std::vector<int> pat_obj;         // token -> object token consumed by the pattern
  std::vector<int> light_noun;      // token -> noun token carrying the event (light verbs)
  std::vector<uint8_t> consumed;    // noun tokens already used by a verb event
  std::vector<uint8_t> covered;     // governors whose embedded event was coded
  // Document-level coreference memory.
  struct Memo {
    Actor actor;
    int sentence;
    int token;
    uint8_t type;  // 1 country/government, 2 group/organisation, 3 person, 4 agent subject
    bool subject;  // named as (part of) a clause subject: preferred antecedent
    bool plural = false;  // (agent subjects) "officials" vs "the ministry"
    bool place = false;   // a country named as a place: no antecedent of a pronoun
  };
  std::vector<Memo> memory;
  // Clause subjects that name no actor ("the crane", "Columbia", "the boy"): a later
  // pronoun of the same number more likely stands for them than for an actor named
  // before them.
  struct PlainSubject {
    int sentence;
    int token;
    bool plural;
    int first = 0, last = -1;  // the subject phrase's tokens ("maniacs of the military")
  };
  std::vector<PlainSubject> plain_subjects;
};

void CoderScratchDeleter::operator()(CoderScratch* s) const { delete s; }
std::unique_ptr<CoderScratch, CoderScratchDeleter> NewCoderScratch() {
  return std::unique_ptr<CoderScratch, CoderScratchDeleter>(new CoderScratch);
}

namespace {

bool IsStateSector(std::string_view s) {
  return s == "GOV" || s == "MIL" || s == "COP" || s == "JUD" || s == "LEG" || s == "SPY" ||
         s == "DIP" || s == "ELI" || s == "PTY";
}

bool IsNonStateSector(std::string_view s) {
  return s == "INS" || s == "REB" || s == "SEP" || s == "CRM" || s == "UAF" || s == "TER" ||
         s == "PRM";  // militias: irregular, not a state's conventional forces
}

// People who take to the streets rather than armed or state actors.
bool IsCivilSector(std::string_view s) {
  return s == "OPP" || s == "CVL" || s == "LAB" || s == "EDU" || s == "REF" || s == "REL" ||
         s == "AGR" || s == "HRI" || s == "ENV";
}

std::string_view BaseRel(std::string_view rel) {
  size_t c = rel.find(':');
  return c == std::string_view::npos ? rel : rel.substr(0, c);
}

// Converts `code` for an intended/future/conditional event: cooperation -> 03x
// intent, material conflict -> 13x threat. Verbal codes are kept.
std::string IntentCode(const std::string& code) {
  std::string r = code.substr(0, 2);
  auto sub = [&](int n) { return code.size() > 2 ? code.substr(0, n) : std::string(); };
  if (r == "04") return code.rfind("045", 0) == 0 ? "039" : "036";
  if (r == "06") {
    static const char* m[] = {"031", "0311", "0312", "0313", "0314"};
    int k = code.size() > 2 ? code[2] - '0' : 0;
    return k >= 1 && k <= 4 ? m[k] : "031";
  }
  if (r == "07") {
    static const char* m[] = {"033", "0331", "0332", "0333", "0334", "033"};
    int k = code.size() > 2 ? code[2] - '0' : 0;
    return k >= 1 && k <= 5 ? m[k] : "033";
  }
  if (r == "08") {
    std::string s3 = sub(3);
    if (s3 == "081") return "0351";
    if (s3 == "082") return "0352";
    if (s3 == "083") return "034";
    if (s3 == "084") return "0353";
    if (s3 == "085") return "0354";
    if (s3 == "086") return "0355";
    if (s3 == "087") return "0356";
    return "035";
  }
  if (r == "05") return code == "057" ? "030" : "032";
  if (r == "14") return "133";
  if (r == "15") return "138";
  if (r == "16") {
    std::string s3 = sub(3);
    if (s3 == "161") return "1313";
    if (s3 == "162") return "1311";
    if (s3 == "163") return "1312";
    if (s3 == "164") return "134";
    if (s3 == "165") return "135";
    if (s3 == "166") return "136";
    return "131";
  }
  if (r == "17") {
    if (code == "1721") return "1321";
    if (code == "1722") return "1322";
    if (code == "1723") return "1323";
    if (code == "1724") return "1324";
    std::string s3 = sub(3);
    if (s3 == "172") return "132";
    if (s3 == "175") return "137";
    return "130";
  }
  if (r == "18") return "1383";
  if (r == "19") {
    if (code == "191") return "1381";
    if (code == "192") return "1382";
    return "1384";
  }
  if (r == "20") return "1385";
  return code;
}

// "urge X to Y": Y -> demand for Y.
std::string DemandCode(const std::string& code) {
  std::string r = code.substr(0, 2), s3 = code.size() > 2 ? code.substr(0, 3) : "";
  if (r == "03" || r == "06") {
    if (code.size() == 3 && code[2] >= '1' && code[2] <= '4' && r == "06")
      return std::string("101") + code[2];
    return "101";
  }
  if (r == "07") {
    if (code.size() == 3 && code[2] >= '1' && code[2] <= '4') return std::string("103") + code[2];
    return "103";
  }
  if (r == "08") {
    if (s3 == "081") return "1051";
    if (s3 == "082") return "1052";
    if (s3 == "083") return "104";
    if (s3 == "084") return "1053";
    if (s3 == "085") return "1054";
    if (s3 == "086") return "1055";
    if (s3 == "087") return "1056";
    return "105";
  }
  if (r == "04") return s3 == "045" ? "108" : "106";
  if (r == "05") return "102";
  return "100";
}

// "refuse to Y": rejection of Y.
std::string RefuseCode(const std::string& code) {
  std::string r = code.substr(0, 2), s3 = code.size() > 2 ? code.substr(0, 3) : "";
  if (r == "06" || r == "03") {
    if (r == "06" && code.size() == 3 && code[2] >= '1' && code[2] <= '4')
      return std::string("121") + code[2];
    return "121";
  }
  if (r == "07") {
    if (code.size() == 3 && code[2] >= '1' && code[2] <= '4') return std::string("122") + code[2];
    return "122";
  }
  if (r == "08") {
    if (s3 == "081") return "1241";
    if (s3 == "082") return "1242";
    if (s3 == "083") return "123";
    if (s3 == "084") return "1243";
    if (s3 == "085") return "1244";
    if (s3 == "086") return "1245";
    if (s3 == "087") return "1246";
    return "124";
  }
  if (r == "04") return s3 == "045" ? "126" : "125";
  return "120";
}

// Sectors that make an actor political by PETRARCH convention: the state and its
// organs, parties and opposition, armed groups of every kind, international and
// non-governmental organisations. Civilians, refugees, business, media, education,
// health, religion, labour, farmers and criminals are not: an event between two of
// them ("fishermen rescued migrants", "hackers attacked a church website", "the
// writers train new writers") is not political news.
// The wh-words that open a relative clause ("who", "whom", "which", "whose").
bool IsWhRelative(std::string_view l) {
  return l == "who" || l == "whom" || l == "which" || l == "whose";
}

bool IsPoliticalSector(std::string_view s) {
  return IsStateSector(s) || IsNonStateSector(s) || s == "OPP" || s == "IGO" ||
         s == "PKO" || s == "INT" || s == "NGO" || s == "HRI" || s == "DEV" || s == "IMG" ||
         s == "SEP" || s == "RAD";
}

// Verbal acts: CAMEO roots 01-05 (verbal cooperation) and 09-13 (verbal conflict).
bool VerbalCode(std::string_view code) {
  if (code.size() < 2 || code[0] < '0' || code[0] > '1') return false;
  const int root = (code[0] - '0') * 10 + (code[1] - '0');
  return (root >= 1 && root <= 5) || (root >= 9 && root <= 13);
}

bool InList(const std::vector<std::string>& list, std::string_view v) {
  for (const std::string& s : list)
    if (s == v || s == "*") return true;
  return false;
}

// How many sentences back a pronoun may find its antecedent.
constexpr int kPronounWindow = 2;

const char* const kDefaultTargetPreps[] = {"against", "on", "at", "with", "into", "in", "inside", "within", "to",
                                            "toward", "towards", "upon", "onto", "over", "between"};

// Code, country, sector and pattern of person `e` at `date` (0 = the latest role).
bool PersonActorAt(const DictEntry& e, DateInt date, Actor* a) {
  const PersonRole* r = e.RoleAt(date);
  if (!r) {
    // Out of office at the date: a former elite of the country of the latest role.
    const PersonRole* last = e.RoleAt(0);
    if (!last || last->code.size() < 3) return false;
    a->country = last->code.substr(0, 3);
    a->code = a->country + "ELI";
    a->sector = "ELI";
    a->pattern = last->pattern;
    return true;
  }
  a->code = r->code;
  a->country = r->code.size() >= 3 ? r->code.substr(0, 3) : "";
  if (a->country == "IGO" || a->country == "NGO") a->country.clear();
  a->sector = r->code.size() >= 6 ? r->code.substr(3, 3) : "";
  a->pattern = r->pattern;
  return true;
}

}  // namespace

// The per-sentence algorithm; a short-lived view over one sentence.
struct CoderImpl {
  const Coder& c;
  const Document& doc;
  const Sentence& s;
  int si;  // sentence index
  DateInt date;
  CoderScratch& x;
  std::vector<Event>* out;
  int n = 0;

  // Children of token i (0-based) as [begin, end) into x.children.
  const int* ChildBegin(int i) const { return x.children.data() + x.child_begin[i]; }
  const int* ChildEnd(int i) const { return x.children.data() + x.child_begin[i + 1]; }
  int Head(int i) const { return s.tokens[i].head - 1; }  // -1 = root
  const std::string& Rel(int i) const { return s.tokens[i].deprel; }
  const std::string& Upos(int i) const { return s.tokens[i].upos; }

  int Child(int i, std::string_view rel) const {
    for (const int* p = ChildBegin(i); p != ChildEnd(i); ++p)
      if (Rel(*p) == rel) return *p;
    return -1;
  }
  // The preposition of a nominal (its "case" child), lower case; "" if none.
  std::string_view CaseOf(int i) const {
    for (const int* p = ChildBegin(i); p != ChildEnd(i); ++p)
      if (Rel(*p) == "case") return x.lemma[*p];
    return {};
  }

  Status CheckAndIndex() {
    n = static_cast<int>(s.tokens.size());
    if (n > c.options_.max_tokens)
      return ResourceExhaustedError("sentence has " + std::to_string(n) + " tokens (limit " +
                                    std::to_string(c.options_.max_tokens) + ")");
    x.child_begin.assign(n + 1, 0);
    for (int i = 0; i < n; ++i) {
      int h = s.tokens[i].head;
      if (h < 0 || h > n || h == i + 1)
        return InvalidArgumentError("token " + std::to_string(i + 1) + " has head " +
                                    std::to_string(h));
      if (h > 0) ++x.child_begin[h - 1 + 1];
    }
    // Cycle check: follow heads with colouring (0 new, 1 on path, 2 reaches root).
    x.state.assign(n, 0);
    for (int i = 0; i < n; ++i) {
      int j = i;
      while (j >= 0 && x.state[j] == 0) {
        x.state[j] = 1;
        j = Head(j);
      }
      if (j >= 0 && x.state[j] == 1)
        return InvalidArgumentError("cycle through token " + std::to_string(j + 1));
      j = i;
      while (j >= 0 && x.state[j] == 1) {
        x.state[j] = 2;
        j = Head(j);
      }
    }
    for (int i = 0; i < n; ++i) x.child_begin[i + 1] += x.child_begin[i];
    x.children.resize(n);
    x.fill.assign(x.child_begin.begin(), x.child_begin.end() - 1);
    for (int i = 0; i < n; ++i)
      if (s.tokens[i].head > 0) x.children[x.fill[s.tokens[i].head - 1]++] = i;
    if (x.lower.size() < static_cast<size_t>(n)) {
      x.lower.resize(n);
      x.lemma.resize(n);
    }
    for (int i = 0; i < n; ++i) {
      const Token& t = s.tokens[i];
      AsciiLower(t.form, &x.lower[i]);
      if (t.lemma.empty() || t.lemma == "_") x.lemma[i] = x.lower[i];
      else AsciiLower(t.lemma, &x.lemma[i]);
      if (t.upos == "VERB") RepairVerbLemma(i);
    }
    // Dictionary mentions.
    x.mention_of.assign(n, -1);
    x.elliptical.assign(n, 0);
    x.mentions.clear();
    for (int i = 0; i < n;) {
      DictMatch m;
      if (c.actors_->MatchAt(s, x.lower, i, &m, date)) {
        // "welcomed mediation by a third party": the idiom names no political party.
        const auto& me = c.actors_->entry(m.entry);
        if (me.kind == EntryKind::kAgent && me.sector == "PTY" && m.begin > 0 &&
            x.lower[m.begin - 1] == "third") {
          i = m.end;
          continue;
        }
        for (int k = m.begin; k < m.end; ++k) x.mention_of[k] = static_cast<int>(x.mentions.size());
        x.mentions.push_back(m);
        i = m.end;
      } else if (EllipticalName(s, i, date, &m)) {
        x.elliptical[i] = 1;
        x.mention_of[i] = static_cast<int>(x.mentions.size());
        x.mentions.push_back(m);
        ++i;
      } else {
        ++i;
      }
    }
    return Status::Ok();
  }

  // "North and South Korea", "East and West German leaders": a word before "and"/"or"
  // that shares the rest of the following country name or adjective names a country of
  // its own. Sets `m` to the one-token mention of word i.
  bool EllipticalName(const Sentence& s, int i, DateInt date, DictMatch* m) const {
    const int n = static_cast<int>(s.tokens.size());
    if (i + 3 >= n || (x.lower[i + 1] != "and" && x.lower[i + 1] != "or")) return false;
    const std::string& a = s.tokens[i].form;
    if (a.empty() || !std::isupper(static_cast<unsigned char>(a[0]))) return false;
    DictMatch next;
    if (!c.actors_->MatchAt(s, x.lower, i + 2, &next, date) || next.end - next.begin < 2)
      return false;
    const DictEntry& ne = c.actors_->entry(next.entry);
    if (ne.kind != EntryKind::kCountry && ne.kind != EntryKind::kAdjective) return false;
    thread_local Sentence name;
    thread_local std::vector<std::string> lower;
    name.tokens.assign(1, s.tokens[i]);
    for (int k = next.begin + 1; k < next.end; ++k) name.tokens.push_back(s.tokens[k]);
    lower.resize(name.tokens.size());
    for (size_t k = 0; k < name.tokens.size(); ++k) AsciiLower(name.tokens[k].form, &lower[k]);
    DictMatch own;
    if (!c.actors_->MatchAt(name, lower, 0, &own, date) ||
        own.end != static_cast<int>(name.tokens.size()))
      return false;
    const DictEntry& oe = c.actors_->entry(own.entry);
    if (oe.kind != ne.kind || oe.country == ne.country) return false;
    m->begin = i;
    m->end = i + 1;
    m->entry = own.entry;
    return true;
  }

  // A verb lemma the patterns do not know may be a lemmatiser slip ("rioted" ->
  // "riote"): the regular stems of the form that the patterns do know are used instead.
  void RepairVerbLemma(int i) {
    const std::string& l = x.lemma[i];
    const PatternSet& ps = *c.patterns_;
    if (ps.Verbs(l) || ps.Class(l) != VerbClass::kNone || ps.IsLight(l)) return;
    std::string_view f = x.lower[i];
    auto known = [&](std::string_view cand) {
      return cand.size() > 1 && (ps.Verbs(cand) || ps.Class(cand) != VerbClass::kNone);
    };
    auto ends = [&](std::string_view suf) {
      return f.size() > suf.size() + 2 && f.substr(f.size() - suf.size()) == suf;
    };
    std::string_view a, b;
    bool plus_e = false;  // b is a + "e"
    if (ends("ed")) {
      a = f.substr(0, f.size() - 2);
      b = f.substr(0, f.size() - 1);
    } else if (ends("ing")) {
      a = f.substr(0, f.size() - 3);
      plus_e = true;
    } else if (ends("es")) {
      a = f.substr(0, f.size() - 1);
      b = f.substr(0, f.size() - 2);
    } else if (ends("s")) {
      a = f.substr(0, f.size() - 1);
    }
    if (known(a)) {
      x.lemma[i].assign(a);
      return;
    }
    if (plus_e) {
      std::string e(a);
      e += 'e';
      if (known(e)) x.lemma[i] = std::move(e);
      return;
    }
    if (known(b)) x.lemma[i].assign(b);
  }

  Span TokSpan(int a, int b) const {  // tokens a..b inclusive
    return Span{s.tokens[a].span.begin, s.tokens[b].span.end};
  }

  void SetText(Actor* a) const { a->text = std::string(doc.Text(a->span)); }

  // The actor named by a dictionary mention (no modifiers). False for agents/cities.
  bool EntryActor(const DictEntry& e, Actor* a) const {
    a->pattern = e.pattern;
    switch (e.kind) {
      case EntryKind::kCountry:
      case EntryKind::kAdjective:
      case EntryKind::kCity:
        a->code = e.country;
        a->country = e.country;
        a->sector.clear();
        return true;
      case EntryKind::kCapital:
        a->code = e.code;
        a->country = e.country;
        a->sector = "GOV";
        return true;
      case EntryKind::kOrg:
        a->code = e.code;
        a->country = e.country;
        a->sector = e.sector;
        return true;
      case EntryKind::kPerson:
        return PersonActorAt(e, date, a);
      case EntryKind::kAgent:
        return false;
    }
    return false;
  }

  // Coreference: most recent memo of `type` (0 = country or group) before token `tok`.
  // `want` = how many distinct actors ("both countries" -> 2).
  // `pronoun` (it, they, he, ...): the antecedent must be named in this sentence or
  // the two before it, with no clause subject of the same number that names no actor
  // in between or as the subject of the antecedent's sentence (`plural`: the
  // pronoun's number).
  void Recall(int tok, uint8_t type, int want, std::vector<Actor>* found,
              bool pronoun = false, bool plural = false) const {
    auto blocked = [&](const CoderScratch::Memo& m) {
      if (m.sentence < si - kPronounWindow) return true;
      for (const CoderScratch::PlainSubject& p : x.plain_subjects) {
        // A subject outranks a non-subject actor of its own sentence ("They were denied
        // visas to enter the United States. They ..." is not the United States).
        const bool in_phrase = p.sentence == m.sentence && m.token >= p.first && m.token <= p.last;
        bool after_memo = p.sentence > m.sentence ||
                          (p.sentence == m.sentence && (p.token > m.token || (!m.subject && !in_phrase)));
        bool before_pron = p.sentence < si || (p.sentence == si && p.token < tok);
        if (after_memo && before_pron && p.plural == plural) return true;
      }
      return false;
    };
    auto agrees = [&](const CoderScratch::Memo& m) {
      if (m.sentence == si && m.token >= tok) return false;
      if (pronoun && blocked(m)) return false;
      // An agent subject ("the authors say ... They call for ...", "the ministry said
      // ... It added") is what a pronoun of its number stands for; a country named
      // only as a place ("in the Australian population") is not.
      if (pronoun && m.place) return false;
      if (m.type == 4) return pronoun && (type == 0 || type == 2) && m.plural == (type == 2);
      return type == 0 ? (m.type == 1 || m.type == 2) : m.type == type;
    };
    // A single antecedent: the subject of the most recent sentence with a candidate.
    if (want == 1) {
      int sent = -1;
      for (auto it = x.memory.rbegin(); it != x.memory.rend(); ++it) {
        if (!agrees(*it)) continue;
        if (sent < 0) sent = it->sentence;
        if (it->sentence != sent) break;
        if (it->subject) {
          found->push_back(it->actor);
          return;
        }
      }
    }
    for (auto it = x.memory.rbegin(); it != x.memory.rend() && want > 0; ++it) {
      if (!agrees(*it)) continue;
      bool dup = false;
      for (const Actor& a : *found)
        if (a.code == it->actor.code) dup = true;
      if (dup) continue;
      found->push_back(it->actor);
      --want;
    }
  }

  // Resolves a pronoun or definite description at token i; appends actors.
  bool ResolveAnaphor(int i, std::vector<Actor>* outv) const {
    std::string_view w = x.lower[i];
    std::string_view lem = x.lemma[i];
    uint8_t type = 255;
    int want = 1;
    if (w == "it" || w == "its" || w == "itself") type = 0;
    else if (w == "they" || w == "them" || w == "their" || w == "theirs" || w == "themselves")
      type = 2;
    else if (w == "he" || w == "him" || w == "his" || w == "she" || w == "her") type = 3;
    else if (Upos(i) == "NOUN") {
      if (lem == "country" || lem == "nation" || lem == "neighbour" || lem == "neighbor" ||
          lem == "state" || lem == "side" || lem == "government" || lem == "capital")
        type = 1;
      else if (lem == "group" || lem == "organization" || lem == "organisation" ||
               lem == "outfit" || lem == "movement")
        type = 2;
      if (type == 255) return false;
      // "the Turkish and Greek sides": a description that names its own country is not
      // an anaphor.
      for (const int* p = ChildBegin(i); p != ChildEnd(i); ++p)
        if ((BaseRel(Rel(*p)) == "amod" || BaseRel(Rel(*p)) == "compound") &&
            x.mention_of[*p] >= 0 &&
            c.actors_->entry(x.mentions[x.mention_of[*p]].entry).kind != EntryKind::kAgent)
          return false;
      // Needs a definite/demonstrative/"both"/"two" determiner.
      bool definite = false;
      for (const int* p = ChildBegin(i); p != ChildEnd(i); ++p) {
        std::string_view d = x.lower[*p];
        if (Rel(*p) == "det" && (d == "the" || d == "this" || d == "that" || d == "both" ||
                                 d == "these" || d == "those"))
          definite = true;
        if ((Rel(*p) == "det" || Rel(*p) == "nummod") && (d == "both" || d == "two")) want = 2;
        if (Rel(*p) == "det:predet" && d == "both") want = 2;
        // "criticised both countries and urged ...", "both" read as the first half of
        // "both ... and" joining the noun to a later clause: the noun has no conjunct.
        if (Rel(*p) == "cc:preconj" && d == "both" && Child(i, "conj") < 0) {
          definite = true;
          want = 2;
        }
      }
      if (!definite) return false;
    } else {
      return false;
    }
    std::vector<Actor> found;
    const bool pronoun = Upos(i) == "PRON";
    // "X said it/they/he ...": the subject pronoun of a reported clause is its speaker
    // when they agree ("Tehran said it attacked ...", "militants said they attempted").
    if (pronoun && want == 1 && BaseRel(Rel(i)) == "nsubj" && Head(i) >= 0) {
      const int g = SpeechGovernor(Head(i));
      bool sp = false;
      const int who = g >= 0 ? SubjectOf(g, &sp) : -1;
      std::vector<Actor> spk;
      if (who >= 0 && who < i && !sp && ResolveNP(who, &spk) && spk.size() == 1) {
        const std::string& xp = s.tokens[who].xpos;
        const bool plural_np = xp == "NNS" || xp == "NNPS";
        const bool person = NamesPerson(spk[0]);
        if ((type == 3 && person) || (type == 0 && !person && !plural_np) ||
            (type == 2 && !person && (plural_np || spk[0].sector.empty() ||
                                      !IsStateSector(spk[0].sector))))
          found = std::move(spk);
      }
    }
    // "Hungary criticised both countries": the pair is never the clause's own subject.
    int own_subject = -1;
    if (want == 2 && !pronoun && Head(i) >= 0 &&
        (Rel(i) == "obj" || BaseRel(Rel(i)) == "obl" || BaseRel(Rel(i)) == "nmod"))
      own_subject = Child(Head(i), "nsubj");
    if (found.empty())
      Recall(i, type, own_subject >= 0 ? want + 1 : want, &found, pronoun, type == 2);
    if (own_subject >= 0 && found.size() > static_cast<size_t>(want)) {
      std::vector<Actor> subj;
      if (ResolveNP(own_subject, &subj))
        std::erase_if(found, [&](const Actor& a) {
          return std::any_of(subj.begin(), subj.end(),
                             [&](const Actor& b) { return b.code == a.code; });
        });
      if (found.size() > static_cast<size_t>(want)) found.resize(want);
    }
    if (found.empty() && type == 2) Recall(i, 1, want, &found, pronoun, true);  // "they" = a country
    // "The movement" names a group of people, never an intergovernmental body.
    if (lem == "movement" && !pronoun)
      std::erase_if(found, [](const Actor& a) { return a.sector == "IGO"; });
    if (found.empty()) return false;
    for (Actor& a : found) {
      a.span = s.tokens[i].span;
      // Keep the determiner in the text ("the country").
      for (const int* p = ChildBegin(i); p != ChildEnd(i); ++p)
        if (*p < i && (Rel(*p) == "det" || Rel(*p) == "nummod" || Rel(*p) == "det:predet"))
          a.span.begin = std::min(a.span.begin, s.tokens[*p].span.begin);
      SetText(&a);
      a.pattern = "coref:" + a.pattern;
      outv->push_back(std::move(a));
    }
    return true;
  }

  bool Reflexive(int t) const {
    std::string_view w = x.lower[t];
    return Upos(t) == "PRON" && (w == "itself" || w == "themselves" || w == "himself" ||
                                 w == "herself" || w == "ourselves" || w == "oneself");
  }

  // "the Russian language": a language named by a nationality stands for no actor.
  bool IsLanguage(int t) const { return x.lemma[t] == "language" || x.lemma[t] == "dialect"; }

  // Countries/organisations attached to token `h` (amod, compound, nmod:poss, nmod
  // with of/from, flat), with their conjuncts. `loc` receives a country named with
  // "in" (location). Returns the tokens' actors.
  void ModifierActors(int h, std::vector<Actor>* mods, Actor* loc, int* lo, int* hi) const {
    int m0 = x.mention_of[h];
    int first = m0 >= 0 ? x.mentions[m0].begin : h;
    int last = m0 >= 0 ? x.mentions[m0].end - 1 : h;
    for (int t = first; t <= last; ++t) {
      for (const int* p = ChildBegin(t); p != ChildEnd(t); ++p) {
        int ch = *p;
        if (ch >= first && ch <= last) continue;
        std::string_view rel = Rel(ch);
        std::string_view base = BaseRel(rel);
        bool poss = rel == "nmod:poss";
        bool modrel = base == "amod" || base == "compound" || poss || base == "flat" ||
                      base == "nmod" || base == "obl";
        if (!modrel) continue;
        std::string_view prep = (!poss && (base == "nmod" || base == "obl")) ? CaseOf(ch) : "";
        bool is_loc = prep == "in" || prep == "inside" || prep == "across" || prep == "near";
        if (!poss && (base == "nmod" || base == "obl") && !(prep == "of" || prep == "from" || is_loc))
          continue;
        // The modifier and its conjuncts.
        int cands[8];
        int nc = 0;
        cands[nc++] = ch;
        for (const int* q = ChildBegin(ch); q != ChildEnd(ch) && nc < 8; ++q)
          if (Rel(*q) == "conj") cands[nc++] = *q;
        for (int k = 0; k < nc; ++k) {
          int t2 = cands[k];
          int mi = x.mention_of[t2];
          Actor a;
          bool agent = mi >= 0 && c.actors_->entry(x.mentions[mi].entry).kind == EntryKind::kAgent;
          if (mi >= 0 && !agent) {
            const DictMatch& m = x.mentions[mi];
            if (!EntryActor(c.actors_->entry(m.entry), &a)) continue;
            a.span = TokSpan(m.begin, m.end - 1);
          } else if (!poss && (Upos(t2) == "NOUN" || Upos(t2) == "PROPN") && !IsLanguage(t2) &&
                     [&] {
                       for (const int* q = ChildBegin(t2); q != ChildEnd(t2); ++q)
                         if ((Rel(*q) == "compound" || Rel(*q) == "amod") && x.mention_of[*q] >= 0 &&
                             EntryActor(c.actors_->entry(x.mentions[x.mention_of[*q]].entry), &a)) {
                           mi = x.mention_of[*q];
                           return true;
                         }
                       return false;
                     }()) {
            // "the government of Sindh province", "activists from the Fatah party": the
            // place or organisation named inside the modifier.
            a.span = TokSpan(x.mentions[mi].begin, x.mentions[mi].end - 1);
          } else if (agent) {
            continue;
          } else if (rel == "nmod:poss") {
            std::vector<Actor> ana;
            // "their countries", "their governments": the two most recent countries.
            const std::string& hl = x.lemma[h];
            if (x.lower[t2] == "their" && x.lower[h] != hl &&
                (hl == "country" || hl == "nation" || hl == "government" || hl == "state")) {
              Recall(t2, 1, 2, &ana);
              if (ana.size() > 1) {
                for (size_t k = 1; k < ana.size(); ++k) {
                  ana[k].span = TokSpan(t2, t2);
                  SetText(&ana[k]);
                  ana[k].pattern = "coref:" + ana[k].pattern;
                  mods->push_back(std::move(ana[k]));
                }
                a = ana[0];
                a.span = TokSpan(t2, t2);
                SetText(&a);
                a.pattern = "coref:" + a.pattern;
              } else {
                ana.clear();
              }
            }
            if (ana.empty()) {
              if (!ResolveAnaphor(t2, &ana)) continue;
              a = ana[0];
            }
          } else {
            continue;
          }
          if (is_loc) {
            if (!a.country.empty()) *loc = a;
            continue;
          }
          *lo = std::min(*lo, t2 < first ? t2 : *lo);
          *hi = std::max(*hi, t2 > last ? t2 : *hi);
          if (mi >= 0) {
            *lo = std::min(*lo, x.mentions[mi].begin);
            *hi = std::max(*hi, x.mentions[mi].end - 1);
          }
          mods->push_back(std::move(a));
        }
      }
    }
  }

  // A bare agent ("the president", "opposition groups") belongs to the country the
  // document is talking about: the most recent country named before it (domestic
  // default). False when the document has named none yet.
  // Peacekeepers and observers (PKO) are international by definition: not the
  // document's country, only one the sentence names after them (where they serve:
  // "the peacekeeping force in Lebanon").
  // "George Bush and James Baker, secretary of state": the country of an office in
  // apposition to a name the dictionaries do not know, conjoined with a known actor,
  // is that actor's (not a guess from the document's other countries). Empty if none.
  std::string ConjoinedNameCountry(int tok) const {
    const int nm = Head(tok);
    if (Rel(tok) != "appos" || nm < 0 || x.mention_of[nm] >= 0 || Upos(nm) != "PROPN") return {};
    std::vector<int> sides;
    if (Rel(nm) == "conj" && Head(nm) >= 0) sides.push_back(Head(nm));
    for (const int* q = ChildBegin(nm); q != ChildEnd(nm); ++q)
      if (Rel(*q) == "conj") sides.push_back(*q);
    for (int o : sides) {
      if (x.mention_of[o] < 0) continue;
      Actor known;
      if (EntryActor(c.actors_->entry(x.mentions[x.mention_of[o]].entry), &known) &&
          !known.country.empty())
        return known.country;
    }
    return {};
  }

  bool DomesticAgent(int tok, const DictEntry& agent, Actor* a) const {
    if (std::string country = ConjoinedNameCountry(tok); !country.empty()) {
      a->country = country;
      a->code = country + agent.sector;
      a->sector = agent.sector;
      a->pattern = "conjoined:" + agent.pattern;
      return true;
    }
    std::vector<Actor> found;
    if (agent.sector != "PKO") Recall(tok, 1, 1, &found);
    if (found.empty() || found[0].country.empty()) {
      // Or the first country named later in the same sentence.
      for (const DictMatch& m : x.mentions) {
        const DictEntry& e = c.actors_->entry(m.entry);
        if (m.begin > tok && (e.kind == EntryKind::kCountry || e.kind == EntryKind::kAdjective ||
                              e.kind == EntryKind::kCapital)) {
          found.clear();
          Actor f;
          EntryActor(e, &f);
          found.push_back(f);
          break;
        }
      }
    }
    if (found.empty() || found[0].country.empty()) return false;
    a->country = found[0].country;
    a->code = a->country + agent.sector;
    a->sector = agent.sector;
    a->pattern = "domestic:" + agent.pattern;
    return true;
  }

  // Reads the contiguous noun phrase ending at token `end` linearly (robust to parse
  // errors): a named person/organisation wins, else agent + country ("British Defence
  // Secretary", "Japanese Prime Minister X"), else a country, else the bare agent.
  bool LinearNP(int end, std::vector<Actor>* outv) const {
    auto np_tok = [&](int t) {
      std::string_view up = Upos(t);
      return up == "PROPN" || up == "ADJ" || up == "NOUN" || x.lower[t] == "'s" ||
             x.lower[t] == "\xe2\x80\x99s";
    };
    if (end < 0 || end >= n) return false;
    while (end + 1 < n && x.mention_of[end + 1] >= 0 && x.mention_of[end + 1] == x.mention_of[end]) ++end;
    if (x.mention_of[end] < 0 && c.actors_->NonActorNoun(x.lemma[end])) return false;
    int b = end;
    while (b > 0 && end - b < 7 && np_tok(b - 1)) --b;
    const DictEntry* agent = nullptr;
    Actor country, named;
    bool has_country = false, has_named = false;
    int lo = end, hi = b;
    for (int t = b; t <= end;) {
      int mi = x.mention_of[t];
      if (mi < 0) {
        ++t;
        continue;
      }
      const DictMatch& m = x.mentions[mi];
      if (m.begin < b || m.end - 1 > end) {
        t = m.end;
        continue;
      }
      const DictEntry& e = c.actors_->entry(m.entry);
      Actor a;
      if (e.kind == EntryKind::kAgent) {
        agent = &e;
      } else if (EntryActor(e, &a)) {
        bool place = e.kind == EntryKind::kCountry || e.kind == EntryKind::kAdjective ||
                     e.kind == EntryKind::kCapital || e.kind == EntryKind::kCity;
        if (place) {
          if (!has_country) country = a;
          has_country = true;
        } else {
          named = a;
          has_named = true;
        }
      } else {
        t = m.end;
        continue;
      }
      lo = std::min(lo, m.begin);
      hi = std::max(hi, m.end - 1);
      t = m.end;
    }
    Actor a;
    if (has_named) {
      a = named;
    } else if (agent && has_country) {
      a = country;
      a.code = country.country + agent->sector;
      a.sector = agent->sector;
      a.pattern = country.pattern + "+" + agent->pattern;
    } else if (has_country) {
      a = country;
    } else if (agent) {
      if (!DomesticAgent(end, *agent, &a)) {
        a.code = agent->sector;
        a.sector = agent->sector;
        a.pattern = agent->pattern;
      }
    } else {
      return false;
    }
    if (lo > hi) return false;
    a.span = TokSpan(lo, hi);
    SetText(&a);
    outv->push_back(std::move(a));
    return true;
  }

  // A people named by a demonym noun lives where its modifiers say: "Bosnian Serbs"
  // and "Iraqi Kurds" are people of Bosnia and Iraq; "ethnic Albanians" are a
  // minority of the country the sentence names (the first other country).
  void ResidentPeople(int h, Actor* a) const {
    for (const int* q = ChildBegin(h); q != ChildEnd(h); ++q) {
      if (Rel(*q) != "amod" && Rel(*q) != "compound") continue;
      int mi = x.mention_of[*q];
      if (mi >= 0) {
        Actor b;
        const DictEntry& e = c.actors_->entry(x.mentions[mi].entry);
        if ((e.kind == EntryKind::kAdjective || e.kind == EntryKind::kCountry) &&
            EntryActor(e, &b) && !b.country.empty() && b.country != a->country) {
          a->pattern = b.pattern + "+" + a->pattern;
          a->code = a->country = b.country;
          return;
        }
      } else if (x.lemma[*q] == "ethnic") {
        for (const DictMatch& m : x.mentions) {
          const DictEntry& e = c.actors_->entry(m.entry);
          Actor b;
          if ((e.kind == EntryKind::kCountry || e.kind == EntryKind::kCity) && EntryActor(e, &b) &&
              !b.country.empty() && b.country != a->country) {
            a->pattern = "minority:" + a->pattern;
            a->code = b.country + "CVL";
            a->country = b.country;
            a->sector = "CVL";
            return;
          }
        }
      }
    }
  }

  bool IsCrowd(int h) const {
    const std::string& q = x.lemma[h];
    return q == "thousand" || q == "thousands" || q == "hundred" || q == "hundreds" ||
           q == "dozen" || q == "dozens" || q == "million" || q == "millions" || q == "tens" ||
           q == "scores";
  }

  // Actors of the nominal headed by `h` (not following conj). Appends to *outv.
  bool ResolveHead(int h, std::vector<Actor>* outv, int depth = 0) const {
    int mi = x.mention_of[h];
    if (mi >= 0) {
      const DictMatch& m = x.mentions[mi];
      const DictEntry& e = c.actors_->entry(m.entry);
      Actor base;
      if (EntryActor(e, &base)) {
        if (e.kind == EntryKind::kAdjective && Upos(h) != "ADJ") ResidentPeople(h, &base);
        // Orgs/countries can still carry an agent-less modifier; use the name alone.
        base.span = TokSpan(m.begin, m.end - 1);
        SetText(&base);
        // "US and British forces" where "British forces" is one entry (GBRMIL): the
        // country conjoined with its adjective gets the same sector (USAMIL).
        int cj = m.begin;
        int ch = Head(cj);
        if (Rel(cj) == "conj" && ch >= 0 && ch < m.begin && Head(ch) >= m.begin &&
            Head(ch) < m.end && !base.sector.empty() && !base.country.empty()) {
          std::string_view chrel = BaseRel(Rel(ch));
          int cm = x.mention_of[ch];
          Actor other;
          if ((chrel == "amod" || chrel == "compound") && cm >= 0) {
            const DictEntry& ce = c.actors_->entry(x.mentions[cm].entry);
            if ((ce.kind == EntryKind::kCountry || ce.kind == EntryKind::kAdjective) &&
                EntryActor(ce, &other) && !other.country.empty() && other.country != base.country) {
              other.code = other.country + base.sector;
              other.sector = base.sector;
              other.pattern = other.pattern + "+" + base.pattern;
              other.span = TokSpan(x.mentions[cm].begin, m.end - 1);
              SetText(&other);
            } else {
              other = Actor();
            }
          }
          outv->push_back(std::move(base));
          if (!other.code.empty()) outv->push_back(std::move(other));
          return true;
        }
        outv->push_back(std::move(base));
        return true;
      }
      if (e.kind != EntryKind::kAgent) return false;
      // Agent: combine with an attached country / organisation.
      std::vector<Actor> mods;
      Actor loc;
      int lo = m.begin, hi = m.end - 1;
      ModifierActors(h, &mods, &loc, &lo, &hi);
      if (mods.empty() && !loc.country.empty() && !IsStateSector(e.sector)) mods.push_back(loc);
      if (mods.empty()) {
        // An antecedent standing for the agent takes the agent's sector if it has none.
        auto antecedent = [&e](Actor* a) {
          if (a->sector.empty()) {
            a->sector = e.sector;
            a->code = a->country + e.sector;
          }
          a->pattern = "coref:" + a->pattern;
        };
        // The phrase's words (with its determiner) are the actor's text.
        auto add = [&](Actor a) {
          a.span = TokSpan(lo, hi);
          for (const int* p = ChildBegin(h); p != ChildEnd(h); ++p)
            if (*p < lo && Rel(*p) == "det") a.span.begin = s.tokens[*p].span.begin;
          SetText(&a);
          outv->push_back(std::move(a));
        };
        // "the two ministers", "both leaders": the two most recent people of two
        // countries (then governments and countries), each with its own code.
        if (IsStateSector(e.sector) && [&] {
              for (const int* p = ChildBegin(h); p != ChildEnd(h); ++p)
                if ((Rel(*p) == "nummod" || BaseRel(Rel(*p)) == "det") &&
                    (x.lower[*p] == "two" || x.lower[*p] == "both"))
                  return true;
                else if (Rel(*p) == "cc:preconj" && x.lower[*p] == "both" &&
                         Child(h, "conj") < 0)
                  return true;
              return false;
            }()) {
          std::vector<Actor> cands, pair;
          Recall(h, 3, 2, &cands);
          Recall(h, 1, 2, &cands);
          for (const Actor& a : cands)
            if (pair.size() < 2 && !a.country.empty() &&
                (pair.empty() || pair[0].country != a.country))
              pair.push_back(a);
          if (pair.size() == 2) {
            for (Actor& a : pair) {
              antecedent(&a);
              add(std::move(a));
            }
            return true;
          }
        }
        std::vector<Actor> lin;
        if (LinearNP(m.end - 1, &lin) && !lin[0].country.empty()) {
          outv->push_back(std::move(lin[0]));
          return true;
        }
        // "the militants": the most recent group; bare agents keep only the sector.
        bool definite = false;
        for (const int* p = ChildBegin(h); p != ChildEnd(h); ++p)
          if (Rel(*p) == "det" && x.lower[*p] == "the") definite = true;
        std::vector<Actor> found;
        if (definite) Recall(h, IsStateSector(e.sector) ? 1 : 2, 1, &found);
        Actor a;
        if (!found.empty() && (found[0].sector.empty() || found[0].sector == e.sector ||
                               !IsStateSector(e.sector))) {
          a = found[0];
          antecedent(&a);
        } else if (!DomesticAgent(h, e, &a)) {
          a.code = e.sector;
          a.sector = e.sector;
          a.pattern = e.pattern;
        }
        add(std::move(a));
        return true;
      }
      for (Actor& a : mods) {
        // A person's group ("her party", "the former president's supporters") is of the
        // person's country with the group's own sector, not the person's role.
        const bool person = !a.country.empty() && NamesPerson(a);
        if (!person && a.code.size() > 3 && a.sector != "GOV" && !a.sector.empty() &&
            a.code != a.country) {
          // Organisation + agent ("Hamas fighters"): keep the organisation's code.
        } else {
          a.code = a.country + e.sector;
          a.sector = e.sector;
        }
        a.pattern = a.pattern + "+" + e.pattern;
        a.span = TokSpan(lo, hi);
        SetText(&a);
        outv->push_back(std::move(a));
      }
      return true;
    }
    if (ResolveAnaphor(h, outv)) return true;
    // A discarded noun ("the Afghan team", "a Pakistani storm") stands for no actor.
    if (c.actors_->NonActorNoun(x.lemma[h])) return false;
    if (depth > 0) return false;
    std::string_view up = Upos(h);
    if (up != "NOUN" && up != "PROPN") return false;
    // Not an actor noun: an attached country stands for it ("Iranian delegation"),
    // or its "of" complement ("positions of the militants"). A language named by a
    // nationality ("the Russian language") stands for no actor.
    if (IsLanguage(h)) return false;
    std::vector<Actor> mods;
    Actor loc;
    int lo = h, hi = h;
    ModifierActors(h, &mods, &loc, &lo, &hi);
    if (!mods.empty()) {
      for (Actor& a : mods) {
        // "Thousands of Nigerians": a crowd of a nationality is its civilians.
        if (IsCrowd(h) && a.sector.empty() && !a.country.empty()) {
          a.sector = "CVL";
          a.code = a.country + "CVL";
        }
        a.span = TokSpan(lo, hi);
        SetText(&a);
        outv->push_back(std::move(a));
      }
      return true;
    }
    for (const int* p = ChildBegin(h); p != ChildEnd(h); ++p) {
      if (BaseRel(Rel(*p)) != "nmod" || CaseOf(*p) != "of") continue;
      size_t before = outv->size();
      if (!ResolveNP(*p, outv, 1)) return false;
      if (IsCrowd(h))
        for (size_t k = before; k < outv->size(); ++k) {
          Actor& a = (*outv)[k];
          if (a.sector.empty() && !a.country.empty()) {
            a.sector = "CVL";
            a.code = a.country + "CVL";
          }
        }
      return true;
    }
    // "violations by Algerian security forces", "crimes by extremists", "the
    // demonstration staged by students": the doer.
    for (const int* p = ChildBegin(h); p != ChildEnd(h); ++p) {
      if (BaseRel(Rel(*p)) == "nmod" && CaseOf(*p) == "by") return ResolveNP(*p, outv, 1);
      // (Only for an event noun: "a lunch hosted by the ambassador" names a host,
      // not an actor.)
      if (BaseRel(Rel(*p)) == "acl" && s.tokens[*p].xpos == "VBN" &&
          c.patterns_->Nouns(x.lemma[h]))
        for (const int* q = ChildBegin(*p); q != ChildEnd(*p); ++q)
          if (Rel(*q) == "obl:agent" || (BaseRel(Rel(*q)) == "obl" && CaseOf(*q) == "by"))
            return ResolveNP(*q, outv, 1);
    }
    // An unknown name with a description in apposition ("Salaheddine Sidhoum,
    // Algeria's leading human rights activist").
    for (const int* p = ChildBegin(h); p != ChildEnd(h); ++p)
      if (Rel(*p) == "appos" && ResolveHead(*p, outv, 1)) return true;
    if (up == "PROPN" && LinearNP(h, outv)) return true;  // "Japanese Prime Minister Ryutaro Hashimoto"
    // ... or with a title before it ("Niger's ambassador Brah Mohamane", "Nigerian
    // junior foreign minister Dubem Oniya").
    if (up == "PROPN")
      for (const int* p = ChildBegin(h); p != ChildEnd(h); ++p)
        if (Rel(*p) == "nmod:desc" && *p < h && ResolveHead(*p, outv, 1)) return true;
    if (up == "PROPN") return false;
    return false;
  }

  // Nearest actor phrase left (dir -1) or right (dir +1) of v within the clause, for
  // parses that missed the subject or object.
  bool NearestActor(int v, int dir, std::vector<Actor>* outv) const {
    for (int t = v + dir, k = 0; t >= 0 && t < n && k < 12; t += dir, ++k) {
      std::string_view up = Upos(t);
      // "neighbo(u)ring" before a name is an adjective, however tagged.
      bool adj_verb = up == "VERB" && (x.lower[t] == "neighboring" || x.lower[t] == "neighbouring");
      if ((up == "VERB" && !adj_verb) || x.lower[t] == ";" || x.lower[t] == ":") return false;
      if (dir < 0 && (x.lower[t] == "," && k > 6)) return false;
      int mi = x.mention_of[t];
      if (mi < 0) {
        if (up == "PRON" && dir < 0) {
          std::vector<Actor> ana;
          if (ResolveAnaphor(t, &ana)) {
            for (Actor& a : ana) outv->push_back(std::move(a));
            return true;
          }
        }
        continue;
      }
      int end = x.mentions[mi].end - 1;
      // "while those in Syria targeted ...": where a pronoun subject is, is not who
      // acts (a thing "near Karachi" that killed soldiers still gives the place's UAF).
      if (dir < 0) {
        std::string_view b = BaseRel(Rel(end));
        const DictEntry& pe = c.actors_->entry(x.mentions[mi].entry);
        if ((b == "nmod" || b == "obl") && IsPlacePrep(CaseOf(end)) &&
            (pe.kind == EntryKind::kCountry || pe.kind == EntryKind::kCity) &&
            Head(end) >= 0 && Upos(Head(end)) == "PRON")
          continue;
      }
      // "the Russian language" names no actor.
      if (Upos(end) == "ADJ" && Head(end) >= 0 && IsLanguage(Head(end))) {
        if (dir > 0) t = end;
        continue;
      }
      // An agent word used as an adjective of a thing ("military aid", "official
      // contact") names no actor.
      if (c.actors_->entry(x.mentions[mi].entry).kind == EntryKind::kAgent &&
          Upos(end) == "ADJ" && Head(end) >= 0 && x.mention_of[Head(end)] < 0 &&
          Upos(Head(end)) == "NOUN") {
        if (dir > 0) t = end;
        continue;
      }
      // "blocked a road, Pakistani officials said": who reports it is no participant.
      if (dir > 0) {
        int np = end;  // the noun a country adjective modifies ("Pakistani officials")
        std::string_view nb = BaseRel(Rel(np));
        if ((nb == "amod" || nb == "compound" || nb == "flat") && Head(np) > np) np = Head(np);
        if (BaseRel(Rel(np)) == "nsubj" && Head(np) > np &&
            c.patterns_->Class(x.lemma[Head(np)]) == VerbClass::kSpeech) {
          int lm = Leftmost(np);
          if (lm > 0 && x.lower[lm - 1] == ",") return false;
        }
      }
      // "withdraw its troops from Lebanon": the source's own people are not its target.
      if (dir > 0 && [&] {
            for (const int* q = ChildBegin(end); q != ChildEnd(end); ++q)
              if (Rel(*q) == "nmod:poss" && Upos(*q) == "PRON") return true;
            return false;
          }()) {
        t = end;
        continue;
      }
      if (dir > 0)
        while (end + 1 < n && end - t < 7 &&
               (Upos(end + 1) == "PROPN" || Upos(end + 1) == "NOUN" ||
                (x.mention_of[end + 1] >= 0)))
          ++end;
      if (LinearNP(end, outv)) return true;
    }
    return false;
  }

  // Actors of the nominal `h` and its conjuncts.
  bool ResolveNP(int h, std::vector<Actor>* outv, int depth = 0) const {
    if (h < 0) return false;
    size_t before = outv->size();
    ResolveHead(h, outv, depth);
    for (const int* p = ChildBegin(h); p != ChildEnd(h); ++p)
      if (Rel(*p) == "conj") ResolveHead(*p, outv, depth);
      else if (EllipticalMention(*p) && outv->size() > before) ResolveHead(*p, outv, depth);
    return outv->size() > before;
  }

  // The first word of "North and South Korea" (see EllipticalName), a modifier of the
  // shared head in the tree.
  bool EllipticalMention(int t) const {
    const std::string_view r = Rel(t);
    return x.elliptical[t] && (r == "compound" || r == "amod" || r == "nmod");
  }

  // "..., and Germany backed by a hostile alliance, ...": an event verb in the past
  // with a subject and a "by" agent but no auxiliary and no object is a passive whose
  // auxiliary was dropped (or a participle the tagger took for a past tense).
  bool BarePassiveWithAgent(int v) const {
    const std::string& xp = s.tokens[v].xpos;
    if ((xp != "VBN" && xp != "VBD") || v >= static_cast<int>(x.pat.size()) || !x.pat[v])
      return false;
    bool subj = false, agent = false;
    for (const int* p = ChildBegin(v); p != ChildEnd(v); ++p) {
      std::string_view r = Rel(*p);
      if (r == "obj" || r == "iobj" || BaseRel(r) == "aux" || r == "ccomp" || r == "xcomp" ||
          r == "expl")
        return false;
      if (r == "nsubj") subj = true;
      if (r == "obl:agent" || (BaseRel(r) == "obl" && CaseOf(*p) == "by")) agent = true;
    }
    return subj && agent;
  }

  // Headlines drop the auxiliary of a passive: "Dissident arrested after leaving the
  // group", "Parents prosecuted over daughter's death". A root participle with a
  // subject but no auxiliary and no object, in a line without final punctuation.
  bool HeadlinePassive(int v) const {
    if (Rel(v) != "root" || s.tokens[v].xpos != "VBN" || n == 0) return false;
    if (EndsLikeSentence()) return false;
    bool subj = false;
    for (const int* p = ChildBegin(v); p != ChildEnd(v); ++p) {
      std::string_view r = Rel(*p);
      if (r == "obj" || BaseRel(r) == "aux" || r == "iobj") return false;
      if (r == "nsubj" || r == "nsubj:pass") subj = true;
    }
    return subj;
  }

  // A passive without its auxiliary, whose plain subject is the patient.
  bool AuxlessPassive(int v) const { return HeadlinePassive(v) || BarePassiveWithAgent(v); }

  // Does the line end like a full sentence (final punctuation or a closing quote),
  // rather than like a headline?
  bool EndsLikeSentence() const {
    if (n == 0) return false;
    const std::string& last = x.lower[n - 1];
    return last == "." || last == "!" || last == "?" || last == "\"" || last == "'" ||
           last == ":";
  }

  // A full sentence whose root the parser made a noun phrase or a pronoun has lost its
  // main verb to a clause on that root: "The parliament threatened on Monday to ..."
  // read as a reduced relative on "parliament", "In what has been described as a
  // u-turn, the president has reneged on ..." read as a relative clause on "what".
  // True for such a clause `v` (acl or acl:relcl right on the root, no relative word
  // of its own, the root no predicate with a copula).
  bool LostMainClause(int v) const {
    std::string_view r = Rel(v);
    if (r != "acl" && r != "acl:relcl") return false;
    int h = Head(v);
    if (h < 0 || Rel(h) != "root" || !EndsLikeSentence()) return false;
    std::string_view hu = Upos(h);
    if (hu != "NOUN" && hu != "PROPN" && hu != "PRON") return false;
    if (Child(h, "cop") >= 0) return false;
    if (r == "acl" && !(s.tokens[v].xpos == "VBD" || s.tokens[v].xpos == "VBN" ||
                        s.tokens[v].xpos == "VBZ" || s.tokens[v].xpos == "VBP"))
      return false;
    for (const int* q = ChildBegin(v); q != ChildEnd(v); ++q) {
      const std::string& l = x.lower[*q];
      if (*q < v && (IsWhRelative(l) || l == "that" || l == "where" || l == "when"))
        return false;
      std::string_view b = BaseRel(Rel(*q));
      // (A clause on a noun with a subject of its own is a contact relative: "the
      // demands the rebels made".)
      if (b == "nsubj" && hu != "PRON") return false;
      if (Rel(*q) == "aux:pass") return false;
      if (Rel(*q) == "obl:agent" || (b == "obl" && CaseOf(*q) == "by")) return false;
    }
    return true;
  }

  // Passive only with a passive auxiliary (or "be"/"get" + nsubj:pass): a parser that
  // labels an active subject nsubj:pass ("Bush has threatened") must not flip roles.
  bool Passive(int v) const {
    bool pass_subj = false, be_aux = false;
    for (const int* p = ChildBegin(v); p != ChildEnd(v); ++p) {
      std::string_view r = Rel(*p);
      if (r == "aux:pass") return true;
      if (r == "nsubj:pass" || r == "csubj:pass") pass_subj = true;
      if (r == "aux" && (x.lemma[*p] == "be" || x.lemma[*p] == "get")) be_aux = true;
    }
    if (pass_subj && be_aux) return true;
    if (AuxlessPassive(v)) return true;
    if (Rel(v) != "acl" || s.tokens[v].xpos != "VBN") return false;
    if (LostMainClause(v)) return false;
    // A reduced relative with a direct object, or a bare oblique naming an actor, is a
    // finite verb the tagger took for a participle ("minister X summoned Niger's
    // ambassador Y").
    for (const int* p = ChildBegin(v); p != ChildEnd(v); ++p) {
      if (Rel(*p) == "obj") return false;
      // ("groups donated and delivered goods": the object is the conjunct's.)
      if (Rel(*p) == "conj" && Upos(*p) == "VERB" && Child(*p, "obj") >= 0 &&
          Child(*p, "nsubj") < 0 && Child(*p, "aux:pass") < 0)
        return false;
      if (Rel(*p) != "obl" || Child(*p, "case") >= 0) continue;
      if (x.mention_of[*p] >= 0) return false;
      for (const int* r = ChildBegin(*p); r != ChildEnd(*p); ++r)
        if (x.mention_of[*r] >= 0) return false;
    }
    return true;
  }

  // Does pattern p match verb v? Sets *obj to the object it consumed (or -1).
  bool Matches(const Pattern& p, int v, int* obj) const {
    *obj = -1;
    if (!p.prt.empty()) {
      bool ok = false;
      for (const int* q = ChildBegin(v); q != ChildEnd(v); ++q)
        if ((Rel(*q) == "compound:prt" || Rel(*q) == "advmod" || Rel(*q) == "obl" ||
             Rel(*q) == "case") && x.lower[*q] == p.prt)
          ok = true;
      if (!ok && v + 1 < n && x.lower[v + 1] == p.prt) ok = true;
      // "forced the agency out of the country": the particle opens a phrase ("out of")
      // on the verb or on its object.
      if (!ok) {
        int o = Child(v, "obj");
        for (int h : {v, o})
          for (const int* q = h < 0 ? nullptr : ChildBegin(h); q && q != ChildEnd(h) && !ok; ++q) {
            std::string_view b = BaseRel(Rel(*q));
            if (b != "obl" && b != "nmod") continue;
            for (const int* r = ChildBegin(*q); r != ChildEnd(*q); ++r)
              if (Rel(*r) == "case" && x.lower[*r] == p.prt) ok = true;
          }
      }
      if (!ok) return false;
    }
    if (!p.obj.empty()) {
      bool pass = Passive(v);
      bool ok = false;
      for (const int* q = ChildBegin(v); q != ChildEnd(v) && !ok; ++q) {
        std::string_view r = Rel(*q);
        // A bare "obl" noun without a preposition is a mislabelled object.
        bool bare_obl = r == "obl" && Upos(*q) == "NOUN" && CaseOf(*q).empty();
        // So is a bare noun read as a clausal complement ("blew up three power lines"
        // with "lines" ccomp).
        bool noun_ccomp = NounReadAsClause(*q);
        if (!(r == "obj" || (pass && r == "nsubj:pass") || r == "xcomp" || bare_obl || noun_ccomp ||
              (r == "nsubj" && (*q == PostverbalSubject(v) || *q == ObjectReadAsSubject(v)))))
          continue;
        if (InList(p.obj, x.lemma[*q])) {
          ok = true;
          *obj = *q;
        } else if (x.mention_of[*q] < 0) {
          // A measure or part of the object: "25,000 tons of food aid", "$50,000 worth
          // of goods", "part of a military aid program".
          for (const int* m = ChildBegin(*q); m != ChildEnd(*q) && !ok; ++m)
            if (BaseRel(Rel(*m)) == "nmod" && CaseOf(*m) == "of" && InList(p.obj, x.lemma[*m])) {
              ok = true;
              *obj = *m;
            }
        }
      }
      if (!ok) return false;
    }
    if (!p.prep.empty()) {
      bool ok = false;
      for (const int* q = ChildBegin(v); q != ChildEnd(v) && !ok; ++q) {
        std::string_view b = BaseRel(Rel(*q));
        if ((b == "obl" || b == "nmod" || b == "advcl" || b == "xcomp" || b == "ccomp") &&
            (CaseOf(*q) == p.prep || (b != "obl" && b != "nmod" && Child(*q, "mark") >= 0 &&
                                      x.lemma[Child(*q, "mark")] == p.prep)) &&
            InList(p.prep_objs, x.lemma[*q])) {
          ok = true;
          if (*obj < 0 && (b == "obl" || b == "nmod")) *obj = *q;
        }
      }
      // "accused X of aggression": the preposition may hang off the object.
      if (!ok) {
        int o = Child(v, "obj");
        if (o >= 0)
          for (const int* q = ChildBegin(o); q != ChildEnd(o) && !ok; ++q)
            if (BaseRel(Rel(*q)) == "nmod" && CaseOf(*q) == p.prep && InList(p.prep_objs, x.lemma[*q]))
              ok = true;
      }
      if (!ok) return false;
    }
    if (!p.mods.empty()) {
      bool ok = false;
      int mh = *obj >= 0 ? *obj : v;  // "launch missile strikes": the object's modifier
      for (const int* q = ChildBegin(mh); q != ChildEnd(mh) && !ok; ++q) {
        std::string_view b = BaseRel(Rel(*q));
        if ((b == "compound" || b == "amod" || b == "nmod") && InList(p.mods, x.lemma[*q])) ok = true;
      }
      if (!ok) return false;
    }
    return true;
  }

  // The noun that names the event of the object `q` of a light verb: q itself
  // ("launched strikes"), or, when q names none, its "of" complement ("a wave of
  // attacks", "a round of talks") or, when q is a noun of effort or sequence, its
  // compound ("a mediation effort", "a bombing campaign"); a compound of another noun
  // only classifies it ("make asylum decisions" grants no asylum). -1 if none.
  int EventNoun(int q) const {
    if (c.patterns_->Nouns(x.lemma[q]) && BestNounPattern(q)) return q;
    if (x.mention_of[q] >= 0) return -1;
    static const std::vector<std::string> kFrameNouns = {
        "effort", "attempt", "bid", "campaign", "drive", "push", "initiative", "mission",
        "process", "programme", "program", "operation", "wave", "round", "series", "spate",
        "string", "flurry", "volley", "barrage", "exchange", "bout", "cycle", "plan",
        "deal", "agreement", "accord", "pact", "offensive", "raid", "run", "spree", "action"};
    const bool frame = InList(kFrameNouns, x.lemma[q]);
    for (const int* r = ChildBegin(q); r != ChildEnd(q); ++r) {
      std::string_view b = BaseRel(Rel(*r));
      if (((b == "compound" && frame) || (b == "nmod" && CaseOf(*r) == "of")) &&
          c.patterns_->Nouns(x.lemma[*r]) && BestNounPattern(*r))
        return *r;
    }
    return -1;
  }

  const Pattern* BestVerbPattern(int v, int* obj) const {
    const auto* list = c.patterns_->Verbs(x.lemma[v]);
    if (!list) return nullptr;
    for (const Pattern* p : *list)
      if (Matches(*p, v, obj)) return p->block ? nullptr : p;
    return nullptr;
  }

  const Pattern* BestNounPattern(int t) const {
    const auto* list = c.patterns_->Nouns(x.lemma[t]);
    if (!list) return nullptr;
    int dummy;
    for (const Pattern* p : *list)
      if (Matches(*p, t, &dummy)) return p->block ? nullptr : p;
    return nullptr;
  }

  // A token tagged VERB inside a multi-word dictionary name ("charge d'affaires" read
  // as a noun and a verb) is part of the name, not a clause.
  bool VerbInName(int t) const {
    int mi = x.mention_of[t];
    return mi >= 0 && Upos(t) == "VERB" && x.mentions[mi].end - x.mentions[mi].begin > 1 &&
           t > x.mentions[mi].begin;
  }

  // The subject of a contact relative clause ("separatist groups it accuses of ..."),
  // parsed as two subjects: the one nearer the verb. -1 if v has fewer than two.
  static bool PersonalSubjectPronoun(std::string_view w) {
    return w == "it" || w == "they" || w == "he" || w == "she" || w == "we";
  }

  int InnerSubject(int v) const {
    int first = -1, last = -1;
    for (const int* p = ChildBegin(v); p != ChildEnd(v); ++p)
      if (Rel(*p) == "nsubj" && *p < v) {
        if (first < 0) first = *p;
        last = *p;
      }
    if (first < 0 || last == first || Upos(last) != "PRON" || Upos(first) == "PRON") return -1;
    const std::string& w = x.lower[last];
    return PersonalSubjectPronoun(w) ? last : -1;
  }

  // "Russian President X on Saturday hosted Japanese Prime Minister Y", the visitor
  // read as a subject after the verb: in a declarative active clause without an object
  // (not a quote's "said X"), a subject after the verb, with a name or agent before the
  // verb, is the object. -1 if none.
  int PostverbalSubject(int v) const {
    if (Upos(v) != "VERB" || Child(v, "obj") >= 0 || Passive(v) ||
        c.patterns_->Class(x.lemma[v]) != VerbClass::kNone)
      return -1;
    int ns = -1;
    for (const int* q = ChildBegin(v); q != ChildEnd(v); ++q)
      if (BaseRel(Rel(*q)) == "nsubj") {
        if (*q < v) return -1;
        ns = *q;
      }
    if (ns < 0 || (n > 0 && x.lower[n - 1] == "?")) return -1;
    for (int t = 0; t < v; ++t)
      if (x.mention_of[t] >= 0) return ns;
    return -1;
  }

  // A noun the parser made a clausal complement (ccomp) though it has no subject, copula
  // or marker of a clause: the object ("blew up three power lines").
  bool NounReadAsClause(int t) const {
    if (Rel(t) != "ccomp" || Upos(t) != "NOUN" || Head(t) < 0 || t < Head(t)) return false;
    for (const int* q = ChildBegin(t); q != ChildEnd(t); ++q) {
      std::string_view b = BaseRel(Rel(*q));
      if (b == "nsubj" || b == "cop" || b == "mark" || b == "aux") return false;
    }
    return true;
  }

  // The object of v read as a second subject after it: "a judge ordered former
  // president X to appear" with both "judge" and "X" nsubj. -1 if none.
  int ObjectReadAsSubject(int v) const {
    if (Child(v, "obj") >= 0) return -1;
    int before = -1, after = -1;
    for (const int* q = ChildBegin(v); q != ChildEnd(v); ++q)
      if (Rel(*q) == "nsubj") (*q < v ? before : after) = *q;
    return before >= 0 && after >= 0 ? after : -1;
  }

  // A clause its head verb governs: xcomp/ccomp, or an infinitive of an object-control
  // demand verb read as a purpose clause ("urged Ethiopia to exercise restraint").
  bool Governed(int v) const {
    const std::string& r = Rel(v);
    if (r == "xcomp" || r == "ccomp") return true;
    if (BaseRel(r) != "advcl" || Head(v) < 0 || Child(v, "nsubj") >= 0) return false;
    int mk = Child(v, "mark");
    if (mk < 0 || x.lower[mk] != "to") return false;
    VerbClass cls = c.patterns_->Class(x.lemma[Head(v)]);
    if (cls == VerbClass::kDemand)
      return Child(Head(v), "obj") >= 0 || ObjectReadAsSubject(Head(v)) >= 0;
    // "threatened on Monday to break relations", the infinitive read as a purpose
    // clause (advcl) rather than the complement (xcomp) it is: parsers differ on it
    // when a modifier stands between. With an object the clause is a purpose ("moved
    // troops to attack").
    return (cls == VerbClass::kIntend || cls == VerbClass::kRefuse) && Child(Head(v), "obj") < 0;
  }

  // The action a help/assist verb governs ("helped mediate between X and Y", "help
  // support the rights of ..."): that action is the event, not aid.
  bool Helped(int v) const {
    int g = Head(v);
    if (g < 0 || (x.lemma[g] != "help" && x.lemma[g] != "assist")) return false;
    if (Rel(v) == "xcomp") return true;
    // The bare infinitive tagged as a noun object.
    return Rel(v) == "obj" && Upos(v) == "NOUN" && Child(v, "det") < 0 &&
           Child(v, "nmod:poss") < 0 && x.lower[v] == x.lemma[v] && c.patterns_->Verbs(x.lemma[v]);
  }

  // Source tokens of verb v: subject, agent of a passive, inherited subject.
  // "..., a day after Iranian missiles and drones hit a village": 'after' read as a
  // preposition, the clause's subject hangs on a noun before the verb and the verb on
  // another clause. A finite verb without a subject of its own whose left neighbour
  // ends a nominal opened by a subordinating preposition (after, before, since, until,
  // once, as, while) takes that nominal as its subject. -1 if none.
  int SubordinateSubjectReadAsOblique(int v) const {
    const std::string& xp = s.tokens[v].xpos;
    if (v == 0 || Upos(v) != "VERB" || (xp != "VBD" && xp != "VBZ" && xp != "VBP")) return -1;
    for (const int* q = ChildBegin(v); q != ChildEnd(v); ++q) {
      std::string_view r = BaseRel(Rel(*q));
      if (r == "nsubj" || r == "csubj" || r == "expl") return -1;
    }
    for (int t = v - 1, hops = 0; t >= 0 && t < v && hops < 6; t = Head(t), ++hops) {
      if (Upos(t) != "NOUN" && Upos(t) != "PROPN" && Upos(t) != "PRON") continue;
      std::string_view cs = CaseOf(t);
      if (cs != "after" && cs != "before" && cs != "since" && cs != "until" && cs != "once" &&
          cs != "as" && cs != "while")
        continue;
      // Not when the verb hangs inside that nominal (a clause on the noun).
      bool inside = false;
      for (int u = Head(v), k = 0; u >= 0 && k < n; u = Head(u), ++k)
        if (u == t) inside = true;
      return inside ? -1 : t;
    }
    return -1;
  }

  static bool DayOrMonth(std::string_view w) {
    static constexpr std::string_view kNames[] = {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december"};
    for (std::string_view n : kNames)
      if (w == n) return true;
    return false;
  }

  int SubjectOf(int v, bool* passive) const {
    *passive = Passive(v);
    if (int t = SubordinateSubjectReadAsOblique(v); t >= 0) {
      *passive = false;
      return t;
    }
    int u = v;
    for (int hop = 0; hop < 6 && u >= 0; ++hop) {
      // "summoned Pakistan's charge d'affaires to demand ...": climb through the name.
      if (u != v && VerbInName(u)) {
        u = Head(u);
        continue;
      }
      bool pass_u = Passive(u);
      if (!pass_u && InnerSubject(u) >= 0) return InnerSubject(u);
      for (const int* p = ChildBegin(u); p != ChildEnd(u); ++p) {
        std::string_view r = Rel(*p);
        // "X has been indicted by the court and will resign": an active conjunct shares
        // the passive's subject, not its agent.
        if (pass_u && u != v && !*passive && r == "nsubj:pass") return *p;
        if (pass_u && (r == "obl:agent" || ((r == "obl" || r == "nmod") && CaseOf(*p) == "by")))
          return *p;
        if (!pass_u && (r == "nsubj" || r == "nsubj:outer" || r == "csubj" || r == "nsubj:pass")) {
          if (*p == PostverbalSubject(u)) continue;  // an object read as the subject
          // "..., its nuclear-armed neighbor, Islamabad expelled ...": of two subjects
          // the one next to the verb is its subject (the other an apposition).
          if (const int e = Rightmost(*p);
              e + 2 < n && x.lower[e + 1] == "," &&
              std::any_of(ChildBegin(u), ChildEnd(u), [&](int q) {
                return q > *p && q < u && Rel(q) == "nsubj" && Leftmost(q) == e + 2;
              }))
            continue;
          std::string_view w = x.lower[*p];
          if (w == "who" || w == "which" || w == "that") return Head(u);
          // "The head of NATO, Hoop Scheffer, he has explained ...": a pronoun that
          // takes up a noun phrase set before the clause stands for it.
          if (Upos(*p) == "PRON" && PersonalSubjectPronoun(w))
            for (const int* q = ChildBegin(u); q != ChildEnd(u); ++q)
              if (*q < *p && (Rel(*q) == "dislocated" || Rel(*q) == "dep") &&
                  (Upos(*q) == "NOUN" || Upos(*q) == "PROPN") && Rightmost(*q) + 1 < *p &&
                  x.lower[Rightmost(*q) + 1] == ",")
                return *q;
          return *p;
        }
      }
      // "Up to 1,000 ethnic Turks began ..." with "Up" an adverb of the verb and the
      // people under it: the quantity's noun is the subject.
      if (!pass_u)
        for (const int* p = ChildBegin(u); p != ChildEnd(u); ++p) {
          if (*p > u || Rel(*p) != "advmod") continue;
          const std::string& w = x.lower[*p];
          if (w != "up" && w != "about" && w != "around" && w != "nearly" && w != "almost")
            continue;
          for (const int* q = ChildBegin(*p); q != ChildEnd(*p); ++q)
            if ((BaseRel(Rel(*q)) == "obl" || BaseRel(Rel(*q)) == "nmod") && *q < u &&
                (Upos(*q) == "NOUN" || Upos(*q) == "PROPN"))
              return *q;
        }
      // "On Tuesday Israel accused ..." with "Tuesday Israel" read as one name: an actor
      // named right after a day or month that precedes the verb is its subject.
      if (!pass_u)
        for (const int* p = ChildBegin(u); p != ChildEnd(u); ++p) {
          if (*p > u || BaseRel(Rel(*p)) != "obl" || !DayOrMonth(x.lower[*p])) continue;
          for (const int* q = ChildBegin(*p); q != ChildEnd(*p); ++q)
            if (Rel(*q) == "flat" && *q == *p + 1 && *q < u && x.mention_of[*q] >= 0 &&
                x.mentions[x.mention_of[*q]].begin == *q)
              return *q;
        }
      // "Iran today threatened ..." with "Iran" read as a compound of "today": an
      // actor named in a bare time word before the verb is its subject.
      if (!pass_u)
        for (const int* p = ChildBegin(u); p != ChildEnd(u); ++p) {
          if (*p > u || (Rel(*p) != "obl:unmarked" && Rel(*p) != "obl:tmod")) continue;
          const std::string& tw = x.lower[*p];
          if (tw != "today" && tw != "yesterday" && tw != "tonight") continue;
          for (const int* q = ChildBegin(*p); q != ChildEnd(*p); ++q)
            if (Rel(*q) == "compound" && *q < *p && x.mention_of[*q] >= 0) return *q;
        }
      std::string_view r = Rel(u);
      if (r == "acl" || r == "acl:relcl") {
        if (pass_u) return -1;
        // "will visit Mauritania and Senegal to mediate", "summoned Niger's ambassador
        // Brah Mohamane to complain": an infinitive hung on a name that is the verb's
        // object is the verb's purpose (a name takes no infinitive of its own), so
        // its doer is the verb's.
        if (int h = Head(u), mk = Child(u, "mark");
            r == "acl" && h >= 0 && Upos(h) == "PROPN" && mk >= 0 && x.lower[mk] == "to") {
          int o = h;
          for (int k = 0; k < 4 && o >= 0 && (Rel(o) == "conj" || Rel(o) == "flat" ||
                                             Rel(o) == "appos");
               ++k)
            o = Head(o);
          if (o >= 0 && Rel(o) == "obj" && Head(o) >= 0 && Upos(Head(o)) == "VERB") {
            u = Head(o);
            continue;
          }
        }
        // "settlers in the West Bank city of Hebron set fire to ...", the verb read as
        // a clause on the place: the doer is who is in the place.
        int h = Head(u);
        std::string_view hp = h >= 0 ? CaseOf(h) : std::string_view();
        if (h >= 0 && BaseRel(Rel(h)) == "nmod" && Child(u, "obj") >= 0 &&
            (hp == "in" || hp == "near" || hp == "at" || hp == "inside") && Head(h) >= 0 &&
            (Upos(Head(h)) == "NOUN" || Upos(Head(h)) == "PROPN"))
          return Head(h);
        // "issued a declaration demanding that ...", the participle read as a clause
        // on the object (or as the verb's own clause by another parser): a thing that
        // names no actor and no owner does not act; whoever issued it does.
        // (Only for a participle that is an event of its own, "demanding", not a mere
        // governor, "a petition asking the government to ...".)
        bool own_event = u < static_cast<int>(x.pat.size()) && x.pat[u];
        if (r == "acl" && s.tokens[u].xpos == "VBG" && own_event && Child(u, "mark") < 0 &&
            h >= 0 && Rel(h) == "obj" && x.mention_of[h] < 0 && Upos(h) == "NOUN" &&
            Head(h) >= 0 && Upos(Head(h)) == "VERB" && [&] {
              for (const int* q = ChildBegin(h); q != ChildEnd(h); ++q)
                if (x.mention_of[*q] >= 0 || Rel(*q) == "nmod:poss") return false;
              return true;
            }()) {
          u = Head(h);
          continue;
        }
        return h;
      }
      // "must reach an agreement before aid is released": an adverbial clause in the
      // passive names no agent; the governor's subject is not its doer.
      if (pass_u && BaseRel(r) == "advcl") return -1;
      if (r == "conj" || r == "xcomp" || BaseRel(r) == "advcl" || (r == "obj" && Helped(u))) {
        // xcomp of a demand verb: its subject is the governor's object (handled by caller).
        // (A purpose clause hung on the object, "summoned the ambassador to complain"
        // with "complain" on "ambassador", is the governor's purpose.)
        if (BaseRel(r) == "advcl" && Head(u) >= 0 && Upos(Head(u)) == "NOUN" &&
            Rel(Head(u)) == "obj" && Head(Head(u)) >= 0) {
          u = Head(Head(u));
          continue;
        }
        u = Head(u);
        continue;
      }
      break;
    }
    return -1;
  }

  // A clause of speech after the event it reports, set off by a comma: "..., a
  // newspaper reported Tuesday", "..., officials said".
  bool ReportingClause(int u) const {
    if (c.patterns_->Class(x.lemma[u]) != VerbClass::kSpeech || Head(u) < 0 || u < Head(u))
      return false;
    int lm = Leftmost(u);
    return lm > 0 && x.lower[lm - 1] == ",";
  }

  // Target token candidates of verb v in order of preference.
  void TargetsOf(int v, const Pattern* p, int consumed, bool passive, int light_noun,
                 std::vector<int>* cands) const {
    cands->clear();
    if (passive) {
      for (const int* q = ChildBegin(v); q != ChildEnd(v); ++q)
        if (Rel(*q) == "nsubj:pass" || (Rel(*q) == "nsubj" && AuxlessPassive(v)))
          cands->push_back(*q);
      if (Rel(v) == "acl" && Head(v) >= 0) cands->push_back(Head(v));
    }
    for (const int* q = ChildBegin(v); q != ChildEnd(v); ++q)
      if (Rel(*q) == "iobj") cands->push_back(*q);
    if (int ps = PostverbalSubject(v); ps >= 0 && !passive) cands->push_back(ps);
    // "groups it accuses of ...": the noun a contact relative clause hangs on, read as a
    // second subject, is its object.
    if (int in = InnerSubject(v); in >= 0 && !passive) {
      for (const int* q = ChildBegin(v); q != ChildEnd(v); ++q)
        if (Rel(*q) == "nsubj" && *q != in) {
          cands->push_back(*q);
          break;
        }
    }
    // (Or the noun read as a bare oblique just before the pronoun subject: "separatist
    // groups it accuses of ..." with "groups" an obl of "accuses".)
    if (int ps = Child(v, "nsubj"); ps > 0 && ps < v && !passive && Upos(ps) == "PRON") {
      if (PersonalSubjectPronoun(x.lower[ps]))
        for (const int* q = ChildBegin(v); q != ChildEnd(v); ++q)
          if (*q < ps && (Rel(*q) == "obl" || Rel(*q) == "obl:unmarked") &&
              Child(*q, "case") < 0 && Upos(*q) == "NOUN" && Rightmost(*q) == ps - 1) {
            cands->push_back(*q);
            break;
          }
    }
    for (const int* q = ChildBegin(v); q != ChildEnd(v); ++q) {
      // (A bare oblique naming an actor is a mislabelled object: "summoned Niger's
      // ambassador Brah Mohamane" read as obl.)
      // (Not one set off by a comma: "..., the World Food Program said" with the
      // reporter read as an oblique of the event.)
      bool bare_obl = Rel(*q) == "obl" && Child(*q, "case") < 0 && *q > v &&
                      (x.mention_of[*q] >= 0 || Upos(*q) == "PROPN") &&
                      !(Leftmost(*q) > 0 && x.lower[Leftmost(*q) - 1] == ",");
      if ((Rel(*q) != "obj" && !bare_obl && !NounReadAsClause(*q)) || *q == consumed ||
          *q == light_noun)
        continue;
      cands->push_back(*q);
      // An object that names no actor may carry the target in its own complement
      // ("boycott all contact with the United States").
      if (x.mention_of[*q] < 0 && Upos(*q) == "NOUN")
        for (const char* pr : kDefaultTargetPreps)
          for (const int* r = ChildBegin(*q); r != ChildEnd(*q); ++r)
            if (BaseRel(Rel(*r)) == "nmod" && CaseOf(*r) == pr) cands->push_back(*r);
      // A free relative ("attacked what it said were militants in X", "what officials
      // called a rebel camp"): the noun the relative clause predicates.
      if (Upos(*q) == "PRON" && (x.lemma[*q] == "what" || x.lemma[*q] == "whatever")) {
        for (const int* r = ChildBegin(*q); r != ChildEnd(*q); ++r) {
          if (Rel(*r) != "acl:relcl") continue;
          std::string_view ru = Upos(*r);
          if (ru == "NOUN" || ru == "PROPN") cands->push_back(*r);
          for (const char* rel : {"obj", "xcomp", "ccomp"}) {
            int k = Child(*r, rel);
            if (k >= 0 && (Upos(k) == "NOUN" || Upos(k) == "PROPN")) cands->push_back(k);
          }
        }
      }
    }
    auto add_preps = [&](int head, const std::vector<std::string>* extra) {
      auto scan = [&](std::string_view prep) {
        for (const int* q = ChildBegin(head); q != ChildEnd(head); ++q) {
          std::string_view b = BaseRel(Rel(*q));
          if ((b == "obl" || b == "nmod") && *q != consumed && CaseOf(*q) == prep)
            cands->push_back(*q);
        }
      };
      if (extra)
        for (const std::string& e : *extra) scan(e);
      // "the withdrawal of some forces from Panama" with "from Panama" hung on the
      // forces: the pattern's own prepositions on the event noun's theme.
      if (extra && head != v && Upos(head) == "NOUN")
        for (const int* q = ChildBegin(head); q != ChildEnd(head); ++q)
          if (BaseRel(Rel(*q)) == "nmod" && CaseOf(*q) == "of")
            for (const std::string& e : *extra)
              for (const int* r = ChildBegin(*q); r != ChildEnd(*q); ++r)
                if (BaseRel(Rel(*r)) == "nmod" && CaseOf(*r) == e) cands->push_back(*r);
      // Cooperation (03-07) "on"/"upon"/"over" something names its topic, not who it
      // is with: "agreed to share information on missing people", "talks on the
      // border". (Attacks, sanctions and appeals keep "on": "strikes on", "called on".)
      // A demand, complaint, rejection, threat or protest "over" something names its
      // cause: "summoned the envoy to complain of inaction over the gangs".
      std::string_view pcode = p && p->cameo ? std::string_view(p->cameo->code) : "";
      bool topic_on = pcode.size() >= 2 && pcode[0] == '0' && pcode[1] >= '3' && pcode[1] <= '7';
      bool topic_over = topic_on || (pcode.size() >= 2 && pcode[0] == '1' && pcode[1] <= '4');
      for (const char* pr : kDefaultTargetPreps) {
        std::string_view sp = pr;
        if (topic_on && (sp == "on" || sp == "upon")) continue;
        if (topic_over && sp == "over") continue;
        scan(pr);
      }
    };
    add_preps(v, p ? &p->target_preps : nullptr);
    if (light_noun >= 0) add_preps(light_noun, p ? &p->target_preps : nullptr);
    if (consumed >= 0) {
      add_preps(consumed, p ? &p->target_preps : nullptr);
      cands->push_back(consumed);  // "expelled Pakistan's envoy"
    }
    // "demanded that the US cancel ...": the complement clause's subject. (Not a
    // reporting clause after a comma that the parser hung on the event, "blocked a
    // road ..., a newspaper reported": its subject is the reporter.)
    for (const int* q = ChildBegin(v); q != ChildEnd(v); ++q)
      if (Rel(*q) == "ccomp" && !ReportingClause(*q)) {
        int cs = Child(*q, "nsubj");
        if (cs >= 0) cands->push_back(cs);
      }
  }

  // The auxiliary of v in the MUST class ("must", "should"), or -1.
  int MustAux(int v) const {
    for (const int* q = ChildBegin(v); q != ChildEnd(v); ++q)
      if (Rel(*q) == "aux" && c.patterns_->Class(x.lemma[*q]) == VerbClass::kMust) return *q;
    return -1;
  }

  int SpeechGovernor(int v) const {
    int u = v;
    for (int hop = 0; hop < 4; ++hop) {
      std::string_view r = Rel(u);
      int h = Head(u);
      if (h < 0) return -1;
      if (r == "acl:relcl" && GaplessThatClause(u)) return Head(h);  // "said on Tuesday that"
      if (r == "ccomp" || r == "parataxis" || r == "conj") {
        if (c.patterns_->Class(x.lemma[h]) == VerbClass::kSpeech) return h;
        if (r == "conj") {
          u = h;
          continue;
        }
      }
      return -1;
    }
    return -1;
  }

  Modality ModalityOf(int v, bool* negated) const {
    *negated = false;
    Modality m = Modality::kAsserted;
    for (const int* q = ChildBegin(v); q != ChildEnd(v); ++q) {
      std::string_view r = Rel(*q);
      std::string_view w = x.lower[*q];
      if ((r == "advmod" || r == "neg" || r == "det") &&
          (w == "not" || w == "n't" || w == "never" || w == "no"))
        *negated = true;
      // "no Pakistani national had been hit", "nobody was hurt", "hit no civilians":
      // an event that happened to no one did not happen.
      if (r == "nsubj" || r == "nsubj:pass" || r == "obj") {
        if (w == "nobody" || w == "none" || w == "nothing" || w == "no") *negated = true;
        for (const int* d = ChildBegin(*q); d != ChildEnd(*q); ++d)
          if (Rel(*d) == "det" && x.lower[*d] == "no") *negated = true;
      }
      if (r == "aux") {
        if (w == "will" || w == "shall" || w == "'ll" || w == "wo") m = Modality::kFuture;
        else if (w == "would" || w == "could" || w == "might" || w == "may" || w == "'d")
          if (m == Modality::kAsserted) m = Modality::kConditional;
      }
      if (BaseRel(r) == "advcl") {
        int mk = Child(*q, "mark");
        if (mk >= 0 && (x.lower[mk] == "if" || x.lower[mk] == "unless")) m = Modality::kConditional;
      }
      if (r == "mark" && (w == "if" || w == "unless")) m = Modality::kConditional;
    }
    // "going to strike", "ready to strike" are future.
    // "Will AI destroy humanity?", "Would Iran strike again?": a question asks, it does
    // not assert, intend or threaten.
    if ((m == Modality::kAsserted || m == Modality::kFuture || m == Modality::kConditional) &&
        n > 0 && x.lower[n - 1] == "?" &&
        (Head(v) < 0 || (Rel(v) == "conj" && Head(Head(v)) < 0)))
      m = Modality::kQuestion;
    return m;
  }

  // Is `a` (as resolved, before its span is widened) a person: a person's name or a
  // personal pronoun ("her party")?
  bool NamesPerson(const Actor& a) const {
    int t = TokenAt(a);
    if (t < 0) return false;
    if (int mi = x.mention_of[t]; mi >= 0)
      return c.actors_->entry(x.mentions[mi].entry).kind == EntryKind::kPerson;
    const std::string& w = x.lower[t];
    return Upos(t) == "PRON" && (w == "his" || w == "her" || w == "he" || w == "she");
  }

  // The token whose span starts where `a` does (-1 if none).
  // The dictionary mention at token t is an entry of kind `k`.
  bool MentionIs(int t, EntryKind k) const {
    return t >= 0 && x.mention_of[t] >= 0 &&
           c.actors_->entry(x.mentions[x.mention_of[t]].entry).kind == k;
  }

  int TokenAt(const Actor& a) const {
    for (int t = 0; t < n; ++t)
      if (s.tokens[t].span.begin == a.span.begin) return t;
    return -1;
  }

  // A country named as a place ("in the United States", "off the Indonesian coast",
  // "from Jersey City") rather than as a participant. `a` must be the bare country.
  // A target named after a preposition stays a participant ("sought refuge in
  // Germany": where they fled is whom they asked); one named as the modifier of a
  // thing ("off the Indonesian coast") does not.
  static bool IsCollectiveNoun(std::string_view lemma) {
    static constexpr std::string_view kCollective[] = {
        "team", "crew", "delegation", "family", "couple", "squad", "band", "club",
        "crowd", "company", "firm", "panel", "committee", "staff", "audience", "jury"};
    for (std::string_view c : kCollective)
      if (lemma == c) return true;
    return false;
  }

  // Token t is an oblique or nominal modifier inside a participial or relative clause
  // that modifies a noun ("territory [controlled by the Taliban]").
  bool InNounModifierClause(int t) const {
    std::string_view b = BaseRel(Rel(t));
    if (b != "obl" && b != "nmod") return false;
    int h = Head(t);
    return h >= 0 && BaseRel(Rel(h)) == "acl";
  }

  // Prepositions that make a country or city a place ("in Syria", "off the coast").
  static bool IsPlacePrep(std::string_view prep) {
    return prep == "in" || prep == "into" || prep == "at" || prep == "near" ||
           prep == "across" || prep == "inside" || prep == "within" || prep == "to" ||
           prep == "from" || prep == "off" || prep == "along" || prep == "throughout" ||
           prep == "around" || prep == "outside";
  }

  bool NamedAsPlace(const Actor& a, bool target) const {
    int t = TokenAt(a);
    if (t < 0 || x.mention_of[t] < 0) return false;
    int h = x.mentions[x.mention_of[t]].end - 1;
    for (int hop = 0; hop < 3 && h >= 0; ++hop) {
      std::string_view b = BaseRel(Rel(h));
      if (b == "obl" || b == "nmod") {
        std::string_view prep = CaseOf(h);
        if (target && hop == 0) return false;
        return IsPlacePrep(prep);
      }
      // The modifier of a thing ("the Indonesian coast", "Jersey City"): ask the thing.
      if ((b == "amod" || b == "compound" || b == "flat") && Head(h) >= 0 &&
          x.mention_of[Head(h)] < 0) {
        h = Head(h);
        continue;
      }
      // The country after its city ("in Geneva, Switzerland", read as apposition or
      // conjunct): ask the city.
      if ((b == "appos" || b == "conj" || b == "list") && Head(h) >= 0 && Head(h) < h &&
          MentionIs(Head(h), EntryKind::kCity)) {
        h = x.mentions[x.mention_of[Head(h)]].end - 1;
        continue;
      }
      return false;
    }
    return false;
  }

  // By PETRARCH convention an event needs a political actor on at least one side: a
  // state (a country named as a participant, not as a place), one of its organs, a
  // party, an armed group or an international organisation (IsPoliticalSector).
  // Ethnic and national communities ("Iraqi Kurds", "ethnic Albanians") are political
  // actors too (CAMEO codes ethnic groups), though coded as civilians.
  bool Political(const Actor& a, bool target) const {
    if (a.code.empty()) return false;
    if (a.sector.empty())
      return !a.country.empty() && a.code == a.country && !NamedAsPlace(a, target);
    if (IsPoliticalSector(a.sector) || a.pattern.starts_with("minority:")) return true;
    for (int t = TokenAt(a); t >= 0 && t < n && s.tokens[t].span.end <= a.span.end; ++t)
      if (int mi = x.mention_of[t]; mi >= 0 && c.actors_->entry(x.mentions[mi].entry).sector2 == "PPL")
        return true;
    return false;
  }

  // True when a token of the trigger span is modified by "unilateral(ly)".
  bool Unilateral(int a, int b) const {
    for (int t = a; t <= b && t >= 0; ++t)
      for (const int* q = ChildBegin(t); q != ChildEnd(t); ++q)
        if ((Rel(*q) == "amod" || Rel(*q) == "advmod") &&
            (x.lower[*q] == "unilateral" || x.lower[*q] == "unilaterally"))
          return true;
    return false;
  }

  void Emit(const Pattern* p, const std::string& code_in, int trig_a, int trig_b,
            const std::vector<Actor>& sources, const std::vector<Actor>& targets_in,
            Modality modality, bool negated) {
    if (negated && !c.options_.keep_negated) return;
    // "declared a unilateral ceasefire", "withdrew unilaterally": a one-sided act has
    // no counterpart, whatever other actor the sentence names.
    static const std::vector<Actor> kNone;
    const std::vector<Actor>& targets = Unilateral(trig_a, trig_b) ? kNone : targets_in;
    const CameoCode* code = c.cameo_->Find(code_in);
    if (!code) code = p->cameo;
    if (code->plover.empty() && !c.options_.code_statements) return;
    const CameoCode* base_code = code;
    for (const Actor& src : sources) {
      code = base_code;
      if (code->code == "190" && IsNonStateSector(src.sector)) code = c.cameo_->Find("180");
      if (code->code == "180" && !IsNonStateSector(src.sector) && !src.country.empty() &&
          (src.sector.empty() || IsStateSector(src.sector)))
        code = c.cameo_->Find("190");
      // "demonstrators protesting election results" demonstrate (141); a government
      // that protests a decision disapproves of it (111).
      if (code->code == "111" && x.lemma[trig_a] == "protest" && IsCivilSector(src.sector))
        code = c.cameo_->Find("141");
      const bool political_source = Political(src, false);
      // A trip (042) is the traveller's act: private people travelling to a country
      // or to the UN ("pilgrims travel to Mecca", "a boy and his father travel to the
      // United Nations") make no political visit, whoever they go to.
      if (std::string_view(code->code).starts_with("042") && !political_source) continue;
      auto emit_one = [&](const Actor* tgt) {
        if (tgt && tgt->code == src.code) return;
        // A trip to no one ("was persuaded to travel back to a management building",
        // "the president flew home") is no visit: CAMEO's visit has a host.
        if (!tgt && std::string_view(code->code).starts_with("042")) return;
        if (!political_source && !(tgt && Political(*tgt, true))) return;
        if (tgt && tgt->span == src.span) return;
        Event e;
        e.doc_id = doc.id;
        e.story_id = doc.story_id;
        e.sentence_index = si;
        e.date = doc.date;
        e.date_basis = doc.date.empty() ? DateBasis::kUnknown : DateBasis::kPublication;
        e.source = src;
        if (tgt) {
          e.target = *tgt;
          e.has_target = true;
        }
        e.cameo = code->code;
        e.cameo_root = code->root;
        e.plover = code->plover;
        e.plover_mode = code->mode;
        e.goldstein = code->goldstein;
        e.quad_class = code->quad_class;
        e.negated = negated;
        e.modality = modality;
        e.trigger_span = TokSpan(trig_a, trig_b);
        e.trigger_text = std::string(doc.Text(e.trigger_span));
        e.sentence_span = s.span;
        e.pattern = p->id;
        // One event per (code, source, target) per sentence.
        for (size_t k = first_event; k < out->size(); ++k) {
          const Event& o = (*out)[k];
          if (o.cameo == e.cameo && o.source.code == e.source.code &&
              o.has_target == e.has_target && (!o.has_target || o.target.code == e.target.code))
            return;
        }
        e.event_id = MakeEventId(e);
        out->push_back(std::move(e));
      };
      // A target that is the source itself (a misresolved "President X" taking the
      // source's country) leaves the event without a target rather than dropping it.
      bool any_other = std::any_of(targets.begin(), targets.end(), [&](const Actor& t) {
        return t.code != src.code && !(t.span == src.span);
      });
      if (!any_other && targets.empty() && code->root == "14") {
        // A protest without a target (recoded from "protest" above): as in Run.
        std::vector<Actor> own;
        DomesticAuthorities({src}, &own);
        if (!own.empty()) {
          emit_one(&own[0]);
          continue;
        }
      }
      if (!any_other) emit_one(nullptr);
      for (const Actor& t : targets) emit_one(&t);
    }
  }

  size_t first_event = 0;
  // Coded verbs of the sentence with their subject token and source actors.
  std::vector<std::pair<int, std::pair<int, std::vector<Actor>>>> verb_src{};

  // Resolves the first candidate token that names actors.
  void FirstActors(const std::vector<int>& cands, std::vector<Actor>* outv) const {
    for (int t : cands)
      if (ResolveNP(t, outv)) return;
  }

  // The first candidate that names actors, skipping the source's own people named
  // with a possessive pronoun ("withdraw its troops from Lebanon", "recalled their
  // envoy"): they are what the event moves, not its target.
  // `imposed`: the event is imposed on a place (coercion, violence: "a curfew in
  // Algiers"), so the source's own country after "in" is its target. `verbal`: words
  // and diplomacy (01-05 but intents, 10-14), which happen in a city, not to it.
  void TargetActors(const std::vector<int>& cands, const std::vector<Actor>& src,
                    std::vector<Actor>* outv, bool imposed = false, bool verbal = false) const {
    for (int t : cands) {
      // "Iran has the right to defend itself (against ...)": a reflexive object is the
      // source itself, no target (a later candidate may still name one).
      if (Reflexive(t)) continue;
      size_t before = outv->size();
      // A thing that names no actor stands for its owner: "welcomed President Reagan's
      // statement", "attacked a camp for Congolese refugees", "set fire to the offices
      // of the Palestinian administrators".
      if (!ResolveNP(t, outv) && !(Upos(t) == "NOUN" && x.mention_of[t] < 0 && [&] {
            for (const int* q = ChildBegin(t); q != ChildEnd(t); ++q) {
              std::string_view r = Rel(*q);
              if ((r == "nmod:poss" && Upos(*q) != "PRON") ||
                  (BaseRel(r) == "nmod" && (CaseOf(*q) == "of" || CaseOf(*q) == "for")))
                if (ResolveNP(*q, outv)) return true;
            }
            return false;
          }()))
        continue;
      bool own = false;
      for (const int* q = ChildBegin(t); q != ChildEnd(t); ++q)
        if (Rel(*q) == "nmod:poss" && Upos(*q) == "PRON") own = true;
      // "declared a ceasefire in south Lebanon" (by a Lebanese group): the source's
      // own country after "in" is where it happened, not its target.
      std::string_view prep = CaseOf(t);
      // "a curfew in Algiers": a capital named as the place is the place, not the
      // government it otherwise stands for.
      if (imposed && (prep == "in" || prep == "inside" || prep == "within") &&
          MentionIs(t, EntryKind::kCapital))
        for (auto it = outv->begin() + before; it != outv->end(); ++it)
          if (it->sector == "GOV") {
            it->code = it->country;
            it->sector.clear();
          }
      // Words and diplomacy "in" a city happen there, whoever speaks: "defended the
      // operation in Davos" has no Swiss target. (Not a withdrawal or an evacuation:
      // "evacuate the settlements in the Gaza Strip".)
      if (verbal && (prep == "in" || prep == "inside" || prep == "within" || prep == "at") &&
          MentionIs(t, EntryKind::kCity)) {
        outv->erase(outv->begin() + before, outv->end());
        continue;
      }
      if (!imposed && (prep == "in" || prep == "inside" || prep == "within") &&
          std::all_of(outv->begin() + before, outv->end(), [](const Actor& a) {
            return a.sector.empty();
          }))
        own = true;
      if (own && std::all_of(outv->begin() + before, outv->end(), [&](const Actor& a) {
            return std::any_of(src.begin(), src.end(), [&](const Actor& sa) {
              return !sa.country.empty() && sa.country == a.country;
            });
          })) {
        outv->resize(before);
        continue;
      }
      // "withdraw their peacekeeping force from Chad": the source's own people go, the
      // other country named with them (Chad) stays the target.
      if (own)
        outv->erase(std::remove_if(outv->begin() + before, outv->end(),
                                   [&](const Actor& a) {
                                     return std::any_of(src.begin(), src.end(), [&](const Actor& sa) {
                                       return !sa.country.empty() && sa.country == a.country;
                                     });
                                   }),
                    outv->end());
      return;
    }
  }

  // Target from a purpose clause ("to disperse the demonstrators") of v.
  void PurposeTarget(int v, const std::vector<Actor>& src, std::vector<Actor>* tgt) {
    std::vector<int> cands;
    for (int h : {v, x.pat_obj[v], x.light_noun[v]})
    for (const int* q = h < 0 ? nullptr : ChildBegin(h); q && q != ChildEnd(h) && tgt->empty(); ++q) {
      std::string_view b = BaseRel(Rel(*q));
      // (An xcomp only under force, where it can be nothing but the aim: "opened fire
      // to disperse ..." read as xcomp; elsewhere it is the complement, "promised to
      // democratize Serbia".)
      std::string_view rv = RootAt(v);
      bool force = rv == "18" || rv == "19" || rv == "20";
      if ((b != "advcl" && !(b == "xcomp" && force) && !(b == "acl" && h != v)) ||
          Upos(*q) != "VERB")
        continue;
      int mk = Child(*q, "mark");
      if (mk < 0 || x.lower[mk] != "to") continue;
      int consumed = -1;
      const Pattern* p = BestVerbPattern(*q, &consumed);
      TargetsOf(*q, p, consumed, false, -1, &cands);
      TargetActors(cands, src, tgt);
    }
  }

  // "Salaheddine Sidhoum, Algeria's leading rights activist, staged ...": a name the
  // dictionaries do not know, followed by a description between commas that the parser
  // did not attach as its apposition. The first actor named in that description.
  void CommaApposition(int t, std::vector<Actor>* outv) const {
    if (Upos(t) != "PROPN") return;
    int e = t;
    while (e + 1 < n && Rel(e + 1) == "flat" && Head(e + 1) == t) ++e;
    if (e + 1 >= n || x.lower[e + 1] != ",") return;
    int first = -1, last = -1;
    for (int k = e + 2; k < n && k < e + 12; ++k) {
      if (x.lower[k] == ",") break;
      if (Upos(k) == "VERB" && s.tokens[k].xpos != "VBG") return;
      if (x.mention_of[k] < 0) continue;
      if (first < 0) first = k;
      last = k;
    }
    if (first < 0) return;
    // The head of an English noun phrase comes last ("Algeria's leading rights
    // activist"); a country named before it is its country.
    std::vector<Actor> head, country;
    ResolveNP(last, &head);
    if (first != last) ResolveNP(first, &country);
    for (Actor& a : head)
      if (a.country.empty() && !country.empty() && !country[0].country.empty()) {
        a.country = country[0].country;
        a.code = a.country + a.sector;
      }
    if (!head.empty()) {
      for (Actor& a : head) outv->push_back(std::move(a));
    } else {
      for (Actor& a : country) outv->push_back(std::move(a));
    }
  }

  // The government of the (first) source's country, for protests without a target.
  void DomesticAuthorities(const std::vector<Actor>& src, std::vector<Actor>* tgt) const {
    for (const Actor& a : src) {
      if (a.country.empty() || !IsCivilSector(a.sector)) continue;
      Actor g;
      g.country = a.country;
      g.code = a.country + "GOV";
      g.sector = "GOV";
      g.pattern = "default:protest-against-own-government";
      tgt->push_back(std::move(g));
      return;
    }
  }

  // Target of a protest from its purpose clause or "in protest against/at/of" phrase.
  void ProtestTarget(int v, int light_noun, const std::vector<Actor>& src,
                     std::vector<Actor>* tgt) {
    std::vector<int> cands;
    for (int h : {v, light_noun, x.pat_obj[v]}) {
      if (h < 0) continue;
      for (const int* q = ChildBegin(h); q != ChildEnd(h) && tgt->empty(); ++q) {
        std::string_view b = BaseRel(Rel(*q));
        // (A purpose clause the parser hung on the object: "blocked a road to show ...".)
        if ((b == "advcl" || b == "xcomp" || (b == "acl" && h != v && Child(*q, "mark") >= 0 &&
                                              x.lower[Child(*q, "mark")] == "to")) &&
            Upos(*q) == "VERB") {
          const std::string& l = x.lemma[*q];
          if (l != "protest" && l != "demand" && l != "denounce" && l != "condemn" &&
              l != "oppose" && l != "show" && l != "press")
            continue;
          int consumed = -1;
          const Pattern* p = BestVerbPattern(*q, &consumed);
          TargetsOf(*q, p, consumed, false, -1, &cands);
          TargetActors(cands, src, tgt);
          // "to show their disapproval for / anger at / opposition to X's policies".
          int o = Child(*q, "obj");
          if (tgt->empty() && o >= 0 && x.mention_of[o] < 0) {
            cands.clear();
            for (int k : {o, *q})
              for (const int* r = ChildBegin(k); r != ChildEnd(k); ++r) {
                std::string_view cp = CaseOf(*r);
                std::string_view rb = BaseRel(Rel(*r));
                if ((rb == "nmod" || rb == "obl") &&
                    (cp == "for" || cp == "of" || cp == "at" || cp == "to" || cp == "against" ||
                     cp == "over"))
                  cands.push_back(*r);
              }
            TargetActors(cands, src, tgt);
          }
          if (l == "protest") x.covered[*q] = 1;  // the protest itself, not a second event
        } else if ((b == "obl" || b == "nmod") && x.lemma[*q] == "protest") {
          NounTargets(*q, tgt);
        }
      }
    }
  }

  // A noun event that is the purpose or setting of an active clause takes the
  // clause's subject as its source: "negotiators return to Geneva for talks",
  // "thousands converged for a rally", "youths threw stones during demonstrations",
  // "staged a sit-in in protest". Only meetings (04) and protests (14): other events
  // in such phrases ("were killed in a bombing") are not the subject's doing.
  bool ClauseSource(int t, const Pattern* p, std::vector<Actor>* src) const {
    std::string_view root = std::string_view(p->cameo->code).substr(0, 2);
    if (root != "04" && root != "14") return false;
    std::string_view b = BaseRel(Rel(t));
    if (b != "obl" && b != "nmod") return false;
    std::string_view prep = CaseOf(t);
    if (!(prep == "for" || prep == "during" || (prep == "in" && x.lemma[t] == "protest")))
      return false;
    if (root == "04" && prep != "for") return false;
    int h = Head(t);
    if (h < 0 || Upos(h) != "VERB" || Passive(h)) return false;
    bool pass = false;
    int subj = SubjectOf(h, &pass);
    return subj >= 0 && ResolveNP(subj, src);
  }

  // The CAMEO root ("18") of the event token h triggers, "" if none.
  std::string_view RootAt(int h) const {
    const Pattern* p = x.pat[h];
    if (!p && Upos(h) != "VERB" && c.patterns_->Nouns(x.lemma[h])) p = BestNounPattern(h);
    return p ? std::string_view(p->cameo->code).substr(0, 2) : std::string_view();
  }

  // "Police opened fire on the crowd, killing one person": a subjectless participle
  // of violence under a violent event is that event's outcome, not a second event.
  // Likewise its aim: "opened fire to disperse the demonstrators" (the infinitive read
  // as xcomp, advcl or a clause on "fire") is one act of force, coded once.
  bool Consequence(int v) const {
    std::string_view b = BaseRel(Rel(v));
    if ((b != "advcl" && b != "xcomp") || Child(v, "nsubj") >= 0) return false;
    int mk = Child(v, "mark");
    bool aim = mk >= 0 && x.lower[mk] == "to";
    if (!aim && (b != "advcl" || s.tokens[v].xpos != "VBG")) return false;
    if (mk >= 0 && x.lower[mk] == "by") return false;  // the means: see ByMeans
    int h = Head(v);
    if (h < 0) return false;
    auto violent = [](std::string_view r) { return r == "18" || r == "19" || r == "20"; };
    std::string_view rv = RootAt(v);
    if (aim) return violent(RootAt(h)) && (violent(rv) || rv == "17");
    // The participle hung on the act's aim ("opened fire to disperse them, killing
    // one") or on the reporting verb ("police opened fire ..., killing one, sources
    // said"): the act itself is its head.
    if (std::string_view hb = BaseRel(Rel(h));
        (hb == "advcl" || hb == "xcomp" || hb == "acl") && Child(h, "nsubj") < 0 &&
        Child(h, "mark") >= 0 && x.lower[Child(h, "mark")] == "to" && Head(h) >= 0) {
      int g = Head(h);
      // (The aim read as a clause on the object: "opened fire to disperse ...".)
      if (hb == "acl" && Rel(g) == "obj" && Head(g) >= 0) g = Head(g);
      if (violent(RootAt(g))) h = g;
    }
    int act = h;
    if (c.patterns_->Class(x.lemma[h]) == VerbClass::kSpeech)
      for (const int* q = ChildBegin(h); q != ChildEnd(h); ++q)
        if (Rel(*q) == "ccomp" && *q < v && violent(RootAt(*q))) act = *q;
    return violent(rv) && violent(RootAt(act));
  }

  // "Iran retaliated by firing missiles at the base": a violent act told by the means
  // it took is coded once, as the means (the more specific event, with its target).
  // True for the governing verb.
  // (Not when the governor names a target of its own: "attacked Gaza by firing ...".)
  bool ByMeans(int v) const {
    auto violent = [](std::string_view r) { return r == "18" || r == "19" || r == "20"; };
    if (!violent(RootAt(v))) return false;
    for (const int* q = ChildBegin(v); q != ChildEnd(v); ++q) {
      const std::string_view r = BaseRel(Rel(*q));
      if (r == "obj") return false;
      if (r == "obl" || r == "nmod") {
        const std::string_view c = CaseOf(*q);
        if (c == "against" || c == "at" || c == "into" || c == "in" ||
            (c == "on" && !DayOrMonth(x.lower[*q])))
          return false;
      }
    }
    for (const int* q = ChildBegin(v); q != ChildEnd(v); ++q) {
      if (BaseRel(Rel(*q)) != "advcl" || s.tokens[*q].xpos != "VBG" || Child(*q, "nsubj") >= 0)
        continue;
      const int mk = Child(*q, "mark");
      if (mk >= 0 && x.lower[mk] == "by" && violent(RootAt(*q))) return true;
    }
    return false;
  }

  // What is protested, alleged or investigated is not itself an asserted event:
  // "in protest against human rights violations", "an investigation into an
  // allegation", "accused the US of violating ...". True when the token hangs (as a
  // nominal or an "of/for" clause) off a 09/11/14 event within two steps.
  bool IsContent(int t) const {
    int u = t;
    bool for_clause = false;  // t opens a "for"-clause ("for traveling without papers")
    for (int hop = 0; hop < 2; ++hop) {
      std::string_view b = BaseRel(Rel(u));
      bool nominal = b == "nmod" || b == "obl" || b == "obj";
      bool clause = (b == "advcl" || b == "acl") && [&] {
        int mk = Child(u, "mark");
        if (mk < 0) return false;
        const std::string& m = x.lemma[mk];
        // "an admission that X murdered ...": the content clause of a noun; "an offer
        // to host a summit", "an appeal to lay down arms": its infinitive.
        return m == "of" || m == "for" || (b == "acl" && m == "that") ||
               (b == "acl" && m == "to" && Head(u) >= 0 && Upos(Head(u)) == "NOUN");
      }();
      if (!nominal && !clause) return false;
      if (hop == 0 && clause && x.lemma[Child(u, "mark")] == "for") {
        for_clause = true;
        // A gerund after "for" is a reason, whatever it hangs on ("deported 168
        // Liberians for traveling without papers" with the clause read as one of the
        // reporting verb): what someone is punished, blamed or praised for is not an
        // act asserted by the sentence.
        if (s.tokens[u].xpos == "VBG") return true;
      }
      int h = Head(u);
      if (h < 0) return false;
      // "nationals suspected by the West of blowing up a plane", "convicted of
      // bombing": what someone is suspected, accused or convicted of is alleged, not
      // asserted, whether or not the allegation is itself a coded event.
      if (const std::string& hl = x.lemma[h];
          (hl == "suspect" || hl == "accuse" || hl == "convict" || hl == "charge" ||
           hl == "indict" || hl == "implicate") &&
          (clause ? x.lemma[Child(u, "mark")] == "of"
                  : (b != "obj" && (CaseOf(u) == "of" || CaseOf(u) == "in"))))
        return true;
      std::string_view r = RootAt(h);
      if (r == "09" || r == "11" || r == "14" ||
          ((r == "10" || r == "02") && Upos(h) != "VERB" && clause))
        return true;
      // What is rejected ("rejected a US offer to host a summit", "violated a ban") is
      // the rejection's content.
      if (r == "12" && (b == "obj" || b == "nsubj:pass" || clause)) return true;
      // The reason given for praise, thanks, sanctions or arrests ("thanked the UAE for
      // its help", "arrested for collaborating with Israel").
      if ((r == "05" || r == "16" || r == "17") &&
          (((nominal && (CaseOf(u) == "for" || CaseOf(u) == "over")) ||
            (clause && x.lemma[Child(u, "mark")] == "for"))))
        return true;
      // (The reason clause hung on the one punished: "deported 168 Liberians for
      // traveling without papers" with the clause on "Liberians".)
      if ((r == "05" || r == "16" || r == "17") && hop == 1 && for_clause &&
          (b == "obj" || b == "nsubj:pass"))
        return true;
      u = h;
    }
    return false;
  }

  // The first word of the subtree of t (punctuation left out).
  int Leftmost(int t) const {
    int m = t;
    for (const int* q = ChildBegin(t); q != ChildEnd(t); ++q)
      if (Rel(*q) != "punct") m = std::min(m, Leftmost(*q));
    return m;
  }

  // The last word of the subtree of t (punctuation left out).
  int Rightmost(int t) const {
    int m = t;
    for (const int* q = ChildBegin(t); q != ChildEnd(t); ++q)
      if (Rel(*q) != "punct") m = std::max(m, Rightmost(*q));
    return m;
  }

  // Talk in the first or second person outside quotation marks ("I just wanted to know
  // if you had thoughts on the NATO conference", "You see, the terrorists are ..."):
  // an interview's conversation, not news. A quotation, or a sentence that names a
  // third-person speaker ("we will respond, the minister said"), is reported speech.
  bool FirstPersonTalk() const {
    int root = -1;
    for (int t = 0; t < n && root < 0; ++t)
      if (Rel(t) == "root") root = t;
    if (root < 0) return false;
    auto first_person = [&](int v) {
      int subj = Child(v, "nsubj");
      if (subj < 0) subj = Child(v, "nsubj:pass");
      if (subj < 0 || Upos(subj) != "PRON") return false;
      const std::string& w = x.lower[subj];
      return w == "i" || w == "you" || w == "we";
    };
    // (Or a first-person aside on the main clause: "You see, ...", "..., I think".)
    bool talk = first_person(root);
    for (const int* q = ChildBegin(root); q != ChildEnd(root) && !talk; ++q)
      if (Rel(*q) == "parataxis" && first_person(*q)) talk = true;
    if (!talk) return false;
    for (int t = 0; t < n; ++t) {
      const std::string& f = x.lower[t];
      if (f == "\"" || f == "``" || f == "''" || f == "\xe2\x80\x9c" || f == "\xe2\x80\x9d")
        return false;
      if (Upos(t) == "VERB" && c.patterns_->Class(x.lemma[t]) == VerbClass::kSpeech) {
        int sp = Child(t, "nsubj");
        if (sp >= 0 && x.lower[sp] != "i" && x.lower[sp] != "you" && x.lower[sp] != "we")
          return false;
      }
    }
    return true;
  }

  // Inside a condition ("unless Baghdad accepted its conditions", "until their demands
  // are met", "if war starts"): a hypothetical, not an event that happened.
  bool InCondition(int t) const {
    auto cond_word = [&](int k) {
      std::string_view m = x.lower[k];
      return m == "if" || m == "unless" || m == "until" || m == "whether" || m == "lest";
    };
    for (int u = t, hop = 0; u >= 0 && hop < 8; u = Head(u), ++hop) {
      if (Rel(u) == "root") break;
      // (A condition read as a conjunct or a complement: "... unless Baghdad accepted"
      // with "accepted" conj of "threatened".)
      if (std::string_view b = BaseRel(Rel(u)); b == "conj" || b == "ccomp" || b == "parataxis") {
        int mk = Child(u, "mark");
        if (mk >= 0 && mk < u && (x.lower[mk] == "if" || x.lower[mk] == "unless")) return true;
      }
      if (BaseRel(Rel(u)) == "advcl") {
        int mk = Child(u, "mark");
        if (mk >= 0 && cond_word(mk)) return true;
        // "must agree to changes before they demobilize", "will withdraw once ...":
        // a step a demand or a promise puts after its own is not yet an event.
        if (mk >= 0 && (x.lower[mk] == "before" || x.lower[mk] == "once") && Head(u) >= 0) {
          int h = Head(u);
          if (MustAux(h) >= 0) return true;
          for (const int* q = ChildBegin(h); q != ChildEnd(h); ++q)
            if (Rel(*q) == "aux" && (x.lower[*q] == "will" || x.lower[*q] == "would" ||
                                     x.lower[*q] == "shall" || x.lower[*q] == "'ll"))
              return true;
        }
      }
      // "... until their demands are met" with the conjunction read as a preposition of
      // the clause's subject.
      if (Upos(u) != "VERB") continue;
      for (const int* q = ChildBegin(u); q != ChildEnd(u); ++q)
        if (BaseRel(Rel(*q)) == "nsubj" && *q < u) {
          int cs = Child(*q, "case");
          if (cs >= 0 && cs < *q && cond_word(cs)) return true;
        }
    }
    return false;
  }

  // "said on Tuesday that its Guards had attacked two bases", read as a relative
  // clause on "Tuesday": a clause with "that" whose subject and object are both other
  // words has no gap for "that" to fill; on a word of a speech verb it is that verb's
  // complement, not a relative.
  bool GaplessThatClause(int u) const {
    int h = Head(u);
    if (h < 0 || Head(h) < 0 || c.patterns_->Class(x.lemma[Head(h)]) != VerbClass::kSpeech)
      return false;
    bool that = false, subj = false, obj = false;
    for (const int* q = ChildBegin(u); q != ChildEnd(u); ++q) {
      std::string_view r = BaseRel(Rel(*q));
      bool rel_word = x.lower[*q] == "that" || x.lower[*q] == "which" || x.lower[*q] == "who" ||
                      x.lower[*q] == "whom";
      if (x.lower[*q] == "that" && *q < u) that = true;
      if (r == "nsubj" && !rel_word) subj = true;
      if (r == "obj" && !rel_word) obj = true;
      if (rel_word && x.lower[*q] != "that") return false;
    }
    return that && subj && obj;
  }

  // "Uganda said on Sunday it had paid ...": the reported clause read as a relative
  // clause on the day of the statement ("the day it paid"). True for such a clause u: a
  // subject of its own, no relative word, on a day or date word of a speech verb.
  bool ReportedAfterDate(int u) const {
    int h = Head(u);
    if (h < 0 || Head(h) < 0 || BaseRel(Rel(h)) != "obl" ||
        c.patterns_->Class(x.lemma[Head(h)]) != VerbClass::kSpeech || Child(u, "nsubj") < 0)
      return false;
    static constexpr std::string_view kDays[] = {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "today", "yesterday", "day", "week", "weekend", "month", "year"};
    if (std::find(std::begin(kDays), std::end(kDays), x.lower[h]) == std::end(kDays))
      return false;
    for (const int* q = ChildBegin(u); q != ChildEnd(u); ++q) {
      const std::string& l = x.lower[*q];
      if (*q < u && (l == "that" || l == "which" || l == "who" || l == "when" || l == "whom"))
        return false;
    }
    return true;
  }

  // "a day after Iranian missiles hit a village", with the clause read as a relative
  // clause of "day": a clause after a time noun and "after", "before", "since" or
  // "until" says when something happened; it is no relative clause.
  bool TimeClause(int u) const {
    int h = Head(u);
    if (h < 0 || h > u) return false;
    const std::string& hl = x.lemma[h];
    if (hl != "day" && hl != "week" && hl != "month" && hl != "year" && hl != "hour" &&
        hl != "minute" && hl != "night" && hl != "morning" && hl != "time")
      return false;
    for (int k = h + 1; k < u; ++k) {
      const std::string& w = x.lower[k];
      if (w == "after" || w == "before" || w == "since" || w == "until") return true;
    }
    return false;
  }

  // Inside a relative clause ("a helicopter that was captured last week", "refugees,
  // whom authorities blame for ...", "a base in Qatar, which hosts US forces"): a
  // description of a participant, not the news.
  bool InRelative(int t) const {
    for (int u = t, hop = 0; u >= 0 && hop < 8; u = Head(u), ++hop) {
      std::string_view r = Rel(u);
      if (r == "acl:relcl" && !GaplessThatClause(u) && !LostMainClause(u) &&
          !ReportedAfterDate(u) && !TimeClause(u))
        return true;
      // (Or any clause opened by a relative pronoun: "..., whom they had taken hostage"
      // read as parataxis, "whom authorities blame" with "whom" read as a determiner.)
      if (r == "root") break;
      if (int lm = Leftmost(u); Upos(u) == "VERB" && lm > 0 && x.lower[lm - 1] == ",") {
        const std::string& l = x.lower[lm];
        if (IsWhRelative(l)) return true;
      }
      for (const int* q = ChildBegin(u); q != ChildEnd(u); ++q) {
        const std::string& l = x.lower[*q];
        if (*q < u && Upos(*q) == "PRON" && (IsWhRelative(l) || (l == "that" && r == "acl")))
          return true;
      }
    }
    return false;
  }

  // A war or operation named as the setting of another coded event ("refused to
  // deploy peacekeepers in the war against terrorism", "an offensive in its war with
  // Iraq") is background, not a new event. Meetings and protests are exempt: they
  // are often the occasion itself ("threw stones during demonstrations").
  bool Background(int t, const Pattern* p) const {
    std::string_view root = std::string_view(p->cameo->code).substr(0, 2);
    if (root == "04" || root == "14") return false;
    std::string_view b = BaseRel(Rel(t));
    if (b != "obl" && b != "nmod") return false;
    std::string_view prep = CaseOf(t);
    // "after fifteen years of occupation": the measure of time carries the preposition.
    if (prep == "of" && Head(t) >= 0) {
      const std::string& ml = x.lemma[Head(t)];
      if (ml == "year" || ml == "month" || ml == "week" || ml == "decade" || ml == "day")
        return Background(Head(t), p) ||
               [&] {
                 std::string_view mp = CaseOf(Head(t));
                 return mp == "after" || mp == "since" || mp == "following";
               }();
    }
    // "holed up since last month's invasion": a time reference, whatever it hangs on.
    if (prep == "since") return true;
    if (!(prep == "in" || prep == "during" || prep == "after" || prep == "before" ||
          prep == "since" || prep == "following" || prep == "amid" || prep == "despite" ||
          prep == "throughout"))
      return false;
    int h = Head(t);
    return h >= 0 && !RootAt(h).empty();
  }

  // The stated aim of a protest ("blocked roads demanding his return", "rallied to
  // demand reforms", "saying he must resign", "blocked a road to show their
  // disapproval") is part of the protest, not an event.
  bool ProtestAim(int v) const {
    std::string_view r = RootAt(v);
    if (!(r == "10" || r == "02" || r == "11" || r == "12" || x.lemma[v] == "protest" ||
          MustAux(v) >= 0))
      return false;
    int u = v;
    // An event noun that is the object of the aim ("to show their disapproval").
    if (Upos(v) != "VERB") {
      if (BaseRel(Rel(v)) != "obj" || Head(v) < 0 || Upos(Head(v)) != "VERB") return false;
      u = Head(v);
    }
    for (int hop = 0; hop < 3; ++hop) {
      std::string_view b = BaseRel(Rel(u));
      if (b != "advcl" && b != "acl" && b != "xcomp" && b != "ccomp" && b != "parataxis")
        return false;
      u = Head(u);
      if (u < 0) return false;
      if (RootAt(u) == "14") return true;
      // "the demonstration staged by students ... to protest the decision".
      if (BaseRel(Rel(u)) == "acl" && Head(u) >= 0 && RootAt(Head(u)) == "14") return true;
      // "blocked a road to show ...", the clause read on the object the protest
      // pattern consumed.
      if (Rel(u) == "obj" && x.consumed[u] == 1 && Head(u) >= 0 && RootAt(Head(u)) == "14")
        return true;
    }
    return false;
  }

  // An unidentified armed force (UAF) of the country named as where the event noun
  // `t` happened ("a bombing in central Baghdad", "an explosion near the town of
  // Samarra"). False when no place with a country is attached.
  bool UnattributedSource(int t, std::vector<Actor>* src) const {
    for (const int* q = ChildBegin(t); q != ChildEnd(t); ++q) {
      std::string_view b = BaseRel(Rel(*q));
      if (b != "nmod" && b != "obl") continue;
      std::string_view prep = CaseOf(*q);
      if (prep != "in" && prep != "near" && prep != "at" && prep != "outside" && prep != "inside")
        continue;
      int cand[8];
      int nc = 0;
      cand[nc++] = *q;
      for (const int* r = ChildBegin(*q); r != ChildEnd(*q) && nc < 8; ++r)
        if (Rel(*r) == "compound" || (BaseRel(Rel(*r)) == "nmod" && CaseOf(*r) == "of"))
          cand[nc++] = *r;
      for (int k = 0; k < nc; ++k) {
        int mi = x.mention_of[cand[k]];
        if (mi < 0) continue;
        const DictMatch& m = x.mentions[mi];
        const DictEntry& e = c.actors_->entry(m.entry);
        if (e.kind != EntryKind::kCountry && e.kind != EntryKind::kCity &&
            e.kind != EntryKind::kCapital && e.kind != EntryKind::kAdjective)
          continue;
        Actor a;
        if (!EntryActor(e, &a) || a.country.empty()) continue;
        a.code = a.country + "UAF";
        a.sector = "UAF";
        a.pattern = "unattributed:" + a.pattern;
        a.span = TokSpan(m.begin, m.end - 1);
        SetText(&a);
        src->push_back(std::move(a));
        return true;
      }
    }
    return false;
  }

  // Source of a noun event: possessor, adjective/compound country, or "by".
  // An event noun written with a capital inside a sentence in ordinary case is part
  // of a name: "the Vietnam War", "the Cold War", "the Gulf War". Its modifiers name
  // the event, not who waged it.
  bool NamedEvent(int t) const {
    const std::string& f = s.tokens[t].form;
    if (t == 0 || f.empty() || f[0] < 'A' || f[0] > 'Z' || f == x.lower[t]) return false;
    if (std::all_of(f.begin(), f.end(), [](char ch) { return ch < 'a' || ch > 'z'; }))
      return false;  // an acronym
    // A headline in title case capitalises its other content words too.
    int words = 0, caps = 0;
    for (int k = 1; k < n; ++k) {
      std::string_view up = Upos(k);
      if (k == t || (up != "NOUN" && up != "VERB" && up != "ADJ" && up != "ADV")) continue;
      ++words;
      const std::string& w = s.tokens[k].form;
      if (!w.empty() && w[0] >= 'A' && w[0] <= 'Z') ++caps;
    }
    return caps * 2 <= words;
  }

  bool NounSource(int t, std::vector<Actor>* src) const {
    const bool named = NamedEvent(t);
    for (const int* q = ChildBegin(t); q != ChildEnd(t); ++q) {
      std::string_view r = Rel(*q);
      if (named && (BaseRel(r) == "amod" || BaseRel(r) == "compound")) continue;
      // A city before the event noun is where it happened ("the Kerman bombing", "a
      // Gaza ceasefire"), not who did it.
      if (BaseRel(r) == "compound" && MentionIs(*q, EntryKind::kCity))
        continue;
      if (r == "nmod:poss" || BaseRel(r) == "amod" || BaseRel(r) == "compound" ||
          ((BaseRel(r) == "nmod") && CaseOf(*q) == "by")) {
        if (ResolveNP(*q, src)) return true;
      }
    }
    return false;
  }

  void NounTargets(int t, std::vector<Actor>* tgt) const {
    for (const char* pr : kDefaultTargetPreps)
      for (const int* q = ChildBegin(t); q != ChildEnd(t); ++q)
        if (BaseRel(Rel(*q)) == "nmod" && CaseOf(*q) == pr && ResolveNP(*q, tgt)) return;
    for (const int* q = ChildBegin(t); q != ChildEnd(t); ++q)
      if (BaseRel(Rel(*q)) == "nmod" && CaseOf(*q) == "between") {
        // "talks between Iran and Pakistan": both sides are targets of each other;
        // handled by the caller only when a source exists.
        ResolveNP(*q, tgt);
        return;
      }
  }

  // "clashes between Pakistani and Afghan troops", "talks between Iran and the United
  // States", "because of fighting between X and Y": an event of a mutual kind (agreeing, consulting, cooperating, a
  // ceasefire, fighting) with no doer of its own is done by its two sides: the first
  // named is the source, the others the target. Mediation between two sides is not
  // mutual (the mediator is unnamed). False when the nominal names fewer than two
  // distinct actors.
  bool ReciprocalSides(int t, const Pattern* p, std::vector<Actor>* src,
                       std::vector<Actor>* tgt) const {
    if (p->no_target) return false;
    const std::string_view code = p->cameo->code;
    const std::string_view root = code.substr(0, 2);
    if (root != "03" && root != "04" && root != "05" && root != "06" && root != "08" &&
        root != "19")
      return false;
    if (code.starts_with("045") || code.starts_with("046") || code.starts_with("039"))
      return false;
    for (const int* q = ChildBegin(t); q != ChildEnd(t); ++q) {
      const std::string_view b = BaseRel(Rel(*q));
      if ((b != "nmod" && b != "obl" && b != "obj") || CaseOf(*q) != "between") continue;
      std::vector<Actor> sides;
      if (!ResolveNP(*q, &sides) || sides.size() < 2) return false;
      // Both sides named: a bare agent filled in from the context ("between Gorbachev
      // and the government", with Gorbachev unknown) is no side.
      for (const Actor& a : sides)
        if (a.pattern.starts_with("domestic:") || a.pattern.starts_with("coref:")) return false;
      for (size_t k = 1; k < sides.size(); ++k)
        if (sides[k].code != sides[0].code) tgt->push_back(sides[k]);
      if (tgt->empty()) return false;
      src->push_back(sides[0]);
      return true;
    }
    return false;
  }

  void Run() {
    first_event = out->size();
    // Remember this sentence's named actors for coreference.
    for (const DictMatch& m : x.mentions) {
      const DictEntry& e = c.actors_->entry(m.entry);
      Actor a;
      if (!EntryActor(e, &a)) continue;
      if (e.kind == EntryKind::kCity) continue;
      if (e.kind == EntryKind::kAdjective && Upos(m.end - 1) != "ADJ") ResidentPeople(m.end - 1, &a);
      a.span = TokSpan(m.begin, m.end - 1);
      SetText(&a);
      uint8_t type = e.kind == EntryKind::kPerson ? 3
                     : (e.kind == EntryKind::kOrg && !IsStateSector(e.sector) && e.sector != "GOV")
                         ? 2
                         : 1;
      // Subject salience: the mention's head (or the noun it modifies) is an nsubj.
      int h = m.end - 1;
      bool subj = BaseRel(Rel(h)) == "nsubj" ||
                  (Head(h) >= 0 && BaseRel(Rel(Head(h))) == "nsubj" && Rel(h) != "conj");
      // No antecedent of a pronoun: a country or capital named as a place ("arrived in
      // Washington"), and an actor inside a clause that modifies a noun ("through
      // territory controlled by the Taliban. They made the trip ...").
      bool place = (((e.kind == EntryKind::kCountry || e.kind == EntryKind::kAdjective) &&
                     a.sector.empty()) ||
                    e.kind == EntryKind::kCapital) &&
                   NamedAsPlace(a, false);
      if (InNounModifierClause(h)) place = true;
      x.memory.push_back({std::move(a), si, m.begin, type, subj, false, place});
    }
    // Agent subjects ("Pakistani officials said ...", "the authors say ..."), for
    // pronouns: what they resolve to now.
    for (int t = 0; t < n; ++t) {
      int mi = x.mention_of[t];
      if (mi < 0 || BaseRel(Rel(t)) != "nsubj" || x.mentions[mi].end - 1 != t) continue;
      const DictEntry& e = c.actors_->entry(x.mentions[mi].entry);
      if (e.kind != EntryKind::kAgent) continue;
      std::vector<Actor> tmp;
      if (!ResolveHead(t, &tmp) || tmp.empty()) continue;
      x.memory.push_back({std::move(tmp[0]), si, x.mentions[mi].begin, 4, true, e.plural, false});
    }
    if (x.memory.size() > 64) x.memory.erase(x.memory.begin(), x.memory.end() - 32);
    for (int t = 0; t < n; ++t) {
      std::string_view up = Upos(t);
      if (BaseRel(Rel(t)) != "nsubj" || x.mention_of[t] >= 0) continue;
      // A third-person pronoun subject that stands for no actor continues the chain of
      // what it stands for ("The team arrived ... They were denied visas ... They made
      // the trip"): it blocks older actors as its successors' antecedents too.
      const std::string_view w = x.lower[t];
      const bool pron = up == "PRON" && (w == "they" || w == "it" || w == "he" || w == "she");
      if (up != "NOUN" && up != "PROPN" && !pron) continue;
      std::vector<Actor> tmp;
      if (ResolveNP(t, &tmp, 1)) continue;
      const std::string& xp = s.tokens[t].xpos;
      bool plural = xp == "NNS" || xp == "NNPS" || s.tokens[t].feats.find("Number=Plur") != std::string::npos;
      if (pron) plural = w == "they";
      const int first = Leftmost(t), last = Rightmost(t);
      x.plain_subjects.push_back({si, t, plural, first, last});
      // A collective noun ("the team", "the delegation") is taken up by "they" as well.
      if (!plural && !pron && IsCollectiveNoun(x.lemma[t]))
        x.plain_subjects.push_back({si, t, true, first, last});
    }
    if (x.plain_subjects.size() > 64)
      x.plain_subjects.erase(x.plain_subjects.begin(), x.plain_subjects.end() - 32);
    // Sport and entertainment ("box office", "premier league"): no events.
    if (c.actors_->DiscardedSentence(x.lower, n)) return;
    if (FirstPersonTalk()) return;

    x.pat.assign(n, nullptr);
    x.pat_obj.assign(n, -1);
    x.light_noun.assign(n, -1);
    x.consumed.assign(n, 0);
    x.covered.assign(n, 0);
    // Pass 1: triggers.
    for (int v = 0; v < n; ++v) {
      std::string_view up = Upos(v);
      // (A bare infinitive under help/assist tagged as a noun or an adjective: "helped
      // mediate between ...".)
      const bool helped = (up == "NOUN" || (up == "ADJ" && c.patterns_->Verbs(x.lemma[v]))) &&
                          Helped(v);
      if ((up != "VERB" && !helped) || VerbInName(v)) continue;
      int obj = -1;
      const Pattern* p = BestVerbPattern(v, &obj);
      if (c.patterns_->IsLight(x.lemma[v]) && (!p || p->specificity <= 1)) {
        for (const int* q = ChildBegin(v); q != ChildEnd(v); ++q) {
          std::string_view r = Rel(*q);
          if (r == "obj" || (r == "nsubj:pass")) {
            int en = EventNoun(*q);
            if (en >= 0) {
              p = BestNounPattern(en);
              x.light_noun[v] = en;
              obj = *q;
              break;
            }
          }
        }
      }
      if (!p && c.patterns_->must_pattern() && MustAux(v) >= 0 && SpeechGovernor(v) >= 0)
        p = c.patterns_->must_pattern();
      if (!p) continue;
      x.pat[v] = p;
      x.pat_obj[v] = obj;
      if (obj >= 0) x.consumed[obj] = 1;
      if (x.light_noun[v] >= 0) x.consumed[x.light_noun[v]] = 1;
    }
    // Governors whose xcomp was coded are not coded themselves.
    for (int v = 0; v < n; ++v) {
      if (!x.pat[v]) continue;
      int g = Head(v);
      if (Helped(v)) x.covered[g] = 1;
      if (g < 0 || !Governed(v)) continue;
      VerbClass cls = c.patterns_->Class(x.lemma[g]);
      if (cls == VerbClass::kIntend || cls == VerbClass::kDemand || cls == VerbClass::kRefuse) {
        x.covered[g] = 1;
        // "demanded that its partners refuse to recognize X": the demand covers both.
        int gg = Head(g);
        if (cls != VerbClass::kDemand && gg >= 0 && (Rel(g) == "xcomp" || Rel(g) == "ccomp") &&
            c.patterns_->Class(x.lemma[gg]) == VerbClass::kDemand)
          x.covered[gg] = 1;
      }
    }
    std::vector<Actor> src, tgt;
    std::vector<int> cands;
    for (int v = 0; v < n; ++v) {
      const Pattern* p = x.pat[v];
      if (!p || x.covered[v] || Consequence(v) || ByMeans(v) || IsContent(v) || ProtestAim(v))
        continue;
      if (InCondition(v)) continue;
      if (InRelative(v)) continue;
      // "when Idi Amin expelled them 18 years ago": history (years or decades ago), not news.
      if ([&] {
            for (const int* q = ChildBegin(v); q != ChildEnd(v); ++q) {
              if (x.lower[*q] != "ago") continue;
              for (const int* r = ChildBegin(*q); r != ChildEnd(*q); ++r)
                if (x.lemma[*r] == "year" || x.lemma[*r] == "decade") return true;
            }
            return false;
          }())
        continue;
      // "the ambassador, who is visiting his country": a visit to one's own country
      // ("his/its/their country", "home") is a return home, not a meeting.
      if (std::string_view(p->cameo->code).substr(0, 2) == "04" && [&] {
            for (const int* q = ChildBegin(v); q != ChildEnd(v); ++q) {
              std::string_view b = BaseRel(Rel(*q));
              if (b != "obj" && !(b == "obl" && (CaseOf(*q) == "to" || CaseOf(*q).empty())))
                continue;
              const std::string& l = x.lemma[*q];
              if (l != "country" && l != "homeland" && l != "home" && l != "nation") continue;
              if (l == "home" && Child(*q, "nmod:poss") < 0) return true;  // "visiting home"
              int poss = Child(*q, "nmod:poss");
              if (poss >= 0 && Upos(poss) == "PRON") return true;
            }
            return false;
          }())
        continue;
      // A participle used as an adjective names a state, not an event ("the occupied
      // West Bank", "armed groups", "a disputed region"). When the sentence's root is
      // not a verb, the parser missed the main verb ("Britain mobilized army reservists",
      // "Israeli tanks shelled positions" read as noun phrases) and the participle is kept.
      if (BaseRel(Rel(v)) == "amod" && Head(v) >= 0 && Rel(Head(v)) != "root" && [&] {
            for (int r = 0; r < n; ++r)
              if (Rel(r) == "root") return Upos(r) == "VERB";
            return false;
          }())
        continue;
      // "closed its borders because of fighting between Azerbaijanis and Armenians":
      // a mutual act without a subject of its own is done by the sides it names, not
      // by whoever governs it.
      if (Child(v, "nsubj") < 0 && Child(v, "nsubj:pass") < 0) {
        src.clear();
        tgt.clear();
        if (ReciprocalSides(v, p, &src, &tgt)) {
          Emit(p, p->cameo->code, v, v, src, tgt,
               SpeechGovernor(v) >= 0 ? Modality::kReported : Modality::kAsserted, false);
          continue;
        }
      }
      bool passive = false;
      int subj = SubjectOf(v, &passive);
      // "the ministry said two children were killed in the strike and condemned the
      // attack": a verbal act (CAMEO 01-05, 09-13) conjoined to a reported passive is
      // the speaker's, not the passive's patient's (the parser attaches the conjunct to
      // the nearer verb).
      if (!passive && subj >= 0 && Rel(v) == "conj" && Head(v) >= 0 && Passive(Head(v)) &&
          Head(subj) == Head(v) && Rel(subj) == "nsubj:pass" && Rel(Head(v)) == "ccomp" &&
          VerbalCode(p->cameo->code)) {
        int sg = SpeechGovernor(Head(v));
        bool sp = false;
        if (sg >= 0 && sg == Head(Head(v))) {
          int ss = SubjectOf(sg, &sp);
          if (ss >= 0) subj = ss;
        }
      }
      src.clear();
      tgt.clear();
      std::string code = p->cameo->code;
      bool negated = false;
      Modality mod = ModalityOf(v, &negated);
      // "will visit Mauritania to mediate": the purpose of a future or conditional act
      // is as future as the act.
      if (mod == Modality::kAsserted && (BaseRel(Rel(v)) == "advcl" || Rel(v) == "xcomp") &&
          Head(v) >= 0 && Child(v, "mark") >= 0 && x.lower[Child(v, "mark")] == "to" &&
          c.patterns_->Class(x.lemma[Head(v)]) == VerbClass::kNone) {
        bool hneg = false;
        Modality hm = ModalityOf(Head(v), &hneg);
        if (hm == Modality::kFuture || hm == Modality::kConditional) mod = hm;
      }
      int g = Head(v);
      // "urged X to exercise restraint and to engage in dialogue": a conjunct of the
      // governed clause is governed too.
      int cv = v;
      if (g >= 0 && Rel(v) == "conj" && Governed(g) && Upos(g) == "VERB") {
        cv = g;
        g = Head(g);
      }
      // (A clause before its governor is no complement it governs: "Israel accused Iran
      // of ..., and the minister ordered the army to respond" with "accused" read as a
      // clause of "ordered".)
      VerbClass gcls = g >= 0 && cv > g && Governed(cv) ? c.patterns_->Class(x.lemma[g])
                                                        : VerbClass::kNone;
      if (cv != v && gcls != VerbClass::kDemand && gcls != VerbClass::kIntend &&
          gcls != VerbClass::kRefuse) {
        cv = v;  // not governed: back to the conjunct's own head
        g = Head(v);
        gcls = VerbClass::kNone;
      }
      int target_override = -1;
      bool order = false;  // the governor gives an order ("ordered the army to ...")
      int clause = cv;  // the clause under the governor g
      if ((gcls == VerbClass::kIntend || gcls == VerbClass::kRefuse) && Head(g) >= 0 &&
          (Rel(g) == "xcomp" || Rel(g) == "ccomp") &&
          c.patterns_->Class(x.lemma[Head(g)]) == VerbClass::kDemand) {
        clause = g;
        g = Head(g);
        gcls = VerbClass::kDemand;
      }
      if (gcls == VerbClass::kDemand || gcls == VerbClass::kIntend || gcls == VerbClass::kRefuse) {
        bool gneg = false;
        Modality gm = ModalityOf(g, &gneg);
        const bool own_neg = negated;
        negated = negated || gneg;
        bool gpass = false;
        int gs = SubjectOf(g, &gpass);
        if (gcls == VerbClass::kDemand) {
          // "urged Israel not to drop more bombs": a demand that force not be used is a
          // demand for de-escalation, asserted (only the governor's own "not" negates it).
          const bool deescalate = own_neg && code.size() >= 2 && code[0] == '1' &&
                                  code[1] >= '8';
          code = deescalate ? "1056" : DemandCode(code);
          if (deescalate) negated = gneg;
          subj = gs;
          const std::string& gl = x.lemma[g];
          order = gl == "order" || gl == "instruct" || gl == "direct" || gl == "command";
          target_override = Child(g, "obj");
          if (target_override < 0) target_override = ObjectReadAsSubject(g);
          // "demanded that the DPRK forsake ...": the subject of the that-clause.
          if (target_override < 0 && Rel(clause) == "ccomp") target_override = Child(clause, "nsubj");
          if (target_override < 0) {
            for (const int* q = ChildBegin(g); q != ChildEnd(g); ++q)
              if (BaseRel(Rel(*q)) == "obl" && (CaseOf(*q) == "on" || CaseOf(*q) == "upon"))
                target_override = *q;
          }
        } else if (gcls == VerbClass::kRefuse) {
          code = RefuseCode(code);
          if (Child(v, "nsubj") < 0) subj = gs;
        } else {
          mod = Modality::kIntended;
          if (gm == Modality::kFuture || gm == Modality::kConditional) mod = gm;
          if (Child(v, "nsubj") < 0) subj = gs;
        }
      }
      int speaker_gov = SpeechGovernor(v);
      bool must = speaker_gov >= 0 && MustAux(v) >= 0;
      if (must) {
        // "X said Y must return the helicopter": X demands of Y.
        code = DemandCode(code);
        target_override = subj;
        bool sp = false;
        subj = SubjectOf(speaker_gov, &sp);
        mod = Modality::kAsserted;
      }
      // "will withdraw its force unless ...": a conditional cooperation is a threat to
      // withdraw it (CAMEO 13x), not an intent.
      bool unless = false;
      for (const int* q = ChildBegin(v); q != ChildEnd(v); ++q)
        if (BaseRel(Rel(*q)) == "advcl") {
          int mk = Child(*q, "mark");
          if (mk >= 0 && x.lower[mk] == "unless") unless = true;
        }
      if (unless && code.size() >= 2 && code[0] == '0' && code[1] >= '6' && code[1] <= '8') {
        code = code[1] == '6' ? "131" : code[1] == '7' ? "1311" : "136";
        mod = Modality::kConditional;
      } else if (mod == Modality::kFuture || mod == Modality::kConditional ||
                 mod == Modality::kIntended) {
        code = IntentCode(code);
      }
      // "will not accept", "did not agree": refusing cooperation is a rejection.
      if (negated && code.size() >= 2 && code[0] == '0' && code[1] >= '3' && code[1] <= '8') {
        code = RefuseCode(code);
        negated = false;
      }
      if (speaker_gov >= 0 && mod == Modality::kAsserted && !must) mod = Modality::kReported;
      // Source.
      if (subj >= 0) {
        const Pattern* np = c.patterns_->Nouns(x.lemma[subj]) ? BestNounPattern(subj) : nullptr;
        if (np && NounSource(subj, &src)) {
          x.consumed[subj] = 2;  // "its strikes targeted militants": source only
        } else {
          ResolveNP(subj, &src);
          // "A roadside bombing near Samarra killed ...": nobody named; an
          // unidentified armed force of the country where it happened.
          if (src.empty() && np && UnattributedSource(subj, &src)) {
            x.consumed[subj] = 2;
            // "Tehran said the strikes in Iraq hit ...": a state reporting strikes in
            // another country speaks of its own.
            if (speaker_gov >= 0) {
              bool sp = false;
              int who = SubjectOf(speaker_gov, &sp);
              std::vector<Actor> speaker;
              if (who >= 0 && ResolveNP(who, &speaker) && speaker.size() == 1 &&
                  !speaker[0].country.empty() && speaker[0].country != src[0].country &&
                  (speaker[0].sector.empty() || speaker[0].sector == "GOV" ||
                   speaker[0].sector == "MIL") &&
                  (!speaker[0].sector.empty() || speaker[0].code == speaker[0].country))
                src = std::move(speaker);
            }
          }
          if (src.empty()) CommaApposition(subj, &src);
          // "Up to 1,000 ethnic Turks began ..." with "Up" the subject and the people
          // its oblique: the quantity's noun is the subject.
          if (src.empty() && (Upos(subj) == "ADP" || Upos(subj) == "ADV")) {
            const std::string& w = x.lower[subj];
            if (w == "up" || w == "about" || w == "around" || w == "nearly" || w == "over" ||
                w == "almost" || w == "some")
              for (const int* q = ChildBegin(subj); q != ChildEnd(subj) && src.empty(); ++q)
                if ((BaseRel(Rel(*q)) == "obl" || BaseRel(Rel(*q)) == "nmod") && *q > subj)
                  ResolveNP(*q, &src);
          }
        }
      }
      // A passive that names no agent ("two of their vehicles were hit", "militiamen
      // armed with machetes", "civilians were killed ..., police said") has no known
      // source: the actor before it is its patient, the speaker only reports it.
      // (A reduced relative with a direct object, or a bare oblique naming an actor, is
      // a finite verb the tagger took for a participle: "settlers in Hebron set fire to
      // ...", "minister X summoned Niger's ambassador Y".)
      bool true_passive = passive && Child(v, "obj") < 0 && [&] {
        for (const int* q = ChildBegin(v); q != ChildEnd(v); ++q) {
          if (Rel(*q) != "obl" || Child(*q, "case") >= 0) continue;
          if (x.mention_of[*q] >= 0) return false;
          for (const int* r = ChildBegin(*q); r != ChildEnd(*q); ++r)
            if (x.mention_of[*r] >= 0) return false;
        }
        return true;
      }();
      bool agentless = true_passive && subj < 0;
      // Nor is the speaker the doer when the clause names one that is no actor ("a
      // roadside bombing killed a soldier, the military said"); an unresolved pronoun
      // ("the party said it will boycott ...") is the speaker.
      if (src.empty() && speaker_gov >= 0 && !agentless && (subj < 0 || Upos(subj) == "PRON")) {
        bool sp = false;
        int ss = SubjectOf(speaker_gov, &sp);
        if (ss >= 0) ResolveNP(ss, &src);
      }
      // "A roadside bombing ... killed one soldier and wounded two others": a conjunct
      // sharing its head verb's subject shares that verb's source, not the head's object.
      if (src.empty() && Rel(v) == "conj" && Head(v) >= 0 && subj >= 0) {
        for (const auto& [hv, hs] : verb_src)
          if (hv == Head(v) && hs.first == subj) src = hs.second;
      }
      // ... nor is it when the agent names no actor ("vehicles were hit by gunfire").
      // When the clause has a subject that names no actor ("a storm caused a crane to
      // fall into the mosque, killing ...", "I loaded boats in Jersey City to deliver
      // goods"), the doer is named and is no actor: the nearest actor counts only inside
      // the subject's words, which a misparse may have split ("Some 800,000 Iraqi Kurds",
      // "a roadside bombing near the town of Samarra").
      if (src.empty() && !true_passive) {
        NearestActor(v, -1, &src);
        // (A discarded head noun names no actor however it is parsed: "the Pakistani
        // team".)
        if (subj >= 0 && x.mention_of[subj] < 0 && c.actors_->NonActorNoun(x.lemma[subj]))
          src.clear();
        if (subj >= 0 && !src.empty()) {
          std::string_view su = Upos(subj);
          uint32_t lo = s.tokens[Leftmost(subj)].span.begin;
          uint32_t hi = su == "DET" || su == "NUM" ? s.tokens[v].span.begin
                                                   : s.tokens[Rightmost(subj)].span.end;
          if (!std::all_of(src.begin(), src.end(), [&](const Actor& a) {
                return a.span.begin >= lo && a.span.end <= hi;
              }))
            src.clear();
        }
      }
      if (src.empty()) continue;
      verb_src.push_back({v, {subj, src}});
      // Target.
      if (!p->no_target) {
        if (target_override >= 0) {
          ResolveNP(target_override, &tgt);
          // "the minister ordered the military to respond": a security body of no
          // named country takes the order of its own government, not of the country
          // last named.
          if (order && tgt.size() == 1 && src.size() == 1 && !src[0].country.empty() &&
              (tgt[0].sector == "MIL" || tgt[0].sector == "COP") &&
              (tgt[0].pattern.starts_with("coref:") || tgt[0].pattern.starts_with("domestic:"))) {
            tgt[0].country = src[0].country;
            tgt[0].code = src[0].country + tgt[0].sector;
          }
        }
        if (tgt.empty()) {
          // (A "passive" that is a finite verb the tagger took for a participle, as
          // above, has an active object: "minister X summoned Niger's ambassador Y".)
          bool tpass = passive && (true_passive || Rel(v) != "acl");
          TargetsOf(v, p, x.pat_obj[v] != x.light_noun[v] ? x.pat_obj[v] : -1, tpass,
                    x.light_noun[v], &cands);
          const std::string& pc = p->cameo->code;
          const bool verbal = pc.size() >= 2 && ((pc[0] == '0' && pc[1] != '3' && pc[1] <= '5') ||
                                                 (pc[0] == '1' && pc[1] <= '4'));
          TargetActors(cands, src, &tgt, pc.size() >= 2 && pc[0] == '1' && pc[1] >= '7', verbal);
        }
        // A protest names what it is against in its purpose clause ("began a hunger
        // strike to protest X", "blocked roads in protest against X").
        bool protest = code.size() >= 2 && code[0] == '1' && code[1] == '4';
        if (tgt.empty() && protest) ProtestTarget(v, x.light_noun[v], src, &tgt);
        // "opened fire to disperse demonstrators": the purpose clause's object.
        if (tgt.empty() && !protest) PurposeTarget(v, src, &tgt);
        // "summoned Niger's ambassador to complain of ...": a purpose clause without a
        // target of its own is aimed at whom its governor acts on.
        // (Not when its object is the source itself: "... to defend itself".)
        if (tgt.empty() && (BaseRel(Rel(v)) == "advcl" || Rel(v) == "xcomp") && Head(v) >= 0 &&
            Child(v, "mark") >= 0 && x.lower[Child(v, "mark")] == "to" &&
            !(Child(v, "obj") >= 0 && Reflexive(Child(v, "obj")))) {
          int g0 = Head(v);
          cands.clear();
          if (Upos(g0) == "NOUN" && Rel(g0) == "obj") {
            cands.push_back(g0);  // "summoned the ambassador to complain", hung on the object
          } else if (VerbInName(g0)) {
            cands.push_back(g0);  // "summoned X's charge d'affaires to demand ..."
          } else if (c.patterns_->Class(x.lemma[g0]) != VerbClass::kDemand) {
            for (const int* q = ChildBegin(g0); q != ChildEnd(g0); ++q)
              if (Rel(*q) == "obj" || (Rel(*q) == "obl" && Child(*q, "case") < 0 && *q > g0))
                cands.push_back(*q);
          }
          TargetActors(cands, src, &tgt);
        }
        // A state's concession, cooperation or mobilisation whose object is its own
        // unnamed people ("will not accept refugees", "mobilized reservists") has no
        // target: the object took the source's country only by the domestic default.
        // (The pattern's own code counts too: "will not accept refugees" is a 12x
        // rejection of a 03x acceptance.) Aid (07) is the exception: its own people
        // are whom it helps ("troops rescued tourists", "evacuated residents").
        auto coop_or_mob = [](const std::string& k) {
          return k.size() >= 2 && ((k[0] == '0' && k[1] >= '3' && k[1] <= '8' && k[1] != '7') ||
                                   (k[0] == '1' && k[1] == '5'));
        };
        auto aid = [](const std::string& k) { return k.size() >= 2 && k[0] == '0' && k[1] == '7'; };
        auto drop_domestic_default = [&](bool people_only) {
          if (tgt.empty() || aid(code) || !(coop_or_mob(code) || coop_or_mob(p->cameo->code)))
            return;
          if (std::all_of(tgt.begin(), tgt.end(), [&](const Actor& t) {
                return t.pattern.starts_with("domestic:") &&
                       (!people_only || t.sector == "CVL" || t.sector == "REF") &&
                       std::any_of(src.begin(), src.end(),
                                   [&](const Actor& a) { return a.country == t.country; });
              }))
            tgt.clear();
        };
        drop_domestic_default(/*people_only=*/false);

        if (tgt.empty()) {
          std::vector<Actor> near;
          auto own_place = [&](const Actor& a) {
            // "... in south Lebanon" after a Lebanese source, or in a city: where, not
            // whom. Not for coercion, protest or violence, which are imposed on the
            // place ("declared a state of siege in Haiti").
            // (A threat or intent keeps its pattern's material nature: "threatened to
            // institute a curfew in Algiers".)
            const std::string& pc = p->cameo->code;
            bool material = (code.size() >= 2 && code[0] == '1' && code[1] >= '4') ||
                            (pc.size() >= 2 && pc[0] == '1' && pc[1] >= '4');
            if (material || code[0] == '2' || !a.sector.empty()) return false;
            const int k = TokenAt(a);
            // (A city is a place whoever the source is: "defended the operation in Davos".)
            if (!MentionIs(k, EntryKind::kCity) &&
                std::none_of(src.begin(), src.end(),
                             [&](const Actor& sa) { return sa.country == a.country; }))
              return false;
            if (k < 1) return false;
            int p = k - 1;
            while (p > 0 && (Upos(p) == "ADJ" || Upos(p) == "DET" || x.lower[p] == "south" ||
                             x.lower[p] == "north" || x.lower[p] == "east" || x.lower[p] == "west"))
              --p;
            return x.lower[p] == "in" || x.lower[p] == "inside" || x.lower[p] == "within";
          };
          if (NearestActor(v, +1, &near))
            for (Actor& a : near)
              if (std::none_of(src.begin(), src.end(),
                               [&](const Actor& sa) { return sa.span == a.span; }) &&
                  !own_place(a))
                tgt.push_back(std::move(a));
          // (The nearest actor is a guess; the same holds for the unnamed people it
          // finds: "agreed to share information on missing people" where the parser
          // left no target slot.)
          drop_domestic_default(/*people_only=*/true);
        }
        // A mobilisation's own forces ("mobilized army reservists", "ordered patrols by
        // police") are what it moves, not its target.
        if (code.size() >= 2 && code[0] == '1' && code[1] == '5')
          tgt.erase(std::remove_if(tgt.begin(), tgt.end(),
                                   [&](const Actor& t) {
                                     if (t.sector != "MIL" && t.sector != "COP" && t.sector != "SPY")
                                       return false;
                                     return t.country.empty() ||
                                            std::any_of(src.begin(), src.end(), [&](const Actor& a) {
                                              return a.country == t.country;
                                            });
                                   }),
                    tgt.end());
        // A protest that names no target is against its own country's authorities.
        if (tgt.empty() && code.size() >= 2 && code[0] == '1' && code[1] == '4')
          DomesticAuthorities(src, &tgt);
        // Armed non-state actors whose force (or threat of it) names no target act
        // against their own country ("guerrillas blew up power lines", "rebels swore to
        // fight until ...").
        {
          const std::string& pc = p->cameo->code;
          bool force = pc.size() >= 2 && ((pc[0] == '1' && pc[1] >= '7') || pc[0] == '2');
          if (tgt.empty() && force)
            for (const Actor& a : src)
              if (IsNonStateSector(a.sector) && !a.country.empty()) {
                Actor t;
                t.country = a.country;
                t.code = a.country;
                t.pattern = "default:armed-group-against-own-country";
                tgt.push_back(std::move(t));
                break;
              }
        }
        // "threatened to stop talks if the United States goes ahead": a threat is aimed
        // at whoever must meet its condition.
        if (tgt.empty() && code.size() >= 2 && code[0] == '1' && code[1] == '3')
          // (Or in the infinitive under it, whether read as xcomp or as advcl: "to stop
          // talks to reduce weapons if ...".)
          for (int h : {v, g, Child(v, "xcomp"), [&] {
                          for (const int* q = ChildBegin(v); q != ChildEnd(v); ++q)
                            if (Rel(*q) == "advcl" && Child(*q, "mark") >= 0 &&
                                x.lower[Child(*q, "mark")] == "to")
                              return *q;
                          return -1;
                        }(),
                        // (Or hung on the reporting clause after it: "..., the paper
                        // reported", with the condition read as that verb's.)
                        [&] {
                          for (int h : {v, g}) {
                            if (h < 0) continue;
                            for (const int* q = ChildBegin(h); q != ChildEnd(h); ++q)
                              if (*q > h &&
                                  (BaseRel(Rel(*q)) == "advcl" || Rel(*q) == "parataxis") &&
                                  c.patterns_->Class(x.lemma[*q]) == VerbClass::kSpeech)
                                return *q;
                          }
                          return -1;
                        }()})
            for (const int* q = h < 0 ? nullptr : ChildBegin(h); q && q != ChildEnd(h) && tgt.empty(); ++q) {
              if (BaseRel(Rel(*q)) != "advcl") continue;
              int mk = Child(*q, "mark");
              if (mk < 0 || (x.lower[mk] != "if" && x.lower[mk] != "unless")) continue;
              bool pass = false;
              int cs = SubjectOf(*q, &pass);
              if (cs >= 0 && cs != subj) TargetActors({cs}, src, &tgt);
            }
        // Drop a consumed object naming the source's own country ("recalled its envoy",
        // "refused to release the prisoners"); coercion, violence and protest keep it
        // ("police dispersed the demonstrators").
        if (code.size() >= 2 && !(code[0] == '1' && (code[1] == '4' || code[1] >= '7')) &&
            code[0] != '2')
        tgt.erase(std::remove_if(tgt.begin(), tgt.end(),
                                 [&](const Actor& t) {
                                   for (const Actor& a : src)
                                     if (!a.country.empty() && a.country == t.country &&
                                         t.code.size() > 3 && a.code != t.code &&
                                         x.pat_obj[v] >= 0 && t.span.begin >= s.tokens[x.pat_obj[v]].span.begin &&
                                         t.span.end <= s.tokens[x.pat_obj[v]].span.end)
                                       return true;
                                   return false;
                                 }),
                  tgt.end());
      }
      // A diplomatic sanction (16x: expel, recall, downgrade) is between two countries:
      // when the source came out in the target's own country ("Tehran's envoy" read as
      // both), the nearest actor of another country before the verb (the subject
      // capital, "Islamabad expelled ...") is the source.
      if (code.size() >= 2 && code[0] == '1' && code[1] == '6' && !tgt.empty() &&
          !tgt.front().country.empty() &&
          std::all_of(src.begin(), src.end(),
                      [&](const Actor& a) { return a.country == tgt.front().country; })) {
        for (int t = v - 1; t >= 0; --t) {
          int mi = x.mention_of[t];
          if (mi < 0) continue;
          std::vector<Actor> other;
          if (LinearNP(x.mentions[mi].end - 1, &other) && !other.empty() &&
              !other.front().country.empty() &&
              other.front().country != tgt.front().country) {
            src = std::move(other);
            break;
          }
          t = x.mentions[mi].begin;
        }
      }
      // Reciprocal: "X and Y agreed on a pact between the two countries" has no
      // target beyond the sources themselves.
      if (!tgt.empty() && src.size() > 1 &&
          std::all_of(tgt.begin(), tgt.end(), [&](const Actor& t) {
            return std::any_of(src.begin(), src.end(),
                               [&](const Actor& a) { return a.code == t.code; });
          }))
        tgt.clear();
      // Hosting needs a guest: "received 491,667 votes", "have not received the
      // materials", "welcomed the decision" name things, not visitors. (Event nouns
      // stay: "hosted talks".)
      if (std::string_view(p->cameo->code).starts_with("043") && x.light_noun[v] < 0 &&
          Upos(v) == "VERB" && [&] {
            int ob = Child(v, "obj");
            if (ob < 0 || Upos(ob) != "NOUN" || x.mention_of[ob] >= 0 ||
                c.patterns_->Nouns(x.lemma[ob]))
              return false;
            std::vector<Actor> tmp;
            return !ResolveNP(ob, &tmp);
          }())
        continue;
      int ta = v, tb = v;
      int o = x.light_noun[v] >= 0 ? x.light_noun[v] : x.pat_obj[v];
      if (o >= 0 && o > v && o - v <= 4) tb = o;
      if (!p->prt.empty() && v + 1 < n && x.lower[v + 1] == p->prt) tb = std::max(tb, v + 1);
      Emit(p, code, ta, tb, src, tgt, mod, negated);
    }
    // Nominal events.
    for (int t = 0; t < n; ++t) {
      if (x.consumed[t] == 1) continue;
      std::string_view up = Upos(t);
      if (up != "NOUN" && up != "PROPN") continue;
      if (!c.patterns_->Nouns(x.lemma[t])) continue;
      // A word of a multi-word name ("charge d'affaires") is no event noun.
      if (int mi = x.mention_of[t]; mi >= 0 && x.mentions[mi].end - x.mentions[mi].begin > 1)
        continue;
      const Pattern* p = BestNounPattern(t);
      if (!p || IsContent(t) || Background(t, p) || ProtestAim(t)) continue;
      if (InCondition(t)) continue;
      if (InRelative(t)) continue;
      // "Pakistan, a key U.S. ally in the war against terrorism": an event noun inside
      // an apposition describes an actor; it is background, not news.
      if ([&] {
            int u = t;
            for (int hop = 0; hop < 4 && u >= 0; ++hop) {
              std::string_view r = BaseRel(Rel(u));
              if (r == "appos") return true;
              if (r != "nmod" && r != "compound") return false;
              u = Head(u);
            }
            return false;
          }())
        continue;
      // "recalled its envoy in protest at the attack": the manner of another act, not a
      // demonstration of its own.
      if (x.lemma[t] == "protest" && Child(t, "det") < 0 && [&] {
            int k = Child(t, "case");
            return k >= 0 && x.lower[k] == "in";
          }())
        continue;
      // "according to a press release by X", "a news release": a report, not an event.
      if ([&] {
            for (const int* q = ChildBegin(t); q != ChildEnd(t); ++q) {
              if (Rel(*q) == "case" && x.lower[*q] == "according") return true;
              if (BaseRel(Rel(*q)) == "compound" && (x.lower[*q] == "press" || x.lower[*q] == "news"))
                return true;
            }
            return false;
          }())
        continue;
      src.clear();
      tgt.clear();
      if (!NounSource(t, &src) && !ClauseSource(t, p, &src)) {
        if (!ReciprocalSides(t, p, &src, &tgt)) continue;
      } else if (!p->no_target) {
        NounTargets(t, &tgt);
      }
      if (x.consumed[t] == 2 && tgt.empty()) {
        // "US drone strikes killed al-Qaeda leaders": the event's target is what the
        // verb it is the subject of names; without one it was coded there already.
        int h = Head(t);
        if (p->no_target || h < 0 || Upos(h) != "VERB" || !BaseRel(Rel(t)).starts_with("nsubj"))
          continue;
        TargetsOf(h, x.pat[h], x.pat_obj[h], false, -1, &cands);
        TargetActors(cands, src, &tgt);
        if (tgt.empty()) continue;
      }
      Modality mod = Modality::kAsserted;
      if (SpeechGovernor(t) >= 0) mod = Modality::kReported;
      Emit(p, p->cameo->code, t, t, src, tgt, mod, false);
    }
    // "killed one soldier and wounded two others": a material conflict event (CAMEO
    // 14-20) without a target adds nothing to one of the same PLOVER type by the same
    // source with a target in the same sentence.
    auto subsumed = [&](const Event& e) {
      if (e.has_target || e.negated || e.cameo_root.size() != 2 || e.cameo_root < "14") return false;
      for (size_t k = first_event; k < out->size(); ++k) {
        const Event& o = (*out)[k];
        if (o.has_target && !o.negated && o.plover == e.plover && o.source.code == e.source.code)
          return true;
      }
      return false;
    };
    size_t w = first_event;
    std::vector<uint8_t> drop(out->size() - first_event, 0);
    for (size_t k = first_event; k < out->size(); ++k) drop[k - first_event] = subsumed((*out)[k]);
    for (size_t k = first_event; k < out->size(); ++k)
      if (!drop[k - first_event]) {
        if (w != k) (*out)[w] = std::move((*out)[k]);
        ++w;
      }
    out->resize(w);
  }
};

void Coder::CodeDocument(const Document& doc, CoderScratch* scratch, std::vector<Event>* out,
                         const std::function<void(const Status&)>& on_error) const {
  scratch->memory.clear();
  scratch->plain_subjects.clear();
  DateInt date = ParseDictDate(doc.date, false);
  if (date < 0) date = 0;
  // Repeated sentences (photo captions, pull quotes) are coded once per document.
  std::unordered_set<std::string_view> seen;
  for (size_t i = 0; i < doc.sentences.size(); ++i) {
    std::string_view text = doc.Text(doc.sentences[i].span);
    if (text.size() > 20 && seen.count(text)) continue;
    CoderImpl impl{*this, doc, doc.sentences[i], static_cast<int>(i), date, *scratch, out};
    Status st = impl.CheckAndIndex();
    if (!st.ok()) {
      if (on_error)
        on_error(Status(st.code(), doc.id + ": sentence " + std::to_string(i + 1) +
                                       (doc.sentences[i].sent_id.empty()
                                            ? ""
                                            : " (" + doc.sentences[i].sent_id + ")") +
                                       ": " + st.message() + "; skipped"));
      continue;
    }
    seen.insert(text);
    impl.Run();
  }
}

StatusOr<CoderResources> CoderResources::Load(const std::string& dict_dir,
                                              const std::string& cameo_path, bool strict,
                                              const std::function<void(const Status&)>& on_error) {
  CoderResources r;
  KHALDUN_ASSIGN_OR_RETURN(r.cameo, CameoTable::Load(cameo_path));
  DictLoadOptions dopt;
  dopt.strict = strict;
  KHALDUN_ASSIGN_OR_RETURN(r.actors, ActorDictionary::Load(dict_dir, dopt, on_error));
  PatternLoadOptions popt;
  popt.strict = strict;
  KHALDUN_ASSIGN_OR_RETURN(r.patterns,
                           PatternSet::Load(dict_dir + "/verbs.txt", *r.cameo, popt, on_error));
  return r;
}

void Coder::RedateActors(const Document& doc, std::vector<Event>* events) const {
  for (Event& e : *events) {
    if (e.date.empty() || e.date == doc.date) continue;
    DateInt date = ParseDictDate(e.date, false);
    if (date <= 0) continue;
    for (Actor* a : {&e.source, &e.target}) {
      // Only an actor that is a person as the dictionary names them (possibly through a
      // pronoun): composed codes ("Johnson's government") keep the document date.
      std::string_view pat = a->pattern;
      const bool coref = pat.substr(0, 6) == "coref:";
      if (coref) pat.remove_prefix(6);
      const DictEntry* p = actors_->PersonByRolePattern(pat);
      if (!p) continue;
      Actor re = *a;
      if (!PersonActorAt(*p, date, &re) || re.code == a->code) continue;
      if (coref) re.pattern = "coref:" + re.pattern;
      *a = std::move(re);
    }
  }
}

}  // namespace khaldun
