#include "segment/segment.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "document/conllu.h"
#include "segment/scanner.h"

namespace khaldun {
namespace {

// Segments `text` and renders it as one line per sentence, words separated by spaces.
std::string Render(const std::string& text, const SegmentOptions& opts = {}) {
  Document doc;
  doc.text = text;
  Segment(opts, &doc);
  Status st = CheckSegmentation(doc);
  EXPECT_TRUE(st.ok()) << st.ToString() << " for: " << text;
  std::string out;
  for (const Sentence& s : doc.sentences) {
    if (!out.empty()) out += "\n";
    for (size_t i = 0; i < s.tokens.size(); ++i) {
      if (i) out += " ";
      out += s.tokens[i].form;
    }
  }
  return out;
}

struct Golden {
  const char* name;
  const char* text;
  const char* expected;  // sentences separated by '\n', words by ' '
};

// Messy news strings written for these tests (not taken from any corpus).
const Golden kGolden[] = {
    {"dateline",
     "KARACHI (Reuters) - Pakistan's navy said on Tuesday it had seized 2 tonnes of hashish.",
     "KARACHI ( Reuters ) - Pakistan 's navy said on Tuesday it had seized 2 tonnes of hashish ."},
    {"dateline_em_dash", "TEHRAN, Nov. 3 \xE2\x80\x94 Iran summoned the envoy.",
     "TEHRAN , Nov. 3 \xE2\x80\x94 Iran summoned the envoy ."},
    {"headline_then_body",
     "Floods displace thousands in Sindh\nHYDERABAD (AP) - Rising water forced families out.",
     "Floods displace thousands in Sindh\nHYDERABAD ( AP ) - Rising water forced families out ."},
    {"caption_line",
     "Soldiers patrol a market in Quetta on Friday\nPhoto: Staff\n\nThe army said it was calm.",
     "Soldiers patrol a market in Quetta on Friday\nPhoto : Staff\nThe army said it was calm ."},
    {"photo_credit_after_caption",
     "Troops guard a checkpoint in Quetta, Pakistan, on January 18, 2024. AP Photo/Staff\n"
     "The army said the city was calm.",
     "Troops guard a checkpoint in Quetta , Pakistan , on January 18 , 2024 .\nAP Photo / "
     "Staff\nThe army said the city was calm ."},
    {"wrapped_line_is_space",
     "The minister met the head of the\nelection commission and the\nSupreme Court registrar.",
     "The minister met the head of the election commission and the Supreme Court registrar ."},
    {"hard_wrapped_paragraph",
     "Officials from Pakistan and Iran met on Monday in Islamabad with the United\n"
     "Nations envoy, who arrived from Kabul on Sunday, to discuss the border\n"
     "Security Council resolution that Tehran had backed and Islamabad had opposed\n"
     "- a text both sides had rejected in 2019.\n",
     "Officials from Pakistan and Iran met on Monday in Islamabad with the United Nations envoy "
     ", who arrived from Kabul on Sunday , to discuss the border Security Council resolution "
     "that Tehran had backed and Islamabad had opposed - a text both sides had rejected in 2019 "
     "."},
    {"abbreviation_mid_sentence",
     "Gen. Zia and Sen. Ortega met Dr. Lee at 4 p.m. on Jan. 5 in Washington, D.C. with U.N. "
     "staff.",
     "Gen. Zia and Sen. Ortega met Dr. Lee at 4 p.m. on Jan. 5 in Washington , D.C. with U.N. "
     "staff ."},
    {"abbreviation_ends_sentence",
     "Sanctions were lifted by the U.S. The move angered Delhi. Talks start at 10 a.m. They may "
     "last days.",
     "Sanctions were lifted by the U.S.\nThe move angered Delhi .\nTalks start at 10 a.m.\nThey "
     "may last days ."},
    {"abbreviation_before_name_does_not_end",
     "He praised the U.S. Embassy and Acme Inc. Chairman Tom Reyes.",
     "He praised the U.S. Embassy and Acme Inc. Chairman Tom Reyes ."},
    {"initials", "Former President George W. Bush met J.R. Smith and A. Q. Khan's aides.",
     "Former President George W. Bush met J.R. Smith and A. Q. Khan 's aides ."},
    {"etc_ends_before_capital", "They seized rifles, mortars, etc. Nobody was hurt.",
     "They seized rifles , mortars , etc.\nNobody was hurt ."},
    {"numbered_title", "He ranks No. 2 in the party. He said no. Then he left.",
     "He ranks No. 2 in the party .\nHe said no .\nThen he left ."},
    {"question_exclamation",
     "Will the ceasefire hold? Nobody knows! \"Why?\" one elder asked. Peace?!",
     "Will the ceasefire hold ?\nNobody knows !\n\" Why ? \" one elder asked .\nPeace ?!"},
    {"closing_quote_after_period",
     "\"We will respond,\" he said. \"The attack was cowardly.\" Police arrived.",
     "\" We will respond , \" he said .\n\" The attack was cowardly . \"\nPolice arrived ."},
    {"curly_quotes_and_apostrophes",
     "\xE2\x80\x9CTehran\xE2\x80\x99s move isn\xE2\x80\x99t helpful,\xE2\x80\x9D she said.",
     "\xE2\x80\x9C Tehran \xE2\x80\x99s move is n\xE2\x80\x99t helpful , \xE2\x80\x9D she said ."},
    {"single_quoted_phrase", "Officials called it 'a success' and the protesters' demands unfair.",
     "Officials called it ' a success ' and the protesters ' demands unfair ."},
    {"curly_single_quotes", "He said \xE2\x80\x98the rebels\xE2\x80\x99 and left.",
     "He said \xE2\x80\x98 the rebels \xE2\x80\x99 and left ."},
    {"contractions",
     "I'm sure they're ready, we've said; she'll go, he'd stay, you can't stop it, "
     "they won't, we don't, it's gonna end, I cannot.",
     "I 'm sure they 're ready , we 've said ; she 'll go , he 'd stay , you ca n't stop it , "
     "they wo n't , we do n't , it 's gon na end , I can not ."},
    {"hyphenated_names_and_numbers",
     "Amir-Abdollahian hailed the 30,000-pound bunker-busting bomb, al-Adl, F-16s and the "
     "2023-24 budget.",
     "Amir-Abdollahian hailed the 30,000-pound bunker-busting bomb , al-Adl , F-16s and the "
     "2023-24 budget ."},
    {"numbers_and_money",
     "Exports rose 3.5% to $1.2bn, or 30,000 tonnes, at 10:45 on 12/05/2024; the rupee hit "
     "278.30.",
     "Exports rose 3.5 % to $ 1.2 bn , or 30,000 tonnes , at 10:45 on 12/05/2024 ; the rupee hit "
     "278.30 ."},
    {"time_units", "The curfew starts at 9pm and ends at 6am.",
     "The curfew starts at 9 pm and ends at 6 am ."},
    {"dashes",
     "The talks -- long delayed \xE2\x80\x93 resumed\xE2\x80\x94"
     "briefly.",
     "The talks -- long delayed \xE2\x80\x93 resumed \xE2\x80\x94 briefly ."},
    {"ellipses", "He paused... and then said\xE2\x80\xA6 nothing. Wait... The crowd left.",
     "He paused ... and then said \xE2\x80\xA6 nothing .\nWait ...\nThe crowd left ."},
    {"urls_and_emails",
     "Read it at https://news.example.org/a/b?id=7&x=y, www.example.com or "
     "(http://example.net/path_(x)). Mail tips@example-news.co.uk.",
     "Read it at https://news.example.org/a/b?id=7&x=y , www.example.com or ( "
     "http://example.net/path_(x) ) .\nMail tips@example-news.co.uk ."},
    {"bullets", "Key points:\n- Border reopened\n- Trade resumes\n\xE2\x80\xA2 Talks next week\n",
     "Key points :\n- Border reopened\n- Trade resumes\n\xE2\x80\xA2 Talks next week"},
    {"numbered_list", "Demands:\n1. Release prisoners\n2. End raids\nThe list was read out.",
     "Demands :\n1. Release prisoners\n2. End raids\nThe list was read out ."},
    {"brackets_after_period", "The vote passed (narrowly.) Critics objected.",
     "The vote passed ( narrowly . )\nCritics objected ."},
    {"decimal_then_capital", "Inflation was 29.2. Prices of flour doubled.",
     "Inflation was 29.2 .\nPrices of flour doubled ."},
    {"lowercase_after_period_no_break", "The firm, Acme corp. said profits fell.",
     "The firm , Acme corp . said profits fell ."},
    {"us_led_coalition", "The U.S.-led coalition and AT&T's unit responded.",
     "The U.S.-led coalition and AT&T 's unit responded ."},
    {"possessive_plural_curly",
     "The Taliban\xE2\x80\x99 statement and the leaders\xE2\x80\x99 talks.",
     "The Taliban \xE2\x80\x99 statement and the leaders \xE2\x80\x99 talks ."},
    {"hashtags_and_handles", "Protesters used #FreeThePress and tagged @UN_News.",
     "Protesters used #FreeThePress and tagged @UN_News ."},
    {"state_abbreviation", "He flew from Austin, Tex. to Boston.",
     "He flew from Austin , Tex. to Boston ."},
    {"decades_slashes",
     "Prices in the '90s and \xE2\x80\x99"
     "70s: USD/Euro rose, the L/C was 9/11-era and/or later.",
     "Prices in the '90s and \xE2\x80\x99"
     "70s : USD / Euro rose , the L/C was 9/11-era and / or "
     "later ."},
    {"symbol_runs", "Note ** see below +++ and the #1 seed #Pakistan.",
     "Note ** see below +++ and the # 1 seed #Pakistan ."},
    {"thousands_need_three_digits", "On May 11,2000 people marched; 1,500 stayed.",
     "On May 11 , 2000 people marched ; 1,500 stayed ."},
    {"footnote_star_starts_sentence", "Terms apply. * See the website.",
     "Terms apply .\n* See the website ."},
    {"crlf_and_tabs", "Line one ends here.\r\nLine\ttwo has\ttabs.\r\n\r\nNew paragraph.",
     "Line one ends here .\nLine two has tabs .\nNew paragraph ."},
};

TEST(Segment, GoldenTables) {
  for (const Golden& g : kGolden) {
    EXPECT_EQ(Render(g.text), g.expected) << "case " << g.name;
  }
}

TEST(Segment, MultiWordTokensLikeEwt) {
  Document doc;
  doc.text = "Don't go, Tehran\xE2\x80\x99s envoy said.";
  Segment({}, &doc);
  ASSERT_EQ(doc.sentences.size(), 1u);
  const Sentence& s = doc.sentences[0];
  ASSERT_EQ(s.mwts.size(), 2u);
  EXPECT_EQ(s.mwts[0].form, "Don't");
  EXPECT_EQ(s.mwts[0].first, 1);
  EXPECT_EQ(s.mwts[0].last, 2);
  EXPECT_TRUE(s.mwts[0].space_after);
  EXPECT_EQ(s.tokens[0].form, "Do");
  EXPECT_FALSE(s.tokens[0].space_after);
  EXPECT_EQ(s.tokens[1].form, "n't");
  EXPECT_EQ(s.mwts[1].form, "Tehran\xE2\x80\x99s");
  EXPECT_EQ(s.mwts[1].first, 5);
  EXPECT_EQ(s.tokens[4].form, "Tehran");
  EXPECT_EQ(s.tokens[5].form, "\xE2\x80\x99s");
  EXPECT_EQ(doc.Text(s.tokens[5].span), "\xE2\x80\x99s");
  // SpaceAfter: "go" is followed by ",", "said" by ".".
  EXPECT_FALSE(s.tokens[2].space_after);
  EXPECT_TRUE(s.tokens[3].space_after);
}

TEST(Segment, ParagraphsCountBlankLineBlocks) {
  Document doc;
  doc.text = "\n\nFirst one. Second one.\n  \n\n Third one\n\n\n\nFourth.\n";
  Segment({}, &doc);
  ASSERT_EQ(doc.sentences.size(), 4u);
  EXPECT_EQ(doc.sentences[0].paragraph, 0);
  EXPECT_EQ(doc.sentences[1].paragraph, 0);
  EXPECT_EQ(doc.sentences[2].paragraph, 1);
  EXPECT_EQ(doc.sentences[3].paragraph, 2);
  EXPECT_EQ(doc.Text(doc.sentences[1].span), "Second one.");
  EXPECT_EQ(doc.Text(doc.sentences[2].span), "Third one");
}

TEST(Segment, EmptyAndBlankInputGiveNoSentences) {
  for (const char* text : {"", " ", "\n\n\n", "\t \r\n", "\x01\x02\x7f"}) {
    Document doc;
    doc.text = text;
    SegmentStats stats;
    Segment({}, &doc, &stats);
    EXPECT_TRUE(doc.sentences.empty()) << text;
    EXPECT_EQ(stats.sentences, 0u);
  }
}

TEST(Segment, InvalidUtf8IsRepairedAndCounted) {
  Document doc;
  SegmentStats stats;
  std::string raw = "Bad \xFF\xFE bytes in Lahore\xC3. Next.";
  SegmentText(raw, {}, &doc, &stats);
  EXPECT_EQ(stats.repaired_bytes, 3u);
  ASSERT_TRUE(CheckSegmentation(doc).ok());
  EXPECT_EQ(doc.text, "Bad \xEF\xBF\xBD\xEF\xBF\xBD bytes in Lahore\xEF\xBF\xBD. Next.");
  ASSERT_EQ(doc.sentences.size(), 2u);
  EXPECT_EQ(doc.sentences[0].tokens[1].form, "\xEF\xBF\xBD");
  EXPECT_EQ(stats.sentences, 2u);
}

TEST(Segment, LongSentenceIsSplitIntoChunks) {
  std::string text;
  for (int i = 0; i < 10000; ++i) text += (i % 7 == 3) ? "don't " : "word ";
  Document doc;
  SegmentStats stats;
  SegmentOptions opts;
  Segment(opts, &doc, &stats);  // empty text first: nothing
  doc.text = text;
  Segment(opts, &doc, &stats);
  ASSERT_TRUE(CheckSegmentation(doc).ok()) << CheckSegmentation(doc).ToString();
  EXPECT_EQ(stats.long_sentences_split, 1u);
  size_t words = 0;
  for (const Sentence& s : doc.sentences) {
    EXPECT_LE(s.tokens.size(), 400u);
    EXPECT_GE(s.tokens.size(), 399u * (&s != &doc.sentences.back()));
    words += s.tokens.size();
  }
  EXPECT_EQ(words, stats.tokens);
  EXPECT_EQ(words, 10000u + 10000u / 7 + (10000 % 7 > 3));
  EXPECT_GE(doc.sentences.size(), 28u);
}

TEST(Segment, BinaryJunkNeverBreaksInvariants) {
  // Deterministic pseudo-random bytes, weighted towards characters with rules.
  const char kAlphabet[] = "aZ09.'-,\"?! \n\t@#:/&()$%\xE2\x80\x99\x9C\x94\xA6\xFF\xC3\x00";
  uint32_t x = 12345;
  for (int round = 0; round < 200; ++round) {
    std::string raw;
    for (int i = 0; i < 500; ++i) {
      x = x * 1103515245u + 12345u;
      raw.push_back(kAlphabet[(x >> 16) % (sizeof(kAlphabet) - 1)]);
    }
    Document doc;
    SegmentStats stats;
    SegmentOptions opts;
    opts.max_tokens_per_sentence = 20;
    SegmentText(raw, opts, &doc, &stats);
    Status st = CheckSegmentation(doc);
    ASSERT_TRUE(st.ok()) << st.ToString();
    // Raw, unrepaired bytes must not break the invariants either.
    doc.text = raw;
    Segment(opts, &doc, &stats);
    st = CheckSegmentation(doc);
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
}

TEST(Segment, HugeTokenAndDeepPunctuationStayLinear) {
  Document doc;
  doc.text = std::string(2'000'000, 'a') + " " + std::string(1'000'000, ')') + " " +
             std::string(500'000, '.') + std::string(200'000, '-') + "a..a..a..a@";
  for (int i = 0; i < 100000; ++i) doc.text += "a.a.";
  SegmentStats stats;
  Segment({}, &doc, &stats);
  EXPECT_TRUE(CheckSegmentation(doc).ok());
  EXPECT_GT(stats.long_sentences_split, 0u);
}

TEST(Scanner, ContractionCuts) {
  struct Case {
    const char* word;
    std::vector<std::string> parts;
  } cases[] = {
      {"can't", {"ca", "n't"}},
      {"won't", {"wo", "n't"}},
      {"didn't", {"did", "n't"}},
      {"I'm", {"I", "'m"}},
      {"they're", {"they", "'re"}},
      {"we've", {"we", "'ve"}},
      {"she'll", {"she", "'ll"}},
      {"he'd", {"he", "'d"}},
      {"gonna", {"gon", "na"}},
      {"Cannot", {"Can", "not"}},
      {"Iran's", {"Iran", "'s"}},
      {"states'", {"states", "'"}},
      {"shouldn't've", {"should", "n't", "'ve"}},
      {"Tehran\xE2\x80\x99s", {"Tehran", "\xE2\x80\x99s"}},
      {"don\xE2\x80\x99t", {"do", "n\xE2\x80\x99t"}},
      {"O'Brien", {"O'Brien"}},
      {"y'all", {"y'all"}},
      {"'s", {"'s"}},
      {"n't", {"n't"}},
      {"rock'n'roll", {"rock'n'roll"}},
      {"Qur'an", {"Qur'an"}},
  };
  for (const Case& c : cases) {
    std::string_view w(c.word);
    uint32_t cuts[3];
    int n = segment::ContractionCuts(w, cuts);
    std::vector<std::string> parts;
    uint32_t from = 0;
    for (int i = 0; i <= n; ++i) {
      uint32_t to = i < n ? cuts[i] : static_cast<uint32_t>(w.size());
      parts.emplace_back(w.substr(from, to - from));
      from = to;
    }
    EXPECT_EQ(parts, c.parts) << c.word;
  }
}

// ---------------------------------------------------------------------------------
// Accuracy against UD English-EWT test (read at run time from ../shared).

std::string SharedPath(const char* rel) {
  return std::string(KHALDUN_SOURCE_DIR) + "/../shared/" + rel;
}

// Surface-aligned word spans of a gold sentence inside its "# text".
bool GoldSpans(const Sentence& s, std::string_view text, std::vector<Span>* out) {
  out->clear();
  size_t pos = 0;
  auto place = [&](std::string_view form, Span* span) {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
    if (text.compare(pos, form.size(), form) != 0) {
      size_t found = text.find(form, pos);
      if (found == std::string_view::npos) return false;
      pos = found;
    }
    *span = {static_cast<uint32_t>(pos), static_cast<uint32_t>(pos + form.size())};
    pos += form.size();
    return true;
  };
  size_t m = 0;
  for (size_t i = 0; i < s.tokens.size();) {
    if (m < s.mwts.size() && s.mwts[m].first == static_cast<int>(i) + 1) {
      const MultiWordToken& mwt = s.mwts[m++];
      Span whole;
      if (!place(mwt.form, &whole)) return false;
      uint32_t at = whole.begin;
      for (int w = mwt.first; w <= mwt.last; ++w) {
        const std::string& f = s.tokens[w - 1].form;
        if (text.compare(at, f.size(), f) == 0 && at + f.size() <= whole.end) {
          out->push_back({at, static_cast<uint32_t>(at + f.size())});
          at += static_cast<uint32_t>(f.size());
        } else {
          out->push_back({at, whole.end});
          at = whole.end;
        }
      }
      i = static_cast<size_t>(mwt.last);
      continue;
    }
    Span sp;
    if (!place(s.tokens[i].form, &sp)) return false;
    out->push_back(sp);
    ++i;
  }
  return true;
}

// EWT splits hyphenated words ("search - engine"); we keep them whole. Joins X - Y
// written without spaces into one span on both sides before comparing.
std::vector<Span> MergeHyphens(const std::vector<Span>& in, std::string_view text) {
  std::vector<Span> out;
  for (size_t i = 0; i < in.size(); ++i) {
    Span cur = in[i];
    while (i + 2 < in.size() && text.substr(in[i + 1].begin, in[i + 1].size()) == "-" &&
           in[i + 1].begin == cur.end && in[i + 2].begin == in[i + 1].end) {
      cur.end = in[i + 2].end;
      i += 2;
    }
    out.push_back(cur);
  }
  return out;
}

size_t CountMatches(const std::vector<Span>& a, const std::vector<Span>& b) {
  size_t i = 0, j = 0, tp = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] == b[j]) {
      ++tp;
      ++i;
      ++j;
    } else if (a[i].begin < b[j].begin || (a[i].begin == b[j].begin && a[i].end < b[j].end)) {
      ++i;
    } else {
      ++j;
    }
  }
  return tp;
}

