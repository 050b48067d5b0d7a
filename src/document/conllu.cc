#include "document/conllu.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace khaldun {
namespace {

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> cols;
  size_t start = 0;
  for (;;) {
    size_t tab = line.find('\t', start);
    if (tab == std::string_view::npos) {
      cols.push_back(line.substr(start));
      break;
    }
    cols.push_back(line.substr(start, tab - start));
    start = tab + 1;
  }
  return cols;
}

bool ParseInt(std::string_view s, int* v) {
  if (s.empty()) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), *v);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

std::string Field(std::string_view v) { return v == "_" ? std::string() : std::string(v); }

// Splits MISC into SpaceAfter flag and the rest.
void ParseMisc(std::string_view misc, bool* space_after, std::string* rest) {
  *space_after = true;
  rest->clear();
  if (misc == "_") return;
  size_t start = 0;
  while (start <= misc.size()) {
    size_t bar = misc.find('|', start);
    std::string_view item =
        misc.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start);
    if (item == "SpaceAfter=No") {
      *space_after = false;
    } else if (!item.empty()) {
      if (!rest->empty()) rest->push_back('|');
      rest->append(item);
    }
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
}

struct PendingSentence {
  Sentence s;
  size_t first_line = 0;
  bool has_heads = false;
  std::string error;
};

// Appends the surface text of `s` to doc->text and sets spans.
void PlaceSentence(Sentence* s, Document* doc) {
  std::string& text = doc->text;
  uint32_t begin = static_cast<uint32_t>(text.size());
  size_t mwt_i = 0;
  size_t i = 0;
  bool separator = false;  // text ends with a space we added (not part of a form)
  while (i < s->tokens.size()) {
    if (mwt_i < s->mwts.size() && s->mwts[mwt_i].first == static_cast<int>(i) + 1) {
      MultiWordToken& m = s->mwts[mwt_i++];
      uint32_t b = static_cast<uint32_t>(text.size());
      text += m.form;
      m.span = {b, static_cast<uint32_t>(text.size())};
      // Give each word its substring when the forms concatenate to the surface form.
      uint32_t off = b;
      bool substr = true;
      for (int w = m.first; w <= m.last && w <= static_cast<int>(s->tokens.size()); ++w) {
        const std::string& f = s->tokens[w - 1].form;
        if (substr && text.compare(off, f.size(), f) == 0 && off + f.size() <= m.span.end) {
          s->tokens[w - 1].span = {off, static_cast<uint32_t>(off + f.size())};
          off += static_cast<uint32_t>(f.size());
        } else {
          substr = false;
          s->tokens[w - 1].span = m.span;
        }
      }
      separator = m.space_after;
      if (m.space_after) text.push_back(' ');
      i = static_cast<size_t>(m.last);
      continue;
    }
    Token& t = s->tokens[i];
    uint32_t b = static_cast<uint32_t>(text.size());
    text += t.form;
    t.span = {b, static_cast<uint32_t>(text.size())};
    separator = t.space_after;
    if (t.space_after) text.push_back(' ');
    ++i;
  }
  // Drop only the separator: a form may itself end in a space ("500 ") and its span
  // must stay inside the text (found by tests/fuzz/conllu_fuzz.cc).
  if (separator && text.size() > begin) text.pop_back();
  s->span = {begin, static_cast<uint32_t>(text.size())};
}

}  // namespace

Status CheckTree(const Sentence& s) {
  const int n = static_cast<int>(s.tokens.size());
  int roots = 0;
  for (int i = 0; i < n; ++i) {
    int h = s.tokens[i].head;
    if (h < 0 || h > n) return InvalidArgumentError("word " + std::to_string(i + 1) +
                                                    ": head " + std::to_string(h) +
                                                    " out of range");
    if (h == i + 1) return InvalidArgumentError("word " + std::to_string(i + 1) +
                                                " is its own head");
    if (h == 0) ++roots;
  }
  if (n > 0 && roots == 0) return InvalidArgumentError("no word attached to the root");
  // Cycle check without recursion: follow heads at most n steps.
  for (int i = 0; i < n; ++i) {
    int cur = i + 1, steps = 0;
    while (cur != 0 && steps <= n) {
      cur = s.tokens[cur - 1].head;
      ++steps;
    }
    if (cur != 0) return InvalidArgumentError("cycle through word " + std::to_string(i + 1));
  }
  return Status::Ok();
}

