// orchard diff OLD.json NEW.json: what changed per row between two runs. Exit 1 when anything
// got worse, 0 otherwise, 2 when an input cannot be read.
#include <unistd.h>

#include "base/file.h"
#include "cli/command.h"
#include "cli/options.h"
#include "cli/saved_run.h"
#include "cli/terminal.h"
#include "results/diff.h"

namespace orchard::cli {
namespace {

class DiffCommand : public Command {
 public:
  explicit DiffCommand(CLI::App& parent) {
    CLI::App* sub = parent.add_subcommand(
        "diff", "Compare two saved runs (before and after a change); exit 1 if anything got worse");
    sub->add_option("OLD", old_, "the earlier check-v1 JSON file")->type_name("FILE")->required();
    sub->add_option("NEW", new_, "the later check-v1 JSON file")->type_name("FILE")->required();
    AddFormatOption(*sub, format_, {"text", "json"}, "Output format (default: text)");
    SetFooter(*sub,
              {{"orchard diff before.json after.json", "What a firewall change broke or fixed"}},
              {{0, "nothing got worse"},
               {1, "something got worse"},
               {2, "usage error, or a results file could not be read"},
               {3, "internal error"}});
    sub->add_option("-o,--output", output_, "write to FILE atomically instead of stdout");
  }

  int Run() override {
    // Compare like with like: a file saved without diagnoses is diagnosed as it would be now.
    auto before = ReadSavedRun(old_);
    if (!before) return Fail("diff", before.error());
    auto after = ReadSavedRun(new_);
    if (!after) return Fail("diff", after.error());
    results::RunDiff diff = results::DiffRuns(*before, *after);
    bool to_stdout = output_.empty() || output_ == "-";
    bool color = to_stdout && ColorWanted(STDOUT_FILENO);
    std::string out =
        format_ == "json" ? results::RenderDiffJson(diff) : results::RenderDiffText(diff, color);
    if (auto written = WriteFileAtomically(to_stdout ? "-" : output_, out); !written) {
      return Fail("diff", written.error());
    }
    return diff.worse() ? 1 : 0;
  }

 private:
  std::string old_;
  std::string new_;
  std::string format_ = "text";
  std::string output_;
};

}  // namespace

std::unique_ptr<Command> MakeDiffCommand(CLI::App& parent) {
  return std::make_unique<DiffCommand>(parent);
}

}  // namespace orchard::cli
