#include "viewer/gui/live_panel.hpp"

#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <exception>

#include <fmt/format.h>

#include "viewer/gui/format.hpp"

namespace smugglesim::viewer::gui {

namespace {

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

void section(const char* title, const Fonts& fonts) {
    ImGui::Spacing();
    ImGui::PushFont(fonts.bold);
    ImGui::TextUnformatted(title);
    ImGui::PopFont();
    ImGui::Separator();
}

bool button_disabled(const char* label, bool disabled, ImVec2 size = ImVec2(0, 0)) {
    if (disabled) ImGui::BeginDisabled();
    const bool pressed = ImGui::Button(label, size);
    if (disabled) ImGui::EndDisabled();
    return pressed && !disabled;
}

}  // namespace

LivePanel::LivePanel(LiveSession& live) : live_(live) { refresh(); }

LivePanel::~LivePanel() {
    if (save_job_.valid()) save_job_.wait();
}

void LivePanel::refresh() {
    settings_ = live_.settings();
    log_ = live_.change_log();
    edit_inflow_ = settings_.inflow_factor;
}

void LivePanel::poll() {
    const std::uint64_t v = live_.version();
    if (v != seen_version_) {
        seen_version_ = v;
        const bool inflow_dirty = edit_inflow_ != settings_.inflow_factor;
        const double keep = edit_inflow_;
        refresh();
        if (inflow_dirty) edit_inflow_ = keep;
    }
    if (save_job_.valid() && save_job_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
        const std::string err = save_job_.get();
        save_ok_ = err.empty();
        save_status_ = save_ok_ ? "saved " + save_path_ : err;
    }
}

void LivePanel::apply(Settings s) {
    try {
        live_.apply(s);
        apply_error_.clear();
    } catch (const std::exception& e) {
        apply_error_ = e.what();
    }
    refresh();
}

void LivePanel::toggle_play() {
    if (live_.playing())
        live_.pause();
    else
        live_.play();
}

void LivePanel::draw(std::optional<std::size_t>& selected_leg, const Fonts& fonts) {
    ImGui::PushFont(fonts.large);
    ImGui::TextUnformatted("Live simulation");
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::TextDisabled("(?)");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("The scenario runs twice: the baseline as written, and the live run.\n"
                          "Changes made here act on the live run from its next day on.\n"
                          "Click a leg on the map to select it here.");
    draw_time(fonts);
    draw_leg(selected_leg, fonts);
    draw_border(fonts);
    draw_inflow(fonts);
    if (!apply_error_.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(colours::kError));
        ImGui::TextWrapped("%s", apply_error_.c_str());
        ImGui::PopStyleColor();
    }
    draw_log(fonts);
    draw_save(fonts);
}

void LivePanel::draw_time(const Fonts& fonts) {
    section("Time", fonts);
    const int day = live_.day();
    const int days = live_.model().days;
    const bool playing = live_.playing();
    const bool finished = live_.finished();
    ImGui::Text("%d of %d days simulated", day, days);
    ImGui::SameLine();
    if (finished)
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colours::kOk), "· finished");
    else if (playing)
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colours::kOk), "· running");
    else
        ImGui::TextDisabled("· paused");
    const float w = (ImGui::GetContentRegionAvail().x - 2 * ImGui::GetStyle().ItemSpacing.x) / 3.0f;
    if (button_disabled(playing ? "Pause" : "Play", finished, ImVec2(w, 0))) toggle_play();
    ImGui::SameLine();
    if (button_disabled("Step a day", playing || finished, ImVec2(w, 0))) live_.step_day();
    ImGui::SameLine();
    if (ImGui::Button("Restart", ImVec2(w, 0))) ImGui::OpenPopup("Restart the live run?");
    if (ImGui::BeginPopupModal("Restart the live run?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::TextUnformatted("Both runs go back to day 0 and every change is undone.");
        if (ImGui::Button("Restart")) {
            live_.restart();
            refresh();
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
    double dps = live_.days_per_second();
    bool fastest = dps <= 0;
    float speed = fastest ? 100.0f : static_cast<float>(dps);
    if (fastest) ImGui::BeginDisabled();
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.55f);
    if (ImGui::SliderFloat("##speed", &speed, 0.5f, 100.0f, "%.1f days/s", ImGuiSliderFlags_Logarithmic))
        live_.set_days_per_second(speed);
    if (fastest) ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Checkbox("fastest", &fastest)) live_.set_days_per_second(fastest ? 0.0 : 10.0);
    const std::string err = live_.error();
    if (!err.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(colours::kError));
        ImGui::TextWrapped("Simulation error: %s", err.c_str());
        ImGui::PopStyleColor();
    }
}

