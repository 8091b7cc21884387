#include "viewer/gui/app.hpp"

#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "viewer/gui/charts.hpp"
#include "io/output_hdf5.hpp"

namespace smugglesim::viewer::gui {

namespace {

std::shared_ptr<const RunData> empty_run(const Model& model, const char* name) {
    auto d = std::make_shared<RunData>();
    d->source = name;
    d->label = name;
    d->scenario_name = model.scenario.name;
    d->start_date = model.scenario.start_date;
    d->seed = model.seed;
    d->days = model.days;
    d->days_done = 0;
    d->network = model.network;
    return d;
}

// SameLine() if an item of `next_width` still fits on the current line, else a new line.
void wrap_same_line(float next_width) {
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    const float x = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x;
    if (x + next_width <= right) ImGui::SameLine();
}

float radio_width(const char* label) {
    return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label).x;
}

bool run_combo(const char* id, int& sel, const std::vector<Run>& runs, float width) {
    bool changed = false;
    ImGui::SetNextItemWidth(width);
    const char* preview = sel >= 0 && static_cast<std::size_t>(sel) < runs.size() ? runs[static_cast<std::size_t>(sel)].label.c_str() : "";
    if (ImGui::BeginCombo(id, preview)) {
        for (std::size_t i = 0; i < runs.size(); ++i) {
            ImGui::PushID(static_cast<int>(i));
            colour_swatch(runs[i].colour);
            ImGui::SameLine();
            if (ImGui::Selectable(runs[i].label.c_str(), sel == static_cast<int>(i))) {
                sel = static_cast<int>(i);
                changed = true;
            }
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    return changed;
}

// Largest |A - B| over days and legs (width scale of the difference map), and over places (circles).
struct DiffExtent {
    double flow = 0.0, waiting = 0.0;
};
DiffExtent diff_extent(const Run& a, const Run& b, FlowMeasure m) {
    DiffExtent e;
    const int days = std::min(a.stats.days_done, b.stats.days_done);
    const std::size_t nl = a.data->series.width(Dim::Leg), np = a.data->series.width(Dim::Place);
    for (int d = 0; d < days; ++d) {
        for (std::size_t l = 0; l < nl; ++l) e.flow = std::max(e.flow, std::fabs(a.leg_flow(l, d, m) - b.leg_flow(l, d, m)));
        for (std::size_t p = 0; p < np; ++p)
            e.waiting = std::max(e.waiting, std::fabs(double(a.data->waiting(d, p)) - double(b.data->waiting(d, p))));
    }
    return e;
}

}  // namespace

App::App(const ViewerOptions& opt, std::shared_ptr<const Model> live_model, const Fonts& fonts)
    : opt_(opt), fonts_(fonts), live_model_(std::move(live_model)) {
    speed_ = static_cast<float>(opt.speed);
    mode_ = static_cast<MapMode>(std::clamp(opt.map_mode, 0, 2));
    leg_colour_ = static_cast<LegColour>(std::clamp(opt.leg_colour, 0, 1));
    group_name_ = opt.group;
    initial_view_pending_ = opt.view.has_value();
    if (!group_name_.empty()) side_tab_request_ = 3;
    std::error_code ec;
    if (!std::filesystem::exists(opt.basemap, ec)) {
        basemap_warning_ = fmt::format("Basemap not found: '{}'. The map is drawn without countries (give one with --basemap PATH).",
                                       opt.basemap.string());
    } else {
        try {
            const Basemap map = load_basemap(opt.basemap, proj_);
            basemap_.upload(map);
            basemap_info_ = fmt::format("{} countries, {} vertices (drawn into a cached texture)", map.countries.size(),
                                        fmt_count(static_cast<double>(basemap_.vertex_count())));
            if (basemap_.empty()) basemap_warning_ = fmt::format("Basemap '{}' has no countries.", opt.basemap.string());
        } catch (const std::exception& e) {
            basemap_warning_ = fmt::format("Basemap not loaded ({}). The map is drawn without countries.", e.what());
        }
    }
    if (!basemap_warning_.empty()) std::cerr << "smugglesim-viewer: warning: " << basemap_warning_ << "\n";

    if (live_model_) {
        live_ = std::make_unique<LiveSession>(live_model_, opt.live_threads);
        live_->set_days_per_second(opt.speed);
        panel_ = std::make_unique<LivePanel>(*live_);
        runs_.resize(2);
        runs_[0].label = "baseline";
        runs_[0].colour = colours::kBaseline;
        runs_[0].set(empty_run(*live_model_, "baseline"), ++generation_);
        runs_[1].label = "live";
        runs_[1].colour = colours::kLive;
        runs_[1].set(empty_run(*live_model_, "live"), ++generation_);
        map_run_ = 1;
        cmp_a_ = 1;
        cmp_b_ = 0;
        calendar_ = Calendar(live_model_->scenario.start_date);
        poll_live();
    } else {
        for (const std::string& f : opt.files) open_file(f);
        cmp_a_ = 0;
        cmp_b_ = runs_.size() > 1 ? 1 : 0;
    }
}

App::~App() = default;

void App::open_file(const std::string& path) {
    try {
        auto data = std::make_shared<const RunData>(load_run_file(path));
        Run r;
        std::string label = data->label.empty() ? std::filesystem::path(path).stem().string() : data->label;
        std::string unique = label;
        for (int k = 2;; ++k) {
            bool clash = false;
            for (const Run& o : runs_) clash = clash || o.label == unique;
            if (!clash) break;
            unique = fmt::format("{} ({})", label, k);
        }
        r.label = unique;
        r.colour = colours::kRun[runs_.size() % std::size(colours::kRun)];
        r.set(std::move(data), ++generation_);
        if (runs_.empty()) calendar_ = Calendar(r.data->start_date);
        runs_.push_back(std::move(r));
    } catch (const std::exception& e) {
        std::string msg = e.what();
        if (msg.find(path) == std::string::npos) msg = "'" + path + "': " + msg;
        std::cerr << "smugglesim-viewer: cannot open " << msg << "\n";
        errors_.push_back({path, msg});
        show_errors_ = true;
    }
}

void App::poll_live() {
    if (!live_) return;
    panel_->poll();
    const std::uint64_t v = live_->version();
    if (v == live_version_) return;
    live_version_ = v;
    if (auto b = live_->baseline()) runs_[0].set(std::move(b), ++generation_);
    if (auto l = live_->live()) runs_[1].set(std::move(l), ++generation_);
}

int App::last_day() const {
    int last = 0;
    for (const Run& r : runs_) last = std::max(last, r.stats.days_done - 1);
    return last;
}

ChartOptions App::stacked_chart_options() const {
    ChartOptions opt;
    opt.days = axis_days();
    opt.current_day = day_;
    opt.calendar = &calendar_;
    return opt;
}

float App::stacked_chart_height(float font_size) const {
    const float spacing = ImGui::GetStyle().ItemSpacing.y;
    return std::max(font_size * 7.5f, (ImGui::GetContentRegionAvail().y - spacing * 4.0f) / 4.0f);
}

int App::axis_days() const {
    int days = 1;
    for (const Run& r : runs_) days = std::max({days, r.data ? r.data->days : 0, r.stats.days_done});
    return days;
}

bool App::comparable(std::size_t a, std::size_t b) {
    if (a >= runs_.size() || b >= runs_.size()) return false;
    const Run &ra = runs_[a], &rb = runs_[b];
    if (!ra.data || !rb.data) return false;
    if (same_cache_.ga != ra.generation || same_cache_.gb != rb.generation) {
        same_cache_ = {ra.generation, rb.generation, same_network(*ra.data, *rb.data)};
    }
    return same_cache_.same;
}

bool App::animating() const {
    if (playing_) return true;
    if (live_ && (live_->playing() || live_->version() != live_version_)) return true;
    return panel_ && panel_->saving();
}

void App::set_day(int day) {
    day_ = std::clamp(day, 0, last_day());
    day_f_ = day_;
    follow_ = day_ >= last_day();
}

void App::show_day(int day) {
    set_day(day);
    follow_ = false;
}

void App::follow_latest() {
    follow_ = true;
    day_ = last_day();
    day_f_ = day_;
}

void App::set_playing(bool playing) {
    if (live_) {
        if (playing)
            live_->play();
        else
            live_->pause();
    } else {
        if (playing && day_ >= last_day()) day_f_ = day_ = 0;
        playing_ = playing;
    }
}

void App::run_live_until(int day) {
    if (!live_) return;
    live_->set_days_per_second(0.0);
    live_->play_until(std::min(day, live_->model().days - 1) + 1);  // day `day` included, then paused
}

bool App::live_reached(int day) const {
    if (!live_) return true;
    const int target = std::min(day, live_->model().days - 1);
    return runs_[1].stats.days_done > target && runs_[0].stats.days_done > target;
}

void App::live_pause() {
    if (live_) live_->pause();
}

void App::live_set_speed(double days_per_second) {
    if (live_) live_->set_days_per_second(days_per_second);
}

void App::live_play(double days_per_second) {
    if (!live_) return;
    live_->set_days_per_second(days_per_second);
    live_->play();
}

std::string App::status() const {
    if (runs_.empty()) return "no run";
    const Run& r = live_ ? runs_[1] : runs_[0];
    if (r.stats.days_done == 0) return "no day yet";
    const int d = r.clamp_day(day_);
    const double waiting = r.data->total(d, "waiting"), travelling = r.data->total(d, "travelling");
    return fmt::format("{}: day {} of {} ({}), {} migrants in the system ({} waiting, {} travelling)", r.label, d, r.data->days,
                       calendar_.iso(d), fmt_count(waiting + travelling), fmt_count(waiting), fmt_count(travelling));
}

void App::handle_keys() {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput || ImGui::IsAnyItemActive()) return;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false)) {
        if (live_) {
            panel_->toggle_play();
            if (live_->playing()) follow_latest();
        }
        else
            set_playing(!playing_);
    }
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow))) set_day(day_ - 1);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow))) set_day(day_ + 1);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Home), false)) set_day(0);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_End), false)) set_day(last_day());
}

