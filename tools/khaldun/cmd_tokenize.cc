// khaldun tokenize: raw text -> sentences and UD-style tokens as CoNLL-U.
//
//   khaldun tokenize [--max-tokens N] [FILES...|-]
//
// Only ID, FORM and MISC (SpaceAfter=No) are filled; the other columns are "_".
// Each file is one document ("# newdoc id = <file stem>"); sentences carry "# sent_id",
// "# newpar" at each paragraph start and "# text". No files, or "-", reads stdin.
// Invalid UTF-8 is repaired to U+FFFD and reported on stderr; a missing or unreadable
// file is reported by name, the other files are still processed, and the exit code is 1.
// Big inputs are segmented in pieces of about 1 MB cut at blank lines (paragraph ends
// are sentence ends anyway), so memory stays bounded whatever the file size.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "base/file.h"
#include "base/utf8.h"
#include "command.h"
#include "document/conllu.h"
#include "segment/segment.h"

namespace khaldun::cli {
namespace {

// "# text" must stay on one line: line breaks, tabs and other controls become spaces.
std::string OneLine(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  return out;
}

constexpr size_t kPieceBytes = 1 << 20;

// End of the piece of `text` that starts at `from`: just after the first blank line
// found past from + kPieceBytes, or the end of the text.
size_t PieceEnd(std::string_view text, size_t from) {
  size_t at = from + kPieceBytes;
  while (at < text.size()) {
    size_t nl = text.find('\n', at);
    if (nl == std::string_view::npos) break;
    size_t k = nl + 1;
    while (k < text.size() && (text[k] == ' ' || text[k] == '\t' || text[k] == '\r')) ++k;
    if (k < text.size() && text[k] == '\n') return k + 1;
    at = nl + 1;
  }
  return text.size();
}

// Numbering that continues across the pieces of one document.
struct OutputState {
  size_t sentences = 0;
  int paragraph_base = 0;
  int last_paragraph = -1;
};

void AppendTokenized(const Document& doc, const std::string& doc_id, OutputState* state,
                     std::string* out) {
  int max_paragraph = -1;
  for (const Sentence& s : doc.sentences) {
    int paragraph = state->paragraph_base + s.paragraph;
    max_paragraph = std::max(max_paragraph, s.paragraph);
    if (state->sentences++ == 0) *out += "# newdoc id = " + doc_id + "\n";
    *out += "# sent_id = " + doc_id + "-" + std::to_string(state->sentences) + "\n";
    if (paragraph != state->last_paragraph) {
      *out += "# newpar\n";
      state->last_paragraph = paragraph;
    }
    *out += "# text = " + OneLine(doc.Text(s.span)) + "\n";
    AppendConlluSentence(s, out);
  }
  state->paragraph_base += max_paragraph + 1;
}

int RunTokenize(int argc, char** argv) {
  CLI::App app(
      "Split raw English text into sentences and tokens; print CoNLL-U "
      "(ID, FORM, MISC)");
  std::vector<std::string> files;
  SegmentOptions opts;
  app.add_option("files", files, "input text files ('-' or none: stdin)");
  app.add_option("--max-tokens", opts.max_tokens_per_sentence,
                 "split sentences longer than this many words (0 = no limit)")
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (files.empty()) files.push_back("-");
  int rc = 0;
  std::string out;
  for (const std::string& path : files) {
    StatusOr<std::string> data = ReadFile(path);
    if (!data.ok()) {
      std::fprintf(stderr, "khaldun tokenize: %s\n", data.status().message().c_str());
      rc = 1;
      continue;
    }
    const std::string doc_id = path == "-" ? "stdin" : FileStem(path);
    const char* name = path == "-" ? "<stdin>" : path.c_str();
    std::string text;
    SegmentStats stats;
    stats.repaired_bytes = RepairUtf8(*data, &text);
    data = std::string();  // free the raw copy
    OutputState state;
    for (size_t from = 0; from < text.size();) {
      size_t end = PieceEnd(text, from);
      Document doc;
      doc.text.assign(text, from, end - from);
      Segment(opts, &doc, &stats);
      out.clear();
      AppendTokenized(doc, doc_id, &state, &out);
      if (!out.empty() && std::fwrite(out.data(), 1, out.size(), stdout) != out.size()) {
        std::fprintf(stderr, "khaldun tokenize: error writing output\n");
        return 1;
      }
      from = end;
    }
    if (stats.repaired_bytes > 0)
      std::fprintf(stderr, "khaldun tokenize: %s: %zu invalid UTF-8 bytes replaced by U+FFFD\n",
                   name, stats.repaired_bytes);
    if (stats.long_sentences_split > 0)
      std::fprintf(stderr, "khaldun tokenize: %s: %zu sentences longer than %u words were split\n",
                   name, stats.long_sentences_split, opts.max_tokens_per_sentence);
  }
  if (std::fflush(stdout) != 0) {
    std::fprintf(stderr, "khaldun tokenize: error writing output\n");
    return 1;
  }
  return rc;
}

}  // namespace

KHALDUN_COMMAND("tokenize", "split raw text into sentences and tokens (CoNLL-U)", RunTokenize);

}  // namespace khaldun::cli
