// Field paths in codec error messages: `policies[1].resources["com.cloudflare.edge.r2.bucket.x"]`.
#pragma once

#include <string>
#include <string_view>

namespace scopecheck::model {

// `base.name`, or `name` when base is empty. Names that are not plain identifiers are quoted:
// `condition["request.ip"]`.
std::string path_field(std::string_view base, std::string_view name);
// `base[i]`.
std::string path_index(std::string_view base, std::size_t i);
// `base["key"]`, always quoted (resource keys, map keys).
std::string path_key(std::string_view base, std::string_view key);

}  // namespace scopecheck::model
