#include "core/error.h"

namespace jingwei {
namespace {
std::string compose(const std::string& file, const std::string& where, const std::string& reason) {
    std::string s;
    if (!file.empty()) s += file;
    if (!where.empty()) s += (s.empty() ? "" : ": ") + where;
    s += (s.empty() ? "" : ": ") + reason;
    return s;
}
}  // namespace

Error::Error(std::string file, std::string where, std::string reason)
    : std::runtime_error(compose(file, where, reason)),
      file_(std::move(file)), where_(std::move(where)), reason_(std::move(reason)) {}

}  // namespace jingwei
