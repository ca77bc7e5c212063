#include "emulator/storage.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <mutex>
#include <stdexcept>

#include "emulator/crypto.h"
#include "emulator/durable_file.h"

namespace scopecheck::emulator {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {
// Header values are bytes (HTTP allows obs-text), JSON strings are UTF-8: a value JSON cannot hold
// is kept as {"hex": "..."} so a data dir gives back exactly what memory would.
json bytes_to_json(const std::string& s) {
  try {
    (void)json(s).dump();
    return s;
  } catch (const json::type_error&) {
    return {{"hex", hex_lower(s)}};
  }
}

std::string bytes_from_json(const json& j) {
  if (j.is_string()) return j.get<std::string>();
  bool ok = false;
  auto out = hex_decode(j.at("hex").get_ref<const std::string&>(), &ok);
  if (!ok) throw std::runtime_error("a stored header value is not hex");
  return out;
}

json meta_to_json(const ObjectMeta& m) {
  json h = json::array();
  for (const auto& [k, v] : m.headers) h.push_back({k, bytes_to_json(v)});
  return {{"etag", m.etag},
          {"content_type", bytes_to_json(m.content_type)},
          {"last_modified", m.last_modified.time_since_epoch().count()},
          {"headers", h}};
}

ObjectMeta meta_from_json(const json& j) {
  ObjectMeta m;
  m.etag = j.at("etag").get<std::string>();
  m.content_type = bytes_from_json(j.at("content_type"));
  m.last_modified = TimePoint{std::chrono::seconds{j.at("last_modified").get<int64_t>()}};
  for (const auto& p : j.at("headers")) m.headers.emplace_back(p.at(0).get<std::string>(), bytes_from_json(p.at(1)));
  return m;
}

// "<json header>\n<body>"
std::string frame(const json& header, const std::string& body) {
  std::string out = header.dump();
  out.push_back('\n');
  out += body;
  return out;
}

bool unframe(const std::string& text, json* header, std::string* body) {
  auto nl = text.find('\n');
  if (nl == std::string::npos) return false;
  *header = json::parse(text.substr(0, nl), nullptr, false);
  if (header->is_discarded()) return false;
  *body = text.substr(nl + 1);
  return true;
}
}  // namespace

namespace {
constexpr uint64_t kStorageSeedSalt = 0x5eedULL;
}

Storage::Storage(std::string data_dir, uint64_t seed) : data_dir_(std::move(data_dir)), rng_(seed ^ kStorageSeedSalt) {
  if (!data_dir_.empty()) load();
}

void Storage::reset(uint64_t seed) {
  if (!data_dir_.empty()) throw std::logic_error("Storage::reset: only a memory-only store can be reset");
  std::unique_lock lock(mu_);
  buckets_.clear();
  rng_.seed(seed ^ kStorageSeedSalt);
}

std::string Storage::bucket_id(const BucketRef& b) { return b.account + "_" + b.jurisdiction + "_" + b.name; }
std::string Storage::bucket_dir(const std::string& id) const { return data_dir_ + "/buckets/" + id; }

bool Storage::write_bucket_meta(const std::string& id, const Bucket& b) const {
  if (data_dir_.empty()) return true;
  json j{{"name", b.info.name}, {"created", b.info.created.time_since_epoch().count()}};
  if (b.info.cors_xml) j["cors"] = *b.info.cors_xml;
  if (b.info.lifecycle_xml) j["lifecycle"] = *b.info.lifecycle_xml;
  std::error_code ec;
  fs::create_directories(bucket_dir(id) + "/objects", ec);
  fs::create_directories(bucket_dir(id) + "/uploads", ec);
  return write_file_atomic(bucket_dir(id) + "/bucket.json", j.dump());
}

bool Storage::write_object(const std::string& id, const std::string& key, const StoredObject& o) const {
  if (data_dir_.empty()) return true;
  json h = meta_to_json(o.meta);
  h["key"] = key;
  std::string text;
  try {
    text = frame(h, *o.body);
  } catch (const json::exception&) {  // keys are UTF-8 (checked on arrival), values hex-kept: refused, not thrown
    return false;
  }
  return write_file_atomic(bucket_dir(id) + "/objects/" + sha256_hex(key), text);
}

bool Storage::write_upload(const std::string& id, const std::string& upload_id, const Upload& u) const {
  if (data_dir_.empty()) return true;
  std::error_code ec;
  fs::create_directories(bucket_dir(id) + "/uploads/" + upload_id, ec);
  json h = meta_to_json(u.meta);
  h["key"] = u.key;
  h["initiated"] = u.initiated.time_since_epoch().count();
  std::string text;
  try {
    text = h.dump();
  } catch (const json::exception&) {  // keys are UTF-8 (checked on arrival), values hex-kept: refused, not thrown
    return false;
  }
  return write_file_atomic(bucket_dir(id) + "/uploads/" + upload_id + "/upload.json", text);
}

bool Storage::write_part(const std::string& id, const std::string& upload_id, const Part& p) const {
  if (data_dir_.empty()) return true;
  json h{{"number", p.info.number},
         {"etag", p.info.etag},
         {"last_modified", p.info.last_modified.time_since_epoch().count()}};
  return write_file_atomic(bucket_dir(id) + "/uploads/" + upload_id + "/part." + std::to_string(p.info.number),
                           frame(h, *p.body));
}

void Storage::remove_upload_files(const std::string& id, const std::string& upload_id) const {
  if (data_dir_.empty()) return;
  std::error_code ec;
  // upload.json goes first so a crash halfway leaves no half-upload that loads.
  remove_file_durable(bucket_dir(id) + "/uploads/" + upload_id + "/upload.json");
  fs::remove_all(bucket_dir(id) + "/uploads/" + upload_id, ec);
}

void Storage::load() {
  std::error_code ec;
  fs::create_directories(data_dir_ + "/buckets", ec);
  if (ec) throw std::runtime_error("cannot create " + data_dir_ + "/buckets: " + ec.message());
  for (const auto& dir : fs::directory_iterator(data_dir_ + "/buckets")) {
    std::string id = dir.path().filename().string();
    auto meta_text = read_file(dir.path().string() + "/bucket.json");
    if (!meta_text) continue;  // a create that never completed
    auto mj = json::parse(*meta_text, nullptr, false);
    if (mj.is_discarded()) throw std::runtime_error("damaged " + dir.path().string() + "/bucket.json");
    Bucket b;
    b.info.name = mj.value("name", "");
    b.info.created = TimePoint{std::chrono::seconds{mj.value("created", int64_t{0})}};
    if (mj.contains("cors")) b.info.cors_xml = mj["cors"].get<std::string>();
    if (mj.contains("lifecycle")) b.info.lifecycle_xml = mj["lifecycle"].get<std::string>();
    for (const auto& f : fs::directory_iterator(dir.path() / "objects", ec)) {
      if (f.path().filename().string().find(".tmp.") != std::string::npos) {
        fs::remove(f.path(), ec);
        continue;
      }
      auto text = read_file(f.path().string());
      json h;
      std::string body;
      if (!text || !unframe(*text, &h, &body)) throw std::runtime_error("damaged object " + f.path().string());
      StoredObject o{std::make_shared<const std::string>(std::move(body)), meta_from_json(h)};
      b.objects[h.at("key").get<std::string>()] = std::move(o);
    }
    for (const auto& u : fs::directory_iterator(dir.path() / "uploads", ec)) {
      auto text = read_file(u.path().string() + "/upload.json");
      if (!text) continue;
      auto h = json::parse(*text, nullptr, false);
      if (h.is_discarded()) continue;
      Upload up;
      up.key = h.at("key").get<std::string>();
      up.meta = meta_from_json(h);
      up.initiated = TimePoint{std::chrono::seconds{h.at("initiated").get<int64_t>()}};
      for (const auto& pf : fs::directory_iterator(u.path(), ec)) {
        auto name = pf.path().filename().string();
        if (name.rfind("part.", 0) != 0 || name.find(".tmp.") != std::string::npos) continue;
        auto ptext = read_file(pf.path().string());
        json ph;
        std::string body;
        if (!ptext || !unframe(*ptext, &ph, &body)) continue;
        Part p;
        p.info.number = ph.at("number").get<int>();
        p.info.etag = ph.at("etag").get<std::string>();
        p.info.size = body.size();
        p.info.last_modified = TimePoint{std::chrono::seconds{ph.at("last_modified").get<int64_t>()}};
        p.body = std::make_shared<const std::string>(std::move(body));
        up.parts[p.info.number] = std::move(p);
      }
      b.uploads[u.path().filename().string()] = std::move(up);
    }
    buckets_[id] = std::move(b);
  }
}

bool Storage::bucket_exists(const BucketRef& b) const {
  std::shared_lock lock(mu_);
  return buckets_.count(bucket_id(b)) > 0;
}

StoreError Storage::create_bucket(const BucketRef& b, TimePoint now) {
  std::unique_lock lock(mu_);
  auto id = bucket_id(b);
  if (buckets_.count(id)) return StoreError::bucket_exists;
  Bucket nb;
  nb.info.name = b.name;
  nb.info.created = now;
  if (!write_bucket_meta(id, nb)) return StoreError::io_error;
  buckets_[id] = std::move(nb);
  return StoreError::ok;
}

StoreError Storage::delete_bucket(const BucketRef& b) {
  std::unique_lock lock(mu_);
  auto it = buckets_.find(bucket_id(b));
  if (it == buckets_.end()) return StoreError::no_such_bucket;
  if (!it->second.objects.empty() || !it->second.uploads.empty()) return StoreError::bucket_not_empty;
  if (!data_dir_.empty()) {
    if (!remove_file_durable(bucket_dir(it->first) + "/bucket.json")) return StoreError::io_error;
    std::error_code ec;
    fs::remove_all(bucket_dir(it->first), ec);
  }
  buckets_.erase(it);
  return StoreError::ok;
}

std::optional<BucketInfo> Storage::get_bucket(const BucketRef& b) const {
  std::shared_lock lock(mu_);
  auto it = buckets_.find(bucket_id(b));
  if (it == buckets_.end()) return std::nullopt;
  return it->second.info;
}

std::vector<BucketInfo> Storage::list_buckets(const std::string& account, const std::string& jurisdiction) const {
  std::shared_lock lock(mu_);
  std::vector<BucketInfo> out;
  std::string prefix = account + "_" + jurisdiction + "_";
  for (auto it = buckets_.lower_bound(prefix); it != buckets_.end() && it->first.rfind(prefix, 0) == 0; ++it)
    out.push_back(it->second.info);
  return out;
}

StoreError Storage::set_cors(const BucketRef& b, std::optional<std::string> xml) {
  std::unique_lock lock(mu_);
  auto it = buckets_.find(bucket_id(b));
  if (it == buckets_.end()) return StoreError::no_such_bucket;
  Bucket copy_meta;
  copy_meta.info = it->second.info;
  copy_meta.info.cors_xml = std::move(xml);
  if (!write_bucket_meta(it->first, copy_meta)) return StoreError::io_error;
  it->second.info = copy_meta.info;
  return StoreError::ok;
}

StoreError Storage::set_lifecycle(const BucketRef& b, std::optional<std::string> xml) {
  std::unique_lock lock(mu_);
  auto it = buckets_.find(bucket_id(b));
  if (it == buckets_.end()) return StoreError::no_such_bucket;
  Bucket copy_meta;
  copy_meta.info = it->second.info;
  copy_meta.info.lifecycle_xml = std::move(xml);
  if (!write_bucket_meta(it->first, copy_meta)) return StoreError::io_error;
  it->second.info = copy_meta.info;
  return StoreError::ok;
}

StoreError Storage::put_object(const BucketRef& b, const std::string& key, std::string body, ObjectMeta meta,
                               std::string* etag) {
  if (meta.etag.empty()) meta.etag = "\"" + md5_hex(body) + "\"";
  *etag = meta.etag;
  StoredObject o{std::make_shared<const std::string>(std::move(body)), std::move(meta)};
  std::unique_lock lock(mu_);
  auto it = buckets_.find(bucket_id(b));
  if (it == buckets_.end()) return StoreError::no_such_bucket;
  if (!write_object(it->first, key, o)) return StoreError::io_error;
  it->second.objects[key] = std::move(o);
  return StoreError::ok;
}

StoreError Storage::get_object(const BucketRef& b, const std::string& key, StoredObject* out) const {
  std::shared_lock lock(mu_);
  auto it = buckets_.find(bucket_id(b));
  if (it == buckets_.end()) return StoreError::no_such_bucket;
  auto o = it->second.objects.find(key);
  if (o == it->second.objects.end()) return StoreError::no_such_key;
  *out = o->second;
  return StoreError::ok;
}

StoreError Storage::delete_object(const BucketRef& b, const std::string& key) {
  std::unique_lock lock(mu_);
  auto it = buckets_.find(bucket_id(b));
  if (it == buckets_.end()) return StoreError::no_such_bucket;
  auto o = it->second.objects.find(key);
  if (o == it->second.objects.end()) return StoreError::ok;
  if (!data_dir_.empty() && !remove_file_durable(bucket_dir(it->first) + "/objects/" + sha256_hex(key)))
    return StoreError::io_error;
  it->second.objects.erase(o);
  return StoreError::ok;
}

StoreError Storage::list_objects(const BucketRef& b, const ListQuery& q, ListResult* out) const {
  std::shared_lock lock(mu_);
  auto it = buckets_.find(bucket_id(b));
  if (it == buckets_.end()) return StoreError::no_such_bucket;
  const auto& objs = it->second.objects;
  int count = 0;
  std::string last_prefix;
  auto start = q.start_after.empty() ? objs.lower_bound(q.prefix) : objs.upper_bound(q.start_after);
  if (!q.start_after.empty() && q.start_after < q.prefix) start = objs.lower_bound(q.prefix);
  for (auto o = start; o != objs.end(); ++o) {
    const std::string& key = o->first;
    if (key.compare(0, q.prefix.size(), q.prefix) != 0) {
      if (key > q.prefix) break;
      continue;
    }
    std::string cp;
    if (!q.delimiter.empty()) {
      auto pos = key.find(q.delimiter, q.prefix.size());
      if (pos != std::string::npos) cp = key.substr(0, pos + q.delimiter.size());
    }
    if (!cp.empty() && cp == last_prefix) continue;
    if (!cp.empty() && !q.start_after.empty() && q.start_after.compare(0, cp.size(), cp) == 0 &&
        q.start_after.size() >= cp.size())
      continue;  // this prefix was returned on an earlier page
    if (count >= q.max_keys) {
      out->truncated = true;
      break;
    }
    if (!cp.empty()) {
      out->common_prefixes.push_back(cp);
      last_prefix = cp;
      out->next_marker = cp;
    } else {
      out->objects.push_back({key, o->second.body->size(), o->second.meta});
      out->next_marker = key;
    }
    ++count;
  }
  if (!out->truncated) out->next_marker.clear();
  return StoreError::ok;
}

StoreError Storage::create_upload(const BucketRef& b, const std::string& key, ObjectMeta meta, TimePoint now,
                                  std::string* upload_id) {
  std::unique_lock lock(mu_);
  auto it = buckets_.find(bucket_id(b));
  if (it == buckets_.end()) return StoreError::no_such_bucket;
  static const char* kHex = "0123456789abcdef";
  std::string id;
  do {
    id.clear();
    for (int i = 0; i < 48; ++i) id.push_back(kHex[rng_() % 16]);
  } while (it->second.uploads.count(id));
  Upload u{key, std::move(meta), now, {}};
  if (!write_upload(it->first, id, u)) return StoreError::io_error;
  it->second.uploads[id] = std::move(u);
  *upload_id = id;
  return StoreError::ok;
}

bool Storage::upload_exists(const BucketRef& b, const std::string& upload_id) const {
  std::shared_lock lock(mu_);
  auto it = buckets_.find(bucket_id(b));
  return it != buckets_.end() && it->second.uploads.count(upload_id) > 0;
}

StoreError Storage::upload_part(const BucketRef& b, const std::string& upload_id, int part, std::string body,
                                TimePoint now, std::string* etag) {
  Part p;
  p.info.number = part;
  p.info.etag = "\"" + md5_hex(body) + "\"";
  p.info.size = body.size();
  p.info.last_modified = now;
  p.body = std::make_shared<const std::string>(std::move(body));
  std::unique_lock lock(mu_);
  auto it = buckets_.find(bucket_id(b));
  if (it == buckets_.end()) return StoreError::no_such_bucket;
  auto u = it->second.uploads.find(upload_id);
  if (u == it->second.uploads.end()) return StoreError::no_such_upload;
  if (!write_part(it->first, upload_id, p)) return StoreError::io_error;
  *etag = p.info.etag;
  u->second.parts[part] = std::move(p);
  return StoreError::ok;
}

StoreError Storage::complete_upload(const BucketRef& b, const std::string& upload_id,
                                    const std::vector<std::pair<int, std::string>>& parts, TimePoint now,
                                    std::string* key, std::string* etag) {
  std::unique_lock lock(mu_);
  auto it = buckets_.find(bucket_id(b));
  if (it == buckets_.end()) return StoreError::no_such_bucket;
  auto u = it->second.uploads.find(upload_id);
  if (u == it->second.uploads.end()) return StoreError::no_such_upload;
  if (parts.empty()) return StoreError::invalid_part;
  std::string body, digests;
  int last = 0;
  for (const auto& [n, tag] : parts) {
    if (n <= last) return StoreError::invalid_part_order;
    last = n;
    auto p = u->second.parts.find(n);
    if (p == u->second.parts.end()) return StoreError::invalid_part;
    std::string want = p->second.info.etag, got = tag;
    auto strip = [](std::string s) {
      if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
      return s;
    };
    if (strip(want) != strip(got)) return StoreError::invalid_part;
    body += *p->second.body;
    bool ok = false;
    digests += hex_decode(strip(want), &ok);
  }
  ObjectMeta meta = u->second.meta;
  meta.etag = "\"" + md5_hex(digests) + "-" + std::to_string(parts.size()) + "\"";
  meta.last_modified = now;
  StoredObject o{std::make_shared<const std::string>(std::move(body)), meta};
  if (!write_object(it->first, u->second.key, o)) return StoreError::io_error;
  *key = u->second.key;
  *etag = meta.etag;
  it->second.objects[u->second.key] = std::move(o);
  remove_upload_files(it->first, upload_id);
  it->second.uploads.erase(u);
  return StoreError::ok;
}

StoreError Storage::abort_upload(const BucketRef& b, const std::string& upload_id) {
  std::unique_lock lock(mu_);
  auto it = buckets_.find(bucket_id(b));
  if (it == buckets_.end()) return StoreError::no_such_bucket;
  auto u = it->second.uploads.find(upload_id);
  if (u == it->second.uploads.end()) return StoreError::no_such_upload;
  remove_upload_files(it->first, upload_id);
  it->second.uploads.erase(u);
  return StoreError::ok;
}

StoreError Storage::list_uploads(const BucketRef& b, std::vector<UploadInfo>* out) const {
  std::shared_lock lock(mu_);
  auto it = buckets_.find(bucket_id(b));
  if (it == buckets_.end()) return StoreError::no_such_bucket;
  for (const auto& [id, u] : it->second.uploads) out->push_back({id, u.key, u.initiated});
  return StoreError::ok;
}

StoreError Storage::list_parts(const BucketRef& b, const std::string& upload_id, std::string* key,
                               std::vector<PartInfo>* out) const {
  std::shared_lock lock(mu_);
  auto it = buckets_.find(bucket_id(b));
  if (it == buckets_.end()) return StoreError::no_such_bucket;
  auto u = it->second.uploads.find(upload_id);
  if (u == it->second.uploads.end()) return StoreError::no_such_upload;
  *key = u->second.key;
  for (const auto& [n, p] : u->second.parts) out->push_back(p.info);
  return StoreError::ok;
}

}  // namespace scopecheck::emulator
