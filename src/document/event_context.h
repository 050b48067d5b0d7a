// The text around an event that dates and places are looked for in.
//
// EventContextOf returns the event's sentence and a bounded "paragraph": the sentences
// of the same paragraph at most two before and one after (pages whose lines are not
// blank-line separated would otherwise make one huge paragraph). Without sentences it
// falls back to the event's sentence (or trigger) span and the line around it.
// Pure function; thread-safe.
#ifndef KHALDUN_DOCUMENT_EVENT_CONTEXT_H_
#define KHALDUN_DOCUMENT_EVENT_CONTEXT_H_

#include "khaldun/document.h"
#include "khaldun/event.h"

namespace khaldun {

struct EventContext {
  Span sentence;
  Span paragraph;
};

EventContext EventContextOf(const Document& doc, const Event& ev);

}  // namespace khaldun

#endif  // KHALDUN_DOCUMENT_EVENT_CONTEXT_H_
