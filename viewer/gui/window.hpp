#pragma once
// The GLFW window with its OpenGL 3.3 core context, and Dear ImGui set up on
// it (GLFW and OpenGL 3 backends). RAII: the destructor shuts down in order.
#include <string>

struct GLFWwindow;

namespace smugglesim::viewer::gui {

class Window {
public:
    // Throws std::runtime_error with a readable message (no display, no OpenGL 3.3).
    Window(int width, int height, bool visible, const std::string& title);
    ~Window();
    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;

    GLFWwindow* handle() const { return window_; }
    bool should_close() const;
    void set_swap_interval(int n) const;
    void swap() const;
    void poll_events() const;
    void wait_events(double timeout_seconds) const;
    // ImGui: call after the fonts are added (the font texture is built on the first frame).
    void init_imgui();
    void new_frame() const;
    void render() const;  // the draw data of ImGui::Render() into the bound framebuffer

private:
    GLFWwindow* window_ = nullptr;
    bool imgui_ready_ = false;
};

}  // namespace smugglesim::viewer::gui
