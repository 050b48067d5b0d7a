// Coding-stage speed (parses given): sentences per second on one thread, over a
// document of hand-written parsed news sentences, with the project's dictionaries
// (data/dict, data/cameo). Run: build/src/events/coder_bench (-DKHALDUN_BENCH=ON).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>

#include "document/conllu.h"
#include "events/coder.h"

namespace khaldun {
namespace {

// Compact parses "form/lemma/UPOS/head/deprel" ("=" lemma = form).
const char* const kSentences[] = {
    "Pakistani/=/ADJ/2/amod troops/troop/NOUN/3/nsubj attacked/attack/VERB/0/root "
    "militants/militant/NOUN/3/obj in/=/ADP/7/case western/=/ADJ/7/amod Pakistan/=/PROPN/4/nmod "
    "././PUNCT/3/punct",
    "Iran/=/PROPN/3/nmod:poss 's/=/PART/1/case strike/=/NOUN/6/nsubj on/=/ADP/5/case "
    "Pakistan/=/PROPN/3/nmod killed/kill/VERB/0/root two/=/NUM/8/nummod children/child/NOUN/6/obj "
    "././PUNCT/6/punct",
    "Pakistan/=/PROPN/2/nsubj said/say/VERB/0/root its/its/PRON/4/nmod:poss strikes/strike/NOUN/5/nsubj "
    "targeted/target/VERB/2/ccomp militants/militant/NOUN/5/obj ././PUNCT/2/punct",
    "Iran/=/PROPN/2/nsubj threatened/threaten/VERB/0/root to/=/PART/4/mark attack/=/VERB/2/xcomp "
    "Pakistan/=/PROPN/4/obj ././PUNCT/2/punct",
    "The/the/DET/3/det foreign/=/ADJ/3/amod ministry/=/NOUN/4/nsubj summoned/summon/VERB/0/root "
    "the/=/DET/6/det envoy/=/NOUN/4/obj of/=/ADP/8/case Iran/=/PROPN/6/nmod in/=/ADP/10/case "
    "Islamabad/=/PROPN/4/obl on/=/ADP/12/case Wednesday/=/PROPN/4/obl ././PUNCT/4/punct",
    "The/the/DET/2/det weather/=/NOUN/4/nsubj was/be/AUX/4/cop mild/=/ADJ/0/root in/=/ADP/6/case "
    "the/=/DET/7/det north/=/NOUN/4/obl for/=/ADP/9/case most/=/ADJ/4/obl of/=/ADP/11/case "
    "the/=/DET/12/det week/=/NOUN/9/nmod ././PUNCT/4/punct",
    "Iran/=/PROPN/4/nsubj and/=/CCONJ/3/cc Pakistan/=/PROPN/1/conj agreed/agree/VERB/0/root "
    "to/=/ADP/7/case a/=/DET/7/det ceasefire/=/NOUN/4/obl ././PUNCT/4/punct",
    "The/the/DET/3/det United/=/PROPN/3/compound Nations/=/PROPN/4/nsubj urged/urge/VERB/0/root "
    "Iran/=/PROPN/4/obj to/=/PART/7/mark release/=/VERB/4/xcomp the/=/DET/9/det "
    "prisoners/prisoner/NOUN/7/obj ././PUNCT/4/punct",
};

std::string Conllu(int copies) {
  std::string out;
  for (int c = 0; c < copies; ++c) {
    for (const char* s : kSentences) {
      std::string str(s);
      int id = 0;
      size_t pos = 0;
      while (pos < str.size()) {
        size_t e = str.find(' ', pos);
        if (e == std::string::npos) e = str.size();
        std::string tok = str.substr(pos, e - pos);
        pos = e + 1;
        std::vector<std::string> f;
        size_t p = 0;
        while (true) {
          size_t sl = tok.find('/', p);
          f.push_back(tok.substr(p, sl == std::string::npos ? sl : sl - p));
          if (sl == std::string::npos) break;
          p = sl + 1;
        }
        std::string lemma = f[1] == "=" ? f[0] : f[1];
        out += std::to_string(++id) + "\t" + f[0] + "\t" + lemma + "\t" + f[2] + "\t_\t_\t" +
               f[3] + "\t" + f[4] + "\t_\t_\n";
      }
      // A distinct final token per copy: the coder codes repeated sentences once.
      out += std::to_string(++id) + "\t" + std::to_string(c) + "\t" + std::to_string(c) +
             "\tNUM\t_\t_\t1\tdep\t_\t_\n\n";
    }
  }
  return out;
}

void BM_CodeSentences(benchmark::State& state) {
  std::string root = KHALDUN_SOURCE_DIR;
  auto res = CoderResources::Load(root + "/data/dict", root + "/data/cameo/cameo.txt", false,
                                  nullptr);
  if (!res.ok()) {
    state.SkipWithError(res.status().ToString().c_str());
    return;
  }
  Coder coder(res->actors.get(), res->patterns.get(), res->cameo.get());
  std::vector<Document> docs;
  ReadConllu(Conllu(static_cast<int>(state.range(0))), "bench", "bench", &docs, nullptr);
  docs[0].date = "2024-01-18";
  auto scratch = NewCoderScratch();
  std::vector<Event> events;
  size_t sentences = 0, produced = 0;
  for (auto _ : state) {
    events.clear();
    coder.CodeDocument(docs[0], scratch.get(), &events, nullptr);
    sentences += docs[0].sentences.size();
    produced += events.size();
    benchmark::DoNotOptimize(events.data());
  }
  state.counters["sentences/s"] =
      benchmark::Counter(static_cast<double>(sentences), benchmark::Counter::kIsRate);
  state.counters["events/sentence"] =
      sentences ? static_cast<double>(produced) / static_cast<double>(sentences) : 0;
}
BENCHMARK(BM_CodeSentences)->Arg(1)->Arg(16)->Arg(256);

}  // namespace
}  // namespace khaldun
