// The Groups tab of the side panel: one organised crime group of the run on
// the map (picked from a list ranked by the migrants each carried, or by
// clicking a leg): its members at work by role, its money (revenue, costs,
// cash), the migrants it served and its mean price on the day shown, charts
// over the run, and the legs (corridors) it sells with each offer's price and
// boardings. Other open runs with the same groups (the baseline in live mode)
// are shown beside it. In live mode the group, or some of its members, can be
// removed from the live run (actions remove_ocg and remove_members, recorded
// in the change log like the other live changes).
#include "viewer/gui/app.hpp"

#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "sim/engine/world.hpp"

namespace smugglesim::viewer::gui {

namespace {

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

void heading(const char* text, const Fonts& fonts) {
    ImGui::Spacing();
    ImGui::PushFont(fonts.bold);
    ImGui::TextUnformatted(text);
    ImGui::PopFont();
    ImGui::Separator();
}

// Members of group `g` at work on each day of `run` (every role summed).
std::vector<double> members_at_work(const Run& run, std::size_t g) {
    std::vector<double> out(static_cast<std::size_t>(run.stats.days_done), 0.0);
    for (const std::string_view r : kMemberRoleNames) {
        const auto v = run.data->view(Dim::Ocg, "members_" + std::string(r)).column(g, run.stats.days_done);
        for (std::size_t d = 0; d < out.size(); ++d) out[d] += v[d];
    }
    return out;
}

}  // namespace

const Run* App::groups_run() const {
    if (runs_.empty()) return nullptr;
    if (live_) return &runs_[1];
    const int i = mode_ == MapMode::Single ? map_run_ : cmp_a_;
    return &runs_[static_cast<std::size_t>(std::clamp(i, 0, static_cast<int>(runs_.size()) - 1))];
}

void App::draw_groups() {
    const float fs = ImGui::GetFontSize();
    const Run* shown = groups_run();
    if (!shown || !shown->data) {
        ImGui::TextDisabled("no run");
        return;
    }
    const OcgIndex& ix = shown->stats.ocgs;
    if (!ix.available()) {
        ImGui::TextWrapped("'%s' does not say which group sells which crossing: its results file was written before "
                           "smugglesim recorded /organisations (re-run the scenario to see its groups).",
                           shown->label.c_str());
        return;
    }
    if (ix.names.empty()) {
        ImGui::TextWrapped("'%s' has no organised crime groups: its scenario runs with [organisations] enabled = false "
                           "(every leg is its own service).",
                           shown->label.c_str());
        return;
    }
    const std::size_t n = ix.names.size();
    std::vector<std::uint32_t> by_rank(n);
    for (std::size_t g = 0; g < n; ++g) by_rank[shown->stats.ocg_rank[g]] = static_cast<std::uint32_t>(g);
    std::uint32_t g = by_rank[0];
    if (const auto it = std::find(ix.names.begin(), ix.names.end(), group_name_); it != ix.names.end())
        g = static_cast<std::uint32_t>(it - ix.names.begin());
    else if (!group_name_.empty())
        group_missing_ = group_name_;
    group_name_ = ix.names[g];
    const int last = shown->stats.days_done - 1;
    const int day = shown->clamp_day(day_);
    const SeriesView served = shown->data->view(Dim::Ocg, "served");

    // The list: ranked by the migrants each group carried over the run so far.
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::InputTextWithHint("##groupsearch", "search a group (its name, or a place id)", &group_search_);
    const std::string q = lower(group_search_);
    std::vector<std::uint32_t> listed;
    for (const std::uint32_t h : by_rank)
        if (q.empty() || lower(ix.names[h]).find(q) != std::string::npos) listed.push_back(h);
    std::vector<double> carried_total(n, 0.0);
    if (served && last >= 0) carried_total = shown->data->series.run_totals(served.id, shown->stats.days_done);
    if (ImGui::BeginListBox("##groups", ImVec2(-FLT_MIN, ImGui::GetTextLineHeightWithSpacing() * 4.5f))) {
        ImGuiListClipper clip;
        clip.Begin(static_cast<int>(listed.size()));
        while (clip.Step()) {
            for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
                const std::uint32_t h = listed[static_cast<std::size_t>(i)];
                ImGui::PushID(static_cast<int>(h));
                colour_swatch(group_colour(*shown, static_cast<std::int32_t>(h)));
                ImGui::SameLine();
                const std::string label = fmt::format("{}   {} served in the run", ix.names[h], fmt_count(carried_total[h]));
                if (ImGui::Selectable(label.c_str(), h == g)) {
                    group_name_ = ix.names[h];
                    group_missing_.clear();
                }
                ImGui::PopID();
            }
        }
        ImGui::EndListBox();
    }
    if (listed.empty()) ImGui::TextDisabled("no group matches");
    if (!group_missing_.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(colours::kWarning));
        ImGui::TextWrapped("'%s' has no group named '%s': showing %s.", shown->label.c_str(), group_missing_.c_str(),
                           group_name_.c_str());
        ImGui::PopStyleColor();
    }

    // The group.
    const std::vector<std::uint32_t>& offers = ix.ocg_offers[g];
    std::vector<std::uint32_t> legs;
    for (const std::uint32_t o : offers) legs.push_back(static_cast<std::uint32_t>(ix.offer_leg[o]));
    ImGui::Spacing();
    colour_swatch(group_colour(*shown, static_cast<std::int32_t>(g)), fs);
    ImGui::SameLine();
    ImGui::PushFont(fonts_.large);
    ImGui::TextUnformatted(ix.names[g].c_str());
    ImGui::PopFont();
    const std::vector<double> at_work = members_at_work(*shown, g);
    const bool gone = day >= 0 && at_work.size() > static_cast<std::size_t>(day) && at_work[static_cast<std::size_t>(day)] == 0;
    // Entry (docs/model.md, Entry and exit): a group whose offers open only
    // during the run entered the market then; one whose never open has not.
    std::string entry;
    if (const std::optional<int> d = first_day_selling(*shown->data, g)) {
        if (*d == kNeverSold) entry = " · not in the market: an entrant that has not entered";
        else if (*d > 0) entry = fmt::format(" · selling from {} (day {})", calendar_.human(*d), *d);
    }
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("rank %u of %zu by migrants served · sells %zu leg%s%s%s", shown->stats.ocg_rank[g] + 1, n, legs.size(),
                       legs.size() == 1 ? "" : "s", gone && entry.find("not in") == std::string::npos ? " · no member at work" : "",
                       entry.c_str());
    ImGui::PopStyleColor();

    // The day's figures, one column per run with the same groups (live: baseline and live).
    std::vector<const Run*> cols;
    for (const Run& r : runs_)
        if (r.data && r.stats.ocgs.names == ix.names) cols.push_back(&r);
    if (live_ && cols.size() == 2 && cols[0] == &runs_[0]) std::swap(cols[0], cols[1]);  // live first
    heading(fmt::format("{} (day {})", calendar_.human(day), day).c_str(), fonts_);
    if (ImGui::BeginTable("##groupday", 1 + static_cast<int>(cols.size()),
                          ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
        ImGui::TableSetupColumn("");
        for (const Run* r : cols) ImGui::TableSetupColumn(r->label.c_str());
        ImGui::TableHeadersRow();
        const auto row = [&](const std::string& name, auto value) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextDisabled("%s", name.c_str());
            for (const Run* r : cols) {
                ImGui::TableNextColumn();
                if (r->has_day(day)) ImGui::TextUnformatted(value(*r).c_str());
                else ImGui::TextDisabled("-");
            }
        };
        const auto series = [&](const char* s, ValueKind kind) {
            return [=](const Run& r) { return format_value(r.data->view(Dim::Ocg, s)(day, g), kind); };
        };
        for (const std::string_view role : kMemberRoleNames) {
            const std::string s = "members_" + std::string(role);
            bool any = false;  // roles the group never had are left out
            for (const Run* r : cols) {
                const auto v = r->data->view(Dim::Ocg, s).column(g, r->stats.days_done);
                any = any || std::any_of(v.begin(), v.end(), [](double x) { return x > 0; });
            }
            if (any) row(std::string(role) + "s at work", series(s.c_str(), ValueKind::Count));
        }
        row("members at work", [&](const Run& r) { return fmt_count(members_at_work(r, g)[static_cast<std::size_t>(day)]); });
        if (shown->data->view(Dim::Ocg, "offers_open")) row("offers open", series("offers_open", ValueKind::Count));
        row("served that day", series("served", ValueKind::Count));
        row("mean price", series("mean_price_eur", ValueKind::Eur));
        row("revenue that day", series("revenue_eur", ValueKind::Eur));
        row("costs that day", series("costs_eur", ValueKind::Eur));
        row("cash (to date)", series("cash_eur", ValueKind::Eur));
        ImGui::EndTable();
    }

    if (live_) draw_group_removal(*shown, g);

    // Over the run.
    heading("Over the run", fonts_);
    ChartOptions opt = stacked_chart_options();
    opt.compact = true;
    const float w = ImGui::GetContentRegionAvail().x, h = fs * 5.5f;
    std::vector<std::vector<double>> keep;  // the charts' values live until they are drawn
    keep.reserve(cols.size() * 3);
    std::optional<int> picked;
    const auto chart = [&](const char* id, const char* title, const char* subtitle, ValueKind kind, auto values) {
        std::vector<ChartLine> lines;
        for (const Run* r : cols) {
            keep.push_back(values(*r));
            lines.push_back({r->label, r->colour, keep.back()});
        }
        opt.kind = kind;
        opt.subtitle = subtitle;
        if (auto d = line_chart(id, title, ImVec2(w, h), lines, opt, fonts_)) picked = d;
    };
    chart("##g_served", "Served", "migrants boarding its offers per day", ValueKind::Count,
          [&](const Run& r) { return r.data->view(Dim::Ocg, "served").column(g, r.stats.days_done); });
    chart("##g_members", "Members at work", "every role, end of day", ValueKind::Count,
          [&](const Run& r) { return members_at_work(r, g); });
    chart("##g_cash", "Cash", "revenue minus costs to date", ValueKind::Eur,
          [&](const Run& r) { return r.data->view(Dim::Ocg, "cash_eur").column(g, r.stats.days_done); });
    if (picked) set_day(*picked);

    // Corridors: the legs it sells, its offer on each.
    heading("Corridors (its offers)", fonts_);
    const Network& net = *shown->data->network;
    const auto [first, period_last] = shown->period(day, measure_);
    if (ImGui::BeginTable("##corridors", 4, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg)) {
        ImGui::TableSetupColumn("leg", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("price");
        ImGui::TableSetupColumn("boarded");
        ImGui::TableSetupColumn(measure_ == FlowMeasure::Day ? "to date" : measure_ == FlowMeasure::Week ? "7 days" : "to date");
        ImGui::TableHeadersRow();
        const SeriesView price = shown->data->view(Dim::Offer, "price_eur"), boarded = shown->data->view(Dim::Offer, "boardings");
        for (const std::uint32_t o : offers) {
            const auto l = static_cast<std::size_t>(ix.offer_leg[o]);
            const Leg& leg = net.legs()[l];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            const std::string label = fmt::format("{} \xe2\x86\x92 {} ({})##offer{}", net.places()[leg.from].name,
                                                  net.places()[leg.to].name, to_string(leg.mode), o);
            if (ImGui::Selectable(label.c_str(), selected_leg_ == l, ImGuiSelectableFlags_SpanAllColumns)) selected_leg_ = l;
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s: click to highlight it on the map", leg.id.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(shown->has_day(day) ? fmt_eur(price(day, o)).c_str() : "-");
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(shown->has_day(day) ? fmt_count(boarded(day, o)).c_str() : "-");
            ImGui::TableNextColumn();
            const int from = measure_ == FlowMeasure::Week ? first : 0;
            ImGui::TextUnformatted(fmt_count(shown->offer_boardings(o, from, period_last)).c_str());
        }
        ImGui::EndTable();
    }
    if (offers.empty()) ImGui::TextDisabled("it sells no crossing");
}

