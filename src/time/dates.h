// Date expressions in news text, and the dates of events.
//
// FindDateExpressions scans a range of a document for the ways English news says
// when something happened -- full dates ("Jan. 18, 2024", "18 January 2024",
// "2024-01-18", "Tuesday, September 1, 2015"), partial dates ("on Jan. 3", "3 January"),
// weekdays ("on Tuesday", "Thursday's strikes", "late on Wednesday", "last Friday"),
// deictic words ("yesterday", "today", "overnight", "last night"), weeks, months and
// years ("this week", "last month", "earlier this month", "in October", "in 2020"),
// counted offsets from the publication date ("three days ago"), offsets from the
// previous dated event ("two days later", "the next day") and offsets from a day named
// in the clause that follows ("two days after Tuesday's strike", "a day after the
// Jan. 3 bombing") -- and resolves each against the publication date. Tense decides the direction of bare weekdays and months: "on
// Tuesday" is the most recent Tuesday on or before publication unless the clause is
// future ("will meet on Tuesday").
//
// FindPublicationDate recovers the publication date from a dateline at the top of the
// text or from photo captions ("..., January 17, 2024."). A caption date is a lower
// bound only (photos are often a day older than the story), so when the article speaks
// of the following weekday in the past tense the date moves forward by that one day.
//
// ResolveEventDates gives every event the date it happened (Event::date, date_basis,
// date_span), from the expression nearest its trigger in its sentence, refined or
// supplied by its paragraph, falling back to the publication date. An event said to
// happen "two days after <clause>" takes the clause's day plus two, or, when the
// clause names no day, the publication date (not a date borrowed from elsewhere in
// the paragraph); an event inside such a clause is dated by the clause. With a parse,
// an expression inside an adverbial clause opened by after/before/since/because/
// until/once/as dates only that clause's events ("supported the plan, after the
// agency recommended it two years ago"), and one standing before a noun dates that
// noun and its clause, not an event that has the noun as object ("condemned a deadly
// Jan. 3 bombing").
//
// Thread-safety: pure functions over const inputs. Resource use is linear in the range
// scanned; no recursion.
#ifndef KHALDUN_TIME_DATES_H_
#define KHALDUN_TIME_DATES_H_

#include <string>
#include <string_view>
#include <vector>

#include "khaldun/document.h"
#include "khaldun/event.h"

namespace khaldun {

enum class DateGranularity { kDay, kWeek, kMonth, kYear };
const char* DateGranularityName(DateGranularity g);  // "day", "week", "month", "year"

struct DateExpr {
  Span span;                // the temporal words ("late on Wednesday"), without "on"/"in"
  std::string date;         // representative day YYYY-MM-DD; empty when unresolved
  std::string range_begin;  // first and last day the expression may mean (== date for
  std::string range_end;    // day granularity); empty when unresolved
  // kExplicit: the text names the calendar date, month or year ("Jan. 3", "in 2020";
  // the year of a partial date may be inferred); kRelative: computed from the
  // publication date or from the previous dated expression.
  DateBasis basis = DateBasis::kUnknown;
  DateGranularity granularity = DateGranularity::kDay;
  bool attributive = false;  // "Thursday's strikes": dates the noun after it only
  bool anchored = false;     // "two days later": counted from the previous dated day
  int offset_days = 0;       // the count of an anchored expression (+2, -1, ...)
  // "two days after <clause>": the clause names the day counted from. clause covers
  // the words after "after"/"before" up to the first clause break (at most ten words);
  // clause_date is the day-level expression in it that the date was counted from
  // ("two days after Tuesday's strike" -> "Tuesday's"), empty when the clause holds
  // none (the date then stays unresolved).
  bool counts_from_clause = false;
  Span clause;
  Span clause_date;
  bool future = false;       // resolved forward from the publication date
};

// Finds date expressions whose words lie in `range` of doc.text, in text order, and
// resolves them against `pub_date` (YYYY-MM-DD; empty or invalid = unknown, in which
// case only expressions that name their year are resolved). Anchored expressions are
// resolved from the nearest preceding day-level expression in the range, else from the
// publication date. Uses xpos tags of doc.sentences when present (MD "will" vs VBD),
// plain words otherwise.
std::vector<DateExpr> FindDateExpressions(const Document& doc, Span range,
                                          std::string_view pub_date);

// Publication date from metadata-free text: dateline, then captions. "" when none.
std::string FindPublicationDateInText(std::string_view text);
// doc.date when it is a valid YYYY-MM-DD, else FindPublicationDateInText(doc.text).
std::string FindPublicationDate(const Document& doc);

// Sets Event::date, date_basis and date_span for each event. The publication date is
// FindPublicationDate(doc). Events need sentence_index (and trigger_span when known;
// sentence_span is used when the document has no sentences). Events whose date cannot
// be resolved at all get date "" and DateBasis::kUnknown.
void ResolveEventDates(const Document& doc, std::vector<Event>* events);

}  // namespace khaldun

#endif  // KHALDUN_TIME_DATES_H_