double F1(size_t tp, size_t predicted, size_t gold) {
  if (predicted == 0 || gold == 0) return 0;
  double p = static_cast<double>(tp) / predicted, r = static_cast<double>(tp) / gold;
  return p + r == 0 ? 0 : 2 * p * r / (p + r);
}

std::string TextComment(const Sentence& s) {
  for (const std::string& c : s.comments)
    if (c.rfind("text = ", 0) == 0) return c.substr(7);
  return {};
}

bool LoadEwtTest(std::vector<Document>* docs) {
  std::ifstream in(SharedPath("ud/en_ewt/en_ewt-ud-test.conllu"), std::ios::binary);
  if (!in) return false;
  std::stringstream buf;
  buf << in.rdbuf();
  ReadConllu(buf.str(), "en_ewt-ud-test.conllu", "ewt", docs, [](const Status&) {});
  return true;
}

TEST(SegmentAccuracy, EwtTestTokenF1) {
  std::vector<Document> gold;
  if (!LoadEwtTest(&gold)) GTEST_SKIP() << "../shared/ud/en_ewt absent";
  size_t tp = 0, predicted = 0, total = 0, sentences = 0;
  for (const Document& d : gold) {
    for (const Sentence& s : d.sentences) {
      std::string text = TextComment(s);
      std::vector<Span> g;
      if (text.empty() || !GoldSpans(s, text, &g)) continue;
      Document doc;
      doc.text = text;
      Segment({}, &doc);
      std::vector<Span> ours;
      for (const Sentence& os : doc.sentences)
        for (const Token& t : os.tokens) ours.push_back(t.span);
      g = MergeHyphens(g, text);
      ours = MergeHyphens(ours, text);
      tp += CountMatches(ours, g);
      predicted += ours.size();
      total += g.size();
      ++sentences;
    }
  }
  double f1 = F1(tp, predicted, total);
  std::printf("EWT test tokens (hyphen splits ignored): %zu sentences, P=%.2f R=%.2f F1=%.2f\n",
              sentences, 100.0 * tp / predicted, 100.0 * tp / total, 100 * f1);
  EXPECT_GT(sentences, 2000u);
  EXPECT_GE(100 * f1, 99.0);
}

