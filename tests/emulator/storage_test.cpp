// --data-dir keeps every acknowledged write across a SIGKILL: buckets, objects, multipart
// uploads and parts, bucket configuration and tokens. Runs the built CLI as a child process.
#include <gtest/gtest.h>

#include <pugixml.hpp>
#include <signal.h>

#include <filesystem>

#include "emulator/storage.h"
#include "tests/emulator/test_client.h"

namespace scopecheck::emulator::testing {
namespace {
using nlohmann::json;

std::string temp_dir(const std::string& name) {
  auto p = std::filesystem::temp_directory_path() / ("scopecheck-emu-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(p);
  std::filesystem::create_directories(p);
  return p.string();
}

TEST(Storage, SigkillLosesNoAcknowledgedWrite) {
  std::string dir = temp_dir("kill");
  const std::string bootstrap = "bootstrap-token-for-the-restart-test-0000000000";
  Token admin;
  std::vector<std::string> acknowledged;
  std::string upload_id;
  {
    ChildEmulator child({"--data-dir", dir, "--bootstrap-token", bootstrap, "--seed", "7"});
    ASSERT_TRUE(child.started());
    EXPECT_EQ(child.startup["bootstrap_token"], bootstrap);
    json body = {{"name", "admin"},
                 {"policies", {policy("allow", {{std::string("com.cloudflare.api.account.") + kAcct, "*"}},
                                      {kStorageWrite})}}};
    auto created = http_call(child.api_port(), "POST", "/client/v4/user/tokens",
                             {{"Authorization", "Bearer " + bootstrap}}, body.dump());
    ASSERT_EQ(created.status, 200) << created.body;
    admin = {created.json()["result"]["id"], created.json()["result"]["value"]};
    ASSERT_EQ(signed_call(child.s3_port(), admin, "PUT", "/keep").status, 200);
    for (int i = 0; i < 40; ++i) {
      std::string key = "obj-" + std::to_string(i);
      auto r = signed_call(child.s3_port(), admin, "PUT", "/keep/" + key, "body-" + std::to_string(i));
      if (r.status == 200) acknowledged.push_back(key);
    }
    ASSERT_EQ(signed_call(child.s3_port(), admin, "PUT", "/keep?cors",
                          "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin></CORSRule></CORSConfiguration>")
                  .status,
              200);
    auto init = signed_call(child.s3_port(), admin, "POST", "/keep/big?uploads");
    pugi::xml_document doc;
    doc.load_string(init.body.c_str());
    upload_id = doc.child("InitiateMultipartUploadResult").child_value("UploadId");
    ASSERT_EQ(signed_call(child.s3_port(), admin, "PUT", "/keep/big?partNumber=1&uploadId=" + upload_id, "part-1").status,
              200);
    ASSERT_EQ(signed_call(child.s3_port(), admin, "DELETE", "/keep/obj-0").status, 204);
    child.signal(SIGKILL);
    EXPECT_EQ(child.wait_exit_code(), -1);
  }
  ChildEmulator again({"--data-dir", dir, "--bootstrap-token", bootstrap, "--seed", "8"});
  ASSERT_TRUE(again.started());
  EXPECT_EQ(again.startup["bootstrap_token"], bootstrap);
  ASSERT_EQ(acknowledged.size(), 40u);
  for (size_t i = 1; i < acknowledged.size(); ++i) {
    auto r = signed_call(again.s3_port(), admin, "GET", "/keep/" + acknowledged[i]);
    EXPECT_EQ(r.status, 200) << acknowledged[i];
    EXPECT_EQ(r.body, "body-" + acknowledged[i].substr(4));
  }
  EXPECT_EQ(signed_call(again.s3_port(), admin, "GET", "/keep/obj-0").status, 404);  // the delete is kept too
  EXPECT_EQ(signed_call(again.s3_port(), admin, "GET", "/keep?cors").status, 200);
  auto parts = signed_call(again.s3_port(), admin, "GET", "/keep/big?uploadId=" + upload_id);
  EXPECT_EQ(parts.status, 200);
  EXPECT_NE(parts.body.find("<PartNumber>1</PartNumber>"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(Storage, InMemoryListingWithDelimiterRollsUpPrefixesOnce) {
  Storage s("", 1);
  BucketRef b{kAcct, "default", "logs"};
  ASSERT_EQ(s.create_bucket(b, {}), StoreError::ok);
  std::string etag;
  for (const char* k : {"a/1", "a/2", "a/3", "b"}) ASSERT_EQ(s.put_object(b, k, "x", {}, &etag), StoreError::ok);
  ListQuery q;
  q.delimiter = "/";
  q.max_keys = 1;
  ListResult first;
  ASSERT_EQ(s.list_objects(b, q, &first), StoreError::ok);
  EXPECT_EQ(first.common_prefixes, std::vector<std::string>{"a/"});
  EXPECT_TRUE(first.truncated);
  q.start_after = first.next_marker;
  ListResult second;
  ASSERT_EQ(s.list_objects(b, q, &second), StoreError::ok);
  ASSERT_EQ(second.objects.size(), 1u);
  EXPECT_EQ(second.objects[0].key, "b");
  EXPECT_FALSE(second.truncated);
}

}  // namespace
}  // namespace scopecheck::emulator::testing