std::string App::basemap_summary() const {
    if (basemap_info_.empty()) return "basemap: not loaded";
    return fmt::format("basemap: {}; re-rendered {} times", basemap_info_, basemap_.renders());
}

std::string App::live_error() const { return live_ ? live_->error() : std::string(); }

void App::frame(float dt) {
    dt = std::min(dt, 0.1f);  // a slow frame (start-up, a dragged window) does not jump days
    poll_live();
    if (live_) {
        const bool playing_now = live_->playing();
        if (playing_now && !live_was_playing_) follow_latest();  // pressing play shows the newest day
        live_was_playing_ = playing_now;
    }
    handle_keys();
    const int last = last_day();
    if (live_) {
        if (follow_) day_ = last;
    } else if (playing_) {
        day_f_ += static_cast<double>(dt) * speed_;
        if (day_f_ > last + 0.999) {
            if (loop_) {
                day_f_ = 0.0;
            } else {
                day_f_ = last;
                playing_ = false;
            }
        }
        day_ = static_cast<int>(day_f_);
    }
    day_ = std::clamp(day_, 0, std::max(last, 0));

    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->Pos);
    ImGui::SetNextWindowSize(vp->Size);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
    ImGui::Begin("##root", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse |
                     ImGuiWindowFlags_NoBackground);  // the frame is cleared with the panel colour
    ImGui::PopStyleVar(2);
    draw_top_bar();
    draw_banners();

    const float fs = ImGui::GetFontSize();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float sp = ImGui::GetStyle().ItemSpacing.x;
    // Side columns grow with the font, but the map keeps at least ~45 % of the width.
    const float left_w = live_ ? std::min(fs * 22.0f, avail.x * 0.24f) : 0.0f;
    const float right_w = std::min(std::clamp(avail.x * 0.30f, fs * 24.0f, fs * 40.0f), avail.x * (live_ ? 0.31f : 0.4f));
    const float map_w = avail.x - left_w - right_w - sp * (live_ ? 2.0f : 1.0f);
    if (live_) {
        ImGui::BeginChild("##livepanel", ImVec2(left_w, avail.y), true);
        panel_->draw(selected_leg_, fonts_);
        ImGui::EndChild();
        ImGui::SameLine();
    }
    ImGui::BeginChild("##mapcolumn", ImVec2(map_w, avail.y), false, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    if (runs_.empty())
        draw_no_runs(ImGui::GetContentRegionAvail());
    else
        draw_map_area(ImGui::GetContentRegionAvail());
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("##side", ImVec2(right_w, avail.y), true);
    draw_side_panel(ImGui::GetContentRegionAvail());
    ImGui::EndChild();
    ImGui::End();

    if (auto d = inspectors_.draw(runs_, day_, axis_days(), calendar_, fonts_)) set_day(*d);
}

