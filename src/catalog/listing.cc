#include "catalog/listing.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>

#include "base/strings.h"
#include "catalog/catalog_json.h"

namespace orchard::catalog {
namespace {

std::string MarkdownCell(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

std::string RenderTable(const std::vector<Endpoint>& rows) {
  std::vector<std::array<std::string, 6>> cells;
  cells.push_back({"HOST", "PORTS", "PROTO", "PROXY", "CATEGORY", "DESCRIPTION"});
  for (const Endpoint& e : rows) {
    cells.push_back({e.host, PortsText(e.ports), e.protocol, std::string(ToString(e.proxy)),
                     e.category, e.description});
  }
  std::array<size_t, 6> width{};
  for (const auto& line : cells) {
    for (size_t i = 0; i < line.size(); ++i) width[i] = std::max(width[i], line[i].size());
  }
  std::string out;
  for (const auto& line : cells) {
    std::string text;
    for (size_t i = 0; i < line.size(); ++i) {
      text += i + 1 == line.size() ? line[i] : fmt::format("{:<{}}  ", line[i], width[i]);
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out += text + "\n";
  }
  return out;
}

std::string RenderJson(const std::vector<Endpoint>& rows) {
  boost::json::array array;
  for (const Endpoint& e : rows) array.emplace_back(EndpointToJson(e));
  return boost::json::serialize(array) + "\n";
}

std::string RenderCsv(const std::vector<Endpoint>& rows) {
  std::string out =
      "id,host,ports,transport,protocol,os,description,proxy,proxy_note,section,category";
  out += kCsvLineEnd;
  for (const Endpoint& e : rows) {
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{}", CsvField(e.id), CsvField(e.host),
                       fmt::join(e.ports, " "), ToString(e.transport), CsvField(e.protocol),
                       CsvField(fmt::format("{}", fmt::join(e.os, ", "))), CsvField(e.description),
                       ToString(e.proxy), CsvField(e.proxy_note), CsvField(e.section),
                       CsvField(e.category));
    out += kCsvLineEnd;
  }
  return out;
}

std::string RenderMarkdown(const std::vector<Endpoint>& rows) {
  std::string out;
  for (size_t i = 0; i < rows.size(); ++i) {
    const Endpoint& e = rows[i];
    if (i == 0 || e.category != rows[i - 1].category) {
      out += fmt::format("{}## {}\n\n", i == 0 ? "" : "\n", e.section);
      out += "| Hosts | Ports | Protocol | OS | Description | Supports proxies |\n";
      out += "|---|---|---|---|---|---|\n";
    }
    out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", MarkdownCell(e.host),
                       PortsText(e.ports), MarkdownCell(e.protocol), MarkdownCell(OsText(e.os)),
                       MarkdownCell(e.description), MarkdownCell(ProxyText(e)));
  }
  return out;
}

}  // namespace

std::optional<ListFormat> ListFormatFromString(std::string_view name) {
  if (name == "table") return ListFormat::kTable;
  if (name == "json") return ListFormat::kJson;
  if (name == "csv") return ListFormat::kCsv;
  if (name == "markdown") return ListFormat::kMarkdown;
  return std::nullopt;
}

std::string PortsText(const std::vector<uint16_t>& ports) {
  return fmt::format("{}", fmt::join(ports, ", "));
}

std::string OsText(const std::vector<std::string>& os) {
  return os.empty() ? "-" : fmt::format("{}", fmt::join(os, ", "));
}

std::string ProxyText(const Endpoint& e) {
  switch (e.proxy) {
    case ProxySupport::kYes:
      return "Yes";
    case ProxySupport::kNo:
      return "—";
    case ProxySupport::kNote:
      return e.proxy_note;
  }
  return "—";
}

std::string RenderRows(const std::vector<Endpoint>& rows, ListFormat format) {
  switch (format) {
    case ListFormat::kTable:
      return RenderTable(rows);
    case ListFormat::kJson:
      return RenderJson(rows);
    case ListFormat::kCsv:
      return RenderCsv(rows);
    case ListFormat::kMarkdown:
      return RenderMarkdown(rows);
  }
  return RenderTable(rows);
}

std::string RenderDetail(const Endpoint& e) {
  std::string out;
  auto line = [&](std::string_view key, std::string_view value) {
    if (!value.empty()) out += fmt::format("{:<24}{}\n", fmt::format("{}:", key), value);
  };
  line("id", e.id);
  line("host", e.host);
  line("kind", ToString(e.kind));
  line("ports", PortsText(e.ports));
  line("transport", ToString(e.transport));
  line("protocol", e.protocol);
  line("os", OsText(e.os));
  line("description", e.description);
  line("supports proxies", ToString(e.proxy));
  line("proxy note", e.proxy_note);
  line("section", e.section);
  line("category", e.category);
  line("representative host", e.hints.representative_host);
  line("representative address", e.hints.representative_address);
  line("sni", e.hints.sni);
  line("http check", e.hints.http_check);
  line("url", e.hints.url);
  line("expect", e.hints.expect);
  line("defined at", e.origin);
  return out;
}

}  // namespace orchard::catalog
