// khaldun tokenize: raw text -> sentences and UD-style tokens as CoNLL-U.
//
//   khaldun tokenize [--max-tokens N] [FILES...|-]
//
// Only ID, FORM and MISC (SpaceAfter=No) are filled; the other columns are "_".
// Each file is one document ("# newdoc id = <file stem>"); sentences carry "# sent_id",
// "# newpar" at each paragraph start and "# text". No files, or "-", reads stdin.
// Invalid UTF-8 is repaired to U+FFFD and reported on stderr; a missing or unreadable
// file is reported by name, the other files are still processed, and the exit code is 1.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "base/file.h"
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

void AppendTokenized(const Document& doc, std::string* out) {
  int paragraph = -1;
  for (size_t i = 0; i < doc.sentences.size(); ++i) {
    const Sentence& s = doc.sentences[i];
    if (i == 0) *out += "# newdoc id = " + doc.id + "\n";
    *out += "# sent_id = " + doc.id + "-" + std::to_string(i + 1) + "\n";
    if (s.paragraph != paragraph) {
      *out += "# newpar\n";
      paragraph = s.paragraph;
    }
    *out += "# text = " + OneLine(doc.Text(s.span)) + "\n";
    AppendConlluSentence(s, out);
  }
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
    Document doc;
    doc.id = path == "-" ? "stdin" : FileStem(path);
    SegmentStats stats;
    SegmentText(*data, opts, &doc, &stats);
    const char* name = path == "-" ? "<stdin>" : path.c_str();
    if (stats.repaired_bytes > 0)
      std::fprintf(stderr, "khaldun tokenize: %s: %zu invalid UTF-8 bytes replaced by U+FFFD\n",
                   name, stats.repaired_bytes);
    if (stats.long_sentences_split > 0)
      std::fprintf(stderr, "khaldun tokenize: %s: %zu sentences longer than %u words were split\n",
                   name, stats.long_sentences_split, opts.max_tokens_per_sentence);
    out.clear();
    AppendTokenized(doc, &out);
    if (!out.empty() && std::fwrite(out.data(), 1, out.size(), stdout) != out.size()) {
      std::fprintf(stderr, "khaldun tokenize: error writing output\n");
      return 1;
    }
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
