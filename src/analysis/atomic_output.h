#pragma once
// Never half-write an output: write to a temporary file beside the target,
// then rename it into place. Not part of the public API.
#include <filesystem>
#include <string>
#include <system_error>
#include <unistd.h>

#include "core/error.h"

namespace jingwei::analysis_internal {

class AtomicOutput {
public:
    // The temporary file keeps the target's extension (GDAL drivers look at it).
    explicit AtomicOutput(std::string path) : path_(std::move(path)) {
        const std::filesystem::path p(path_);
        tmp_ = (p.parent_path() / (p.stem().string() + ".tmp-" + std::to_string(::getpid()) +
                                   p.extension().string()))
                   .string();
        std::error_code ec;
        std::filesystem::remove(tmp_, ec);
    }
    ~AtomicOutput() {
        if (!committed_) {
            std::error_code ec;
            std::filesystem::remove(tmp_, ec);
        }
    }
    AtomicOutput(const AtomicOutput&) = delete;
    AtomicOutput& operator=(const AtomicOutput&) = delete;

    const std::string& tmp() const { return tmp_; }
    const std::string& path() const { return path_; }

    void commit() {
        std::error_code ec;
        std::filesystem::rename(tmp_, path_, ec);
        if (ec) throw Error(path_, "", "cannot rename the temporary file into place: " + ec.message());
        committed_ = true;
    }

private:
    std::string path_, tmp_;
    bool committed_ = false;
};

}  // namespace jingwei::analysis_internal
