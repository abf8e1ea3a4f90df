#pragma once

#include <fmt/format.h>

#include <span>
#include <string>
#include <string_view>
#include <vector>

// Lookups over a registry: a table whose rows each have a `format` key, a `name` and a `help`
// line (report formats, allowlist formats; probe kinds, keyed by `kind`). One place for them, so
// each table is only its rows.
namespace orchard::table {

// The row for `key`; the first row when none has it (every enumerator has a row: the registry
// tests check).
template <class Row, class Key>
const Row& Of(std::span<const Row> rows, Key key) {
  for (const Row& row : rows) {
    if (row.format == key) return row;
  }
  return rows.front();
}

// The same for a table keyed by another member (probe kinds: &KindSpec::kind).
template <class Row, class Key>
const Row& Of(std::span<const Row> rows, Key Row::*member, Key key) {
  for (const Row& row : rows) {
    if (row.*member == key) return row;
  }
  return rows.front();
}

// The row named `name` exactly, or null.
template <class Row>
const Row* Named(std::span<const Row> rows, std::string_view name) {
  for (const Row& row : rows) {
    if (row.name == name) return &row;
  }
  return nullptr;
}

// Every row's name, in the table's order.
template <class Row>
std::vector<std::string> Names(std::span<const Row> rows) {
  std::vector<std::string> out;
  for (const Row& row : rows) out.emplace_back(row.name);
  return out;
}

// "Formats:" and a line for each row, names in a column `width` wide, for a command's help.
template <class Row>
std::string Help(std::span<const Row> rows, size_t width) {
  std::string out = "Formats:\n";
  for (const Row& row : rows) out += fmt::format("  {:<{}}{}\n", row.name, width, row.help);
  return out;
}

}  // namespace orchard::table
