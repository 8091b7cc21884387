#pragma once
// The country basemap on the GPU. All fill triangles and outline rings are
// uploaded once into one vertex buffer (map km). They are rasterised into a
// cached texture (sea, land, borders) only when the zoom or the pane size
// changes, or when panning leaves the texture's margin; a frame draws that
// texture, copied into the frame with glBlitFramebuffer (no shading, no blending). (With Mesa's software rasteriser, redrawing ~40 000
// triangles every frame would cost more than the rest of the UI together.)
#include <imgui.h>

#include <cstddef>
#include <vector>

#include "viewer/core/basemap.hpp"

namespace smugglesim::viewer::gui {

class BasemapLayer;

// Where one pane shows the cached texture this frame (owned by the pane: it
// must live until the frame is rendered).
struct BasemapBlit {
    const BasemapLayer* layer = nullptr;
    ImVec2 q0, q1;  // the texture's rectangle on screen
    ImVec4 clip;    // the pane
};

class BasemapLayer {
public:
    BasemapLayer() = default;
    ~BasemapLayer();
    BasemapLayer(const BasemapLayer&) = delete;
    BasemapLayer& operator=(const BasemapLayer&) = delete;

    // Uploads the basemap (needs the GL context). Throws std::runtime_error if
    // the shaders do not compile.
    void upload(const Basemap& map);
    bool empty() const { return fill_vertices_ == 0 && ring_first_.empty(); }
    std::size_t vertex_count() const { return total_vertices_; }
    int renders() const { return renders_; }  // texture re-renders so far (for tests/benchmarks)

    // Draws the basemap for a pane of `size` pixels at `p0` (top left) whose
    // centre shows km (cx, cy) at `scale` pixels per km, re-rendering the
    // cached texture if needed (call while building the frame, outside any
    // ImGui rendering). Falls back to the sea colour alone if empty.
    void draw(ImDrawList* dl, BasemapBlit& blit, ImVec2 p0, ImVec2 size, double cx, double cy, double scale, ImU32 sea,
              ImU32 land, ImU32 border);

private:
    static void blit_callback(const ImDrawList* dl, const ImDrawCmd* cmd);
    void render_texture(int w, int h, double cx, double cy, double scale, ImU32 sea, ImU32 land, ImU32 border);

    unsigned program_ = 0, vao_ = 0, vbo_ = 0;
    int u_transform_ = -1, u_colour_ = -1;
    int fill_vertices_ = 0;
    std::size_t total_vertices_ = 0;
    std::vector<int> ring_first_, ring_count_;

    // The cached texture: what it shows.
    unsigned fbo_ = 0, texture_ = 0;
    int tex_w_ = 0, tex_h_ = 0;
    double tex_cx_ = 0, tex_cy_ = 0, tex_scale_ = 0;
    ImU32 tex_colours_[3] = {0, 0, 0};
    int renders_ = 0;
};

}  // namespace smugglesim::viewer::gui
