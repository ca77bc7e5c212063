#include "harness/model/codec_error.h"

namespace scopecheck::model {

std::string_view message(CodecErrorKind kind) {
  switch (kind) {
    case CodecErrorKind::kNotJson: return "not JSON";
    case CodecErrorKind::kMissingField: return "missing required field";
    case CodecErrorKind::kWrongType: return "wrong type";
    case CodecErrorKind::kOutOfRange: return "value out of range";
    case CodecErrorKind::kUnknownPermissionGroup: return "unknown permission group";
    case CodecErrorKind::kMalformedResource: return "malformed resource";
    case CodecErrorKind::kMalformedCidr: return "malformed CIDR";
    case CodecErrorKind::kMalformedTimestamp: return "malformed timestamp";
    case CodecErrorKind::kWindowInverted: return "not_before must be before expires_on";
    case CodecErrorKind::kEmptyResources: return "empty resources";
    case CodecErrorKind::kNestedValueNotStar: return "nested value must be \"*\"";
    case CodecErrorKind::kUnknownReference: return "unknown reference";
  }
  return "codec error";
}

}  // namespace scopecheck::model
