// apply(): the model's state follows the operations it decided ok.
#include "harness/model/world.h"

#include <gtest/gtest.h>

#include "harness/model/request.h"
#include "tests/model/fixtures.h"

namespace scopecheck::model::test {
namespace {

using J = Jurisdiction;

TEST(World, ApplyFollowsEachStateChangingOperation) {
  World w = base_world();
  const Token admin = token({allow({Resource::account(kA)}, {kStorageWrite})});
  w.tokens.push_back(admin);
  auto step = [&](Request r) {
    Decision d = decide(w, r, kNow);
    EXPECT_EQ(to_string(d.outcome), "ok") << to_string(r.operation);
    apply(w, r);
  };
  Request r = base_request(Operation::kCreateBucket);
  r.bucket = "fresh";
  step(r);
  Request cors = base_request(Operation::kGetBucketCors);
  cors.bucket = "fresh";
  EXPECT_EQ(decide(w, cors, kNow).outcome, OutcomeClass::kNoSuchCorsConfiguration);
  cors.operation = Operation::kPutBucketCors;
  step(cors);
  cors.operation = Operation::kGetBucketCors;
  step(cors);
  cors.operation = Operation::kDeleteBucketCors;
  step(cors);
  cors.operation = Operation::kGetBucketCors;
  EXPECT_EQ(decide(w, cors, kNow).outcome, OutcomeClass::kNoSuchCorsConfiguration);
  Request lifecycle = base_request(Operation::kPutBucketLifecycleConfiguration);
  lifecycle.bucket = "fresh";
  step(lifecycle);
  lifecycle.operation = Operation::kGetBucketLifecycleConfiguration;
  step(lifecycle);
  ASSERT_NE(find_bucket(w, {kA, J::kDefault, "fresh"}), nullptr);
  EXPECT_EQ(decide(w, r, kNow).outcome, OutcomeClass::kBucketExists);

  r = base_request(Operation::kPutObject);
  r.bucket = "fresh";
  r.key = "k1";
  step(r);
  r.key = "k2";
  step(r);
  EXPECT_EQ(find_bucket(w, {kA, J::kDefault, "fresh"})->objects.size(), 2u);

  Request copy = base_request(Operation::kCopyObject);
  copy.bucket = "fresh";
  copy.key = "k3";
  copy.source_bucket = "src";
  copy.source_key = "s.txt";
  step(copy);
  EXPECT_TRUE(find_bucket(w, {kA, J::kDefault, "fresh"})->objects.count("k3"));

  Request create = base_request(Operation::kCreateMultipartUpload);
  create.bucket = "fresh";
  create.key = "big";
  create.upload_id = "U-42";
  step(create);
  ASSERT_NE(find_upload(w, "U-42", {kA, J::kDefault, "fresh"}, "big"), nullptr);
  Request part = create;
  part.operation = Operation::kUploadPart;
  step(part);
  Request complete = create;
  complete.operation = Operation::kCompleteMultipartUpload;
  step(complete);
  EXPECT_EQ(find_upload(w, "U-42", {kA, J::kDefault, "fresh"}, "big"), nullptr);
  EXPECT_TRUE(find_bucket(w, {kA, J::kDefault, "fresh"})->objects.count("big"));
  EXPECT_EQ(decide(w, part, kNow).outcome, OutcomeClass::kNoSuchUpload);

  create.upload_id.clear();
  apply(w, create);  // the model names the upload itself when the target gave no id
  ASSERT_EQ(w.uploads.size(), 2u);
  Request abort = create;
  abort.operation = Operation::kAbortMultipartUpload;
  abort.upload_id = w.uploads.back().upload_id;
  step(abort);
  EXPECT_EQ(w.uploads.size(), 1u);

  Request del = base_request(Operation::kDeleteObject);
  del.bucket = "fresh";
  del.key = "k1";
  step(del);
  Request multi = base_request(Operation::kDeleteObjects);
  multi.bucket = "fresh";
  multi.delete_keys = {"k2", "k3"};
  step(multi);
  Request drop = base_request(Operation::kDeleteBucket);
  drop.bucket = "fresh";
  EXPECT_EQ(decide(w, drop, kNow).outcome, OutcomeClass::kBucketNotEmpty);  // "big" is left
  del.key = "big";
  step(del);
  step(drop);
  EXPECT_EQ(find_bucket(w, {kA, J::kDefault, "fresh"}), nullptr);
  EXPECT_EQ(decide(w, del, kNow).outcome, OutcomeClass::kNoSuchBucket);
}

TEST(World, DeleteBucketDropsItsUploads) {
  World w = base_world();
  w.buckets[0].objects.clear();
  apply(w, base_request(Operation::kDeleteBucket));
  EXPECT_TRUE(w.uploads.empty());
}

TEST(World, ReadsChangeNothing) {
  World w = base_world();
  for (Operation op : {Operation::kGetObject, Operation::kListObjects, Operation::kHeadBucket, Operation::kListBuckets}) {
    World before = w;
    apply(w, base_request(op));
    EXPECT_EQ(w, before) << to_string(op);
  }
}

}  // namespace
}  // namespace scopecheck::model::test
