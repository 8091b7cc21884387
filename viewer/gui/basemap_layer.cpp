#include "viewer/gui/basemap_layer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "viewer/gui/gl.hpp"

namespace smugglesim::viewer::gui {

namespace {

constexpr const char* kVertexShader = R"(#version 330 core
layout(location = 0) in vec2 km;
uniform vec4 transform;  // ax, bx, ay, by: ndc = a * km + b
void main() { gl_Position = vec4(km.x * transform.x + transform.y, km.y * transform.z + transform.w, 0.0, 1.0); }
)";

constexpr const char* kFragmentShader = R"(#version 330 core
uniform vec4 colour;
out vec4 out_colour;
void main() { out_colour = colour; }
)";

GLuint compile(GLenum kind, const char* src) {
    const GLuint s = glCreateShader(kind);
    glShaderSource(s, 1, &src, nullptr);
    glCompileShader(s);
    GLint ok = 0;
    glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        char log[1024] = {};
        glGetShaderInfoLog(s, sizeof log, nullptr, log);
        glDeleteShader(s);
        throw std::runtime_error(std::string("basemap shader: ") + log);
    }
    return s;
}

// Texture margin around the pane, in pixels: panning within it needs no re-render.
int margin_for(ImVec2 size) { return static_cast<int>(std::max(size.x, size.y) * 0.2f); }

}  // namespace

BasemapLayer::~BasemapLayer() {
    if (fbo_) glDeleteFramebuffers(1, &fbo_);
    if (texture_) glDeleteTextures(1, &texture_);
    if (vbo_) glDeleteBuffers(1, &vbo_);
    if (vao_) glDeleteVertexArrays(1, &vao_);
    if (program_) glDeleteProgram(program_);
}

void BasemapLayer::upload(const Basemap& map) {
    if (!program_) {
        const GLuint vs = compile(GL_VERTEX_SHADER, kVertexShader);
        const GLuint fs = compile(GL_FRAGMENT_SHADER, kFragmentShader);
        program_ = glCreateProgram();
        glAttachShader(program_, vs);
        glAttachShader(program_, fs);
        glLinkProgram(program_);
        glDeleteShader(vs);
        glDeleteShader(fs);
        GLint ok = 0;
        glGetProgramiv(program_, GL_LINK_STATUS, &ok);
        if (!ok) throw std::runtime_error("basemap shader program does not link");
        u_transform_ = glGetUniformLocation(program_, "transform");
        u_colour_ = glGetUniformLocation(program_, "colour");
        glGenVertexArrays(1, &vao_);
        glGenBuffers(1, &vbo_);
    }
    std::vector<float> xy;
    for (const BasemapCountry& c : map.countries) {
        const std::size_t whole = c.triangles.size() - c.triangles.size() % 6;  // whole triangles only
        xy.insert(xy.end(), c.triangles.begin(), c.triangles.begin() + static_cast<std::ptrdiff_t>(whole));
    }
    fill_vertices_ = static_cast<int>(xy.size() / 2);
    ring_first_.clear();
    ring_count_.clear();
    for (const BasemapCountry& c : map.countries) {
        for (const auto& ring : c.outlines) {
            if (ring.size() < 4) continue;
            ring_first_.push_back(static_cast<int>(xy.size() / 2));
            ring_count_.push_back(static_cast<int>(ring.size() / 2));
            xy.insert(xy.end(), ring.begin(), ring.begin() + static_cast<std::ptrdiff_t>(ring.size() / 2 * 2));
        }
    }
    total_vertices_ = xy.size() / 2;
    GLint prev_vao = 0, prev_buf = 0;
    glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &prev_vao);
    glGetIntegerv(GL_ARRAY_BUFFER_BINDING, &prev_buf);
    glBindVertexArray(vao_);
    glBindBuffer(GL_ARRAY_BUFFER, vbo_);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(xy.size() * sizeof(float)), xy.data(), GL_STATIC_DRAW);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 2 * sizeof(float), nullptr);
    glBindVertexArray(static_cast<GLuint>(prev_vao));
    glBindBuffer(GL_ARRAY_BUFFER, static_cast<GLuint>(prev_buf));
    tex_w_ = 0;  // re-render
}

void BasemapLayer::draw(ImDrawList* dl, BasemapBlit& blit, ImVec2 p0, ImVec2 size, double cx, double cy, double scale,
                        ImU32 sea, ImU32 land, ImU32 border) {
    const ImVec2 p1(p0.x + size.x, p0.y + size.y);
    if (empty() || size.x < 1 || size.y < 1) {
        dl->AddRectFilled(p0, p1, sea);
        return;
    }
    // The texture has the framebuffer's resolution (HiDPI) and a margin around the pane.
    const float fbs = std::max(ImGui::GetIO().DisplayFramebufferScale.x, 1.0f);
    const int m = margin_for(size);
    const int w = static_cast<int>(std::lround((size.x + 2.0f * static_cast<float>(m)) * fbs));
    const int h = static_cast<int>(std::lround((size.y + 2.0f * static_cast<float>(m)) * fbs));
    const double tex_scale = scale * fbs;  // texture pixels per km
    // Where the texture's centre is now, in screen pixels from the pane's centre.
    const double off_x = (tex_cx_ - cx) * scale, off_y = -(tex_cy_ - cy) * scale;
    const bool stale = w != tex_w_ || h != tex_h_ || tex_scale != tex_scale_ || std::fabs(off_x) > m || std::fabs(off_y) > m ||
                       tex_colours_[0] != sea || tex_colours_[1] != land || tex_colours_[2] != border;
    if (stale) render_texture(w, h, cx, cy, tex_scale, sea, land, border);
    const float ox = static_cast<float>((tex_cx_ - cx) * scale), oy = static_cast<float>(-(tex_cy_ - cy) * scale);
    const ImVec2 c(p0.x + size.x * 0.5f + ox, p0.y + size.y * 0.5f + oy);
    const float qw = static_cast<float>(w) / fbs, qh = static_cast<float>(h) / fbs;
    const ImVec2 q0(c.x - qw * 0.5f, c.y - qh * 0.5f);
    const ImVec2 q1(q0.x + qw, q0.y + qh);
    blit.layer = this;
    blit.q0 = q0;
    blit.q1 = q1;
    blit.clip = ImVec4(p0.x, p0.y, p1.x, p1.y);
    dl->AddCallback(&BasemapLayer::blit_callback, &blit);
    dl->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
}