void LivePanel::draw_leg(std::optional<std::size_t>& selected_leg, const Fonts& fonts) {
    section("A leg", fonts);
    const Network& net = *live_.model().network;
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::InputTextWithHint("##search", "search: place, country, mode or id", &search_);
    const std::string q = lower(search_);
    std::vector<std::size_t> shown;
    for (std::size_t l = 0; l < net.leg_count(); ++l) {
        const Leg& leg = net.legs()[l];
        if (!q.empty()) {
            const std::string hay = lower(leg.id + " " + net.places()[leg.from].name + " " + net.places()[leg.to].name + " " +
                                          net.places()[leg.from].country + " " + net.places()[leg.to].country + " " +
                                          std::string(to_string(leg.mode)) + " " + leg.means);
            if (hay.find(q) == std::string::npos) continue;
        }
        shown.push_back(l);
    }
    const float rows = 5.5f;
    if (ImGui::BeginListBox("##legs", ImVec2(-FLT_MIN, ImGui::GetTextLineHeightWithSpacing() * rows))) {
        ImGuiListClipper clip;
        clip.Begin(static_cast<int>(shown.size()));
        while (clip.Step()) {
            for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
                const std::size_t l = shown[static_cast<std::size_t>(i)];
                const Leg& leg = net.legs()[l];
                const bool closed = l < settings_.legs.size() && !settings_.legs[l].open;
                const std::string label = fmt::format("{} \xe2\x86\x92 {}  ({}){}###leg{}", net.places()[leg.from].name,
                                                      net.places()[leg.to].name, to_string(leg.mode), closed ? "  CLOSED" : "", l);
                if (closed) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(colours::kClosed));
                if (ImGui::Selectable(label.c_str(), selected_leg == l)) selected_leg = l;
                if (closed) ImGui::PopStyleColor();
                if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", leg.id.c_str());
            }
        }
        ImGui::EndListBox();
    }
    if (shown.empty()) ImGui::TextDisabled("no leg matches");
    if (!selected_leg || *selected_leg >= net.leg_count() || *selected_leg >= settings_.legs.size()) {
        ImGui::TextDisabled("select a leg in the list or click one on the map");
        return;
    }
    const std::size_t l = *selected_leg;
    const Leg& leg = net.legs()[l];
    const LegSettings& now = settings_.legs[l];
    if (edit_for_ != selected_leg) {
        edit_for_ = selected_leg;
        edit_leg_ = now;
    }
    ImGui::PushFont(fonts.bold);
    ImGui::Text("%s \xe2\x86\x92 %s", net.places()[leg.from].name.c_str(), net.places()[leg.to].name.c_str());
    ImGui::PopFont();
    ImGui::TextDisabled("%s · %s (%s)", leg.id.c_str(), std::string(to_string(leg.mode)).c_str(), leg.means.c_str());
    if (now.open) {
        if (ImGui::Button("Close this leg")) {
            Settings s = settings_;
            s.legs[l].open = false;
            apply(s);
        }
    } else {
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colours::kClosed), "closed");
        ImGui::SameLine();
        if (ImGui::Button("Reopen this leg")) {
            Settings s = settings_;
            s.legs[l].open = true;
            apply(s);
        }
    }
    const float w = ImGui::GetContentRegionAvail().x * 0.5f;
    ImGui::SetNextItemWidth(w);
    ImGui::DragScalar("capacity per day", ImGuiDataType_Double, &edit_leg_.capacity, 10.0f, nullptr, nullptr, "%.0f");
    const char* how = "Drag, or double-click to type; then Apply";
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", how);
    edit_leg_.capacity = std::max(0.0, edit_leg_.capacity);
    double hazard_pc = edit_leg_.hazard * 100.0;
    const double hmin = 0.0, hmax = 99.0;
    ImGui::SetNextItemWidth(w);
    if (ImGui::DragScalar("hazard, % per trip", ImGuiDataType_Double, &hazard_pc, 0.01f, &hmin, &hmax, "%.3f"))
        edit_leg_.hazard = std::clamp(hazard_pc, hmin, hmax) / 100.0;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", how);
    ImGui::SetNextItemWidth(w);
    ImGui::DragScalar("price, EUR", ImGuiDataType_Double, &edit_leg_.price, 10.0f, nullptr, nullptr, "%.0f");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", how);
    edit_leg_.price = std::max(0.0, edit_leg_.price);
    const bool dirty = edit_leg_.capacity != now.capacity || edit_leg_.hazard != now.hazard || edit_leg_.price != now.price;
    if (button_disabled("Apply", !dirty)) {
        Settings s = settings_;
        s.legs[l].capacity = edit_leg_.capacity;
        s.legs[l].hazard = edit_leg_.hazard;
        s.legs[l].price = edit_leg_.price;
        apply(s);
        edit_leg_ = settings_.legs[l];
    }
    ImGui::SameLine();
    if (button_disabled("Revert", !dirty)) edit_leg_ = now;
    ImGui::SameLine();
    const LegSettings& orig = live_.scenario_settings().legs[l];
    if (button_disabled("Scenario values", now == orig)) {
        Settings s = settings_;
        s.legs[l] = orig;
        apply(s);
        edit_leg_ = settings_.legs[l];
    }
    if (!dirty) edit_leg_ = settings_.legs[l];  // follow changes made elsewhere (a border, a restart)
}

