#include "harness/http/s3_response.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace scopecheck::http {
namespace {

// Bodies as S3 (AWS documentation examples) and R2 send them.
constexpr std::string_view kNoSuchKey = R"(<?xml version="1.0" encoding="UTF-8"?>
<Error>
  <Code>NoSuchKey</Code>
  <Message>The resource you requested does not exist</Message>
  <Resource>/mybucket/myfoto.jpg</Resource>
  <RequestId>4442587FB7D0A2F9</RequestId>
  <Key>myfoto.jpg</Key>
</Error>)";

constexpr std::string_view kListBuckets = R"(<?xml version="1.0" encoding="UTF-8"?>
<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Owner><ID>bcaf1ffd86f461ca5fb16fd081034f</ID><DisplayName>webfile</DisplayName></Owner>
  <Buckets>
    <Bucket><Name>quotes</Name><CreationDate>2006-02-03T16:45:09.000Z</CreationDate></Bucket>
    <Bucket><Name>samples</Name><CreationDate>2006-02-03T16:41:58.000Z</CreationDate></Bucket>
  </Buckets>
</ListAllMyBucketsResult>)";

constexpr std::string_view kListV2 = R"(<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>example-bucket</Name>
  <Prefix>photos/2006/</Prefix>
  <KeyCount>2</KeyCount>
  <MaxKeys>1000</MaxKeys>
  <Delimiter>/</Delimiter>
  <IsTruncated>true</IsTruncated>
  <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
  <Contents>
    <Key>photos/2006/a &amp; b.jpg</Key>
    <LastModified>2009-10-12T17:50:30.000Z</LastModified>
    <ETag>&quot;fba9dede5f27731c9771645a39863328&quot;</ETag>
    <Size>434234</Size>
    <StorageClass>STANDARD</StorageClass>
  </Contents>
  <Contents><Key> </Key><Size>0</Size></Contents>
  <CommonPrefixes><Prefix>photos/2006/February/</Prefix></CommonPrefixes>
  <CommonPrefixes><Prefix>photos/2006/January/</Prefix></CommonPrefixes>
</ListBucketResult>)";

constexpr std::string_view kListV1 = R"(<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>bucket</Name><Prefix/><Marker>a</Marker><NextMarker>my-image.jpg</NextMarker>
  <MaxKeys>1</MaxKeys><IsTruncated>true</IsTruncated>
  <Contents><Key>my-image.jpg</Key><LastModified>2009-10-12T17:50:30.000Z</LastModified>
    <ETag>"fba9dede5f27731c9771645a39863328"</ETag><Size>434234</Size>
    <StorageClass>STANDARD</StorageClass>
    <Owner><ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID><DisplayName>mtd@amazon.com</DisplayName></Owner>
  </Contents>
</ListBucketResult>)";

TEST(S3Response, ParsesAnErrorWithAllItsFields) {
  auto e = parse_error(kNoSuchKey);
  ASSERT_TRUE(e.ok()) << e.error().to_string();
  EXPECT_EQ(e->code, "NoSuchKey");
  EXPECT_EQ(e->message, "The resource you requested does not exist");
  EXPECT_EQ(e->resource, "/mybucket/myfoto.jpg");
  EXPECT_EQ(e->request_id, "4442587FB7D0A2F9");
  EXPECT_EQ(e->fields.at("Key"), "myfoto.jpg");
}

TEST(S3Response, ParsesListAllMyBuckets) {
  auto r = parse_list_buckets(kListBuckets);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->owner.id, "bcaf1ffd86f461ca5fb16fd081034f");
  EXPECT_EQ(r->owner.display_name, "webfile");
  ASSERT_EQ(r->buckets.size(), 2u);
  EXPECT_EQ(r->buckets[1].name, "samples");
  EXPECT_EQ(r->buckets[0].creation_date, "2006-02-03T16:45:09.000Z");
}

TEST(S3Response, ParsesListObjectsV2WithPrefixesAndContinuation) {
  auto r = parse_list_objects(kListV2);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_TRUE(r->is_v2());
  EXPECT_EQ(r->name, "example-bucket");
  EXPECT_EQ(r->prefix, "photos/2006/");
  EXPECT_EQ(r->delimiter, "/");
  EXPECT_EQ(r->key_count, 2u);
  EXPECT_EQ(r->max_keys, 1000u);
  EXPECT_TRUE(r->is_truncated);
  EXPECT_EQ(r->next_continuation_token, "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=");
  ASSERT_EQ(r->contents.size(), 2u);
  EXPECT_EQ(r->contents[0].key, "photos/2006/a & b.jpg");
  EXPECT_EQ(r->contents[0].etag, "\"fba9dede5f27731c9771645a39863328\"");
  EXPECT_EQ(r->contents[0].size, 434234u);
  EXPECT_EQ(r->contents[1].key, " ");  // whitespace keys survive
  EXPECT_EQ(r->common_prefixes,
            (std::vector<std::string>{"photos/2006/February/", "photos/2006/January/"}));
}

