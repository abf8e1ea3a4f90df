// orchard help [COMMAND...], orchard completion SHELL, and the hidden orchard man: the help, the
// completion scripts and orchard(1), all read off the same CLI definitions.
#include <iostream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/docs.h"
#include "cli/options.h"
#include "cli/version.h"

namespace orchard::cli {
namespace {

class HelpCommand final : public Command {
 public:
  explicit HelpCommand(CLI::App& root) : root_(root) {
    CLI::App* app =
        root.add_subcommand("help", "Show a command's options, examples and exit codes");
    app->add_option("COMMAND", words_, "A command, e.g. check or catalog list");
    SetFooter(*app,
              {{"orchard help check", "Every option of orchard check"},
               {"orchard help catalog import", "How to import a newer copy of Apple's article"}},
              {{0, "the help was printed"}, {2, "no such command"}});
  }

  int Run() override {
    CLI::App* app = &root_;
    std::string prev;  // the command line above `app`, for its usage line
    for (const auto& word : words_) {
      CLI::App* sub = nullptr;
      std::string known;
      for (CLI::App* s :
           app->get_subcommands([](CLI::App* s) { return !s->get_group().empty(); })) {
        if (s->get_name() == word) sub = s;
        known += (known.empty() ? "" : ", ") + s->get_name();
      }
      prev = prev.empty() ? root_.get_name() : prev + " " + app->get_name();
      if (sub == nullptr) {
        return Fail("help", Error(ErrorCode::kUsage, "'" + prev + "' has no command '" + word +
                                                         "' (it has: " + known + ")"));
      }
      app = sub;
    }
    // The formatter directly: App::help would show the help subcommand's own page, since that
    // is the subcommand parsed.
    std::string path = prev.empty() ? root_.get_name() : prev + " " + app->get_name();
    std::cout << app->get_formatter()->make_help(app, path, CLI::AppFormatMode::Normal)
              << std::flush;
    return 0;
  }

 private:
  CLI::App& root_;
  std::vector<std::string> words_;
};

class CompletionCommand final : public Command {
 public:
  explicit CompletionCommand(CLI::App& root) : root_(root) {
    CLI::App* app = root.add_subcommand("completion", "Print the shell completion script");
    app->add_option("SHELL", shell_, "bash, zsh or fish")
        ->required()
        ->check(CLI::IsMember(ShellNames()));
    SetFooter(
        *app,
        {{"source <(orchard completion bash)", "Tab-complete orchard in this bash"},
         {"orchard completion zsh > \"${fpath[1]}/_orchard\"", "Install for zsh"},
         {"orchard completion fish > ~/.config/fish/completions/orchard.fish", "Install for fish"}},
        {{0, "the script was printed"}, {2, "unknown shell"}});
  }

  int Run() override {
    // SHELL was checked against ShellNames() while parsing.
    std::cout << RenderCompletion(Describe(root_), ShellFromString(shell_).value_or(Shell::kBash))
              << std::flush;
    return std::cout ? 0 : Fail("completion", Error(ErrorCode::kInternal, "cannot write stdout"));
  }

 private:
  CLI::App& root_;
  std::string shell_;
};

// Hidden: the build runs it to make orchard.1, which packages install.
class ManCommand final : public Command {
 public:
  explicit ManCommand(CLI::App& root) : root_(root) {
    root.add_subcommand("man", "Print orchard(1) in roff")->group("");
  }

  int Run() override {
    std::cout << RenderManPage(Describe(root_), kVersion) << std::flush;
    return std::cout ? 0 : Fail("man", Error(ErrorCode::kInternal, "cannot write stdout"));
  }

 private:
  CLI::App& root_;
};

}  // namespace

std::unique_ptr<Command> MakeCompletionCommand(CLI::App& root) {
  return std::make_unique<CompletionCommand>(root);
}

std::unique_ptr<Command> MakeManCommand(CLI::App& root) {
  return std::make_unique<ManCommand>(root);
}

std::unique_ptr<Command> MakeHelpCommand(CLI::App& root) {
  return std::make_unique<HelpCommand>(root);
}

}  // namespace orchard::cli
