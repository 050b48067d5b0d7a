#include "segment/segment.h"

#include <algorithm>
#include <string>
#include <vector>

#include "base/utf8.h"
#include "segment/scanner.h"

namespace khaldun {
namespace {

using segment::AbbrevClass;
using segment::SurfaceToken;
using segment::TokenKind;

bool IsAsciiLower(unsigned char c) { return c >= 'a' && c <= 'z'; }
bool IsAsciiUpper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
bool IsAsciiDigit(unsigned char c) { return c >= '0' && c <= '9'; }

class SentenceSplitter {
 public:
  SentenceSplitter(const SegmentOptions& opts, Document* doc, SegmentStats* stats)
      : opts_(opts), doc_(doc), text_(doc->text), stats_(stats) {}

  void Run() {
    doc_->sentences.clear();
    segment::ScanSurfaceTokens(text_, &toks_);
    const size_t n = toks_.size();
    if (n == 0) return;
    doc_->sentences.reserve(n / 16 + 1);
    wrap_width_ = WrapWidth();
    size_t start = 0;
    int paragraph = 0;
    size_t last_core = 0;  // last token of the current sentence that is not a closer
    bool have_core = !IsCloser(0);
    for (size_t k = 1; k < n; ++k) {
      if (toks_[k - 1].line_start) line_begin_ = toks_[k - 1].begin;
      bool new_par = toks_[k].newlines_before >= 2;
      if (new_par || BreakBefore(start, have_core ? last_core : SIZE_MAX, k)) {
        EmitSentence(start, k, paragraph);
        start = k;
        have_core = false;
        if (new_par) ++paragraph;
      }
      if (!IsCloser(k)) {
        last_core = k;
        have_core = true;
      }
    }
    EmitSentence(start, n, paragraph);
  }

 private:
  static size_t CodePoints(std::string_view s) {
    size_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
  }

  // Lines whose length is within this many code points of the longest line count as
  // filled to the wrap width (greedy wrapping leaves less than a long word of slack).
  static constexpr size_t kWrapSlack = 15;

  // Returns the wrap width (longest line, in code points, trailing spaces excluded) when
  // the text looks hard-wrapped, else 0. It looks hard-wrapped when at least two lines,
  // and at least half of the lines, that continue onto a next non-blank line are filled
  // nearly to that width. Scraped news keeps one line per paragraph and is not.
  size_t WrapWidth() const {
    std::vector<uint32_t> continued;  // lengths of lines followed by a non-blank line
    size_t best = 0, cur = 0, last_visible = 0, prev = 0;
    bool prev_nonblank = false;
    auto end_line = [&]() {
      bool nonblank = last_visible > 0;
      if (nonblank && prev_nonblank) continued.push_back(static_cast<uint32_t>(prev));
      best = std::max(best, last_visible);
      prev = last_visible;
      prev_nonblank = nonblank;
      cur = last_visible = 0;
    };
    for (char ch : text_) {
      auto c = static_cast<unsigned char>(ch);
      if (c == '\n') {
        end_line();
      } else if ((c & 0xC0) != 0x80) {
        ++cur;
        if (c > ' ') last_visible = cur;
      }
    }
    end_line();
    size_t filled = 0;
    for (uint32_t len : continued) filled += len + kWrapSlack >= best;
    return filled >= 2 && 2 * filled >= continued.size() ? best : 0;
  }

  // Was the line break before toks_[k] made by the author rather than by wrapping? In a
  // hard-wrapped text it was when the next word would still have fitted on the line;
  // in any other text every line break is the author's.
  bool IntentionalLineBreak(size_t k) const {
    if (wrap_width_ == 0) return true;
    std::string_view text(text_);
    size_t line_len = CodePoints(text.substr(line_begin_, toks_[k - 1].end - line_begin_));
    size_t e = toks_[k].end;
    while (e < text.size() && static_cast<unsigned char>(text[e]) > ' ') ++e;
    size_t next_len = CodePoints(text.substr(toks_[k].begin, e - toks_[k].begin));
    return line_len + 1 + next_len <= wrap_width_;
  }

  std::string_view TextOf(const SurfaceToken& t) const {
    return std::string_view(text_).substr(t.begin, t.end - t.begin);
  }

  // Closing brackets and quotes that belong to the sentence before them.
  bool IsCloser(size_t k) const {
    const SurfaceToken& t = toks_[k];
    if (t.kind == TokenKind::kClose) return true;
    if (t.kind == TokenKind::kQuote) return !t.space_before;
    return false;
  }

