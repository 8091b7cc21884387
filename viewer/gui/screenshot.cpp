#include "viewer/gui/screenshot.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include <stb/stb_image_write.h>

#include "viewer/gui/gl.hpp"

namespace smugglesim::viewer::gui {

OffscreenTarget::OffscreenTarget(int width, int height) : w_(width), h_(height) {
    glGenFramebuffers(1, &fbo_);
    glGenRenderbuffers(1, &colour_);
    glBindRenderbuffer(GL_RENDERBUFFER, colour_);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, w_, h_);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, colour_);
    const GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    if (status != GL_FRAMEBUFFER_COMPLETE)
        throw std::runtime_error("cannot create an off-screen framebuffer of " + std::to_string(w_) + "x" +
                                 std::to_string(h_) + " pixels");
}

OffscreenTarget::~OffscreenTarget() {
    if (fbo_) glDeleteFramebuffers(1, &fbo_);
    if (colour_) glDeleteRenderbuffers(1, &colour_);
}

void OffscreenTarget::bind() const { glBindFramebuffer(GL_FRAMEBUFFER, fbo_); }
void OffscreenTarget::unbind() const { glBindFramebuffer(GL_FRAMEBUFFER, 0); }

std::vector<unsigned char> OffscreenTarget::read_rgb() const {
    const auto w = static_cast<std::size_t>(w_), h = static_cast<std::size_t>(h_);
    std::vector<unsigned char> bottom_up(w * h * 3), out(w * h * 3);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo_);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, w_, h_, GL_RGB, GL_UNSIGNED_BYTE, bottom_up.data());
    glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
    // OpenGL's first row is the bottom one: flip.
    for (std::size_t y = 0; y < h; ++y)
        std::memcpy(out.data() + y * w * 3, bottom_up.data() + (h - 1 - y) * w * 3, w * 3);
    return out;
}

namespace {
void append_bytes(void* context, void* data, int size) {
    auto* buf = static_cast<std::vector<unsigned char>*>(context);
    const auto* p = static_cast<const unsigned char*>(data);
    buf->insert(buf->end(), p, p + size);
}
}  // namespace

std::string write_png(const std::filesystem::path& path, int width, int height, const std::vector<unsigned char>& rgb) {
    std::vector<unsigned char> png;
    png.reserve(rgb.size() / 4);
    if (!stbi_write_png_to_func(&append_bytes, &png, width, height, 3, rgb.data(), width * 3))
        return "cannot encode the screenshot as PNG";
    errno = 0;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) return "cannot write screenshot '" + path.string() + "': " + std::strerror(errno ? errno : EIO);
    out.write(reinterpret_cast<const char*>(png.data()), static_cast<std::streamsize>(png.size()));
    out.close();
    if (!out) return "cannot write screenshot '" + path.string() + "': " + std::strerror(errno ? errno : EIO);
    return "";
}

std::string check_writable(const std::filesystem::path& path) {
    std::error_code ec;
    if (path.empty()) return "screenshot path is empty";
    if (std::filesystem::is_directory(path, ec)) return "cannot write screenshot '" + path.string() + "': it is a directory";
    const bool existed = std::filesystem::exists(path, ec);
    errno = 0;
    {
        std::ofstream out(path, std::ios::binary | std::ios::app);
        if (!out) return "cannot write screenshot '" + path.string() + "': " + std::strerror(errno ? errno : EIO);
    }
    if (!existed) std::filesystem::remove(path, ec);
    return "";
}

}  // namespace smugglesim::viewer::gui
