#include "viewer/gui/map_view.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "viewer/gui/charts.hpp"

namespace smugglesim::viewer::gui {

namespace {

constexpr float kMinWidth = 2.0f, kMaxWidth = 16.0f;  // leg width in pixels
constexpr float kMinRadius = 3.5f, kMaxRadius = 26.0f;  // place circle radius in pixels
constexpr float kDotRadius = 2.6f;                    // a place nobody waits at

// Widths are whole pixels: ImGui 1.86 draws anti-aliased lines of integer
// width from its font texture (2 triangles a segment instead of 6), which
// matters with a software rasteriser.
float width_for(double v, double vmax) {
    if (v <= 0 || vmax <= 0) return 0.0f;
    return std::round(kMinWidth + (kMaxWidth - kMinWidth) * static_cast<float>(std::sqrt(std::min(v / vmax, 1.0))));
}

int circle_segments(float r) { return std::clamp(static_cast<int>(r * 0.8f), 10, 32); }

float radius_for(double v, double vmax) {
    if (v <= 0 || vmax <= 0) return 0.0f;
    return kMinRadius + (kMaxRadius - kMinRadius) * static_cast<float>(std::sqrt(std::min(v / vmax, 1.0)));
}

ImVec2 add(ImVec2 a, ImVec2 b) { return ImVec2(a.x + b.x, a.y + b.y); }
ImVec2 sub(ImVec2 a, ImVec2 b) { return ImVec2(a.x - b.x, a.y - b.y); }
ImVec2 mul(ImVec2 a, float s) { return ImVec2(a.x * s, a.y * s); }
float len(ImVec2 a) { return std::sqrt(a.x * a.x + a.y * a.y); }

float dist_point_segment(ImVec2 p, ImVec2 a, ImVec2 b) {
    const ImVec2 ab = sub(b, a), ap = sub(p, a);
    const float l2 = ab.x * ab.x + ab.y * ab.y;
    const float t = l2 > 0 ? std::clamp((ap.x * ab.x + ap.y * ab.y) / l2, 0.0f, 1.0f) : 0.0f;
    return len(sub(p, add(a, mul(ab, t))));
}

bool same_geometry(const Network& a, const Network& b) {
    if (a.place_count() != b.place_count() || a.leg_count() != b.leg_count()) return false;
    for (std::size_t i = 0; i < a.place_count(); ++i) {
        const Place &p = a.places()[i], &q = b.places()[i];
        if (p.id != q.id || p.lon != q.lon || p.lat != q.lat) return false;
    }
    for (std::size_t i = 0; i < a.leg_count(); ++i) {
        const Leg &l = a.legs()[i], &m = b.legs()[i];
        if (l.id != m.id || l.from != m.from || l.to != m.to || l.geometry != m.geometry) return false;
    }
    return true;
}

// Dashes along a polyline (air legs). Segments outside the clip rectangle are skipped.
void dashed_polyline(ImDrawList* dl, const ImVec2* p, std::size_t n, ImU32 col, float w, float dash, float gap) {
    dash = std::max(dash, 1.0f);
    gap = std::max(gap, 1.0f);
    const ImVec2 cmin = dl->GetClipRectMin(), cmax = dl->GetClipRectMax();
    bool on = true;
    float remaining = dash;
    for (std::size_t i = 0; i + 1 < n; ++i) {
        const ImVec2 a = p[i], b = p[i + 1];
        const float l = len(sub(b, a));
        if (l <= 0) continue;
        if (std::max(a.x, b.x) < cmin.x - w || std::min(a.x, b.x) > cmax.x + w || std::max(a.y, b.y) < cmin.y - w ||
            std::min(a.y, b.y) > cmax.y + w)
            continue;
        const ImVec2 dir = mul(sub(b, a), 1.0f / l);
        float t = 0.0f;
        while (t < l) {
            const float step = std::min(remaining, l - t);
            if (on) dl->AddLine(add(a, mul(dir, t)), add(a, mul(dir, t + step)), col, w);
            t += step;
            remaining -= step;
            if (remaining <= 1e-3f) {
                on = !on;
                remaining = on ? dash : gap;
            }
        }
    }
}

// Point and direction at a fraction of a polyline's length.
bool point_along(const ImVec2* p, std::size_t n, float frac, ImVec2& at, ImVec2& dir, float& total) {
    total = 0.0f;
    for (std::size_t i = 0; i + 1 < n; ++i) total += len(sub(p[i + 1], p[i]));
    if (total <= 0) return false;
    float target = total * frac;
    for (std::size_t i = 0; i + 1 < n; ++i) {
        const float l = len(sub(p[i + 1], p[i]));
        if (target <= l && l > 0) {
            dir = mul(sub(p[i + 1], p[i]), 1.0f / l);
            at = add(p[i], mul(dir, target));
            return true;
        }
        target -= l;
    }
    return false;
}

// Text with a dark drop shadow, readable over light legs and circles.
void shadow_text(ImDrawList* dl, ImFont* font, ImVec2 pos, ImU32 col, const char* text) {
    const float fs = font->FontSize;
    dl->AddText(font, fs, add(pos, ImVec2(1, 1)), colours::rgb(0, 0, 0, 230), text);
    dl->AddText(font, fs, pos, col, text);
}

}  // namespace

ImU32 group_colour(const Run& run, std::int32_t g) {
    const auto& rank = run.stats.ocg_rank;
    if (g < 0 || static_cast<std::size_t>(g) >= rank.size()) return colours::kOtherGroup;
    const std::uint32_t r = rank[static_cast<std::size_t>(g)];
    return r < std::size(colours::kGroup) ? colours::kGroup[r] : colours::kOtherGroup;
}

const NetworkGeometry& GeometryCache::get(const std::shared_ptr<const Network>& net) {
    for (const auto& e : entries_)
        if (e->network == net) return *e;
    for (const auto& e : entries_) {
        if (same_geometry(*e->network, *net)) {
            e->network = net;  // the newest object of this network
            return *e;
        }
    }
    auto g = std::make_unique<NetworkGeometry>();
    g->network = net;
    const auto proj = [&](double lon, double lat) {
        const auto xy = proj_.forward(lon, lat);
        return ImVec2(static_cast<float>(xy[0]), static_cast<float>(xy[1]));
    };
    float x0 = 1e30f, y0 = 1e30f, x1 = -1e30f, y1 = -1e30f;
    for (const Place& p : net->places()) {
        const ImVec2 v = proj(p.lon, p.lat);
        g->place.push_back(v);
        x0 = std::min(x0, v.x), y0 = std::min(y0, v.y), x1 = std::max(x1, v.x), y1 = std::max(y1, v.y);
    }
    if (net->place_count() == 0) x0 = y0 = -1000, x1 = y1 = 1000;
    g->bbox = ImVec4(x0, y0, x1, y1);
    for (const Leg& l : net->legs()) {
        std::vector<ImVec2> line;
        if (l.geometry.size() >= 4) {
            for (std::size_t i = 0; i + 1 < l.geometry.size(); i += 2) line.push_back(proj(l.geometry[i], l.geometry[i + 1]));
        } else {
            line = {g->place[l.from], g->place[l.to]};
        }
        g->leg.push_back(std::move(line));
        bool rev = false;
        for (const std::uint32_t* o = net->out_begin(l.to); o != net->out_end(l.to); ++o)
            rev = rev || net->legs()[*o].to == l.from;
        g->has_reverse.push_back(rev ? 1 : 0);
    }
    entries_.push_back(std::move(g));
    if (entries_.size() > 8) entries_.erase(entries_.begin());
    return *entries_.back();
}

void MapView::fit(const ImVec4& bbox, ImVec2 size) {
    const double margin = 50.0;
    const double w = std::max(1.0, double(bbox.z - bbox.x)), h = std::max(1.0, double(bbox.w - bbox.y));
    scale = std::max(1e-3, std::min((size.x - 2 * margin) / w, (size.y - 2 * margin) / h));
    cx = 0.5 * (bbox.x + bbox.z);
    cy = 0.5 * (bbox.y + bbox.w);
}

PaneResult MapPane::draw(const char* id, ImVec2 size, MapView& view, const PaneSpec& spec, const NetworkGeometry& geom,
                         BasemapLayer& basemap, const Fonts& fonts) {
    PaneResult res;
    size.x = std::max(size.x, 60.0f);
    size.y = std::max(size.y, 60.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::BeginChild(id, size, false, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    ImGui::PopStyleVar();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const ImVec2 p1 = add(p0, size);
    const ImVec2 centre(0.5f * (p0.x + p1.x), 0.5f * (p0.y + p1.y));
    if (view.scale <= 0) view.fit(geom.bbox, size);

    ImGui::InvisibleButton("##map", size);
    ImGui::SetItemAllowOverlap();
    const bool hovered = ImGui::IsItemHovered();
    const bool active = ImGui::IsItemActive();
    ImGuiIO& io = ImGui::GetIO();
    if (active && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 3.0f)) {
        view.cx -= io.MouseDelta.x / view.scale;
        view.cy += io.MouseDelta.y / view.scale;
    }
    if (hovered && io.MouseWheel != 0.0f) {
        const double f = std::pow(1.2, static_cast<double>(io.MouseWheel));
        const double new_scale = std::clamp(view.scale * f, 0.005, 200.0);
        const double mx = view.cx + (io.MousePos.x - centre.x) / view.scale;
        const double my = view.cy - (io.MousePos.y - centre.y) / view.scale;
        view.scale = new_scale;
        view.cx = mx - (io.MousePos.x - centre.x) / view.scale;
        view.cy = my + (io.MousePos.y - centre.y) / view.scale;
    }
    const double s = view.scale, cx = view.cx, cy = view.cy;
    const auto to_screen = [&](ImVec2 km) {
        return ImVec2(static_cast<float>(centre.x + (km.x - cx) * s), static_cast<float>(centre.y - (km.y - cy) * s));
    };

    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(p0, p1, true);
    basemap.draw(dl, blit_, p0, size, cx, cy, s, colours::kSea, colours::kLand, colours::kBorder);

    const Run* run = spec.run;
    // A run shorter than the slider's day has no figures for it: nothing is
    // drawn for it rather than another day under this day's caption.
    const bool have_run = run && run->data && run->data->network && run->has_day(spec.day);
    const bool other_short = spec.difference && spec.other && spec.other->data && !spec.other->has_day(spec.day);
    const bool have = have_run && !other_short;
    const bool diff = spec.difference && spec.other && spec.other->has_day(spec.day);
    const Network& net = *geom.network;
    const std::size_t nl = net.leg_count(), np = net.place_count();

    // Values, widths and radii of the day.
    leg_value_.assign(nl, 0.0);
    leg_width_.assign(nl, 0.0f);
    radius_.assign(np, 0.0f);
    if (have) {
        const int da = spec.day, db = spec.day;
        for (std::size_t l = 0; l < nl; ++l) {
            double v = run->leg_flow(l, da, spec.measure);
            if (diff) v -= spec.other->leg_flow(l, db, spec.measure);
            leg_value_[l] = v;
            leg_width_[l] = width_for(std::fabs(v), spec.flow_max);
        }
        for (std::size_t p = 0; p < np; ++p) {
            double w = run->data->waiting(da, p);
            if (diff) w -= spec.other->data->waiting(db, p);
            radius_[p] = radius_for(std::fabs(w), spec.waiting_max);
        }
    }

    // Screen polylines; legs with a twin in the other direction keep to their right.
    pts_.clear();
    leg_start_.clear();
    std::vector<ImVec2>& tmp = unshifted_;
    for (std::size_t l = 0; l < nl; ++l) {
        leg_start_.push_back(pts_.size());
        const auto& line = geom.leg[l];
        const std::size_t first = pts_.size();
        for (const ImVec2& km : line) pts_.push_back(to_screen(km));
        if (geom.has_reverse[l] && line.size() >= 2) {
            const float off = leg_width_[l] > 0 ? leg_width_[l] * 0.5f + 1.0f : 1.5f;
            tmp.assign(pts_.begin() + static_cast<std::ptrdiff_t>(first), pts_.end());
            for (std::size_t i = 0; i < tmp.size(); ++i) {
                const ImVec2 a = tmp[i == 0 ? 0 : i - 1], b = tmp[i + 1 < tmp.size() ? i + 1 : i];
                const ImVec2 t = sub(b, a);
                const float tl = len(t);
                if (tl <= 0) continue;
                pts_[first + i] = add(tmp[i], mul(ImVec2(-t.y / tl, t.x / tl), off));
            }
        }
    }
    leg_start_.push_back(pts_.size());

    // What is under the mouse: places first, then legs.
    MapItem hover;
    if (hovered && !ImGui::IsMouseDragging(ImGuiMouseButton_Left, 3.0f)) {
        const ImVec2 m = io.MousePos;
        float best = 1e30f;
        for (std::size_t p = 0; p < np; ++p) {
            const float d = len(sub(m, to_screen(geom.place[p])));
            const float reach = std::max(radius_[p], 5.0f) + 3.0f;
            if (d <= reach && d < best) best = d, hover = {MapItem::Kind::Place, p};
        }
        if (hover.kind == MapItem::Kind::None) {
            for (std::size_t l = 0; l < nl; ++l) {
                const float reach = std::max(leg_width_[l] * 0.5f, 2.0f) + 4.0f;
                for (std::size_t i = leg_start_[l]; i + 1 < leg_start_[l + 1]; ++i) {
                    const float d = dist_point_segment(m, pts_[i], pts_[i + 1]);
                    if (d <= reach && d < best) best = d, hover = {MapItem::Kind::Leg, l};
                }
            }
        }
    }
    res.hovered = hover;
    if (ImGui::IsItemDeactivated() && io.MouseDragMaxDistanceSqr[0] < 16.0f && hover.kind != MapItem::Kind::None)
        res.clicked = hover;

    const bool by_group = !diff && have && spec.colour == LegColour::Group && spec.leg_group && spec.leg_group->size() == nl;
    // Legs: faint network first, then by size so that big flows stay on top.
    order_.resize(nl);
    for (std::size_t l = 0; l < nl; ++l) order_[l] = l;
    std::stable_sort(order_.begin(), order_.end(), [&](std::size_t a, std::size_t b) { return leg_width_[a] < leg_width_[b]; });
    for (const std::size_t l : order_) {
        const ImVec2* p = pts_.data() + leg_start_[l];
        const std::size_t n = leg_start_[l + 1] - leg_start_[l];
        if (n < 2) continue;
        const Mode mode = net.legs()[l].mode;
        const float w = leg_width_[l];
        const bool highlight = (hover.kind == MapItem::Kind::Leg && hover.index == l) || spec.selected_leg == l;
        if (highlight)
            dl->AddPolyline(p, static_cast<int>(n), colours::rgb(255, 255, 255, 150), ImDrawFlags_None, std::max(w, 2.0f) + 6.0f);  // whole pixels
        ImU32 col;
        if (diff) {
            col = w <= 0 ? colours::kNoChange : (leg_value_[l] > 0 ? colours::kMoreA : colours::kMoreB);
        } else if (by_group) {
            const std::int32_t g = (*spec.leg_group)[l];
            const ImU32 c = g >= 0 ? group_colour(spec.colour_run ? *spec.colour_run : *run, g)
                                   : g == kOwnService ? colours::kOwnService : colours::kOtherGroup;
            col = w <= 0 || g == kNoFlow ? colours::with_alpha(c, 0.25f) : c;
        } else {
            col = w <= 0 ? colours::with_alpha(colours::mode(mode), 0.32f) : colours::mode(mode);
        }
        const float lw = w > 0 ? w : 1.0f;
        if (mode == Mode::Air)
            dashed_polyline(dl, p, n, col, lw, std::max(10.0f, lw * 2.5f), std::max(6.0f, lw * 1.5f));
        else
            dl->AddPolyline(p, static_cast<int>(n), col, ImDrawFlags_None, lw);
        // Direction: a small arrow head halfway along busy legs.
        ImVec2 at, dir;
        float total = 0.0f;
        if (w >= 2.5f && point_along(p, n, 0.55f, at, dir, total) && total > 60.0f) {
            const float a = std::max(5.0f, w * 0.9f);
            const ImVec2 nrm(-dir.y, dir.x);
            dl->AddTriangleFilled(add(at, mul(dir, a)), add(sub(at, mul(dir, a * 0.6f)), mul(nrm, a * 0.9f)),
                                  sub(sub(at, mul(dir, a * 0.6f)), mul(nrm, a * 0.9f)), col);
        }
    }
    // Places.
    for (std::size_t p = 0; p < np; ++p) {
        const ImVec2 c = to_screen(geom.place[p]);
        if (c.x < p0.x - 40 || c.x > p1.x + 40 || c.y < p0.y - 40 || c.y > p1.y + 40) continue;
        const float r = radius_[p];
        const bool hl = hover.kind == MapItem::Kind::Place && hover.index == p;
        if (r <= 0) {
            dl->AddCircleFilled(c, hl ? kDotRadius + 2.0f : kDotRadius, colours::rgb(235, 238, 242, 210), 8);
            continue;
        }
        ImU32 fill = colours::kPlaceFill, edge = colours::kPlaceEdge;
        if (diff) {
            const double w = run->data->waiting(spec.day, p) - double(spec.other->data->waiting(spec.day, p));
            const ImU32 base = w > 0 ? colours::kMoreA : colours::kMoreB;
            fill = colours::with_alpha(base, 0.35f);
            edge = base;
        }
        dl->AddCircleFilled(c, r, fill, circle_segments(r));
        dl->AddCircle(c, r, hl ? colours::kHighlight : edge, circle_segments(r), hl ? 3.0f : 2.0f);
    }

    // Legs closed in the live run: a red dashed line and a cross, on top of legs and places.
    if (spec.live_settings) {
        for (std::size_t l = 0; l < nl && l < spec.live_settings->legs.size(); ++l) {
            if (spec.live_settings->legs[l].open) continue;
            const ImVec2* p = pts_.data() + leg_start_[l];
            const std::size_t n = leg_start_[l + 1] - leg_start_[l];
            ImVec2 at, dir;
            float total = 0.0f;
            if (n < 2 || !point_along(p, n, 0.5f, at, dir, total)) continue;
            dashed_polyline(dl, p, n, colours::kClosed, 2.0f, 6.0f, 4.0f);
            const float r = 6.0f;
            dl->AddCircleFilled(at, r + 4.0f, colours::rgb(0, 0, 0, 210), 12);
            dl->AddLine(ImVec2(at.x - r, at.y - r), ImVec2(at.x + r, at.y + r), colours::kClosed, 3.0f);
            dl->AddLine(ImVec2(at.x - r, at.y + r), ImVec2(at.x + r, at.y - r), colours::kClosed, 3.0f);
        }
    }

    // Labels of the busiest places (and of origins and destinations), without overlaps.
    {
        ImFont* f = fonts.small;
        auto& cand = label_candidates_;
        cand.clear();
        for (std::size_t p = 0; p < np; ++p) {
            const PlaceKind k = net.places()[p].kind;
            const double prio = radius_[p] * 10.0 + (k == PlaceKind::Origin || k == PlaceKind::Destination ? 5.0 : 0.0) +
                                (hover.kind == MapItem::Kind::Place && hover.index == p ? 1e6 : 0.0);
            if (prio > 0) cand.emplace_back(prio, p);
        }
        std::sort(cand.begin(), cand.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
        label_boxes_.clear();
        for (const auto& [prio, p] : cand) {
            const ImVec2 c = to_screen(geom.place[p]);
            const std::string& name = net.places()[p].name;
            const ImVec2 ts = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0.0f, name.c_str());
            const float r = std::max(radius_[p], kDotRadius);
            ImVec4 box(c.x + r + 3.0f, c.y - ts.y * 0.5f, c.x + r + 3.0f + ts.x, c.y + ts.y * 0.5f);
            if (box.x < p0.x || box.z > p1.x || box.y < p0.y || box.w > p1.y) continue;
            bool clash = false;
            for (const ImVec4& b : label_boxes_)
                clash = clash || !(box.z + 3 < b.x || box.x > b.z + 3 || box.w < b.y || box.y > b.w);
            if (clash) continue;
            label_boxes_.push_back(box);
            shadow_text(dl, f, ImVec2(box.x, box.y), radius_[p] > 0 ? colours::kText : colours::kTextDim, name.c_str());
        }
    }

    // Caption and date (top left).
    {
        const float pad = 8.0f;
        const std::string date = spec.calendar ? spec.calendar->human(spec.day) : fmt::format("day {}", spec.day);
        const std::string sub_line = fmt::format("day {}   ·   legs: {}", spec.day, kFlowMeasureNames[static_cast<int>(spec.measure)]);
        const ImVec2 cs = fonts.bold->CalcTextSizeA(fonts.bold->FontSize, FLT_MAX, 0.0f, spec.caption.c_str());
        const ImVec2 ds = fonts.large->CalcTextSizeA(fonts.large->FontSize, FLT_MAX, 0.0f, date.c_str());
        const ImVec2 ss = fonts.small->CalcTextSizeA(fonts.small->FontSize, FLT_MAX, 0.0f, sub_line.c_str());
        const float sw = cs.y * 0.8f;
        const float w = std::max({cs.x + sw + 6.0f, ds.x, ss.x}) + 2 * pad;
        const float h = cs.y + ds.y + ss.y + 2 * pad + 4.0f;
        const ImVec2 b0(p0.x + 10, p0.y + 10);
        dl->AddRectFilled(b0, ImVec2(b0.x + w, b0.y + h), colours::kOverlayBg, 6.0f);
        float y = b0.y + pad;
        dl->AddRectFilled(ImVec2(b0.x + pad, y + (cs.y - sw) * 0.5f), ImVec2(b0.x + pad + sw, y + (cs.y + sw) * 0.5f),
                          spec.caption_colour, 2.0f);
        dl->AddText(fonts.bold, fonts.bold->FontSize, ImVec2(b0.x + pad + sw + 6.0f, y), colours::kText, spec.caption.c_str());
        y += cs.y + 2.0f;
        dl->AddText(fonts.large, fonts.large->FontSize, ImVec2(b0.x + pad, y), colours::kText, date.c_str());
        y += ds.y + 2.0f;
        dl->AddText(fonts.small, fonts.small->FontSize, ImVec2(b0.x + pad, y), colours::kTextDim, sub_line.c_str());
    }
    if (!have) {
        std::string msg;
        if (!run) msg = "no run to show";
        else if (!run->data || run->stats.days_done == 0) msg = "no day simulated yet";
        else if (!have_run) msg = fmt::format("'{}' has no data for day {} ({} days)", run->label, spec.day, run->stats.days_done);
        else msg = fmt::format("'{}' has no data for day {} ({} days): no difference", spec.other->label, spec.day,
                               spec.other->stats.days_done);
        const ImVec2 ts = ImGui::CalcTextSize(msg.c_str());
        dl->AddText(ImVec2(centre.x - ts.x * 0.5f, centre.y - ts.y * 0.5f), colours::kTextDim, msg.c_str());
    }
    ImVec2 legend_corner(0, 0);
    if (spec.show_legend && legend_open_) legend_corner = draw_legend(dl, ImVec2(p0.x + 10, p1.y - 10), spec, fonts);
    dl->PopClipRect();

    // Legend toggle (bottom left).
    if (spec.show_legend) {
        if (legend_open_) {
            const float bw = ImGui::GetFrameHeight() * 0.8f;
            ImGui::SetCursorScreenPos(ImVec2(legend_corner.x - bw - 4, legend_corner.y + 4));
            if (ImGui::Button("x##legend", ImVec2(bw, bw))) legend_open_ = false;
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("Hide the legend");
        } else {
            ImGui::SetCursorScreenPos(ImVec2(p0.x + 10, p1.y - 10 - ImGui::GetFrameHeight()));
            if (ImGui::Button("Legend")) legend_open_ = true;
        }
    }

    // Zoom buttons (top right).
    {
        const float bw = ImGui::GetFrameHeight();
        const float fit_w = ImGui::CalcTextSize("Fit").x + ImGui::GetStyle().FramePadding.x * 2;
        const float sp = ImGui::GetStyle().ItemSpacing.x * 0.5f;
        ImGui::SetCursorScreenPos(ImVec2(p1.x - 10 - fit_w - 2 * (bw + sp), p0.y + 10));
        auto zoom = [&](double f) {
            view.scale = std::clamp(view.scale * f, 0.005, 200.0);
        };
        if (ImGui::Button("+", ImVec2(bw, bw))) zoom(1.5);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Zoom in (or the mouse wheel)");
        ImGui::SameLine(0, sp);
        if (ImGui::Button("-", ImVec2(bw, bw))) zoom(1.0 / 1.5);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Zoom out");
        ImGui::SameLine(0, sp);
        if (ImGui::Button("Fit", ImVec2(fit_w, bw))) view.scale = 0.0;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Fit the network's places (drag the map to pan)");
    }

    if (hover.kind != MapItem::Kind::None && have) tooltip(hover, spec, fonts);
    ImGui::EndChild();
    return res;
}

ImVec2 MapPane::draw_legend(ImDrawList* dl, ImVec2 corner, const PaneSpec& spec, const Fonts& fonts) const {
    ImFont* f = fonts.small;
    const float fs = f->FontSize;
    const float pad = 8.0f, row = std::max(fs + 6.0f, 20.0f);
    const bool diff = spec.difference && spec.other;
    // Three nice sample values up to the scale maximum.
    auto samples = [](double vmax) {
        std::vector<double> v;
        if (vmax <= 1.0) return v;  // no data yet
        const double mag = std::pow(10.0, std::floor(std::log10(vmax)));
        double top = std::floor(vmax / mag) * mag;
        if (top <= 0) top = vmax;
        for (const double x : {top / 100.0, top / 10.0, top})
            if (x >= 1.0) v.push_back(x);
        return v;
    };
    const auto flow_s = samples(spec.flow_max);
    const auto wait_s = samples(spec.waiting_max);
    const std::string flow_title = diff ? fmt::format("Change in flow ({})", kFlowMeasureNames[static_cast<int>(spec.measure)])
                                        : fmt::format("Width: migrants, {}", kFlowMeasureNames[static_cast<int>(spec.measure)]);
    const char* wait_title = diff ? "Circle: change in migrants waiting" : "Circle: migrants waiting at a place";
    // Colouring by group: the groups that carried most on the legs shown, in
    // their colours (by rank), then the rest in one grey, and legs with no smuggler.
    struct Entry {
        ImU32 colour;
        std::string text;
    };
    std::vector<Entry> groups;
    std::string group_title;
    const bool by_group = !diff && spec.colour == LegColour::Group && spec.leg_group && spec.run &&
                          spec.run->stats.ocgs.available();
    if (by_group) {
        const Run& r = spec.colour_run ? *spec.colour_run : *spec.run;
        std::vector<std::uint32_t> coloured;
        std::vector<std::int32_t> others;
        bool own = false;
        std::vector<std::int32_t> shown = *spec.leg_group;
        if (spec.legend_also) shown.insert(shown.end(), spec.legend_also->begin(), spec.legend_also->end());
        for (const std::int32_t g : shown) {
            if (g == kOwnService) own = true;
            if (g < 0 || static_cast<std::size_t>(g) >= r.stats.ocg_rank.size()) continue;
            const std::uint32_t rank = r.stats.ocg_rank[static_cast<std::size_t>(g)];
            if (rank < std::size(colours::kGroup)) coloured.push_back(rank);
            else others.push_back(g);
        }
        std::sort(coloured.begin(), coloured.end());
        coloured.erase(std::unique(coloured.begin(), coloured.end()), coloured.end());
        std::sort(others.begin(), others.end());
        others.erase(std::unique(others.begin(), others.end()), others.end());
        std::vector<std::uint32_t> by_rank(r.stats.ocg_rank.size());
        for (std::size_t g = 0; g < by_rank.size(); ++g) by_rank[r.stats.ocg_rank[g]] = static_cast<std::uint32_t>(g);
        for (const std::uint32_t rank : coloured) groups.push_back({colours::kGroup[rank], r.stats.ocgs.names[by_rank[rank]]});
        if (!others.empty())
            groups.push_back({colours::kOtherGroup, others.size() == 1 ? r.stats.ocgs.names[static_cast<std::size_t>(others[0])]
                                                                       : fmt::format("{} other groups", others.size())});
        if (own) groups.push_back({colours::kOwnService, "no smuggler (documents)"});
        group_title = "Colour: the group that carried most";
        if (groups.empty()) groups.push_back({colours::with_alpha(colours::kOtherGroup, 0.25f), "nobody carried"});
    }
    float entry_w = 0.0f;
    for (const Entry& e : groups) entry_w = std::max(entry_w, 34.0f + f->CalcTextSizeA(fs, FLT_MAX, 0, e.text.c_str()).x + 16.0f);
    const float group_rows = by_group ? 1.0f + static_cast<float>((groups.size() + 1) / 2) : 1.0f;
    const float col_w = 150.0f;
    const float title_w = std::max({f->CalcTextSizeA(fs, FLT_MAX, 0, flow_title.c_str()).x, f->CalcTextSizeA(fs, FLT_MAX, 0, wait_title).x,
                                    f->CalcTextSizeA(fs, FLT_MAX, 0, group_title.c_str()).x});
    const float w = std::max({title_w, 3 * col_w * 0.72f, 2 * entry_w}) + 2 * pad;
    const float circle_row = 2 * kMaxRadius + 6.0f;
    const float h = pad * 2 + row * group_rows + row /*title*/ + row * static_cast<float>(flow_s.size()) + row /*title*/ + circle_row;
    const ImVec2 b0(corner.x, corner.y - h);
    dl->AddRectFilled(b0, ImVec2(b0.x + w, corner.y), colours::kOverlayBg, 6.0f);
    float y = b0.y + pad;
    float x = b0.x + pad;
    // Modes (or the two colours of a difference).
    const auto line_sample = [&](ImU32 col, bool dashed, const char* text, float at) {
        const ImVec2 a(at, y + row * 0.5f), b(at + 28.0f, y + row * 0.5f);
        if (dashed) {
            const ImVec2 pts[2] = {a, b};
            dashed_polyline(dl, pts, 2, col, 4.0f, 8.0f, 5.0f);
        } else {
            dl->AddLine(a, b, col, 4.0f);
        }
        dl->AddText(f, fs, ImVec2(at + 34.0f, y + (row - fs) * 0.5f), colours::kText, text);
        return at + 34.0f + f->CalcTextSizeA(fs, FLT_MAX, 0, text).x + 16.0f;
    };
    if (by_group) {
        dl->AddText(f, fs, ImVec2(x, y + (row - fs) * 0.5f), colours::kTextDim, group_title.c_str());
        for (std::size_t i = 0; i < groups.size(); ++i) {
            if (i % 2 == 0) y += row;
            line_sample(groups[i].colour, false, groups[i].text.c_str(), x + (i % 2 == 0 ? 0.0f : entry_w));
        }
    } else if (diff) {
        const std::string a = "more in " + spec.run->label, b = "more in " + spec.other->label;
        const float nx = line_sample(colours::kMoreA, false, a.c_str(), x);
        line_sample(colours::kMoreB, false, b.c_str(), nx);
    } else {
        float nx = line_sample(colours::kMode[0], false, "land", x);
        nx = line_sample(colours::kMode[1], false, "sea", nx);
        line_sample(colours::kMode[2], true, "air", nx);
    }
    y += row;
    dl->AddText(f, fs, ImVec2(x, y + (row - fs) * 0.5f), colours::kTextDim, flow_title.c_str());
    y += row;
    for (const double v : flow_s) {
        const float lw = width_for(v, spec.flow_max);
        dl->AddLine(ImVec2(x, y + row * 0.5f), ImVec2(x + 40.0f, y + row * 0.5f), colours::rgb(220, 224, 230), lw);
        const std::string t = (diff ? "±" : "") + fmt_count(v);
        dl->AddText(f, fs, ImVec2(x + 50.0f, y + (row - fs) * 0.5f), colours::kText, t.c_str());
        y += row;
    }
    dl->AddText(f, fs, ImVec2(x, y + (row - fs) * 0.5f), colours::kTextDim, wait_title);
    y += row;
    float cxp = x;
    for (const double v : wait_s) {
        const float r = radius_for(v, spec.waiting_max);
        const ImVec2 c(cxp + r, y + circle_row * 0.5f);
        dl->AddCircleFilled(c, r, colours::kPlaceFill, circle_segments(r));
        dl->AddCircle(c, r, colours::kPlaceEdge, circle_segments(r), 2.0f);
        const std::string t = fmt_count(v);
        dl->AddText(f, fs, ImVec2(c.x + r + 5.0f, c.y - fs * 0.5f), colours::kText, t.c_str());
        cxp = c.x + r + 5.0f + f->CalcTextSizeA(fs, FLT_MAX, 0, t.c_str()).x + 14.0f;
    }
    return ImVec2(b0.x + w, b0.y);
}

void MapPane::tooltip(const MapItem& item, const PaneSpec& spec, const Fonts& fonts) const {
    const Run& a = *spec.run;
    const Run* b = spec.difference && spec.other && spec.other->has_day(spec.day) ? spec.other : nullptr;
    const Network& net = *a.data->network;
    const int da = spec.day, db = spec.day;
    ImGui::BeginTooltip();
    const auto header = [&](const std::string& title, const std::string& sub) {
        ImGui::PushFont(fonts.bold);
        ImGui::TextUnformatted(title.c_str());
        ImGui::PopFont();
        ImGui::TextDisabled("%s", sub.c_str());
    };
    const auto rows_begin = [&]() {
        const int cols = b ? 4 : 2;
        if (!ImGui::BeginTable("##tip", cols, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg)) return false;
        if (b) {
            ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
            ImGui::TableNextColumn();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(a.label.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(b->label.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted("difference");
        }
        return true;
    };
    const auto row = [&](const char* name, double va, double vb, ValueKind kind) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextDisabled("%s", name);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_value(va, kind).c_str());
        if (b) {
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_value(vb, kind).c_str());
            ImGui::TableNextColumn();
            const double d = va - vb;
            ImGui::TextUnformatted((std::string(d > 0 ? "+" : "") + format_value(d, kind)).c_str());
        }
    };
    if (item.kind == MapItem::Kind::Place) {
        const std::size_t p = item.index;
        const Place& pl = net.places()[p];
        header(pl.name, fmt::format("{}  ·  {}  ·  {}", pl.id, pl.country, to_string(pl.kind)));
        ImGui::TextDisabled("%s", spec.calendar ? spec.calendar->human(da).c_str() : "");
        if (rows_begin()) {
            const auto at = [&](const char* name) {
                return std::pair{a.data->view(Dim::Place, name)(da, p), b ? b->data->view(Dim::Place, name)(db, p) : 0.0};
            };
            const auto waiting = at("waiting"), generated = at("generated"), stranded = at("stranded");
            row("waiting", waiting.first, waiting.second, ValueKind::Count);
            row("generated that day", generated.first, generated.second, ValueKind::Count);
            row("stranded that day", stranded.first, stranded.second, ValueKind::Count);
            ImGui::EndTable();
        }
    } else {
        const std::size_t l = item.index;
        const Leg& leg = net.legs()[l];
        header(net.places()[leg.from].name + "  \xe2\x86\x92  " + net.places()[leg.to].name,
               fmt::format("{}  ·  {} ({})  ·  {:.0f} km  ·  {:g} days", leg.id, to_string(leg.mode), leg.means,
                           leg.length_km, leg.base_days));
        ImGui::TextDisabled("%s", spec.calendar ? spec.calendar->human(da).c_str() : "");
        if (rows_begin()) {
            const auto at = [&](const Run& r, const char* name, int d) { return r.data->view(Dim::Leg, name)(d, l); };
            row("boarded (flow)", at(a, "flow", da), b ? at(*b, "flow", db) : 0, ValueKind::Count);
            if (spec.measure != FlowMeasure::Day)
                row(spec.measure == FlowMeasure::Week ? "flow, 7-day mean" : "flow, total to date", a.leg_flow(l, da, spec.measure),
                    b ? b->leg_flow(l, db, spec.measure) : 0, ValueKind::Count);
            for (const auto& [label, name] : {std::pair{"queue", "queue"}, std::pair{"dead", "dead"},
                                              std::pair{"missing", "missing"}, std::pair{"intercepted", "intercepted"}})
                row(label, at(a, name, da), b ? at(*b, name, db) : 0, ValueKind::Count);
            row("paid to smugglers", at(a, "paid_eur", da), b ? at(*b, "paid_eur", db) : 0, ValueKind::Eur);
            ImGui::EndTable();
        }
        // The leg's offers in the run shown: who sells it, at what price, to how many.
        const OcgIndex& ix = a.stats.ocgs;
        if (ix.available() && l < ix.leg_offers.size() && !ix.leg_offers[l].empty()) {
            ImGui::Separator();
            const bool period = spec.measure != FlowMeasure::Day;
            const auto [first, last] = a.period(da, spec.measure);
            ImGui::TextDisabled("offers%s", b ? (" in " + a.label).c_str() : "");
            if (ImGui::BeginTable("##offers", period ? 4 : 3, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg)) {
                ImGui::TableSetupColumn("group");
                ImGui::TableSetupColumn("price");
                ImGui::TableSetupColumn("boarded");
                if (period) ImGui::TableSetupColumn(spec.measure == FlowMeasure::Week ? "last 7 days" : "to date");
                ImGui::TableHeadersRow();
                const SeriesView price = a.data->view(Dim::Offer, "price_eur"), boarded = a.data->view(Dim::Offer, "boardings");
                for (const std::uint32_t o : ix.leg_offers[l]) {
                    const std::int32_t g = ix.offer_ocg[o];
                    ImGui::TableNextRow();
                    ImGui::TableNextColumn();
                    colour_swatch(g >= 0 ? group_colour(spec.colour_run ? *spec.colour_run : a, g) : colours::kOwnService);
                    ImGui::SameLine();
                    ImGui::TextUnformatted(g >= 0 ? ix.names[static_cast<std::size_t>(g)].c_str() : "no smuggler");
                    ImGui::TableNextColumn();
                    ImGui::TextUnformatted(fmt_eur(price(da, o)).c_str());
                    ImGui::TableNextColumn();
                    ImGui::TextUnformatted(fmt_count(boarded(da, o)).c_str());
                    if (period) {
                        ImGui::TableNextColumn();
                        ImGui::TextUnformatted(fmt_count(a.offer_boardings(o, first, last)).c_str());
                    }
                }
                ImGui::EndTable();
            }
        }
        ImGui::Separator();
        ImGui::TextDisabled("base: price %s  ·  capacity %s/day  ·  hazard %s  ·  interception %s", fmt_eur(leg.price_eur).c_str(),
                            fmt_count(leg.capacity_per_day).c_str(), fmt_percent(leg.hazard * leg.hazard_raster_factor).c_str(),
                            fmt_percent(leg.interception * leg.interception_raster_factor).c_str());
        if (spec.live_settings && spec.scenario_settings && l < spec.live_settings->legs.size() &&
            l < spec.scenario_settings->legs.size()) {
            const LegSettings& now = spec.live_settings->legs[l];
            const LegSettings& was = spec.scenario_settings->legs[l];
            if (!(now == was)) {
                ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(colours::kWarning));
                if (!now.open)
                    ImGui::TextUnformatted("live run: CLOSED");
                else
                    ImGui::Text("live run: price %s  ·  capacity %s/day  ·  hazard %s", fmt_eur(now.price).c_str(),
                                fmt_count(now.capacity).c_str(), fmt_percent(now.hazard).c_str());
                ImGui::PopStyleColor();
            }
        }
    }
    ImGui::TextDisabled("click to pin its time series");
    ImGui::EndTooltip();
}

}  // namespace smugglesim::viewer::gui
