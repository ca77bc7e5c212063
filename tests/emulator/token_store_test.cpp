// The token store: its indexes (bearer lookup by value digest, pages per owner in list order),
// its log under --data-dir (round trip across restarts, compaction, the old tokens.json format,
// a torn tail tolerated, a damaged record refused, files 0600), and no acknowledged creation lost
// when `scopecheck emulate --data-dir` is SIGKILLed in the middle of creating tokens.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <signal.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "emulator/crypto.h"
#include "emulator/durable_file.h"
#include "emulator/token_store.h"
#include "tests/emulator/test_client.h"

namespace scopecheck::emulator::testing {
namespace {
using nlohmann::json;
namespace fs = std::filesystem;

std::string temp_dir(const std::string& name) {
  static std::atomic<int> n{0};
  auto p = fs::temp_directory_path() /
           ("scopecheck-tokens-" + name + "-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
  fs::remove_all(p);
  fs::create_directories(p);
  return p.string();
}

TokenSpec spec(const std::string& name) {
  std::string error;
  auto s = parse_token_spec({{"name", name}, {"policies", {policy("allow", bucket_resource("logs"), {kItemRead})}}},
                            false, &error);
  EXPECT_TRUE(s) << error;
  return *s;
}

TimePoint start_time() { return *parse_rfc3339(kStart); }

// A store on a test clock; data_dir empty = memory only.
struct Store {
  explicit Store(const std::string& data_dir = "") : clock(start_time()), store(clock, {}, std::chrono::seconds(0), data_dir, 1) {}
  TokenRecord create(const std::string& name, const std::string& owner = "user") {
    bool io_error = true;
    auto t = store.create(spec(name), owner, &io_error);
    EXPECT_FALSE(io_error);
    return t;
  }
  TestClock clock;
  TokenStore store;
};

std::vector<std::string> ids_of(const TokenStore::Page& p) {
  std::vector<std::string> out;
  for (const auto& t : p.tokens) out.push_back(t.id);
  return out;
}

std::string log_path(const std::string& dir) { return dir + "/tokens.log"; }
std::string slurp(const std::string& path) { return read_file(path).value_or(""); }
void spit(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

// --- the indexes ---

TEST(TokenStoreIndex, BearerLookupFollowsRollUpdateAndDelete) {
  Store s;
  auto a = s.create("a");
  auto b = s.create("b");
  ASSERT_TRUE(s.store.find_by_value(a.value));
  EXPECT_EQ(s.store.find_by_value(a.value)->id, a.id);
  EXPECT_EQ(s.store.find_by_value(b.value)->id, b.id);
  EXPECT_FALSE(s.store.find_by_value(a.value + "x"));
  EXPECT_FALSE(s.store.find_by_value(""));

  bool io_error = true;
  auto rolled = s.store.roll(a.id, "user", &io_error);
  ASSERT_TRUE(rolled);
  EXPECT_FALSE(s.store.find_by_value(a.value)) << "the old value must stop working";
  ASSERT_TRUE(s.store.find_by_value(*rolled));
  EXPECT_EQ(s.store.find_by_value(*rolled)->id, a.id);

  auto updated = s.store.update(b.id, spec("b renamed"), "user", &io_error);
  ASSERT_TRUE(updated);
  ASSERT_TRUE(s.store.find_by_value(b.value));
  EXPECT_EQ(s.store.find_by_value(b.value)->name, "b renamed");

  EXPECT_TRUE(s.store.remove(b.id, "user", &io_error));
  EXPECT_FALSE(s.store.find_by_value(b.value));
  EXPECT_FALSE(s.store.get(b.id, "user"));
  EXPECT_EQ(s.store.find_by_value(*rolled)->id, a.id);
}

TEST(TokenStoreIndex, PagesFollowIssuedOnThenIdPerOwnerWithExactBoundaries) {
  Store s;
  std::vector<TokenRecord> user;
  for (int i = 0; i < 12; ++i) {
    user.push_back(s.create("u" + std::to_string(i)));
    s.create("other", kAcct);  // another owner's tokens never show
    if (i % 3 == 2) s.clock.advance(std::chrono::seconds(1));  // ties on issued_on: id decides
  }
  // The test clock can also go back: a later token may sort first.
  s.clock.set(start_time() - std::chrono::seconds(5));
  user.push_back(s.create("early"));
  std::sort(user.begin(), user.end(), [](const auto& a, const auto& b) {
    return a.issued_on != b.issued_on ? a.issued_on < b.issued_on : a.id < b.id;
  });
  std::vector<std::string> want;
  for (const auto& t : user) want.push_back(t.id);
  EXPECT_EQ(s.store.list("user", 0, 100, false).total, 13u);
  EXPECT_EQ(s.store.list(kAcct, 0, 100, false).total, 12u);
  EXPECT_EQ(s.store.list(kOtherAcct, 0, 100, false).total, 0u);
  EXPECT_TRUE(s.store.list(kOtherAcct, 0, 100, false).tokens.empty());

  EXPECT_EQ(ids_of(s.store.list("user", 0, 13, false)), want);
  EXPECT_EQ(ids_of(s.store.list("user", 0, 5, false)), std::vector<std::string>(want.begin(), want.begin() + 5));
  EXPECT_EQ(ids_of(s.store.list("user", 10, 5, false)), std::vector<std::string>(want.begin() + 10, want.end()));
  EXPECT_EQ(ids_of(s.store.list("user", 12, 5, false)), std::vector<std::string>{want.back()});
  EXPECT_TRUE(s.store.list("user", 13, 5, false).tokens.empty());
  EXPECT_TRUE(s.store.list("user", SIZE_MAX, 5, false).tokens.empty());
  EXPECT_EQ(s.store.list("user", SIZE_MAX, 5, false).total, 13u);
  std::vector<std::string> rev(want.rbegin(), want.rend());
  EXPECT_EQ(ids_of(s.store.list("user", 0, 13, true)), rev);
  EXPECT_EQ(ids_of(s.store.list("user", 10, 5, true)), std::vector<std::string>(rev.begin() + 10, rev.end()));
  EXPECT_EQ(s.store.list("user", 0, 13, false).tokens.front().name, "early");
}

// Any sequence of creates, deletes, rolls and clock moves over three owners: every page equals
// the same page of a brute-force sort, and every live token is found by its value, no other.
RC_GTEST_PROP(TokenStoreIndex, PagesAndLookupsMatchABruteForceModel, ()) {
  Store s;
  std::map<std::string, TokenRecord> model;  // id -> token
  std::vector<std::string> dead_values;
  const std::vector<std::string> owners = {"user", kAcct, kOtherAcct};
  const int steps = *rc::gen::inRange(1, 80);
  for (int i = 0; i < steps; ++i) {
    const int op = *rc::gen::inRange(0, 10);
    if (op < 5 || model.empty()) {
      bool io_error = true;
      auto t = s.store.create(spec("t"), owners[*rc::gen::inRange<size_t>(0, owners.size())], &io_error);
      model[t.id] = t;
    } else if (op < 7) {
      auto it = std::next(model.begin(), *rc::gen::inRange<long>(0, static_cast<long>(model.size())));
      bool io_error = true;
      RC_ASSERT(s.store.remove(it->first, it->second.owner, &io_error));
      dead_values.push_back(it->second.value);
      model.erase(it);
    } else if (op < 8) {
      auto it = std::next(model.begin(), *rc::gen::inRange<long>(0, static_cast<long>(model.size())));
      bool io_error = true;
      auto v = s.store.roll(it->first, it->second.owner, &io_error);
      RC_ASSERT(v.has_value());
      dead_values.push_back(it->second.value);
      it->second.value = *v;
    } else {
      s.clock.advance(std::chrono::seconds(*rc::gen::inRange(-2, 3)));
    }
  }
  for (const auto& owner : owners) {
    std::vector<TokenRecord> mine;
    for (const auto& [id, t] : model)
      if (t.owner == owner) mine.push_back(t);
    std::sort(mine.begin(), mine.end(), [](const auto& a, const auto& b) {
      return a.issued_on != b.issued_on ? a.issued_on < b.issued_on : a.id < b.id;
    });
    const size_t offset = *rc::gen::inRange<size_t>(0, mine.size() + 3);
    const size_t count = *rc::gen::inRange<size_t>(1, 8);
    const bool desc = *rc::gen::arbitrary<bool>();
    if (desc) std::reverse(mine.begin(), mine.end());
    std::vector<std::string> want;
    for (size_t k = offset; k < mine.size() && k < offset + count; ++k) want.push_back(mine[k].id);
    auto page = s.store.list(owner, offset, count, desc);
    RC_ASSERT(page.total == mine.size());
    RC_ASSERT(ids_of(page) == want);
  }
  for (const auto& [id, t] : model) {
    auto found = s.store.find_by_value(t.value);
    RC_ASSERT(found.has_value());
    RC_ASSERT(found->id == id);
  }
  for (const auto& v : dead_values) RC_ASSERT(!s.store.find_by_value(v).has_value());
}

// --- persistence ---

// Everything the API shows of every token, the value too.
std::map<std::string, json> snapshot(const TokenStore& store) {
  std::map<std::string, json> out;
  for (const char* owner : {"user", kAcct}) {
    auto p = store.list(owner, 0, SIZE_MAX, false);
    for (const auto& t : p.tokens) out[t.id] = token_to_storage(t);
  }
  return out;
}

TEST(TokenStorePersistence, EveryKindOfChangeSurvivesARestartInListOrder) {
  std::string dir = temp_dir("roundtrip");
  std::map<std::string, json> before;
  std::vector<std::string> order_before;
  std::string rolled_value, old_value;
  {
    Store s(dir);
    s.store.ensure_bootstrap("", kAcct);
    std::vector<TokenRecord> made;
    for (int i = 0; i < 20; ++i) {
      made.push_back(s.create("t" + std::to_string(i), i % 4 == 0 ? std::string(kAcct) : "user"));
      s.clock.advance(std::chrono::seconds(i % 2));
    }
    bool io_error = true;
    ASSERT_TRUE(s.store.update(made[3].id, spec("renamed"), "user", &io_error));
    ASSERT_FALSE(io_error);
    ASSERT_TRUE(s.store.remove(made[5].id, "user", &io_error));
    old_value = made[6].value;
    rolled_value = s.store.roll(made[6].id, "user", &io_error).value();
    before = snapshot(s.store);
    order_before = ids_of(s.store.list("user", 0, 100, false));
  }
  Store again(dir);
  EXPECT_EQ(snapshot(again.store), before);
  EXPECT_EQ(ids_of(again.store.list("user", 0, 100, false)), order_before);
  EXPECT_FALSE(again.store.find_by_value(old_value));
  EXPECT_TRUE(again.store.find_by_value(rolled_value));
  EXPECT_EQ(before.size(), 20u);  // 20 made, 1 deleted, plus the bootstrap token
  // The S3 side is rebuilt too: the rolled token signs with its new value only.
  auto s3 = again.store.s3_lookup(again.store.find_by_value(rolled_value)->id);
  ASSERT_TRUE(s3);
  EXPECT_EQ(s3->secret, sha256_hex(rolled_value));
  fs::remove_all(dir);
}

TEST(TokenStorePersistence, ChangesAppendToTheLogAndCompactionKeepsItWithinTwiceTheLiveSize) {
  std::string dir = temp_dir("compact");
  std::string id, last_name;
  uint64_t largest = 0, appended = 0, live_after_start = 0;
  {
    Store s(dir);
    for (int i = 0; i < 5; ++i) s.create("keep" + std::to_string(i));
    id = s.create("busy").id;
    auto size_before = fs::file_size(log_path(dir));
    bool io_error = true;
    s.store.update(id, spec("once"), "user", &io_error);
    // One change appends one record: the file grows by about one token, it is not rewritten.
    auto grown = fs::file_size(log_path(dir)) - size_before;
    EXPECT_GT(grown, 100u);
    EXPECT_LT(grown, 2000u);
    // Updates with a large body (20 policies), so that few of them fill the log.
    json big{{"name", "big"}, {"policies", json::array()}};
    for (int p = 0; p < 20; ++p)
      big["policies"].push_back(policy("allow", bucket_resource("bucket-" + std::to_string(p)), {kItemRead}));
    for (int i = 0; i < 600; ++i) {
      last_name = "update " + std::to_string(i);
      big["name"] = last_name;
      std::string error;
      auto before = fs::file_size(log_path(dir));
      s.store.update(id, *parse_token_spec(big, true, &error), "user", &io_error);
      ASSERT_FALSE(io_error);
      auto after = fs::file_size(log_path(dir));
      if (after > before) appended += after - before;
      largest = std::max<uint64_t>(largest, after);
    }
  }
  // Without compaction the log would hold every record appended.
  EXPECT_GT(appended, 2u << 20);
  EXPECT_LT(largest, (1u << 20) + 64 * 1024u) << "compaction never ran";
  {
    Store again(dir);
    ASSERT_TRUE(again.store.get(id, "user"));
    EXPECT_EQ(again.store.get(id, "user")->name, last_name);
    EXPECT_EQ(again.store.list("user", 0, 100, false).total, 6u);
    live_after_start = fs::file_size(log_path(dir));
  }
  // Compacted at start: one record per token.
  EXPECT_LT(live_after_start, 6 * 2000u);
  fs::remove_all(dir);
}

TEST(TokenStorePersistence, AnOldTokensJsonIsReadAndMovedToTheLog) {
  std::string dir = temp_dir("oldformat");
  // tokens.json as earlier versions wrote it: one array of full records, 0644.
  std::map<std::string, json> want;
  {
    Store mem;
    mem.store.ensure_bootstrap("bootstrap-token-of-an-old-data-dir-0000000000", kAcct);
    for (int i = 0; i < 4; ++i) mem.create("old" + std::to_string(i), i ? "user" : kAcct);
    want = snapshot(mem.store);
    json arr = json::array();
    for (const auto& [id, j] : want) arr.push_back(j);
    ASSERT_TRUE(write_file_atomic(dir + "/tokens.json", arr.dump(), 0644));
  }
  {
    Store s(dir);
    EXPECT_EQ(snapshot(s.store), want);
    EXPECT_EQ(s.store.ensure_bootstrap("", kAcct), "bootstrap-token-of-an-old-data-dir-0000000000");
    EXPECT_FALSE(fs::exists(dir + "/tokens.json")) << "its tokens now live in tokens.log";
    EXPECT_TRUE(fs::exists(log_path(dir)));
    s.create("new");
  }
  Store again(dir);
  auto got = snapshot(again.store);
  EXPECT_EQ(got.size(), want.size() + 1);
  for (const auto& [id, j] : want) EXPECT_EQ(got[id], j);
  fs::remove_all(dir);
}

TEST(TokenStorePersistence, ATornLastRecordIsDroppedAndTheLogKeepsWorking) {
  std::string dir = temp_dir("torn");
  std::vector<TokenRecord> made;
  {
    Store s(dir);
    for (int i = 0; i < 3; ++i) made.push_back(s.create("t" + std::to_string(i)));
  }
  // The third creation's append cut short by a kill (and so never acknowledged): half of its
  // record, no newline.
  std::string text = slurp(log_path(dir));
  auto last_start = text.rfind('\n', text.size() - 2) + 1;
  spit(log_path(dir), text.substr(0, last_start + (text.size() - last_start) / 2));
  {
    Store s(dir);
    EXPECT_TRUE(s.store.get(made[0].id, "user"));
    EXPECT_TRUE(s.store.get(made[1].id, "user"));
    EXPECT_FALSE(s.store.get(made[2].id, "user"));
    made.push_back(s.create("after"));  // appended after the dropped bytes, not behind them
  }
  Store again(dir);
  EXPECT_TRUE(again.store.get(made[3].id, "user"));
  EXPECT_EQ(again.store.list("user", 0, 100, false).total, 3u);
  fs::remove_all(dir);
}

TEST(TokenStorePersistence, ADamagedRecordBeforeTheLastIsRefusedNamingFileAndLine) {
  std::string dir = temp_dir("damaged");
  {
    Store s(dir);
    for (int i = 0; i < 3; ++i) s.create("t" + std::to_string(i));
  }
  std::string text = slurp(log_path(dir));
  // Line 1 is the header; change one character inside the record on line 3.
  size_t line3 = text.find('\n', text.find('\n') + 1) + 1;
  size_t name = text.find("\"name\":\"t1\"", line3);
  ASSERT_NE(name, std::string::npos);
  text[name + 9] = 'X';
  spit(log_path(dir), text);
  try {
    Store s(dir);
    FAIL() << "a damaged record in the middle must stop the start";
  } catch (const std::runtime_error& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("tokens.log"), std::string::npos) << msg;
    EXPECT_NE(msg.find("line 3"), std::string::npos) << msg;
    EXPECT_NE(msg.find("damaged"), std::string::npos) << msg;
  }
  EXPECT_EQ(slurp(log_path(dir)), text) << "the refused file is left as it was";

  // The same through the emulator: a configuration error naming --data-dir, and the CLI exits 2.
  EmulatorConfig c;
  c.data_dir = dir;
  try {
    Emulator e(c);
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("--data-dir: ", 0), 0u) << e.what();
  }
  ChildEmulator child({"--data-dir", dir});
  EXPECT_FALSE(child.started());
  EXPECT_EQ(child.wait_exit_code(), 2);
  fs::remove_all(dir);
}

TEST(TokenStorePersistence, ACompleteLastRecordThatFailsItsCheckIsRefusedToo) {
  // Only an append cut short (no newline) is a torn tail: a whole record with wrong contents
  // was written whole, so it may have been acknowledged.
  std::string dir = temp_dir("damagedlast");
  {
    Store s(dir);
    s.create("a");
    s.create("b");
  }
  std::string text = slurp(log_path(dir));
  size_t name = text.rfind("\"name\":\"b\"");
  ASSERT_NE(name, std::string::npos);
  text[name + 8] = 'c';
  spit(log_path(dir), text);
  EXPECT_THROW(Store s(dir), std::runtime_error);
  fs::remove_all(dir);
}

// Issue 14 item 6: the token files hold every token value (the bootstrap token's too).
TEST(TokenStorePersistence, FilesHoldingTokenValuesAreReadableByTheOwnerOnly) {
  std::string dir = temp_dir("mode");
  std::vector<std::string> secrets;
  {
    EmulatorConfig c;
    c.data_dir = dir;
    TestEmulator t(c);
    secrets.push_back(t.emu().bootstrap_token());
    secrets.push_back(t.create_token({policy("allow", bucket_resource("logs"), {kItemRead})}).value);
  }
  int holding = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    std::string text = slurp(e.path().string());
    bool has_secret = std::any_of(secrets.begin(), secrets.end(),
                                  [&](const std::string& s) { return text.find(s) != std::string::npos; });
    if (!has_secret) continue;
    ++holding;
    struct stat st {};
    ASSERT_EQ(::stat(e.path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u) << e.path() << " holds token values";
  }
  EXPECT_GE(holding, 1);
  fs::remove_all(dir);
}

// --- SIGKILL ---

// Several clients create tokens as fast as the emulator acknowledges them (so group commits
// carry several records) until a SIGKILL at a random moment; after a restart on the same data
// dir every acknowledged token is listed, found by id, accepted as a bearer, and signs S3
// requests that are authenticated.
TEST(TokenStorePersistence, SigkillDuringCreationLosesNoAcknowledgedToken) {
  std::string dir = temp_dir("sigkill");
  const std::string bootstrap = "bootstrap-token-for-the-token-sigkill-test-00000";
  std::random_device rd;
  const unsigned seed = rd();
  std::mt19937 rng(seed);
  const int kill_after_ms = std::uniform_int_distribution<int>(300, 1500)(rng);
  SCOPED_TRACE("kill after " + std::to_string(kill_after_ms) + " ms (seed " + std::to_string(seed) + ")");
  std::mutex mu;
  std::vector<Token> acknowledged;
  {
    ChildEmulator child({"--data-dir", dir, "--bootstrap-token", bootstrap, "--seed", "3", "--threads", "4"});
    ASSERT_TRUE(child.started());
    Token admin;
    {
      json body = {{"name", "admin"},
                   {"policies", {policy("allow", {{std::string("com.cloudflare.api.account.") + kAcct, "*"}},
                                        {kStorageWrite})}}};
      auto r = http_call(child.api_port(), "POST", "/client/v4/user/tokens", {{"Authorization", "Bearer " + bootstrap}},
                         body.dump());
      ASSERT_EQ(r.status, 200) << r.body;
      admin = {r.json()["result"]["id"], r.json()["result"]["value"]};
      ASSERT_EQ(signed_call(child.s3_port(), admin, "PUT", "/keep").status, 200);
    }
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    for (int c = 0; c < 4; ++c)
      clients.emplace_back([&, c] {
        json body = {{"name", "k"},
                     {"policies", {policy("allow", bucket_resource("keep"), {kItemRead})}},
                     {"condition", json::object()}};
        for (int i = 0; !stop; ++i) {
          body["name"] = "k-" + std::to_string(c) + "-" + std::to_string(i);
          auto r = http_call(child.api_port(), "POST", "/client/v4/user/tokens",
                             {{"Authorization", "Bearer " + bootstrap}}, body.dump());
          if (r.status != 200) break;  // killed: no answer (status 0)
          std::lock_guard lock(mu);
          acknowledged.push_back({r.json()["result"]["id"], r.json()["result"]["value"]});
        }
      });
    std::this_thread::sleep_for(std::chrono::milliseconds(kill_after_ms));
    child.signal(SIGKILL);
    stop = true;
    for (auto& t : clients) t.join();
    EXPECT_EQ(child.wait_exit_code(), -1);
  }
  ASSERT_GT(acknowledged.size(), 5u) << "the kill came before any real load";
  ChildEmulator again({"--data-dir", dir, "--bootstrap-token", bootstrap, "--seed", "4"});
  ASSERT_TRUE(again.started());
  auto list = http_call(again.api_port(), "GET", "/client/v4/user/tokens?per_page=5",
                        {{"Authorization", "Bearer " + bootstrap}}, "");
  ASSERT_EQ(list.status, 200);
  // The bootstrap and admin tokens, every acknowledged one, and at most the ones in flight
  // (created but killed before their answer went out).
  const size_t total = list.json()["result_info"]["total_count"];
  EXPECT_GE(total, acknowledged.size() + 2);
  EXPECT_LE(total, acknowledged.size() + 2 + 4);
  size_t missing = 0, unauthenticated = 0;
  for (const auto& t : acknowledged) {
    auto g = http_call(again.api_port(), "GET", "/client/v4/user/tokens/" + t.id,
                       {{"Authorization", "Bearer " + bootstrap}}, "");
    if (g.status != 200) ++missing;
    auto v = http_call(again.api_port(), "GET", "/client/v4/user/tokens/verify", {{"Authorization", "Bearer " + t.value}},
                       "");
    if (v.status != 200) ++missing;
    // An authenticated, authorized listing of the bucket its policy names.
    auto s3 = signed_call(again.s3_port(), t, "GET", "/keep?list-type=2");
    if (s3.status != 200) ++unauthenticated;
  }
  EXPECT_EQ(missing, 0u) << "of " << acknowledged.size() << " acknowledged tokens";
  EXPECT_EQ(unauthenticated, 0u) << "of " << acknowledged.size() << " acknowledged tokens";
  fs::remove_all(dir);
}

}  // namespace
}  // namespace scopecheck::emulator::testing
