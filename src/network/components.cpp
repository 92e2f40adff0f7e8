#include "network/components.h"

#include <limits>

namespace jingwei {

namespace {
constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
}

std::vector<std::uint32_t> Components::sizes() const {
    std::vector<std::uint32_t> s(count, 0);
    for (std::uint32_t c : component) ++s[c];
    return s;
}

std::uint32_t Components::largest() const {
    const std::vector<std::uint32_t> s = sizes();
    std::uint32_t best = 0;
    for (std::uint32_t c = 1; c < count; ++c)
        if (s[c] > s[best]) best = c;
    return best;
}

Components stronglyConnectedComponents(const RoadGraph& g) {
    const std::size_t n = g.nodeCount();
    const auto first = g.firstOut();
    const auto heads = g.heads();

    Components out;
    out.component.assign(n, kNone);
    // Discovery index and lowlink. A visited node whose component is still
    // kNone is on the Tarjan stack, so no separate on-stack flag is needed.
    std::vector<std::uint32_t> index(n, kNone), low(n, 0);
    std::vector<NodeId> stack;
    struct Frame {
        NodeId v;
        ArcId next;
    };
    std::vector<Frame> call;
    std::uint32_t counter = 0;

    for (NodeId s = 0; s < n; ++s) {
        if (index[s] != kNone) continue;
        index[s] = low[s] = counter++;
        stack.push_back(s);
        call.push_back({s, first[s]});
        while (!call.empty()) {
            Frame& f = call.back();
            const NodeId v = f.v;
            if (f.next < first[v + 1]) {
                const NodeId w = heads[f.next++];
                if (index[w] == kNone) {
                    index[w] = low[w] = counter++;
                    stack.push_back(w);
                    call.push_back({w, first[w]});  // invalidates f; not used below
                } else if (out.component[w] == kNone && index[w] < low[v]) {
                    low[v] = index[w];
                }
                continue;
            }
            // v is finished.
            call.pop_back();
            if (low[v] == index[v]) {
                const std::uint32_t id = out.count++;
                NodeId w;
                do {
                    w = stack.back();
                    stack.pop_back();
                    out.component[w] = id;
                } while (w != v);
            }
            if (!call.empty()) {
                const NodeId p = call.back().v;
                if (low[v] < low[p]) low[p] = low[v];
            }
        }
    }
    return out;
}

Components weaklyConnectedComponents(const RoadGraph& g) {
    const std::size_t n = g.nodeCount();
    const auto first_out = g.firstOut();
    const auto heads = g.heads();
    const auto first_in = g.firstIn();
    const auto tails = g.tails();

    Components out;
    out.component.assign(n, kNone);
    std::vector<NodeId> queue;
    queue.reserve(n);
    for (NodeId s = 0; s < n; ++s) {
        if (out.component[s] != kNone) continue;
        const std::uint32_t id = out.count++;
        queue.clear();
        queue.push_back(s);
        out.component[s] = id;
        for (std::size_t q = 0; q < queue.size(); ++q) {
            const NodeId v = queue[q];
            for (ArcId a = first_out[v]; a < first_out[v + 1]; ++a) {
                const NodeId w = heads[a];
                if (out.component[w] == kNone) {
                    out.component[w] = id;
                    queue.push_back(w);
                }
            }
            for (ArcId a = first_in[v]; a < first_in[v + 1]; ++a) {
                const NodeId w = tails[a];
                if (out.component[w] == kNone) {
                    out.component[w] = id;
                    queue.push_back(w);
                }
            }
        }
    }
    return out;
}

ComponentMask largestComponent(const Components& c) {
    ComponentMask m;
    m.mask.assign(c.component.size(), 0);
    if (c.count == 0) return m;
    m.id = c.largest();
    for (std::size_t v = 0; v < c.component.size(); ++v)
        if (c.component[v] == m.id) {
            m.mask[v] = 1;
            ++m.size;
        }
    return m;
}

ComponentMask largestStronglyConnectedComponent(const RoadGraph& g) {
    return largestComponent(stronglyConnectedComponents(g));
}

}  // namespace jingwei
