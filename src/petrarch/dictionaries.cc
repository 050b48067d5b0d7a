#include "petrarch/dictionaries.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <utility>

namespace khaldun::petrarch {
namespace {

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Blanks out "<!-- ... -->" (and the "<! -- ... -->" variant) keeping newlines, so line
// numbers stay right. An unterminated comment runs to the end of the text.
std::string StripXmlComments(std::string_view text) {
  std::string out(text);
  size_t i = 0;
  while ((i = out.find("<!", i)) != std::string::npos) {
    size_t j = i + 2;
    while (j < out.size() && out[j] == ' ') ++j;
    if (out.compare(j, 2, "--") != 0) {
      i += 2;
      continue;
    }
    size_t end = out.find("-->", j + 2);
    end = end == std::string::npos ? out.size() : end + 3;
    for (size_t k = i; k < end; ++k) {
      if (out[k] != '\n') out[k] = ' ';
    }
    i = end;
  }
  return out;
}

// Drops a '#' comment: '#' at the start of the line or after white space.
std::string_view StripHashComment(std::string_view line) {
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '#' && (i == 0 || std::isspace(static_cast<unsigned char>(line[i - 1])))) {
      return line.substr(0, i);
    }
  }
  return line;
}

// Iterates the lines of a comment-stripped text, calling fn(line_number, raw, trimmed).
template <typename Fn>
void ForEachLine(const std::string& text, Fn fn) {
  size_t pos = 0;
  int line_no = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    ++line_no;
    std::string_view raw(text.data() + pos, nl - pos);
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    std::string_view body = Trim(StripHashComment(raw));
    if (!fn(line_no, raw, body)) return;
    pos = nl + 1;
  }
}

// Collects problems; in strict mode remembers the first one.
class Reporter {
 public:
  Reporter(std::string_view name, const ReadOptions& opts, const ErrorFn& fn)
      : name_(name), strict_(opts.strict), fn_(fn) {}
  // Returns false when reading must stop (strict mode).
  bool Report(int line, const std::string& msg) {
    std::string full = name_ + ":" + std::to_string(line) + ": " + msg;
    if (strict_) {
      if (first_.empty()) first_ = full;
      return false;
    }
    if (fn_) fn_(full);
    return true;
  }
  Status Finish() const {
    return first_.empty() ? Status::Ok() : InvalidArgumentError(first_);
  }

 private:
  std::string name_;
  bool strict_;
  const ErrorFn& fn_;
  std::string first_;
};

// Splits "[A] [B]" content out of a line: returns the text before the first '[' and
// the bracket contents. Returns false on an unbalanced bracket.
bool SplitBrackets(std::string_view line, std::string_view* head,
                   std::vector<std::string_view>* brackets) {
  size_t open = line.find('[');
  *head = Trim(line.substr(0, open == std::string_view::npos ? line.size() : open));
  while (open != std::string_view::npos) {
    size_t close = line.find(']', open);
    if (close == std::string_view::npos) return false;
    brackets->push_back(Trim(line.substr(open + 1, close - open - 1)));
    open = line.find('[', close);
  }
  return true;
}

bool IsCodeChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '-' || c == '+' ||
         c == '#' || c == '_';
}

// Parses the inside of an actor code bracket: "CODE", "CODE <d", "CODE >d", "CODE a-b".
bool ParseDatedCode(std::string_view s, DatedCode* out, std::string* why) {
  size_t i = 0;
  while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i])) && s[i] != '<' &&
         s[i] != '>')
    ++i;
  std::string_view code = s.substr(0, i);
  std::string_view rest = Trim(s.substr(i));
  if (code.empty()) {
    *why = "empty actor code in [" + std::string(s) + "]";
    return false;
  }
  if (std::isdigit(static_cast<unsigned char>(code[0]))) {
    *why = "code block without an actor code: [" + std::string(s) + "]";
    return false;
  }
  if (!std::all_of(code.begin(), code.end(), IsCodeChar)) {
    *why = "bad character in actor code [" + std::string(s) + "]";
    return false;
  }
  out->code = Upper(code);
  out->restricted = false;
  out->begin = 0;
  out->end = 99999999;
  if (rest.empty()) return true;
  out->restricted = true;
  if (rest[0] == '<' || rest[0] == '>') {
    int32_t d = ParseDictDate(Trim(rest.substr(1)));
    if (d < 0) {
      *why = "bad date in [" + std::string(s) + "]";
      return false;
    }
    if (rest[0] == '<') {
      out->end = d;
    } else {
      out->begin = d;
    }
    return true;
  }
  size_t dash = rest.find('-');
  if (dash == std::string_view::npos) {
    *why = "bad date restriction in [" + std::string(s) + "]";
    return false;
  }
  int32_t a = ParseDictDate(Trim(rest.substr(0, dash)));
  int32_t b = ParseDictDate(Trim(rest.substr(dash + 1)));
  if (a < 0 || b < 0) {
    *why = "bad date range in [" + std::string(s) + "]";
    return false;
  }
  out->begin = a;
  out->end = b;
  return true;
}

