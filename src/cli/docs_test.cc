#include "cli/docs.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/options.h"

namespace orchard::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// A small command line shaped like orchard's: a subcommand with a format, a file option, a
// flag and a positional, a nested subcommand, and a hidden one.
struct Fixture {
  CLI::App app{"tool: does things"};
  std::string format, file, input, color, host;
  bool verbose = false;
  Fixture() {
    app.name("orchard");
    CLI::App* run = app.add_subcommand("run", "Run it");
    AddFormatOption(*run, format, {"text", "json"}, "Output format");
    AddColorOption(*run, color);
    run->add_option("-o,--output", file, "Write to FILE")->type_name("FILE");
    run->add_flag("-v,--verbose", verbose, ".starts with a dot - and has a \\ backslash");
    run->add_option("RESULTS", input, "a results file")->type_name("FILE");
    run->add_option("HOST", host, "a host name");
    SetFooter(*run, {{"orchard run -f json", "JSON"}}, {{0, "ok"}, {2, "usage"}});
    CLI::App* group = app.add_subcommand("group", "A group");
    group->add_subcommand("inner", "Nested");
    app.add_subcommand("secret", "Hidden")->group("");
  }
};

const OptionDoc* Find(const CommandDoc& command, const std::string& name) {
  for (const auto& o : command.options) {
    for (const auto& n : o.names) {
      if (n == name) return &o;
    }
    if (o.positional == name) return &o;
  }
  return nullptr;
}

TEST(Docs, DescribesOptionsChoicesAndNesting) {
  Fixture f;
  CommandDoc root = Describe(f.app);
  ASSERT_EQ(root.subcommands.size(), 2u);  // the hidden one is left out
  const CommandDoc& run = root.subcommands[0];
  EXPECT_EQ(run.path, "run");
  EXPECT_EQ(root.subcommands[1].subcommands.at(0).path, "group inner");

  const OptionDoc* format = Find(run, "--format");
  ASSERT_NE(format, nullptr);
  EXPECT_THAT(format->names, ElementsAre("-f", "--format"));
  EXPECT_THAT(format->choices, ElementsAre("text", "json"));
  EXPECT_EQ(format->value, "FORMAT");
  const OptionDoc* color = Find(run, "--color");
  ASSERT_NE(color, nullptr);
  EXPECT_THAT(color->choices, ElementsAre("auto", "always", "never"));
  const OptionDoc* output = Find(run, "--output");
  ASSERT_NE(output, nullptr);
  EXPECT_TRUE(output->takes_file);
  EXPECT_TRUE(Find(run, "--verbose")->value.empty());  // a flag takes nothing
  const OptionDoc* results = Find(run, "RESULTS");
  ASSERT_NE(results, nullptr);
  EXPECT_TRUE(results->takes_file);
  EXPECT_FALSE(Find(run, "HOST")->takes_file);  // a positional that is not a file
  EXPECT_THAT(run.footer, HasSubstr("Exit codes:\n  0  ok\n  2  usage\n"));
}

TEST(Docs, ManPageEscapesRoff) {
  Fixture f;
  std::string page = RenderManPage(Describe(f.app), "1.2.3");
  EXPECT_THAT(page, HasSubstr(".TH ORCHARD 1 \"\" \"orchard 1.2.3\""));
  EXPECT_THAT(page, HasSubstr(".SS \"orchard group inner\""));
  EXPECT_THAT(page, HasSubstr(".B \\-f, \\-\\-format \\fIFORMAT\\fR"));
  EXPECT_THAT(page, HasSubstr("(one of: text, json)"));
  // A help text starting with '.' would be a roff request; a backslash an escape.
  EXPECT_THAT(page, HasSubstr("\n\\&.starts with a dot \\- and has a \\e backslash"));
  EXPECT_THAT(page, HasSubstr(".nf\nExamples:\n  orchard run \\-f json\n"));
  EXPECT_THAT(page, Not(HasSubstr("secret")));
}

TEST(Docs, CompletionsKnowEveryCommandAndValue) {
  Fixture f;
  CommandDoc root = Describe(f.app);
  std::string bash = RenderCompletion(root, Shell::kBash);
  EXPECT_THAT(bash, HasSubstr("local known=\" run group group/inner \""));
  EXPECT_THAT(bash,
              HasSubstr("\"run -f\"|\"run --format\") COMPREPLY=($(compgen -W \"text json\""));
  EXPECT_THAT(bash, HasSubstr("complete -F _orchard orchard"));
  EXPECT_THAT(bash, Not(HasSubstr("secret")));

  std::string zsh = RenderCompletion(root, Shell::kZsh);
  EXPECT_THAT(zsh, HasSubstr("#compdef orchard\n"));
  EXPECT_THAT(zsh, HasSubstr("(\"run -o\"|\"run --output\") _files; return ;;"));
  EXPECT_THAT(zsh, HasSubstr("'--format:Output format'"));

  std::string fish = RenderCompletion(root, Shell::kFish);
  EXPECT_THAT(fish, HasSubstr("-n \"__orchard_is 'run'\" -s f -l format -x -a 'text json'"));
  EXPECT_THAT(fish, HasSubstr("-n \"__orchard_is 'group'\" -a inner -d 'Nested'"));
}

}  // namespace
}  // namespace orchard::cli
