#pragma once
// A busy scenario on the generated sample city (maps/synthetic.yaml) that
// uses every kind of force and event: stations, posts, patrols (beat and
// route), a 前置屯警 post with a schedule, 特警 and 应急机动 reinforcement,
// pre-emption, a closure, area and whole-map congestion and a surge.
#include <string>

namespace jingwei::sim::test {

inline const char* kBusySynthetic = R"(
name: busy synthetic
map: synthetic
period: {start: 2025-03-07T16:00+08:00, duration_h: 8, drain_h: 2}
seed: 5
forces:
  readiness_levels: {1: 5, 2: 15}
  stations:
    - {id: S1, at: [114.045, 22.590], units: 2}
    - {id: S2, at: [114.075, 22.610], units: 2}
    - {id: S3, at: [114.060, 22.600], units: 1}
  posts:
    - {id: P1, at: [114.040, 22.610]}
  patrols:
    - {id: BEAT, beat: {centre: [114.070, 22.592], radius_m: 700}, waypoints: 5, units: 2}
    - {id: ROUTE, route: [[114.050, 22.605], [114.065, 22.612], [114.070, 22.600]]}
  forward_posts:
    - {id: F1, at: [114.055, 22.595], home: S3, units: 2, schedule: {"18-21": 2, "21-23": 1}}
  swat:
    - {id: T1, at: [114.062, 22.602], units: 1, readiness: 1}
  mobile:
    - {id: M1, at: [114.085, 22.585], units: 2, readiness: 2}
incidents:
  synthetic: {per_day: 500, hotspots: 4}
categories:
  default: {on_scene: {dist: lognormal, median_min: 20, sigma: 0.6}}
  抢劫: {priority: 1, units: 2, reinforce: 1}
  斗殴: {priority: 2, reinforce: 1, on_scene: {dist: erlang, mean_min: 30, k: 2}}
dispatch: {policy: priority, preempt_priority: 1}
events:
  - {type: closure, start: "18:00", end: "19:30", area: {centre: [114.060, 22.600], radius_m: 250}}
  - {type: congestion, start: "17:00", end: "19:00", factor: 1.4, area: {box: [114.03, 22.58, 114.06, 22.60]}}
  - {type: congestion, start: "20:00", end: "21:00", factor: 1.2}
  - type: surge
    start: "21:00"
    end: "22:30"
    area: {centre: [114.070, 22.605], radius_m: 400}
    extra_per_hour: 12
    category: 纠纷
metrics: {coverage: {every_min: 10, limit_min: 3}}
)";

}  // namespace jingwei::sim::test
