#pragma once
#include <cstdint>
#include <vector>

#include "network/road_graph.h"

namespace jingwei::detail {

// Indexed 4-ary min-heap of (key, node) with decrease-key, for the
// network's incremental searches (CoverageModel) and the simulation's
// router. pos_ marks each node: kNotInHeap, its heap index, or, when
// KeepSettled, kSettled once popped (the caller resets it); without
// KeepSettled a popped node is out of the heap again. Ties in key pop in a
// fixed order for a fixed sequence of operations (deterministic searches).
template <class Key, bool KeepSettled = true>
class NodeHeap {
public:
    static constexpr std::uint32_t kNotInHeap = 0xFFFFFFFFu, kSettled = 0xFFFFFFFEu;
    explicit NodeHeap(std::size_t n = 0) : pos_(n, kNotInHeap) {}
    void resize(std::size_t n) { pos_.assign(n, kNotInHeap); heap_.clear(); }
    bool empty() const { return heap_.empty(); }
    std::uint32_t state(NodeId v) const { return pos_[v]; }
    void reset(NodeId v) { pos_[v] = kNotInHeap; }
    void clear() { for (const Item& it : heap_) pos_[it.node] = kNotInHeap; heap_.clear(); }
    // Inserts v, or lowers its key (a key that is not lower is ignored).
    void push(NodeId v, Key k) {
        std::uint32_t i = pos_[v];
        if (i == kNotInHeap) {
            i = static_cast<std::uint32_t>(heap_.size());
            heap_.push_back({k, v});
        } else {
            if (!(k < heap_[i].key)) return;
            heap_[i].key = k;
        }
        siftUp(i);
    }
    Key topKey() const { return heap_[0].key; }
    NodeId pop() {
        const NodeId v = heap_[0].node;
        pos_[v] = KeepSettled ? kSettled : kNotInHeap;
        const Item last = heap_.back();
        heap_.pop_back();
        if (!heap_.empty()) {
            heap_[0] = last;
            siftDown(0);
        }
        return v;
    }

private:
    struct Item {
        Key key;
        NodeId node;
    };
    void siftUp(std::uint32_t i) {
        const Item it = heap_[i];
        while (i > 0) {
            const std::uint32_t p = (i - 1) >> 2;
            if (!(it.key < heap_[p].key)) break;
            heap_[i] = heap_[p];
            pos_[heap_[i].node] = i;
            i = p;
        }
        heap_[i] = it;
        pos_[it.node] = i;
    }
    void siftDown(std::uint32_t i) {
        const Item it = heap_[i];
        const std::uint32_t n = static_cast<std::uint32_t>(heap_.size());
        for (;;) {
            const std::uint32_t c = 4 * i + 1;
            if (c >= n) break;
            std::uint32_t best = c;
            const std::uint32_t e = c + 4 < n ? c + 4 : n;
            for (std::uint32_t j = c + 1; j < e; ++j)
                if (heap_[j].key < heap_[best].key) best = j;
            if (!(heap_[best].key < it.key)) break;
            heap_[i] = heap_[best];
            pos_[heap_[i].node] = i;
            i = best;
        }
        heap_[i] = it;
        pos_[it.node] = i;
    }
    std::vector<Item> heap_;
    std::vector<std::uint32_t> pos_;
};

}  // namespace jingwei::detail