TEST(SegmentAccuracy, EwtTestSentenceF1) {
  std::vector<Document> gold;
  if (!LoadEwtTest(&gold)) GTEST_SKIP() << "../shared/ud/en_ewt absent";
  // Rebuild each document as raw text: sentences joined by a space, paragraphs by a
  // blank line; then compare sentence end offsets (the document end is not counted).
  size_t tp = 0, predicted = 0, total = 0;
  for (const Document& d : gold) {
    std::string text;
    std::vector<uint32_t> gold_ends;
    for (const Sentence& s : d.sentences) {
      bool newpar = false;
      for (const std::string& c : s.comments) newpar = newpar || c.rfind("newpar", 0) == 0;
      if (!text.empty()) text += newpar ? "\n\n" : " ";
      text += TextComment(s);
      gold_ends.push_back(static_cast<uint32_t>(text.size()));
    }
    if (gold_ends.empty()) continue;
    gold_ends.pop_back();
    Document doc;
    doc.text = text;
    Segment({}, &doc);
    std::vector<uint32_t> ours;
    for (const Sentence& s : doc.sentences) ours.push_back(s.span.end);
    if (!ours.empty()) ours.pop_back();
    size_t i = 0, j = 0;
    while (i < ours.size() && j < gold_ends.size()) {
      if (ours[i] == gold_ends[j]) {
        ++tp, ++i, ++j;
      } else if (ours[i] < gold_ends[j]) {
        ++i;
      } else {
        ++j;
      }
    }
    predicted += ours.size();
    total += gold_ends.size();
  }
  double f1 = F1(tp, predicted, total);
  std::printf("EWT test sentence boundaries: P=%.2f R=%.2f F1=%.2f (%zu gold)\n",
              100.0 * tp / predicted, 100.0 * tp / total, 100 * f1, total);
  EXPECT_GE(100 * f1, 70.0);
}

