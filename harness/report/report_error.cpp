#include "harness/report/report_error.h"

namespace scopecheck::report {

std::string_view message(Errc code) {
  switch (code) {
    case Errc::kNotJson: return "not valid JSON";
    case Errc::kMissingField: return "required field is missing";
    case Errc::kWrongType: return "field has the wrong type";
    case Errc::kBadValue: return "field has an invalid value";
    case Errc::kUnsupportedFormat: return "not a scopecheck result of a supported format";
    case Errc::kReadFailed: return "cannot read file";
    case Errc::kWriteFailed: return "cannot write file";
    case Errc::kNothingToMerge: return "no results to merge";
    case Errc::kProfileMismatch: return "cannot merge results of different profiles";
    case Errc::kTargetMismatch: return "cannot merge results of different targets";
    case Errc::kStrictnessMismatch: return "cannot merge results of different strictness levels";
    case Errc::kInjectedBugsMismatch: return "cannot merge results with different injected bugs";
    case Errc::kDuplicateShard: return "the same shard is merged twice";
    case Errc::kDuplicateEntry: return "duplicate baseline entry";
  }
  return "unknown report error";
}

namespace {
class Category : public std::error_category {
 public:
  const char* name() const noexcept override { return "scopecheck.report"; }
  std::string message(int value) const override {
    return std::string(report::message(static_cast<Errc>(value)));
  }
};

std::string compose(Errc code, const std::string& where, const std::string& detail) {
  std::string s;
  if (!where.empty()) s = where + ": ";
  s += message(code);
  if (!detail.empty()) s += " (" + detail + ")";
  return s;
}
}  // namespace

const std::error_category& report_category() {
  static const Category category;
  return category;
}

std::error_code make_error_code(Errc code) { return {static_cast<int>(code), report_category()}; }

ReportError::ReportError(Errc code, std::string where, std::string detail)
    : std::runtime_error(compose(code, where, detail)),
      code_(code),
      where_(std::move(where)),
      detail_(std::move(detail)) {}

ReportError ReportError::in(std::string_view prefix) const {
  std::string w(prefix);
  if (!where_.empty()) w += ": " + where_;
  return ReportError(code_, std::move(w), detail_);
}

}  // namespace scopecheck::report