ConlluStats ReadConllu(std::string_view data, std::string_view name,
                       std::string_view default_doc_id, std::vector<Document>* docs,
                       const ErrorCallback& on_error) {
  ConlluStats stats;
  Document* doc = nullptr;
  auto new_doc = [&](std::string id) {
    docs->emplace_back();
    doc = &docs->back();
    doc->id = std::move(id);
  };
  PendingSentence cur;
  int paragraph = 0;
  bool pending_newpar = false;
  size_t line_no = 0;

  auto flush = [&]() {
    if (cur.s.tokens.empty() && cur.error.empty()) {
      cur = PendingSentence();
      return;
    }
    if (cur.error.empty() && cur.has_heads) {
      Status st = CheckTree(cur.s);
      if (!st.ok()) cur.error = st.message();
    }
    if (cur.error.empty()) {
      for (const auto& m : cur.s.mwts) {
        if (m.first < 1 || m.last < m.first || m.last > static_cast<int>(cur.s.tokens.size())) {
          cur.error = "multi-word token range out of bounds";
          break;
        }
      }
    }
    if (!cur.error.empty()) {
      on_error(InvalidArgumentError(std::string(name) + ":" + std::to_string(cur.first_line) +
                                    ": sentence skipped: " + cur.error));
      ++stats.skipped;
      cur = PendingSentence();
      return;
    }
    if (!doc) new_doc(std::string(default_doc_id));
    if (!doc->sentences.empty()) doc->text += pending_newpar ? "\n\n" : "\n";
    if (pending_newpar && !doc->sentences.empty()) ++paragraph;
    pending_newpar = false;
    cur.s.paragraph = paragraph;
    PlaceSentence(&cur.s, doc);
    doc->sentences.push_back(std::move(cur.s));
    ++stats.sentences;
    cur = PendingSentence();
  };

  size_t pos = 0;
  while (pos <= data.size()) {
    size_t nl = data.find('\n', pos);
    std::string_view line =
        data.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      flush();
    } else if (line[0] == '#') {
      if (cur.s.tokens.empty() && cur.first_line == 0) cur.first_line = line_no;
      std::string_view c = line.substr(1);
      if (!c.empty() && c[0] == ' ') c.remove_prefix(1);
      if (c.rfind("newdoc", 0) == 0) {
        flush();
        std::string id(default_doc_id);
        size_t eq = c.find('=');
        if (eq != std::string_view::npos) {
          std::string_view v = c.substr(eq + 1);
          while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
          if (!v.empty()) id = std::string(v);
        }
        new_doc(std::move(id));
        paragraph = 0;
        pending_newpar = false;
        cur.first_line = line_no;
        cur.s.comments.emplace_back(c);
      } else {
        if (c.rfind("newpar", 0) == 0) pending_newpar = true;
        if (c.rfind("sent_id", 0) == 0) {
          size_t eq = c.find('=');
          if (eq != std::string_view::npos) {
            std::string_view v = c.substr(eq + 1);
            while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
            cur.s.sent_id = std::string(v);
          }
        }
        cur.s.comments.emplace_back(c);
      }
    } else if (cur.error.empty()) {
      if (cur.first_line == 0) cur.first_line = line_no;
      auto cols = SplitTabs(line);
      if (cols.size() != 10) {
        cur.error = "line " + std::to_string(line_no) + ": expected 10 columns, found " +
                    std::to_string(cols.size());
      } else if (cols[0].find('.') != std::string_view::npos) {
        // empty node: ignored
      } else if (size_t dash = cols[0].find('-'); dash != std::string_view::npos) {
        MultiWordToken m;
        if (!ParseInt(cols[0].substr(0, dash), &m.first) ||
            !ParseInt(cols[0].substr(dash + 1), &m.last)) {
          cur.error = "line " + std::to_string(line_no) + ": bad range id";
        } else {
          m.form = std::string(cols[1]);
          std::string rest;
          ParseMisc(cols[9], &m.space_after, &rest);
          cur.s.mwts.push_back(std::move(m));
        }
      } else {
        int id = 0;
        if (!ParseInt(cols[0], &id) || id != static_cast<int>(cur.s.tokens.size()) + 1) {
          cur.error = "line " + std::to_string(line_no) + ": bad word id '" +
                      std::string(cols[0]) + "'";
        } else {
          Token t;
          t.form = std::string(cols[1]);
          t.lemma = Field(cols[2]);
          if (cols[1] == "_" && cols[2] == "_") t.lemma.clear();
          t.upos = Field(cols[3]);
          t.xpos = Field(cols[4]);
          t.feats = Field(cols[5]);
          if (cols[6] == "_") {
            t.head = -1;
          } else if (!ParseInt(cols[6], &t.head)) {
            cur.error = "line " + std::to_string(line_no) + ": bad head '" +
                        std::string(cols[6]) + "'";
          } else {
            cur.has_heads = true;
          }
          t.deprel = Field(cols[7]);
          ParseMisc(cols[9], &t.space_after, &t.misc);
          if (t.form.empty()) cur.error = "line " + std::to_string(line_no) + ": empty form";
          cur.s.tokens.push_back(std::move(t));
        }
      }
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  flush();
  return stats;
}

namespace {
void AppendComment(std::string_view c, std::string* out) {
  out->append("# ");
  out->append(c);
  out->push_back('\n');
}
void AppendWords(const Sentence& s, std::string* out);

// MISC items are kept in case-insensitive alphabetical order, as UD requires.
std::string InsertSorted(const std::string& misc, std::string_view item) {
  if (misc.empty()) return std::string(item);
  std::vector<std::string> items;
  size_t start = 0;
  for (;;) {
    size_t bar = misc.find('|', start);
    items.push_back(misc.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
    if (bar == std::string::npos) break;
    start = bar + 1;
  }
  items.emplace_back(item);
  auto lower = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  std::stable_sort(items.begin(), items.end(),
                   [&](const std::string& a, const std::string& b) { return lower(a) < lower(b); });
  std::string out;
  for (const auto& i : items) {
    if (!out.empty()) out.push_back('|');
    out += i;
  }
  return out;
}
}  // namespace

void AppendConlluSentence(const Sentence& s, std::string* out) {
  for (const auto& c : s.comments) AppendComment(c, out);
  AppendWords(s, out);
}

namespace {
void AppendWords(const Sentence& s, std::string* out) {
  auto put = [out](const std::string& v) { out->append(v.empty() ? "_" : v); };
  size_t mwt_i = 0;
  for (size_t i = 0; i < s.tokens.size(); ++i) {
    if (mwt_i < s.mwts.size() && s.mwts[mwt_i].first == static_cast<int>(i) + 1) {
      const MultiWordToken& m = s.mwts[mwt_i++];
      out->append(std::to_string(m.first) + "-" + std::to_string(m.last) + "\t" + m.form +
                  "\t_\t_\t_\t_\t_\t_\t_\t" + (m.space_after ? "_" : "SpaceAfter=No") + "\n");
    }
    const Token& t = s.tokens[i];
    out->append(std::to_string(i + 1));
    out->push_back('\t');
    out->append(t.form);
    out->push_back('\t');
    put(t.lemma);
    out->push_back('\t');
    put(t.upos);
    out->push_back('\t');
    put(t.xpos);
    out->push_back('\t');
    put(t.feats);
    out->push_back('\t');
    out->append(t.head < 0 ? "_" : std::to_string(t.head));
    out->push_back('\t');
    put(t.deprel);
    out->append("\t_\t");
    bool in_mwt = false;
    for (const auto& m : s.mwts)
      if (static_cast<int>(i) + 1 >= m.first && static_cast<int>(i) + 1 <= m.last) in_mwt = true;
    if (!t.space_after && !in_mwt) {
      put(InsertSorted(t.misc, "SpaceAfter=No"));
    } else {
      put(t.misc);
    }
    out->push_back('\n');
  }
  out->push_back('\n');
}
}  // namespace

void AppendConlluDocument(const Document& doc, std::string* out) {
  bool first = true;
  for (const Sentence& s : doc.sentences) {
    if (s.comments.empty()) {
      if (first && !doc.id.empty()) AppendComment("newdoc id = " + doc.id, out);
      size_t idx = static_cast<size_t>(&s - doc.sentences.data()) + 1;
      AppendComment("sent_id = " + (s.sent_id.empty() ? doc.id + "-" + std::to_string(idx)
                                                       : s.sent_id), out);
      std::string text(doc.Text(s.span));
      for (char& c : text)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
      AppendComment("text = " + text, out);
      AppendWords(s, out);
    } else {
      AppendConlluSentence(s, out);
    }
    first = false;
  }
}

}  // namespace khaldun
