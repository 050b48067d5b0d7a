#include "actors/dictionary.h"

#include <algorithm>
#include <cctype>

#include "base/file.h"
#include "base/text.h"

namespace khaldun {
namespace {

std::vector<std::string_view> Split(std::string_view s, std::string_view sep) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (true) {
    size_t next = s.find(sep, pos);
    if (next == std::string_view::npos) {
      out.push_back(TrimBlanks(s.substr(pos)));
      break;
    }
    out.push_back(TrimBlanks(s.substr(pos, next - pos)));
    pos = next + sep.size();
  }
  return out;
}

// "a; b;c" -> {"a","b","c"}, empty items dropped.
std::vector<std::string> List(std::string_view field) {
  std::vector<std::string> out;
  for (std::string_view item : Split(field, ";")) {
    if (!item.empty()) out.emplace_back(item);
  }
  return out;
}

bool IsUpperCode(std::string_view s, size_t min_len, size_t max_len) {
  if (s.size() < min_len || s.size() > max_len) return false;
  for (char c : s)
    if (!(std::isupper(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c))))
      return false;
  return true;
}

bool IsPlural(std::string_view name) {
  return name.size() > 2 && name.back() == 's' && name[name.size() - 2] != 's';
}

int DaysIn(int month) {
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return kDays[month - 1];
}

}  // namespace

void AsciiLower(std::string_view in, std::string* out) {
  out->clear();
  out->reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    } else if (c == '\xE2' && i + 2 < in.size() && in[i + 1] == '\x80' &&
               (in[i + 2] == '\x98' || in[i + 2] == '\x99')) {
      c = '\'';  // U+2018/U+2019 curly apostrophes read as '
      i += 2;
    }
    out->push_back(c);
  }
}

namespace {

// `form` equals `name` when curly apostrophes (U+2018, U+2019) in `form` are read as '.
bool SameModuloApostrophe(std::string_view form, std::string_view name) {
  size_t i = 0, j = 0;
  while (i < form.size() && j < name.size()) {
    if (form[i] == '\xE2' && i + 2 < form.size() && form[i + 1] == '\x80' &&
        (form[i + 2] == '\x98' || form[i + 2] == '\x99') && name[j] == '\'') {
      i += 3;
      ++j;
    } else if (form[i] == name[j]) {
      ++i;
      ++j;
    } else {
      return false;
    }
  }
  return i == form.size() && j == name.size();
}

// Whether an organisation entry's `valid` range covers `date` (0 = unknown date: the
// entry still valid today, i.e. with an open end).
bool ValidAt(const DictEntry& e, DateInt date) {
  if (date <= 0) return e.valid_to == 0;
  return (e.valid_from == 0 || e.valid_from <= date) && (e.valid_to == 0 || date <= e.valid_to);
}

}  // namespace

DateInt ParseDictDate(std::string_view s, bool end) {
  s = TrimBlanks(s);
  if (s.empty() || s == "..") return 0;
  auto digits = [&](size_t pos, size_t n, int* v) {
    if (pos + n > s.size()) return false;
    *v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
      *v = *v * 10 + (s[i] - '0');
    }
    return true;
  };
  int y = 0, m = 0, d = 0;
  if (!digits(0, 4, &y) || y < 1000) return -1;
  if (s.size() == 4) return y * 10000 + (end ? 1231 : 101);
  if (s.size() < 7 || s[4] != '-' || !digits(5, 2, &m) || m < 1 || m > 12) return -1;
  if (s.size() == 7) return y * 10000 + m * 100 + (end ? DaysIn(m) : 1);
  if (s.size() != 10 || s[7] != '-' || !digits(8, 2, &d) || d < 1 || d > DaysIn(m)) return -1;
  return y * 10000 + m * 100 + d;
}

const PersonRole* DictEntry::RoleAt(DateInt date) const {
  if (roles.empty()) return nullptr;
  if (date <= 0) {
    // Unknown date: the role held most recently.
    const PersonRole* best = &roles.front();
    for (const PersonRole& r : roles)
      if (r.to == 0 || (best->to != 0 && r.to > best->to)) best = &r;
    return best;
  }
  const PersonRole* hit = nullptr;
  for (const PersonRole& r : roles) {
    if ((r.from == 0 || r.from <= date) && (r.to == 0 || date <= r.to)) {
      // Several valid roles (e.g. a president who is also commander): keep the first.
      if (!hit) hit = &r;
    }
  }
  return hit;
}

