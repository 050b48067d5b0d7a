// Coder: parsed sentences -> CAMEO/PLOVER events, over the dependency tree.
//
// For every token that triggers a verb or noun pattern (PatternSet) the coder finds
// the source and target actors in the tree and resolves them with the actor
// dictionary:
//   - source = nsubj; passive ("was attacked by X"): source = obl:agent, target =
//     nsubj:pass; missing subjects are inherited along conj/xcomp/acl;
//   - target = iobj, obj, or an oblique/nominal modifier with against/on/at/with/into/
//     in/to/toward (plus the pattern's own target= prepositions);
//   - conjoined actors ("Iran and Pakistan", "Hungarian and Romanian officials") give
//     one event per source/target pair; pairs with the same code are dropped;
//   - nominal events ("Iran's strike on Pakistan") need a possessor, adjective or "by"
//     source; light verbs ("launch strikes", "carry out an attack") take the event of
//     their object noun;
//   - reported speech: a clause under a SPEECH verb gets modality "reported" and, when
//     it has no source of its own, the speaker as source; the speech verb itself is
//     coded only through its own patterns (accuse, deny, demand, threaten, ...);
//   - governors: INTEND verbs ("plan/vow/threaten/agree to X") turn X into intent
//     (cooperation -> 03x) or threat (conflict -> 13x); DEMAND verbs ("urge Y to X")
//     turn X into a 10x demand on Y; REFUSE verbs turn X into a 12x rejection; the
//     governor is then not coded separately;
//   - modality: will/shall -> future, would/could/may/might or an "if" clause ->
//     conditional; future/conditional/intended material events are recoded as
//     threats or intents (CAMEO convention: "will strike again if" -> 138);
//     a final "?" -> question (code kept);
//   - negation ("did not attack"): the event is emitted with negated=true and its code
//     unchanged; consumers that count events skip negated ones (eval does);
//   - agents take the country attached to them ("Pakistani troops" -> PAKMIL, "Iran's
//     foreign ministry" -> IRNGOV); a non-state agent located "in Pakistan" takes PAK;
//     people take the code of their role at the document date (RedateActors moves
//     it to the event's date once that is known); capitals stand for governments;
//   - within a document, pronouns (it/its/they/their/he/she) and definite descriptions
//     ("the country", "the group", "both countries", "the two neighbours") resolve to
//     the most recent agreeing actor (CoderScratch keeps the memory); the subject
//     pronoun of a reported clause is its agreeing speaker ("Tehran said it ...").
//   - precision on non-political news: an event needs a political actor on at least
//     one side (a state named as a participant, not as a place; its organs; parties,
//     opposition, armed groups, IGOs/NGOs, ethnic peoples); civilians, business,
//     media, religion, education, health, criminals alone make no event. A clause
//     whose subject names no actor ("a storm ... killing") takes no nearby actor as
//     its doer; pronouns resolve within two sentences, not past a clause subject of
//     their number that names no actor, to an agent subject of their number ("the
//     ministry said it ...") before a country, never to a country named only as a
//     place (nor to a capital named as a place, nor to an actor inside a clause that
//     modifies a noun: "territory controlled by the Taliban"); a subject that names no
//     actor, or an unresolved pronoun subject, outranks the non-subject actors of its
//     sentence (a collective noun like "the team" is taken up by "they"); nouns
//     listed in discards.txt stand for no actor, and a sentence with a discarded phrase (sport, entertainment) codes nothing, nor does talk in the
//     first or second person outside quotes (interviews); a capitalised event noun ("the Vietnam
//     War") is a name; a headline participle without auxiliary is a passive;
// A sentence whose tree is broken (head out of range, cycle, unparsed) is reported
// through on_error and skipped. Sentences over max_tokens are skipped the same way.
//
// Thread-safety: a Coder is immutable and may be shared; each thread passes its own
// CoderScratch. The Coder does not own the dictionaries it points to.
#ifndef KHALDUN_EVENTS_CODER_H_
#define KHALDUN_EVENTS_CODER_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "actors/dictionary.h"
#include "events/cameo.h"
#include "events/patterns.h"
#include "khaldun/document.h"
#include "khaldun/event.h"
#include "khaldun/status.h"

namespace khaldun {

struct CoderOptions {
  // Emit events whose CAMEO code has no PLOVER type (01x public statements). Default off.
  bool code_statements = false;
  // Emit negated events (flagged negated=true). When false they are dropped.
  bool keep_negated = true;
  // Sentences with more tokens are reported and skipped.
  int max_tokens = 400;
};

struct CoderScratch;  // per-thread working memory (defined in coder.cc)
struct CoderScratchDeleter {
  void operator()(CoderScratch* s) const;
};
std::unique_ptr<CoderScratch, CoderScratchDeleter> NewCoderScratch();

class Coder {
 public:
  // REQUIRES: the three tables outlive the Coder.
  Coder(const ActorDictionary* actors, const PatternSet* patterns, const CameoTable* cameo,
        CoderOptions options = {})
      : actors_(actors), patterns_(patterns), cameo_(cameo), options_(options) {}

  // Codes all sentences of `doc` (tokens with lemma, upos, head, deprel) and appends
  // the events to *out. The date for people's roles is doc.date.
  void CodeDocument(const Document& doc, CoderScratch* scratch, std::vector<Event>* out,
                    const std::function<void(const Status&)>& on_error) const;

  // After the events have their own dates (ResolveEventDates): a person coded by a role
  // at the document date is re-coded by the role held at the event's date ("rejected by
  // Prime Minister X in 2021" is GBRGOV though X is out of office when the article
  // appears). Actors composed from a person and other words are left alone.
  void RedateActors(const Document& doc, std::vector<Event>* events) const;

 private:
  friend struct CoderImpl;
  const ActorDictionary* actors_;
  const PatternSet* patterns_;
  const CameoTable* cameo_;
  CoderOptions options_;
};

// The project's coding resources, loaded together.
struct CoderResources {
  std::unique_ptr<ActorDictionary> actors;
  std::unique_ptr<CameoTable> cameo;
  std::unique_ptr<PatternSet> patterns;

  // Loads DICT_DIR/{countries,actors,people,agents,verbs}.txt (and discards.txt when
  // present) and CAMEO_PATH.
  // Malformed dictionary lines are reported (strict: refused).
  static StatusOr<CoderResources> Load(const std::string& dict_dir,
                                       const std::string& cameo_path, bool strict,
                                       const std::function<void(const Status&)>& on_error);
};

}  // namespace khaldun

#endif  // KHALDUN_EVENTS_CODER_H_