TEST(S3Response, ParsesListObjectsV1WithMarkers) {
  auto r = parse_list_objects(kListV1);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_FALSE(r->is_v2());
  EXPECT_EQ(r->marker, "a");
  EXPECT_EQ(r->next_marker, "my-image.jpg");
  EXPECT_EQ(r->prefix, "");
  ASSERT_EQ(r->contents.size(), 1u);
  ASSERT_TRUE(r->contents[0].owner.has_value());
  EXPECT_EQ(r->contents[0].owner->display_name, "mtd@amazon.com");
  EXPECT_FALSE(r->next_continuation_token.has_value());
}

TEST(S3Response, ParsesMultipartLifecycle) {
  auto init = parse_initiate_multipart_upload(R"(<?xml version="1.0" encoding="UTF-8"?>
<InitiateMultipartUploadResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Bucket>example-bucket</Bucket><Key>example-object</Key>
  <UploadId>VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA</UploadId>
</InitiateMultipartUploadResult>)");
  ASSERT_TRUE(init.ok()) << init.error().to_string();
  EXPECT_EQ(init->upload_id, "VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA");
  EXPECT_EQ(init->key, "example-object");

  auto parts = parse_list_parts(R"(<ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Bucket>example-bucket</Bucket><Key>example-object</Key><UploadId>XXBsb2FkIElEIGZvciBlbHZpbmcncyVcdS1tb3ZpZS5tMnRzEEEwbG9hZA</UploadId>
  <Initiator><ID>arn:aws:iam::111122223333:user/some-user-11116a31-17b5-4fb7-9df5-b288870f11xx</ID><DisplayName>umat-user-11116a31-17b5-4fb7-9df5-b288870f11xx</DisplayName></Initiator>
  <Owner><ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID><DisplayName>someName</DisplayName></Owner>
  <StorageClass>STANDARD</StorageClass><PartNumberMarker>1</PartNumberMarker><NextPartNumberMarker>3</NextPartNumberMarker>
  <MaxParts>2</MaxParts><IsTruncated>true</IsTruncated>
  <Part><PartNumber>2</PartNumber><LastModified>2010-11-10T20:48:34.000Z</LastModified><ETag>"7778aef83f66abc1fa1e8477f296d394"</ETag><Size>10485760</Size></Part>
  <Part><PartNumber>3</PartNumber><LastModified>2010-11-10T20:48:33.000Z</LastModified><ETag>"aaaa18db4cc2f85cedef654fccc4a4x8"</ETag><Size>10485760</Size></Part>
</ListPartsResult>)");
  ASSERT_TRUE(parts.ok()) << parts.error().to_string();
  EXPECT_EQ(parts->next_part_number_marker, 3u);
  EXPECT_TRUE(parts->is_truncated);
  ASSERT_EQ(parts->parts.size(), 2u);
  EXPECT_EQ(parts->parts[1].part_number, 3u);
  EXPECT_EQ(parts->parts[0].size, 10485760u);
  ASSERT_TRUE(parts->initiator.has_value());
  EXPECT_EQ(parts->owner->display_name, "someName");

  auto uploads = parse_list_multipart_uploads(R"(<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Bucket>bucket</Bucket><KeyMarker></KeyMarker><UploadIdMarker></UploadIdMarker>
  <NextKeyMarker>my-movie.m2ts</NextKeyMarker><NextUploadIdMarker>YW55IGlkZWEgd2h5IGVsdmluZydzIHVwbG9hZCBmYWlsZWQ</NextUploadIdMarker>
  <MaxUploads>3</MaxUploads><IsTruncated>true</IsTruncated>
  <Upload><Key>my-divisor</Key><UploadId>XMgbGlrZSBlbHZpbmcncyBub3QgaGF2aW5nIG11Y2ggbHVjaw</UploadId>
    <Initiator><ID>arn:aws:iam::111122223333:user/user1</ID><DisplayName>user1</DisplayName></Initiator>
    <StorageClass>STANDARD</StorageClass><Initiated>2010-11-10T20:48:33.000Z</Initiated></Upload>
  <Upload><Key>my-movie.m2ts</Key><UploadId>VXBsb2FkIElEIGZvciBlbHZpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA</UploadId>
    <Initiated>2010-11-10T20:48:33.000Z</Initiated></Upload>
  <CommonPrefixes><Prefix>photos/</Prefix></CommonPrefixes>
</ListMultipartUploadsResult>)");
  ASSERT_TRUE(uploads.ok()) << uploads.error().to_string();
  EXPECT_EQ(uploads->uploads.size(), 2u);
  EXPECT_EQ(uploads->uploads[0].initiator->display_name, "user1");
  EXPECT_EQ(uploads->next_key_marker, "my-movie.m2ts");
  EXPECT_EQ(uploads->max_uploads, 3u);
  EXPECT_EQ(uploads->common_prefixes, (std::vector<std::string>{"photos/"}));

  auto done = parse_complete_multipart_upload(R"(<?xml version="1.0" encoding="UTF-8"?>
<CompleteMultipartUploadResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Location>http://Example-Bucket.s3.amazonaws.com/Example-Object</Location>
  <Bucket>Example-Bucket</Bucket><Key>Example-Object</Key>
  <ETag>"3858f62230ac3c915f300c664312c11f-9"</ETag>
</CompleteMultipartUploadResult>)");
  ASSERT_TRUE(done.ok()) << done.error().to_string();
  EXPECT_EQ(done->etag, "\"3858f62230ac3c915f300c664312c11f-9\"");
  EXPECT_EQ(done->location, "http://Example-Bucket.s3.amazonaws.com/Example-Object");
}

