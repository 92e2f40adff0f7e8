#pragma once
// Helpers shared by the test suites: where the sample data is, scratch files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace jingwei::test {

inline std::string dataDir() {
    if (const char* e = std::getenv("JINGWEI_DATA_DIR"); e && *e) return e;
    return JINGWEI_TEST_DATA_DIR;
}
inline std::string dataFile(const std::string& rel) { return dataDir() + "/" + rel; }
inline std::string mapsDir() { return JINGWEI_TEST_MAPS_DIR; }

// Skips (visibly) when the third-party sample data is not beside the checkout.
#define JINGWEI_REQUIRE_DATA(rel)                                                    \
    do {                                                                             \
        if (!std::filesystem::exists(::jingwei::test::dataFile(rel)))                \
            GTEST_SKIP() << "sample data missing: " << ::jingwei::test::dataFile(rel); \
    } while (0)

// A fresh scratch directory per test, removed afterwards.
class ScratchDir {
public:
    ScratchDir() {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        path_ = std::filesystem::temp_directory_path() /
                ("jingwei-" + std::string(info->test_suite_name()) + "-" + info->name() + "-" +
                 std::to_string(::getpid()));
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~ScratchDir() { std::filesystem::remove_all(path_); }
    std::string file(const std::string& name) const { return (path_ / name).string(); }
    std::string write(const std::string& name, const std::string& content) const {
        std::ofstream(file(name), std::ios::binary) << content;
        return file(name);
    }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

}  // namespace jingwei::test
