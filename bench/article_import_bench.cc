// `orchard catalog import` (and `catalog diff`, which imports) on hostile input: 64 KB to 1 MB
// of each, with the fitted complexity. Every figure should grow linearly with the size; before
// the importer was made linear, 196 KB of "<!---->" took 17 s and 1 MB did not finish.
//
// Usage: article_import_bench [--benchmark_filter=Comments] (Google Benchmark's flags)
#include <benchmark/benchmark.h>

#include <string>
#include <string_view>

#include "catalog/article_import.h"

namespace {

using orchard::catalog::ArticleForm;

constexpr std::string_view kHeader =
    "<table><tr><th>Hosts</th><th>Ports</th><th>Protocol</th><th>OS</th><th>Description</th>"
    "<th>Supports proxies</th></tr>\n";

std::string Repeat(std::string_view prefix, std::string_view unit, size_t bytes) {
  std::string text(prefix);
  while (text.size() < bytes) text += unit;
  return text;
}

void Import(benchmark::State& state, const std::string& text, ArticleForm form) {
  for (auto _ : state) {
    auto catalog = orchard::catalog::ImportArticle(text, "bench", form);
    benchmark::DoNotOptimize(catalog);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.SetComplexityN(static_cast<int64_t>(text.size()));
}

void BM_HtmlComments(benchmark::State& state) {
  Import(state, Repeat("", "<!---->", state.range(0)), ArticleForm::kHtml);
}

void BM_HtmlScripts(benchmark::State& state) {
  Import(state, Repeat("", "<script></script>", state.range(0)), ArticleForm::kHtml);
}

// Ampersands that never close an entity, inside one table cell.
void BM_HtmlAmpersands(benchmark::State& state) {
  Import(state, Repeat(std::string(kHeader) + "<tr><td>", "&", state.range(0)), ArticleForm::kHtml);
}

// One valid row over and over: every row gets its own "#N" id.
void BM_HtmlRepeatedRow(benchmark::State& state) {
  Import(state,
         Repeat(kHeader,
                "<tr><td>a.apple.com</td><td>443</td><td>TCP</td><td>macOS only</td>"
                "<td>x</td><td>Yes</td></tr>\n",
                state.range(0)),
         ArticleForm::kHtml);
}

void BM_CellPerLineRows(benchmark::State& state) {
  Import(state,
         Repeat("Hosts\nPorts\nProtocol\nOS\nDescription\nSupports proxies\n",
                "a.apple.com\n443\nTCP\nmacOS only\nReporting\n", state.range(0)),
         ArticleForm::kCellPerLine);
}

#define ORCHARD_SIZES RangeMultiplier(4)->Range(64 << 10, 1 << 20)->Unit(benchmark::kMillisecond)
BENCHMARK(BM_HtmlComments)->ORCHARD_SIZES->Complexity();
BENCHMARK(BM_HtmlScripts)->ORCHARD_SIZES->Complexity();
BENCHMARK(BM_HtmlAmpersands)->ORCHARD_SIZES->Complexity();
BENCHMARK(BM_HtmlRepeatedRow)->ORCHARD_SIZES->Complexity();
BENCHMARK(BM_CellPerLineRows)->ORCHARD_SIZES->Complexity();

}  // namespace

BENCHMARK_MAIN();
