#pragma once
// An indexed 4-ary min-heap of (key, node) with decrease-key, for the
// simulation's searches. Ties in key pop in a fixed order for a fixed
// sequence of operations, so every search is deterministic.
#include <cstdint>
#include <vector>

namespace jingwei::sim {

template <class Key>
class SearchHeap {
public:
    static constexpr std::uint32_t kOut = 0xFFFFFFFFu;
    explicit SearchHeap(std::size_t n = 0) : pos_(n, kOut) {}
    void resize(std::size_t n) { pos_.assign(n, kOut); heap_.clear(); }
    bool empty() const { return heap_.empty(); }
    std::size_t size() const { return heap_.size(); }
    bool contains(std::uint32_t v) const { return pos_[v] != kOut; }
    void clear() {
        for (const Item& it : heap_) pos_[it.node] = kOut;
        heap_.clear();
    }
    // Inserts v, or lowers its key.
    void push(std::uint32_t v, Key k) {
        std::uint32_t i = pos_[v];
        if (i == kOut) {
            i = static_cast<std::uint32_t>(heap_.size());
            heap_.push_back({k, v});
        } else {
            if (!(k < heap_[i].key)) return;
            heap_[i].key = k;
        }
        up(i);
    }
    Key topKey() const { return heap_[0].key; }
    std::uint32_t topNode() const { return heap_[0].node; }
    std::uint32_t pop() {
        const std::uint32_t v = heap_[0].node;
        pos_[v] = kOut;
        const Item last = heap_.back();
        heap_.pop_back();
        if (!heap_.empty()) {
            heap_[0] = last;
            down(0);
        }
        return v;
    }

private:
    struct Item {
        Key key;
        std::uint32_t node;
    };
    void up(std::uint32_t i) {
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
    void down(std::uint32_t i) {
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

}  // namespace jingwei::sim
