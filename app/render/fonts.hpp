#pragma once
// The typeface of the window, the map labels and exported images, found through
// fontconfig: DejaVu Sans when installed, else any font whose character set has
// the Cyrillic alphabet and the Kazakh letters ә ғ қ ң ө ұ ү һ і.
#include <string>

namespace atlas {

// Path of the regular (or bold) face; $ATLAS_FONT names a regular face to use
// instead. Empty when no installed font covers the letters.
[[nodiscard]] std::string find_ui_font(bool bold = false);

// What to tell the user when find_ui_font() found nothing.
[[nodiscard]] std::string missing_font_message();

// The letters every face must have: Russian and Kazakh Cyrillic, both cases.
[[nodiscard]] const std::u32string& kazakh_cyrillic_letters();

}  // namespace atlas
