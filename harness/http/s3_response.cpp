#include "harness/http/s3_response.h"

#include <pugixml.hpp>

#include <charconv>
#include <new>

namespace scopecheck::http {

std::string_view message(S3ParseErrc code) {
  switch (code) {
    case S3ParseErrc::empty: return "empty S3 response body";
    case S3ParseErrc::too_large: return "S3 response body too large";
    case S3ParseErrc::malformed_xml: return "S3 response is not well-formed XML";
    case S3ParseErrc::error_document: return "S3 answered with an Error document";
    case S3ParseErrc::wrong_root: return "unexpected S3 response root element";
    case S3ParseErrc::missing_field: return "S3 response lacks a required element";
    case S3ParseErrc::bad_number: return "S3 response element is not a valid number";
    case S3ParseErrc::bad_bool: return "S3 response element is not true or false";
  }
  return "invalid S3 response";
}

std::string S3ParseError::to_string() const {
  std::string out(message(code));
  if (!detail.empty()) out += ": " + detail;
  return out;
}

namespace {

// Keeps whitespace-only keys (" ") and exact bytes (no end-of-line normalization); no DOCTYPE
// processing, so no entity expansion.
constexpr unsigned kParseFlags =
    pugi::parse_cdata | pugi::parse_escapes | pugi::parse_ws_pcdata_single;

Unexpected<S3ParseError> fail(S3ParseErrc code, std::string detail) {
  return Unexpected<S3ParseError>{S3ParseError{code, std::move(detail)}};
}

std::string_view local_name(const pugi::xml_node& node) {
  std::string_view name = node.name();
  auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node& parent, std::string_view name) {
  for (auto node : parent.children()) {
    if (node.type() == pugi::node_element && local_name(node) == name) return node;
  }
  return {};
}

template <class F>
void for_each_child(const pugi::xml_node& parent, std::string_view name, F&& f) {
  for (auto node : parent.children()) {
    if (node.type() == pugi::node_element && local_name(node) == name) f(node);
  }
}

// The element's character data (PCDATA and CDATA children, concatenated).
std::string text_of(const pugi::xml_node& node) {
  std::string out;
  for (auto part : node.children()) {
    if (part.type() == pugi::node_pcdata || part.type() == pugi::node_cdata) out += part.value();
  }
  return out;
}

std::optional<std::string> opt_text(const pugi::xml_node& parent, std::string_view name) {
  auto node = child(parent, name);
  if (!node) return std::nullopt;
  return text_of(node);
}

std::string text(const pugi::xml_node& parent, std::string_view name) {
  return opt_text(parent, name).value_or("");
}

// Field extraction accumulates the first error; parsers check it once at the end.
struct Reader {
  std::optional<S3ParseError> error;

  void set(S3ParseErrc code, std::string detail) {
    if (!error) error = S3ParseError{code, std::move(detail)};
  }

  std::string required(const pugi::xml_node& parent, std::string_view name) {
    auto value = opt_text(parent, name);
    if (!value) {
      set(S3ParseErrc::missing_field, std::string(local_name(parent)) + "/" + std::string(name));
      return {};
    }
    return *value;
  }

  std::optional<uint64_t> number(const pugi::xml_node& parent, std::string_view name) {
    auto value = opt_text(parent, name);
    if (!value || value->empty()) return std::nullopt;  // some servers send <Marker></Marker>
    uint64_t out = 0;
    auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), out);
    if (ec != std::errc{} || end != value->data() + value->size()) {
      set(S3ParseErrc::bad_number, std::string(name) + " = \"" + value->substr(0, 64) + "\"");
      return std::nullopt;
    }
    return out;
  }

  uint64_t required_number(const pugi::xml_node& parent, std::string_view name) {
    auto value = number(parent, name);
    if (!value) {
      set(S3ParseErrc::missing_field, std::string(local_name(parent)) + "/" + std::string(name));
    }
    return value.value_or(0);
  }

  bool boolean(const pugi::xml_node& parent, std::string_view name) {
    auto value = opt_text(parent, name);
    if (!value) return false;
    if (*value == "true") return true;
    if (*value == "false") return false;
    set(S3ParseErrc::bad_bool, std::string(name) + " = \"" + value->substr(0, 64) + "\"");
    return false;
  }

  std::optional<Owner> owner(const pugi::xml_node& parent, std::string_view name) {
    auto node = child(parent, name);
    if (!node) return std::nullopt;
    return Owner{text(node, "ID"), text(node, "DisplayName")};
  }

  std::vector<std::string> common_prefixes(const pugi::xml_node& root) {
    std::vector<std::string> out;
    for_each_child(root, "CommonPrefixes",
                   [&](const pugi::xml_node& node) { out.push_back(required(node, "Prefix")); });
    return out;
  }
};

