#pragma once
// Writes a small text output (JSON summary, interventions TOML) to
// "<path>.partial" and renames it over `path` once complete, so an error
// never leaves a half-written file; throws std::runtime_error naming the file.
#include <filesystem>
#include <string>

namespace smugglesim {

void write_text_atomically(const std::filesystem::path& path, const std::string& text);

}  // namespace smugglesim
