#include "place/cbc_solver.h"

#include <CbcModel.hpp>
#include <CbcSolver.hpp>
#include <CoinPackedMatrix.hpp>
#include <CoinPackedVector.hpp>
#include <OsiClpSolverInterface.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <functional>
#include <string>

#include "core/error.h"

namespace jingwei::place {
namespace {

// What a column stands for, so a set of posts can be written as a full
// solution vector (CBC's start solution).
struct ColRole {
    enum Kind : std::uint8_t { Post, Covered, Backup, Assign, Unassigned } kind = Post;
    std::uint32_t demand = 0, cand = 0;
};

// An integer program in CBC's terms, minimised; columns 0..m-1 are x_j.
struct Mip {
    std::vector<ColRole> roles;
    std::vector<CoinBigIndex> row_start{0};
    std::vector<int> row_idx, row_len;
    std::vector<double> row_val;
    std::vector<double> col_lo, col_hi, obj, row_lo, row_hi;
    std::vector<int> integers;
    bool maximise = false;   // obj holds −f for a maximised f

    int addColumn(double lo, double hi, double cost, bool integer, ColRole role = {}) {
        roles.push_back(role);
        col_lo.push_back(lo);
        col_hi.push_back(hi);
        obj.push_back(cost);
        const int c = static_cast<int>(obj.size()) - 1;
        if (integer) integers.push_back(c);
        return c;
    }
    void addRow(const std::vector<int>& idx, const std::vector<double>& val, double lo, double hi) {
        row_idx.insert(row_idx.end(), idx.begin(), idx.end());
        row_val.insert(row_val.end(), val.begin(), val.end());
        row_len.push_back(static_cast<int>(idx.size()));
        row_start.push_back(static_cast<CoinBigIndex>(row_idx.size()));
        row_lo.push_back(lo);
        row_hi.push_back(hi);
    }
};

constexpr double kInf = 1e30;  // COIN's infinity

Mip buildMip(const PlacementProblem& p, const ObjectiveSpec& spec, bool relax) {
    Mip mip;
    const std::size_t m = p.candidates.size(), n = p.demand.size();
    for (std::uint32_t j = 0; j < m; ++j)
        mip.addColumn(p.candidates[j].fixed ? 1.0 : 0.0, 1.0, spec.kind == ObjectiveKind::Lscp ? 1.0 : 0.0, !relax,
                      {ColRole::Post, 0, j});
    std::vector<int> idx;
    std::vector<double> val;
    auto cardinality = [&] {
        idx.clear();
        val.clear();
        for (std::size_t j = 0; j < m; ++j) {
            idx.push_back(static_cast<int>(j));
            val.push_back(1.0);
        }
        mip.addRow(idx, val, spec.k, spec.k);
    };
    auto coverRow = [&](std::span<const std::uint32_t> posts, int extra_col, double extra_coef, double lo) {
        idx.clear();
        val.clear();
        for (const std::uint32_t j : posts) {
            idx.push_back(static_cast<int>(j));
            val.push_back(1.0);
        }
        if (extra_col >= 0) {
            idx.push_back(extra_col);
            val.push_back(extra_coef);
        }
        mip.addRow(idx, val, lo, kInf);
    };

    switch (spec.kind) {
    case ObjectiveKind::Mclp: {
        mip.maximise = true;
        const CoverSets cs = coverSets(p.times, spec.cover_ms);
        for (std::uint32_t i = 0; i < n; ++i) {
            if (cs.candidatesOf(i).empty()) continue;
            const int y = mip.addColumn(0, 1, -p.demand[i].weight, false, {ColRole::Covered, i, 0});
            coverRow(cs.candidatesOf(i), y, -1.0, 0.0);
        }
        cardinality();
        break;
    }
    case ObjectiveKind::Lscp: {
        const CoverSets cs = coverSets(p.times, spec.cover_ms);
        for (std::uint32_t i = 0; i < n; ++i)
            if (!cs.candidatesOf(i).empty() && p.demand[i].weight > 0) coverRow(cs.candidatesOf(i), -1, 0, 1.0);
        break;
    }
    case ObjectiveKind::DoubleCoverage: {
        mip.maximise = true;
        const CoverSets c1 = coverSets(p.times, spec.cover_ms), c2 = coverSets(p.times, spec.backup_ms);
        for (std::uint32_t i = 0; i < n; ++i) {
            if (c1.candidatesOf(i).empty()) continue;
            const double w = p.demand[i].weight;
            const int y = mip.addColumn(0, 1, -w, false, {ColRole::Covered, i, 0});
            coverRow(c1.candidatesOf(i), y, -1.0, 0.0);
            if (c2.candidatesOf(i).size() < 2 || spec.backup_weight == 0) continue;
            const int z = mip.addColumn(0, 1, -spec.backup_weight * w, !relax, {ColRole::Backup, i, 0});
            coverRow(c2.candidatesOf(i), z, -2.0, 0.0);
            mip.addRow({y, z}, {1.0, -1.0}, 0.0, kInf);
        }
        cardinality();
        break;
    }
    case ObjectiveKind::PMedian: {
        const double penalty_s = msToSeconds(spec.penaltyMs(p));
        std::vector<std::vector<std::pair<int, double>>> by_demand(n);  // (z column, coefficient 1)
        for (std::uint32_t j = 0; j < m; ++j)
            for (const TravelEntry& e : p.times.of(j)) {
                const int z = mip.addColumn(0, 1, p.demand[e.demand].weight * msToSeconds(e.time_ms), false,
                                            {ColRole::Assign, e.demand, j});
                by_demand[e.demand].push_back({z, 1.0});
                mip.addRow({z, static_cast<int>(j)}, {1.0, -1.0}, -kInf, 0.0);
            }
        for (std::uint32_t i = 0; i < n; ++i) {
            const int u = mip.addColumn(0, 1, p.demand[i].weight * penalty_s, false, {ColRole::Unassigned, i, 0});
            idx.assign({u});
            val.assign({1.0});
            for (const auto& [z, c] : by_demand[i]) {
                idx.push_back(z);
                val.push_back(c);
            }
            mip.addRow(idx, val, 1.0, 1.0);
        }
        cardinality();
        break;
    }
    }
    return mip;
}

// A set of posts as a full solution of the program: each demand point
// covered (T1), backed up (two posts within T2) or assigned to its nearest
// open post (ties: the lower index), as the objective defines them.
std::vector<double> startVector(const Mip& mip, const PlacementProblem& p, const ObjectiveSpec& spec,
                                const std::vector<std::uint32_t>& posts) {
    const std::size_t n = p.demand.size();
    std::vector<std::uint8_t> open(p.candidates.size(), 0);
    for (const std::uint32_t j : posts) open[j] = 1;
    const Millis t1 = spec.cover_ms, t2 = spec.kind == ObjectiveKind::DoubleCoverage ? spec.backup_ms : spec.cover_ms;
    std::vector<std::uint32_t> c1(n, 0), c2(n, 0), nearest(n, kNoId);
    std::vector<Millis> best(n, kUnreachedMs);
    for (std::uint32_t j = 0; j < p.candidates.size(); ++j) {
        if (!open[j]) continue;
        for (const TravelEntry& e : p.times.of(j)) {
            c1[e.demand] += e.time_ms <= t1;
            c2[e.demand] += e.time_ms <= t2;
            if (e.time_ms < best[e.demand]) {  // candidates in index order: ties keep the lower
                best[e.demand] = e.time_ms;
                nearest[e.demand] = j;
            }
        }
    }
    std::vector<double> v(mip.roles.size(), 0.0);
    for (std::size_t c = 0; c < v.size(); ++c) {
        const ColRole& r = mip.roles[c];
        switch (r.kind) {
        case ColRole::Post: v[c] = open[r.cand]; break;
        case ColRole::Covered: v[c] = c1[r.demand] >= 1; break;
        case ColRole::Backup: v[c] = c1[r.demand] >= 1 && c2[r.demand] >= 2; break;
        case ColRole::Assign: v[c] = nearest[r.demand] == r.cand; break;
        case ColRole::Unassigned: v[c] = nearest[r.demand] == kNoId; break;
        }
    }
    return v;
}

void loadInto(OsiClpSolverInterface& solver, const Mip& mip) {
    const CoinPackedMatrix rows(false, static_cast<int>(mip.obj.size()), static_cast<int>(mip.row_lo.size()),
                                static_cast<CoinBigIndex>(mip.row_idx.size()), mip.row_val.data(), mip.row_idx.data(),
                                mip.row_start.data(), mip.row_len.data());
    solver.loadProblem(rows, mip.col_lo.data(), mip.col_hi.data(), mip.obj.data(), mip.row_lo.data(),
                       mip.row_hi.data());
    for (const int c : mip.integers) solver.setInteger(c);
    solver.setObjSense(1.0);
    solver.messageHandler()->setLogLevel(0);
    solver.getModelPtr()->messageHandler()->setLogLevel(0);
}

// ---- A child process with a hard time limit --------------------------------

struct ChildResult {
    bool finished = false;   // the child wrote its answer and exited 0
    bool killed = false;     // killed at the hard limit
    std::string how;         // how the child ended: "exit code N", "signal N"
    std::string data;
    double wall_s = 0, cpu_s = 0;
};

ChildResult runInChild(const std::function<std::string()>& work, double limit_s, double grace_s, int log_level,
                       const Progress& progress, const char* stage) {
    progress.report(0, stage);
    int fds[2];
    if (pipe(fds) != 0) throw Error("", "CBC", std::string("cannot create a pipe: ") + std::strerror(errno));
    const auto t0 = std::chrono::steady_clock::now();
    const pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        throw Error("", "CBC", std::string("cannot fork: ") + std::strerror(errno));
    }
    if (pid == 0) {
        close(fds[0]);
        signal(SIGINT, SIG_IGN);  // the parent decides; Ctrl-C reaches the whole process group
        const int devnull = open("/dev/null", O_WRONLY);
        if (devnull >= 0) dup2(log_level > 0 ? 2 : devnull, 1);
        int code = 0;
        try {
            const std::string out = work();
            std::size_t off = 0;
            while (off < out.size()) {
                const ssize_t w = write(fds[1], out.data() + off, out.size() - off);
                if (w <= 0) _exit(3);
                off += static_cast<std::size_t>(w);
            }
        } catch (...) {
            code = 2;
        }
        close(fds[1]);
        _exit(code);
    }
    close(fds[1]);
    ChildResult r;
    auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
    auto reap = [&](bool kill_it) {
        if (kill_it) kill(pid, SIGKILL);
        int status = 0;
        rusage ru{};
        while (wait4(pid, &status, 0, &ru) < 0 && errno == EINTR) {
        }
        close(fds[0]);
        r.wall_s = elapsed();
        r.cpu_s = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                  1e-6 * static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
        return status;
    };
    char buf[65536];
    for (;;) {
        pollfd pfd{fds[0], POLLIN, 0};
        const int pr = poll(&pfd, 1, 100);
        if (pr > 0) {
            const ssize_t got = read(fds[0], buf, sizeof buf);
            if (got > 0) {
                r.data.append(buf, static_cast<std::size_t>(got));
                continue;
            }
            if (got == 0) break;  // EOF: the child is done
            if (errno != EINTR && errno != EAGAIN) break;
        }
        try {
            progress.report(std::min(0.99, elapsed() / std::max(limit_s, 1e-9)), stage);
        } catch (...) {
            reap(true);
            throw;
        }
        if (elapsed() > limit_s + grace_s) {
            reap(true);
            r.killed = true;
            return r;
        }
    }
    const int status = reap(false);
    r.finished = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    r.how = WIFEXITED(status) ? "exit code " + std::to_string(WEXITSTATUS(status))
                              : "signal " + std::to_string(WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    return r;
}

// Little-endian-as-in-memory serialisation between parent and child (same binary).
template <class T>
void put(std::string& s, const T& v) {
    s.append(reinterpret_cast<const char*>(&v), sizeof v);
}
template <class T>
bool get(const std::string& s, std::size_t& off, T* v) {
    if (off + sizeof(T) > s.size()) return false;
    std::memcpy(v, s.data() + off, sizeof(T));
    off += sizeof(T);
    return true;
}

int noCallback(CbcModel*, int) { return 0; }

std::string cbcChild(const PlacementProblem& p, const ObjectiveSpec& spec, const CbcOptions& opt) {
    const Mip mip = buildMip(p, spec, false);
    OsiClpSolverInterface solver;
    loadInto(solver, mip);
    CbcModel model(solver);
    // The start as the incumbent. (Not CBC's MIP-start by column names:
    // column names make Debian's CLP 1.17.6 crash in its Idiot crossover.)
    if (!opt.start.empty()) {
        const std::vector<double> v = startVector(mip, p, spec, opt.start);
        double obj = 0;
        for (std::size_t c = 0; c < v.size(); ++c) obj += mip.obj[c] * v[c];
        model.setBestSolution(v.data(), static_cast<int>(v.size()), obj, true);
    }
    CbcSolverUsefulData data;
    CbcMain0(model, data);
    const std::string seconds = std::to_string(std::max(0.01, opt.time_limit_s));
    const std::string log = std::to_string(opt.log_level);
    const char* argv[] = {"jingwei-cbc", "-log", log.c_str(), "-seconds", seconds.c_str(), "-solve", "-quit"};
    CbcMain1(static_cast<int>(std::size(argv)), argv, model, noCallback, data);

    std::string out;
    const double* sol = model.bestSolution();
    std::int32_t code = 2;  // no solution
    if (model.isProvenInfeasible()) code = 3;
    else if (sol && model.isProvenOptimal()) code = 0;
    else if (sol) code = 1;
    put(out, code);
    put(out, model.getObjValue());
    put(out, model.getBestPossibleObjValue());
    std::vector<std::uint32_t> open;
    if (sol)
        for (std::uint32_t j = 0; j < p.candidates.size(); ++j)
            if (sol[j] > 0.5) open.push_back(j);
    put(out, static_cast<std::uint32_t>(open.size()));
    for (const std::uint32_t j : open) put(out, j);
    return out;
}

}  // namespace

Solution solveCbc(const PlacementProblem& p, const ObjectiveSpec& spec, const CbcOptions& opt, const Progress& progress) {
    p.validate();
    spec.validate(p);
    if (!(opt.time_limit_s > 0)) throw Error("", "CBC", "the time limit must be > 0 s");
    const ChildResult child = runInChild([&] { return cbcChild(p, spec, opt); }, opt.time_limit_s, opt.grace_s,
                                         opt.log_level, progress, "CBC 精确求解");
    Solution s;
    s.solver = "cbc";
    s.wall_s = child.wall_s;
    s.cpu_s = child.cpu_s;
    if (child.killed) {
        s.status = SolveStatus::NoSolution;
        s.note = "CBC killed at the hard time limit (" + std::to_string(opt.time_limit_s) + " s + grace)";
        return s;
    }
    std::size_t off = 0;
    std::int32_t code = 0;
    double obj = 0, bound = 0;
    std::uint32_t count = 0;
    if (!child.finished || !get(child.data, off, &code) || !get(child.data, off, &obj) || !get(child.data, off, &bound) ||
        !get(child.data, off, &count))
        throw Error("", "CBC", "the solver process failed (" + child.how + ")");
    for (std::uint32_t q = 0; q < count; ++q) {
        std::uint32_t j = 0;
        if (!get(child.data, off, &j)) throw Error("", "CBC", "the solver process returned a truncated answer");
        s.open.push_back(j);
    }
    const bool maximise = spec.maximise();
    s.status = code == 0 ? SolveStatus::Optimal : code == 1 ? SolveStatus::Feasible : code == 3 ? SolveStatus::Infeasible
                                                                                                 : SolveStatus::NoSolution;
    if (std::isfinite(bound) && std::abs(bound) < 1e29) s.bound = maximise ? -bound : bound;
    if (s.hasSolution()) {
        s.score = scorePlan(p, spec, s.open);
        s.gap = relativeGap(s.bound, s.score.objective);
        if (std::abs(s.score.objective - (maximise ? -obj : obj)) > 1e-6 * std::max(1.0, std::abs(obj)))
            s.note = "CBC's objective " + std::to_string(maximise ? -obj : obj) + " differs from the re-scored plan";
    }
    if (code != 0 && code != 3 && s.note.empty()) s.note = "time limit reached";
    return s;
}

LpBound mclpLpBound(const PlacementProblem& p, const ObjectiveSpec& spec, double time_limit_s, const Progress& progress) {
    if (spec.kind != ObjectiveKind::Mclp) throw Error("", "LP bound", "only for MCLP");
    p.validate();
    spec.validate(p);
    const ChildResult child = runInChild(
        [&] {
            const Mip mip = buildMip(p, spec, true);
            OsiClpSolverInterface solver;
            loadInto(solver, mip);
            solver.initialSolve();
            std::string out;
            put(out, static_cast<std::int32_t>(solver.isProvenOptimal() ? 1 : 0));
            put(out, solver.getObjValue());
            return out;
        },
        time_limit_s, 0.0, 0, progress, "LP 松弛 relaxation");
    LpBound r;
    r.wall_s = child.wall_s;
    r.cpu_s = child.cpu_s;
    std::size_t off = 0;
    std::int32_t ok = 0;
    double v = 0;
    if (child.finished && get(child.data, off, &ok) && get(child.data, off, &v) && ok) {
        r.finished = true;
        r.value = -v;
    }
    return r;
}

}  // namespace jingwei::place
