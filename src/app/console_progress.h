#pragma once
// Progress on the console for long CLI operations, cancellable with Ctrl-C.
#include <string>

#include "core/progress.h"

namespace jingwei {

// Installs a SIGINT handler (once) and returns a Progress that prints
// "[label] 42% stage" to stderr at most every 0.25 s, and asks to stop
// after Ctrl-C.
Progress consoleProgress(const std::string& label);
void finishConsoleProgress();

}  // namespace jingwei
