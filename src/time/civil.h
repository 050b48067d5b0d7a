// Proleptic Gregorian calendar arithmetic on day numbers.
//
// A day number counts days since 1970-01-01 (negative before). Conversions use Howard
// Hinnant's days_from_civil algorithm, exact for every year in [-32768, 32767].
// Thread-safe: pure functions.
#ifndef KHALDUN_TIME_CIVIL_H_
#define KHALDUN_TIME_CIVIL_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace khaldun {

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  bool operator==(const CivilDate&) const = default;
};

bool IsLeapYear(int year);
// REQUIRES: 1 <= month <= 12.
int DaysInMonth(int year, int month);
// True when the triple names a real calendar day (e.g. 2023-02-29 is not).
bool IsValidCivil(int year, int month, int day);

int64_t DaysFromCivil(int year, int month, int day);
CivilDate CivilFromDays(int64_t days);
// 0 = Monday ... 6 = Sunday (ISO order).
int Weekday(int64_t days);

// Parses exactly "YYYY-MM-DD" (a real calendar day, year 1000..9999).
bool ParseIsoDate(std::string_view s, int64_t* days);
// "YYYY-MM-DD" (years outside 0..9999 are clamped to that range).
std::string FormatIsoDate(int64_t days);

}  // namespace khaldun

#endif  // KHALDUN_TIME_CIVIL_H_
