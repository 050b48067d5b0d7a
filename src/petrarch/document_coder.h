// DocumentCoder: codes khaldun Documents (tokens tagged and parsed) with the
// PETRARCH-compatible coder and the PETRARCH dictionaries, and turns its (source,
// target, code) triples into khaldun Events, so that `khaldun code --dicts petrarch`
// writes the same JSONL as the project's own coder.
//
// What an event carries here: the trigger is the verb of the verb dictionary, source and
// target are the noun phrases whose heads the coder chose (their spans, their codes as
// the PETRARCH dictionaries give them, country = the first three letters unless they are
// an IGO/NGO/'---' style prefix, sector = the next three); `pattern` names the verb file
// and line ("CAMEO.2.0.txt:1234") or, when only the verb's default code applied, the
// verb word. Goldstein, QuadClass and PLOVER type come from the project's CAMEO table.
// Negation follows PETRARCH: a negated verb is recoded through the coding ontology
// ("did not criticize" -> 051 style) or codes nothing, so `negated` is always false.
// There is no modality (always "asserted") and no coreference; 01x statements are
// dropped unless code_statements is set, as with the project's coder.
//
// Thread-safety: immutable after construction; CodeDocument may run on several threads.
// The DocumentCoder does not own the dictionaries or the CAMEO table.
#ifndef KHALDUN_PETRARCH_DOCUMENT_CODER_H_
#define KHALDUN_PETRARCH_DOCUMENT_CODER_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "events/cameo.h"
#include "khaldun/document.h"
#include "khaldun/event.h"
#include "khaldun/status.h"
#include "petrarch/coder.h"

namespace khaldun::petrarch {

// Which PETRARCH dictionary files to read from a folder.
enum class DictionarySet {
  // The operational set: verbs CAMEO.2.0.txt; actors Phoenix.Countries.actors.txt,
  // Phoenix.International.actors.txt, Phoenix.MilNonState.actors.txt (in this order,
  // the first match in file order wins); agents Phoenix.agents.txt; discards
  // Phoenix.discards.txt.
  kPhoenix,
  // The validation set: PETR.Validate.{actors,agents,discards}.txt with
  // PETR.Validate.verbs.2.0.txt (the UD-era verbs).
  kValidate,
  // kPhoenix when the folder holds CAMEO.2.0.txt, else kValidate.
  kAuto,
};

// Reads one dictionary set from `dir` (and PETR.Internal.Coding.Ontology.txt when
// present). A missing folder is NotFound naming it; a missing file is an error naming
// the file. Malformed lines go to `on_error` (strict: refused).
StatusOr<Dictionaries> LoadDictionarySet(const std::string& dir, DictionarySet set,
                                         const ReadOptions& opts, const ErrorFn& on_error);

// The default PETRARCH dictionary folder: $KHALDUN_PETRARCH_DICTS, else
// ../shared/petrarch/dictionaries (from the working directory), else that folder next to
// the source tree the binary was built from.
std::string DefaultDictionaryDir();

// A `--dicts` value: "khaldun[:DIR]" (the project's dictionaries), "petrarch[:DIR]"
// (kAuto) or "petrarch-validate[:DIR]" (kValidate). An empty DIR means the default
// (DefaultDictDir() for khaldun, DefaultDictionaryDir() for PETRARCH).
struct DictsSpec {
  bool petrarch = false;
  DictionarySet set = DictionarySet::kAuto;
  std::string dir;
};
StatusOr<DictsSpec> ParseDictsSpec(std::string_view spec);

// The verb file name a set uses in `dir` ("CAMEO.2.0.txt", ...), for event patterns.
std::string VerbFileName(const std::string& dir, DictionarySet set);

struct DocumentCoderOptions {
  bool code_statements = false;  // emit 01x statements (no PLOVER type)
  CoderOptions coder;            // PETRARCH options (require_dyad, new_actor_length)
};

class DocumentCoder {
 public:
  // REQUIRES: `dicts` and `cameo` outlive the DocumentCoder.
  DocumentCoder(const Dictionaries* dicts, const CameoTable* cameo, std::string verb_file,
                DocumentCoderOptions options = {});

  // Codes every parsed sentence of `doc` at doc.date (YYYY-MM-DD; empty: today, UTC)
  // and appends the events to *out. A sentence without a complete tree, and a triple
  // whose code the CAMEO table does not know, are reported through on_error and skipped.
  void CodeDocument(const Document& doc, std::vector<Event>* out,
                    const std::function<void(const Status&)>& on_error) const;

 private:
  Coder coder_;
  const CameoTable* cameo_;
  std::string verb_file_;
  DocumentCoderOptions options_;
};

// "USAGOV" -> country "USA", sector "GOV"; "IGOUNO", "---GOV" and quoted new actors
// have no country. Exposed for tests.
void SplitActorCode(const std::string& code, std::string* country, std::string* sector);

}  // namespace khaldun::petrarch

#endif  // KHALDUN_PETRARCH_DOCUMENT_CODER_H_
