#include "catalog/listing.h"

#include <gtest/gtest.h>

namespace orchard::catalog {
namespace {

Endpoint Row(std::string id, std::string description) {
  Endpoint e;
  e.id = std::move(id);
  e.host = "albert.apple.com";
  e.ports = {443, 80};
  e.protocol = "TCP";
  e.os = {"iOS", "macOS"};
  e.description = std::move(description);
  e.section = "Device setup";
  e.category = "device-setup";
  return e;
}

TEST(Listing, CsvEndsEveryRecordWithCrlfAndQuotesPerRfc4180) {
  std::string csv = RenderRows({Row("device-setup/albert.apple.com", "Device activation"),
                                Row("b", "Say \"hi\", then\nleave")},
                               ListFormat::kCsv);
  EXPECT_EQ(csv,
            "id,host,ports,transport,protocol,os,description,proxy,proxy_note,section,category\r\n"
            "device-setup/albert.apple.com,albert.apple.com,443 80,tcp,TCP,\"iOS, macOS\","
            "Device activation,no,,Device setup,device-setup\r\n"
            "b,albert.apple.com,443 80,tcp,TCP,\"iOS, macOS\",\"Say \"\"hi\"\", then\nleave\",no,,"
            "Device setup,device-setup\r\n");
}

}  // namespace
}  // namespace orchard::catalog