void ActorDictionary::Builder::Add(DictEntry entry, const std::vector<std::string>& names) {
  ActorDictionary& d = *dict_;
  uint32_t id = static_cast<uint32_t>(d.entries_.size());
  if (entry.kind == EntryKind::kPerson && !names.empty()) {
    for (const std::string& n : names) {
      std::string low;
      AsciiLower(n, &low);
      auto it = d.person_by_name_.find(low);
      if (it != d.person_by_name_.end()) {
        DictEntry& old = d.entries_[it->second];
        for (PersonRole& r : entry.roles) old.roles.push_back(r);
        std::sort(old.roles.begin(), old.roles.end(),
                  [](const PersonRole& a, const PersonRole& b) { return a.from < b.from; });
        return;  // all names of a line refer to one person
      }
    }
  }
  if (entry.name.empty() && !names.empty()) entry.name = names.front();
  d.entries_.push_back(std::move(entry));
  for (const std::string& n : names) {
    Name name;
    name.entry = id;
    size_t pos = 0;
    std::string_view sv(n);
    while (pos < sv.size()) {
      while (pos < sv.size() && sv[pos] == ' ') ++pos;
      size_t e = sv.find(' ', pos);
      if (e == std::string_view::npos) e = sv.size();
      if (e > pos) {
        // The tokenizer splits a possessive 's off its word ("People's" -> "People"
        // "'s"); names are split the same way so that they match token by token.
        std::string_view w = sv.substr(pos, e - pos);
        if (w.size() > 2 && w.substr(w.size() - 2) == "'s") {
          name.exact.emplace_back(w.substr(0, w.size() - 2));
          name.exact.emplace_back("'s");
        } else {
          name.exact.emplace_back(w);
        }
      }
      pos = e;
    }
    if (name.exact.empty()) continue;
    bool has_lower = false, has_upper = false;
    int letters = 0;
    for (char c : n) {
      if (c >= 'a' && c <= 'z') has_lower = true;
      if (c >= 'A' && c <= 'Z') has_upper = true;
      if (std::isalpha(static_cast<unsigned char>(c))) ++letters;
    }
    if (!has_upper) {
      name.mode = CaseMode::kInsensitive;
    } else if (!has_lower && letters >= 2) {
      name.mode = CaseMode::kAcronym;
    } else {
      name.mode = CaseMode::kExact;
    }
    for (const std::string& t : name.exact) {
      std::string low;
      AsciiLower(t, &low);
      name.lower.push_back(std::move(low));
    }
    if (d.entries_[id].kind == EntryKind::kPerson) {
      std::string low;
      AsciiLower(n, &low);
      d.person_by_name_[low] = id;
    }
    d.index_[name.lower.front()].push_back(static_cast<uint32_t>(d.names_.size()));
    d.names_.push_back(std::move(name));
  }
}

void ActorDictionary::Builder::AddNonActorNoun(std::string lemma) {
  dict_->non_actor_nouns_.insert(std::move(lemma));
}

void ActorDictionary::Builder::AddDiscardPhrase(std::string_view phrase) {
  std::vector<std::string> toks;
  for (std::string_view t : Split(phrase, " "))
    if (!t.empty()) toks.emplace_back(t);
  if (toks.empty()) return;
  ActorDictionary& d = *dict_;
  d.phrase_index_[toks[0]].push_back(static_cast<uint32_t>(d.phrases_.size()));
  d.phrases_.push_back(std::move(toks));
}

bool ActorDictionary::DiscardedSentence(const std::vector<std::string>& lower, int n) const {
  if (phrases_.empty()) return false;
  for (int i = 0; i < n; ++i) {
    auto it = phrase_index_.find(lower[i]);
    if (it == phrase_index_.end()) continue;
    for (uint32_t id : it->second) {
      const std::vector<std::string>& p = phrases_[id];
      if (i + static_cast<int>(p.size()) > n) continue;
      bool all = true;
      for (size_t k = 1; k < p.size() && all; ++k) all = lower[i + k] == p[k];
      if (all) return true;
    }
  }
  return false;
}

