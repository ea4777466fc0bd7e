"""The local record of what Kiwi predicted and what the user did with it.

`InteractionLog` writes (from the terminal, off the typing path); `history` reads the records back
for `stats`, `export` and `tune`. Nothing here imports the UI.
"""

from kiwi_term.interactions.log import ACTIONS, CHOSEN_BY, InteractionLog

__all__ = ["ACTIONS", "CHOSEN_BY", "InteractionLog"]
