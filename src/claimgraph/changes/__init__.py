"""Changes and alerts: when each claim's status changed and why, what an analyst watches, and an
Atom feed of the changes (`claimgraph changes`, `claimgraph watch`, the web app's feed)."""

from .feed import atom_feed
from .history import StatusChange, all_changes, new_changes, project_changes, status_history
from .watchlist import watched, watched_first

__all__ = ["StatusChange", "all_changes", "atom_feed", "new_changes", "project_changes",
           "status_history", "watched", "watched_first"]
