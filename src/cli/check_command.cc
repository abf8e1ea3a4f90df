#include "cli/command.h"

namespace orchard::cli {

// Not registered yet: the subcommand arrives with its issue.
std::unique_ptr<Command> MakeCheckCommand(CLI::App& parent) { return nullptr; }

}  // namespace orchard::cli