void App::draw_group_removal(const Run& run, std::uint32_t g) {
    heading("Remove from the live run", fonts_);
    const std::string& name = run.stats.ocgs.names[g];
    const bool finished = live_->finished();
    ImGui::TextWrapped("From day %d on (the next day the live run simulates): arrested members leave the group; the "
                       "group replaces them after weeks or months, unless nobody of it is left at work.",
                       live_->day());
    if (finished) ImGui::BeginDisabled();
    if (ImGui::Button("Remove the whole group")) ImGui::OpenPopup("Remove the group?");
    if (ImGui::BeginPopupModal("Remove the group?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::Text("Every member of %s leaves it: the group is dismantled and its clients go to its rivals.", name.c_str());
        if (ImGui::Button("Remove")) {
            Action a;
            a.kind = ActionKind::RemoveOcg;
            a.ocg = g;
            try {
                live_->remove(a);
                remove_ok_ = true;
                remove_status_ = fmt::format("{} will be removed on day {}", name, live_->day());
            } catch (const std::exception& e) {
                remove_ok_ = false;
                remove_status_ = e.what();
            }
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
    const float fs = ImGui::GetFontSize();
    ImGui::SetNextItemWidth(fs * 5.0f);
    ImGui::InputInt("##count", &remove_count_, 1, 10);
    remove_count_ = std::clamp(remove_count_, 1, 1000000);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(fs * 7.5f);
    const std::string preview = remove_role_ == 0 ? "of any role" : std::string(kMemberRoleNames[static_cast<std::size_t>(remove_role_ - 1)]) + "s";
    if (ImGui::BeginCombo("##role", preview.c_str())) {
        if (ImGui::Selectable("of any role", remove_role_ == 0)) remove_role_ = 0;
        for (std::size_t r = 0; r < kMemberRoleNames.size(); ++r)
            if (ImGui::Selectable((std::string(kMemberRoleNames[r]) + "s").c_str(), remove_role_ == static_cast<int>(r) + 1))
                remove_role_ = static_cast<int>(r) + 1;
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (ImGui::Button("Remove members")) {
        Action a;
        a.kind = ActionKind::RemoveMembers;
        a.ocg = g;
        a.role = remove_role_ - 1;
        a.count = static_cast<std::uint32_t>(remove_count_);
        try {
            live_->remove(a);
            remove_ok_ = true;
            remove_status_ = fmt::format("{} member(s) of {} will be removed on day {}", remove_count_, name, live_->day());
        } catch (const std::exception& e) {
            remove_ok_ = false;
            remove_status_ = e.what();
        }
    }
    if (finished) ImGui::EndDisabled();
    if (!remove_status_.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(remove_ok_ ? colours::kOk : colours::kError));
        ImGui::TextWrapped("%s", remove_status_.c_str());
        ImGui::PopStyleColor();
    }
}

}  // namespace smugglesim::viewer::gui
