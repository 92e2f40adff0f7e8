#include <gtest/gtest.h>

#include "core/error.h"
#include "core/progress.h"

using namespace jingwei;

TEST(Error, MessageNamesFileWhereAndReason) {
    const Error e("maps/x.yaml", "line 3", "unknown key 'colour'");
    EXPECT_STREQ(e.what(), "maps/x.yaml: line 3: unknown key 'colour'");
    EXPECT_EQ(e.file(), "maps/x.yaml");
    EXPECT_EQ(e.where(), "line 3");
    EXPECT_STREQ(Error("", "", "plain").what(), "plain");
}

TEST(Progress, CallbackCanCancel) {
    int calls = 0;
    Progress p{[&](double f, std::string_view) { ++calls; return f < 0.5; }};
    EXPECT_NO_THROW(p.report(0.1, "a"));
    EXPECT_THROW(p.report(0.6, "b"), Cancelled);
    EXPECT_EQ(calls, 2);
    EXPECT_NO_THROW(Progress{}.report(1.0, "none"));
}
