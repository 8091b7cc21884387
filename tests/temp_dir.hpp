#pragma once
// A scratch directory per test (named after the test, under the system's temp
// directory and a per-process folder), removed with its contents at the end.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <system_error>

namespace smugglesim::testing {

class TempDir {
public:
    explicit TempDir(const std::string& prefix = "smugglesim-test") {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        std::string name = std::string(info->test_suite_name()) + "." + info->name();
        for (char& c : name)
            if (c == '/') c = '_';
        path_ = std::filesystem::temp_directory_path() / (prefix + "-" + std::to_string(::getpid())) / name;
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
        std::filesystem::remove(path_.parent_path(), ec);  // only succeeds once empty
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& s) const { return path_ / s; }

private:
    std::filesystem::path path_;
};

}  // namespace smugglesim::testing