  // Could `t` be the first token of a sentence after a period?
  bool StartsSentence(const SurfaceToken& t) const {
    std::string_view s = TextOf(t);
    auto c = static_cast<unsigned char>(s[0]);
    switch (t.kind) {
      case TokenKind::kWord:
      case TokenKind::kAbbrev:
      case TokenKind::kUrl:
        return !IsAsciiLower(c);
      case TokenKind::kOpen:
      case TokenKind::kQuote:
      case TokenKind::kListMarker:
        return true;
      case TokenKind::kDash:
        return t.bullet;
      case TokenKind::kPunct:
        return c == '$' || c == '#' || c == '@' || c == '*' || s == "\xC2\xA3" ||
               s == "\xE2\x82\xAC";
      default:
        return false;
    }
  }

  // Stricter: after an ellipsis, only a capital (or an opening quote) starts a sentence.
  bool StartsWithCapital(const SurfaceToken& t) const {
    std::string_view s = TextOf(t);
    auto c = static_cast<unsigned char>(s[0]);
    if (t.kind == TokenKind::kOpen || (t.kind == TokenKind::kQuote && t.space_before)) return true;
    if (t.kind != TokenKind::kWord && t.kind != TokenKind::kAbbrev) return false;
    return IsAsciiUpper(c) || c >= 0x80;
  }

  // Informal text often starts sentences in lowercase ("... was great. the staff ...").
  // Break there when the word before the period is an ordinary word, not something an
  // abbreviation list missed ("Acme corp. said").
  bool LowercaseRestart(size_t final_index, const SurfaceToken& next) const {
    if (next.kind != TokenKind::kWord || final_index == 0) return false;
    if (!IsAsciiLower(static_cast<unsigned char>(TextOf(next)[0]))) return false;
    const SurfaceToken& w = toks_[final_index - 1];
    if (w.kind != TokenKind::kWord || w.end != toks_[final_index].begin) return false;
    std::string_view s = TextOf(w);
    if (s.size() < 3) return false;
    for (char ch : s)
      if (!IsAsciiLower(static_cast<unsigned char>(ch)) && ch != '\'') return false;
    return !segment::IsLowercaseAbbreviation(s);
  }

  // The next word after an abbreviation "clearly starts" a sentence.
  bool ClearlyStartsSentence(AbbrevClass cls, const SurfaceToken& t) const {
    if (cls == AbbrevClass::kTitle) return false;
    // An opening quote starts a sentence; an opening bracket usually does not
    // ("Acme Inc. (NYSE: ACM)").
    if (t.kind == TokenKind::kOpen) return TextOf(t).size() > 1;  // “ ‘ « „, not ( [ {
    if (t.kind == TokenKind::kQuote && t.space_before) return true;
    if (t.kind != TokenKind::kWord) return false;
    std::string_view s = TextOf(t);
    if (cls == AbbrevClass::kListEnd) return IsAsciiUpper(static_cast<unsigned char>(s[0]));
    // "He's", "It’s": look at the word before the apostrophe.
    size_t apos = s.find_first_of("'\xE2");
    if (apos != std::string_view::npos && apos > 0) s = s.substr(0, apos);
    return segment::IsSentenceStarter(s);
  }

  // A line that ends without punctuation but cannot end a headline ("... of the").
  bool EndsOpen(const SurfaceToken& t) const {
    std::string_view s = TextOf(t);
    switch (t.kind) {
      case TokenKind::kWord:
        return segment::IsOpenFunctionWord(s);
      case TokenKind::kDash:
      case TokenKind::kOpen:
      case TokenKind::kListMarker:
        return true;
      case TokenKind::kPunct:
        return s == "," || s == ";" || s == ":" || s == "&" || s == "/" || s == "+" || s == "$" ||
               s == "#" || s == "\xC2\xB7";
      default:
        return t.bullet;
    }
  }

  // A list marker at a line start begins an item unless the line was only wrapped
  // ("... and threat\n- to frame ...").
  bool BulletStartsItem(size_t start, size_t k) const {
    const SurfaceToken& last = toks_[k - 1];
    if (toks_[start].bullet || last.kind == TokenKind::kFinal) return true;
    std::string_view s = TextOf(last);
    if (s == ":" || s == ";") return true;
    return IntentionalLineBreak(k);
  }

