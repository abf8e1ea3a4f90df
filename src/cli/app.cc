#include "cli/app.h"

#include <exception>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/strings.h"
#include "cli/command.h"
#include "cli/options.h"
#include "cli/version.h"
#include "report/common.h"

namespace orchard::cli {
namespace {

// The message of the last failure, for the Jamf <result> that must never come back blank.
std::string& LastFailure() {
  static std::string message;
  return message;
}

// Whether the report would go to stdout as a Jamf extension attribute (-f/--format jamf without
// -o FILE): then a failure still prints a <result>, so the attribute is never blank. Read off
// argv, since a usage error may stop the parser before it stores the options.
bool JamfOnStdout(int argc, char** argv) {
  bool jamf = false, to_file = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    std::string_view next = i + 1 < argc ? argv[i + 1] : "";
    if (((arg == "-f" || arg == "--format") && next == "jamf") || arg == "--format=jamf" ||
        arg == "-fjamf") {
      jamf = true;
    }
    if ((arg == "-o" || arg == "--output") && next != "-") to_file = true;
    if ((arg.starts_with("--output=") && arg != "--output=-") ||
        (arg.starts_with("-o") && arg.size() > 2 && arg != "-o-" && !arg.starts_with("--"))) {
      to_file = true;
    }
  }
  return jamf && !to_file;
}

// "orchard catalog list" for the deepest subcommand the parser reached.
std::string CommandPath(CLI::App& app) {
  std::string path = app.get_name();
  CLI::App* at = &app;
  for (;;) {
    auto parsed = at->get_subcommands();
    if (parsed.empty()) return path;
    at = parsed.front();
    path += " " + at->get_name();
  }
}

int UsageError(CLI::App& app, const CLI::ParseError& e) {
  std::string path = CommandPath(app);
  std::string message = e.what();
  // "orchard catalog list" -> "orchard help catalog list"
  std::string help = app.get_name() + " help" + path.substr(app.get_name().size());
  std::cerr << path << ": " << message << "\n";
  std::cerr << "Run '" << help << "' for the options.\n";
  LastFailure() = path + ": " + message;
  return 2;
}

}  // namespace

int Fail(std::string_view command, const Error& error) {
  // Messages quote what strangers wrote (a catalog's text, a server's answer): no controls or
  // bidi overrides reach the terminal.
  const std::string message = CleanText(error.ToString());
  std::cerr << "orchard " << command << ": " << message << "\n";
  LastFailure() = "orchard " + std::string(command) + ": " + message;
  return error.ExitCode();
}

namespace {
std::chrono::steady_clock::time_point app_start = std::chrono::steady_clock::now();
}  // namespace

std::chrono::steady_clock::time_point AppStartTime() { return app_start; }

int RunApp(int argc, char** argv) {
  app_start = std::chrono::steady_clock::now();
  CLI::App app{"orchard: which Apple services can this machine not reach, why, and what fixes it"};
  app.name("orchard");
  app.require_subcommand(1);
  app.set_version_flag("--version", VersionText, "Print the version, commit and library versions");
  SetFooter(app,
            {{"orchard check", "Check every row of Apple's list from this machine"},
             {"orchard check --profile sep", "Only what Symantec Endpoint Protection needs"},
             {"orchard help check", "Every option of one command"}},
            {{0, "success: every check passed, nothing differs"},
             {1, "a check failed, or something differs or got worse"},
             {2, "usage error, or an input file could not be read"},
             {3, "internal error"}});

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
  add(&MakeHostCommand);
  add(&MakeHelpCommand);
  add(&MakeCompletionCommand);
  add(&MakeManCommand);

  int code = 2;
  try {
    app.parse(argc, argv);
    code = -1;
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help, --version
  } catch (const CLI::ParseError& e) {
    code = UsageError(app, e);
  }
  if (code < 0) {
    try {
      for (auto& [sub, command] : commands) {
        if (sub->parsed()) code = command->Run();
      }
    } catch (const std::exception& e) {
      std::cerr << "orchard: internal error: " << e.what() << "\n";
      LastFailure() = std::string("orchard: internal error: ") + e.what();
      code = 3;
    }
  }
  if (code >= 2 && JamfOnStdout(argc, argv)) {
    // One line, and markup in the message cannot end the attribute early.
    std::string line = LastFailure();
    for (char& c : line) c = (c == '\n' || c == '\r') ? ' ' : c;
    std::cout << "<result>ERROR: " << report::MarkupEscape(line) << "</result>\n" << std::flush;
  }
  return code < 0 ? 2 : code;
}

}  // namespace orchard::cli
