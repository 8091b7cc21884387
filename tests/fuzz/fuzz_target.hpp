#pragma once
// What every fuzz target shares. A target is a function of bytes (libFuzzer's
// LLVMFuzzerTestOneInput) that feeds one way data enters smugglesim. Its
// contract: bad input is refused with the project's own error (InputError,
// RunFileError) carrying a message; anything else (a crash, a sanitizer report,
// any other exception, a broken invariant) is a finding. The same sources build
// into libFuzzer programs (clang, SMUGGLESIM_FUZZ) and, with replay_main.cpp,
// into plain programs that replay the committed corpus in every test run.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace smugglesim::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// A refused input must say why: an empty message is a finding.
// With SMUGGLESIM_FUZZ_VERBOSE set, the message is printed (to see which
// seeds a target accepts).
inline void expect_message(const char* what) {
    if (what == nullptr || what[0] == '\0') {
        std::fputs("fuzz: input refused with an empty error message\n", stderr);
        std::abort();
    }
    static const bool verbose = std::getenv("SMUGGLESIM_FUZZ_VERBOSE") != nullptr;
    if (verbose) std::fprintf(stderr, "refused: %s\n", what);
}

// A broken invariant: report and stop, so that the fuzzer records the input.
[[noreturn]] inline void finding(const std::string& what) {
    std::fprintf(stderr, "fuzz: %s\n", what.c_str());
    std::abort();
}

// Keeps the compiler from dropping reads whose result is otherwise unused.
inline void keep(double v) { asm volatile("" : : "g"(v) : "memory"); }

// Splits `text` at the first line that is exactly `marker` (used by targets
// that take two files in one input); the second part is empty without one.
inline std::pair<std::string_view, std::string_view> split_at_line(std::string_view text, std::string_view marker) {
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const std::size_t eol = text.find('\n', pos);
        const std::size_t end = eol == std::string_view::npos ? text.size() : eol;
        if (text.substr(pos, end - pos) == marker) {
            const std::size_t next = eol == std::string_view::npos ? text.size() : eol + 1;
            return {text.substr(0, pos), text.substr(next)};
        }
        if (eol == std::string_view::npos) break;
        pos = eol + 1;
    }
    return {text, std::string_view()};
}

}  // namespace smugglesim::fuzz
