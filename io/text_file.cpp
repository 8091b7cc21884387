#include "io/text_file.hpp"

#include <fmt/format.h>

#include <fstream>
#include <stdexcept>
#include <system_error>

namespace smugglesim {

void write_text_atomically(const std::filesystem::path& path, const std::string& text) {
    const std::filesystem::path tmp = path.string() + ".partial";
    std::error_code ec;
    {
        std::ofstream out(tmp, std::ios::binary);
        out << text;
        if (!out.flush()) {
            std::filesystem::remove(tmp, ec);
            throw std::runtime_error(fmt::format("{}: cannot write", path.string()));
        }
    }
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        throw std::runtime_error(fmt::format("{}: cannot write: {}", path.string(), ec.message()));
    }
}

}  // namespace smugglesim