TEST(S3Response, CompleteMultipartAnsweredWithAnErrorBodyIsErrorDocument) {
  // S3 may answer 200 OK and report the failure in the body.
  auto r = parse_complete_multipart_upload(R"(<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message>
<RequestId>656c76696e6727732072657175657374</RequestId><HostId>Uuag1LuByRx9e6j5Onimru9pO4ZVKnJ2Qz7/C1NPcfTWAtRPfTaOFg==</HostId></Error>)");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, S3ParseErrc::error_document);
  EXPECT_EQ(r.error().detail, "InternalError");
}

TEST(S3Response, ParsesCopyObjectAndCopyPartResults) {
  auto copy = parse_copy_result(R"(<CopyObjectResult><LastModified>2009-10-28T22:32:00</LastModified><ETag>"9b2cf535f27731c974343645a3985328"</ETag></CopyObjectResult>)");
  ASSERT_TRUE(copy.ok());
  EXPECT_EQ(copy->root, "CopyObjectResult");
  EXPECT_EQ(copy->etag, "\"9b2cf535f27731c974343645a3985328\"");
  auto part = parse_copy_result(R"(<CopyPartResult><LastModified>2011-04-11T20:34:56.000Z</LastModified><ETag>"9b2cf535f27731c974343645a3985328"</ETag></CopyPartResult>)");
  ASSERT_TRUE(part.ok());
  EXPECT_EQ(part->root, "CopyPartResult");
  EXPECT_EQ(part->last_modified, "2011-04-11T20:34:56.000Z");
}

TEST(S3Response, ParsesDeleteResultWithDeletedAndErrors) {
  auto r = parse_delete_result(R"(<?xml version="1.0" encoding="UTF-8"?>
<DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Deleted><Key>sample1.txt</Key></Deleted>
  <Deleted><Key>sample3.txt</Key><DeleteMarker>true</DeleteMarker><DeleteMarkerVersionId>NeQt5xeFTfgPJD8B4CGWnkSLtluMr11s</DeleteMarkerVersionId></Deleted>
  <Error><Key>sample2.txt</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error>
</DeleteResult>)");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  ASSERT_EQ(r->deleted.size(), 2u);
  EXPECT_FALSE(r->deleted[0].delete_marker);
  EXPECT_TRUE(r->deleted[1].delete_marker);
  EXPECT_EQ(r->deleted[1].delete_marker_version_id, "NeQt5xeFTfgPJD8B4CGWnkSLtluMr11s");
  ASSERT_EQ(r->errors.size(), 1u);
  EXPECT_EQ(r->errors[0].key, "sample2.txt");
  EXPECT_EQ(r->errors[0].code, "AccessDenied");
}