std::unique_ptr<ActorDictionary> ActorDictionary::Builder::Build() {
  ActorDictionary& d = *dict_;
  for (uint32_t i = 0; i < d.entries_.size(); ++i) {
    if (d.entries_[i].kind != EntryKind::kPerson) continue;
    for (const PersonRole& r : d.entries_[i].roles) d.person_by_role_.emplace(r.pattern, i);
  }
  for (auto& [key, ids] : d.index_) {
    std::stable_sort(ids.begin(), ids.end(), [&](uint32_t a, uint32_t b) {
      return d.names_[a].lower.size() > d.names_[b].lower.size();
    });
  }
  std::unique_ptr<ActorDictionary> out = std::move(dict_);
  dict_ = std::make_unique<ActorDictionary>();
  return out;
}

const DictEntry* ActorDictionary::PersonByRolePattern(std::string_view pattern) const {
  auto it = person_by_role_.find(pattern);
  return it == person_by_role_.end() ? nullptr : &entries_[it->second];
}

bool ActorDictionary::NameMatches(const Name& n, const Sentence& s,
                                  const std::vector<std::string>& lower, int i) const {
  if (i + n.lower.size() > s.tokens.size()) return false;
  for (size_t k = 0; k < n.lower.size(); ++k) {
    if (lower[i + k] != n.lower[k]) return false;
    const std::string& form = s.tokens[i + k].form;
    switch (n.mode) {
      case CaseMode::kInsensitive:
        break;
      case CaseMode::kAcronym: {
        bool any_upper = false;
        for (char c : form)
          if (c >= 'A' && c <= 'Z') any_upper = true;
        bool any_alpha = false;
        for (char c : form)
          if (std::isalpha(static_cast<unsigned char>(c))) any_alpha = true;
        if (any_alpha && !any_upper) return false;
        // "Us" at a sentence start is the pronoun, not the country.
        if (form.size() == 2 && form != n.exact[k] && n.exact[k] == "US") return false;
        break;
      }
      case CaseMode::kExact:
        if (form != n.exact[k] && !SameModuloApostrophe(form, n.exact[k])) {
          // Accept headline capitals ("PAKISTAN") for names of 4+ letters.
          bool all_upper = form.size() >= 4;
          for (char c : form)
            if (c >= 'a' && c <= 'z') all_upper = false;
          if (!all_upper) return false;
        }
        break;
    }
  }
  return true;
}

bool ActorDictionary::MatchAt(const Sentence& s, const std::vector<std::string>& lower, int i,
                              DictMatch* m, DateInt date) const {
  auto it = index_.find(std::string_view(lower[i]));
  if (it == index_.end()) {
    // "Vietnamese-led forces", "a Saudi-led coalition": one token naming the leading
    // country or organisation (agents are left out: "army-led" names no one).
    std::string_view lw = lower[i];
    const std::string& form = s.tokens[i].form;
    if (lw.size() < 6 || !lw.ends_with("-led") || form.size() != lw.size()) return false;
    Sentence one;
    one.tokens.resize(1);
    one.tokens[0].form = form.substr(0, form.size() - 4);
    std::vector<std::string> one_lower{std::string(lw.substr(0, lw.size() - 4))};
    DictMatch pm;
    if (!MatchAt(one, one_lower, 0, &pm, date) || pm.end != 1) return false;
    if (entries_[pm.entry].kind == EntryKind::kAgent) return false;
    m->begin = i;
    m->end = i + 1;
    m->entry = pm.entry;
    return true;
  }
  // Names are sorted longest first. Among the matching names of the greatest length,
  // the first entry valid at `date` wins (a name listed for several periods, e.g. a
  // group that became a government); when none is valid, the first match.
  bool found = false;
  size_t found_len = 0;
  for (uint32_t id : it->second) {
    const Name& n = names_[id];
    if (found && n.lower.size() < found_len) break;
    if (!NameMatches(n, s, lower, i)) continue;
    const DictEntry& e = entries_[n.entry];
    bool dated = e.valid_from != 0 || e.valid_to != 0;
    if (!found) {
      found = true;
      found_len = n.lower.size();
      m->begin = i;
      m->end = i + static_cast<int>(n.lower.size());
      m->entry = n.entry;
      if (!dated || ValidAt(e, date)) return true;
    } else if (ValidAt(e, date)) {
      m->entry = n.entry;
      return true;
    }
  }
  return found;
}

