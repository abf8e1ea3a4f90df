#pragma once

namespace orchard::cli {

// Parses the command line, runs the chosen subcommand and returns the exit code. Never throws.
int RunApp(int argc, char** argv);

}  // namespace orchard::cli
