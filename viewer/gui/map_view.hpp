#pragma once
// The map: places and legs of a run over the country basemap, in the
// basemap's projection (km). Projected geometry is cached per network; a frame
// only maps cached km coordinates to pixels. Pan by dragging, zoom with the
// wheel around the cursor; hover for a tooltip, click to pin an inspector.
#include <imgui.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/interventions/settings.hpp"
#include "viewer/core/basemap.hpp"
#include "viewer/gui/basemap_layer.hpp"
#include "viewer/gui/format.hpp"
#include "viewer/gui/runs.hpp"
#include "viewer/gui/style.hpp"

namespace smugglesim::viewer::gui {

struct NetworkGeometry {
    std::shared_ptr<const Network> network;
    std::vector<ImVec2> place;               // km (x east, y north)
    std::vector<std::vector<ImVec2>> leg;    // polyline, km
    std::vector<unsigned char> has_reverse;  // a leg runs the other way between the same places
    ImVec4 bbox{0, 0, 1, 1};                 // of the places: xmin, ymin, xmax, ymax
};

// Projected geometry per network, computed once: keyed by the network object,
// and reused for another object with the same places and legs (live snapshots).
class GeometryCache {
public:
    explicit GeometryCache(const MapProjection& proj) : proj_(proj) {}
    const NetworkGeometry& get(const std::shared_ptr<const Network>& net);

private:
    const MapProjection& proj_;
    std::vector<std::unique_ptr<NetworkGeometry>> entries_;
};

// Pan and zoom, shared by the panes of a split view.
struct MapView {
    double cx = 0.0, cy = 0.0;  // km at the centre of the pane
    double scale = 0.0;         // pixels per km; 0 = fit on the next frame
    void fit(const ImVec4& bbox, ImVec2 size);
};

struct MapItem {
    enum class Kind { None, Place, Leg };
    Kind kind = Kind::None;
    std::size_t index = 0;
    bool operator==(const MapItem&) const = default;
};

// How legs are coloured (except on a difference map): by mode, or by the
// organised crime group that carried most of their flow in the period shown.
enum class LegColour { Mode = 0, Group = 1 };
inline constexpr const char* kLegColourNames[2] = {"mode", "group"};

// The colour of group `g` of `run` on the map: kGroup by its rank (the
// migrants it carried over the run so far), kOtherGroup past the palette.
ImU32 group_colour(const Run& run, std::int32_t g);

// What one pane shows this frame.
struct PaneSpec {
    const Run* run = nullptr;         // the run drawn (difference: A)
    const Run* other = nullptr;       // difference: B
    bool difference = false;
    int day = 0;
    FlowMeasure measure = FlowMeasure::Day;
    LegColour colour = LegColour::Mode;
    // LegColour::Group: per leg of `run`, Run::dominant_groups() for the day and
    // measure; the run whose group ranks give the colours (null: `run`), so that
    // panes of runs with the same groups colour a group alike; and the groups of
    // another pane to list in this pane's legend too.
    const std::vector<std::int32_t>* leg_group = nullptr;
    const Run* colour_run = nullptr;
    const std::vector<std::int32_t>* legend_also = nullptr;
    double flow_max = 1.0;            // flow drawn at full width
    double waiting_max = 1.0;         // waiting drawn at full radius
    const Settings* live_settings = nullptr;      // live run: closed/changed legs
    const Settings* scenario_settings = nullptr;  // the scenario's values
    std::optional<std::size_t> selected_leg;
    std::string caption;              // top-left, e.g. the run's label
    ImU32 caption_colour = 0;
    bool show_legend = true;
    const Calendar* calendar = nullptr;
};

struct PaneResult {
    MapItem hovered, clicked;
};

class MapPane {
public:
    // Draws the pane of `size` at the cursor.
    PaneResult draw(const char* id, ImVec2 size, MapView& view, const PaneSpec& spec, const NetworkGeometry& geom,
                    BasemapLayer& basemap, const Fonts& fonts);

private:
    // Returns the legend's top-right corner (for its hide button).
    ImVec2 draw_legend(ImDrawList* dl, ImVec2 corner, const PaneSpec& spec, const Fonts& fonts) const;
    void tooltip(const MapItem& item, const PaneSpec& spec, const Fonts& fonts) const;

    BasemapBlit blit_;
    bool legend_open_ = true;
    // Scratch buffers reused from frame to frame.
    std::vector<ImVec2> pts_;
    std::vector<std::size_t> leg_start_;
    std::vector<float> leg_width_, radius_;
    std::vector<double> leg_value_;
    std::vector<std::size_t> order_;
    std::vector<ImVec4> label_boxes_;
    std::vector<ImVec2> unshifted_;
    std::vector<std::pair<double, std::size_t>> label_candidates_;
};

}  // namespace smugglesim::viewer::gui