Status ActorDictionary::ParseFile(std::string_view kind, std::string_view text,
                                  std::string_view name, const DictLoadOptions& options,
                                  const DictErrorCallback& on_error, Builder* builder) {
  DataLineReader lines(text, " # ");
  for (DataLine dl; lines.Next(&dl);) {
    const std::string_view line = dl.text;
    std::string where = std::string(name) + ":" + std::to_string(dl.number);
    std::vector<std::string_view> f = Split(line, "|");
    auto fail = [&](const std::string& why) -> Status {
      Status st = InvalidArgumentError(where + ": " + why);
      if (options.strict) return st;
      if (on_error) on_error(st);
      return Status::Ok();
    };
    Status bad;
    if (kind == "countries") {
      if (f.size() < 3) { bad = fail("expected CAMEO3 | ISO2 | names | ..."); if (!bad.ok()) return bad; continue; }
      if (!IsUpperCode(f[0], 3, 3)) { bad = fail("bad CAMEO country code '" + std::string(f[0]) + "'"); if (!bad.ok()) return bad; continue; }
      std::string code(f[0]);
      DictEntry e;
      e.code = code;
      e.country = code;
      e.pattern = where;
      std::vector<std::string> names = List(f[2]);
      if (names.empty()) { bad = fail("no names"); if (!bad.ok()) return bad; continue; }
      e.kind = EntryKind::kCountry;
      e.name = names.front();
      builder->Add(e, names);
      if (f.size() > 3) {
        for (const std::string& adj : List(f[3])) {
          DictEntry a = e;
          a.kind = EntryKind::kAdjective;
          a.plural = IsPlural(adj);
          builder->Add(a, {adj});
        }
      }
      if (f.size() > 4) {
        DictEntry c = e;
        c.kind = EntryKind::kCapital;
        c.code = code + "GOV";
        c.sector = "GOV";
        std::vector<std::string> caps = List(f[4]);
        if (!caps.empty()) builder->Add(c, caps);
      }
      if (f.size() > 5) {
        DictEntry c = e;
        c.kind = EntryKind::kCity;
        std::vector<std::string> cities = List(f[5]);
        if (!cities.empty()) builder->Add(c, cities);
      }
    } else if (kind == "actors") {
      if (f.size() < 4) { bad = fail("expected CODE | country | sector | names | ..."); if (!bad.ok()) return bad; continue; }
      if (!IsUpperCode(f[0], 3, 15)) { bad = fail("bad actor code '" + std::string(f[0]) + "'"); if (!bad.ok()) return bad; continue; }
      if (!f[1].empty() && !IsUpperCode(f[1], 3, 3)) { bad = fail("bad country code '" + std::string(f[1]) + "'"); if (!bad.ok()) return bad; continue; }
      DictEntry e;
      e.kind = EntryKind::kOrg;
      e.code = std::string(f[0]);
      e.country = std::string(f[1]);
      e.sector = std::string(f[2]);
      e.pattern = where;
      if (f.size() > 4 && !f[4].empty()) {
        std::string_view v = f[4];
        size_t dots = v.find("..");
        if (dots == std::string_view::npos) { bad = fail("bad valid range '" + std::string(v) + "' (want FROM..TO)"); if (!bad.ok()) return bad; continue; }
        std::string_view a = v.substr(0, dots), b = v.substr(dots + 2);
        if (!a.empty() && a.back() == '-') a.remove_suffix(1);
        if (!b.empty() && b.front() == '-') b.remove_prefix(1);
        e.valid_from = ParseDictDate(a, false);
        e.valid_to = ParseDictDate(b, true);
        if (e.valid_from < 0 || e.valid_to < 0) { bad = fail("bad date in valid range '" + std::string(v) + "'"); if (!bad.ok()) return bad; continue; }
      }
      std::vector<std::string> names = List(f[3]);
      if (names.empty()) { bad = fail("no names"); if (!bad.ok()) return bad; continue; }
      builder->Add(e, names);
    } else if (kind == "people") {
      if (f.size() < 3) { bad = fail("expected names | CODE | from | to | role | source"); if (!bad.ok()) return bad; continue; }
      if (!IsUpperCode(f[1], 3, 15)) { bad = fail("bad actor code '" + std::string(f[1]) + "'"); if (!bad.ok()) return bad; continue; }
      PersonRole r;
      r.code = std::string(f[1]);
      r.from = ParseDictDate(f[2], false);
      r.to = f.size() > 3 ? ParseDictDate(f[3], true) : 0;
      if (r.from < 0 || r.to < 0) { bad = fail("bad date (want YYYY, YYYY-MM or YYYY-MM-DD)"); if (!bad.ok()) return bad; continue; }
      if (r.from && r.to && r.to < r.from) { bad = fail("'to' before 'from'"); if (!bad.ok()) return bad; continue; }
      if (f.size() > 4) r.role = std::string(f[4]);
      r.pattern = where;
      std::vector<std::string> names = List(f[0]);
      if (names.empty()) { bad = fail("no names"); if (!bad.ok()) return bad; continue; }
      DictEntry e;
      e.kind = EntryKind::kPerson;
      e.pattern = where;
      e.roles.push_back(r);
      builder->Add(e, names);
    } else if (kind == "agents") {
      if (f.size() < 2) { bad = fail("expected names | SECTOR[;SECTOR2] | note"); if (!bad.ok()) return bad; continue; }
      std::vector<std::string> sectors = List(f[1]);
      bool ok = !sectors.empty() && sectors.size() <= 2;
      for (const std::string& s : sectors) ok = ok && IsUpperCode(s, 3, 3);
      if (!ok) { bad = fail("bad sector '" + std::string(f[1]) + "'"); if (!bad.ok()) return bad; continue; }
      std::vector<std::string> names = List(f[0]);
      if (names.empty()) { bad = fail("no names"); if (!bad.ok()) return bad; continue; }
      for (const std::string& n : names) {
        DictEntry e;
        e.kind = EntryKind::kAgent;
        e.sector = sectors[0];
        if (sectors.size() > 1) e.sector2 = sectors[1];
        e.code = e.sector;
        e.pattern = where;
        e.plural = IsPlural(n);
        builder->Add(e, {n});
      }
    } else if (kind == "discards") {
      if (f.size() < 2) { bad = fail("expected KIND | words | note"); if (!bad.ok()) return bad; continue; }
      if (f[0] != "noun" && f[0] != "sentence") { bad = fail("unknown discard kind '" + std::string(f[0]) + "' (want noun or sentence)"); if (!bad.ok()) return bad; continue; }
      std::vector<std::string> words = List(f[1]);
      if (words.empty()) { bad = fail("no words"); if (!bad.ok()) return bad; continue; }
      std::string upper;
      for (const std::string& w : words)
        if (std::any_of(w.begin(), w.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) upper = w;
      if (!upper.empty()) { bad = fail("discards are lower case: '" + upper + "'"); if (!bad.ok()) return bad; continue; }
      for (std::string& w : words) {
        if (f[0] == "noun") {
          if (w.find(' ') != std::string::npos) { bad = fail("a noun discard is one word: '" + w + "'"); if (!bad.ok()) return bad; break; }
          builder->AddNonActorNoun(std::move(w));
        } else {
          builder->AddDiscardPhrase(w);
        }
      }
    } else {
      return InvalidArgumentError("unknown dictionary kind '" + std::string(kind) + "'");
    }
  }
  return Status::Ok();
}

StatusOr<std::unique_ptr<ActorDictionary>> ActorDictionary::Load(
    const std::string& dir, const DictLoadOptions& options, const DictErrorCallback& on_error) {
  Builder builder;
  int found = 0;
  for (const char* kind : {"countries", "actors", "people", "agents"}) {
    std::string path = dir + "/" + kind + ".txt";
    StatusOr<std::string> text = ReadFile(path);
    if (!text.ok()) {
      if (options.strict) return text.status();
      if (on_error) on_error(text.status());
      continue;
    }
    ++found;
    KHALDUN_RETURN_IF_ERROR(ParseFile(kind, *text, path, options, on_error, &builder));
  }
  if (found == 0) return NotFoundError("no actor dictionary in " + dir);
  // Optional: a folder without discards has none.
  std::string discards = dir + "/discards.txt";
  if (StatusOr<std::string> text = ReadFile(discards); text.ok())
    KHALDUN_RETURN_IF_ERROR(ParseFile("discards", *text, discards, options, on_error, &builder));
  return builder.Build();
}

}  // namespace khaldun