void LivePanel::draw_border(const Fonts& fonts) {
    section("A border", fonts);
    const Network& net = *live_.model().network;
    const auto& countries = net.countries();
    if (country_labels_.size() != countries.size()) {
        country_labels_.clear();
        for (std::size_t c = 0; c < countries.size(); ++c) {
            std::string names;
            int n = 0;
            for (std::size_t p = 0; p < net.place_count() && n < 2; ++p)
                if (net.place_country(static_cast<std::uint32_t>(p)) == c) names += (n++ ? ", " : "") + net.places()[p].name;
            country_labels_.push_back(countries[c] + "  (" + names + (n == 2 ? ", ..." : "") + ")");
        }
    }
    const float combo_w = ImGui::GetContentRegionAvail().x * 0.5f - ImGui::GetStyle().ItemSpacing.x * 0.5f;
    const auto combo = [&](const char* id, int& sel) {
        ImGui::SetNextItemWidth(combo_w);
        const char* preview = sel >= 0 && static_cast<std::size_t>(sel) < countries.size() ? countries[static_cast<std::size_t>(sel)].c_str() : "country";
        if (ImGui::BeginCombo(id, preview, ImGuiComboFlags_HeightLarge)) {
            for (std::size_t c = 0; c < countries.size(); ++c)
                if (ImGui::Selectable(country_labels_[c].c_str(), sel == static_cast<int>(c))) sel = static_cast<int>(c);
            ImGui::EndCombo();
        }
    };
    combo("##ca", border_a_);
    ImGui::SameLine();
    combo("##cb", border_b_);
    std::vector<std::size_t> legs;
    if (border_a_ >= 0 && border_b_ >= 0 && border_a_ != border_b_) {
        const auto a = static_cast<std::uint32_t>(border_a_), b = static_cast<std::uint32_t>(border_b_);
        for (std::size_t l = 0; l < net.leg_count(); ++l) {
            const std::uint32_t cf = net.place_country(net.legs()[l].from), ct = net.place_country(net.legs()[l].to);
            if ((cf == a && ct == b) || (cf == b && ct == a)) legs.push_back(l);
        }
    }
    std::size_t open = 0;
    for (const std::size_t l : legs) open += l < settings_.legs.size() && settings_.legs[l].open;
    if (border_a_ < 0 || border_b_ < 0 || border_a_ == border_b_)
        ImGui::TextDisabled("choose two countries");
    else
        ImGui::Text("%zu legs between them (both ways), %zu open", legs.size(), open);
    const auto set_open = [&](bool value) {
        Settings s = settings_;
        for (const std::size_t l : legs)
            if (l < s.legs.size()) s.legs[l].open = value;
        apply(s);
    };
    if (button_disabled("Close border", open == 0)) set_open(false);
    ImGui::SameLine();
    if (button_disabled("Reopen border", open == legs.size())) set_open(true);
}

