#include "harness/model/json_schema.h"

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <fmt/format.h>

#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "harness/model/json_path.h"

namespace scopecheck::model {
namespace {

using nlohmann::json;

std::string_view base_name(InputSchema which) {
  switch (which) {
    case InputSchema::kCase: return "case";
    case InputSchema::kBaseline: return "baseline";
    case InputSchema::kProfile: return "profile";
    case InputSchema::kStatic: return "static";
  }
  return "case";
}

// Parsed once per schema; valijson's Schema is immutable after parsing and safe to share.
const valijson::Schema& parsed(InputSchema which) {
  static std::mutex mu;
  static std::map<InputSchema, std::unique_ptr<valijson::Schema>> cache;
  std::lock_guard lock(mu);
  auto& slot = cache[which];
  if (!slot) {
    const json doc = json::parse(builtin_schema_texts().at(std::string(base_name(which))));
    slot = std::make_unique<valijson::Schema>();
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(doc);
    parser.populateSchema(adapter, *slot);
  }
  return *slot;
}

struct Leaf {
  std::vector<std::string> context;
  std::string description;
};

bool has_prefix(const std::vector<std::string>& context, const std::vector<std::string>& prefix) {
  return context.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), context.begin());
}

bool starts_with(const std::string& s, std::string_view p) { return s.rfind(p, 0) == 0; }

// valijson reports every failed branch of a oneOf/anyOf, then a summary. A user wrote one of the
// branches: keep the branch that came closest (fewest errors), drop the others and the summaries.
std::vector<Leaf> leaves(valijson::ValidationResults& results) {
  std::vector<Leaf> out;
  std::map<std::vector<std::string>, std::vector<std::vector<Leaf>>> branches;
  valijson::ValidationResults::Error e;
  while (results.popError(e)) {
    if (starts_with(e.description, "Failed to validate against child schema #")) {
      // This branch's errors are the trailing ones under the same context.
      size_t start = out.size();
      while (start > 0 && has_prefix(out[start - 1].context, e.context)) --start;
      branches[e.context].emplace_back(out.begin() + static_cast<std::ptrdiff_t>(start), out.end());
      out.resize(start);
    } else if (starts_with(e.description, "Failed to validate against any")) {
      auto& bs = branches[e.context];
      const std::vector<Leaf>* best = nullptr;
      for (const auto& b : bs)
        if (!b.empty() && (!best || b.size() < best->size())) best = &b;
      if (best) out.insert(out.end(), best->begin(), best->end());
      branches.erase(e.context);
    } else if (starts_with(e.description, "Failed to validate") || starts_with(e.description, "Cannot validate")) {
      continue;  // a summary of errors already listed
    } else {
      out.push_back(Leaf{e.context, e.description});
    }
  }
  return out;
}

std::string type_of(const json& j) {
  if (j.is_number_integer()) return "an integer";
  if (j.is_number()) return "a number";
  if (j.is_string()) return "a string";
  if (j.is_boolean()) return "a boolean";
  if (j.is_array()) return "an array";
  if (j.is_object()) return "an object";
  return "null";
}

std::string quoted(const std::string& s) { return json(s).dump(); }

// "<root>", "[steps]", "[0]" → "steps[0]" (the codecs' style, json_path.h), walking the document
// to tell indices from keys.
std::string json_path(const json& doc, const std::vector<std::string>& context, const json** at) {
  std::string path;
  const json* node = &doc;
  for (size_t i = 1; i < context.size(); ++i) {
    std::string part = context[i];
    if (part.size() >= 2 && part.front() == '[' && part.back() == ']') part = part.substr(1, part.size() - 2);
    if (node && node->is_array()) {
      path = path_index(path, std::stoul(part));
      const size_t idx = std::stoul(part);
      node = idx < node->size() ? &(*node)[idx] : nullptr;
    } else {
      path = path_field(path, part);
      node = node && node->is_object() && node->contains(part) ? &(*node)[part] : nullptr;
    }
  }
  *at = node;
  return path;
}

SchemaViolation word(const json& doc, const Leaf& leaf, InputSchema which) {
  const json* at = nullptr;
  std::string path = json_path(doc, leaf.context, &at);
  const std::string& d = leaf.description;
  constexpr std::string_view kUnknown = "constraints: '";
  if (auto p = d.find(kUnknown); p != std::string::npos && starts_with(d, "Object contains a property")) {
    const std::string key = d.substr(p + kUnknown.size(), d.size() - p - kUnknown.size() - 2);
    return {path_field(path, key), fmt::format("unknown key ({} allows no key of that name here)", schema_file(which)),
            true};
  }
  if (starts_with(d, "Missing required property '"))
    return {path, fmt::format("missing required key {}", quoted(d.substr(27, d.size() - 29)))};
  if (starts_with(d, "Value type not permitted"))
    return {path, at ? fmt::format("wrong type: {} is not allowed here", type_of(*at)) : "wrong type"};
  if (starts_with(d, "Failed to match against any enum values"))
    return {path, at ? fmt::format("{} is not one of the allowed values", at->dump()) : "not one of the allowed values"};
  if (starts_with(d, "Failed to match regex"))
    return {path, at ? fmt::format("{} does not have the required form", at->dump()) : "does not have the required form"};
  if (starts_with(d, "Failed to match expected value set by 'const'"))
    return {path, at ? fmt::format("{} is not the value required here", at->dump()) : "not the value required here"};
  std::string detail = d;
  if (!detail.empty() && detail.back() == '.') detail.pop_back();
  if (!detail.empty()) detail[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(detail[0])));
  return {path, detail};
}

}  // namespace

std::string_view schema_file(InputSchema which) {
  switch (which) {
    case InputSchema::kCase: return "scenarios/case.schema.json";
    case InputSchema::kBaseline: return "scenarios/baseline.schema.json";
    case InputSchema::kProfile: return "scenarios/profile.schema.json";
    case InputSchema::kStatic: return "scenarios/static/static.schema.json";
  }
  return "";
}

std::optional<SchemaViolation> check_schema(const nlohmann::json& doc, InputSchema which) {
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter adapter(doc);
  if (validator.validate(parsed(which), adapter, &results)) return std::nullopt;
  const auto found = leaves(results);
  if (found.empty()) return SchemaViolation{"", fmt::format("does not follow {}", schema_file(which))};
  // A misspelled key is usually why the rest fails (a required key seems missing): name it first.
  for (const auto& leaf : found) {
    auto v = word(doc, leaf, which);
    if (v.unknown_key) return v;
  }
  return word(doc, found.front(), which);
}

}  // namespace scopecheck::model
