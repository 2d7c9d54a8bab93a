#pragma once
// The list of visible events (filter and time window), sortable by time,
// title or category, clipped so a million rows cost what a screenful does.
#include "model/app_model.hpp"
#include "ui/theme.hpp"

namespace atlas::ui {

class EventList {
public:
    void draw(AppModel& model, Theme theme);

private:
    uint64_t seen_selection_ = 0;
};

}  // namespace atlas::ui
