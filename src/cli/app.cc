#include "cli/app.h"

#include <exception>
#include <iostream>
#include <memory>
#include <utility>
#include <vector>

#include "cli/command.h"

namespace orchard::cli {

int Fail(std::string_view command, const Error& error) {
  std::cerr << "orchard " << command << ": " << error.ToString() << "\n";
  return error.ExitCode();
}

int RunApp(int argc, char** argv) {
  CLI::App app{"orchard: which Apple services can this machine not reach, why, and what fixes it"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "orchard 0.1.0");

  std::vector<std::pair<CLI::App*, std::unique_ptr<Command>>> commands;
  auto add = [&](std::unique_ptr<Command> (*make)(CLI::App&)) {
    size_t before = app.get_subcommands({}).size();
    auto command = make(app);
    auto subs = app.get_subcommands({});
    if (command && subs.size() > before) commands.emplace_back(subs.back(), std::move(command));
  };
  add(&MakeCheckCommand);
  add(&MakeCatalogCommand);
  add(&MakeExplainCommand);
  add(&MakeDiffCommand);
  add(&MakeAllowlistCommand);
  add(&MakeServeCommand);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
    for (auto& [sub, command] : commands) {
      if (sub->parsed()) return command->Run();
    }
  } catch (const std::exception& e) {
    std::cerr << "orchard: internal error: " << e.what() << "\n";
    return 3;
  }
  std::cerr << "orchard: no command chosen\n";
  return 2;
}

}  // namespace orchard::cli