void App::draw_top_bar() {
    const float fs = ImGui::GetFontSize();
    ImGui::AlignTextToFramePadding();
    ImGui::PushFont(fonts_.bold);
    ImGui::TextUnformatted("smugglesim");
    ImGui::PopFont();
    ImGui::SameLine();
    std::string what;
    if (live_)
        what = "live: " + live_model_->scenario.name;
    else if (!runs_.empty())
        what = runs_[0].data->scenario_name + (runs_.size() > 1 ? fmt::format(" + {} more", runs_.size() - 1) : "");
    ImGui::TextDisabled("%s", what.c_str());
    ImGui::SameLine(0, fs * 1.5f);

    const bool running = live_ ? live_->playing() : playing_;
    const bool finished = live_ && live_->finished();
    if (finished) ImGui::BeginDisabled();
    const bool none = runs_.empty();
    if (none) ImGui::BeginDisabled();
    if (ImGui::Button(running ? "Pause" : "Play", ImVec2(fs * 5.0f, 0))) {
        if (live_) {
            panel_->toggle_play();
            if (live_->playing()) follow_latest();
        } else {
            set_playing(!playing_);
        }
    }
    if (finished) ImGui::EndDisabled();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Play / pause (space bar)");
    ImGui::SameLine();

    const int last = last_day();
    const float right_part = live_ ? fs * 9.0f : fs * 12.0f;
    ImGui::SetNextItemWidth(std::max(fs * 10.0f, ImGui::GetContentRegionAvail().x - right_part));
    int day = day_;
    const std::string fmt_str = (calendar_.valid() ? calendar_.human(day_) + "   ·   " : std::string()) + "day %d of " +
                                std::to_string(axis_days());
    if (ImGui::SliderInt("##day", &day, 0, std::max(last, 0), fmt_str.c_str(), ImGuiSliderFlags_AlwaysClamp)) {
        set_day(day);
        if (!live_) playing_ = false;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Day shown (left/right arrow keys step a day)");
    ImGui::SameLine();
    if (live_) {
        if (ImGui::Checkbox("follow", &follow_) && follow_) follow_latest();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show the latest simulated day");
    } else {
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
        ImGui::SliderFloat("##speed", &speed_, 0.5f, 60.0f, "%.1f days/s", ImGuiSliderFlags_Logarithmic);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Playback speed, days per second");
    }
    if (none) ImGui::EndDisabled();
}

void App::draw_banners() {
    if (!errors_.empty() && show_errors_) {
        const float lh = ImGui::GetTextLineHeightWithSpacing();
        const float h = std::min(6.0f, static_cast<float>(errors_.size()) + 1.0f) * lh + ImGui::GetStyle().WindowPadding.y * 2;
        ImGui::PushStyleColor(ImGuiCol_ChildBg, ImGui::ColorConvertU32ToFloat4(colours::kErrorBg));
        ImGui::PushStyleColor(ImGuiCol_Border, ImGui::ColorConvertU32ToFloat4(colours::kError));
        ImGui::BeginChild("##errors", ImVec2(0, h), true);
        ImGui::PushFont(fonts_.bold);
        ImGui::TextUnformatted(errors_.size() == 1 ? "1 file could not be opened:" : fmt::format("{} files could not be opened:", errors_.size()).c_str());
        ImGui::PopFont();
        if (!runs_.empty()) {
            ImGui::SameLine(ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize("Hide").x - ImGui::GetStyle().FramePadding.x);
            if (ImGui::SmallButton("Hide")) show_errors_ = false;
        }
        for (const FileError& e : errors_) ImGui::TextWrapped("%s", e.message.c_str());
        ImGui::EndChild();
        ImGui::PopStyleColor(2);
    }
    if (!basemap_warning_.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(colours::kWarning));
        ImGui::TextWrapped("%s", basemap_warning_.c_str());
        ImGui::PopStyleColor();
    }
}

