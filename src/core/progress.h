#pragma once
// Progress and cancellation for long operations (imports, generation,
// simulation). The operation calls report() now and then; when it returns
// false the user cancelled and the operation throws Cancelled, leaving no
// half-written output behind.
#include <functional>
#include <stdexcept>
#include <string_view>

namespace jingwei {

class Cancelled : public std::runtime_error {
public:
    Cancelled() : std::runtime_error("cancelled by the user") {}
};

struct Progress {
    // fraction in [0,1]; stage is a short human-readable label.
    std::function<bool(double fraction, std::string_view stage)> callback;

    // Throws Cancelled when the callback asks to stop.
    void report(double fraction, std::string_view stage) const {
        if (callback && !callback(fraction, stage)) throw Cancelled();
    }
};

}  // namespace jingwei
