// The placement panel's logic without ImGui: its overlay marks follow the
// model (posts, kinds per window, demand states, selection), a drag step
// moves the selected post and rescored the window, and post hit tests use
// the drawn symbol size.
#include <gtest/gtest.h>

#include "placement_test_support.h"
#include "ui/placement_panel.h"

namespace jingwei {
namespace {

using namespace jingwei::test;

TEST(PlacementPanel, MarksFollowTheModel) {
    JINGWEI_REQUIRE_DATA(kFutianGraph);
    std::shared_ptr<PlacementModel> m = futianModel();
    PlacementPanel panel(m);
    const std::size_t n = m->builtCandidates();
    ASSERT_GT(n, 20u);
    const XY p0 = m->candidates()[10].pos, p1 = m->candidates()[n / 2].pos;
    ASSERT_TRUE(m->addPost(p0, 0));
    ASSERT_TRUE(m->addPost(p1, 1, true));
    panel.select(0);
    panel.refresh();
    const PlacementMarks& mk = panel.overlay()->marks();
    ASSERT_EQ(mk.posts.size(), 2u);
    EXPECT_EQ(mk.posts[0].kind, PlacementMarks::PostKind::Free);
    EXPECT_EQ(mk.posts[1].kind, PlacementMarks::PostKind::Locked);
    EXPECT_EQ(mk.selected, std::optional<std::size_t>(0));
    ASSERT_EQ(mk.demand.size(), m->windowDemand(0).size());
    double covered = 0;
    for (const auto& d : mk.demand)
        if (d.cover != PlacementMarks::Cover::Uncovered) covered += d.weight;
    EXPECT_EQ(covered, m->score(0).covered_weight);
    // Window 1: post 0 is off duty there.
    panel.setWindow(1);
    panel.refresh();
    EXPECT_EQ(panel.overlay()->marks().posts[0].kind, PlacementMarks::PostKind::OffDuty);
    EXPECT_EQ(panel.overlay()->marks().demand.size(), m->windowDemand(1).size());
    // A drag step moves the selected post; the marks and the score follow.
    panel.setWindow(0);
    const double before = m->score(0).covered_weight;
    const XY to = m->candidates()[n - 3].pos;
    panel.dragSelectedTo(to);
    EXPECT_EQ(panel.overlay()->marks().posts[0].pos.x, m->postPos(0).x);
    EXPECT_EQ(m->postPos(0).x, to.x);
    EXPECT_GE(panel.lastDragMs(), 0.0);
    EXPECT_NE(m->score(0).covered_weight, before);
    // Hit test: within the drawn radius of the post's screen point.
    CameraPose pose;
    pose.x = to.x;
    pose.y = to.y;
    pose.range_m = 5000;
    const MapCamera cam(pose, 1600, 900);
    const auto s = cam.groundToScreen(to.x, to.y);
    ASSERT_TRUE(s);
    EXPECT_EQ(panel.postNear(cam, *s, 10), std::optional<std::size_t>(0));
    EXPECT_EQ(panel.postNear(cam, ScreenPoint{s->x + 200, s->y}, 10), std::nullopt);
    // Deleting the selected post clears the selection on refresh.
    panel.select(1);
    m->removePost(1);
    panel.refresh();
    EXPECT_EQ(panel.selected(), std::nullopt);
    EXPECT_EQ(panel.overlay()->marks().posts.size(), 1u);
}

}  // namespace
}  // namespace jingwei