void App::draw_no_runs(ImVec2 size) {
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p0, ImVec2(p0.x + size.x, p0.y + size.y), colours::kSea);
    ImGui::SetCursorScreenPos(ImVec2(p0.x + size.x * 0.08f, p0.y + size.y * 0.25f));
    ImGui::BeginGroup();
    ImGui::PushFont(fonts_.large);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colours::kError), "No results file could be read");
    ImGui::PopFont();
    ImGui::PushTextWrapPos(p0.x + size.x * 0.92f);
    for (const FileError& e : errors_) ImGui::TextWrapped("%s", e.message.c_str());
    ImGui::Spacing();
    ImGui::TextDisabled("smugglesim-viewer opens results files written by `smugglesim run` (HDF5 layout version %d).",
                       kHdf5LayoutVersion);
    ImGui::TextDisabled("Open another file in the Files tab on the right, or run smugglesim-viewer --help.");
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
}

void App::pin(const MapItem& item, const Run& run) {
    if (item.kind == MapItem::Kind::None || !run.data) return;
    const ImVec2 at(ImGui::GetIO().MousePos.x + 24.0f, std::max(40.0f, ImGui::GetIO().MousePos.y - 120.0f));
    const Network& net = *run.data->network;
    if (item.kind == MapItem::Kind::Place)
        inspectors_.pin(Inspectors::Kind::Place, net.places()[item.index].id, at);
    else {
        inspectors_.pin(Inspectors::Kind::Leg, net.legs()[item.index].id, at);
        if (live_) selected_leg_ = item.index;
        // The Groups tab follows: the group that carried most of the leg's flow in the period shown.
        const auto groups = run.dominant_groups(run.clamp_day(day_), measure_);
        if (item.index < groups.size() && groups[item.index] >= 0)
            group_name_ = run.stats.ocgs.names[static_cast<std::size_t>(groups[item.index])];
    }
}

