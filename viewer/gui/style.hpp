#pragma once
// Colours, fonts and the ImGui style: dark, high-contrast, for projection.
// Mode and run colours come from the Okabe-Ito palette (distinguishable with
// the common colour-vision deficiencies); air legs are also dashed.
#include <imgui.h>

#include <cstddef>

#include "sim/network.hpp"

namespace smugglesim::viewer::gui {

namespace colours {
inline constexpr ImU32 rgb(unsigned r, unsigned g, unsigned b, unsigned a = 255) {
    return static_cast<ImU32>((a << IM_COL32_A_SHIFT) | (b << IM_COL32_B_SHIFT) | (g << IM_COL32_G_SHIFT) |
                              (r << IM_COL32_R_SHIFT));
}
inline constexpr ImU32 kSea = rgb(14, 25, 40);
inline constexpr ImU32 kLand = rgb(43, 49, 58);
inline constexpr ImU32 kBorder = rgb(88, 98, 112);
inline constexpr ImU32 kGrid = rgb(255, 255, 255, 28);
inline constexpr ImU32 kText = rgb(232, 234, 237);
inline constexpr ImU32 kTextDim = rgb(160, 168, 178);
inline constexpr ImU32 kPanel = rgb(22, 26, 32);
inline constexpr ImU32 kOverlayBg = rgb(16, 20, 27, 225);
inline constexpr ImU32 kError = rgb(235, 87, 87);
inline constexpr ImU32 kErrorBg = rgb(96, 22, 26);
inline constexpr ImU32 kWarning = rgb(240, 190, 70);
inline constexpr ImU32 kWarningBg = rgb(84, 62, 14);
inline constexpr ImU32 kOk = rgb(110, 205, 140);
inline constexpr ImU32 kMarker = rgb(255, 255, 255, 150);
inline constexpr ImU32 kPlaceFill = rgb(250, 250, 250, 55);
inline constexpr ImU32 kPlaceEdge = rgb(250, 250, 250, 215);
inline constexpr ImU32 kHighlight = rgb(255, 255, 255);
inline constexpr ImU32 kClosed = rgb(235, 87, 87);
// Modes: land = orange, sea = sky blue, air = reddish purple (dashed).
inline constexpr ImU32 kMode[3] = {rgb(230, 159, 0), rgb(86, 180, 233), rgb(214, 130, 186)};
// Difference map: more in A = vermillion, more in B = blue.
inline constexpr ImU32 kMoreA = rgb(240, 110, 40);
inline constexpr ImU32 kMoreB = rgb(70, 160, 240);
inline constexpr ImU32 kNoChange = rgb(150, 155, 165, 110);
// Runs in charts (in order of opening); live mode: baseline grey, live orange.
inline constexpr ImU32 kRun[7] = {rgb(86, 180, 233), rgb(240, 228, 66), rgb(0, 178, 128), rgb(228, 100, 40),
                                  rgb(214, 130, 186), rgb(230, 159, 0), rgb(170, 170, 255)};
inline constexpr ImU32 kBaseline = rgb(185, 190, 198);
inline constexpr ImU32 kLive = rgb(230, 159, 0);
inline constexpr ImU32 kDiff = rgb(245, 245, 245);

// Organised crime groups on the map: the groups that carried most over the run
// so far get these colours (in rank order); the others share kOtherGroup. A leg
// taken with genuine documents (no smuggler) is kOwnService.
inline constexpr ImU32 kGroup[12] = {rgb(230, 159, 0),   rgb(86, 180, 233),  rgb(0, 178, 128),   rgb(240, 228, 66),
                                     rgb(214, 130, 186), rgb(228, 90, 40),   rgb(60, 120, 230),  rgb(170, 130, 255),
                                     rgb(150, 215, 110), rgb(255, 160, 150), rgb(110, 220, 220), rgb(205, 170, 110)};
inline constexpr ImU32 kOtherGroup = rgb(135, 140, 150);
inline constexpr ImU32 kOwnService = rgb(240, 240, 240);

inline ImU32 mode(Mode m) { return kMode[static_cast<std::size_t>(m)]; }
inline ImU32 with_alpha(ImU32 c, float a) {
    const auto alpha = static_cast<unsigned>(a * 255.0f + 0.5f);
    return (c & ~IM_COL32_A_MASK) | (alpha << IM_COL32_A_SHIFT);
}
}  // namespace colours

// Owned by the application for the lifetime of the ImGui context: the font
// atlas keeps a pointer to the glyph ranges.
struct Fonts {
    Fonts() = default;
    Fonts(const Fonts&) = delete;
    Fonts& operator=(const Fonts&) = delete;
    ImVector<ImWchar> ranges;
    ImFont* regular = nullptr;
    ImFont* bold = nullptr;   // headings
    ImFont* small = nullptr;  // map labels, axis ticks
    ImFont* large = nullptr;  // the date on the map
    bool truetype = false;    // DejaVu found (else ImGui's built-in font)
};

// Loads the fonts (DejaVu Sans if installed, sizes x font_scale) and sets the
// style. Call once after ImGui::CreateContext(), before the first frame.
void setup_style(float font_scale, Fonts& fonts);

}  // namespace smugglesim::viewer::gui
