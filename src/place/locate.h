// Where events happened: place mentions in text, resolved against the gazetteer.
//
// FindPlaceMentions scans text for capitalised names (up to six words, with "and",
// "of", "al-" inside: "Sistan and Baluchestan", "Gilgit-Baltistan") that the
// gazetteer knows, and for country adjectives before a place noun ("near the Syrian
// border", "on Iranian soil"). A mention is locative when a preposition introduces it
// ("in", "near", "at", "outside", "inside", "into", "across", ...; skipping modifiers
// as in "in western Pakistan"), when a place noun governs it ("the province of
// Balochistan", "the southeastern city of Kerman"), or when a place noun follows it
// ("Balochistan province", "Syrian border"). Ambiguous names are resolved by the
// article's country context (countries named in the document and the events' actor
// countries), by regions named in the document, by the place noun ("city of" prefers
// cities, "province of" regions) and then by population: Paris is Paris, France,
// unless the article is about Texas.
//
// LocateEvents sets Event::location from the locative mention nearest the event's
// trigger in its sentence (a more specific one beside it wins: "in Pakistan's
// southwestern province of Balochistan" -> Balochistan), then from its paragraph,
// then falls back to the target actor's country (basis "target_country"); else
// basis "none" and valid = false.
//
// Thread-safety: pure functions over a const Gazetteer (share one across threads).
// Cost: one pass over the text per document plus a hash lookup per capitalised word.
#ifndef KHALDUN_PLACE_LOCATE_H_
#define KHALDUN_PLACE_LOCATE_H_

#include <cstdint>
#include <vector>

#include "khaldun/document.h"
#include "khaldun/event.h"
#include "place/gazetteer.h"

namespace khaldun {

enum class PlaceCue : uint8_t { kNone, kPreposition, kCityNoun, kRegionNoun, kFollowingNoun };

struct PlaceMention {
  Span span;                                 // the name (or adjective) in Document::text
  uint32_t place = gazetteer_format::kNone;  // chosen gazetteer id
  PlaceCue cue = PlaceCue::kNone;
  bool adjective = false;  // "Syrian border"
  bool locative() const { return cue != PlaceCue::kNone; }
};

// Country ISO2 codes the text is about, weighted; built from a document's mentions
// and its events' actors.
struct CountryContext {
  std::vector<std::pair<std::string, double>> weights;  // ISO2 -> weight
  std::vector<uint32_t> regions;                        // region ids named in the document
  double Share(std::string_view iso2) const;            // weight / max weight, 0..1
};

// Mentions in `range` of doc.text, in text order, resolved with `context`.
std::vector<PlaceMention> FindPlaceMentions(const Document& doc, Span range, const Gazetteer& gaz,
                                            const CountryContext& context);

// The country context of a document (mentions of countries and unambiguous places,
// plus the events' source and target countries; `events` may be null).
CountryContext BuildCountryContext(const Document& doc, const Gazetteer& gaz,
                                   const std::vector<Event>* events);

// Sets Event::location for each event (see the file comment).
void LocateEvents(const Document& doc, const Gazetteer& gaz, std::vector<Event>* events);

}  // namespace khaldun

#endif  // KHALDUN_PLACE_LOCATE_H_