TEST(S3Response, NamespacePrefixesAreIgnored) {
  auto r = parse_error(R"(<s3:Error xmlns:s3="http://s3.amazonaws.com/doc/2006-03-01/"><s3:Code>AccessDenied</s3:Code></s3:Error>)");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->code, "AccessDenied");
}

TEST(S3Response, MalformedInputsGiveTypedErrors) {
  const std::pair<std::string_view, S3ParseErrc> cases[] = {
      {"", S3ParseErrc::empty},
      {"  \n", S3ParseErrc::empty},
      {"<Error><Code>X</Code>", S3ParseErrc::malformed_xml},
      {"not xml at all", S3ParseErrc::malformed_xml},
      {"<Error><Code>X</Code></Error><Error/>", S3ParseErrc::malformed_xml},
      {"<ListBucketResult><Name>b</Name></ListBucketResult>", S3ParseErrc::wrong_root},
      {"<Error><Message>no code</Message></Error>", S3ParseErrc::missing_field},
  };
  for (const auto& [body, code] : cases) {
    auto r = parse_error(body);
    ASSERT_FALSE(r.ok()) << body;
    EXPECT_EQ(r.error().code, code) << body << " → " << r.error().to_string();
  }
  auto no_name = parse_list_objects("<ListBucketResult><Prefix/></ListBucketResult>");
  ASSERT_FALSE(no_name.ok());
  EXPECT_EQ(no_name.error().code, S3ParseErrc::missing_field);
  EXPECT_EQ(no_name.error().detail, "ListBucketResult/Name");
  auto bad_size = parse_list_objects(
      "<ListBucketResult><Name>b</Name><Contents><Key>k</Key><Size>-1</Size></Contents></ListBucketResult>");
  ASSERT_FALSE(bad_size.ok());
  EXPECT_EQ(bad_size.error().code, S3ParseErrc::bad_number);
  auto huge = parse_list_objects(
      "<ListBucketResult><Name>b</Name><MaxKeys>99999999999999999999999</MaxKeys></ListBucketResult>");
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.error().code, S3ParseErrc::bad_number);
  auto bad_bool = parse_list_objects(
      "<ListBucketResult><Name>b</Name><IsTruncated>yes</IsTruncated></ListBucketResult>");
  ASSERT_FALSE(bad_bool.ok());
  EXPECT_EQ(bad_bool.error().code, S3ParseErrc::bad_bool);
  auto no_part_number = parse_list_parts(
      "<ListPartsResult><UploadId>u</UploadId><Part><ETag>e</ETag></Part></ListPartsResult>");
  ASSERT_FALSE(no_part_number.ok());
  EXPECT_EQ(no_part_number.error().code, S3ParseErrc::missing_field);
}

TEST(S3Response, EntitiesFromADoctypeAreNotExpanded) {
  auto r = parse_error(R"(<?xml version="1.0"?><!DOCTYPE e [<!ENTITY x SYSTEM "file:///etc/passwd">]><Error><Code>&x;</Code></Error>)");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->code.find("root:"), std::string::npos);
}

TEST(S3ParseErrc, EachCodeHasItsStableMessage) {
  EXPECT_EQ(message(S3ParseErrc::empty), "empty S3 response body");
  EXPECT_EQ(message(S3ParseErrc::too_large), "S3 response body too large");
  EXPECT_EQ(message(S3ParseErrc::malformed_xml), "S3 response is not well-formed XML");
  EXPECT_EQ(message(S3ParseErrc::error_document), "S3 answered with an Error document");
  EXPECT_EQ(message(S3ParseErrc::wrong_root), "unexpected S3 response root element");
  EXPECT_EQ(message(S3ParseErrc::missing_field), "S3 response lacks a required element");
  EXPECT_EQ(message(S3ParseErrc::bad_number), "S3 response element is not a valid number");
  EXPECT_EQ(message(S3ParseErrc::bad_bool), "S3 response element is not true or false");
}

// Totality: random bytes, and random mutations of real bodies, never throw or crash.
RC_GTEST_PROP(S3Response, EveryParserIsTotalOnArbitraryBytes, (const std::string& bytes)) {
  (void)parse_error(bytes);
  (void)parse_list_buckets(bytes);
  (void)parse_list_objects(bytes);
  (void)parse_initiate_multipart_upload(bytes);
  (void)parse_complete_multipart_upload(bytes);
  (void)parse_copy_result(bytes);
  (void)parse_delete_result(bytes);
  (void)parse_list_multipart_uploads(bytes);
  (void)parse_list_parts(bytes);
}

RC_GTEST_PROP(S3Response, MutatedListingsGiveAValueOrATypedError, ()) {
  std::string body(kListV2);
  const auto edits = *rc::gen::inRange(1, 8);
  for (int i = 0; i < edits; ++i) {
    const auto at = *rc::gen::inRange<size_t>(0, body.size());
    body[at] = *rc::gen::arbitrary<char>();
  }
  auto r = parse_list_objects(body);
  if (!r.ok()) RC_ASSERT(!message(r.error().code).empty());
}

}  // namespace
}  // namespace scopecheck::http