S3Error read_error(const pugi::xml_node& root, Reader& r) {
  S3Error e;
  e.code = r.required(root, "Code");
  e.message = text(root, "Message");
  e.resource = text(root, "Resource");
  e.request_id = text(root, "RequestId");
  for (auto node : root.children()) {
    if (node.type() == pugi::node_element) {
      e.fields.emplace(std::string(local_name(node)), text_of(node));
    }
  }
  return e;
}

// Parses `body` and checks its root, then hands the root to `read`.
template <class T, class F>
S3Result<T> parse_document(std::string_view body, std::string_view root_name,
                           std::string_view alt_root, F&& read) {
  try {
    if (body.size() > kMaxS3Document) return fail(S3ParseErrc::too_large, std::to_string(body.size()));
    if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
      return fail(S3ParseErrc::empty, "");
    }
    pugi::xml_document doc;
    auto status = doc.load_buffer(body.data(), body.size(), kParseFlags, pugi::encoding_utf8);
    if (!status) {
      return fail(S3ParseErrc::malformed_xml,
                  std::string(status.description()) + " at offset " + std::to_string(status.offset));
    }
    // pugixml accepts fragments; a document has exactly one root element and no text outside.
    pugi::xml_node root;
    for (auto node : doc.children()) {
      if (node.type() == pugi::node_element) {
        if (root) return fail(S3ParseErrc::malformed_xml, "more than one root element");
        root = node;
      } else if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) {
        std::string_view value = node.value();
        if (value.find_first_not_of(" \t\r\n") != std::string_view::npos) {
          return fail(S3ParseErrc::malformed_xml, "text outside the root element");
        }
      }
    }
    if (!root) return fail(S3ParseErrc::malformed_xml, "no root element");
    std::string_view name = local_name(root);
    if (name != root_name && (alt_root.empty() || name != alt_root)) {
      if (name == "Error") {
        Reader r;
        return fail(S3ParseErrc::error_document, read_error(root, r).code);
      }
      return fail(S3ParseErrc::wrong_root, std::string(name.substr(0, 128)));
    }
    Reader reader;
    T value = read(root, reader);
    if (reader.error) return Unexpected<S3ParseError>{std::move(*reader.error)};
    return value;
  } catch (const std::bad_alloc&) {
    return fail(S3ParseErrc::too_large, "out of memory");
  } catch (const std::exception& e) {
    return fail(S3ParseErrc::malformed_xml, e.what());
  }
}

}  // namespace

S3Result<S3Error> parse_error(std::string_view body) {
  return parse_document<S3Error>(body, "Error", "", read_error);
}

S3Result<ListAllMyBucketsResult> parse_list_buckets(std::string_view body) {
  return parse_document<ListAllMyBucketsResult>(
      body, "ListAllMyBucketsResult", "", [](const pugi::xml_node& root, Reader& r) {
        ListAllMyBucketsResult out;
        out.owner = r.owner(root, "Owner").value_or(Owner{});
        for_each_child(child(root, "Buckets"), "Bucket", [&](const pugi::xml_node& b) {
          out.buckets.push_back(BucketEntry{r.required(b, "Name"), text(b, "CreationDate")});
        });
        out.continuation_token = opt_text(root, "ContinuationToken");
        out.prefix = opt_text(root, "Prefix");
        return out;
      });
}

S3Result<ListBucketResult> parse_list_objects(std::string_view body) {
  return parse_document<ListBucketResult>(
      body, "ListBucketResult", "", [](const pugi::xml_node& root, Reader& r) {
        ListBucketResult out;
        out.name = r.required(root, "Name");
        out.prefix = text(root, "Prefix");
        out.delimiter = opt_text(root, "Delimiter");
        out.encoding_type = opt_text(root, "EncodingType");
        out.max_keys = r.number(root, "MaxKeys");
        out.is_truncated = r.boolean(root, "IsTruncated");
        for_each_child(root, "Contents", [&](const pugi::xml_node& c) {
          ObjectEntry e;
          e.key = r.required(c, "Key");
          e.last_modified = text(c, "LastModified");
          e.etag = text(c, "ETag");
          e.size = r.number(c, "Size").value_or(0);
          e.storage_class = text(c, "StorageClass");
          e.owner = r.owner(c, "Owner");
          out.contents.push_back(std::move(e));
        });
        out.common_prefixes = r.common_prefixes(root);
        out.marker = opt_text(root, "Marker");
        out.next_marker = opt_text(root, "NextMarker");
        out.key_count = r.number(root, "KeyCount");
        out.continuation_token = opt_text(root, "ContinuationToken");
        out.next_continuation_token = opt_text(root, "NextContinuationToken");
        out.start_after = opt_text(root, "StartAfter");
        return out;
      });
}