// Greedy hard wrap of every paragraph at `width` bytes, as old wire feeds and e-mail do.
std::string HardWrap(const std::string& text, size_t width) {
  std::string out;
  size_t line = 0;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '\n') {
      out += '\n';
      line = 0;
      ++i;
      continue;
    }
    if (text[i] == ' ') {
      ++i;
      continue;
    }
    size_t e = text.find_first_of(" \n", i);
    if (e == std::string::npos) e = text.size();
    size_t len = e - i;
    if (line > 0 && line + 1 + len > width) {
      out += '\n';
      line = 0;
    } else if (line > 0) {
      out += ' ';
      ++line;
    }
    out.append(text, i, len);
    line += len;
    i = e;
  }
  return out;
}

// Sentence boundaries on raw Wikinews articles (../shared/news/gum_wikinews.jsonl):
// the gold sentences are GUM's, aligned to the raw text ignoring whitespace. Measured
// on the articles as published (one line per paragraph) and hard-wrapped at 72 columns.
void GumWikinewsSentenceF1(size_t wrap_width) {
  std::ifstream jsonl(SharedPath("news/gum_wikinews.jsonl"));
  if (!jsonl) GTEST_SKIP() << "../shared/news/gum_wikinews.jsonl absent";
  std::map<std::string, std::vector<std::string>> gold;
  for (const char* split : {"train", "dev", "test"}) {
    std::ifstream in(SharedPath(("ud/en_gum/en_gum-ud-" + std::string(split) + ".conllu").c_str()),
                     std::ios::binary);
    if (!in) GTEST_SKIP() << "../shared/ud/en_gum absent";
    std::stringstream buf;
    buf << in.rdbuf();
    std::vector<Document> docs;
    ReadConllu(buf.str(), split, "gum", &docs, [](const Status&) {});
    for (const Document& d : docs)
      for (const Sentence& s : d.sentences) gold[d.id].push_back(TextComment(s));
  }
  auto is_space = [](char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; };
  size_t tp = 0, predicted = 0, total = 0, docs = 0;
  std::string line;
  while (std::getline(jsonl, line)) {
    std::string id, text;
    try {
      nlohmann::json j = nlohmann::json::parse(line);
      id = j.at("id").get<std::string>();
      text = j.at("text").get<std::string>();
    } catch (const nlohmann::json::exception&) {
      continue;
    }
    if (id.rfind("GUM_news_", 0) != 0 || gold[id].empty()) continue;
    if (wrap_width) text = HardWrap(text, wrap_width);
    std::vector<uint32_t> ends;
    size_t pos = 0;
    bool aligned = true;
    for (const std::string& g : gold[id]) {
      for (size_t k = 0; k < g.size() && aligned; ++k) {
        if (is_space(g[k])) continue;
        while (pos < text.size() && is_space(text[pos])) ++pos;
        aligned = pos < text.size() && text[pos] == g[k];
        ++pos;
      }
      ends.push_back(static_cast<uint32_t>(pos));
    }
    if (!aligned) continue;
    ends.pop_back();
    Document doc;
    doc.text = text;
    Segment({}, &doc);
    std::vector<uint32_t> ours;
    for (const Sentence& s : doc.sentences) ours.push_back(s.span.end);
    if (!ours.empty()) ours.pop_back();
    for (uint32_t e : ends)
      for (uint32_t o : ours) tp += (o == e);
    predicted += ours.size();
    total += ends.size();
    ++docs;
  }
  if (docs == 0) GTEST_SKIP() << "no GUM_news documents aligned";
  double f1 = F1(tp, predicted, total);
  std::printf("GUM Wikinews sentence boundaries%s: %zu docs, P=%.2f R=%.2f F1=%.2f\n",
              wrap_width ? " (hard-wrapped at 72)" : "", docs, 100.0 * tp / predicted,
              100.0 * tp / total, 100 * f1);
  EXPECT_GE(docs, 20u);
  EXPECT_GE(100 * f1, 96.0);
}

