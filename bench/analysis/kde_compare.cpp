// kde_compare: the C++ side of bench/analysis/compare_sklearn.sh.
//   kde_compare points SOURCE OUT.xy
//       SOURCE: incident files or a directory (projected to the UTM/CGCS2000
//       zone at their centre), synthetic:N:SEED (the generator on the
//       default synthetic city) or clustered:N:SEED (25.6 km square).
//       OUT.xy: little-endian float64 x, y pairs (map metres).
//   kde_compare kde IN.xy KERNEL H X0 Y0 CELL NX NY OUT.bin [GAUSS_CUTOFF [THREADS]]
//       Exact-mode KDE of the points; OUT.bin: float64 incidents/km²,
//       row-major, row 0 south. Prints "seconds S" (the estimate alone).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "analysis/incident_io.h"
#include "analysis/kernel_density.h"
#include "analysis/synthetic_incidents.h"
#include "bench_points.h"
#include "core/crs.h"
#include "core/error.h"
#include "mapdata/synthetic_city.h"

using namespace jingwei;

namespace {

void writeXY(const std::vector<XY>& p, const std::string& path) {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(p.data()), static_cast<std::streamsize>(p.size() * sizeof(XY)));
    if (!out) throw Error(path, "", "write failed");
}

std::vector<XY> readXY(const std::string& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) throw Error(path, "", "cannot open");
    const auto size = static_cast<std::size_t>(in.tellg());
    std::vector<XY> p(size / sizeof(XY));
    in.seekg(0);
    in.read(reinterpret_cast<char*>(p.data()), static_cast<std::streamsize>(p.size() * sizeof(XY)));
    return p;
}

int points(const std::string& source, const std::string& out) {
    std::vector<XY> p;
    std::string crs;
    unsigned long long n = 0, seed = 0;
    if (std::sscanf(source.c_str(), "synthetic:%llu:%llu", &n, &seed) == 2) {
        const MapModel map = generateSyntheticCity(SyntheticCityParams{});
        SyntheticIncidentParams sp;
        sp.count = n;
        sp.seed = seed;
        const IncidentSet s = generateSyntheticIncidents(map, sp);
        for (const auto& g : s.positions()) p.push_back(XY{g.x, g.y});
        crs = map.crs;
    } else if (std::sscanf(source.c_str(), "clustered:%llu:%llu", &n, &seed) == 2) {
        p = bench::clusteredPoints(n, 25600, seed);
        crs = "(plane)";
    } else {
        IncidentImportReport r;
        IncidentSet s = readIncidents({source}, {}, &r);
        const Bounds b = s.boundsLonLat();
        // The centre of the bulk: the median lon/lat, not the bounding box
        // (a few records may lie far away).
        std::vector<double> lon, lat;
        for (const auto& g : s.positions()) {
            lon.push_back(g.lon);
            lat.push_back(g.lat);
        }
        std::nth_element(lon.begin(), lon.begin() + static_cast<std::ptrdiff_t>(lon.size() / 2), lon.end());
        std::nth_element(lat.begin(), lat.begin() + static_cast<std::ptrdiff_t>(lat.size() / 2), lat.end());
        crs = resolveCrsSpec("auto", LonLat{lon[lon.size() / 2], lat[lat.size() / 2]});
        s.project(Projector(crs));
        for (const auto& g : s.positions()) p.push_back(XY{g.x, g.y});
        (void)b;
    }
    writeXY(p, out);
    std::printf("points %zu crs %s\n", p.size(), crs.c_str());
    return 0;
}

int kde(char** a, int argc) {
    const std::vector<XY> p = readXY(a[0]);
    const auto kernel = parseKernel(a[1]);
    if (!kernel) throw Error("", "kernel", std::string("unknown kernel ") + a[1]);
    KdeOptions o;
    o.kernel = *kernel;
    o.bandwidth_m = std::atof(a[2]);
    o.mode = KdeMode::Exact;
    if (argc > 9) o.gaussian_cutoff = std::atof(a[9]);
    if (argc > 10) o.threads = std::atoi(a[10]);
    const GridSpec g{std::atof(a[3]), std::atof(a[4]), std::atof(a[5]), std::atoi(a[6]), std::atoi(a[7])};
    KdeStats st;
    const DensityGrid d = kernelDensity(p, {}, g, o, &st);
    std::ofstream out(a[8], std::ios::binary);
    out.write(reinterpret_cast<const char*>(d.values.data()), static_cast<std::streamsize>(d.values.size() * sizeof(double)));
    if (!out) throw Error(a[8], "", "write failed");
    std::printf("seconds %.6f\npeak %.17g\npoints_used %zu\nmethod %s\n", st.seconds, st.peak, st.points_used,
                st.method.c_str());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const std::string verb = argc > 1 ? argv[1] : "";
        if (verb == "points" && argc == 4) return points(argv[2], argv[3]);
        if (verb == "kde" && argc >= 11) return kde(argv + 2, argc - 2);
        std::fprintf(stderr,
                     "usage: kde_compare points SOURCE OUT.xy\n"
                     "       kde_compare kde IN.xy KERNEL H X0 Y0 CELL NX NY OUT.bin [GAUSS_CUTOFF [THREADS]]\n");
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "kde_compare: %s\n", e.what());
        return 1;
    }
}
