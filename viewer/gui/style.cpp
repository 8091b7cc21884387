#include "viewer/gui/style.hpp"

#include <filesystem>

namespace smugglesim::viewer::gui {

namespace {

ImVec4 vec(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

const ImWchar* glyph_ranges(ImFontAtlas& atlas, ImVector<ImWchar>& storage) {
    ImFontGlyphRangesBuilder b;
    b.AddRanges(atlas.GetGlyphRangesDefault());
    static constexpr ImWchar kExtra[] = {
        0x0100, 0x017F,  // Latin Extended-A (place names)
        0x2010, 0x2027,  // dashes, bullets, ellipsis
        0x2030, 0x203A,
        0x20AC, 0x20AC,  // euro sign
        0x2190, 0x2195,  // arrows
        0x2212, 0x2212,  // minus sign
        0x2248, 0x2248,  // almost equal
        0x25A0, 0x25CF,  // squares, triangles, circles (play/pause glyphs)
        0,
    };
    b.AddRanges(kExtra);
    b.BuildRanges(&storage);
    return storage.Data;
}

}  // namespace

void setup_style(float font_scale, Fonts& f) {
    ImGuiIO& io = ImGui::GetIO();
    const std::filesystem::path dir = "/usr/share/fonts/truetype/dejavu";
    const auto regular = dir / "DejaVuSans.ttf";
    const auto bold = dir / "DejaVuSans-Bold.ttf";
    std::error_code ec;
    if (std::filesystem::exists(regular, ec) && std::filesystem::exists(bold, ec)) {
        const ImWchar* r = glyph_ranges(*io.Fonts, f.ranges);
        ImFontConfig cfg;
        cfg.OversampleH = 2;
        cfg.OversampleV = 1;
        f.regular = io.Fonts->AddFontFromFileTTF(regular.c_str(), 16.0f * font_scale, &cfg, r);
        f.bold = io.Fonts->AddFontFromFileTTF(bold.c_str(), 17.0f * font_scale, &cfg, r);
        f.small = io.Fonts->AddFontFromFileTTF(regular.c_str(), 13.5f * font_scale, &cfg, r);
        f.large = io.Fonts->AddFontFromFileTTF(bold.c_str(), 24.0f * font_scale, &cfg, r);
        f.truetype = f.regular && f.bold && f.small && f.large;
    }
    if (!f.truetype) {
        io.Fonts->Clear();
        ImFontConfig cfg;
        cfg.SizePixels = 13.0f * font_scale;
        f.regular = f.bold = f.small = f.large = io.Fonts->AddFontDefault(&cfg);
    }
    io.FontDefault = f.regular;

    ImGui::StyleColorsDark();
    ImGuiStyle& s = ImGui::GetStyle();
    s.WindowRounding = 6.0f;
    s.ChildRounding = 4.0f;
    s.FrameRounding = 4.0f;
    s.PopupRounding = 4.0f;
    s.GrabRounding = 4.0f;
    s.TabRounding = 4.0f;
    s.ScrollbarRounding = 6.0f;
    s.WindowPadding = ImVec2(10, 10);
    s.FramePadding = ImVec2(8, 5);
    s.ItemSpacing = ImVec2(8, 6);
    s.ItemInnerSpacing = ImVec2(6, 4);
    s.ScrollbarSize = 14.0f;
    s.GrabMinSize = 12.0f;
    s.WindowBorderSize = 1.0f;
    s.ChildBorderSize = 1.0f;
    s.FrameBorderSize = 0.0f;
    s.WindowTitleAlign = ImVec2(0.0f, 0.5f);

    ImVec4* c = s.Colors;
    const ImVec4 accent = vec(colours::rgb(58, 143, 214));
    const ImVec4 accent_hi = vec(colours::rgb(86, 170, 240));
    c[ImGuiCol_Text] = vec(colours::kText);
    c[ImGuiCol_TextDisabled] = vec(colours::kTextDim);
    c[ImGuiCol_WindowBg] = vec(colours::kPanel);
    c[ImGuiCol_ChildBg] = vec(colours::rgb(0, 0, 0, 0));
    c[ImGuiCol_PopupBg] = vec(colours::rgb(26, 31, 39, 245));
    c[ImGuiCol_Border] = vec(colours::rgb(60, 68, 80));
    c[ImGuiCol_FrameBg] = vec(colours::rgb(36, 42, 51));
    c[ImGuiCol_FrameBgHovered] = vec(colours::rgb(48, 57, 70));
    c[ImGuiCol_FrameBgActive] = vec(colours::rgb(56, 68, 84));
    c[ImGuiCol_TitleBg] = vec(colours::rgb(30, 36, 45));
    c[ImGuiCol_TitleBgActive] = vec(colours::rgb(38, 58, 84));
    c[ImGuiCol_TitleBgCollapsed] = vec(colours::rgb(30, 36, 45));
    c[ImGuiCol_MenuBarBg] = vec(colours::rgb(28, 33, 41));
    c[ImGuiCol_Button] = vec(colours::rgb(44, 60, 80));
    c[ImGuiCol_ButtonHovered] = vec(colours::rgb(58, 86, 118));
    c[ImGuiCol_ButtonActive] = accent;
    c[ImGuiCol_Header] = vec(colours::rgb(44, 60, 80));
    c[ImGuiCol_HeaderHovered] = vec(colours::rgb(58, 86, 118));
    c[ImGuiCol_HeaderActive] = accent;
    c[ImGuiCol_CheckMark] = accent_hi;
    c[ImGuiCol_SliderGrab] = accent;
    c[ImGuiCol_SliderGrabActive] = accent_hi;
    c[ImGuiCol_Tab] = vec(colours::rgb(34, 42, 54));
    c[ImGuiCol_TabHovered] = vec(colours::rgb(58, 86, 118));
    c[ImGuiCol_TabActive] = vec(colours::rgb(46, 74, 106));
    c[ImGuiCol_Separator] = vec(colours::rgb(60, 68, 80));
    c[ImGuiCol_PlotLines] = accent_hi;
    c[ImGuiCol_TableHeaderBg] = vec(colours::rgb(34, 42, 54));
    c[ImGuiCol_TableRowBgAlt] = vec(colours::rgb(255, 255, 255, 10));
    s.ScaleAllSizes(font_scale);
}

}  // namespace smugglesim::viewer::gui
