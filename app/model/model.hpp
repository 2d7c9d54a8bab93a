#pragma once
// model/: the application state the views read (events sorted by time, the
// filter, the selection, the time cursor) and the commands that change it.