  // Is there a sentence boundary between toks_[k-1] and toks_[k]? `core` is the last
  // non-closer token of the sentence so far (SIZE_MAX when none).
  bool BreakBefore(size_t start, size_t core, size_t k) const {
    const SurfaceToken& next = toks_[k];
    if (next.bullet && BulletStartsItem(start, k)) return true;
    if (core != SIZE_MAX && !IsCloser(k)) {
      const SurfaceToken& f = toks_[core];
      if (f.kind == TokenKind::kFinal) {
        std::string_view s = TextOf(f);
        bool ellipsis = s.size() >= 2 && s[0] == '.' && s[1] == '.';
        ellipsis = ellipsis || s == "\xE2\x80\xA6";
        if (ellipsis ? StartsWithCapital(next) : StartsSentence(next)) return true;
        if (!ellipsis && core == k - 1 && LowercaseRestart(core, next)) return true;
      } else if (f.kind == TokenKind::kAbbrev) {
        if (ClearlyStartsSentence(segment::ClassifyAbbreviation(TextOf(f)), next)) return true;
      }
    }
    // Headline, caption, credit or list item: a line that ends without final
    // punctuation, broken by the author (not by wrapping) and followed by a line that
    // starts like a sentence ("... in Karachi. AP Photo/Staff\nThe army ...").
    if (next.newlines_before >= 1 && !IsCloser(k)) {
      const SurfaceToken& last = toks_[k - 1];
      if (last.kind == TokenKind::kFinal) return false;  // handled above
      if (EndsOpen(last)) return false;
      if (!IntentionalLineBreak(k)) return false;
      if (next.kind == TokenKind::kWord || next.kind == TokenKind::kAbbrev) {
        auto c = static_cast<unsigned char>(TextOf(next)[0]);
        return IsAsciiUpper(c) || IsAsciiDigit(c) || c >= 0x80;
      }
      return next.kind == TokenKind::kOpen || next.kind == TokenKind::kQuote ||
             next.kind == TokenKind::kListMarker || next.kind == TokenKind::kUrl;
    }
    return false;
  }

  // Appends the words of surface token `t` to *s.
  void AppendWords(const SurfaceToken& t, Sentence* s) {
    std::string_view surface = TextOf(t);
    uint32_t cuts[3];
    int ncuts = 0;
    if (t.kind == TokenKind::kWord) ncuts = segment::ContractionCuts(surface, cuts);
    if (ncuts == 0) {
      Token& w = s->tokens.emplace_back();
      w.span = {t.begin, t.end};
      w.form.assign(surface);
      w.space_after = t.space_after;
      return;
    }
    MultiWordToken m;
    m.first = static_cast<int>(s->tokens.size()) + 1;
    m.form.assign(surface);
    m.span = {t.begin, t.end};
    m.space_after = t.space_after;
    uint32_t from = 0;
    for (int i = 0; i <= ncuts; ++i) {
      uint32_t to = i < ncuts ? cuts[i] : static_cast<uint32_t>(surface.size());
      Token& w = s->tokens.emplace_back();
      w.span = {t.begin + from, t.begin + to};
      w.form.assign(surface.substr(from, to - from));
      w.space_after = i < ncuts ? false : t.space_after;
      from = to;
    }
    m.last = static_cast<int>(s->tokens.size());
    s->mwts.push_back(std::move(m));
  }

  // Turns surface tokens [a, b) into one sentence, or several chunks when it is longer
  // than the word limit.
  void EmitSentence(size_t a, size_t b, int paragraph) {
    const uint32_t max = opts_.max_tokens_per_sentence;
    bool split = false;
    Sentence* s = NewSentence(paragraph, b - a);
    uint32_t first = toks_[a].begin;
    for (size_t k = a; k < b; ++k) {
      size_t before = s->tokens.size();
      AppendWords(toks_[k], s);
      if (max != 0 && s->tokens.size() > max && before > 0) {
        // Move this surface token's words into a new chunk: a chunk never cuts an MWT.
        std::vector<Token> moved(std::make_move_iterator(s->tokens.begin() + before),
                                 std::make_move_iterator(s->tokens.end()));
        s->tokens.resize(before);
        MultiWordToken mwt;
        bool has_mwt = !s->mwts.empty() && s->mwts.back().first == static_cast<int>(before) + 1;
        if (has_mwt) {
          mwt = std::move(s->mwts.back());
          s->mwts.pop_back();
        }
        s->span = {first, toks_[k - 1].end};
        Finish(s);
        split = true;
        s = NewSentence(paragraph, b - k);
        first = toks_[k].begin;
        for (Token& w : moved) s->tokens.push_back(std::move(w));
        if (has_mwt) {
          mwt.last -= mwt.first - 1;
          mwt.first = 1;
          s->mwts.push_back(std::move(mwt));
        }
      }
    }
    s->span = {first, toks_[b - 1].end};
    Finish(s);
    if (split && stats_) ++stats_->long_sentences_split;
  }

