// Buckets, objects and multipart uploads: in memory, optionally mirrored to --data-dir with one
// file per object / upload part, each written atomically (a SIGKILL loses nothing acknowledged).
// Knows nothing of tokens or authorization.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <random>
#include <shared_mutex>
#include <string>
#include <vector>

#include "emulator/clock.h"

namespace scopecheck::emulator {

enum class StoreError {
  ok,
  no_such_bucket,
  bucket_exists,
  bucket_not_empty,
  no_such_key,
  no_such_upload,
  invalid_part,
  invalid_part_order,
  io_error,
};

struct BucketRef {
  std::string account, jurisdiction, name;
};

struct ObjectMeta {
  std::string etag;  // quoted
  std::string content_type;
  TimePoint last_modified{};
  std::vector<std::pair<std::string, std::string>> headers;  // x-amz-meta-*, cache-control, ...
};

struct StoredObject {
  std::shared_ptr<const std::string> body;
  ObjectMeta meta;
};

struct BucketInfo {
  std::string name;
  TimePoint created{};
  std::optional<std::string> cors_xml, lifecycle_xml;
};

struct PartInfo {
  int number = 0;
  std::string etag;  // quoted
  size_t size = 0;
  TimePoint last_modified{};
};

struct UploadInfo {
  std::string id, key;
  TimePoint initiated{};
};

struct ListQuery {
  std::string prefix, delimiter, start_after;  // start_after: marker / continuation / start-after
  int max_keys = 1000;
};

struct ListEntry {
  std::string key;
  size_t size = 0;
  ObjectMeta meta;
};

struct ListResult {
  std::vector<ListEntry> objects;
  std::vector<std::string> common_prefixes;
  bool truncated = false;
  std::string next_marker;  // last key or prefix returned, when truncated
};

class Storage {
 public:
  // data_dir empty = memory only. Loads an existing data_dir; throws std::runtime_error when it
  // cannot be read.
  Storage(std::string data_dir, uint64_t seed);

  bool bucket_exists(const BucketRef& b) const;
  StoreError create_bucket(const BucketRef& b, TimePoint now);
  StoreError delete_bucket(const BucketRef& b);
  std::optional<BucketInfo> get_bucket(const BucketRef& b) const;
  std::vector<BucketInfo> list_buckets(const std::string& account, const std::string& jurisdiction) const;
  StoreError set_cors(const BucketRef& b, std::optional<std::string> xml);
  StoreError set_lifecycle(const BucketRef& b, std::optional<std::string> xml);

  StoreError put_object(const BucketRef& b, const std::string& key, std::string body, ObjectMeta meta,
                        std::string* etag);
  StoreError get_object(const BucketRef& b, const std::string& key, StoredObject* out) const;
  StoreError delete_object(const BucketRef& b, const std::string& key);  // absent key: ok
  StoreError list_objects(const BucketRef& b, const ListQuery& q, ListResult* out) const;

  StoreError create_upload(const BucketRef& b, const std::string& key, ObjectMeta meta, TimePoint now,
                           std::string* upload_id);
  bool upload_exists(const BucketRef& b, const std::string& upload_id) const;
  StoreError upload_part(const BucketRef& b, const std::string& upload_id, int part, std::string body,
                         TimePoint now, std::string* etag);
  // parts: (number, etag as sent) in the order given; must be ascending and known.
  StoreError complete_upload(const BucketRef& b, const std::string& upload_id,
                             const std::vector<std::pair<int, std::string>>& parts, TimePoint now,
                             std::string* key, std::string* etag);
  StoreError abort_upload(const BucketRef& b, const std::string& upload_id);
  StoreError list_uploads(const BucketRef& b, std::vector<UploadInfo>* out) const;
  StoreError list_parts(const BucketRef& b, const std::string& upload_id, std::string* key,
                        std::vector<PartInfo>* out) const;

  // No buckets, objects or uploads; upload ids drawn as by a store made with `seed`. Memory-only
  // stores (no data dir; std::logic_error otherwise).
  void reset(uint64_t seed);

 private:
  struct Part {
    std::shared_ptr<const std::string> body;
    PartInfo info;
  };
  struct Upload {
    std::string key;
    ObjectMeta meta;
    TimePoint initiated{};
    std::map<int, Part> parts;
  };
  struct Bucket {
    BucketInfo info;
    std::map<std::string, StoredObject> objects;
    std::map<std::string, Upload> uploads;
  };
  static std::string bucket_id(const BucketRef& b);
  std::string bucket_dir(const std::string& id) const;
  bool write_bucket_meta(const std::string& id, const Bucket& b) const;
  bool write_object(const std::string& id, const std::string& key, const StoredObject& o) const;
  bool write_upload(const std::string& id, const std::string& upload_id, const Upload& u) const;
  bool write_part(const std::string& id, const std::string& upload_id, const Part& p) const;
  void remove_upload_files(const std::string& id, const std::string& upload_id) const;
  void load();

  std::string data_dir_;
  mutable std::shared_mutex mu_;
  std::mt19937_64 rng_;
  std::map<std::string, Bucket> buckets_;  // key: acct_jur_name
};

}  // namespace scopecheck::emulator