void App::draw_map_area(ImVec2 size) {
    const float fs = ImGui::GetFontSize();
    const int n = static_cast<int>(runs_.size());
    map_run_ = std::clamp(map_run_, 0, n - 1);
    cmp_a_ = std::clamp(cmp_a_, 0, n - 1);
    cmp_b_ = std::clamp(cmp_b_, 0, n - 1);

    // Toolbar (wraps when the map column is narrow).
    const float y0 = ImGui::GetCursorPosY();
    int mode = static_cast<int>(mode_);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Map");
    const char* mode_names[3] = {"one run", "side by side", "difference"};
    for (int m = 0; m < 3; ++m) {
        wrap_same_line(radio_width(mode_names[m]));
        ImGui::RadioButton(mode_names[m], &mode, m);
    }
    mode_ = static_cast<MapMode>(mode);
    const float combo_w = fs * 9.0f;
    if (mode_ == MapMode::Single) {
        wrap_same_line(combo_w);
        run_combo("##maprun", map_run_, runs_, combo_w);
    } else {
        wrap_same_line(combo_w * 2 + ImGui::CalcTextSize("minus").x + ImGui::GetStyle().ItemSpacing.x * 2);
        run_combo("##cmpa", cmp_a_, runs_, combo_w);
        ImGui::SameLine();
        ImGui::TextUnformatted(mode_ == MapMode::Difference ? "minus" : "and");
        ImGui::SameLine();
        run_combo("##cmpb", cmp_b_, runs_, combo_w);
    }
    int measure = static_cast<int>(measure_);
    const float mw = fs * 11.0f;
    wrap_same_line(mw + ImGui::CalcTextSize("legs").x + ImGui::GetStyle().ItemSpacing.x);
    ImGui::TextUnformatted("legs");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(mw);
    ImGui::Combo("##measure", &measure, kFlowMeasureNames, 3);
    measure_ = static_cast<FlowMeasure>(measure);
    int colour = static_cast<int>(leg_colour_);
    const float cw = fs * 5.5f;
    wrap_same_line(cw + ImGui::CalcTextSize("colour").x + ImGui::GetStyle().ItemSpacing.x);
    ImGui::TextUnformatted("colour");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(cw);
    ImGui::Combo("##colour", &colour, kLegColourNames, 2);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Legs coloured by mode, or by the organised crime group that carried most of their flow\n"
                          "in the period shown (boarding that day, the last 7 days or to date)");
    leg_colour_ = static_cast<LegColour>(colour);
    size.y -= ImGui::GetCursorPosY() - y0;
    if (initial_view_pending_ && opt_.view) {
        // --view LON,LAT,KM: that centre, that width (of one pane).
        initial_view_pending_ = false;
        const auto [lon, lat, km] = *opt_.view;
        const auto xy = proj_.forward(lon, lat);
        const float pane_w = mode_ == MapMode::Split ? (size.x - ImGui::GetStyle().ItemSpacing.x) * 0.5f : size.x;
        view_.cx = xy[0];
        view_.cy = xy[1];
        view_.scale = std::clamp(static_cast<double>(pane_w) / km, 0.005, 200.0);
    }

    PaneSpec base;
    base.day = day_;
    base.measure = measure_;
    base.colour = leg_colour_;
    base.calendar = &calendar_;
    // Group colours come from the ranks of the run the Groups tab shows, for
    // every run with the same groups (a group has one colour in every pane).
    const Run* ranks = groups_run();
    const auto groups_for = [&](const Run& r, std::size_t pane, PaneSpec& s) {
        if (leg_colour_ != LegColour::Group) return;
        leg_groups_[pane] = r.dominant_groups(day_, measure_);
        s.leg_group = &leg_groups_[pane];
        s.colour_run = ranks && ranks->stats.ocgs.names == r.stats.ocgs.names ? ranks : &r;
    };
    const auto settings_for = [&](std::size_t run, PaneSpec& s) {
        if (live_ && run == 1) {
            s.live_settings = &panel_->settings();
            s.scenario_settings = &live_->scenario_settings();
        }
    };
    const auto flow_max = [&](const Run& a, const Run* b) {
        double m = a.flow_scale(measure_);
        if (b) m = std::max(m, b->flow_scale(measure_));
        if (live_) m = std::max({m, runs_[0].flow_scale(measure_), runs_[1].flow_scale(measure_)});
        return std::max(m, 1.0);
    };
    const auto wait_max = [&](const Run& a, const Run* b) {
        double m = a.stats.max_waiting;
        if (b) m = std::max(m, b->stats.max_waiting);
        if (live_) m = std::max({m, runs_[0].stats.max_waiting, runs_[1].stats.max_waiting});
        return std::max(m, 1.0);
    };
    const auto handle = [&](const PaneResult& r, const Run& run) {
        if (r.clicked.kind != MapItem::Kind::None) pin(r.clicked, run);
    };
    const auto message_box = [&](ImVec2 sz, const std::string& msg) {
        const ImVec2 p0 = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddRectFilled(p0, ImVec2(p0.x + sz.x, p0.y + sz.y), colours::kSea);
        ImGui::Dummy(sz);
        ImGui::SetCursorScreenPos(ImVec2(p0.x + 20, p0.y + sz.y * 0.4f));
        ImGui::PushTextWrapPos(p0.x + sz.x - 20);
        ImGui::TextWrapped("%s", msg.c_str());
        ImGui::PopTextWrapPos();
    };

    for (const Run& r : runs_) {
        if (!r.data || !r.data->network) {
            message_box(size, "'" + r.label + "' has no network to draw.");
            return;
        }
    }
    if (mode_ == MapMode::Single) {
        const Run& r = runs_[static_cast<std::size_t>(map_run_)];
        PaneSpec s = base;
        s.run = &r;
        s.flow_max = flow_max(r, nullptr);
        s.waiting_max = wait_max(r, nullptr);
        s.caption = r.label;
        s.caption_colour = r.colour;
        s.selected_leg = selected_leg_;
        settings_for(static_cast<std::size_t>(map_run_), s);
        groups_for(r, 0, s);
        const NetworkGeometry& g = geometry_.get(r.data->network);
        handle(panes_[0].draw("##pane0", size, view_, s, g, basemap_, fonts_), r);
        return;
    }
    const Run& a = runs_[static_cast<std::size_t>(cmp_a_)];
    const Run& b = runs_[static_cast<std::size_t>(cmp_b_)];
    const bool same = cmp_a_ != cmp_b_ && comparable(static_cast<std::size_t>(cmp_a_), static_cast<std::size_t>(cmp_b_));
    const std::string why = cmp_a_ == cmp_b_ ? "Choose two different runs above to compare them."
                                             : fmt::format("'{}' and '{}' have different networks: the map compares runs of the same "
                                                           "network only (the charts compare any runs).",
                                                           a.label, b.label);
    if (mode_ == MapMode::Split) {
        const float w = (size.x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
        PaneSpec s = base;
        s.run = &a;
        s.flow_max = flow_max(a, &b);
        s.waiting_max = wait_max(a, &b);
        s.caption = a.label;
        s.caption_colour = a.colour;
        s.selected_leg = selected_leg_;
        settings_for(static_cast<std::size_t>(cmp_a_), s);
        groups_for(a, 0, s);
        if (same && s.leg_group) {  // pane B's groups in pane A's legend (B shows none)
            groups_for(b, 1, s);
            s.leg_group = &leg_groups_[0];
            s.colour_run = ranks && ranks->stats.ocgs.names == a.stats.ocgs.names ? ranks : &a;
            if (b.stats.ocgs.names == a.stats.ocgs.names) s.legend_also = &leg_groups_[1];
        }
        handle(panes_[0].draw("##pane0", ImVec2(w, size.y), view_, s, geometry_.get(a.data->network), basemap_, fonts_), a);
        ImGui::SameLine();
        if (!same) {
            message_box(ImVec2(w, size.y), why);
            return;
        }
        PaneSpec t = s;
        t.run = &b;
        t.caption = b.label;
        t.caption_colour = b.colour;
        t.show_legend = false;
        t.live_settings = t.scenario_settings = nullptr;
        t.leg_group = nullptr;
        t.legend_also = nullptr;
        settings_for(static_cast<std::size_t>(cmp_b_), t);
        groups_for(b, 1, t);
        handle(panes_[1].draw("##pane1", ImVec2(w, size.y), view_, t, geometry_.get(b.data->network), basemap_, fonts_), b);
        return;
    }
    if (!same) {
        message_box(size, why);
        return;
    }
    PaneSpec s = base;
    s.run = &a;
    s.other = &b;
    s.difference = true;
    DiffScaleCache& ds = diff_scale_cache_;
    if (ds.ga != a.generation || ds.gb != b.generation || ds.measure != measure_) {
        ds.ga = a.generation;
        ds.gb = b.generation;
        ds.measure = measure_;
        const DiffExtent e = diff_extent(a, b, measure_);
        ds.flow = e.flow;
        ds.waiting = e.waiting;
    }
    s.flow_max = std::max(ds.flow, 1.0);
    s.waiting_max = std::max(ds.waiting, 1.0);
    s.caption = a.label + "  minus  " + b.label;
    s.caption_colour = colours::kDiff;
    s.selected_leg = selected_leg_;
    settings_for(static_cast<std::size_t>(cmp_a_), s);
    settings_for(static_cast<std::size_t>(cmp_b_), s);
    handle(panes_[0].draw("##pane0", size, view_, s, geometry_.get(a.data->network), basemap_, fonts_), a);
}

