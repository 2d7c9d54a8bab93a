#pragma once
// Small text helpers shared by every layer. ASCII case only: names of formats,
// file extensions, keys and option values (letters of other scripts are left as
// they are; search across scripts has its own folding).
#include <string>
#include <string_view>
#include <vector>

namespace atlas {

[[nodiscard]] std::string ascii_lower(std::string_view s);
[[nodiscard]] std::string ascii_upper(std::string_view s);
// Equal when ASCII letters are compared without case.
[[nodiscard]] bool iequals_ascii(std::string_view a, std::string_view b) noexcept;
// Without leading and trailing spaces, tabs, carriage returns and newlines.
[[nodiscard]] std::string_view trim(std::string_view s) noexcept;
// The pieces between separators, empty pieces kept ("a,,b" -> "a", "", "b").
[[nodiscard]] std::vector<std::string_view> split(std::string_view s, char sep);

}  // namespace atlas
