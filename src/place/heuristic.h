#pragma once
// The fast placement solver, in phases (each keeps the best solution):
//  1. greedy construction, then best-improvement swap local search (vertex
//     substitution, Teitz–Bart, priced incrementally: swap_models.h);
//  2. MCLP only: a Lagrangian phase (lagrangian.h): subgradient steps on the
//     dual, with a descent from the subproblem's posts every few steps
//     (Galvão and ReVelle's Lagrangian heuristic); the dual value is the
//     solution's bound, and a bound met proves the solution optimal;
//  3. simulated annealing over moves of a post to a nearby candidate;
//  4. iterated local search: each round closes one to three neighbouring
//     posts, refills the gap (one random nearby candidate, then greedy) and
//     descends among the candidates around them; a round that ends worse
//     than the best is undone.
// Fixed posts never move.
//
// LSCP runs as a sequence of MCLP problems with unit weights on the
// coverable demand: greedy cover, drop redundant posts, then try k − 1 posts
// with the same local search until it fails to cover everything.
//
// Deterministic for a seed unless the time limit cuts the rounds short.
#include <cstdint>
#include <vector>

#include "core/progress.h"
#include "place/objective.h"
#include "place/solution.h"

namespace jingwei::place {

struct HeuristicOptions {
    std::uint64_t seed = 1;
    // Posts to start from (candidate indices; fixed posts are added, and
    // greedy fills up to k). Empty: start from the greedy solution.
    std::vector<std::uint32_t> start;
    // MCLP: subgradient steps on the Lagrangian dual (lagrangian.h) after
    // the first descent; from the posts of every `lagrangian_every`-th step
    // after `lagrangian_warmup` a descent starts. The dual's value is
    // returned as Solution::bound. 0 = no Lagrangian phase.
    int lagrangian_iterations = 500;
    int lagrangian_warmup = 300;
    int lagrangian_every = 20;
    // Perturbation rounds after the first local optimum (0: greedy + local
    // search only). LSCP uses them for each attempt at one post fewer.
    int rounds = 100;
    // false: greedy only (no swaps, no rounds), the baseline the issue quotes.
    bool local_search = true;
    // Wall-clock limit for the whole solve; rounds stop when it is reached
    // (the result is then the best found so far, and may depend on timing).
    double time_limit_s = 60;
    // Posts closed by one perturbation: 1..max_perturb, neighbours of a random post.
    int max_perturb = 3;
    // Candidates near the perturbed post from which the first refill is drawn.
    int refill_pool = 12;
    // After a perturbation the descent swaps only among this many candidates
    // nearest the perturbed post; a result better than the best so far is
    // then polished by a descent over all candidates.
    int neighbourhood = 64;
    // Simulated annealing before the rounds: moves of a free post to one of
    // its `neighbours` nearest candidates, as many as `anneal_work` travel-
    // list entries pay for (a move is priced by one pass over a list: about
    // 180,000 moves on the 500 × 10,000 benchmark instance, 36,000 on the
    // 2,000 × 50,000 one). 0 = no annealing.
    double anneal_work = 3e7;
    int neighbours = 24;
};

// Throws Error for an invalid objective (ObjectiveSpec::validate) and
// Cancelled when the progress callback asks to stop.
Solution solveHeuristic(const PlacementProblem& p, const ObjectiveSpec& spec, const HeuristicOptions& opt = {},
                        const Progress& progress = {});

}  // namespace jingwei::place