bool ParseEventCodes(std::string_view s, EventCodes* out) {
  s = Trim(s);
  size_t colon = s.find(':');
  if (colon == std::string_view::npos) {
    out->forward = std::string(s);
    out->backward.clear();
    return IsValidEventCode(s);
  }
  out->forward = std::string(Trim(s.substr(0, colon)));
  out->backward = std::string(Trim(s.substr(colon + 1)));
  if (out->forward.empty() && out->backward.empty()) return false;
  return (out->forward.empty() || IsValidEventCode(out->forward)) &&
         (out->backward.empty() || IsValidEventCode(out->backward));
}

std::string Plural(const std::string& w) {
  if (w.empty()) return w;
  char last = w.back();
  auto ends = [&](const char* suf) {
    size_t n = std::char_traits<char>::length(suf);
    return w.size() >= n && w.compare(w.size() - n, n, suf) == 0;
  };
  if (last == 'Y' && w.size() > 1 && std::string("AEIOU").find(w[w.size() - 2]) ==
                                         std::string::npos) {
    return w.substr(0, w.size() - 1) + "IES";
  }
  if (last == 'S' || last == 'X' || last == 'Z' || ends("CH") || ends("SH")) return w + "ES";
  return w + "S";
}

}  // namespace

std::vector<std::string> SplitPhrase(std::string_view phrase) {
  std::vector<std::string> words;
  std::string cur;
  for (char c : phrase) {
    if (c == '_' || std::isspace(static_cast<unsigned char>(c))) {
      if (!cur.empty()) words.push_back(Upper(cur));
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) words.push_back(Upper(cur));
  return words;
}

std::vector<std::string> SplitPhraseGaps(std::string_view phrase, std::vector<bool>* gaps) {
  std::vector<std::string> words;
  gaps->clear();
  std::string cur;
  bool blank = false, any = false;
  std::vector<bool> g;
  for (char c : phrase) {
    if (c == '_' || std::isspace(static_cast<unsigned char>(c))) {
      if (!cur.empty()) {
        g.push_back(!words.empty() && blank);
        any = any || g.back();
        words.push_back(Upper(cur));
        cur.clear();
        blank = false;
      }
      if (c != '_') blank = true;
      if (c == '_') blank = false;
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) {
    g.push_back(!words.empty() && blank);
    any = any || g.back();
    words.push_back(Upper(cur));
  }
  if (any) *gaps = std::move(g);
  return words;
}

bool IsValidEventCode(std::string_view code) {
  if (code == "---") return true;
  if (code.size() < 2 || code.size() > 4) return false;
  return std::all_of(code.begin(), code.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

int32_t ParseDictDate(std::string_view s) {
  s = Trim(s);
  if (s.size() != 6 && s.size() != 8) return -1;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return -1;
  }
  int32_t v = std::stoi(std::string(s));
  if (s.size() == 6) {
    int yy = v / 10000;
    v += (yy <= 30 ? 20000000 : 19000000);
  }
  int month = v / 100 % 100, day = v % 100;
  if (month < 1 || month > 12 || day < 1 || day > 31) return -1;
  return v;
}

std::string ActorDictionary::CodeAt(int actor, int32_t date) const {
  if (actor < 0 || actor >= static_cast<int>(codes.size())) return "";
  for (const DatedCode& c : codes[actor]) {
    if (c.restricted && date >= c.begin && date <= c.end) return c.code;
  }
  for (const DatedCode& c : codes[actor]) {
    if (!c.restricted) return c.code;
  }
  return "";
}

StatusOr<ActorDictionary> ReadActors(std::string_view text, std::string_view name,
                                     const ReadOptions& opts, const ErrorFn& on_error) {
  ActorDictionary dict;
  Reporter rep(name, opts, on_error);
  std::string clean = StripXmlComments(text);
  int current = -1;
  bool current_ok = true;
  ForEachLine(clean, [&](int line, std::string_view, std::string_view body) {
    if (body.empty()) return true;
    std::string_view head;
    std::vector<std::string_view> brackets;
    if (!SplitBrackets(body, &head, &brackets)) return rep.Report(line, "unbalanced '['");
    if (!head.empty() && head[0] != '+') {
      // A new actor.
      current = static_cast<int>(dict.codes.size());
      dict.codes.emplace_back();
      current_ok = true;
      std::vector<bool> gaps;
      std::vector<std::string> words = SplitPhraseGaps(head, &gaps);
      if (words.empty()) return rep.Report(line, "empty actor phrase");
      dict.phrases.push_back({std::move(words), current, std::move(gaps)});
    } else if (!head.empty()) {
      if (current < 0) return rep.Report(line, "synonym before any actor: " + std::string(head));
      std::vector<bool> gaps;
      std::vector<std::string> words = SplitPhraseGaps(head.substr(1), &gaps);
      if (words.empty()) return rep.Report(line, "empty synonym");
      dict.phrases.push_back({std::move(words), current, std::move(gaps)});
    } else if (current < 0) {
      return rep.Report(line, "code block before any actor");
    }
    for (std::string_view b : brackets) {
      DatedCode dc;
      std::string why;
      if (!ParseDatedCode(b, &dc, &why)) {
        if (!rep.Report(line, why)) return false;
        continue;
      }
      dict.codes[current].push_back(std::move(dc));
    }
    (void)current_ok;
    return true;
  });
  KHALDUN_RETURN_IF_ERROR(rep.Finish());
  return dict;
}

StatusOr<AgentDictionary> ReadAgents(std::string_view text, std::string_view name,
                                     const ReadOptions& opts, const ErrorFn& on_error) {
  AgentDictionary dict;
  Reporter rep(name, opts, on_error);
  std::string clean = StripXmlComments(text);
  std::unordered_map<std::string, std::vector<std::string>> subst;
  ForEachLine(clean, [&](int line, std::string_view, std::string_view body) {
    if (body.empty()) return true;
    if (body[0] == '!' && body.find('=') != std::string_view::npos) {
      size_t close = body.find('!', 1);
      size_t eq = body.find('=');
      if (close == std::string_view::npos || eq == std::string_view::npos || eq < close) {
        return rep.Report(line, "bad substitution set: " + std::string(body));
      }
      std::string key = Upper(body.substr(0, close + 1));
      std::vector<std::string>& members = subst[key];
      std::string_view rest = body.substr(eq + 1);
      size_t p = 0;
      while (p <= rest.size()) {
        size_t comma = rest.find(',', p);
        if (comma == std::string_view::npos) comma = rest.size();
        std::string_view m = Trim(rest.substr(p, comma - p));
        if (!m.empty()) members.push_back(Upper(m));
        p = comma + 1;
      }
      return true;
    }
    std::string_view head;
    std::vector<std::string_view> brackets;
    if (!SplitBrackets(body, &head, &brackets) || brackets.size() != 1) {
      return rep.Report(line, "expected 'PHRASE [~CODE]': " + std::string(body));
    }
    std::string_view code = brackets[0];
    AgentEntry base;
    if (!code.empty() && code.front() == '~') {
      base.code = Upper(Trim(code.substr(1)));
    } else if (!code.empty() && code.back() == '~') {
      base.code = Upper(Trim(code.substr(0, code.size() - 1)));
      base.prepend = true;
    } else {
      return rep.Report(line, "agent code without '~': [" + std::string(code) + "]");
    }
    if (base.code.empty()) return rep.Report(line, "empty agent code");
    // Optional {plurals}.
    std::string_view phrase = head;
    bool has_braces = false;
    std::vector<std::string> plurals;
    size_t ob = head.find('{');
    if (ob != std::string_view::npos) {
      size_t cb = head.find('}', ob);
      if (cb == std::string_view::npos) return rep.Report(line, "unbalanced '{'");
      has_braces = true;
      std::string_view inside = head.substr(ob + 1, cb - ob - 1);
      size_t p = 0;
      while (p < inside.size()) {
        while (p < inside.size() && std::isspace(static_cast<unsigned char>(inside[p]))) ++p;
        size_t q = p;
        while (q < inside.size() && !std::isspace(static_cast<unsigned char>(inside[q]))) ++q;
        if (q > p) plurals.emplace_back(inside.substr(p, q - p));
        p = q;
      }
      phrase = Trim(head.substr(0, ob));
    }
    std::string up = Upper(phrase);
    if (up.empty()) return rep.Report(line, "empty agent phrase");
    // !SUBST! expansion.
    std::vector<std::string> variants{up};
    bool substituted = false;
    for (const auto& [key, members] : subst) {
      std::vector<std::string> next;
      for (const std::string& v : variants) {
        size_t at = v.find(key);
        if (at == std::string::npos) {
          next.push_back(v);
          continue;
        }
        substituted = true;
        for (const std::string& m : members) {
          next.push_back(v.substr(0, at) + m + v.substr(at + key.size()));
        }
      }
      variants = std::move(next);
    }
    for (const std::string& v : variants) {
      if (v.find('!') != std::string::npos) {
        if (!rep.Report(line, "unknown substitution set in " + v)) return false;
        continue;
      }
      AgentEntry e = base;
      e.words = SplitPhraseGaps(v, &e.gaps);
      dict.phrases.push_back(e);
      if (!has_braces && !substituted && !e.words.empty()) {
        AgentEntry pl = e;
        pl.words.back() = Plural(pl.words.back());
        dict.phrases.push_back(std::move(pl));
      }
    }
    for (const std::string& p : plurals) {
      AgentEntry e = base;
      e.words = SplitPhraseGaps(p, &e.gaps);
      if (!e.words.empty()) dict.phrases.push_back(std::move(e));
    }
    return true;
  });
  KHALDUN_RETURN_IF_ERROR(rep.Finish());
  return dict;
}

StatusOr<DiscardDictionary> ReadDiscards(std::string_view text, std::string_view name,
                                         const ReadOptions& opts, const ErrorFn& on_error) {
  DiscardDictionary dict;
  Reporter rep(name, opts, on_error);
  std::string clean = StripXmlComments(text);
  ForEachLine(clean, [&](int line, std::string_view, std::string_view body) {
    if (body.empty()) return true;
    DiscardEntry e;
    if (body[0] == '+') {
      e.story = true;
      body.remove_prefix(1);
    }
    if (body.find_first_of("[]{}") != std::string_view::npos) {
      return rep.Report(line, "unexpected bracket in discard phrase: " + std::string(body));
    }
    e.words = SplitPhrase(body);
    if (e.words.empty()) return rep.Report(line, "empty discard phrase");
    dict.phrases.push_back(std::move(e));
    return true;
  });
  KHALDUN_RETURN_IF_ERROR(rep.Finish());
  return dict;
}

int VerbPattern::Specificity() const {
  int n = 0;
  for (const auto* side : {&before, &after}) {
    for (const PatternElement& e : *side) {
      if (e.kind == PatternElement::kWord || e.kind == PatternElement::kSynset) n += 2;
      if (e.kind == PatternElement::kSource || e.kind == PatternElement::kTarget ||
          e.kind == PatternElement::kCompound)
        n += 1;
    }
  }
  return n;
}

namespace {

// Tokenizes a pattern body (between '-' and '[') into elements.
bool ParsePatternBody(std::string_view body, VerbPattern* p, std::string* why) {
  bool seen_star = false;
  size_t i = 0;
  while (i < body.size()) {
    char c = body[i];
    if (std::isspace(static_cast<unsigned char>(c)) || c == '_') {
      ++i;
      continue;
    }
    std::vector<PatternElement>& side = seen_star ? p->after : p->before;
    if (c == '*') {
      if (seen_star) {
        *why = "two '*' in pattern";
        return false;
      }
      seen_star = true;
      ++i;
      continue;
    }
    if (c == '(' || c == '{') {
      side.push_back({PatternElement::kOpen, std::string(1, c)});
      ++i;
      continue;
    }
    if (c == ')' || c == '}') {
      side.push_back({PatternElement::kClose, std::string(1, c)});
      ++i;
      continue;
    }
    if (c == '$' || c == '+' || c == '^' || c == '%') {
      PatternElement::Kind k = c == '$'   ? PatternElement::kSource
                               : c == '+' ? PatternElement::kTarget
                               : c == '^' ? PatternElement::kSkip
                                          : PatternElement::kCompound;
      if (k == PatternElement::kCompound) p->compound = true;
      side.push_back({k, ""});
      ++i;
      continue;
    }
    size_t j = i;
    while (j < body.size() && !std::isspace(static_cast<unsigned char>(body[j])) &&
           std::string_view("(){}*_").find(body[j]) == std::string_view::npos)
      ++j;
    std::string word = Upper(body.substr(i, j - i));
    if (word[0] == '&') {
      side.push_back({PatternElement::kSynset, word.substr(1)});
    } else {
      side.push_back({PatternElement::kWord, word});
    }
    i = j;
  }
  if (!seen_star) {
    *why = "pattern without '*'";
    return false;
  }
  return true;
}

// Parses "WORD", "+WORD_PARTICLE", "PREFIX_+WORD" into a VerbForm (verb/prefix/particle).
bool ParseVerbPhrase(std::string_view s, VerbForm* f) {
  bool lead_plus = !s.empty() && s[0] == '+';
  if (lead_plus) s.remove_prefix(1);
  std::vector<std::string> parts;
  std::string cur;
  int marked = -1;
  for (char c : s) {
    if (c == '_' || std::isspace(static_cast<unsigned char>(c))) {
      if (!cur.empty()) parts.push_back(Upper(cur));
      cur.clear();
    } else if (c == '+') {
      marked = static_cast<int>(parts.size());
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) parts.push_back(Upper(cur));
  if (parts.empty()) return false;
  int v = marked >= 0 ? marked : 0;
  if (v >= static_cast<int>(parts.size())) return false;
  f->verb = parts[v];
  f->prefix.assign(parts.begin(), parts.begin() + v);
  f->particle.assign(parts.begin() + v + 1, parts.end());
  return true;
}

// Regular inflections of a base verb, as PETRARCH generates them.
std::vector<std::string> Inflect(const std::string& w) {
  std::vector<std::string> out;
  if (w.empty()) return out;
  out.push_back(Plural(w));
  if (w.back() == 'E') {
    out.push_back(w + "D");
    out.push_back(w.substr(0, w.size() - 1) + "ING");
  } else {
    out.push_back(w + "ED");
    out.push_back(w + "ING");
  }
  return out;
}

}  // namespace

StatusOr<VerbDictionary> ReadVerbs(std::string_view text, std::string_view name,
                                   const ReadOptions& opts, const ErrorFn& on_error) {
  VerbDictionary dict;
  Reporter rep(name, opts, on_error);
  std::string clean = StripXmlComments(text);
  // Raw synset members, expanded after reading.
  std::vector<std::pair<std::string, std::vector<std::string>>> raw_sets;
  enum { kNone, kSynset, kBlock } state = kNone;
  ForEachLine(clean, [&](int line, std::string_view, std::string_view body) {
    if (body.empty()) return true;
    if (body[0] == '~') return true;  // transformations: not used by this coder
    if (body[0] == '&') {
      std::string nm = Upper(Trim(body.substr(1)));
      while (!nm.empty() && nm.back() == '_') nm.pop_back();
      if (nm.empty()) return rep.Report(line, "empty synset name");
      raw_sets.push_back({nm, {}});
      state = kSynset;
      return true;
    }
    if (body.substr(0, 3) == "---") {
      std::string_view inner = Trim(body.substr(3));
      if (inner.size() >= 3 && inner.substr(inner.size() - 3) == "---") {
        inner = Trim(inner.substr(0, inner.size() - 3));
      } else {
        return rep.Report(line, "verb block header must end with '---'");
      }
      std::string_view head;
      std::vector<std::string_view> br;
      if (!SplitBrackets(inner, &head, &br) || br.size() != 1 || head.empty()) {
        return rep.Report(line, "expected '--- VERB [code] ---'");
      }
      VerbBlock b;
      b.name = Upper(head);
      if (!ParseEventCodes(br[0], &b.codes)) {
        if (!rep.Report(line, "unknown event code [" + std::string(br[0]) + "]")) return false;
        b.codes = {"---", ""};
      }
      dict.blocks.push_back(std::move(b));
      state = kBlock;
      return true;
    }
    if (state == kSynset && body[0] == '+') {
      raw_sets.back().second.emplace_back(body.substr(1));
      return true;
    }
    if (state != kBlock) return rep.Report(line, "line outside a synset or verb block");
    VerbBlock& block = dict.blocks.back();
    if (body[0] == '-' || body[0] == '*') {
      if (body[0] == '*' && !rep.Report(line, "pattern without leading '-' (read anyway)")) {
        return false;
      }
      std::string_view p = body[0] == '-' ? body.substr(1) : body;
      size_t ob = p.rfind('[');
      size_t cb = p.rfind(']');
      if (ob == std::string_view::npos || cb == std::string_view::npos || cb < ob) {
        return rep.Report(line, "pattern without [code]");
      }
      VerbPattern pat;
      pat.line = line;
      if (!ParseEventCodes(p.substr(ob + 1, cb - ob - 1), &pat.codes)) {
        return rep.Report(line,
                          "unknown event code [" + std::string(p.substr(ob + 1, cb - ob - 1)) +
                              "]");
      }
      std::string why;
      if (!ParsePatternBody(p.substr(0, ob), &pat, &why)) return rep.Report(line, why);
      block.patterns.push_back(std::move(pat));
      return true;
    }
    // A verb line: PHRASE {FORMS} [code]
    std::string_view head;
    std::vector<std::string_view> br;
    if (!SplitBrackets(body, &head, &br) || br.size() > 1) {
      return rep.Report(line, "bad verb line: " + std::string(body));
    }
    std::vector<std::string> irregular;
    size_t ob = head.find('{');
    if (ob != std::string_view::npos) {
      size_t cb = head.find('}', ob);
      if (cb == std::string_view::npos) return rep.Report(line, "unbalanced '{'");
      std::string_view inside = head.substr(ob + 1, cb - ob - 1);
      size_t i = 0;
      while (i < inside.size()) {
        while (i < inside.size() && std::isspace(static_cast<unsigned char>(inside[i]))) ++i;
        size_t j = i;
        while (j < inside.size() && !std::isspace(static_cast<unsigned char>(inside[j]))) ++j;
        if (j > i) irregular.emplace_back(inside.substr(i, j - i));
        i = j;
      }
      head = Trim(head.substr(0, ob));
    }
    VerbForm base;
    base.block = static_cast<int>(dict.blocks.size()) - 1;
    if (!br.empty()) {
      if (!ParseEventCodes(br[0], &base.codes)) {
        return rep.Report(line, "unknown event code [" + std::string(br[0]) + "]");
      }
      base.has_code = true;
    }
    if (!ParseVerbPhrase(head, &base)) return rep.Report(line, "empty verb");
    std::vector<VerbForm> all{base};
    if (irregular.empty() && base.prefix.empty() && base.particle.empty()) {
      for (const std::string& w : Inflect(base.verb)) {
        VerbForm f = base;
        f.verb = w;
        all.push_back(std::move(f));
      }
    }
    for (const std::string& irr : irregular) {
      VerbForm f = base;
      if (!ParseVerbPhrase(irr, &f)) continue;
      all.push_back(std::move(f));
    }
    for (VerbForm& f : all) {
      std::string key = f.verb;
      dict.forms[key].push_back(std::move(f));
    }
    return true;
  });
  KHALDUN_RETURN_IF_ERROR(rep.Finish());
  // Expand synsets (nested "&NAME" members), iteratively with a depth bound.
  std::unordered_map<std::string, std::vector<std::string>> members;
  for (auto& [nm, ms] : raw_sets) {
    auto& v = members[nm];
    v.insert(v.end(), ms.begin(), ms.end());
  }
  for (auto& [nm, ms] : members) {
    std::vector<std::vector<std::string>> alts;
    std::vector<std::pair<std::string, int>> stack;
    for (const std::string& m : ms) stack.push_back({m, 0});
    while (!stack.empty()) {
      auto [m, depth] = stack.back();
      stack.pop_back();
      std::string s;
      for (char c : m) {
        if (c != '(' && c != ')') s.push_back(c);
      }
      std::string_view t = Trim(s);
      if (!t.empty() && t[0] == '&') {
        std::string sub = Upper(t.substr(1));
        while (!sub.empty() && sub.back() == '_') sub.pop_back();
        auto it = members.find(sub);
        if (it != members.end() && depth < 8) {
          for (const std::string& x : it->second) stack.push_back({x, depth + 1});
        }
        continue;
      }
      std::vector<std::string> words = SplitPhrase(t);
      if (!words.empty()) alts.push_back(std::move(words));
    }
    dict.synsets[nm] = std::move(alts);
  }
  return dict;
}

std::string Ontology::Negate(const std::string& c) const {
  auto it = value.find(c);
  if (it == value.end()) return "";
  const int64_t v = it->second;
  std::vector<int64_t> tries;
  if (v >= 0xFFFF) {
    tries.push_back(v - 0xFFFF);
  } else if (v < 0) {
    tries.push_back(v + 0xFFFF);
  } else {
    tries.push_back(v - 0xFFFF);
    tries.push_back(v + 0xFFFF);
  }
  for (int64_t t : tries) {
    auto c2 = code.find(t);
    if (c2 != code.end()) return c2->second;
  }
  return "";
}

StatusOr<Ontology> ReadOntology(std::string_view text, std::string_view name,
                                const ReadOptions& opts, const ErrorFn& on_error) {
  Ontology o;
  Reporter rep(name, opts, on_error);
  std::string clean(text);
  ForEachLine(clean, [&](int line, std::string_view raw, std::string_view) {
    std::string_view body = raw;
    size_t hash = body.find('#');
    if (hash != std::string_view::npos) body = body.substr(0, hash);
    body = Trim(body);
    if (body.empty()) return true;
    size_t colon = body.find(':');
    if (colon == std::string_view::npos || !IsValidEventCode(Trim(body.substr(0, colon)))) {
      return rep.Report(line, "expected 'CODE:VALUE'");
    }
    std::string c(Trim(body.substr(0, colon)));
    std::string_view expr = Trim(body.substr(colon + 1));
    int64_t total = 0;
    size_t i = 0;
    bool ok = !expr.empty();
    while (ok && i < expr.size()) {
      int sign = 1;
      if (expr[i] == '+' || expr[i] == '-') {
        sign = expr[i] == '-' ? -1 : 1;
        ++i;
      }
      bool hex = expr.compare(i, 2, "0x") == 0 || expr.compare(i, 2, "0X") == 0;
      if (hex) i += 2;
      size_t j = i;
      while (j < expr.size() && (hex ? std::isxdigit(static_cast<unsigned char>(expr[j]))
                                     : std::isdigit(static_cast<unsigned char>(expr[j]))))
        ++j;
      if (j == i || j - i > 8) {
        ok = false;
        break;
      }
      total += sign * static_cast<int64_t>(std::stoll(std::string(expr.substr(i, j - i)),
                                                      nullptr, hex ? 16 : 10));
      i = j;
    }
    if (!ok) return rep.Report(line, "bad value '" + std::string(expr) + "'");
    o.value[c] = total;
    o.code.emplace(total, c);
    return true;
  });
  KHALDUN_RETURN_IF_ERROR(rep.Finish());
  return o;
}

}  // namespace khaldun::petrarch
