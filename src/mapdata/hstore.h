#pragma once
// PostgreSQL hstore text: "key"=>"value", "k2"=>NULL, ... with backslash
// escapes inside the quotes. GDAL's OSM driver puts every tag without a
// column of its own into `other_tags` in this form; the map package stores
// feature attributes the same way.
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace jingwei {

// Parses hstore text into key → value (NULL values are left out). Returns
// nullopt when the text is malformed; *error_at (if given) is then the byte
// offset of the problem.
std::optional<std::map<std::string, std::string>> parseHstore(std::string_view text,
                                                              std::size_t* error_at = nullptr);
// Writes hstore text that parseHstore reads back to the same map.
std::string formatHstore(const std::map<std::string, std::string>& kv);

}  // namespace jingwei
