#pragma once
// --screenshot: an off-screen framebuffer of a fixed size that the frame is
// rendered into, read back with glReadPixels and written as a PNG.
#include <filesystem>
#include <string>
#include <vector>

namespace smugglesim::viewer::gui {

class OffscreenTarget {
public:
    OffscreenTarget(int width, int height);  // throws std::runtime_error if incomplete
    ~OffscreenTarget();
    OffscreenTarget(const OffscreenTarget&) = delete;
    OffscreenTarget& operator=(const OffscreenTarget&) = delete;

    void bind() const;    // render into it
    void unbind() const;  // back to the window
    int width() const { return w_; }
    int height() const { return h_; }
    // RGB rows, top row first.
    std::vector<unsigned char> read_rgb() const;

private:
    int w_, h_;
    unsigned fbo_ = 0, colour_ = 0;
};

// Writes RGB pixels (top row first) as a PNG. Returns "" on success, else a
// message naming the file and the reason.
std::string write_png(const std::filesystem::path& path, int width, int height, const std::vector<unsigned char>& rgb);

// Checks that `path` can be created before any rendering ("" if fine).
std::string check_writable(const std::filesystem::path& path);

}  // namespace smugglesim::viewer::gui
