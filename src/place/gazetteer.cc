#include "place/gazetteer.h"

#include <algorithm>
#include <cstring>

#include "base/file.h"
#include "place/fold.h"

namespace khaldun {

using gazetteer_format::Header;
using gazetteer_format::kNone;
using gazetteer_format::NameEntry;
using gazetteer_format::Record;

const char* PlaceKindName(PlaceKind k) {
  switch (k) {
    case PlaceKind::kCity:
      return "city";
    case PlaceKind::kAdmin1:
      return "admin1";
    case PlaceKind::kCountry:
      return "country";
  }
  return "city";
}

StatusOr<std::unique_ptr<Gazetteer>> Gazetteer::Load(const std::string& path) {
  auto bytes = ReadFile(path, size_t{1} << 31);
  if (!bytes.ok()) return bytes.status();
  auto g = FromBytes(std::move(bytes).value());
  if (!g.ok()) return Status(g.status().code(), path + ": " + g.status().message());
  return g;
}

StatusOr<std::unique_ptr<Gazetteer>> Gazetteer::FromBytes(std::string bytes) {
  std::unique_ptr<Gazetteer> g(new Gazetteer());
  g->data_ = std::move(bytes);
  KHALDUN_RETURN_IF_ERROR(g->Init());
  return g;
}

Status Gazetteer::Init() {
  if (data_.size() < sizeof(Header)) return CorruptionError("gazetteer: file too short");
  Header h;
  std::memcpy(&h, data_.data(), sizeof(h));
  if (std::memcmp(h.magic, gazetteer_format::kMagic, 8) != 0)
    return CorruptionError("gazetteer: bad magic (not a khaldun gazetteer)");
  if (h.version != gazetteer_format::kVersion)
    return CorruptionError("gazetteer: version " + std::to_string(h.version) + ", expected " +
                           std::to_string(gazetteer_format::kVersion) + " (rebuild it)");
  if (h.n_slots == 0 || (h.n_slots & (h.n_slots - 1)) != 0)
    return CorruptionError("gazetteer: slot count is not a power of two");
  uint64_t need = sizeof(Header) + uint64_t{h.n_records} * sizeof(Record) +
                  uint64_t{h.n_names} * sizeof(NameEntry) + uint64_t{h.n_slots} * 4 +
                  uint64_t{h.n_candidates} * 4 + h.pool_size;
  if (need != data_.size())
    return CorruptionError("gazetteer: size " + std::to_string(data_.size()) +
                           " does not match header (" + std::to_string(need) + ")");
  if (h.pool_size == 0 || data_.back() != '\0')
    return CorruptionError("gazetteer: string pool not terminated");
  const char* p = data_.data() + sizeof(Header);
  records_ = reinterpret_cast<const Record*>(p);
  p += size_t{h.n_records} * sizeof(Record);
  names_ = reinterpret_cast<const NameEntry*>(p);
  p += size_t{h.n_names} * sizeof(NameEntry);
  slots_ = reinterpret_cast<const uint32_t*>(p);
  p += size_t{h.n_slots} * 4;
  candidates_ = reinterpret_cast<const uint32_t*>(p);
  p += size_t{h.n_candidates} * 4;
  pool_ = p;
  n_records_ = h.n_records, n_slots_ = h.n_slots, n_candidates_ = h.n_candidates;
  pool_size_ = h.pool_size, n_names_ = h.n_names;

  // Bounds checks, so lookups never read outside the file.
  for (uint32_t i = 0; i < n_records_; ++i) {
    const Record& r = records_[i];
    if (r.name >= pool_size_ || (r.admin1 != kNone && r.admin1 >= n_records_) || r.kind > 2)
      return CorruptionError("gazetteer: record " + std::to_string(i) + " out of range");
  }
  for (uint32_t i = 0; i < n_names_; ++i) {
    const NameEntry& e = names_[i];
    if (e.key >= pool_size_ || e.first > n_candidates_ || e.count == 0 ||
        e.count > n_candidates_ - e.first)
      return CorruptionError("gazetteer: name " + std::to_string(i) + " out of range");
  }
  uint32_t used = 0;
  for (uint32_t i = 0; i < n_slots_; ++i) {
    if (slots_[i] > n_names_)
      return CorruptionError("gazetteer: slot " + std::to_string(i) + " out of range");
    used += slots_[i] != 0;
  }
  if (used == n_slots_) return CorruptionError("gazetteer: hash table has no empty slot");
  for (uint32_t i = 0; i < n_candidates_; ++i)
    if (candidates_[i] >= n_records_)
      return CorruptionError("gazetteer: candidate " + std::to_string(i) + " out of range");

  by_iso2_.assign(26 * 26, kNone);
  for (uint32_t i = 0; i < n_records_; ++i) {
    const Record& r = records_[i];
    if (r.kind != static_cast<uint8_t>(PlaceKind::kCountry)) continue;
    char a = r.country[0], b = r.country[1];
    if (a >= 'A' && a <= 'Z' && b >= 'A' && b <= 'Z') by_iso2_[(a - 'A') * 26 + (b - 'A')] = i;
    if (r.cameo[0]) {
      uint32_t code = (uint32_t(uint8_t(r.cameo[0])) << 16) | (uint32_t(uint8_t(r.cameo[1])) << 8) |
                      uint8_t(r.cameo[2]);
      by_cameo_.emplace_back(code, i);
    }
  }
  std::sort(by_cameo_.begin(), by_cameo_.end());
  return Status::Ok();
}

std::span<const uint32_t> Gazetteer::LookupFolded(std::string_view key) const {
  if (key.empty() || n_slots_ == 0) return {};
  const uint32_t mask = n_slots_ - 1;
  // Init() guarantees an empty slot, so the probe ends.
  for (uint32_t i = static_cast<uint32_t>(HashFolded(key)) & mask;; i = (i + 1) & mask) {
    uint32_t s = slots_[i];
    if (s == 0) return {};
    const NameEntry& e = names_[s - 1];
    const char* k = pool_ + e.key;
    size_t room = pool_size_ - e.key;
    if (key.size() < room && std::memcmp(k, key.data(), key.size()) == 0 && k[key.size()] == '\0')
      return {candidates_ + e.first, e.count};
  }
}

std::span<const uint32_t> Gazetteer::Lookup(std::string_view name) const {
  std::string key;
  FoldName(name, &key);
  return LookupFolded(key);
}

std::span<const uint32_t> Gazetteer::LookupAdjective(std::string_view word) const {
  std::string key = "~";
  std::string folded;
  FoldName(word, &folded);
  if (folded.empty()) return {};
  key += folded;
  return LookupFolded(key);
}

std::span<const uint32_t> Gazetteer::LookupAlternateFolded(std::string_view folded) const {
  if (folded.empty()) return {};
  std::string key = "=";
  key += folded;
  return LookupFolded(key);
}

Place Gazetteer::Get(uint32_t id) const {
  const Record& r = records_[id];
  Place p;
  p.id = id;
  p.name = pool_ + r.name;
  p.country = std::string_view(r.country, r.country[1] ? 2 : (r.country[0] ? 1 : 0));
  p.kind = static_cast<PlaceKind>(r.kind);
  p.lat = r.lat;
  p.lon = r.lon;
  p.population = r.population;
  p.rank = r.rank;
  p.flags = r.flags;
  p.admin1_id = r.admin1;
  p.cameo = std::string_view(r.cameo, strnlen(r.cameo, 4));
  if (p.kind == PlaceKind::kAdmin1) {
    p.admin1 = p.name;
  } else if (r.admin1 != kNone) {
    p.admin1 = pool_ + records_[r.admin1].name;
  }
  return p;
}

uint32_t Gazetteer::CountryByIso2(std::string_view iso2) const {
  if (iso2.size() != 2) return kNone;
  char a = iso2[0] & ~0x20, b = iso2[1] & ~0x20;
  if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z') return kNone;
  return by_iso2_[(a - 'A') * 26 + (b - 'A')];
}

uint32_t Gazetteer::CountryByCameo(std::string_view cameo) const {
  if (cameo.size() < 3) return kNone;
  uint32_t code =
      (uint32_t(uint8_t(cameo[0])) << 16) | (uint32_t(uint8_t(cameo[1])) << 8) | uint8_t(cameo[2]);
  auto it = std::lower_bound(by_cameo_.begin(), by_cameo_.end(), std::make_pair(code, 0u));
  if (it == by_cameo_.end() || it->first != code) return kNone;
  return it->second;
}

}  // namespace khaldun
