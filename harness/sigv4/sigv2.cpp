#include "harness/sigv4/sigv2.h"

#include "harness/sigv4/constants.h"
#include "harness/sigv4/uri_encode.h"

namespace scopecheck::sigv4 {

SigV2Kind detect_sigv2(const HttpRequest& request) {
  for (auto value : request.header_values(kHeaderAuthorization)) {
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    if (value.size() > kSigV2HeaderPrefix.size() &&
        value.substr(0, kSigV2HeaderPrefix.size()) == kSigV2HeaderPrefix &&
        value.find(':') != std::string_view::npos) {
      return SigV2Kind::header;
    }
  }
  std::string_view query = request.query();
  std::size_t pos = 0;
  while (pos <= query.size()) {
    auto amp = query.find('&', pos);
    std::string_view piece =
        query.substr(pos, amp == std::string_view::npos ? std::string_view::npos : amp - pos);
    std::string name = percent_decode_lenient(piece.substr(0, piece.find('=')));
    if (name == kSigV2QuerySignature || name == kSigV2QueryAccessKey) return SigV2Kind::query;
    if (amp == std::string_view::npos) break;
    pos = amp + 1;
  }
  return SigV2Kind::none;
}

}  // namespace scopecheck::sigv4
