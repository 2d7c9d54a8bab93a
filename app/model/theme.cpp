#include "model/theme.hpp"

namespace atlas {

const char* theme_name(Theme t) noexcept {
    switch (t) {
    case Theme::Light: return "light";
    case Theme::Dark: return "dark";
    case Theme::Projector: return "projector";
    }
    return "light";
}

bool parse_theme(std::string_view name, Theme& out) noexcept {
    for (Theme t : {Theme::Light, Theme::Dark, Theme::Projector})
        if (name == theme_name(t)) {
            out = t;
            return true;
        }
    return false;
}

}  // namespace atlas
