#pragma once
// The one ISO date parser: strict "YYYY-MM-DD" (four-digit year, two-digit
// month and day, a real calendar date, proleptic Gregorian). Used by the
// scenario (start_date, intervention dates), the results writer (/time/date,
// CF units) and the viewer's calendar, so they never disagree.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace smugglesim {

std::optional<std::chrono::year_month_day> parse_iso_date(std::string_view s);
std::string format_iso_date(const std::chrono::year_month_day& ymd);
// Days from `from` to `to` (negative if `to` is earlier).
inline int days_between(const std::chrono::year_month_day& from, const std::chrono::year_month_day& to) {
    return static_cast<int>((std::chrono::sys_days{to} - std::chrono::sys_days{from}).count());
}
// The date `days` days after `start`.
inline std::chrono::year_month_day add_days(const std::chrono::year_month_day& start, int days) {
    return std::chrono::year_month_day{std::chrono::sys_days{start} + std::chrono::days{days}};
}

}  // namespace smugglesim
