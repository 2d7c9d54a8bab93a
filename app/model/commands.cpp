#include "model/commands.hpp"

#include <algorithm>
#include <utility>

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
    if (!(before.location == after.location)) changed.push_back("Move");
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

// [SECTION] Undo and redo -------------------------------------------------------

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
