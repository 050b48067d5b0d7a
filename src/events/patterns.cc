#include "events/patterns.h"

#include <algorithm>
#include <set>

#include "base/file.h"
#include "base/text.h"

namespace khaldun {
namespace {

std::vector<std::string> SplitList(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= s.size()) {
    size_t e = s.find(sep, pos);
    if (e == std::string_view::npos) e = s.size();
    std::string_view item = TrimBlanks(s.substr(pos, e - pos));
    if (!item.empty()) out.emplace_back(item);
    pos = e + 1;
  }
  return out;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace

StatusOr<std::unique_ptr<PatternSet>> PatternSet::Parse(
    std::string_view text, std::string_view name, const CameoTable& cameo,
    const PatternLoadOptions& options, const std::function<void(const Status&)>& on_error) {
  auto set = std::make_unique<PatternSet>();
  DataLineReader lines(text, " #");
  for (DataLine dl; lines.Next(&dl);) {
    const std::string_view line = dl.text;
    std::string where = std::string(name) + ":" + std::to_string(dl.number);
    auto bad = [&](const std::string& why) -> Status {
      Status st = InvalidArgumentError(where + ": " + why);
      if (options.strict) return st;
      if (on_error) on_error(st);
      return Status::Ok();
    };
    std::vector<std::string> f;
    {
      size_t p = 0;
      while (true) {
        size_t bar = line.find('|', p);
        f.emplace_back(TrimBlanks(line.substr(p, bar == std::string_view::npos ? bar : bar - p)));
        if (bar == std::string_view::npos) break;
        p = bar + 1;
      }
    }
    if (f.size() < 2 || f[1].empty()) {
      KHALDUN_RETURN_IF_ERROR(bad("expected CODE | TRIGGER [| CONDITIONS]"));
      continue;
    }
    static const std::pair<const char*, VerbClass> kClasses[] = {
        {"LIGHT", VerbClass::kLight},   {"INTEND", VerbClass::kIntend},
        {"DEMAND", VerbClass::kDemand}, {"REFUSE", VerbClass::kRefuse},
        {"SPEECH", VerbClass::kSpeech}};
    bool is_class = false;
    for (const auto& [kw, cls] : kClasses) {
      if (f[0] == kw) {
        // LIGHT is kept apart: a light verb may also be a speech or demand verb
        // ("announce a suspension", "order patrols").
        for (const std::string& l : SplitList(f[1], ';')) {
          if (cls == VerbClass::kLight) {
            std::string w = Lower(l);
            set->light_.insert(w.substr(0, w.find(' ')));  // "carry out" -> "carry"
          } else {
            set->classes_[Lower(l)] = cls;
          }
        }
        is_class = true;
      }
    }
    if (is_class) continue;
    if (f[0] == "MUST") {
      const CameoCode* code = f.size() == 3 ? cameo.Find(f[1]) : nullptr;
      if (!code) return InvalidArgumentError(where + ": want MUST | CODE | words");
      set->must_pattern_ = std::make_unique<Pattern>();
      set->must_pattern_->cameo = code;
      set->must_pattern_->id = where;
      for (const std::string& l : SplitList(f[2], ';')) set->classes_[Lower(l)] = VerbClass::kMust;
      continue;
    }
    // NONE: a reading of a trigger that is no event ("yield | obj=benefit"); when it is
    // the most specific match, the trigger codes nothing.
    const bool block = f[0] == "NONE";
    const CameoCode* code = block ? nullptr : cameo.Find(f[0]);
    if (!code && !block) {
      // Unknown CAMEO codes are errors even in lenient mode: a typo would silently
      // drop or misfile a whole class of events.
      return InvalidArgumentError(where + ": unknown CAMEO code '" + f[0] + "'");
    }
    Pattern base;
    base.cameo = code;
    base.block = block;
    base.id = where;
    bool ok = true;
    std::string why;
    // Conditions may also be spread over further " | " fields.
    for (size_t k = 3; k < f.size(); ++k) f[2] += " " + f[k];
    if (f.size() > 2) {
      for (const std::string& cond : SplitList(f[2], ' ')) {
        size_t eq = cond.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == cond.size()) {
          ok = false;
          why = "bad condition '" + cond + "' (want key=value)";
          break;
        }
        std::string key = cond.substr(0, eq);
        std::vector<std::string> vals = SplitList(std::string_view(cond).substr(eq + 1), ',');
        for (std::string& v : vals) v = Lower(v);
        if (key == "obj") {
          base.obj = vals;
        } else if (key == "mod") {
          base.mods = vals;
        } else if (key == "target") {
          if (vals.size() == 1 && vals[0] == "none") base.no_target = true;
          else base.target_preps = vals;
        } else if (std::all_of(key.begin(), key.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
          if (!base.prep.empty()) {
            ok = false;
            why = "only one preposition condition per pattern";
            break;
          }
          base.prep = key;
          base.prep_objs = vals;
        } else {
          ok = false;
          why = "unknown condition '" + key + "'";
          break;
        }
      }
    }
    if (!ok) {
      KHALDUN_RETURN_IF_ERROR(bad(why));
      continue;
    }
    for (const std::string& trig : SplitList(f[1], ';')) {
      auto p = std::make_unique<Pattern>(base);
      std::string t = Lower(trig);
      if (t.rfind("n:", 0) == 0) {
        p->noun = true;
        t = std::string(TrimBlanks(std::string_view(t).substr(2)));
      }
      size_t sp = t.find(' ');
      if (sp != std::string::npos) {
        p->prt = std::string(TrimBlanks(std::string_view(t).substr(sp + 1)));
        t = t.substr(0, sp);
        if (p->noun || p->prt.find(' ') != std::string::npos) {
          KHALDUN_RETURN_IF_ERROR(bad("trigger '" + trig + "': only 'verb particle' may have two words"));
          continue;
        }
      }
      if (t.empty()) continue;
      p->lemma = t;
      // A wildcard condition ("obj=*") is weaker than a list.
      auto weight = [](const std::vector<std::string>& v) {
        return v.empty() ? 0 : (v.size() == 1 && v[0] == "*") ? 1 : 2;
      };
      p->specificity = (p->prt.empty() ? 0 : 1) + weight(p->obj) +
                       (p->prep.empty() ? 0 : weight(p->prep_objs)) + (p->mods.empty() ? 0 : 1);
      (p->noun ? set->nouns_ : set->verbs_)[p->lemma].push_back(p.get());
      set->patterns_.push_back(std::move(p));
    }
  }
  for (Index* idx : {&set->verbs_, &set->nouns_})
    for (auto& [lemma, v] : *idx)
      std::stable_sort(v.begin(), v.end(), [](const Pattern* a, const Pattern* b) {
        return a->specificity > b->specificity;
      });
  return set;
}

StatusOr<std::unique_ptr<PatternSet>> PatternSet::Load(
    const std::string& path, const CameoTable& cameo, const PatternLoadOptions& options,
    const std::function<void(const Status&)>& on_error) {
  KHALDUN_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  return Parse(text, path, cameo, options, on_error);
}

const std::vector<const Pattern*>* PatternSet::Verbs(std::string_view lemma) const {
  auto it = verbs_.find(lemma);
  return it == verbs_.end() ? nullptr : &it->second;
}

const std::vector<const Pattern*>* PatternSet::Nouns(std::string_view lemma) const {
  auto it = nouns_.find(lemma);
  return it == nouns_.end() ? nullptr : &it->second;
}

bool PatternSet::IsLight(std::string_view lemma) const {
  return light_.find(lemma) != light_.end();
}

VerbClass PatternSet::Class(std::string_view lemma) const {
  auto it = classes_.find(lemma);
  return it == classes_.end() ? VerbClass::kNone : it->second;
}

size_t PatternSet::trigger_lemma_count() const {
  std::set<std::string> all;
  for (const auto& p : patterns_) all.insert(p->lemma);
  return all.size();
}

size_t PatternSet::multiword_count() const {
  size_t n = 0;
  for (const auto& p : patterns_)
    if (!p->prt.empty() || !p->obj.empty() || !p->prep.empty() || !p->mods.empty()) ++n;
  return n;
}

}  // namespace khaldun
