#pragma once
// Number and date formatting for labels, tooltips and chart axes.
#include <cstdint>
#include <optional>
#include <string>

namespace smugglesim::viewer::gui {

// 1234567 -> "1 234 567" (a space every three digits, as in the README's tables).
std::string fmt_count(double v);
// Axis labels: 0, 500, 1.5k, 20k, 1.2M.
std::string fmt_short(double v);
// A signed count: "+1 234", "-56", "0".
std::string fmt_signed(double v);
// "EUR 1 234 567".
std::string fmt_eur(double v);
// A probability as a percentage with sensible digits: 0.0009 -> "0.09 %".
std::string fmt_percent(double p);

// Calendar dates of simulated days: day 0 is the scenario's start date.
class Calendar {
public:
    Calendar() = default;
    explicit Calendar(const std::string& iso_start);  // "YYYY-MM-DD"; anything else: days only
    bool valid() const { return days_since_epoch_.has_value(); }
    std::string iso(int day) const;    // "2015-03-14" (or "day 72")
    std::string human(int day) const;  // "14 Mar 2015" (or "day 72")
    std::string short_label(int day) const;  // axis tick: "Mar" / "14 Mar" / "d 72"
    int day_of_month(int day) const;   // 1..31, or 0 without a date

private:
    std::optional<long> days_since_epoch_;
};

}  // namespace smugglesim::viewer::gui
