#include "viewer/gui/charts.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace smugglesim::viewer::gui {

namespace {

double nice_step(double range, double target_ticks) {
    if (range <= 0 || target_ticks < 1) return 1.0;
    const double raw = range / target_ticks;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    const double norm = raw / mag;
    const double step = norm < 1.5 ? 1.0 : norm < 3.0 ? 2.0 : norm < 7.0 ? 5.0 : 10.0;
    return step * mag;
}

struct Tick {
    int day;
    std::string label;
};

std::vector<Tick> x_ticks(int days, float width_px, const Calendar* cal, ImFont* font, float font_size) {
    std::vector<Tick> ticks;
    if (days <= 1) return ticks;
    const float px_per_day = width_px / static_cast<float>(days - 1);
    if (cal && cal->valid() && days >= 45) {
        // Month starts; thin out so that labels do not collide.
        std::vector<int> starts;
        for (int d = 0; d < days; ++d)
            if (cal->day_of_month(d) == 1) starts.push_back(d);
        const float label_w = font->CalcTextSizeA(font_size, FLT_MAX, 0.0f, "Sep 00").x + 8.0f;
        int every = 1;
        for (int e : {1, 2, 3, 6, 12}) {
            every = e;
            if (30.4f * static_cast<float>(e) * px_per_day >= label_w) break;
        }
        for (std::size_t i = 0; i < starts.size(); ++i) {
            if (i % static_cast<std::size_t>(every) != 0) continue;
            std::string label = cal->short_label(starts[i]);
            if (label == "Jan") label = cal->iso(starts[i]).substr(0, 4);
            ticks.push_back({starts[i], label});
        }
        if (!ticks.empty()) return ticks;
    }
    const float label_w = font->CalcTextSizeA(font_size, FLT_MAX, 0.0f, "0000").x + 16.0f;
    const double step = std::max(1.0, nice_step(days - 1, std::max(1.0, width_px / label_w / 1.5)));
    for (double d = 0; d < days; d += step) {
        const int di = static_cast<int>(d);
        ticks.push_back({di, cal && cal->valid() ? cal->short_label(di) : std::to_string(di)});
    }
    return ticks;
}

}  // namespace

std::string format_value(double v, ValueKind kind) {
    switch (kind) {
        case ValueKind::Count: return fmt_count(v);
        case ValueKind::SignedCount: return fmt_signed(v);
        case ValueKind::Eur: return fmt_eur(v);
    }
    return fmt_count(v);
}

void colour_swatch(ImU32 colour, float size) {
    const float h = size > 0 ? size : ImGui::GetTextLineHeight() * 0.8f;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float dy = (ImGui::GetTextLineHeight() - h) * 0.5f;
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + dy), ImVec2(p.x + h, p.y + dy + h), colour, 2.0f);
    ImGui::Dummy(ImVec2(h, ImGui::GetTextLineHeight()));
}

