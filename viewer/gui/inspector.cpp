#include "viewer/gui/inspector.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "viewer/gui/charts.hpp"

namespace smugglesim::viewer::gui {

namespace {

struct ChartDef {
    const char* title;
    ValueKind kind;
};
constexpr ChartDef kPlaceCharts[] = {{"Waiting (end of day)", ValueKind::Count},
                                     {"Generated that day", ValueKind::Count},
                                     {"Stranded that day", ValueKind::Count}};
constexpr ChartDef kLegCharts[] = {{"Boarded that day (flow)", ValueKind::Count},
                                   {"Queue (end of day)", ValueKind::Count},
                                   {"Dead and missing that day", ValueKind::Count},
                                   {"Intercepted that day", ValueKind::Count},
                                   {"Paid to smugglers that day", ValueKind::Eur}};


}  // namespace

void Inspectors::pin(Kind kind, const std::string& id, ImVec2 near) {
    for (Item& it : items_) {
        if (it.kind == kind && it.id == id) {
            it.focus = true;
            return;
        }
    }
    Item it{kind, id, next_uid_++, true, true, near, {}};
    items_.push_back(std::move(it));
}

void Inspectors::refresh(Item& item, const std::vector<Run>& runs) {
    item.per_run.resize(runs.size());
    for (std::size_t r = 0; r < runs.size(); ++r) {
        Series& s = item.per_run[r];
        const RunData* d = runs[r].data.get();
        if (s.generation == runs[r].generation && s.data == d) continue;
        s = Series{};
        s.generation = runs[r].generation;
        s.data = d;
        if (!d || !d->network) continue;
        const int days = runs[r].stats.days_done;
        if (item.kind == Kind::Place) {
            const auto idx = d->network->find_place(item.id);
            if (!idx) continue;
            s.found = true;
            s.index = *idx;
            s.values = {d->view(Dim::Place, "waiting").column(*idx, days),
                        d->view(Dim::Place, "generated").column(*idx, days),
                        d->view(Dim::Place, "stranded").column(*idx, days)};
        } else {
            const auto idx = d->network->find_leg(item.id);
            if (!idx) continue;
            s.found = true;
            s.index = *idx;
            auto dead = d->view(Dim::Leg, "dead").column(*idx, days);
            const auto missing = d->view(Dim::Leg, "missing").column(*idx, days);
            for (std::size_t i = 0; i < dead.size(); ++i) dead[i] += missing[i];
            const auto leg = [&](const char* name) { return d->view(Dim::Leg, name).column(*idx, days); };
            s.values = {leg("flow"), leg("queue"), std::move(dead), leg("intercepted"), leg("paid_eur")};
        }
    }
}

std::optional<int> Inspectors::draw(const std::vector<Run>& runs, int day, int days, const Calendar& cal,
                                    const Fonts& fonts) {
    std::optional<int> picked;
    for (Item& it : items_) {
        refresh(it, runs);
        // Name and facts from the first run that has the item.
        const RunData* ref = nullptr;
        std::size_t idx = 0;
        for (std::size_t r = 0; r < runs.size(); ++r)
            if (it.per_run[r].found) {
                ref = it.per_run[r].data;
                idx = it.per_run[r].index;
                break;
            }
        std::string title;
        if (ref && it.kind == Kind::Place) {
            title = "Place: " + ref->network->places()[idx].name;
        } else if (ref) {
            const Leg& l = ref->network->legs()[idx];
            title = "Leg: " + ref->network->places()[l.from].name + " \xe2\x86\x92 " + ref->network->places()[l.to].name;
        } else {
            title = (it.kind == Kind::Place ? "Place " : "Leg ") + it.id;
        }
        title += "###inspector" + std::to_string(it.uid);
        const float fs = ImGui::GetFontSize();
        ImGui::SetNextWindowPos(it.pos, ImGuiCond_Appearing);
        ImGui::SetNextWindowSize(ImVec2(fs * 28.0f, fs * (it.kind == Kind::Place ? 25.0f : 38.0f)), ImGuiCond_Appearing);
        ImGui::SetNextWindowSizeConstraints(ImVec2(fs * 16, fs * 12), ImVec2(FLT_MAX, FLT_MAX));
        if (it.focus) {
            ImGui::SetNextWindowFocus();
            it.focus = false;
        }
        if (!ImGui::Begin(title.c_str(), &it.open, ImGuiWindowFlags_NoSavedSettings)) {
            ImGui::End();
            continue;
        }
        if (!ref) {
            ImGui::TextDisabled("%s is not in any open run", it.id.c_str());
        } else if (it.kind == Kind::Place) {
            const Place& p = ref->network->places()[idx];
            ImGui::TextDisabled("%s  ·  %s  ·  %s", p.id.c_str(), p.country.c_str(), std::string(to_string(p.kind)).c_str());
        } else {
            const Leg& l = ref->network->legs()[idx];
            ImGui::TextDisabled("%s  ·  %s (%s)  ·  %.0f km  ·  %g days", l.id.c_str(), std::string(to_string(l.mode)).c_str(),
                                l.means.c_str(), l.length_km, l.base_days);
            ImGui::TextDisabled("base price %s  ·  capacity %s/day  ·  hazard %s", fmt_eur(l.price_eur).c_str(),
                                fmt_count(l.capacity_per_day).c_str(), fmt_percent(l.hazard * l.hazard_raster_factor).c_str());
        }
        // Legend of the runs that have it.
        for (std::size_t r = 0; r < runs.size(); ++r) {
            if (!it.per_run[r].found) continue;
            colour_swatch(runs[r].colour);
            ImGui::SameLine();
            ImGui::TextUnformatted(runs[r].label.c_str());
            ImGui::SameLine(0, fs * 1.2f);
        }
        ImGui::NewLine();
        const auto& defs = it.kind == Kind::Place ? std::span<const ChartDef>(kPlaceCharts) : std::span<const ChartDef>(kLegCharts);
        const float avail = ImGui::GetContentRegionAvail().y;
        const float spacing = ImGui::GetStyle().ItemSpacing.y;
        const float h = std::max(fs * 5.5f, (avail - spacing * static_cast<float>(defs.size())) / static_cast<float>(defs.size()));
        std::vector<ChartLine> lines;
        for (std::size_t c = 0; c < defs.size(); ++c) {
            lines.clear();
            for (std::size_t r = 0; r < runs.size(); ++r) {
                const Series& s = it.per_run[r];
                if (s.found && c < s.values.size()) lines.push_back({runs[r].label, runs[r].colour, s.values[c]});
            }
            ChartOptions opt;
            opt.days = days;
            opt.current_day = day;
            opt.calendar = &cal;
            opt.kind = defs[c].kind;
            opt.compact = true;
            const std::string cid = fmt::format("##chart{}", c);
            if (auto d = line_chart(cid.c_str(), defs[c].title, ImVec2(ImGui::GetContentRegionAvail().x, h), lines, opt, fonts))
                picked = d;
        }
        ImGui::End();
    }
    std::erase_if(items_, [](const Item& i) { return !i.open; });
    return picked;
}

}  // namespace smugglesim::viewer::gui
