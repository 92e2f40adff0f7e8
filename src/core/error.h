#pragma once
// One error type for bad input everywhere: it names the file, the place in
// the file (line, feature, field) and the reason, so the GUI can show it in a
// panel and the CLI can print it and exit non-zero.
#include <stdexcept>
#include <string>

namespace jingwei {

class Error : public std::runtime_error {
public:
    Error(std::string file, std::string where, std::string reason);

    const std::string& file() const { return file_; }
    const std::string& where() const { return where_; }
    const std::string& reason() const { return reason_; }

private:
    std::string file_, where_, reason_;
};

// The machine lacks something the operation needs (no display for the GUI,
// no EGL for headless rendering). The CLI exits with code 3 for these.
class EnvironmentError : public Error {
public:
    explicit EnvironmentError(std::string reason) : Error("", "", std::move(reason)) {}
};

}  // namespace jingwei
