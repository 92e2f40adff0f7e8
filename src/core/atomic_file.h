#pragma once
// Never half-write an output: write to a temporary file beside the target,
// then rename it into place. Used by every writer (GeoTIFF, GPKG, CSV, ...).
#include <filesystem>
#include <string>
#include <system_error>
#include <unistd.h>

#include "core/error.h"

namespace jingwei {

class AtomicFile {
public:
    // The temporary file keeps the target's extension (GDAL drivers look at it).
    explicit AtomicFile(std::string path) : path_(std::move(path)) {
        const std::filesystem::path p(path_);
        tmp_ = (p.parent_path() / (p.stem().string() + ".tmp-" + std::to_string(::getpid()) +
                                   p.extension().string()))
                   .string();
        std::error_code ec;
        std::filesystem::remove(tmp_, ec);
    }
    ~AtomicFile() {
        if (!committed_) {
            std::error_code ec;
            std::filesystem::remove(tmp_, ec);
        }
    }
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

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

}  // namespace jingwei
