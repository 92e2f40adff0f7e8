#pragma once
// Small RAII helpers around GDAL for the analysis readers and writers (not
// part of the public API).
#include <cpl_error.h>

#include <string>
#include <vector>

namespace jingwei::analysis_internal {

// Collects GDAL's failure messages instead of printing them, for the
// scope's life.
class QuietGdalErrors {
public:
    QuietGdalErrors() {
        CPLPushErrorHandlerEx(&QuietGdalErrors::handler, this);
        CPLErrorReset();
    }
    ~QuietGdalErrors() { CPLPopErrorHandler(); }
    QuietGdalErrors(const QuietGdalErrors&) = delete;
    QuietGdalErrors& operator=(const QuietGdalErrors&) = delete;

    // The first failure seen, or GDAL's last error message.
    std::string message() const {
        if (!failures_.empty()) return failures_.front();
        const char* m = CPLGetLastErrorMsg();
        return (m && *m) ? std::string(m) : std::string("unknown GDAL error");
    }
    bool failed() const { return !failures_.empty(); }

private:
    static void CPL_STDCALL handler(CPLErr cls, CPLErrorNum, const char* msg) {
        auto* self = static_cast<QuietGdalErrors*>(CPLGetErrorHandlerUserData());
        if (self && cls >= CE_Failure && msg) self->failures_.emplace_back(msg);
    }
    std::vector<std::string> failures_;
};

}  // namespace jingwei::analysis_internal
