#include "harness/model/operation.h"

#include <gtest/gtest.h>

namespace scopecheck::model {
namespace {

using Op = Operation;

// SC-OP-2: the operation is decided from method, path and query markers and x-amz-copy-source.
TEST(Operation, SC_OP_2_classify) {
  struct Row {
    std::string method;
    bool bucket, key;
    QueryParams query;
    bool copy;
    Op expected;
  };
  const std::vector<Row> rows = {
      {"GET", false, false, {}, false, Op::kListBuckets},
      {"PUT", false, false, {}, false, Op::kUnsupported},
      {"PUT", true, false, {}, false, Op::kCreateBucket},
      {"DELETE", true, false, {}, false, Op::kDeleteBucket},
      {"PUT", true, false, {{"cors", ""}}, false, Op::kPutBucketCors},
      {"DELETE", true, false, {{"cors", ""}}, false, Op::kDeleteBucketCors},
      {"GET", true, false, {{"cors", ""}}, false, Op::kGetBucketCors},
      {"PUT", true, false, {{"lifecycle", ""}}, false, Op::kPutBucketLifecycleConfiguration},
      {"GET", true, false, {{"lifecycle", ""}}, false, Op::kGetBucketLifecycleConfiguration},
      {"GET", true, false, {{"encryption", ""}}, false, Op::kGetBucketEncryption},
      {"GET", true, false, {{"location", ""}}, false, Op::kGetBucketLocation},
      {"HEAD", true, false, {}, false, Op::kHeadBucket},
      {"GET", true, false, {}, false, Op::kListObjects},
      {"GET", true, false, {{"list-type", "2"}}, false, Op::kListObjectsV2},
      {"GET", true, false, {{"list-type", "1"}}, false, Op::kListObjects},
      {"GET", true, false, {{"uploads", ""}}, false, Op::kListMultipartUploads},
      {"POST", true, false, {{"delete", ""}}, false, Op::kDeleteObjects},
      {"POST", true, false, {}, false, Op::kUnsupported},
      {"GET", true, true, {}, false, Op::kGetObject},
      {"HEAD", true, true, {}, false, Op::kHeadObject},
      {"GET", true, true, {{"uploadId", "u"}}, false, Op::kListParts},
      {"PUT", true, true, {}, false, Op::kPutObject},
      {"PUT", true, true, {}, true, Op::kCopyObject},
      {"DELETE", true, true, {}, false, Op::kDeleteObject},
      {"POST", true, true, {{"uploads", ""}}, false, Op::kCreateMultipartUpload},
      {"PUT", true, true, {{"uploadId", "u"}, {"partNumber", "1"}}, false, Op::kUploadPart},
      {"PUT", true, true, {{"uploadId", "u"}, {"partNumber", "1"}}, true, Op::kUploadPartCopy},
      {"POST", true, true, {{"uploadId", "u"}}, false, Op::kCompleteMultipartUpload},
      {"DELETE", true, true, {{"uploadId", "u"}}, false, Op::kAbortMultipartUpload},
      {"GET", true, false, {{"acl", ""}}, false, Op::kUnsupported},
      {"PUT", true, false, {{"policy", ""}}, false, Op::kUnsupported},
      {"GET", true, true, {{"tagging", ""}}, false, Op::kUnsupported},
      {"PATCH", true, true, {}, false, Op::kUnsupported},
      {"get", true, true, {}, false, Op::kUnsupported},
      {"GET", true, true, {{"response-content-type", "text/plain"}}, false, Op::kGetObject},
  };
  for (const Row& r : rows) {
    Headers h;
    if (r.copy) h["x-amz-copy-source"] = "/src/k";
    Op got = classify(r.method, r.bucket, r.key, r.query, h);
    EXPECT_EQ(to_string(got), to_string(r.expected)) << r.method << " bucket=" << r.bucket << " key=" << r.key;
  }
}

TEST(Operation, SC_OP_1_copies_have_two_requirements) {
  for (Op op : all_operations()) {
    auto req = requirements(op);
    ASSERT_FALSE(req.empty()) << to_string(op);
    if (is_copy(op)) {
      ASSERT_EQ(req.size(), 2u);
      EXPECT_EQ(req[0].capability, Capability::kBucketWrite);
      EXPECT_EQ(req[1].capability, Capability::kBucketRead);
      EXPECT_EQ(req[1].target, Target::kCopySource);
    } else {
      EXPECT_EQ(req.size(), 1u) << to_string(op);
    }
    EXPECT_EQ(parse_operation(to_string(op)), op);
  }
  EXPECT_TRUE(requirements(Op::kUnsupported).empty());
  EXPECT_EQ(all_operations().size(), 26u);
}

TEST(Operation, CapabilityTableOfScoping4) {
  auto cap = [](Op op) { return to_string(requirements(op)[0].capability); };
  EXPECT_EQ(cap(Op::kListBuckets), "account.list");
  for (Op op : {Op::kCreateBucket, Op::kDeleteBucket, Op::kPutBucketCors, Op::kDeleteBucketCors,
                Op::kPutBucketLifecycleConfiguration}) {
    EXPECT_EQ(cap(op), "account.admin") << to_string(op);
  }
  for (Op op : {Op::kGetBucketCors, Op::kGetBucketLifecycleConfiguration, Op::kGetBucketEncryption}) {
    EXPECT_EQ(cap(op), "account.config-read") << to_string(op);
  }
  for (Op op : {Op::kHeadBucket, Op::kGetBucketLocation, Op::kListObjects, Op::kListObjectsV2, Op::kGetObject,
                Op::kHeadObject, Op::kListMultipartUploads, Op::kListParts}) {
    EXPECT_EQ(cap(op), "bucket.read") << to_string(op);
  }
  for (Op op : {Op::kPutObject, Op::kDeleteObject, Op::kDeleteObjects, Op::kCopyObject, Op::kCreateMultipartUpload,
                Op::kUploadPart, Op::kUploadPartCopy, Op::kCompleteMultipartUpload, Op::kAbortMultipartUpload}) {
    EXPECT_EQ(cap(op), "bucket.write") << to_string(op);
  }
}

}  // namespace
}  // namespace scopecheck::model
