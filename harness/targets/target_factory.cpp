#include "harness/targets/target_factory.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "harness/model/operation.h"
#include "harness/model/permission_groups.h"
#include "harness/targets/rgw_target.h"
#include "harness/targets/static_target.h"
#include "harness/targets/swift_target.h"

namespace scopecheck::targets {


std::unique_ptr<CertifiableTarget> make_certifiable_target(const ThirdPartyOptions& o) {
  std::string journal = o.journal.empty() ? "scopecheck-journal.jsonl" : o.journal;
  if (o.kind == "static") {
    if (o.static_file.empty()) throw TargetError(TargetError::Kind::kRejected, "--target static needs --static-file FILE");
    auto cfg = load_static_config(o.static_file);
    return std::make_unique<StaticTarget>(std::move(cfg), journal, o.seed, o.request_timeout);
  }
  if (o.kind == "rgw") {
    if (o.target_json.empty())
      throw TargetError(TargetError::Kind::kRejected, "--target rgw needs --target-json FILE (the line rgw-up.sh prints)");
    return make_rgw_target(o.target_json, journal, o.seed, o.request_timeout);
  }
  if (o.kind == "swift") {
    if (o.target_json.empty())
      throw TargetError(TargetError::Kind::kRejected, "--target swift needs --target-json FILE (the line swift-up.sh prints)");
    return make_swift_target(o.target_json, journal, o.seed, o.request_timeout);
  }
  throw TargetError(TargetError::Kind::kRejected, fmt::format("unknown third-party target kind '{}'", o.kind));
}

}  // namespace scopecheck::targets
