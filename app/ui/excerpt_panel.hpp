#pragma once
// The evidence: the selected event with its date as written and its precision,
// its place and geocoding note, and every excerpt it rests on as a quotation
// with the source's title, publisher, date and link. When the source's full
// text is in the project, the quotation is shown highlighted inside its
// paragraph. The source view lists all events resting on one source.
#include <imgui.h>

#include <functional>
#include <string>

#include "model/app_model.hpp"
#include "ui/theme.hpp"

namespace atlas::ui {

// Reads a text file as a source's full text and keeps it (in the model and the
// project file). Returns an empty string on success, else the error to show.
using FullTextImporter = std::function<std::string(const std::string& source_id, const std::string& path)>;

class ExcerptPanel {
public:
    void set_full_text_importer(FullTextImporter f) { importer_ = std::move(f); }
    void draw(AppModel& model, Theme theme);
    void draw_source_view(AppModel& model, Theme theme);
    bool requested_source_view = false;
    ImFont* heading_font = nullptr;      // the event's title (bold); null: the current font  // "All events from this source" was pressed

private:
    void draw_excerpt(AppModel& model, const Excerpt& x, Theme theme);
    void draw_import_popup(AppModel& model);

    FullTextImporter importer_;
    std::string import_source_;
    char import_path_[1024] = {};
    std::string import_error_;
};

// Byte range of `quote` inside `text` using the excerpt's character span when
// it is known and matches, else a plain search; npos when not found.
struct QuoteRange {
    size_t begin = std::string::npos, end = std::string::npos;
    size_t para_begin = 0, para_end = 0;  // the paragraph holding it
};
QuoteRange locate_quote(std::string_view text, const Excerpt& x);

}  // namespace atlas::ui