void App::draw_side_panel(ImVec2) {
    if (!ImGui::BeginTabBar("##sidetabs")) return;
    const auto flags = [&](int tab) {
        return side_tab_request_ == tab ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None;
    };
    if (ImGui::BeginTabItem("Charts", nullptr, flags(0))) {
        draw_charts();
        ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Groups", nullptr, flags(3))) {
        draw_groups();
        ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Difference", nullptr, flags(1))) {
        draw_difference();
        ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem(errors_.empty() ? "Files###files" : fmt::format("Files ({} errors)###files", errors_.size()).c_str(),
                            nullptr, flags(2))) {
        draw_files();
        ImGui::EndTabItem();
    }
    side_tab_request_ = -1;
    ImGui::EndTabBar();
}

void App::draw_charts() {
    const float fs = ImGui::GetFontSize();
    // Legend: one entry per run.
    for (const Run& r : runs_) {
        const float w = ImGui::CalcTextSize(r.label.c_str()).x + fs * 2.0f;
        if (&r != &runs_.front()) wrap_same_line(w);
        colour_swatch(r.colour);
        ImGui::SameLine();
        ImGui::TextUnformatted(r.label.c_str());
        if (ImGui::IsItemHovered() && r.data) ImGui::SetTooltip("%s", r.data->source.c_str());
    }
    // Destination selector.
    std::uint64_t key = runs_.size();
    for (const Run& r : runs_) key = key * 1000003u + r.generation;
    if (key != destinations_key_) {  // the union of the runs' destination states
        destinations_key_ = key;
        destinations_.clear();
        for (const Run& r : runs_)
            destinations_.insert(destinations_.end(), r.stats.destination_countries.begin(), r.stats.destination_countries.end());
        std::sort(destinations_.begin(), destinations_.end());
        destinations_.erase(std::unique(destinations_.begin(), destinations_.end()), destinations_.end());
    }
    const std::vector<std::string>& isos = destinations_;
    ImGui::SetNextItemWidth(fs * 12.0f);
    if (ImGui::BeginCombo("##dest", arrivals_iso_.empty() ? "all destination states" : arrivals_iso_.c_str())) {
        if (ImGui::Selectable("all destination states", arrivals_iso_.empty())) arrivals_iso_.clear();
        for (const std::string& c : isos)
            if (ImGui::Selectable(c.c_str(), arrivals_iso_ == c)) arrivals_iso_ = c;
        ImGui::EndCombo();
    }
    wrap_same_line(radio_width("cumulative"));
    if (ImGui::RadioButton("cumulative", cumulative_)) cumulative_ = true;
    wrap_same_line(radio_width("per day"));
    if (ImGui::RadioButton("per day", !cumulative_)) cumulative_ = false;

    const float h = stacked_chart_height(fs);
    const float w = ImGui::GetContentRegionAvail().x;
    ChartOptions opt = stacked_chart_options();
    std::vector<ChartLine> lines;
    const auto add = [&](const Run& r, const std::vector<double>* v) {
        if (v) lines.push_back({r.label, r.colour, *v});
    };
    const std::string where = arrivals_iso_.empty() ? "all destination states" : "in " + arrivals_iso_;
    const std::string arr_title = cumulative_ ? "Arrivals, cumulative" : "Arrivals per day";
    for (const Run& r : runs_) add(r, arrivals_series(r, arrivals_iso_, cumulative_));
    std::optional<int> picked;
    opt.subtitle = where.c_str();
    if (auto d = line_chart("##c_arr", arr_title.c_str(), ImVec2(w, h), lines, opt, fonts_)) picked = d;
    lines.clear();
    for (const Run& r : runs_) add(r, &r.stats.dead_missing);
    opt.subtitle = "cumulative";
    if (auto d = line_chart("##c_dead", "Dead and missing", ImVec2(w, h), lines, opt, fonts_)) picked = d;
    lines.clear();
    for (const Run& r : runs_) add(r, &r.stats.waiting);
    opt.subtitle = "at places and in queues, end of day";
    if (auto d = line_chart("##c_wait", "Waiting", ImVec2(w, h), lines, opt, fonts_)) picked = d;
    lines.clear();
    for (const Run& r : runs_) add(r, &r.stats.travelling);
    opt.subtitle = "on a leg, end of day";
    if (auto d = line_chart("##c_trav", "In transit", ImVec2(w, h), lines, opt, fonts_)) picked = d;
    if (picked) set_day(*picked);
}

