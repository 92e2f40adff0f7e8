#include "app/sim_session.h"

#include "sim/sim_network.h"

namespace jingwei::cli {

std::uint64_t runSeed(const sim::Scenario& s, long long seed_option) {
    return seed_option >= 0 ? static_cast<std::uint64_t>(seed_option) : s.seed;
}

std::unique_ptr<sim::Engine> makeEngine(const sim::Scenario& s, const MapModel& map, sim::EngineOptions options,
                                        const Progress& progress) {
    auto stage = [&progress](double a, double b) {
        return Progress{[&progress, a, b](double f, std::string_view st) {
            return progress.callback ? progress.callback(a + (b - a) * f, st) : true;
        }};
    };
    auto net = std::make_shared<sim::SimNetwork>(map.roads, sim::travelModelFor(s, map), stage(0.0, 0.3));
    return std::make_unique<sim::Engine>(s, map, net, options, stage(0.3, 1.0));
}

}  // namespace jingwei::cli
