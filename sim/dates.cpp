#include "sim/dates.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>

namespace smugglesim {

std::optional<std::chrono::year_month_day> parse_iso_date(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    auto num = [&](std::size_t pos, std::size_t len) -> std::optional<int> {
        const char* b = s.data() + pos;
        const char* e = b + len;
        if (!std::all_of(b, e, [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
        int v = 0;
        auto [p, ec] = std::from_chars(b, e, v);
        if (ec != std::errc() || p != e) return std::nullopt;
        return v;
    };
    const auto y = num(0, 4), m = num(5, 2), d = num(8, 2);
    if (!y || !m || !d) return std::nullopt;
    const std::chrono::year_month_day ymd{std::chrono::year{*y}, std::chrono::month{static_cast<unsigned>(*m)},
                                          std::chrono::day{static_cast<unsigned>(*d)}};
    if (!ymd.ok()) return std::nullopt;
    return ymd;
}

std::string format_iso_date(const std::chrono::year_month_day& ymd) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
    return buf;
}

}  // namespace smugglesim
