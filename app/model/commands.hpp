#pragma once
// Edits to a project as undoable steps. Each command checks the change with the
// rules import uses, writes it to the project file at once in one transaction
// and becomes one named step ("Move 'Zhetysu House demolished'"); undo and redo
// write the recorded state back, again one transaction each. The history lives
// as long as this object (the app keeps one per open project).
// No GL, no ImGui: the tests drive it without a window.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/event.hpp"
#include "store/project.hpp"
#include "model/source_text.hpp"

namespace atlas {

// One undoable step: the records it writes and the writes that restore the
// project as it was before.
struct EditStep {
    std::string name;
    RecordChanges redo, undo;
};

// The faults of an event as the window would save it: the import rules
// (store check_event) and excerpts that are not in the project. Each Diagnostic
// names the field ("title", "lat", "excerpts", ...). Empty: it can be saved.
Diagnostics check_event_edit(const Event& e, const Project& project);

// The faults of a source as the window would save it, each naming its field:
// id and title present, the URL a web address (http:// or https://, no
// spaces), the language a BCP 47 tag ("en", "ru", "kk-Cyrl"), the text UTF-8.
Diagnostics check_source_edit(const Source& s, const Project& project);

class EditHistory {
public:
    explicit EditHistory(Project& project) : project_(&project) {}

    [[nodiscard]] Project& project() noexcept { return *project_; }
    [[nodiscard]] const Project& project() const noexcept { return *project_; }

    // [SECTION] Commands. Each throws atlas::Error (field and fault named) when the
    // change is refused: by the checks, or by the file (read-only, locked);
    // then nothing is written and the history is as it was.

    // Adds an event; an empty id is made from its content. Returns the id.
    std::string create_event(Event e);
    // Replaces the stored event of the same id. Named after what changed
    // ("Rename", "Move", "Change the time of", ... or "Edit"). False when
    // nothing changed (no step).
    bool edit_event(const Event& updated);
    // Sets an event's place (position, uncertainty, precision, names, note).
    bool move_event(std::string_view id, const Location& to);
    // A copy with a new id and " (copy)" after the title; returns the new id.
    std::string duplicate_event(std::string_view id);
    void delete_event(std::string_view id);
    // Links an excerpt in the project to an event (after its other excerpts),
    // or unlinks it. False when it already was / was not linked.
    bool attach_excerpt(std::string_view event_id, std::string_view excerpt_id);
    bool detach_excerpt(std::string_view event_id, std::string_view excerpt_id);

    // Adds a source; an empty id is made from its title ("src-kazakhstan-demolishes").
    // Returns the id.
    std::string add_source(Source s);
    // Replaces the stored source of the same id. When its full text changed,
    // the spans of its excerpts are checked again in the same step (see
    // set_full_text). False when nothing changed.
    bool edit_source(const Source& updated);
    // Sets (or replaces, or with "" removes) a source's full text as one step.
    // Every excerpt of the source is checked against the new text: a quotation
    // found elsewhere gets its new span (and paragraph) in the same step, one
    // found nowhere keeps its text and span and is returned in `flagged`
    // (span_state then says Drifted). Nothing changed: no step, all `kept`.
    SpanRecheck set_full_text(std::string_view source_id, std::string text);
    // Quotes bytes [begin, end) of the source's full text as a new excerpt
    // (model/source_text.hpp excerpt_from_selection), attached to `event_id`
    // when given, all in one step. Returns the excerpt's id; throws when the
    // selection is empty or the source has no text.
    std::string quote_excerpt(std::string_view source_id, size_t begin, size_t end, std::string_view event_id = {});

    // Deletes an excerpt; the events that rest on it lose it (their other
    // excerpts stay). One step: undo brings back the excerpt and every link.
    void delete_excerpt(std::string_view excerpt_id);
    // Deletes a source with all its excerpts, unlinked from their events, in one step.
    void delete_source(std::string_view source_id);

    // Imports a dataset already checked (the import preview's) as one step
    // ("Import events.csv"): its sources, excerpts, places and events are
    // written, and undo puts back what the project held before, deleting what
    // was new. Records equal to the stored ones are left out of the step.
    // Stories are not part of it (they go to the story list as they are).
    // Returns the counts; no step when nothing changes.
    MergeStats import_records(const Dataset& d, const std::string& name);

    // Saves a story (new, or replacing the stored one of its id) as one step,
    // named for what changed (story_step_name). False when nothing changed.
    bool save_story(const Story& s);
    // Deletes a story with its slides as one step.
    void delete_story(std::string_view id);
    // Sets the map layers the user added (all of them, in order) as one step,
    // named for what changed (layers_step_name). False when nothing changed.
    bool set_layers(const std::vector<UserLayerRecord>& layers);

    // [SECTION] Undo and redo
    [[nodiscard]] bool can_undo() const noexcept { return !done_.empty(); }
    [[nodiscard]] bool can_redo() const noexcept { return !undone_.empty(); }
    // The step undo/redo would take back or do again; empty when none.
    [[nodiscard]] std::string undo_name() const { return done_.empty() ? std::string() : done_.back().name; }
    [[nodiscard]] std::string redo_name() const { return undone_.empty() ? std::string() : undone_.back().name; }
    // Return the name of the step undone/redone; throw atlas::Error when the file
    // refuses the write (the history is then unchanged).
    std::string undo();
    std::string redo();
    [[nodiscard]] size_t undo_count() const noexcept { return done_.size(); }
    [[nodiscard]] size_t redo_count() const noexcept { return undone_.size(); }
    // Bumped by every command, undo and redo: views reload the project when it moves.
    [[nodiscard]] uint64_t version() const noexcept { return version_; }

private:
    Event stored_event(std::string_view id) const;
    Source stored_source(std::string_view id) const;
    // The step that sets `after` over `before`, with the spans re-checked when the text changed.
    SpanRecheck commit_source_change(std::string name, const Source& before, const Source& after);
    // Checks `after`, writes the step and pushes it; clears the redo list.
    void commit_event_change(std::string name, const std::optional<Event>& before, const Event& after);
    void commit(EditStep step);
    [[nodiscard]] std::string unused_event_id(const std::string& base) const;

    Project* project_;
    std::vector<EditStep> done_, undone_;
    uint64_t version_ = 0;
};

// The name of the step that turns story `before` (none: new) into `after`:
// "New story 'X'", "Rename story 'X'", "Add a slide to 'X'", "Delete a slide
// of 'X'", "Reorder the slides of 'X'", "Edit slide 3 of 'X'", "Edit 'X'".
std::string story_step_name(const std::optional<Story>& before, const Story& after);
// The name of the step between two lists of the user's layers: "Add layer
// 'roads'", "Remove layer 'roads'", "Reorder layers", "Show layer 'roads'",
// "Hide layer 'roads'", "Restyle layer 'roads'", "Change layers".
std::string layers_step_name(const std::vector<UserLayerRecord>& before, const std::vector<UserLayerRecord>& after);

// "'Zhetysu House demolished'": an event's title quoted for a step name,
// shortened when long.
std::string quoted_title(std::string_view title);

}  // namespace atlas
