#include "events/event_json.h"

#include <cstdio>

#include <nlohmann/json.hpp>

namespace khaldun {
namespace {

using json = nlohmann::ordered_json;

uint64_t Fnv1a(uint64_t h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  h ^= 0xff;  // field separator, so ("ab","c") != ("a","bc")
  h *= 1099511628211ULL;
  return h;
}

json SpanJson(Span s) { return json::array({s.begin, s.end}); }

json OrigSpanJson(const Document& doc, Span s) {
  return json::array({doc.ToOriginal(s.begin), doc.ToOriginal(s.end)});
}

json ActorJson(const Actor& a, const Document* doc) {
  json j = {{"text", a.text},       {"code", a.code},     {"country", a.country},
            {"sector", a.sector},   {"span", SpanJson(a.span)}, {"pattern", a.pattern}};
  if (doc && !doc->origin.empty()) j["orig_span"] = OrigSpanJson(*doc, a.span);
  return j;
}

// Reads [b,e] into *s; false when `j` is not a two-number array.
bool ReadSpan(const json& j, Span* s) {
  if (!j.is_array() || j.size() != 2 || !j[0].is_number_unsigned() ||
      !j[1].is_number_unsigned())
    return false;
  s->begin = j[0].get<uint32_t>();
  s->end = j[1].get<uint32_t>();
  return true;
}

std::string Str(const json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

Status ReadActor(const json& j, Actor* a) {
  if (!j.is_object()) return InvalidArgumentError("actor is not an object");
  a->text = Str(j, "text");
  a->code = Str(j, "code");
  a->country = Str(j, "country");
  a->sector = Str(j, "sector");
  a->pattern = Str(j, "pattern");
  if (j.contains("span") && !ReadSpan(j["span"], &a->span))
    return InvalidArgumentError("actor span is not [begin,end]");
  return Status::Ok();
}

}  // namespace

std::string MakeEventId(const Event& e) {
  uint64_t h = 1469598103934665603ULL;
  h = Fnv1a(h, e.doc_id);
  h = Fnv1a(h, std::to_string(e.sentence_index));
  h = Fnv1a(h, std::to_string(e.trigger_span.begin) + ":" + std::to_string(e.trigger_span.end));
  h = Fnv1a(h, e.source.code);
  h = Fnv1a(h, e.has_target ? e.target.code : std::string());
  h = Fnv1a(h, e.cameo);
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::string EventToJson(const Event& e, const Document* doc) {
  json j;
  j["event_id"] = e.event_id.empty() ? MakeEventId(e) : e.event_id;
  j["doc_id"] = e.doc_id;
  j["story_id"] = e.story_id;
  j["sentence_index"] = e.sentence_index;
  j["date"] = e.date;
  j["date_basis"] = DateBasisName(e.date_basis);
  j["date_span"] = SpanJson(e.date_span);
  j["source"] = ActorJson(e.source, doc);
  j["target"] = e.has_target ? ActorJson(e.target, doc) : json(nullptr);
  j["cameo"] = e.cameo;
  j["cameo_root"] = e.cameo_root;
  j["plover"] = e.plover;
  j["plover_mode"] = e.plover_mode;
  j["goldstein"] = e.goldstein;
  j["quad_class"] = e.quad_class;
  j["negated"] = e.negated;
  j["modality"] = ModalityName(e.modality);
  json trig = {{"text", e.trigger_text}, {"span", SpanJson(e.trigger_span)}};
  if (doc && !doc->origin.empty()) trig["orig_span"] = OrigSpanJson(*doc, e.trigger_span);
  j["trigger"] = trig;
  j["sentence"] = doc ? std::string(doc->Text(e.sentence_span)) : std::string();
  j["sentence_span"] = SpanJson(e.sentence_span);
  j["pattern"] = e.pattern;
  if (e.location.valid) {
    const Location& l = e.location;
    j["location"] = {{"name", l.name},   {"country", l.country}, {"admin1", l.admin1},
                     {"lat", l.lat},     {"lon", l.lon},         {"basis", l.basis},
                     {"span", SpanJson(l.span)}};
  } else {
    j["location"] = nullptr;
  }
  // Invalid UTF-8 can only come from a caller bypassing ingest; replace, never throw.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

void AppendEventJson(const Event& e, const Document* doc, std::string* out) {
  out->append(EventToJson(e, doc));
  out->push_back('\n');
}

Modality ModalityFromName(std::string_view n) {
  for (Modality m : {Modality::kAsserted, Modality::kFuture, Modality::kConditional,
                     Modality::kIntended, Modality::kQuestion, Modality::kReported})
    if (n == ModalityName(m)) return m;
  return Modality::kAsserted;
}

DateBasis DateBasisFromName(std::string_view n) {
  for (DateBasis b : {DateBasis::kExplicit, DateBasis::kRelative, DateBasis::kPublication,
                      DateBasis::kUnknown})
    if (n == DateBasisName(b)) return b;
  return DateBasis::kUnknown;
}

StatusOr<Event> EventFromJson(std::string_view line) {
  json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return InvalidArgumentError("event JSON: not valid JSON");
  if (!j.is_object()) return InvalidArgumentError("event JSON: not an object");
  Event e;
  try {
    e.event_id = Str(j, "event_id");
    e.doc_id = Str(j, "doc_id");
    e.story_id = Str(j, "story_id");
    if (j.contains("sentence_index")) e.sentence_index = j["sentence_index"].get<int>();
    e.date = Str(j, "date");
    e.date_basis = DateBasisFromName(Str(j, "date_basis"));
    if (j.contains("date_span") && !ReadSpan(j["date_span"], &e.date_span))
      return InvalidArgumentError("event JSON: bad date_span");
    if (!j.contains("source")) return InvalidArgumentError("event JSON: no source");
    Status st = ReadActor(j["source"], &e.source);
    if (!st.ok()) return InvalidArgumentError("event JSON: source: " + st.message());
    if (j.contains("target") && !j["target"].is_null()) {
      st = ReadActor(j["target"], &e.target);
      if (!st.ok()) return InvalidArgumentError("event JSON: target: " + st.message());
      e.has_target = true;
    }
    e.cameo = Str(j, "cameo");
    e.cameo_root = Str(j, "cameo_root");
    e.plover = Str(j, "plover");
    e.plover_mode = Str(j, "plover_mode");
    if (j.contains("goldstein")) e.goldstein = j["goldstein"].get<double>();
    if (j.contains("quad_class")) e.quad_class = j["quad_class"].get<int>();
    if (j.contains("negated")) e.negated = j["negated"].get<bool>();
    e.modality = ModalityFromName(Str(j, "modality"));
    if (j.contains("trigger") && j["trigger"].is_object()) {
      const json& t = j["trigger"];
      e.trigger_text = Str(t, "text");
      if (t.contains("span") && !ReadSpan(t["span"], &e.trigger_span))
        return InvalidArgumentError("event JSON: bad trigger span");
    }
    if (j.contains("sentence_span") && !ReadSpan(j["sentence_span"], &e.sentence_span))
      return InvalidArgumentError("event JSON: bad sentence_span");
    e.pattern = Str(j, "pattern");
    if (j.contains("location") && j["location"].is_object()) {
      const json& l = j["location"];
      Location& loc = e.location;
      loc.name = Str(l, "name");
      loc.country = Str(l, "country");
      loc.admin1 = Str(l, "admin1");
      if (l.contains("lat")) loc.lat = l["lat"].get<double>();
      if (l.contains("lon")) loc.lon = l["lon"].get<double>();
      loc.basis = Str(l, "basis");
      if (l.contains("span") && !ReadSpan(l["span"], &loc.span))
        return InvalidArgumentError("event JSON: bad location span");
      loc.valid = true;
    }
  } catch (const json::exception& ex) {
    return InvalidArgumentError(std::string("event JSON: wrong field type: ") + ex.what());
  }
  return e;
}

}  // namespace khaldun