void App::draw_difference() {
    const float fs = ImGui::GetFontSize();
    const int n = static_cast<int>(runs_.size());
    if (n < 2) {
        ImGui::TextWrapped("Open two or more results files to compare them day by day (A minus B).");
        return;
    }
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("A");
    ImGui::SameLine();
    run_combo("##da", cmp_a_, runs_, fs * 8.0f);
    ImGui::SameLine();
    ImGui::TextUnformatted("minus B");
    ImGui::SameLine();
    run_combo("##db", cmp_b_, runs_, fs * 8.0f);
    ImGui::SameLine();
    if (ImGui::Button("swap")) std::swap(cmp_a_, cmp_b_);
    cmp_a_ = std::clamp(cmp_a_, 0, n - 1);
    cmp_b_ = std::clamp(cmp_b_, 0, n - 1);
    const Run& a = runs_[static_cast<std::size_t>(cmp_a_)];
    const Run& b = runs_[static_cast<std::size_t>(cmp_b_)];
    ImGui::TextDisabled("above zero: more in");
    ImGui::SameLine(0, 4);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colours::kMoreA), "%s", a.label.c_str());
    ImGui::SameLine(0, 4);
    ImGui::TextDisabled("· below: more in");
    ImGui::SameLine(0, 4);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colours::kMoreB), "%s", b.label.c_str());
    if (ImGui::Button("Show the difference on the map")) mode_ = MapMode::Difference;
    ImGui::SameLine();
    ImGui::TextDisabled("(?)");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Legs coloured by the change in flow, A minus B (same network only);\narrivals use the destination chosen in Charts");

    DiffCache& c = diff_cache_;
    if (c.ga != a.generation || c.gb != b.generation || c.iso != arrivals_iso_ || c.cumulative != cumulative_) {
        c.ga = a.generation;
        c.gb = b.generation;
        c.iso = arrivals_iso_;
        c.cumulative = cumulative_;
        const auto diff = [](const std::vector<double>* x, const std::vector<double>* y) {
            std::vector<double> out;
            if (!x || !y) return out;
            out.resize(std::min(x->size(), y->size()));
            for (std::size_t i = 0; i < out.size(); ++i) out[i] = (*x)[i] - (*y)[i];
            return out;
        };
        c.values[0] = diff(arrivals_series(a, arrivals_iso_, cumulative_), arrivals_series(b, arrivals_iso_, cumulative_));
        c.values[1] = diff(&a.stats.dead_missing, &b.stats.dead_missing);
        c.values[2] = diff(&a.stats.waiting, &b.stats.waiting);
        c.values[3] = diff(&a.stats.travelling, &b.stats.travelling);
    }
    const std::string label = a.label + " - " + b.label;
    const std::string arr = std::string(cumulative_ ? "Arrivals, cumulative" : "Arrivals per day");
    const std::string where = arrivals_iso_.empty() ? "all destination states" : "in " + arrivals_iso_;
    const char* titles[4] = {arr.c_str(), "Dead and missing", "Waiting", "In transit"};
    const char* subs[4] = {where.c_str(), "cumulative", "end of day", "end of day"};
    const float h = stacked_chart_height(fs);
    const float w = ImGui::GetContentRegionAvail().x;
    ChartOptions opt = stacked_chart_options();
    opt.kind = ValueKind::SignedCount;
    std::optional<int> picked;
    for (int i = 0; i < 4; ++i) {
        const ChartLine line{label, colours::kMoreA, c.values[static_cast<std::size_t>(i)], colours::kMoreB};
        opt.subtitle = subs[i];
        const std::string id = fmt::format("##diff{}", i);
        if (auto d = line_chart(id.c_str(), titles[i], ImVec2(w, h), std::span<const ChartLine>(&line, 1), opt, fonts_)) picked = d;
    }
    if (picked) set_day(*picked);
}

