// The typed error of every JSON codec in the model (tokens, worlds, requests): what went wrong,
// where (a field path), and a one-line detail. Codecs never let a nlohmann exception escape.
#pragma once

#include <string>
#include <string_view>

namespace scopecheck::model {

enum class CodecErrorKind {
  kNotJson,
  kMissingField,
  kWrongType,
  kOutOfRange,
  kUnknownPermissionGroup,
  kMalformedResource,
  kMalformedCidr,
  kMalformedTimestamp,
  kWindowInverted,
  kEmptyResources,
  kNestedValueNotStar,
  kUnknownReference,
};

// Stable label per kind (tested verbatim), e.g. "missing required field".
std::string_view message(CodecErrorKind kind);

struct CodecError {
  CodecErrorKind kind;
  std::string path;    // empty for the document itself
  std::string detail;  // e.g. "malformed bucket resource: account must be 32 hex chars"

  // "<path>: <detail>", or just the detail when the path is empty.
  std::string message() const { return path.empty() ? detail : path + ": " + detail; }
};

}  // namespace scopecheck::model
