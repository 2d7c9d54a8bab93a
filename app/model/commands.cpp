#include "model/commands.hpp"

#include <algorithm>
#include <utility>

#include <cctype>

#include "core/utf8.hpp"
#include "store/interchange.hpp"

namespace atlas {

// [SECTION] Checks and names ----------------------------------------------------

Diagnostics check_event_edit(const Event& e, const Project& project) {
    Diagnostics out;
    const Diagnostic where{project.path().string(), 0, {}, {}};
    check_event(e, where, out);
    for (const auto& x : e.excerpt_ids)
        if (!x.empty() && !project.find_excerpt(x))
            out.add(Diagnostic{where.file, 0, "excerpts", "excerpt '" + x + "' is not in the project"});
    return out;
}

Diagnostics check_source_edit(const Source& s, const Project& project) {
    Diagnostics out;
    const std::string file = project.path().string();
    auto bad = [&](const char* field, std::string message) { out.add(Diagnostic{file, 0, field, std::move(message)}); };
    auto blank = [](std::string_view v) { return v.find_first_not_of(" \t\n\r") == std::string_view::npos; };
    if (blank(s.id)) bad("id", "a source needs an id");
    if (blank(s.title)) bad("title", "a source needs a title");
    if (!s.url.empty()) {
        const bool web = s.url.rfind("http://", 0) == 0 || s.url.rfind("https://", 0) == 0;
        if (!web) bad("url", "not a web address: it must start with http:// or https://");
        else if (s.url.find_first_of(" \t\n\r<>\"") != std::string::npos)
            bad("url", "a web address cannot hold spaces, quotes or angle brackets");
        else if (s.url.size() <= (s.url[4] == 's' ? 8u : 7u)) bad("url", "the address names no site");
    }
    if (!s.language.empty()) {
        // BCP 47 as far as a source needs it: a 2-3 letter language, then subtags of 1-8 letters or digits.
        size_t i = 0, part = 0;
        bool ok = true;
        while (ok && i <= s.language.size()) {
            size_t j = s.language.find('-', i);
            if (j == std::string::npos) j = s.language.size();
            const std::string_view sub = std::string_view(s.language).substr(i, j - i);
            const bool alnum = std::all_of(sub.begin(), sub.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
            const bool alpha = std::all_of(sub.begin(), sub.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
            ok = part == 0 ? alpha && sub.size() >= 2 && sub.size() <= 3 : alnum && !sub.empty() && sub.size() <= 8;
            ++part;
            i = j + 1;
        }
        if (!ok) bad("language", "not a language tag such as en, ru or kk");
    }
    for (const auto* f : {&s.title, &s.author, &s.publisher, &s.date_text, &s.full_text})
        if (!is_valid_utf8(*f)) {
            bad(f == &s.full_text ? "full_text" : "title", "not UTF-8 text");
            break;
        }
    return out;
}

std::string quoted_title(std::string_view title) { return "'" + shorten_utf8(title, 48) + "'"; }

namespace {

// What an edit changed, in the words of the Edit menu.
std::string edit_name(const Event& before, const Event& after) {
    std::vector<const char*> changed;
    if (before.title != after.title) changed.push_back("Rename");
    if (before.description != after.description) changed.push_back("Edit the description of");
    if (before.category != after.category) changed.push_back("Change the category of");
    if (before.tags != after.tags) changed.push_back("Change the tags of");
    if (before.actors != after.actors) changed.push_back("Change the actors of");
    if (before.time_text != after.time_text || !(before.time == after.time)) changed.push_back("Change the time of");
    if (!(before.location == after.location)) {
        Location same_radius = after.location;
        same_radius.uncertainty_m = before.location.uncertainty_m;
        changed.push_back(same_radius == before.location ? "Change the uncertainty of" : "Move");
    }
    if (before.excerpt_ids != after.excerpt_ids) changed.push_back("Change the excerpts of");
    if (before.note != after.note) changed.push_back("Edit the note of");
    const std::string verb = changed.size() == 1 ? changed.front() : "Edit";
    // A rename is named after the old title: that is what the user saw when choosing it.
    return verb + " " + quoted_title(before.title);
}

[[noreturn]] void refuse(const Diagnostics& faults) {
    // The first fault says where; the others follow in the message.
    Diagnostic d = faults.items.front();
    for (size_t i = 1; i < faults.items.size(); ++i) {
        const auto& f = faults.items[i];
        d.message += "; " + (f.field.empty() ? std::string() : f.field + ": ") + f.message;
    }
    throw Error(d);
}

}  // namespace

// [SECTION] Commands ------------------------------------------------------------

Event EditHistory::stored_event(std::string_view id) const {
    auto e = project_->find_event(id);
    if (!e) throw Error(Diagnostic{project_->path().string(), 0, "id", "no event '" + std::string(id) + "' in the project"});
    return *e;
}

std::string EditHistory::unused_event_id(const std::string& base) const {
    if (!project_->find_event(base)) return base;
    for (int n = 2;; ++n) {
        std::string id = base + "-" + std::to_string(n);
        if (!project_->find_event(id)) return id;
    }
}

void EditHistory::commit_event_change(std::string name, const std::optional<Event>& before, const Event& after) {
    const Diagnostics faults = check_event_edit(after, *project_);
    if (!faults.empty()) refuse(faults);
    EditStep step;
    step.name = std::move(name);
    step.redo.put_events = {after};
    if (before) step.undo.put_events = {*before};
    else step.undo.delete_events = {after.id};
    commit(std::move(step));
}

void EditHistory::commit(EditStep step) {
    project_->apply(step.redo);  // throws with nothing written
    done_.push_back(std::move(step));
    undone_.clear();
    ++version_;
}

std::string EditHistory::create_event(Event e) {
    if (e.id.empty()) e.id = unused_event_id(stable_event_id(e));
    else if (project_->find_event(e.id))
        throw Error(Diagnostic{project_->path().string(), 0, "id", "an event '" + e.id + "' is already in the project"});
    commit_event_change("New event " + quoted_title(e.title), std::nullopt, e);
    return e.id;
}

bool EditHistory::edit_event(const Event& updated) {
    const Event before = stored_event(updated.id);
    if (before == updated) return false;
    commit_event_change(edit_name(before, updated), before, updated);
    return true;
}

bool EditHistory::move_event(std::string_view id, const Location& to) {
    const Event before = stored_event(id);
    if (before.location == to) return false;
    Event after = before;
    after.location = to;
    commit_event_change("Move " + quoted_title(before.title), before, after);
    return true;
}

std::string EditHistory::duplicate_event(std::string_view id) {
    const Event original = stored_event(id);
    Event copy = original;
    copy.id = unused_event_id(original.id + "-copy");
    copy.title = original.title + " (copy)";
    commit_event_change("Duplicate " + quoted_title(original.title), std::nullopt, copy);
    return copy.id;
}

void EditHistory::delete_event(std::string_view id) {
    const Event before = stored_event(id);
    EditStep step;
    step.name = "Delete " + quoted_title(before.title);
    step.redo.delete_events = {before.id};
    step.undo.put_events = {before};
    commit(std::move(step));
}

bool EditHistory::attach_excerpt(std::string_view event_id, std::string_view excerpt_id) {
    const Event before = stored_event(event_id);
    if (std::find(before.excerpt_ids.begin(), before.excerpt_ids.end(), excerpt_id) != before.excerpt_ids.end())
        return false;
    Event after = before;
    after.excerpt_ids.emplace_back(excerpt_id);
    commit_event_change("Attach an excerpt to " + quoted_title(before.title), before, after);
    return true;
}

bool EditHistory::detach_excerpt(std::string_view event_id, std::string_view excerpt_id) {
    const Event before = stored_event(event_id);
    Event after = before;
    auto it = std::find(after.excerpt_ids.begin(), after.excerpt_ids.end(), excerpt_id);
    if (it == after.excerpt_ids.end()) return false;
    after.excerpt_ids.erase(it);
    commit_event_change("Detach an excerpt from " + quoted_title(before.title), before, after);
    return true;
}

// [SECTION] Sources and excerpts ------------------------------------------------

Source EditHistory::stored_source(std::string_view id) const {
    auto s = project_->find_source(id);
    if (!s) throw Error(Diagnostic{project_->path().string(), 0, "source", "no source '" + std::string(id) + "' in the project"});
    return *s;
}

SpanRecheck EditHistory::commit_source_change(std::string name, const Source& before, const Source& after) {
    const Diagnostics faults = check_source_edit(after, *project_);
    if (!faults.empty()) refuse(faults);
    EditStep step;
    step.name = std::move(name);
    step.redo.put_sources = {after};
    step.undo.put_sources = {before};
    SpanRecheck r;
    if (before.full_text != after.full_text) {
        std::vector<Excerpt> mine;
        for (Excerpt& x : project_->load().excerpts)
            if (x.source_id == after.id) mine.push_back(std::move(x));
        r = recheck_spans(before.full_text, after.full_text, mine);
        for (const Excerpt& moved : r.moved) {
            step.redo.put_excerpts.push_back(moved);
            for (const Excerpt& x : mine)
                if (x.id == moved.id) step.undo.put_excerpts.push_back(x);
        }
    }
    commit(std::move(step));
    return r;
}

std::string EditHistory::add_source(Source s) {
    if (s.id.empty()) {
        std::string slug;
        for (char c : s.title) {
            const auto u = static_cast<unsigned char>(c);
            if (std::isalnum(u) && u < 0x80) slug += static_cast<char>(std::tolower(u));
            else if (!slug.empty() && slug.back() != '-') slug += '-';
            if (slug.size() >= 40) break;
        }
        while (!slug.empty() && slug.back() == '-') slug.pop_back();
        const std::string base = "src-" + (slug.empty() ? std::string("source") : slug);
        s.id = base;
        for (int n = 2; project_->find_source(s.id); ++n) s.id = base + "-" + std::to_string(n);
    } else if (project_->find_source(s.id)) {
        throw Error(Diagnostic{project_->path().string(), 0, "id", "a source '" + s.id + "' is already in the project"});
    }
    const Diagnostics faults = check_source_edit(s, *project_);
    if (!faults.empty()) refuse(faults);
    EditStep step;
    step.name = "New source " + quoted_title(s.title);
    step.redo.put_sources = {s};
    step.undo.delete_sources = {s.id};
    commit(std::move(step));
    return s.id;
}

bool EditHistory::edit_source(const Source& updated) {
    const Source before = stored_source(updated.id);
    if (before == updated) return false;
    const bool text_only = Source{before.id, before.title, before.publisher, before.author, before.date_text,
                                  before.url, before.language, updated.full_text} == updated;
    commit_source_change((text_only ? "Change the text of " : "Edit the source ") + quoted_title(before.title), before,
                         updated);
    return true;
}

SpanRecheck EditHistory::set_full_text(std::string_view source_id, std::string text) {
    const Source before = stored_source(source_id);
    if (before.full_text == text) {
        SpanRecheck r;
        for (const Excerpt& x : project_->load().excerpts)
            if (x.source_id == before.id) r.kept.push_back(x.id);
        return r;
    }
    Source after = before;
    after.full_text = std::move(text);
    const char* verb = before.full_text.empty() ? "Import the text of " : after.full_text.empty() ? "Remove the text of "
                                                                                                 : "Change the text of ";
    return commit_source_change(verb + quoted_title(before.title), before, after);
}

std::string EditHistory::quote_excerpt(std::string_view source_id, size_t begin, size_t end, std::string_view event_id) {
    const Source s = stored_source(source_id);
    if (s.full_text.empty())
        throw Error(Diagnostic{project_->path().string(), 0, "full_text", "the source " + quoted_title(s.title) +
                                                                               " has no text to quote from"});
    std::optional<Excerpt> x = excerpt_from_selection(s, begin, end);
    if (!x) throw Error(Diagnostic{project_->path().string(), 0, "excerpt", "select the words to quote first"});
    // The same passage quoted before is that excerpt; another at the same place gets a new id.
    for (const Excerpt& old : project_->load().excerpts)
        if (old.source_id == x->source_id && old.text == x->text && old.span_begin == x->span_begin) {
            if (!event_id.empty()) attach_excerpt(event_id, old.id);
            return old.id;
        }
    const std::string base = x->id;
    for (int n = 2; project_->find_excerpt(x->id); ++n) x->id = base + "-" + std::to_string(n);
    EditStep step;
    step.name = "Quote " + quoted_title(x->text);
    step.redo.put_excerpts = {*x};
    step.undo.delete_excerpts = {x->id};
    if (!event_id.empty()) {
        const Event before = stored_event(event_id);
        Event after = before;
        after.excerpt_ids.push_back(x->id);
        step.name += " for " + quoted_title(before.title);
        step.redo.put_events = {after};
        step.undo.put_events = {before};
    }
    commit(std::move(step));
    return x->id;
}

namespace {

// The events citing any of `excerpt_ids`, before and after losing them.
void unlink_excerpts(const Dataset& d, const std::vector<std::string>& excerpt_ids, EditStep& step) {
    for (const Event& e : d.events) {
        Event after = e;
        std::erase_if(after.excerpt_ids, [&](const std::string& x) {
            return std::find(excerpt_ids.begin(), excerpt_ids.end(), x) != excerpt_ids.end();
        });
        if (after.excerpt_ids.size() == e.excerpt_ids.size()) continue;
        step.redo.put_events.push_back(after);
        step.undo.put_events.push_back(e);
    }
}

}  // namespace

void EditHistory::delete_excerpt(std::string_view excerpt_id) {
    const Dataset d = project_->load();
    const Excerpt* x = d.find_excerpt(excerpt_id);
    if (!x)
        throw Error(Diagnostic{project_->path().string(), 0, "excerpt",
                               "no excerpt '" + std::string(excerpt_id) + "' in the project"});
    EditStep step;
    step.name = "Delete the excerpt " + quoted_title(x->text);
    unlink_excerpts(d, {x->id}, step);
    step.redo.delete_excerpts = {x->id};
    step.undo.put_excerpts = {*x};
    commit(std::move(step));
}

void EditHistory::delete_source(std::string_view source_id) {
    const Source source = stored_source(source_id);  // throws for an unknown id
    const Source* s = &source;
    const Dataset d = project_->load();
    EditStep step;
    step.name = "Delete the source " + quoted_title(s->title);
    std::vector<std::string> ids;
    for (const Excerpt& x : d.excerpts)
        if (x.source_id == s->id) {
            ids.push_back(x.id);
            step.undo.put_excerpts.push_back(x);
        }
    unlink_excerpts(d, ids, step);
    step.redo.delete_excerpts = ids;
    step.redo.delete_sources = {s->id};
    step.undo.put_sources = {*s};
    commit(std::move(step));
}

// [SECTION] Imports -------------------------------------------------------------

MergeStats EditHistory::import_records(const Dataset& d, const std::string& name) {
    MergeStats stats;
    EditStep step;
    step.name = name;
    // Each record: written when new or changed; undo restores or deletes it.
    auto take = [&](const auto& incoming, const auto& stored, auto& put, auto& put_back, auto& delete_new) {
        if (!stored) {
            ++stats.added;
            put.push_back(incoming);
            delete_new.push_back(incoming.id);
        } else if (*stored == incoming) {
            ++stats.unchanged;
        } else {
            ++stats.updated;
            put.push_back(incoming);
            put_back.push_back(*stored);
        }
    };
    for (const Source& x : d.sources)
        take(x, project_->find_source(x.id), step.redo.put_sources, step.undo.put_sources, step.undo.delete_sources);
    for (const Excerpt& x : d.excerpts)
        take(x, project_->find_excerpt(x.id), step.redo.put_excerpts, step.undo.put_excerpts, step.undo.delete_excerpts);
    for (const Place& x : d.places)
        take(x, project_->find_place(x.id), step.redo.put_places, step.undo.put_places, step.undo.delete_places);
    for (const Event& x : d.events)
        take(x, project_->find_event(x.id), step.redo.put_events, step.undo.put_events, step.undo.delete_events);
    if (stats.added + stats.updated > 0) commit(std::move(step));
    return stats;
}

// [SECTION] Undo and redo -------------------------------------------------------

std::string story_step_name(const std::optional<Story>& before, const Story& after) {
    const std::string q = quoted_title(after.title);
    if (!before) return "New story " + q;
    const Story& b = *before;
    if (b.title != after.title && b.slides == after.slides) return "Rename story " + quoted_title(b.title);
    if (b.title == after.title) {
        if (after.slides.size() == b.slides.size() + 1) return "Add a slide to " + q;
        if (after.slides.size() + 1 == b.slides.size()) return "Delete a slide of " + q;
        if (after.slides.size() == b.slides.size()) {
            size_t differ = 0, at = 0;
            for (size_t i = 0; i < b.slides.size(); ++i)
                if (!(b.slides[i] == after.slides[i])) {
                    ++differ;
                    at = i;
                }
            if (differ == 1) return "Edit slide " + std::to_string(at + 1) + " of " + q;
            // The same slides in another order.
            std::vector<bool> used(after.slides.size(), false);
            bool permuted = differ > 1;
            for (const Slide& sl : b.slides) {
                bool found = false;
                for (size_t j = 0; j < after.slides.size() && !found; ++j)
                    if (!used[j] && after.slides[j] == sl) used[j] = found = true;
                permuted = permuted && found;
            }
            if (permuted) return "Reorder the slides of " + q;
        }
    }
    return "Edit " + q;
}

std::string layers_step_name(const std::vector<UserLayerRecord>& before, const std::vector<UserLayerRecord>& after) {
    const auto by_path = [](const std::vector<UserLayerRecord>& in, const UserLayerRecord& l) {
        return std::find_if(in.begin(), in.end(), [&](const UserLayerRecord& x) { return x.path == l.path && x.name == l.name; });
    };
    const auto quoted = [](const UserLayerRecord& l) { return "'" + shorten_utf8(l.name, 48) + "'"; };
    if (after.size() == before.size() + 1)
        for (const UserLayerRecord& l : after)
            if (by_path(before, l) == before.end()) return "Add layer " + quoted(l);
    if (after.size() + 1 == before.size())
        for (const UserLayerRecord& l : before)
            if (by_path(after, l) == after.end()) return "Remove layer " + quoted(l);
    if (after.size() == before.size()) {
        bool same_set = true, same_order = true;
        for (size_t i = 0; i < after.size(); ++i) {
            same_set = same_set && by_path(before, after[i]) != before.end();
            same_order = same_order && before[i].path == after[i].path && before[i].name == after[i].name;
        }
        if (same_set && !same_order) return "Reorder layers";
        if (same_order) {
            const UserLayerRecord* changed = nullptr;
            size_t count = 0;
            for (size_t i = 0; i < after.size(); ++i)
                if (!(before[i] == after[i])) {
                    changed = &after[i];
                    ++count;
                }
            if (count == 1) {
                const UserLayerRecord& b = before[static_cast<size_t>(changed - after.data())];
                if (b.visible != changed->visible && b.style == changed->style)
                    return (changed->visible ? "Show layer " : "Hide layer ") + quoted(*changed);
                return "Restyle layer " + quoted(*changed);
            }
        }
    }
    return "Change layers";
}

bool EditHistory::save_story(const Story& s) {
    if (s.id.empty()) throw Error(Diagnostic{project_->path().string(), 0, "id", "a story needs an id"});
    const std::optional<Story> before = project_->find_story(s.id);
    if (before && *before == s) return false;
    EditStep step;
    step.name = story_step_name(before, s);
    step.redo.put_stories = {s};
    if (before) step.undo.put_stories = {*before};
    else step.undo.delete_stories = {s.id};
    commit(std::move(step));
    return true;
}

void EditHistory::delete_story(std::string_view id) {
    const std::optional<Story> before = project_->find_story(id);
    if (!before)
        throw Error(Diagnostic{project_->path().string(), 0, "id", "no story '" + std::string(id) + "' in the project"});
    EditStep step;
    step.name = "Delete story " + quoted_title(before->title);
    step.redo.delete_stories = {before->id};
    step.undo.put_stories = {*before};
    commit(std::move(step));
}

bool EditHistory::set_layers(const std::vector<UserLayerRecord>& layers) {
    const std::vector<UserLayerRecord> before = project_->user_layers();
    if (before == layers) return false;
    EditStep step;
    step.name = layers_step_name(before, layers);
    step.redo.set_layers = layers;
    step.undo.set_layers = before;
    commit(std::move(step));
    return true;
}

std::string EditHistory::undo() {
    if (done_.empty()) return {};
    project_->apply(done_.back().undo);  // throws with nothing written and the history as it was
    undone_.push_back(std::move(done_.back()));
    done_.pop_back();
    ++version_;
    return undone_.back().name;
}

std::string EditHistory::redo() {
    if (undone_.empty()) return {};
    project_->apply(undone_.back().redo);
    done_.push_back(std::move(undone_.back()));
    undone_.pop_back();
    ++version_;
    return done_.back().name;
}

}  // namespace atlas
