#pragma once
// Pinned inspectors: one window per clicked place or leg, with its time series
// as mini charts (one line per run that has it, found by id so that runs of
// different networks work too). Closable; several may be open.
#include <imgui.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "viewer/gui/format.hpp"
#include "viewer/gui/runs.hpp"
#include "viewer/gui/style.hpp"

namespace smugglesim::viewer::gui {

class Inspectors {
public:
    enum class Kind { Place, Leg };

    // Pins an item (or brings its window to the front if already pinned).
    void pin(Kind kind, const std::string& id, ImVec2 near);
    bool empty() const { return items_.empty(); }
    // Draws the windows. Returns a day chosen in a chart, if any.
    std::optional<int> draw(const std::vector<Run>& runs, int day, int days, const Calendar& cal, const Fonts& fonts);

private:
    struct Series {
        std::uint64_t generation = 0;   // of the run data the values were computed from
        const RunData* data = nullptr;
        std::size_t index = 0;          // of the item in that run's network
        bool found = false;
        std::vector<std::vector<double>> values;  // per chart
    };
    struct Item {
        Kind kind;
        std::string id;
        int uid = 0;
        bool open = true;
        bool focus = true;
        ImVec2 pos;
        std::vector<Series> per_run;
    };
    static void refresh(Item& item, const std::vector<Run>& runs);
    std::vector<Item> items_;
    int next_uid_ = 1;
};

}  // namespace smugglesim::viewer::gui
