#pragma once
// Candidate posts from outside the road graph: police stations and posts on
// the map (layers of kind `police`, e.g. OSM amenity=police), and points
// from a file (CSV `id,lon,lat[,name]`, or any OGR point layer: GeoJSON,
// GeoPackage, ... with an `id` and optional `name` attribute). Positions are
// projected into the map's CRS; nodes are filled by the caller
// (RoadSites::nodeNear).
#include <string>
#include <vector>

#include "mapdata/map_model.h"
#include "place/problem.h"

namespace jingwei::place {

// Every feature of the map's police layers: points as they are, lines and
// polygons at the centre of their bounding box. Ids are the feature's `ref`,
// else "S<layer>-<n>"; names its label. Empty when the map has none.
std::vector<Candidate> stationCandidates(const MapModel& map);

// Throws Error(path, "line N" / "feature N", reason) for an unreadable file,
// a bad or duplicate id, a non-point feature or a point the CRS cannot take.
std::vector<Candidate> readCandidateFile(const std::string& path, const std::string& map_crs,
                                         const std::string& source = "file");

// A weight layer as demand: every point of an OGR point layer (GeoJSON,
// GeoPackage, Shapefile, ...) with its numeric attribute `field` as weight,
// projected into the map's CRS. Throws Error(path, "feature N", reason) for
// a feature that is not one point, lacks the field, has a weight that is
// not a finite number ≥ 0, or cannot be projected; Error(path, "", ...)
// when the layer has no points or no positive weight.
struct WeightedPoints {
    std::vector<XY> points;
    std::vector<double> weights;
};
WeightedPoints readWeightLayer(const std::string& path, const std::string& field, const std::string& map_crs);

}  // namespace jingwei::place
