// orchard explain RESULTS.json: re-render a saved run in any format, diagnosing it first when
// the file carries no diagnoses (or when asked to).
#include <unistd.h>

#include "base/file.h"
#include "cli/command.h"
#include "cli/options.h"
#include "cli/saved_run.h"
#include "report/render.h"

namespace orchard::cli {
namespace {

class ExplainCommand : public Command {
 public:
  explicit ExplainCommand(CLI::App& parent) {
    CLI::App* sub = parent.add_subcommand(
        "explain", "Re-render saved results (orchard check --format json) in any format");
    sub->add_option("RESULTS", input_, "a check-v1 JSON file, or - for standard input")
        ->type_name("FILE")
        ->required();
    AddFormatOption(*sub, format_, report::FormatNames(), "Output format (default: text)");
    AddColorOption(*sub, color_);
    SetFooter(*sub,
              {{"orchard explain run.json", "The saved run as text, with its diagnoses"},
               {"orchard explain run.json -f html -o run.html", "The same run as a web page"}},
              {{0, "the report was written"},
               {2, "usage error, or the results file could not be read"},
               {3, "internal error"}},
              report::FormatsHelp());
    sub->add_option("-o,--output", output_, "write to FILE atomically instead of stdout");
    sub->add_flag("-v,--verbose", verbose_, "text/markdown: addresses, CNAMEs, TLS, timings");
    sub->add_flag("--rediagnose", rediagnose_,
                  "diagnose again even if the file carries diagnoses (after an orchard upgrade)");
  }

  int Run() override {
    auto format = report::FormatFromString(format_);  // --format checked it
    if (!format) return Fail("explain", UnknownFormat(format_, report::FormatNames()));
    auto doc = ReadSavedRun(input_, rediagnose_);
    if (!doc) return Fail("explain", doc.error());
    bool to_stdout = output_.empty() || output_ == "-";
    bool color = to_stdout && *format == report::Format::kText &&
                 ColorWanted(STDOUT_FILENO, ColorModeFromString(color_).value_or(ColorMode::kAuto));
    std::string out = report::Render(*format, *doc, {.color = color, .verbose = verbose_});
    auto written = WriteFileAtomically(to_stdout ? "-" : output_, out);
    if (!written) return Fail("explain", written.error());
    return 0;
  }

 private:
  std::string input_;
  std::string format_ = "text";
  std::string color_ = "auto";
  std::string output_;
  bool verbose_ = false;
  bool rediagnose_ = false;
};

}  // namespace

std::unique_ptr<Command> MakeExplainCommand(CLI::App& parent) {
  return std::make_unique<ExplainCommand>(parent);
}

}  // namespace orchard::cli