void App::draw_files() {
    const float fs = ImGui::GetFontSize();
    if (live_) {
        ImGui::TextWrapped("Live mode: the scenario '%s' runs twice on a background thread, the baseline as written and the live run "
                           "with the changes made in the Live panel.",
                           live_model_->scenario.name.c_str());
        ImGui::Spacing();
    }
    if (ImGui::BeginTable("##runs", 2, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
        ImGui::TableSetupColumn("run", ImGuiTableColumnFlags_WidthFixed, fs * 7.0f);
        ImGui::TableSetupColumn("details", ImGuiTableColumnFlags_WidthStretch);
        for (const Run& r : runs_) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            colour_swatch(r.colour);
            ImGui::SameLine();
            ImGui::TextUnformatted(r.label.c_str());
            ImGui::TableNextColumn();
            const RunData& d = *r.data;
            ImGui::TextWrapped("%s", d.source.c_str());
            ImGui::TextDisabled("scenario %s · seed %llu · %d of %d days · start %s", d.scenario_name.c_str(),
                                static_cast<unsigned long long>(d.seed), d.days_done, d.days, d.start_date.c_str());
            if (d.network)
                ImGui::TextDisabled("%zu places · %zu legs · %zu countries%s", d.network->place_count(), d.network->leg_count(),
                                    d.network->countries().size(), d.layout_version ? fmt::format(" · layout v{}", d.layout_version).c_str() : "");
        }
        ImGui::EndTable();
    }
    if (!errors_.empty()) {
        ImGui::Spacing();
        ImGui::PushFont(fonts_.bold);
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colours::kError), "Could not be opened");
        ImGui::PopFont();
        for (const FileError& e : errors_) {
            ImGui::Bullet();
            ImGui::TextWrapped("%s", e.message.c_str());
        }
        if (!show_errors_ && ImGui::SmallButton("Show the error banner again")) show_errors_ = true;
    }
    if (!live_) {
        ImGui::Spacing();
        ImGui::PushFont(fonts_.bold);
        ImGui::TextUnformatted("Open another results file");
        ImGui::PopFont();
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - fs * 5.0f);
        const bool enter = ImGui::InputTextWithHint("##open", "results/other.h5", &open_path_, ImGuiInputTextFlags_EnterReturnsTrue);
        ImGui::SameLine();
        if ((ImGui::Button("Open") || enter) && !open_path_.empty()) {
            const std::size_t before = runs_.size();
            open_file(open_path_);
            if (runs_.size() > before) {
                if (before == 1) cmp_b_ = 1;
                open_path_.clear();
            }
        }
    }
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextWrapped("Basemap: %s", opt_.basemap.string().c_str());
    ImGui::TextDisabled("%s", basemap_info_.empty() ? "not loaded" : basemap_info_.c_str());
    ImGui::TextDisabled("Keys: space play/pause · left/right a day · Home/End first/last day");
    ImGui::TextDisabled("Map: drag to pan · wheel to zoom · hover for figures · click to pin");
}

}  // namespace smugglesim::viewer::gui
