#include "render/fonts.hpp"

#include <fontconfig/fontconfig.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>

namespace atlas {

namespace fs = std::filesystem;

const std::u32string& kazakh_cyrillic_letters() {
    static const std::u32string letters = [] {
        std::u32string s;
        for (char32_t c = U'А'; c <= U'я'; ++c) s += c;
        s += U"ЁёӘәҒғҚқҢңӨөҰұҮүҺһІі";
        return s;
    }();
    return letters;
}

namespace {

std::mutex g_fc_mutex;  // fontconfig's configuration is not safe to query from two threads at once

FcConfig* config() {
    static FcConfig* cfg = FcInitLoadConfigAndFonts();
    return cfg;
}

std::string lookup(bool bold) {
    std::lock_guard lock(g_fc_mutex);
    FcConfig* cfg = config();
    if (!cfg) return {};
    FcCharSet* need = FcCharSetCreate();
    for (char32_t c : kazakh_cyrillic_letters()) FcCharSetAddChar(need, static_cast<FcChar32>(c));

    FcPattern* pat = FcPatternCreate();
    FcPatternAddString(pat, FC_FAMILY, reinterpret_cast<const FcChar8*>("DejaVu Sans"));
    FcPatternAddInteger(pat, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcPatternAddInteger(pat, FC_SLANT, FC_SLANT_ROMAN);
    FcPatternAddBool(pat, FC_SCALABLE, FcTrue);
    FcConfigSubstitute(cfg, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);

    // Fonts in order of closeness to the request; the first that has every
    // letter and a file stb_truetype reads wins.
    FcResult result = FcResultNoMatch;
    FcFontSet* set = FcFontSort(cfg, pat, FcFalse, nullptr, &result);
    std::string path;
    for (int i = 0; set && i < set->nfont && path.empty(); ++i) {
        FcPattern* font = set->fonts[i];
        FcCharSet* has = nullptr;
        FcChar8* file = nullptr;
        FcChar8* format = nullptr;
        FcBool scalable = FcFalse;
        if (FcPatternGetCharSet(font, FC_CHARSET, 0, &has) != FcResultMatch || !FcCharSetIsSubset(need, has)) continue;
        if (FcPatternGetString(font, FC_FILE, 0, &file) != FcResultMatch) continue;
        if (FcPatternGetBool(font, FC_SCALABLE, 0, &scalable) == FcResultMatch && !scalable) continue;
        if (FcPatternGetString(font, FC_FONTFORMAT, 0, &format) == FcResultMatch) {
            const std::string f(reinterpret_cast<const char*>(format));
            if (f != "TrueType" && f != "CFF") continue;
        }
        std::error_code ec;
        const std::string p(reinterpret_cast<const char*>(file));
        if (fs::is_regular_file(p, ec)) path = p;
    }
    if (set) FcFontSetDestroy(set);
    FcPatternDestroy(pat);
    FcCharSetDestroy(need);
    return path;
}

}  // namespace

std::string find_ui_font(bool bold) {
    if (const char* env = std::getenv("ATLAS_FONT"); env && *env && !bold) {
        std::error_code ec;
        if (fs::is_regular_file(env, ec)) return env;
    }
    static std::once_flag once[2];
    static std::string found[2];
    std::call_once(once[bold ? 1 : 0], [&] { found[bold ? 1 : 0] = lookup(bold); });
    return found[bold ? 1 : 0];
}

std::string missing_font_message() {
    return "no font with the Cyrillic and Kazakh letters (ә ғ қ ң ө ұ ү һ і) found through fontconfig: "
           "install the Debian package 'fonts-dejavu-core' or set ATLAS_FONT to a TrueType file";
}

}  // namespace atlas