void BasemapLayer::blit_callback(const ImDrawList*, const ImDrawCmd* cmd) {
    const auto* b = static_cast<const BasemapBlit*>(cmd->UserCallbackData);
    if (!b || !b->layer || !b->layer->fbo_) return;
    const ImGuiIO& io = ImGui::GetIO();
    const float sx = io.DisplayFramebufferScale.x, sy = io.DisplayFramebufferScale.y;
    const float fb_h = io.DisplaySize.y * sy;
    const float x0 = std::max(b->clip.x, cmd->ClipRect.x), y0 = std::max(b->clip.y, cmd->ClipRect.y);
    const float x1 = std::min(b->clip.z, cmd->ClipRect.z), y1 = std::min(b->clip.w, cmd->ClipRect.w);
    if (x1 <= x0 || y1 <= y0) return;
    glEnable(GL_SCISSOR_TEST);
    glScissor(static_cast<GLint>(x0 * sx), static_cast<GLint>(fb_h - y1 * sy), static_cast<GLsizei>((x1 - x0) * sx),
              static_cast<GLsizei>((y1 - y0) * sy));
    GLint prev_read = 0;
    glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &prev_read);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, b->layer->fbo_);
    const auto X = [&](float x) { return static_cast<GLint>(std::lround(x * sx)); };
    const auto Y = [&](float y) { return static_cast<GLint>(std::lround(fb_h - y * sy)); };
    glBlitFramebuffer(0, 0, b->layer->tex_w_, b->layer->tex_h_, X(b->q0.x), Y(b->q1.y), X(b->q1.x), Y(b->q0.y),
                      GL_COLOR_BUFFER_BIT, GL_NEAREST);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, static_cast<GLuint>(prev_read));
}

void BasemapLayer::render_texture(int w, int h, double cx, double cy, double scale, ImU32 sea, ImU32 land, ImU32 border) {
    GLint prev_fbo = 0, prev_program = 0, prev_vao = 0, prev_tex = 0, prev_viewport[4] = {};
    glGetIntegerv(GL_FRAMEBUFFER_BINDING, &prev_fbo);
    glGetIntegerv(GL_CURRENT_PROGRAM, &prev_program);
    glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &prev_vao);
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &prev_tex);
    glGetIntegerv(GL_VIEWPORT, prev_viewport);
    const GLboolean scissor = glIsEnabled(GL_SCISSOR_TEST), blend = glIsEnabled(GL_BLEND);

    if (!texture_) glGenTextures(1, &texture_);
    if (!fbo_) glGenFramebuffers(1, &fbo_);
    glBindTexture(GL_TEXTURE_2D, texture_);
    if (w != tex_w_ || h != tex_h_) {
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    }
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, texture_, 0);
    glViewport(0, 0, w, h);
    glDisable(GL_SCISSOR_TEST);
    glDisable(GL_BLEND);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_CULL_FACE);
    const ImVec4 s = ImGui::ColorConvertU32ToFloat4(sea);
    glClearColor(s.x, s.y, s.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    glUseProgram(program_);
    glBindVertexArray(vao_);
    // km -> ndc for a texture centred on (cx, cy).
    glUniform4f(u_transform_, static_cast<float>(2.0 * scale / w), static_cast<float>(-2.0 * cx * scale / w),
                static_cast<float>(2.0 * scale / h), static_cast<float>(-2.0 * cy * scale / h));
    const ImVec4 fill = ImGui::ColorConvertU32ToFloat4(land);
    glUniform4f(u_colour_, fill.x, fill.y, fill.z, 1.0f);
    if (fill_vertices_ > 0) glDrawArrays(GL_TRIANGLES, 0, fill_vertices_);
    const ImVec4 line = ImGui::ColorConvertU32ToFloat4(border);
    glUniform4f(u_colour_, line.x, line.y, line.z, 1.0f);
    if (!ring_first_.empty())
        glMultiDrawArrays(GL_LINE_LOOP, ring_first_.data(), ring_count_.data(), static_cast<GLsizei>(ring_first_.size()));

    glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(prev_fbo));
    glUseProgram(static_cast<GLuint>(prev_program));
    glBindVertexArray(static_cast<GLuint>(prev_vao));
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(prev_tex));
    glViewport(prev_viewport[0], prev_viewport[1], prev_viewport[2], prev_viewport[3]);
    if (scissor) glEnable(GL_SCISSOR_TEST);
    if (blend) glEnable(GL_BLEND);
    tex_w_ = w;
    tex_h_ = h;
    tex_cx_ = cx;
    tex_cy_ = cy;
    tex_scale_ = scale;
    tex_colours_[0] = sea;
    tex_colours_[1] = land;
    tex_colours_[2] = border;
    ++renders_;
}

}  // namespace smugglesim::viewer::gui
