#pragma once
// Parsers for option values that several subcommands share.
#include <string>
#include <vector>

namespace atlas::cli {

// "WxH" (or "WXH") with both sides in 1..max_side.
bool parse_size(const std::string& s, int& w, int& h, int max_side);

// Exactly `n` finite numbers separated by commas ("43.25,76.95").
bool parse_numbers(const std::string& s, std::vector<double>& out, size_t n);

}  // namespace atlas::cli
