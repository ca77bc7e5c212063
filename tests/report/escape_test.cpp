#include "harness/report/escape.h"

#include <gtest/gtest.h>

namespace scopecheck::report {
namespace {

TEST(EscapeTest, HtmlEscapesTheFiveSpecials) {
  EXPECT_EQ(html_escape("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(html_escape("plain → text"), "plain → text");
}

TEST(EscapeTest, MarkdownTextNeutralisesMarkupAndPipes) {
  EXPECT_EQ(markdown_text("a|b *c* _d_ [e](f) <b> `g`\nh"),
            "a\\|b \\*c\\* \\_d\\_ \\[e\\](f) &lt;b&gt; \\`g\\` h");
}

TEST(EscapeTest, MarkdownCodeUsesALongerFenceThanAnyRunInside) {
  EXPECT_EQ(markdown_code("scopecheck replay a.json"), "`scopecheck replay a.json`");
  EXPECT_EQ(markdown_code("a``b"), "```a``b```");
  EXPECT_EQ(markdown_code("`x"), "`` `x ``");
  EXPECT_EQ(markdown_code("a|b\nc"), "`a\\|b c`");
}

}  // namespace
}  // namespace scopecheck::report