void LivePanel::draw_inflow(const Fonts& fonts) {
    section("Inflow of migrants", fonts);
    float f = static_cast<float>(edit_inflow_);
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.55f);
    if (ImGui::SliderFloat("##inflow", &f, 0.0f, 3.0f, "x %.2f")) edit_inflow_ = f;
    if (ImGui::IsItemDeactivatedAfterEdit()) {
        Settings s = settings_;
        s.inflow_factor = edit_inflow_;
        apply(s);
    }
    ImGui::SameLine();
    if (button_disabled("x 1", settings_.inflow_factor == 1.0)) {
        Settings s = settings_;
        s.inflow_factor = 1.0;
        apply(s);
    }
    ImGui::SameLine();
    ImGui::TextDisabled("(?)");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Multiplies every origin's daily number of new migrants");
}

void LivePanel::draw_log(const Fonts& fonts) {
    section("Change log", fonts);
    // The rest of the panel, or at least four lines; the save section below needs ~4 lines.
    const float lh = ImGui::GetTextLineHeightWithSpacing();
    const float h = std::max(lh * 4.0f, ImGui::GetContentRegionAvail().y - ImGui::GetFrameHeightWithSpacing() * 2.0f - lh * 3.2f);
    ImGui::BeginChild("##log", ImVec2(0, h), true);
    if (log_.empty()) ImGui::TextDisabled("no change yet");
    for (const std::string& line : log_) ImGui::TextWrapped("%s", line.c_str());
    if (log_.size() != log_seen_) {
        log_seen_ = log_.size();
        scroll_log_ = 3;  // wrapped lines settle over a frame or two
    }
    if (scroll_log_ > 0) {
        --scroll_log_;
        ImGui::SetScrollY(ImGui::GetScrollMaxY());
    }
    ImGui::EndChild();
}

void LivePanel::draw_save(const Fonts& fonts) {
    section("Save live run", fonts);
    const bool busy = save_job_.valid();
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.62f);
    ImGui::InputText("##savepath", &save_path_);
    ImGui::SameLine();
    if (button_disabled(busy ? "Saving..." : "Save", busy || save_path_.empty())) {
        save_status_.clear();
        const std::string path = save_path_;
        LiveSession* live = &live_;
        save_job_ = std::async(std::launch::async, [live, path]() -> std::string {
            try {
                live->save(path);
                return "";
            } catch (const std::exception& e) {
                return e.what();
            }
        });
    }
    // The changes so far as [[intervention]] blocks next to the results file:
    // `smugglesim run SCENARIO --intervention FILE` reproduces the live run.
    if (button_disabled("Save changes as interventions", busy || save_path_.empty() || log_.empty())) {
        std::filesystem::path toml = save_path_;
        toml.replace_extension(".interventions.toml");
        try {
            live_.save_interventions(toml);
            save_ok_ = true;
            save_status_ = "saved " + toml.string() + " (smugglesim run " + live_.model().scenario.path.string() +
                           " --intervention " + toml.string() + " reproduces this run)";
        } catch (const std::exception& e) {
            save_ok_ = false;
            save_status_ = e.what();
        }
    }
    if (!save_status_.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(save_ok_ ? colours::kOk : colours::kError));
        ImGui::TextWrapped("%s", save_status_.c_str());
        ImGui::PopStyleColor();
    }
}

}  // namespace smugglesim::viewer::gui
