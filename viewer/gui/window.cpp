#include "viewer/gui/window.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <iostream>
#include <stdexcept>

#include "viewer/gui/gl.hpp"

namespace smugglesim::viewer::gui {

namespace {
void glfw_error(int code, const char* description) {
    std::cerr << "smugglesim-viewer: GLFW error " << code << ": " << description << "\n";
}
}  // namespace

Window::Window(int width, int height, bool visible, const std::string& title) {
    glfwSetErrorCallback(&glfw_error);
    if (!glfwInit())
        throw std::runtime_error("cannot open a window: no display (for headless use run it under xvfb-run -a)");
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_VISIBLE, visible ? GLFW_TRUE : GLFW_FALSE);
    window_ = glfwCreateWindow(width, height, title.c_str(), nullptr, nullptr);
    if (!window_) {
        glfwTerminate();
        throw std::runtime_error("cannot create an OpenGL 3.3 window (is an OpenGL driver such as Mesa installed?)");
    }
    glfwMakeContextCurrent(window_);
}

Window::~Window() {
    if (imgui_ready_) {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
    }
    if (window_) glfwDestroyWindow(window_);
    glfwTerminate();
}

bool Window::should_close() const { return glfwWindowShouldClose(window_) != 0; }
void Window::set_swap_interval(int n) const { glfwSwapInterval(n); }
void Window::swap() const { glfwSwapBuffers(window_); }
void Window::poll_events() const { glfwPollEvents(); }
void Window::wait_events(double timeout_seconds) const { glfwWaitEventsTimeout(timeout_seconds); }

void Window::init_imgui() {
    if (!ImGui_ImplGlfw_InitForOpenGL(window_, true) || !ImGui_ImplOpenGL3_Init("#version 330 core"))
        throw std::runtime_error("cannot initialise the ImGui OpenGL backend");
    imgui_ready_ = true;
}

void Window::new_frame() const {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
}

void Window::render() const { ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData()); }

}  // namespace smugglesim::viewer::gui
