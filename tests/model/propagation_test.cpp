#include "harness/model/propagation.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "tests/model/fixtures.h"

namespace scopecheck::model::test {
namespace {

using O = OutcomeClass;

// SC-TK-6: inside a change's window, old or new state; after it, only the new.
TEST(Propagation, SC_TK_6_window_table) {
  const Token reader = token({allow({logs_res()}, {kItemRead})});
  Token disabled = reader;
  disabled.status = TokenStatus::kDisabled;
  Token rolled = reader;
  rolled.value = kValue2;
  const Timestamp t0 = kNow - 1000;  // created
  const Timestamp t1 = kNow - 30;    // changed
  const std::int64_t window = 60;
  struct Row {
    std::string what;
    std::vector<TokenVersion> history;
    Timestamp now;
    std::function<void(Request&)> setup;
    std::vector<O> expected;
  };
  const std::vector<Row> rows = {
      {"SC-TK-6: before creation settles: unknown-key or ok", {{kNow - 10, reader}}, kNow, nullptr, {O::kUnknownKey, O::kOk}},
      {"SC-TK-6: creation settled", {{t0, reader}}, kNow, nullptr, {O::kOk}},
      {"SC-TK-6: creation exactly at the window's end", {{kNow - window, reader}}, kNow, nullptr, {O::kOk}},
      {"SC-TK-6: disable inside the window", {{t0, reader}, {t1, disabled}}, kNow, nullptr, {O::kInactiveToken, O::kOk}},
      {"SC-TK-6: disable after the window", {{t0, reader}, {t1, disabled}}, t1 + window, nullptr, {O::kInactiveToken}},
      {"SC-TK-6: delete inside the window", {{t0, reader}, {t1, std::nullopt}}, kNow, nullptr, {O::kUnknownKey, O::kOk}},
      {"SC-TK-6: delete after the window", {{t0, reader}, {t1, std::nullopt}}, kNow + 100, nullptr, {O::kUnknownKey}},
      {"SC-TK-6: change made after now is not yet visible", {{t0, reader}, {kNow + 5, disabled}}, kNow, nullptr, {O::kOk}},
      {"SC-TK-6: roll inside the window, old value", {{t0, reader}, {t1, rolled}}, kNow,
       [](Request& r) { r.token_value = kValue; }, {O::kSignatureMismatch, O::kOk}},
      {"SC-TK-6: roll after the window, old value", {{t0, reader}, {t1, rolled}}, kNow + 100,
       [](Request& r) { r.token_value = kValue; }, {O::kSignatureMismatch}},
      {"SC-TK-6: roll inside the window, new value", {{t0, reader}, {t1, rolled}}, kNow,
       [](Request& r) { r.token_value = kValue2; }, {O::kSignatureMismatch, O::kOk}},
      {"SC-TK-6: two changes inside the window", {{t0, reader}, {t1, disabled}, {t1 + 5, std::nullopt}}, kNow, nullptr,
       {O::kUnknownKey, O::kInactiveToken, O::kOk}},
      {"SC-TK-6: zero window: only the newest made so far", {{t0, reader}, {t1, disabled}}, kNow, nullptr,
       {O::kInactiveToken}},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.what);
    World w = base_world();
    Request r = base_request();
    if (row.setup) row.setup(r);
    std::int64_t win = row.what.find("zero window") != std::string::npos ? 0 : window;
    auto got = acceptable_outcomes(w, kT1, row.history, r, row.now, win);
    std::vector<std::string> got_names, want_names;
    for (O c : got) got_names.emplace_back(to_string(c));
    for (O c : row.expected) want_names.emplace_back(to_string(c));
    EXPECT_EQ(got_names, want_names);
  }
}

// What the rule book leaves open in one candidate state stays acceptable inside the window: a
// Storage Write token narrowed to Item Read on another bucket may still delete, under its old
// state, a bucket whose only content is an in-progress upload, and that delete may answer 409
// BucketNotEmpty (SCOPING §8). Found by a 10-minute run with --propagation-delay 5 --faults 0.05,
// where the window's expectation kept only the new state's open answers: a false violation.
TEST(Propagation, WhatTheRuleBookLeavesOpenInAnOldStateStaysAcceptable) {
  World w = base_world();
  w.uploads.push_back({"u2", {kA, Jurisdiction::kDefault, "logs-archive"}, "k"});
  const Token writer = token({allow({Resource::account(kA)}, {kStorageWrite})});
  const Token reader = token({allow({logs_res()}, {kItemRead})});
  Request r = base_request(Operation::kDeleteBucket);
  r.bucket = "logs-archive";
  r.key.clear();
  const std::vector<TokenVersion> history{{kNow - 1000, writer}, {kNow - 2, reader}};
  auto got = acceptable_outcomes(w, kT1, history, r, kNow, 5);
  std::vector<std::string> names;
  for (O c : got) names.emplace_back(to_string(c));
  EXPECT_NE(std::find(got.begin(), got.end(), O::kAccessDenied), got.end()) << ::testing::PrintToString(names);
  EXPECT_NE(std::find(got.begin(), got.end(), O::kOk), got.end()) << ::testing::PrintToString(names);
  EXPECT_NE(std::find(got.begin(), got.end(), O::kBucketNotEmpty), got.end()) << ::testing::PrintToString(names);
  // After the window only the new state counts: refused, nothing left open.
  EXPECT_EQ(acceptable_outcomes(w, kT1, history, r, kNow + 10, 5), std::vector<O>{O::kAccessDenied});
}

TEST(Propagation, CandidateStatesIgnoreTheWorldsOwnCopy) {
  World w = base_world();
  Token stale = token({});  // the world's copy grants nothing; the history is what counts
  w.tokens.push_back(stale);
  const Token reader = token({allow({logs_res()}, {kItemRead})});
  std::vector<TokenVersion> history{{kNow - 1000, reader}};
  auto got = acceptable_outcomes(w, kT1, history, base_request(), kNow, 60);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], O::kOk);
  EXPECT_EQ(candidate_states(history, kNow - 2000, 60).size(), 1u);  // before creation: absent only
  EXPECT_FALSE(candidate_states(history, kNow - 2000, 60)[0].has_value());
}

}  // namespace
}  // namespace scopecheck::model::test