S3Result<InitiateMultipartUploadResult> parse_initiate_multipart_upload(std::string_view body) {
  return parse_document<InitiateMultipartUploadResult>(
      body, "InitiateMultipartUploadResult", "", [](const pugi::xml_node& root, Reader& r) {
        return InitiateMultipartUploadResult{text(root, "Bucket"), text(root, "Key"),
                                             r.required(root, "UploadId")};
      });
}

S3Result<CompleteMultipartUploadResult> parse_complete_multipart_upload(std::string_view body) {
  return parse_document<CompleteMultipartUploadResult>(
      body, "CompleteMultipartUploadResult", "", [](const pugi::xml_node& root, Reader& r) {
        CompleteMultipartUploadResult out;
        out.location = text(root, "Location");
        out.bucket = text(root, "Bucket");
        out.key = text(root, "Key");
        out.etag = r.required(root, "ETag");
        return out;
      });
}

S3Result<CopyResult> parse_copy_result(std::string_view body) {
  return parse_document<CopyResult>(body, "CopyObjectResult", "CopyPartResult",
                                    [](const pugi::xml_node& root, Reader& r) {
                                      return CopyResult{std::string(local_name(root)),
                                                        r.required(root, "ETag"),
                                                        text(root, "LastModified")};
                                    });
}

S3Result<DeleteResult> parse_delete_result(std::string_view body) {
  return parse_document<DeleteResult>(
      body, "DeleteResult", "", [](const pugi::xml_node& root, Reader& r) {
        DeleteResult out;
        for_each_child(root, "Deleted", [&](const pugi::xml_node& d) {
          DeletedEntry e;
          e.key = r.required(d, "Key");
          e.version_id = opt_text(d, "VersionId");
          e.delete_marker = r.boolean(d, "DeleteMarker");
          e.delete_marker_version_id = opt_text(d, "DeleteMarkerVersionId");
          out.deleted.push_back(std::move(e));
        });
        for_each_child(root, "Error", [&](const pugi::xml_node& d) {
          DeleteErrorEntry e;
          e.key = r.required(d, "Key");
          e.version_id = opt_text(d, "VersionId");
          e.code = r.required(d, "Code");
          e.message = text(d, "Message");
          out.errors.push_back(std::move(e));
        });
        return out;
      });
}

S3Result<ListMultipartUploadsResult> parse_list_multipart_uploads(std::string_view body) {
  return parse_document<ListMultipartUploadsResult>(
      body, "ListMultipartUploadsResult", "", [](const pugi::xml_node& root, Reader& r) {
        ListMultipartUploadsResult out;
        out.bucket = text(root, "Bucket");
        out.key_marker = text(root, "KeyMarker");
        out.upload_id_marker = text(root, "UploadIdMarker");
        out.next_key_marker = opt_text(root, "NextKeyMarker");
        out.next_upload_id_marker = opt_text(root, "NextUploadIdMarker");
        out.prefix = text(root, "Prefix");
        out.delimiter = opt_text(root, "Delimiter");
        out.max_uploads = r.number(root, "MaxUploads");
        out.is_truncated = r.boolean(root, "IsTruncated");
        for_each_child(root, "Upload", [&](const pugi::xml_node& u) {
          UploadEntry e;
          e.key = r.required(u, "Key");
          e.upload_id = r.required(u, "UploadId");
          e.initiated = text(u, "Initiated");
          e.storage_class = text(u, "StorageClass");
          e.initiator = r.owner(u, "Initiator");
          e.owner = r.owner(u, "Owner");
          out.uploads.push_back(std::move(e));
        });
        out.common_prefixes = r.common_prefixes(root);
        return out;
      });
}

S3Result<ListPartsResult> parse_list_parts(std::string_view body) {
  return parse_document<ListPartsResult>(
      body, "ListPartsResult", "", [](const pugi::xml_node& root, Reader& r) {
        ListPartsResult out;
        out.bucket = text(root, "Bucket");
        out.key = text(root, "Key");
        out.upload_id = r.required(root, "UploadId");
        out.part_number_marker = r.number(root, "PartNumberMarker");
        out.next_part_number_marker = r.number(root, "NextPartNumberMarker");
        out.max_parts = r.number(root, "MaxParts");
        out.is_truncated = r.boolean(root, "IsTruncated");
        out.storage_class = text(root, "StorageClass");
        out.initiator = r.owner(root, "Initiator");
        out.owner = r.owner(root, "Owner");
        for_each_child(root, "Part", [&](const pugi::xml_node& p) {
          PartEntry e;
          e.part_number = r.required_number(p, "PartNumber");
          e.last_modified = text(p, "LastModified");
          e.etag = r.required(p, "ETag");
          e.size = r.number(p, "Size").value_or(0);
          out.parts.push_back(std::move(e));
        });
        return out;
      });
}

}  // namespace scopecheck::http
