#include "viewer/gui/format.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>

#include <fmt/format.h>

#include "sim/dates.hpp"

namespace smugglesim::viewer::gui {

namespace {
constexpr const char* kMonths[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::chrono::year_month_day ymd_of(long days_since_epoch) {
    return std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{days_since_epoch}}};
}
}  // namespace

std::string fmt_count(double v) {
    if (!std::isfinite(v)) return "-";
    const bool neg = v < 0;
    const auto n = static_cast<unsigned long long>(std::llround(std::fabs(v)));
    std::string digits = std::to_string(n);
    std::string out;
    out.reserve(digits.size() + digits.size() / 3 + 1);
    const std::size_t lead = digits.size() % 3;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i != 0 && (i + 3 - lead) % 3 == 0) out.push_back(' ');
        out.push_back(digits[i]);
    }
    return neg && n != 0 ? "-" + out : out;
}

std::string fmt_short(double v) {
    const double a = std::fabs(v);
    auto trim = [](std::string s) {
        if (s.find('.') != std::string::npos) {
            while (!s.empty() && s.back() == '0') s.pop_back();
            if (!s.empty() && s.back() == '.') s.pop_back();
        }
        return s;
    };
    if (a >= 1e9) return trim(fmt::format("{:.2f}", v / 1e9)) + "G";
    if (a >= 1e6) return trim(fmt::format("{:.2f}", v / 1e6)) + "M";
    if (a >= 1e4) return trim(fmt::format("{:.1f}", v / 1e3)) + "k";
    if (a >= 1e3) return trim(fmt::format("{:.2f}", v / 1e3)) + "k";
    if (a >= 10 || a == 0) return fmt::format("{:.0f}", v);
    return trim(fmt::format("{:.2f}", v));
}

std::string fmt_signed(double v) {
    const std::string s = fmt_count(v);
    if (s == "0" || s == "-") return s;
    return v > 0 ? "+" + s : s;
}

std::string fmt_eur(double v) { return "EUR " + fmt_count(v); }

std::string fmt_percent(double p) {
    const double pc = p * 100.0;
    if (pc == 0) return "0 %";
    if (pc >= 10) return fmt::format("{:.1f} %", pc);
    if (pc >= 1) return fmt::format("{:.2f} %", pc);
    if (pc >= 0.1) return fmt::format("{:.2f} %", pc);
    return fmt::format("{:.3f} %", pc);
}

Calendar::Calendar(const std::string& iso_start) {
    const auto ymd = parse_iso_date(iso_start);
    if (!ymd) return;
    days_since_epoch_ = std::chrono::sys_days{*ymd}.time_since_epoch().count();
}

std::string Calendar::iso(int day) const {
    if (!valid()) return fmt::format("day {}", day);
    return format_iso_date(ymd_of(*days_since_epoch_ + day));
}

std::string Calendar::human(int day) const {
    if (!valid()) return fmt::format("day {}", day);
    const auto ymd = ymd_of(*days_since_epoch_ + day);
    return fmt::format("{} {} {}", static_cast<unsigned>(ymd.day()), kMonths[static_cast<unsigned>(ymd.month()) - 1],
                       static_cast<int>(ymd.year()));
}

std::string Calendar::short_label(int day) const {
    if (!valid()) return fmt::format("d{}", day);
    const auto ymd = ymd_of(*days_since_epoch_ + day);
    const unsigned dm = static_cast<unsigned>(ymd.day());
    const char* mon = kMonths[static_cast<unsigned>(ymd.month()) - 1];
    if (dm == 1) return mon;
    return fmt::format("{} {}", dm, mon);
}

int Calendar::day_of_month(int day) const {
    if (!valid()) return 0;
    return static_cast<int>(static_cast<unsigned>(ymd_of(*days_since_epoch_ + day).day()));
}

}  // namespace smugglesim::viewer::gui
