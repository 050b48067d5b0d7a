// khaldun parse: raw text or CoNLL-U -> CoNLL-U with lemmas, tags and dependencies.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "base/file.h"
#include "command.h"
#include "document/conllu.h"
#include "pipeline/nlp.h"

namespace khaldun::cli {
namespace {

int RunParse(int argc, char** argv) {
  CLI::App app{"Tokenize, tag and parse English text into CoNLL-U.\n"
               "With --input conllu the given tokens and sentence breaks are kept and\n"
               "LEMMA, UPOS, XPOS, FEATS, HEAD and DEPREL are predicted again.",
               "khaldun parse"};
  std::vector<std::string> files;
  std::string input = "text", output = "-";
  int threads = 0;
  NlpOptions opts;
  app.add_option("files", files, "input files ('-' or none = stdin)");
  app.add_option("--input", input, "input format: text or conllu")
      ->check(CLI::IsMember({"text", "conllu"}));
  app.add_option("-o,--output", output, "output file ('-' = stdout)");
  app.add_option("--threads", threads, "worker threads (0 = all cores)");
  app.add_option("--tagger", opts.tagger_path, "tagger model (default data/models/tagger.bin)");
  app.add_option("--parser", opts.parser_path, "parser model (default data/models/parser.bin)");
  app.add_option("--max-tokens", opts.segment.max_tokens_per_sentence,
                 "split sentences longer than this many tokens (default 400)");
  CLI11_PARSE(app, argc, argv);
  if (files.empty()) files.push_back("-");

  auto nlp = NlpPipeline::Load(opts);
  if (!nlp.ok()) {
    std::fprintf(stderr, "khaldun parse: %s\n", nlp.status().message().c_str());
    return 1;
  }
  int failures = 0;
  std::string out;
  NlpStats stats;
  for (const std::string& path : files) {
    auto data = ReadFile(path);
    if (!data.ok()) {
      std::fprintf(stderr, "khaldun parse: %s\n", data.status().message().c_str());
      ++failures;
      continue;
    }
    std::vector<Document> docs;
    if (input == "conllu") {
      ReadConllu(*data, path, FileStem(path), &docs, [](const Status& s) {
        std::fprintf(stderr, "khaldun parse: %s\n", s.message().c_str());
      });
      for (const auto& d : docs)
        for (const auto& s : d.sentences)
          if (s.tokens.size() > opts.segment.max_tokens_per_sentence)
            std::fprintf(stderr, "khaldun parse: warning: %s: sentence %s has %zu tokens\n",
                         path.c_str(), s.sent_id.c_str(), s.tokens.size());
      (*nlp)->Repredict(&docs, threads, &stats);
    } else {
      if (data->empty()) continue;
      docs.emplace_back();
      docs.back().id = path == "-" ? "stdin" : FileStem(path);
      docs.back().text = std::move(*data);
      (*nlp)->Annotate(&docs, threads, &stats);
    }
    for (const auto& d : docs) AppendConlluDocument(d, &out);
    // Stream to stdout in pieces; a file is written once, atomically, at the end.
    if (output == "-" && out.size() > (8u << 20)) {
      if (Status st = WriteFile("-", out); !st.ok()) {
        std::fprintf(stderr, "khaldun parse: %s\n", st.message().c_str());
        return 1;
      }
      out.clear();
    }
  }
  if (Status st = WriteFile(output, out); !st.ok()) {
    std::fprintf(stderr, "khaldun parse: %s\n", st.message().c_str());
    return 1;
  }
  if (stats.repaired_bytes)
    std::fprintf(stderr, "khaldun parse: repaired %zu invalid UTF-8 bytes (U+FFFD)\n",
                 stats.repaired_bytes);
  if (stats.long_sentences_split)
    std::fprintf(stderr, "khaldun parse: warning: split %zu sentences over %u tokens\n",
                 stats.long_sentences_split, opts.segment.max_tokens_per_sentence);
  return failures ? 1 : 0;
}

}  // namespace

KHALDUN_COMMAND("parse", "raw text or CoNLL-U -> tagged and parsed CoNLL-U", RunParse);

}  // namespace khaldun::cli
