#pragma once
// The map package: one GeoPackage holding an imported and projected map
// (road nodes and edges with shapes, vector layers with attributes and
// heights, terrain grids, styles, speeds, the import report and metadata),
// so a second load skips the import. docs/formats.md describes the tables.
//
// Geometry is stored in the map CRS (open the file in QGIS to inspect it);
// each geometry's WGS84 lon/lat travel beside it in a binary column, so a
// package reads back bit for bit what was written.
//
// Packages are keyed by packageKey(): SHA-256 of the format version, the
// manifest text and the content of every source file (content, not size
// and mtime: a copied or touched file keeps its cache, an edited one never
// reuses it). A package is written to a temporary file in the cache
// directory and renamed into place, so a failed or cancelled write leaves
// nothing behind.
#include <string>
#include <vector>

#include "core/progress.h"
#include "mapdata/map_model.h"

namespace jingwei {

// Bumped whenever the tables or the import's results change.
constexpr int kMapPackageFormat = 1;

// $JINGWEI_CACHE_DIR, else $XDG_CACHE_HOME/jingwei, else ~/.cache/jingwei,
// else <temp dir>/jingwei-cache.
std::string defaultCacheDir();

// Lower-case hex SHA-256 of bytes / of a file's content (Error if unreadable).
std::string sha256Hex(const std::string& bytes);
std::string fileSha256Hex(const std::string& path);

// The cache key of a map: SHA-256 over the package format, the manifest
// text and each source file's content hash, in order. Shapefile sources
// include their sidecar files (.shx, .dbf, .prj, .cpg).
std::string packageKey(const std::string& manifest_text, const std::vector<std::string>& source_files);

// Writes the package atomically (temporary file + rename). Throws Error when
// the file cannot be written and Cancelled when progress asks to stop; in
// both cases no file is left at `path` or beside it.
void writeMapPackage(const MapModel& model, const std::string& path, const Progress& progress = {});

// Reads a package. Throws Error when it is unreadable, of another format
// version, or (when expected_key is not empty) made from other sources.
MapModel readMapPackage(const std::string& path, const std::string& expected_key = "",
                        const Progress& progress = {});

}  // namespace jingwei
