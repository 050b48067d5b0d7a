// Proleptic Gregorian calendar arithmetic on day numbers, shared by the time stage
// (event dates) and the store (date keys).
//
// A day number counts days since 1970-01-01 (negative before). Conversions use Howard
// Hinnant's days_from_civil algorithm, exact for every year in [-32768, 32767]. All
// functions are constexpr and pure (thread-safe).
#ifndef KHALDUN_BASE_CIVIL_H_
#define KHALDUN_BASE_CIVIL_H_

#include <cstdint>
#include <string_view>

namespace khaldun {

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  bool operator==(const CivilDate&) const = default;
};

constexpr bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// REQUIRES: 1 <= month <= 12.
constexpr int DaysInMonth(int y, int m) {
  constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && IsLeapYear(y)) return 29;
  return kDays[(m - 1) % 12];
}

// True when the triple names a real calendar day (e.g. 2023-02-29 is not).
constexpr bool IsValidCivil(int y, int m, int d) {
  return m >= 1 && m <= 12 && d >= 1 && d <= DaysInMonth(y, m);
}

constexpr int64_t DaysFromCivil(int y, int m, int d) {
  const int64_t yy = static_cast<int64_t>(y) - (m <= 2 ? 1 : 0);
  const int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
  const int64_t yoe = yy - era * 400;                         // [0, 399]
  const int64_t mp = m > 2 ? m - 3 : m + 9;                   // [0, 11]
  const int64_t doy = (153 * mp + 2) / 5 + d - 1;             // [0, 365]
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;  // [0, 146096]
  return era * 146097 + doe - 719468;
}

constexpr CivilDate CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  CivilDate c;
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = static_cast<int>(yoe + era * 400 + (c.month <= 2 ? 1 : 0));
  return c;
}

// Parses exactly "YYYY-MM-DD" naming a real calendar day (any year 0000..9999).
constexpr bool ParseCivil(std::string_view s, CivilDate* out) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  int v[3] = {0, 0, 0};
  constexpr int kPos[3][2] = {{0, 4}, {5, 2}, {8, 2}};
  for (int k = 0; k < 3; ++k)
    for (int i = 0; i < kPos[k][1]; ++i) {
      const char c = s[kPos[k][0] + i];
      if (c < '0' || c > '9') return false;
      v[k] = v[k] * 10 + (c - '0');
    }
  if (!IsValidCivil(v[0], v[1], v[2])) return false;
  *out = CivilDate{v[0], v[1], v[2]};
  return true;
}

}  // namespace khaldun

#endif  // KHALDUN_BASE_CIVIL_H_
