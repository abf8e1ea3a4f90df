#include "serve/metrics.h"

#include <gtest/gtest.h>

#include "support/documents.h"

namespace orchard::serve {
namespace {

bool Has(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

TEST(Metrics, ExposesEachRowWithCatalogLabels) {
  std::string text = RenderMetrics(testing::SampleDocument(), {3, 1700000000, 4.5}, "1.2.3");
  EXPECT_TRUE(Has(text,
                  "orchard_probe_success{category=\"apple-id\",check=\"tls\","
                  "host=\"idmsa.apple.com\",port=\"443\",route=\"direct\",transport=\"tcp\"}"
                  " 1"))
      << text;
  EXPECT_TRUE(Has(text,
                  "orchard_probe_success{category=\"icloud\",check=\"tls\","
                  "host=\"*.icloud.com\",port=\"443\",route=\"direct\",transport=\"tcp\"} 0"));
  EXPECT_TRUE(Has(text, "reason=\"tls_intercepted\""));
  EXPECT_TRUE(Has(text, "orchard_runs_total 3"));
  EXPECT_TRUE(Has(text, "orchard_last_run_timestamp_seconds 1700000000"));
  EXPECT_TRUE(Has(text, "orchard_build_info{schema=\"orchard/check-v1\",version=\"1.2.3\"} 1"));
  EXPECT_TRUE(Has(text, "orchard_diagnosis{id=\"tls-interception\",severity=\"high\"} 1"));
  EXPECT_TRUE(Has(text, "orchard_ntp_offset_seconds{"));
  EXPECT_TRUE(Has(text, "} -3600\n"));
  EXPECT_TRUE(Has(text, "orchard_tls_cert_expiry_timestamp_seconds{"));
  EXPECT_TRUE(Has(text, "phase=\"tls\""));
  EXPECT_FALSE(Has(text, "phase=\"processing\""));  // no first byte was measured
}

TEST(Metrics, InterceptorLabelIsPrintableAndBounded) {
  auto doc = testing::SampleDocument();
  doc.results[1].tls->interceptor = std::string(500, 'A') + "\n";
  std::string text = RenderMetrics(doc, {}, "v");
  EXPECT_TRUE(Has(text, "interceptor=\"" + std::string(64, 'A') + "\""));
  EXPECT_FALSE(Has(text, std::string(65, 'A')));
  doc = testing::SampleDocument();
  text = RenderMetrics(doc, {}, "v");
  EXPECT_TRUE(Has(text, "interceptor=\"Corp Proxy CA??\""));
}

TEST(Metrics, NoRunYetStillServesBuildInfo) {
  std::string text = RenderMetrics({}, {}, "v");
  EXPECT_TRUE(Has(text, "orchard_build_info{"));
  EXPECT_TRUE(Has(text, "orchard_runs_total 0"));
  EXPECT_FALSE(Has(text, "orchard_probe_success{"));
  EXPECT_FALSE(Has(text, "orchard_last_run_timestamp_seconds "));
}

}  // namespace
}  // namespace orchard::serve
