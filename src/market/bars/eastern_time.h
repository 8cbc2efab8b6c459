// The instant a NASDAQ trading day starts: ITCH timestamps count nanoseconds from midnight in New
// York (US Eastern time), while the store keeps UTC (store/records.h). This gives the UTC epoch of
// that midnight, so that UTC = eastern_midnight_utc_ms(day) * 1e6 + ITCH timestamp.
//
// The US rule, which is all a NASDAQ day needs (GCC 12's library has no time-zone database):
// Eastern Standard Time is UTC-5; Daylight Time, UTC-4, runs from the second Sunday of March to
// the first Sunday of November since 2007, and from the first Sunday of April to the last Sunday
// of October from 1987 to 2006 (earlier years are given the 1987 rule). Both changes happen on a
// Sunday at 02:00, when nothing trades, so a trading day has one offset: the day's offset at noon.
// Pure functions.
#pragma once

#include <chrono>
#include <cstdint>

namespace sp::market::bars {

// Whether New York is on daylight time at noon of `day`.
inline bool new_york_daylight_time(std::chrono::year_month_day day) {
  using namespace std::chrono;
  const sys_days d{day};
  const year y = day.year();
  sys_days start, end;
  if (y >= year{2007}) {
    start = sys_days{y / March / Sunday[2]};
    end = sys_days{y / November / Sunday[1]};
  } else {
    start = sys_days{y / April / Sunday[1]};
    end = sys_days{y / October / Sunday[last]};
  }
  return d >= start && d < end;
}

// UTC epoch milliseconds of midnight in New York on the day that starts at UTC epoch
// milliseconds `utc_midnight_ms` (a whole number of days).
inline std::int64_t eastern_midnight_utc_ms(std::int64_t utc_midnight_ms) {
  using namespace std::chrono;
  const sys_days d{floor<days>(milliseconds{utc_midnight_ms})};
  const std::int64_t offset_hours = new_york_daylight_time(year_month_day{d}) ? 4 : 5;
  return utc_midnight_ms + offset_hours * 3'600'000;
}

}  // namespace sp::market::bars