  Sentence* NewSentence(int paragraph, size_t surface_tokens) {
    Sentence& s = doc_->sentences.emplace_back();
    s.paragraph = paragraph;
    size_t cap = surface_tokens + 2;
    if (opts_.max_tokens_per_sentence != 0 && cap > opts_.max_tokens_per_sentence + 4)
      cap = opts_.max_tokens_per_sentence + 4;
    s.tokens.reserve(cap);
    return &s;
  }

  void Finish(Sentence* s) {
    if (stats_) {
      ++stats_->sentences;
      stats_->tokens += s->tokens.size();
    }
  }

  const SegmentOptions& opts_;
  Document* doc_;
  const std::string& text_;
  SegmentStats* stats_;
  std::vector<SurfaceToken> toks_;
  size_t wrap_width_ = 0;  // 0 = not hard-wrapped
  size_t line_begin_ = 0;  // byte offset of the first token on the current line
};

}  // namespace

void Segment(const SegmentOptions& opts, Document* doc, SegmentStats* stats) {
  SentenceSplitter(opts, doc, stats).Run();
}

void SegmentText(std::string_view raw, const SegmentOptions& opts, Document* doc,
                 SegmentStats* stats) {
  size_t repaired = RepairUtf8(raw, &doc->text);
  if (stats) stats->repaired_bytes += repaired;
  Segment(opts, doc, stats);
}

}  // namespace khaldun

namespace khaldun {

Status CheckSegmentation(const Document& doc) {
  const size_t n = doc.text.size();
  uint32_t prev_sentence_end = 0;
  int prev_paragraph = 0;
  for (size_t si = 0; si < doc.sentences.size(); ++si) {
    const Sentence& s = doc.sentences[si];
    std::string where = "sentence " + std::to_string(si + 1);
    if (s.tokens.empty()) return InvalidArgumentError(where + ": no words");
    if (s.span.begin > s.span.end || s.span.end > n)
      return InvalidArgumentError(where + ": span outside the text");
    if (s.span.begin < prev_sentence_end)
      return InvalidArgumentError(where + ": overlaps the previous sentence");
    if (s.paragraph < prev_paragraph)
      return InvalidArgumentError(where + ": paragraph index decreases");
    prev_sentence_end = s.span.end;
    prev_paragraph = s.paragraph;
    uint32_t prev_end = s.span.begin;
    for (size_t i = 0; i < s.tokens.size(); ++i) {
      const Token& t = s.tokens[i];
      std::string w = where + " word " + std::to_string(i + 1);
      if (t.span.empty() || t.span.end > n) return InvalidArgumentError(w + ": bad span");
      if (t.span.begin < prev_end) return InvalidArgumentError(w + ": overlaps or goes back");
      if (t.span.begin < s.span.begin || t.span.end > s.span.end)
        return InvalidArgumentError(w + ": outside its sentence");
      if (doc.Text(t.span) != t.form) return InvalidArgumentError(w + ": form differs from text");
      if (t.form.find_first_of(" \t\n\r") != std::string::npos)
        return InvalidArgumentError(w + ": whitespace in form");
      prev_end = t.span.end;
    }
    if (s.tokens.front().span.begin != s.span.begin || s.tokens.back().span.end != s.span.end)
      return InvalidArgumentError(where + ": span does not match its words");
    int prev_last = 0;
    for (const MultiWordToken& m : s.mwts) {
      if (m.first <= prev_last || m.last <= m.first || m.last > static_cast<int>(s.tokens.size()))
        return InvalidArgumentError(where + ": bad multi-word token range");
      prev_last = m.last;
      if (doc.Text(m.span) != m.form) return InvalidArgumentError(where + ": bad MWT form");
      uint32_t at = m.span.begin;
      for (int w = m.first; w <= m.last; ++w) {
        if (s.tokens[w - 1].span.begin != at)
          return InvalidArgumentError(where + ": MWT words do not tile the token");
        at = s.tokens[w - 1].span.end;
      }
      if (at != m.span.end) return InvalidArgumentError(where + ": MWT words do not tile");
    }
  }
  return Status::Ok();
}

}  // namespace khaldun