TEST(SegmentAccuracy, GumWikinewsSentenceF1) { GumWikinewsSentenceF1(0); }
TEST(SegmentAccuracy, GumWikinewsHardWrappedSentenceF1) { GumWikinewsSentenceF1(72); }

// ---------------------------------------------------------------------------------
// The `khaldun tokenize` command, run through $KHALDUN_BIN when it has been built.

struct RunResult {
  int rc = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

RunResult RunCli(const std::string& args) {
  RunResult r;
  // ctest runs the tests of this binary in parallel processes: each gets its own file.
  std::string err_path = ::testing::TempDir() + "segment_cli_stderr." +
                         std::to_string(::getpid()) + ".txt";
  std::string cmd = std::string(std::getenv("KHALDUN_BIN")) + " " + args + " 2>" + err_path;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = pclose(p);
  r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream err(err_path, std::ios::binary);
  std::stringstream ss;
  ss << err.rdbuf();
  r.err = ss.str();
  std::remove(err_path.c_str());
  return r;
}

bool HaveCli() {
  const char* bin = std::getenv("KHALDUN_BIN");
  return bin && std::ifstream(bin).good();
}

TEST(TokenizeCommand, WritesConlluThatReadsBack) {
  if (!HaveCli()) GTEST_SKIP() << "khaldun binary not built ($KHALDUN_BIN)";
  std::string path = ::testing::TempDir() + "segment_cli_input.txt";
  {
    std::ofstream f(path, std::ios::binary);
    f << "Ceasefire holds in north\nQUETTA (AP) - The truce didn't break. Gen. Rao "
         "agreed.\n\nNew \xFF paragraph here.\n";
  }
  RunResult r = RunCli("tokenize " + path);
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_THAT(r.err, ::testing::HasSubstr("segment_cli_input.txt: 1 invalid UTF-8 bytes replaced"));
  EXPECT_THAT(r.out, ::testing::HasSubstr("# newdoc id = segment_cli_input\n"));
  EXPECT_THAT(r.out, ::testing::HasSubstr("# text = Ceasefire holds in north\n"));
  EXPECT_THAT(r.out, ::testing::HasSubstr("8-9\tdidn't\t_\t_\t_\t_\t_\t_\t_\t_\n"
                                          "8\tdid\t_\t_\t_\t_\t_\t_\t_\t_\n"
                                          "9\tn't\t_\t_\t_\t_\t_\t_\t_\t_\n"
                                          "10\tbreak\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n"));
  std::vector<Document> docs;
  size_t errors = 0;
  ReadConllu(r.out, "cli", "cli", &docs, [&](const Status&) { ++errors; });
  EXPECT_EQ(errors, 0u);
  ASSERT_EQ(docs.size(), 1u);
  ASSERT_EQ(docs[0].sentences.size(), 4u);
  EXPECT_EQ(docs[0].sentences[3].paragraph, 1);
  EXPECT_EQ(docs[0].sentences[2].tokens[0].form, "Gen.");
  std::remove(path.c_str());
}

// Inputs bigger than one piece (1 MB) are cut at blank lines: numbering and paragraphs
// continue across pieces and nothing is lost.
TEST(TokenizeCommand, BigInputKeepsNumberingAcrossPieces) {
  if (!HaveCli()) GTEST_SKIP() << "khaldun binary not built ($KHALDUN_BIN)";
  std::string path = ::testing::TempDir() + "segment_cli_big.txt";
  const int kParagraphs = 30000;
  {
    std::ofstream f(path, std::ios::binary);
    for (int i = 0; i < kParagraphs; ++i)
      f << "Paragraph " << i << " opens here. It has two sentences, said Mr. Diaz.\n\n";
  }
  RunResult r = RunCli("tokenize " + path);
  ASSERT_EQ(r.rc, 0) << r.err;
  std::vector<Document> docs;
  ReadConllu(r.out, "cli", "cli", &docs, [](const Status&) {});
  ASSERT_EQ(docs.size(), 1u);
  ASSERT_EQ(docs[0].sentences.size(), 2u * kParagraphs);
  EXPECT_EQ(docs[0].sentences.back().paragraph, kParagraphs - 1);
  EXPECT_EQ(docs[0].sentences.back().sent_id, "segment_cli_big-" + std::to_string(2 * kParagraphs));
  EXPECT_EQ(docs[0].sentences.back().tokens[6].form, "Mr.");
  std::remove(path.c_str());
}

TEST(TokenizeCommand, EmptyInputAndMissingFile) {
  if (!HaveCli()) GTEST_SKIP() << "khaldun binary not built ($KHALDUN_BIN)";
  RunResult empty = RunCli("tokenize - < /dev/null");
  EXPECT_EQ(empty.rc, 0);
  EXPECT_EQ(empty.out, "");
  RunResult missing = RunCli("tokenize /nonexistent/khaldun_no_such_file.txt");
  EXPECT_EQ(missing.rc, 1);
  EXPECT_EQ(missing.out, "");
  EXPECT_THAT(missing.err, ::testing::HasSubstr("/nonexistent/khaldun_no_such_file.txt"));
}

}  // namespace
}  // namespace khaldun