std::optional<int> line_chart(const char* id, const char* title, ImVec2 size, std::span<const ChartLine> lines,
                              const ChartOptions& opt, const Fonts& fonts) {
    std::optional<int> picked;
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    size.x = std::max(size.x, 120.0f);
    size.y = std::max(size.y, 70.0f);
    ImGui::InvisibleButton(id, size);
    const bool hovered = ImGui::IsItemHovered();
    const bool active = ImGui::IsItemActive();
    ImDrawList* dl = ImGui::GetWindowDrawList();

    ImFont* title_font = opt.compact ? fonts.regular : fonts.bold;
    const float title_size = title_font->FontSize;
    ImFont* tick_font = fonts.small;
    const float tick_size = tick_font->FontSize;
    dl->AddText(title_font, title_size, pos, colours::kText, title);
    if (opt.subtitle) {
        const float tw = title_font->CalcTextSizeA(title_size, FLT_MAX, 0.0f, title).x;
        dl->AddText(tick_font, tick_size, ImVec2(pos.x + tw + 8.0f, pos.y + (title_size - tick_size) * 0.7f),
                    colours::kTextDim, opt.subtitle);
    }

    // Y range over every line.
    double lo = 0.0, hi = 0.0;
    bool any = false;
    const int days = std::max(opt.days, 1);
    for (const ChartLine& l : lines) {
        for (std::size_t d = 0; d < l.values.size() && d < static_cast<std::size_t>(days); ++d) {
            const double v = l.values[d];
            if (!std::isfinite(v)) continue;
            lo = std::min(lo, v);
            hi = std::max(hi, v);
            any = true;
        }
    }
    if (hi - lo <= 0) hi = lo + (opt.kind == ValueKind::SignedCount ? 1.0 : 10.0);
    if (opt.kind == ValueKind::SignedCount) {
        const double m = std::max(std::fabs(lo), std::fabs(hi));
        lo = std::min(lo, -m * 0.1);
        hi = std::max(hi, m * 0.1);
    }

    const float top = pos.y + title_size + 6.0f;
    const float bottom = pos.y + size.y - tick_size - 6.0f;
    const float plot_h = std::max(bottom - top, 10.0f);
    const double step = nice_step(hi - lo, std::clamp(static_cast<double>(plot_h) / (tick_size * 2.6), 1.5, 6.0));
    lo = std::floor(lo / step + 1e-9) * step;
    hi = std::ceil(hi / step - 1e-9) * step;
    if (hi <= lo) hi = lo + step;

    float label_w = 0.0f;
    for (double v = lo; v <= hi + step * 0.5; v += step)
        label_w = std::max(label_w, tick_font->CalcTextSizeA(tick_size, FLT_MAX, 0.0f, fmt_short(v).c_str()).x);
    const float left = pos.x + label_w + 8.0f;
    const float right = pos.x + size.x - 6.0f;
    const float plot_w = std::max(right - left, 10.0f);

    auto xs = [&](double day) { return left + static_cast<float>(day / std::max(days - 1, 1)) * plot_w; };
    auto ys = [&](double v) { return bottom - static_cast<float>((v - lo) / (hi - lo)) * plot_h; };

    dl->AddRectFilled(ImVec2(left, top), ImVec2(right, bottom), colours::rgb(255, 255, 255, 8), 2.0f);
    for (double v = lo; v <= hi + step * 0.5; v += step) {
        const float y = ys(v);
        dl->AddLine(ImVec2(left, y), ImVec2(right, y), std::fabs(v) < step * 1e-6 && lo < 0 ? colours::rgb(255, 255, 255, 90) : colours::kGrid);
        const std::string s = fmt_short(v);
        const float w = tick_font->CalcTextSizeA(tick_size, FLT_MAX, 0.0f, s.c_str()).x;
        dl->AddText(tick_font, tick_size, ImVec2(left - 6.0f - w, y - tick_size * 0.5f), colours::kTextDim, s.c_str());
    }
    for (const Tick& t : x_ticks(days, plot_w, opt.calendar, tick_font, tick_size)) {
        const float x = xs(t.day);
        dl->AddLine(ImVec2(x, top), ImVec2(x, bottom), colours::kGrid);
        dl->AddLine(ImVec2(x, bottom), ImVec2(x, bottom + 3.0f), colours::kTextDim);
        dl->AddText(tick_font, tick_size, ImVec2(x + 2.0f, bottom + 2.0f), colours::kTextDim, t.label.c_str());
    }

    dl->PushClipRect(ImVec2(left - 1, top - 2), ImVec2(right + 1, bottom + 2), true);
    const float thickness = 2.0f;  // whole pixels: ImGui's cheap textured anti-aliased lines
    for (const ChartLine& l : lines) {
        const std::size_t n = std::min(l.values.size(), static_cast<std::size_t>(days));
        if (n == 0) continue;
        if (n == 1) {
            dl->AddCircleFilled(ImVec2(xs(0), ys(l.values[0])), thickness * 1.5f, l.colour);
            continue;
        }
        // Points: at most one per two pixels; beyond that, the extremes of
        // each three-pixel bucket in day order (keeps spikes, saves triangles).
        // Signed lines are drawn segment by segment, coloured by their sign.
        ImVec2 prev;
        double prev_v = 0.0;
        bool have_prev = false;
        const auto emit = [&](std::size_t d) {
            const ImVec2 p(xs(static_cast<double>(d)), ys(l.values[d]));
            if (l.negative_colour == 0) {
                dl->PathLineTo(p);
            } else if (have_prev) {
                const double mid = 0.5 * (prev_v + l.values[d]);
                dl->AddLine(prev, p, mid < 0 ? l.negative_colour : l.colour, thickness);
            }
            prev = p;
            prev_v = l.values[d];
            have_prev = true;
        };
        const auto columns = static_cast<std::size_t>(std::max(plot_w, 2.0f));
        if (n <= columns / 2) {
            for (std::size_t d = 0; d < n; ++d) emit(d);
        } else {
            const std::size_t buckets = std::max<std::size_t>(columns / 3, 2);
            std::size_t d = 0;
            for (std::size_t c = 0; c < buckets && d < n; ++c) {
                const std::size_t end = std::max(d + 1, std::min(n, (c + 1) * n / buckets));
                std::size_t imin = d, imax = d;
                for (std::size_t i = d; i < end; ++i) {
                    if (l.values[i] < l.values[imin]) imin = i;
                    if (l.values[i] > l.values[imax]) imax = i;
                }
                emit(std::min(imin, imax));
                if (imin != imax) emit(std::max(imin, imax));
                d = end;
            }
        }
        if (l.negative_colour == 0) dl->PathStroke(l.colour, 0, thickness);
    }
    if (!any) {
        const char* msg = "no data";
        const ImVec2 ts = ImGui::CalcTextSize(msg);
        dl->AddText(ImVec2(left + (plot_w - ts.x) * 0.5f, top + (plot_h - ts.y) * 0.5f), colours::kTextDim, msg);
    }
    if (opt.current_day >= 0 && opt.current_day < days) {
        const float x = xs(opt.current_day);
        dl->AddLine(ImVec2(x, top), ImVec2(x, bottom), colours::kMarker, 2.0f);
    }
    dl->PopClipRect();

    const ImVec2 mouse = ImGui::GetIO().MousePos;
    if ((hovered || active) && plot_w > 0) {
        const int day = std::clamp(static_cast<int>(std::lround((mouse.x - left) / plot_w * static_cast<float>(days - 1))), 0,
                                   days - 1);
        if (active) picked = day;
        const float x = xs(day);
        dl->AddLine(ImVec2(x, top), ImVec2(x, bottom), colours::rgb(255, 255, 255, 90), 1.0f);
        for (const ChartLine& l : lines)
            if (static_cast<std::size_t>(day) < l.values.size())
                dl->AddCircleFilled(ImVec2(x, ys(l.values[static_cast<std::size_t>(day)])), 4.0f, l.colour, 12);
        if (hovered) {
            ImGui::BeginTooltip();
            ImGui::PushFont(fonts.bold);
            ImGui::TextUnformatted(opt.calendar ? opt.calendar->human(day).c_str() : ("day " + std::to_string(day)).c_str());
            ImGui::PopFont();
            if (opt.calendar && opt.calendar->valid()) {
                ImGui::SameLine();
                ImGui::TextDisabled("day %d", day);
            }
            ImGui::TextDisabled("%s", title);
            if (ImGui::BeginTable("##values", 2)) {
                for (const ChartLine& l : lines) {
                    ImGui::TableNextRow();
                    ImGui::TableNextColumn();
                    colour_swatch(l.colour);
                    ImGui::SameLine();
                    ImGui::TextUnformatted(l.label.data(), l.label.data() + l.label.size());
                    ImGui::TableNextColumn();
                    if (static_cast<std::size_t>(day) < l.values.size())
                        ImGui::TextUnformatted(format_value(l.values[static_cast<std::size_t>(day)], opt.kind).c_str());
                    else
                        ImGui::TextDisabled("no data");
                }
                ImGui::EndTable();
            }
            ImGui::TextDisabled("click or drag to go to a day");
            ImGui::EndTooltip();
        }
    }
    return picked;
}

}  // namespace smugglesim::viewer::gui
