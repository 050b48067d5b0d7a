// Day numbers (days since 1970-01-01) as ISO text and weekdays; the calendar
// arithmetic itself is in base/civil.h.
// Thread-safe: pure functions.
#ifndef KHALDUN_TIME_CIVIL_H_
#define KHALDUN_TIME_CIVIL_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "base/civil.h"  // CivilDate, IsValidCivil, DaysFromCivil, CivilFromDays, ...

namespace khaldun {

// 0 = Monday ... 6 = Sunday (ISO order).
int Weekday(int64_t days);

// Parses exactly "YYYY-MM-DD" (a real calendar day, year 1000..9999).
bool ParseIsoDate(std::string_view s, int64_t* days);
// "YYYY-MM-DD" (years outside 0..9999 are clamped to that range).
std::string FormatIsoDate(int64_t days);

}  // namespace khaldun

#endif  // KHALDUN_TIME_CIVIL_H_
