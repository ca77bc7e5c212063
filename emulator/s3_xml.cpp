#include "emulator/s3_xml.h"

#include <sstream>

namespace scopecheck::emulator {

pugi::xml_node start_document(pugi::xml_document& doc, const char* root, bool ns) {
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  auto r = doc.append_child(root);
  if (ns) r.append_attribute("xmlns") = kS3Namespace;
  return r;
}

std::string to_string(const pugi::xml_document& doc) {
  std::ostringstream ss;
  doc.save(ss, "", pugi::format_raw);
  return ss.str();
}

pugi::xml_node add_text(pugi::xml_node parent, const char* name, std::string_view text) {
  auto n = parent.append_child(name);
  n.append_child(pugi::node_pcdata).set_value(std::string(text).c_str());
  return n;
}

std::string error_document(std::string_view code, std::string_view message) {
  pugi::xml_document doc;
  auto root = start_document(doc, "Error", false);
  add_text(root, "Code", code);
  add_text(root, "Message", message);
  return to_string(doc);
}

}  // namespace scopecheck::emulator
