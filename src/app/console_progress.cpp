#include "app/console_progress.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <memory>
#include <cstdio>
#include <unistd.h>

namespace jingwei {
namespace {
std::atomic<bool> g_interrupted{false};
bool g_line_open = false;

extern "C" void onSigint(int) { g_interrupted.store(true); }
}  // namespace

Progress consoleProgress(const std::string& label) {
    static bool installed = false;
    if (!installed) {
        std::signal(SIGINT, onSigint);
        installed = true;
    }
    auto last = std::make_shared<std::chrono::steady_clock::time_point>();
    const bool tty = isatty(STDERR_FILENO);
    return Progress{[label, last, tty](double f, std::string_view stage) {
        const auto now = std::chrono::steady_clock::now();
        if (f >= 1.0 || now - *last > std::chrono::milliseconds(250)) {
            *last = now;
            std::fprintf(stderr, "%s[%s] %3d%% %.*s%s", tty ? "\r\033[K" : "", label.c_str(),
                         static_cast<int>(f * 100 + 0.5), static_cast<int>(stage.size()), stage.data(),
                         tty ? "" : "\n");
            g_line_open = tty;
        }
        return !g_interrupted.load();
    }};
}

void finishConsoleProgress() {
    if (g_line_open) std::fputc('\n', stderr);
    g_line_open = false;
}

}  // namespace jingwei
