#pragma once
// Time-series line charts drawn with ImGui's own draw lists: axes with tick
// labels (months when the run has a start date), one line per run, a marker
// at the current day, a hover read-out; click or drag to choose the day.
#include <imgui.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "viewer/gui/format.hpp"
#include "viewer/gui/style.hpp"

namespace smugglesim::viewer::gui {

struct ChartLine {
    std::string_view label;
    ImU32 colour = 0;
    std::span<const double> values;  // one per day from day 0
    ImU32 negative_colour = 0;       // if set: parts below zero in this colour (differences)
};

enum class ValueKind { Count, SignedCount, Eur };

struct ChartOptions {
    int days = 0;                      // x axis covers days [0, days)
    int current_day = -1;              // vertical marker (< 0: none)
    const Calendar* calendar = nullptr;
    ValueKind kind = ValueKind::Count;
    bool compact = false;              // mini chart: smaller title, fewer ticks
    const char* subtitle = nullptr;    // dim text after the title
};

// Draws a chart of `size` (title included) at the cursor. Returns the day the
// user clicked or dragged to, if any.
std::optional<int> line_chart(const char* id, const char* title, ImVec2 size, std::span<const ChartLine> lines,
                              const ChartOptions& opt, const Fonts& fonts);

// A small filled colour square in text lines (legends, tooltips).
void colour_swatch(ImU32 colour, float size = 0.0f);

std::string format_value(double v, ValueKind kind);

}  // namespace smugglesim::viewer::gui
