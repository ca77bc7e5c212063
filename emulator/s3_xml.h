// Small helpers for the S3 XML bodies (pugixml): serialize, the error document, parse checks.
#pragma once

#include <pugixml.hpp>

#include <string>
#include <string_view>

namespace scopecheck::emulator {

inline constexpr const char* kS3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

// A document with the XML declaration and a root element (with the S3 namespace when ns).
pugi::xml_node start_document(pugi::xml_document& doc, const char* root, bool ns = true);
std::string to_string(const pugi::xml_document& doc);
// Appends <name>text</name> and returns it.
pugi::xml_node add_text(pugi::xml_node parent, const char* name, std::string_view text);
// <Error><Code>code</Code><Message>message</Message></Error>
std::string error_document(std::string_view code, std::string_view message);

}  // namespace scopecheck::emulator
