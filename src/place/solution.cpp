#include "place/solution.h"

namespace jingwei::place {

std::string_view solveStatusKey(SolveStatus s) {
    switch (s) {
    case SolveStatus::Optimal: return "optimal";
    case SolveStatus::Feasible: return "feasible";
    case SolveStatus::NoSolution: return "no_solution";
    case SolveStatus::Infeasible: return "infeasible";
    }
    return "no_solution";
}

}  // namespace jingwei::place
