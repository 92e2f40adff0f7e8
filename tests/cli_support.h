#pragma once
// Running the `jingwei` executable from a test, as a user would: no display,
// the test data and maps directories, stdout and stderr captured together.
// Test targets that include this define JINGWEI_EXE (the binary's path).
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

#include "test_support.h"

namespace jingwei::test {

struct CliRun {
    int code = -1;        // exit code (-1 if it did not exit normally)
    std::string output;   // stdout and stderr
};

inline CliRun runCli(const std::string& args) {
    const std::string cmd = "env -u DISPLAY -u WAYLAND_DISPLAY JINGWEI_DATA_DIR='" + dataDir() +
                            "' JINGWEI_MAPS_DIR='" + mapsDir() + "' '" + JINGWEI_EXE + "' " + args + " 2>&1";
    CliRun r;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return r;
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
    const int status = pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

inline bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace jingwei::test
