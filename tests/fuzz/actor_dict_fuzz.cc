// libFuzzer target: the actor dictionary loaders (src/actors/dictionary.h) for each
// file kind. The first input byte picks the kind (countries, actors, people, agents,
// discards);
// the rest is the file text. Must not crash, hang or leak; malformed lines are
// reported and skipped, and the built dictionary must answer a lookup.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "actors/dictionary.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const char* kKinds[] = {"countries", "actors", "people", "agents", "discards"};
  std::string_view kind = kKinds[(data[0] & 0x7f) % 5];
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  khaldun::DictLoadOptions options;
  options.strict = (data[0] & 0x80) != 0;
  khaldun::ActorDictionary::Builder builder;
  (void)khaldun::ActorDictionary::ParseFile(kind, text, "fuzz.txt", options,
                                            [](const khaldun::Status&) {}, &builder);
  std::unique_ptr<khaldun::ActorDictionary> dict = builder.Build();
  // Look the first words of the input up as a sentence.
  khaldun::Sentence s;
  std::vector<std::string> lower;
  size_t pos = 0;
  std::string_view t = text.substr(0, 256);
  while (pos < t.size() && s.tokens.size() < 8) {
    size_t sp = t.find_first_of(" \t\n|;", pos);
    if (sp == std::string_view::npos) sp = t.size();
    if (sp > pos) {
      khaldun::Token tok;
      tok.form = std::string(t.substr(pos, sp - pos));
      tok.span = {static_cast<uint32_t>(pos), static_cast<uint32_t>(sp)};
      std::string l = tok.form;
      for (char& c : l)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      lower.push_back(l);
      s.tokens.push_back(std::move(tok));
    }
    pos = sp + 1;
  }
  for (int i = 0; i < static_cast<int>(s.tokens.size()); ++i) {
    khaldun::DictMatch m;
    if (dict->MatchAt(s, lower, i, &m)) (void)dict->entry(m.entry);
    (void)dict->NonActorNoun(lower[i]);
  }
  (void)dict->DiscardedSentence(lower, static_cast<int>(lower.size()));
  return 0;
}
