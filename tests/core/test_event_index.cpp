// DatasetIndex: the exports' look-ups by id give what Dataset::find_* gives.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/event.hpp"

namespace atlas {
namespace {

Dataset three_of_each() {
    Dataset d;
    for (const char* id : {"s1", "s2", "s3"}) {
        Source s;
        s.id = id;
        s.title = std::string("t-") + id;
        d.sources.push_back(s);
    }
    for (const char* id : {"x1", "x2", "x3"}) {
        Excerpt x;
        x.id = id;
        x.source_id = "s2";
        d.excerpts.push_back(x);
    }
    for (const char* id : {"e1", "e2", "e3"}) {
        Event e;
        e.id = id;
        e.title = std::string("title ") + id;
        d.events.push_back(e);
    }
    return d;
}

TEST(DatasetIndex, FindsEveryRecordWhereFindByIdDoes) {
    const Dataset d = three_of_each();
    const DatasetIndex index(d);
    for (const Source& s : d.sources) EXPECT_EQ(index.source(s.id), d.find_source(s.id));
    for (const Excerpt& x : d.excerpts) EXPECT_EQ(index.excerpt(x.id), d.find_excerpt(x.id));
    for (const Event& e : d.events) EXPECT_EQ(index.event(e.id), d.find_event(e.id));
    EXPECT_EQ(index.event("e4"), nullptr);
    EXPECT_EQ(index.source(""), nullptr);
    EXPECT_EQ(index.excerpt("s1"), nullptr);  // an id of another kind is not found
}

TEST(DatasetIndex, ARepeatedIdFindsTheFirstRecordAsFindByIdDoes) {
    Dataset d = three_of_each();
    Event again;
    again.id = "e2";
    again.title = "the second e2";
    d.events.push_back(again);
    const DatasetIndex index(d);
    ASSERT_NE(index.event("e2"), nullptr);
    EXPECT_EQ(index.event("e2")->title, "title e2");
    EXPECT_EQ(index.event("e2"), d.find_event("e2"));
}

TEST(DatasetIndex, EventsComeInTheOrderAskedWithoutTheUnknownOnes) {
    const Dataset d = three_of_each();
    const DatasetIndex index(d);
    const std::vector<const Event*> got = index.events({"e3", "nope", "e1", "e3"});
    ASSERT_EQ(got.size(), 3u);
    EXPECT_EQ(got[0], &d.events[2]);
    EXPECT_EQ(got[1], &d.events[0]);
    EXPECT_EQ(got[2], &d.events[2]);
    EXPECT_TRUE(index.events({}).empty());
}

}  // namespace
}  // namespace atlas
