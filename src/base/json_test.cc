#include "base/json.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdint>
#include <limits>

namespace orchard {
namespace {

namespace json = boost::json;

TEST(Json, WritesShortestRoundTripNumbers) {
  EXPECT_EQ(SerializeJson(12.5, 0), "12.5");
  EXPECT_EQ(SerializeJson(44.125, 0), "44.125");
  EXPECT_EQ(SerializeJson(12.0, 0), "12");
  EXPECT_EQ(SerializeJson(0.1, 0), "0.1");
  EXPECT_EQ(SerializeJson(int64_t{-3}, 0), "-3");
  EXPECT_EQ(SerializeJson(std::numeric_limits<uint64_t>::max(), 0), "18446744073709551615");
}

TEST(Json, WritesNonFiniteDoublesAsNull) {
  EXPECT_EQ(SerializeJson(std::numeric_limits<double>::quiet_NaN(), 0), "null");
  EXPECT_EQ(SerializeJson(std::numeric_limits<double>::infinity(), 0), "null");
  EXPECT_EQ(SerializeJson(-std::numeric_limits<double>::infinity(), 0), "null");
}

TEST(Json, IndentsEachLevelAndKeepsKeyOrder) {
  json::object o;
  o["b"] = json::array{1, true, nullptr};
  o["a"] = json::object{{"x", "y"}};
  o["e"] = json::array{};
  o["f"] = json::object{};
  EXPECT_EQ(SerializeJson(o, 2),
            "{\n"
            "  \"b\": [\n"
            "    1,\n"
            "    true,\n"
            "    null\n"
            "  ],\n"
            "  \"a\": {\n"
            "    \"x\": \"y\"\n"
            "  },\n"
            "  \"e\": [],\n"
            "  \"f\": {}\n"
            "}");
  EXPECT_EQ(SerializeJson(o, 0), R"({"b":[1,true,null],"a":{"x":"y"},"e":[],"f":{}})");
}

TEST(Json, AppendsAValueAsIfItStoodDeeper) {
  std::string out = "x";
  AppendJson(out, json::array{1, 2}, 2, 1);
  EXPECT_EQ(out, "x[\n    1,\n    2\n  ]");
}

TEST(Json, EscapesStrings) {
  std::string out;
  AppendJsonString(out, "say \"hi\"\n\x01\\");
  EXPECT_EQ(out, R"("say \"hi\"\n\u0001\\")");
  EXPECT_EQ(SerializeJson(json::object{{"k\"", "v"}}, 0), R"({"k\"":"v"})");
}

TEST(Json, MakesArraysOfStrings) {
  EXPECT_EQ(SerializeJson(JsonStrings({"a", "", "c"}), 0), R"(["a","","c"])");
  EXPECT_EQ(SerializeJson(JsonStrings({}), 0), "[]");
}

}  // namespace
}  // namespace orchard
